#!/bin/sh
# `rawbpf run` prints the global variables the programs write (issue 13's
# last gap: libbpf-tools' softirqs keeps its results in .bss arrays). The
# object is tests/bpf/run_globals.bpf.c: three kill(2) calls of the command
# fill a .data scalar, a .bss counter array, a .bss array of struct hist and
# a .bss counter array named like a histogram and a .bss string; one .bss
# variable stays zero.
. tests/lib.sh
need_kernel "globals_printed_at_exit: text" "globals_printed_at_exit: all-zero left out with a note" \
	"globals_printed_at_exit: .rodata not printed" "globals_printed_at_exit: json" \
	"globals_selected_by_maps" "globals_printed_every_interval" \
	"map_value_printed_whole: text" "map_value_printed_whole: json"

OBJ=$O/tests/bpf/run_globals.bpf.o
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
KILLS='kill -0 $$; kill -0 $$; kill -0 $$'

# result NAME WHY: ok when WHY is empty, else not ok with the output.
result() {
	if [ -z "$2" ]; then ok "$1"; return; fi
	not_ok "$1" "$2"
	echo "# stdout:"; sed 's/^/#   /' "$T/out"
	echo "# stderr:"; tail -5 "$T/err" | sed 's/^/#   /'
}
# want LINE...: every LINE is a line of the output (fixed strings).
want() {
	for l in "$@"; do
		grep -qxF -- "$l" "$T/out" || { echo "no line '$l'"; return; }
	done
}

"$RAWBPF" run "$OBJ" --set target_tgid=@pid -- sh -c "$KILLS" >"$T/out" 2>"$T/err"
rc=$?
why=""
[ "$rc" = 0 ] || why="exit status $rc"
[ -z "$why" ] && why=$(want "@calls (.data, __u64): 103" \
	"@counts (.bss, __u64[4], 2 non-zero):" "@counts[1]: 3" "@counts[3]: 6" \
	"@hists (.bss, struct hist[3], 1 non-zero):" "@hists[2]:" "@dist (.bss, __u64[8]):" \
	"@comm (.bss, char[16]): sh")
# The all-zero elements are left out; hists[2] is a histogram of 1, 1, 1
# and dist one of 1, 2, 3 (rows in order, after their headers).
[ -z "$why" ] && grep -q '^@counts\[[02]\]\|^@hists\[[01]\]' "$T/out" && why="an all-zero element printed"
[ -z "$why" ] && [ "$(sed -n '/^@hists\[2\]:$/,/^$/s/^ *\([0-9]*\) -> \([0-9]*\) *: \([0-9]*\) .*/\1-\2:\3/p' "$T/out" |
	tr '\n' ' ')" != "0-1:1 2-3:1 4-7:1 " ] && why="hists[2] is not the histogram 0-1:1 2-3:1 4-7:1"
[ -z "$why" ] && [ "$(sed -n '/^@dist (/,/^$/s/^ *\([0-9]*\) -> \([0-9]*\) *: \([0-9]*\) .*/\1-\2:\3/p' "$T/out" |
	tr '\n' ' ')" != "0-1:1 2-3:2 4-7:3 " ] && why="dist is not the histogram 0-1:1 2-3:2 4-7:3"
result "globals_printed_at_exit: text" "$why"

why=""
grep -q '^@never' "$T/out" && why="never (all zero) printed"
[ -z "$why" ] && ! grep -qx 'rawbpf: left out globals that are all zero: never; print them with --maps never' "$T/err" &&
	why="no note naming never"
result "globals_printed_at_exit: all-zero left out with a note" "$why"

why=""
grep -q '^@target_tgid' "$T/out" && why="target_tgid (.rodata) printed"
result "globals_printed_at_exit: .rodata not printed" "$why"

