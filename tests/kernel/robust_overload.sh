#!/bin/sh
# Buffer overload through the command line: `rawbpf run --pages 1` on
# tests/bpf/overload.bpf.o (16 records per getppid() into a perf event
# array and a 64 KiB ring buffer, counted per CPU in the map `produced`).
#
# Deterministic: the command (perl, pinned to one CPU) stops rawbpf, its
# parent, with SIGSTOP, makes 200 getppid() calls (3,200 records per buffer:
# a 1-page perf buffer holds about 50, the ring about 900), resumes rawbpf,
# lets it drain, and makes one more call into the empty buffers, which
# carries the perf buffer's PERF_RECORD_LOST. Then, exactly:
#
#   perf:  printed records = produced[0] (sent),
#          "N lost" = produced[1] (dropped) = sum of the "lost N records" warnings,
#          seq gaps of the printed records = lost
#   ring:  printed records = produced[2] (sent); produced[3] (dropped) > 0
#   both programs saw the same calls: sent + dropped equal for perf and ring
. tests/lib.sh

need_kernel overload-run perf-overloaded perf-delivered perf-lost perf-warnings perf-seq-gaps \
	ring-overloaded ring-delivered events-total same-calls

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err

"$RAWBPF" run "$O/tests/bpf/overload.bpf.o" --pages 1 --set records_per_call=16 \
	--set target_tgid=@pid -- taskset -c 0 perl -e '
		kill("STOP", getppid());
		getppid() for 1..200;
		kill("CONT", getppid());
		select(undef, undef, undef, 0.5);
		getppid();' >"$out" 2>"$err"
rc=$?
if [ "$rc" = 0 ]; then ok "rawbpf run --pages 1 overload.bpf.o -- perl ... exits 0"
else not_ok "rawbpf run --pages 1 overload.bpf.o -- perl ... exits 0" "exit $rc: $(tail -1 "$err")"; fi

counter() { v=$(sed -n "s/^@produced\[$1\]: *//p" "$out"); echo "${v:-0}"; }
sent_p=$(counter 0) drop_p=$(counter 1) sent_r=$(counter 2) drop_r=$(counter 3)
lines_p=$(grep -c '^perf_events ' "$out")
lines_r=$(grep -c '^ring_events ' "$out")
total=$(sed -n 's/^rawbpf: \([0-9]*\) events\{0,1\}, [0-9]* lost\(; ring buffer events: .*\)\{0,1\}$/\1/p' "$err")
lost=$(sed -n 's/^rawbpf: [0-9]* events\{0,1\}, \([0-9]*\) lost\(; ring buffer events: .*\)\{0,1\}$/\1/p' "$err")
warned=$(sed -n 's/.*: lost \([0-9]*\) records on CPU.*/\1/p' "$err" | awk '{ s += $1 } END { print s + 0 }')
# Sum of the jumps in seq, per CPU, over the printed perf records.
gaps=$(sed -n 's/^perf_events cpu \([0-9]*\) .*seq=\([0-9]*\) .*/\1 \2/p' "$out" |
	awk '{ if ($2 < next_seq[$1]) bad = 1; g += $2 - next_seq[$1]; next_seq[$1] = $2 + 1 }
	     END { print bad ? "out-of-order" : g + 0 }')
echo "# perf: sent $sent_p, dropped $drop_p; printed $lines_p, lost $lost, warnings $warned, seq gaps $gaps"
echo "# ring: sent $sent_r, dropped $drop_r; printed $lines_r; events line: $total"

if [ "$drop_p" -gt 0 ]; then ok "perf: the 1-page buffer overflowed (dropped $drop_p)"
else not_ok "perf: the 1-page buffer overflowed" "nothing dropped"; fi
if [ "$lines_p" = "$sent_p" ]; then ok "perf: printed records = sent ($sent_p)"
else not_ok "perf: printed records = sent" "printed $lines_p, sent $sent_p"; fi
if [ "$lost" = "$drop_p" ]; then ok "perf: 'N lost' = dropped ($drop_p)"
else not_ok "perf: 'N lost' = dropped" "lost '$lost', dropped $drop_p"; fi
if [ "$warned" = "$lost" ]; then ok "perf: 'lost N records' warnings add up to the lost total"
else not_ok "perf: 'lost N records' warnings add up to the lost total" "warnings $warned, total '$lost'"; fi
if [ "$gaps" = "$drop_p" ]; then ok "perf: seq numbers in order, gaps = dropped"
else not_ok "perf: seq numbers in order, gaps = dropped" "gaps $gaps, dropped $drop_p"; fi
if [ "$drop_r" -gt 0 ]; then ok "ring: the ring buffer overflowed (dropped $drop_r)"
else not_ok "ring: the ring buffer overflowed" "nothing dropped"; fi
if [ "$lines_r" = "$sent_r" ]; then ok "ring: printed records = sent ($sent_r)"
else not_ok "ring: printed records = sent" "printed $lines_r, sent $sent_r"; fi
if [ "$total" = $((lines_p + lines_r)) ]; then ok "'N events' = printed records"
else not_ok "'N events' = printed records" "'$total' vs $((lines_p + lines_r))"; fi
if [ $((sent_p + drop_p)) = $((sent_r + drop_r)) ] && [ $(((sent_p + drop_p) % 16)) = 0 ]; then
	ok "perf and ring programs saw the same calls ($(((sent_p + drop_p) / 16)) x 16 records)"
else not_ok "perf and ring programs saw the same calls" "perf $((sent_p + drop_p)), ring $((sent_r + drop_r))"; fi
