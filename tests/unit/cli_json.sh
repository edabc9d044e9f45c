#!/bin/sh
# What a script parses, without the kernel: --version names the build, and
# with --json an error is one JSON object on stdout (message, file, command,
# exit status), with nothing on stderr, and `load --dry-run --json` is one
# document. The real load, with ids and pins, is tests/kernel/load_json.sh.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

# json_check NAME ARG PYTHON RAWBPF-ARGS...: runs rawbpf (stdout in $out,
# stderr in $err), then PYTHON with d = the one JSON line of stdout, rc = the
# exit status, arg = ARG.
json_check() {
	name=$1 arg=$2 py=$3; shift 3
	"$RAWBPF" "$@" >"$out" 2>"$err"
	rc=$?
	if python3 -c "
import json, sys
rc, arg = int(sys.argv[2]), sys.argv[3]
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, 'expected one line on stdout, got %d' % len(lines)
d = json.loads(lines[0])
$py
" "$out" "$rc" "$arg" 2>"$tmp/py"; then ok "$name"
	else not_ok "$name" "exit $rc: $(tail -1 "$tmp/py"); stdout: $(head -c 300 "$out")"; fi
}

"$RAWBPF" --version >"$out" 2>"$err"
if grep -qE '^rawbpf [0-9]+\.[0-9]+\.[0-9]+ \((dynamic|static), (glibc|musl)(, ASan)?\)$' "$out"; then
	ok "version_names_build_features"
else not_ok "version_names_build_features" "$(cat "$out")"; fi
case "$RAWBPF" in
*build-san*)
	if grep -q ', ASan)$' "$out"; then ok "version_names_asan"
	else not_ok "version_names_asan" "$(cat "$out")"; fi ;;
esac

json_check "json_input_error_is_one_object" "$tmp/missing.o" '
assert rc == 1 and d["status"] == 1, (rc, d)
assert d["file"] == arg and d["command"] == "inspect", d
assert "cannot open" in d["error"] and not d["error"].startswith("rawbpf:"), d
' inspect --json "$tmp/missing.o"
[ -s "$err" ] && not_ok "json_error_leaves_stderr_empty" "$(cat "$err")" || ok "json_error_leaves_stderr_empty"

json_check "json_usage_error_is_one_object" "--pages" '
assert rc == 2 and d["status"] == 2, (rc, d)
assert arg in d["error"], d
' run "$O/examples/globals.bpf.o" --json --pages 3

json_check "json_usage_error_before_the_option" "--bogus" '
assert rc == 2 and d["status"] == 2 and arg in d["error"], (rc, d)
' --bogus --json load "$O/examples/globals.bpf.o"

json_check "json_set_error_names_variable" "no_such_var" '
assert rc == 2 and arg in d["error"] and d["command"] == "load", (rc, d)
' load --json --dry-run "$O/examples/globals.bpf.o" --set no_such_var=1

# Without --json, the same error stays text on stderr.
"$RAWBPF" inspect "$tmp/missing.o" >"$out" 2>"$err"
if [ ! -s "$out" ] && grep -q "^rawbpf: $tmp/missing.o: " "$err"; then ok "text_error_unchanged_without_json"
else not_ok "text_error_unchanged_without_json" "$(cat "$out" "$err")"; fi

json_check "load_json_dry_run_document" "$O/examples/globals.bpf.o" '
assert rc == 0 and d["file"] == arg and d["dry_run"] is True, (rc, d)
assert [p["name"] for p in d["programs"]] == ["globals", "globals_exit"], d["programs"]
assert all(p["type"] == "tracepoint" and p["insns"] > 0 and p["id"] == 0 for p in d["programs"]), d
maps = {m["name"]: m for m in d["maps"]}
assert maps[".rodata"]["kernel_name"] == "globals.rodata" and "events" in maps, maps
assert all(m["pins"] == [] and m["reused"] is False for m in d["maps"]), maps
' load --json --dry-run "$O/examples/globals.bpf.o"

json_check "load_json_dry_run_pin_paths" "$tmp/pins" '
progs = {p["name"]: p["pins"] for p in d["programs"]}
maps = {m["name"]: m["pins"] for m in d["maps"]}
assert progs["globals"] == [arg + "/globals"], progs
assert maps[".rodata"] == [arg + "/_rodata"], maps
' load --json --dry-run --pin "$tmp/pins" "$O/examples/globals.bpf.o"