"$RAWBPF" run "$OBJ" --json --set target_tgid=@pid -- sh -c "$KILLS" >"$T/out" 2>"$T/err"
why=$(python3 - "$T/out" <<'PY'
import json, sys
g = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "global" in o:
        g[o["global"]] = o
rows = lambda h: [(r["from"], r["to"], r["count"]) for r in h]
want = {
    "calls": {"global": "calls", "section": ".data", "type": "__u64", "value": 103},
    "counts": {"global": "counts", "section": ".bss", "type": "__u64[4]",
               "entries": [{"key": 1, "value": 3}, {"key": 3, "value": 6}]},
}
for k, v in want.items():
    if g.get(k) != v:
        print(f"{k}: {g.get(k)}, expected {v}"); sys.exit()
h = g.get("hists", {})
e = h.get("entries", [])
if h.get("type") != "struct hist[3]" or len(e) != 1 or e[0]["key"] != 2 or \
        e[0]["value"] != {"slots": [1, 1, 1, 0, 0, 0, 0, 0]} or rows(e[0]["hist"]) != [(0, 1, 1), (2, 3, 1), (4, 7, 1)]:
    print(f"hists: {h}"); sys.exit()
d = g.get("dist", {})
if d.get("value") != [1, 2, 3, 0, 0, 0, 0, 0] or rows(d.get("hist", [])) != [(0, 1, 1), (2, 3, 2), (4, 7, 3)]:
    print(f"dist: {d}"); sys.exit()
if g.get("comm", {}).get("value") != "sh":
    print(f"comm: {g.get('comm')}"); sys.exit()
if set(g) != {"calls", "counts", "hists", "dist", "comm"}:
    print(f"globals printed: {sorted(g)}")
PY
)
result "globals_printed_at_exit: json" "$why"

# --maps names globals as it names maps: these print even when all zero,
# the others do not.
"$RAWBPF" run "$OBJ" --maps never,counts --set target_tgid=@pid -- sh -c "$KILLS" >"$T/out" 2>"$T/err"
why=$(want "@never (.bss, __u64): 0" "@counts[3]: 6")
[ -z "$why" ] && grep -q '^@calls\|^@hists\|^@dist' "$T/out" && why="a global not in --maps printed"
result "globals_selected_by_maps" "$why"

# --interval prints them as it prints the maps: at each interval and at exit.
"$RAWBPF" run "$OBJ" --interval 0.5 --set target_tgid=@pid -- sh -c "$KILLS; sleep 1.6" >"$T/out" 2>"$T/err"
prints=$(grep -c '^@counts\[3\]: 6$' "$T/out")
why=""
[ "$prints" -ge 2 ] || why="counts printed $prints times, expected an interval's and the exit's"
result "globals_printed_every_interval" "$why"

# A map value longer than 1,023 characters prints whole, as a global does
# (tests/bpf/map_big_value.bpf.c: 300 numbers 1000000..1000299 in entry 7);
# rawbpf cut map keys and values there before, which broke the JSON line.
BIG=$O/tests/bpf/map_big_value.bpf.o
"$RAWBPF" run "$BIG" --set target_tgid=@pid -- sh -c 'kill -0 $$' >"$T/out" 2>"$T/err"
why=""
line=$(grep '^@bigvals\[7\]: v=\[' "$T/out")
case "$line" in
*,1000299]) ;;
*) why="no whole @bigvals[7] line (${#line} characters)" ;;
esac
result "map_value_printed_whole: text" "$why"

"$RAWBPF" run "$BIG" --json --set target_tgid=@pid -- sh -c 'kill -0 $$' >"$T/out" 2>"$T/err"
why=$(python3 - "$T/out" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    try:
        o = json.loads(line)
    except ValueError as e:
        print(f"not JSON ({e}): {line[:60]}..."); sys.exit()
    if o.get("map") == "bigvals":
        v = o["entries"][0]["value"]["v"]
        if v != list(range(1000000, 1000300)):
            print(f"bigvals[7] has {len(v)} numbers")
        sys.exit()
print("no bigvals line")
PY
)
result "map_value_printed_whole: json" "$why"
