#!/bin/sh
# The command line without the kernel and without root: help, version, usage
# errors (exit 2), bad input (exit 1), inspect --json, disasm. (The same as an
# unprivileged user is tests/kernel/cli_unprivileged.sh: dropping to nobody
# needs root.)
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

# run EXPECTED_STATUS ARGS...: runs rawbpf, stdout in $out, stderr in $err;
# true when it exits with EXPECTED_STATUS.
run() {
	want=$1; shift
	"$RAWBPF" "$@" >"$out" 2>"$err"
	rc=$?
	[ "$rc" = "$want" ] || { echo "# rawbpf $*: exit $rc, expected $want"; sed 's/^/#   /' "$err" | head -5; return 1; }
}
# Lines of $err other than the "Try 'rawbpf --help'" hint.
message_lines() { grep -vc "^Try 'rawbpf --help'" "$err"; }

examples=$(ls "$O"/examples/*.bpf.o)
objects=$(ls "$O"/examples/*.bpf.o "$O"/tests/bpf/*.bpf.o)

# ---- help and version ----
if run 0 --help; then
	missing=""
	for c in run load inspect disasm; do
		grep -q "^  $c " "$out" || missing="$missing $c"
	done
	if [ -z "$missing" ] && [ ! -s "$err" ]; then ok "--help exits 0 and describes every command"
	else not_ok "--help exits 0 and describes every command" "missing:$missing"; fi
else
	not_ok "--help exits 0 and describes every command" "exit status"
fi
if run 0 --version && grep -qE '^rawbpf [0-9]+\.[0-9]+' "$out"; then ok "--version prints 'rawbpf X.Y'"
else not_ok "--version prints 'rawbpf X.Y'" "$(cat "$out" "$err")"; fi

# ---- usage errors: exit 2, one message "rawbpf: ..." naming the problem ----
usage() { # NAME PATTERN ARGS...
	name=$1 pat=$2; shift 2
	if ! run 2 "$@"; then not_ok "$name" "exit status"
	elif [ "$(message_lines)" != 1 ]; then not_ok "$name" "expected one message line, got: $(cat "$err")"
	elif ! head -1 "$err" | grep -q "^rawbpf: "; then not_ok "$name" "message does not start with 'rawbpf: ': $(head -1 "$err")"
	elif ! grep -q -- "$pat" "$err"; then not_ok "$name" "message does not mention '$pat': $(cat "$err")"
	else ok "$name"; fi
}
usage "usage: unknown option" "--bogus" inspect "$O/examples/globals.bpf.o" --bogus
usage "usage: inspect without FILE" "missing" inspect
usage "usage: load without FILE" "missing" load
usage "usage: disasm without FILE" "missing" disasm
usage "usage: --pages 3 (not a power of 2)" "--pages" run "$O/examples/globals.bpf.o" --pages 3
usage "usage: --set without =" "NAME=VALUE" load "$O/examples/globals.bpf.o" --set knob_multiplier
usage "usage: disasm FILE NOPROG" "NOPROG" disasm "$O/examples/globals.bpf.o" NOPROG

# ---- bad input: exit 1, one line "rawbpf: FILE: ..." ----
printf 'int f(int x) { return x + 1; }\n' >"$tmp/x86.c"
printf 'hello, not an object\n' >"$tmp/text.txt"
head -c 4096 /dev/urandom >"$tmp/random.bin"
: >"$tmp/empty.o"
cc -c -o "$tmp/x86.o" "$tmp/x86.c" 2>/dev/null
clang -target bpfeb -O2 -c -o "$tmp/be.o" "$tmp/x86.c" 2>/dev/null
bad() { # NAME FILE PATTERN [COMMAND]
	name=$1 file=$2 pat=$3 cmd=${4:-inspect}
	if [ ! -e "$file" ] && [ "$file" != "$tmp/missing.o" ]; then skip "$name" "could not build $file"; return; fi
	if ! run 1 $cmd "$file"; then not_ok "$name" "exit status"
	elif [ "$(wc -l <"$err")" != 1 ]; then not_ok "$name" "expected one line, got: $(cat "$err")"
	elif ! grep -q "^rawbpf: $file: " "$err"; then not_ok "$name" "expected 'rawbpf: $file: ...', got: $(cat "$err")"
	elif ! grep -qi -- "$pat" "$err"; then not_ok "$name" "message does not mention '$pat': $(cat "$err")"
	elif [ -s "$out" ]; then not_ok "$name" "wrote to stdout"
	else ok "$name"; fi
}
bad "bad input: missing file" "$tmp/missing.o" "no such file"
bad "bad input: empty file" "$tmp/empty.o" "elf"
bad "bad input: text file" "$tmp/text.txt" "elf"
bad "bad input: random bytes" "$tmp/random.bin" "not an ELF"
bad "bad input: x86-64 object" "$tmp/x86.o" "EM_BPF"
bad "bad input: big-endian BPF object" "$tmp/be.o" "big-endian"
bad "bad input: directory" "$O/examples" "regular file"
bad "bad input: load of an x86-64 object" "$tmp/x86.o" "EM_BPF" load
bad "bad input: disasm of a big-endian object" "$tmp/be.o" "big-endian" disasm

# ---- inspect --json: valid JSON with the programs inspect lists ----
for f in $examples; do
	name="inspect --json $(basename "$f") is valid JSON with its programs"
	if ! run 0 inspect --json "$f"; then not_ok "$name" "exit status"; continue; fi
	want=$("$RAWBPF" inspect "$f" | awk '/^programs /{p=1; getline; next} /^$/{p=0} p{print $1}' | sort | tr '\n' ' ')
	got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["object"] == sys.argv[2], d["object"]
for key in ("programs", "maps", "subprograms"):
    assert isinstance(d[key], list), key
print(" ".join(sorted(p["name"] for p in d["programs"])) + " ")
' "$out" "$f" 2>"$tmp/py")
	if [ $? -ne 0 ]; then not_ok "$name" "$(tail -1 "$tmp/py")"
	elif [ -z "$want" ] || [ "$got" != "$want" ]; then not_ok "$name" "programs '$got', inspect lists '$want'"
	else ok "$name"; fi
done
# The programs named in the sources, so the table parse above cannot be empty.
if run 0 inspect --json "$O/examples/globals.bpf.o" &&
   python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["name"] for p in d["programs"]] == ["globals", "globals_exit"], d["programs"]
maps = {m["name"]: m for m in d["maps"]}
assert maps[".rodata"]["kernel_name"] == "globals.rodata", maps[".rodata"]
assert "events" in maps
' "$out" 2>"$tmp/py"; then ok "inspect --json globals.bpf.o: programs globals, globals_exit; map globals.rodata"
else not_ok "inspect --json globals.bpf.o: programs globals, globals_exit; map globals.rodata" "$(tail -1 "$tmp/py")"; fi

# ---- inspect names a return probe's kind as its section does ----
# (kretprobe.multi/ printed "kretprobe" before, while --explain said kretprobe.multi)
name="inspect: ATTACH of a return probe (kretprobe.multi, kprobe.multi, uretprobe, uprobe)"
kinds=$( { "$RAWBPF" inspect "$O/tests/bpf/kprobe_multi.bpf.o"; "$RAWBPF" inspect "$O/examples/uprobe.bpf.o"; } |
	awk '/^programs /{p=1; getline; next} /^$/{p=0} p {print $1 "=" $4}' | tr '\n' ' ')
if [ "$kinds" = "multi_entry=kprobe.multi multi_return=kretprobe.multi add_entry=uprobe add_return=uretprobe " ]; then ok "$name"
else not_ok "$name" "got: $kinds"; fi

# ---- disasm: source lines and relocation targets ----
if run 0 disasm "$O/tests/bpf/plan_mix.bpf.o"; then
	if ! grep -q '^; .*\[plan_mix\.bpf\.c:[0-9]*\]$' "$out"; then not_ok "disasm shows source lines" "no '; ... [plan_mix.bpf.c:N]' line"
	else ok "disasm shows source lines"; fi
	miss=""
	for t in "; map legacy_counts" "; map btf_hash" "; global custom" "; call add_one" "; func cb"; do
		grep -q -- "$t\$" "$out" || miss="$miss '$t'"
	done
	if [ -z "$miss" ]; then ok "disasm shows relocation targets (map, global, call, func)"
	else not_ok "disasm shows relocation targets (map, global, call, func)" "missing:$miss"; fi
else
	not_ok "disasm shows source lines" "exit status"
	not_ok "disasm shows relocation targets (map, global, call, func)" "exit status"
fi
if run 0 disasm "$O/examples/globals.bpf.o" globals_exit &&
   [ "$(grep -c '^program ' "$out")" = 1 ] && grep -q '^program globals_exit,' "$out"; then
	ok "disasm FILE PROG shows only PROG"
else not_ok "disasm FILE PROG shows only PROG" "$(grep '^program ' "$out" | tr '\n' ' ')"; fi
failed=""
for f in $examples; do run 0 disasm "$f" || failed="$failed $(basename "$f")"; done
if [ -z "$failed" ]; then ok "disasm of every example"; else not_ok "disasm of every example" "failed:$failed"; fi

# ---- a crafted deep type: TYPE_MATCHES resolved without exponential work ----
# (the timeout only stops a regression from hanging the suite: 31 s before
# the fix, milliseconds after)
deep=$O/tests/bpf/core_deep.bpf.o
if timeout 20 "$RAWBPF" inspect "$deep" >"$out" 2>"$err" && grep -q "type matches of struct deep1" "$out"; then
	ok "inspect resolves TYPE_MATCHES of a 6-level, 40-pointer type (core_deep.bpf.o)"
else not_ok "inspect resolves TYPE_MATCHES of a 6-level, 40-pointer type (core_deep.bpf.o)" "exit $?: $(head -2 "$err")"; fi

# ---- the embedded gzip files (loader/cli/builtin.c), damaged ----
# A copy of rawbpf with one byte flipped inside the gzip'd help text, or
# inside the built-in execsnoop object: a clear error naming which, exit 1.
damaged() { # GZ_FILE COPY: COPY is $RAWBPF with a byte of GZ_FILE's bytes flipped
	python3 - "$RAWBPF" "$1" "$2" <<'PY'
import os, sys
binary, gz, copy = sys.argv[1:]
b = bytearray(open(binary, "rb").read())
g = open(gz, "rb").read()
i = b.find(g)
if i < 0 or b.find(g, i + 1) >= 0:
    sys.exit("%s not found once in %s" % (gz, binary))
b[i + len(g) // 2] ^= 0xff
open(copy, "wb").write(b)
os.chmod(copy, 0o755)
PY
}
if damaged "$O/gz/usage.txt.gz" "$tmp/rb_help" &&
   RAWBPF=$tmp/rb_help run 1 --help && [ ! -s "$out" ] &&
   grep -q '^rawbpf: the help text: input byte [0-9]*: ' "$err"; then
	ok "a damaged embedded help text: exit 1, 'the help text: input byte N: ...'"
else not_ok "a damaged embedded help text: exit 1, 'the help text: input byte N: ...'" "$(head -2 "$err")"; fi
if damaged "$O/gz/execsnoop.builtin.o.gz" "$tmp/rb_builtin" &&
   RAWBPF=$tmp/rb_builtin run 1 --duration 1 &&
   grep -q '^rawbpf: execsnoop.bpf.o (built in): input byte [0-9]*: ' "$err"; then
	ok "a damaged built-in object: exit 1, naming it and the byte"
else not_ok "a damaged built-in object: exit 1, naming it and the byte" "$(head -2 "$err")"; fi

echo "1..$n"
