#!/bin/sh
# `rawbpf load --json` against the running kernel (root): the ids are
# the kernel's (nonzero, one per program), every pin the document lists
# exists on bpffs, and a verifier refusal is one JSON object with status 3
# (the verifier log stays on stderr).
. tests/lib.sh
need_kernel "load_json_ids_and_pins" "load_json_refusal_status_3"

tmp=$(mktemp -d)
pin=/sys/fs/bpf/rawbpf_json_$$
trap 'rm -rf "$tmp" "$pin"' EXIT
out=$tmp/out err=$tmp/err

"$RAWBPF" load --json --pin "$pin" "$O/examples/globals.bpf.o" >"$out" 2>"$err"
rc=$?
if python3 -c '
import json, os, sys
d = json.load(open(sys.argv[1]))
pin = sys.argv[2]
ids = [p["id"] for p in d["programs"]] + [m["id"] for m in d["maps"]]
assert all(i > 0 for i in ids), ids
assert len(set(p["id"] for p in d["programs"])) == len(d["programs"]), d["programs"]
pins = [x for o in d["programs"] + d["maps"] for x in o["pins"]]
assert pin + "/globals" in pins and pin + "/_rodata" in pins, pins
missing = [x for x in pins if not os.path.exists(x)]
assert not missing, missing
' "$out" "$pin" 2>"$tmp/py" && [ "$rc" = 0 ]; then ok "load_json_ids_and_pins"
else not_ok "load_json_ids_and_pins" "exit $rc: $(tail -1 "$tmp/py") $(head -c 200 "$err")"; fi

"$RAWBPF" load --json "$O/tests/bpf/bad_verifier.bpf.o" >"$out" 2>"$err"
rc=$?
if python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
d = json.loads(lines[0])
assert d["status"] == 3 and d["command"] == "load" and d["error"], d
' "$out" 2>"$tmp/py" && [ "$rc" = 3 ]; then ok "load_json_refusal_status_3"
else not_ok "load_json_refusal_status_3" "exit $rc: $(tail -1 "$tmp/py")"; fi
