#!/bin/sh
# Loads each BPF object with `rawbpf load` and with libbpf (bench/libbpf_load),
# counts the bpf() calls each makes (strace -c -f -e trace=bpf), times them,
# and prints a Markdown section ready to paste into bench/RESULTS.md.
#
#   sh bench/run.sh [-n N] [-o FILE] [OBJ...]
#     -n N     timed runs per object and loader (default 20)
#     -o FILE  also append the section to FILE (e.g. bench/RESULTS.md)
#     OBJ...   objects to load (default: build/examples/*.bpf.o)
#
# Needs root (loading BPF) and strace. Both loaders are timed the same way,
# by bench/wall: fork to exit, process start-up included, the two taking
# turns so that a busy machine slows both alike. On a loaded VM fork+exec
# alone costs milliseconds: compare the mins for small objects. "in-process"
# is open-to-loaded time measured inside one process, N loads each, median:
# bench/rawbpf_load (rb_open + rb_load_object) and bench/libbpf_load
# (bpf_object__open_file + bpf_object__load; its feature probes are paid
# per load too, libbpf caches them per object). A ratio is libbpf / rawbpf:
# above 1 means rawbpf makes fewer calls or is faster.
#
# Objects libbpf cannot load (legacy SEC("maps") definitions, which libbpf
# 1.x refuses) are not measured: they are listed under the table as skipped.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build/bench
RAWBPF=${RAWBPF:-$ROOT/rawbpf}
N=20
OUT=
while [ $# -gt 0 ]; do
	case "$1" in
	-n) N=${2:?-n needs a number}; shift ;;
	-o) OUT=${2:?-o needs a file}; shift ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ "$(id -u)" = 0 ] || { echo "run.sh: loading BPF needs root" >&2; exit 2; }
command -v strace >/dev/null || { echo "run.sh: strace missing (sh scripts/deps.sh)" >&2; exit 2; }
[ -x "$RAWBPF" ] || { echo "run.sh: $RAWBPF not built (make)" >&2; exit 2; }
make -s -C "$ROOT/bench" O="$ROOT/build" || exit 2
if [ $# -eq 0 ]; then
	set -- "$ROOT"/build/examples/*.bpf.o
	[ -e "$1" ] || { echo "run.sh: no build/examples/*.bpf.o (make), or name objects" >&2; exit 2; }
fi

TMP=$(mktemp -d) || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

# syscalls FILTER CMD...: prints "CALLS ERRORS" for the bpf() row of strace -c
# (FILTER=bpf) or for the total row (FILTER=all), counting every thread.
syscalls() {
	f=$1
	shift
	if [ "$f" = bpf ]; then
		strace -f -c -e trace=bpf -o "$TMP/strace" "$@" >/dev/null 2>&1
	else
		strace -f -c -o "$TMP/strace" "$@" >/dev/null 2>&1
	fi
	# Rows: % time, seconds, usecs/call, calls, [errors], syscall|total.
	awk -v want="$( [ "$f" = bpf ] && echo bpf || echo total )" '
		$NF == want { print $4, (NF == 6 ? $5 : 0); found = 1 }
		END { if (!found) print 0, 0 }' "$TMP/strace"
}
# walls OBJ: times rawbpf and libbpf_load on OBJ, N runs each, taking turns,
# and prints "RAW_MEDIAN RAW_MIN LIBBPF_MEDIAN LIBBPF_MIN" in microseconds,
# "failed" in place of a loader's pair when any of its runs failed.
walls() {
	"$B/wall" "$N" "$RAWBPF" load "$1" --- "$B/libbpf_load" "$1" >"$TMP/wall" 2>&1
	awk '{ if ($4 > 0) printf "failed failed "; else printf "%s %s ", $8, $6 } END { print "" }' "$TMP/wall"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a ~ /^[0-9]+$/) printf "%.2f", a / b; else print "-" }'; }
ms() { awk -v u="$1" 'BEGIN { if (u ~ /^[0-9]+$/) printf "%.2f", u / 1000; else print u }'; }

{
	echo "## $(date -u +%Y-%m-%d) — $(uname -r), rawbpf $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null), libbpf $(dpkg-query -W -f='${Version}' libbpf1 2>/dev/null), N=$N"
	echo
	echo "| object | bpf() rawbpf | bpf() libbpf | ratio | failed bpf() r/l | all syscalls r/l | wall ms rawbpf median (min) | wall ms libbpf median (min) | ratio of medians | in-process ms rawbpf / libbpf | ratio |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$TMP/section"
cat "$TMP/section"

for obj in "$@"; do
	name=$(basename "$obj")
	if ! "$RAWBPF" load "$obj" >/dev/null 2>"$TMP/rawerr"; then
		rr="rawbpf load failed: $(grep -v '^[[:space:]]*$' "$TMP/rawerr" | tail -n 1)"
	else
		rr=
	fi
	if ! "$B/libbpf_load" "$obj" >/dev/null 2>"$TMP/lberr"; then
		if readelf -S -W "$obj" 2>/dev/null | grep -q ' maps '; then
			why="legacy SEC(\"maps\") definitions"
		else
			why="$(tail -n 1 "$TMP/lberr")"
		fi
		echo "- $name: skipped, libbpf cannot load it ($why): $(tail -n 1 "$TMP/lberr" | sed 's/^.*: //')" >>"$TMP/skipped"
		continue
	fi
	lr=
	# The counts are numbers: word splitting them into $1 $2 is the point.
	# shellcheck disable=SC2046
	set -- $(syscalls bpf "$RAWBPF" load "$obj"); rc=$1 re=$2
	# shellcheck disable=SC2046
	set -- $(syscalls bpf "$B/libbpf_load" "$obj"); lc=$1 le=$2
	# shellcheck disable=SC2046
	set -- $(syscalls all "$RAWBPF" load "$obj"); ra=$1
	# shellcheck disable=SC2046
	set -- $(syscalls all "$B/libbpf_load" "$obj"); la=$1
	# shellcheck disable=SC2046
	set -- $(walls "$obj"); rt=${1:-failed} rtmin=${2:-failed} lt=${3:-failed} ltmin=${4:-failed}
	li=$("$B/libbpf_load" -r "$N" "$obj" 2>/dev/null | sed -n 's/.* median \([0-9]*\) us$/\1/p')
	ri=$("$B/rawbpf_load" -r "$N" "$obj" 2>/dev/null | sed -n 's/.* median \([0-9]*\) us$/\1/p')
	printf '| %s | %s | %s | %s | %s/%s | %s/%s | %s (%s) | %s (%s) | %s | %s / %s | %s |\n' \
		"$name" "$rc" "$lc" "$(ratio "$lc" "$rc")" "$re" "$le" "$ra" "$la" \
		"$(ms "$rt")" "$(ms "$rtmin")" "$(ms "$lt")" "$(ms "$ltmin")" \
		"$(ratio "$lt" "$rt")" "$(ms "${ri:-failed}")" "$(ms "${li:-failed}")" \
		"$(ratio "${li:-x}" "${ri:-0}")" |
		tee -a "$TMP/section"
	echo "$rc $lc ${rt:-0} ${lt:-0} ${ri:-0} ${li:-0}" >>"$TMP/sums"
	[ "$rc" = 0 ] && [ -z "$rr" ] && rr="rawbpf load exited 0 without a bpf() call (placeholder binary?)"
	for note in "$rr" "$lr"; do
		[ -z "$note" ] || echo "- $name: $note" >>"$TMP/notes"
	done
done
if [ -s "$TMP/sums" ]; then
	awk '{ for (i = 1; i <= 6; i++) t[i] += $i }
	     END { printf "| **all %d objects** | %d | %d | %.2f | | | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f |\n",
		   NR, t[1], t[2], t[2] / t[1], t[3] / 1000, t[4] / 1000, t[4] / t[3], t[5] / 1000, t[6] / 1000, t[6] / t[5] }' \
		"$TMP/sums" | tee -a "$TMP/section"
fi
[ -s "$TMP/skipped" ] && cat "$TMP/skipped" >>"$TMP/notes"
if [ -s "$TMP/notes" ]; then
	{ echo; cat "$TMP/notes"; } | tee -a "$TMP/section"
fi
if [ -n "$OUT" ]; then
	{ echo; cat "$TMP/section"; } >>"$OUT"
	echo "run.sh: appended to $OUT" >&2
fi
