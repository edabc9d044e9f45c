#!/bin/sh
# How `rawbpf run` stops: SIGINT, SIGTERM, --duration, COMMAND exiting, and
# a COMMAND that cannot be run. Each way must detach, print the maps and the
# totals line, exit with the right status, and leave nothing behind.
. tests/lib.sh
need_kernel "signals: SIGINT" "signals: SIGTERM" "signals: --duration 1" \
	"signals: --duration with a longer COMMAND" "signals: SIGTERM with a running COMMAND" \
	"signals: COMMAND exiting" "signals: missing COMMAND (path)" "signals: missing COMMAND (PATH)" \
	"signals: nothing left"

EX=$O/examples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TR=$(tracefs)
mkfifo "$T/fifo"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
objects() {
	bpftool prog show | grep -cE 'name (on_exec_enter|on_exec_exit|ringbuf_enter|ringbuf_exit) '
}
tracefs_dynamic() {
	for f in uprobe_events kprobe_events dynamic_events; do
		[ -f "$TR/$f" ] && cat "$TR/$f"
	done
}
objects_before=$(objects)
tracefs_before=$(tracefs_dynamic)

# result NAME WHY: ok when WHY is empty, else not ok with rawbpf's output.
result() {
	if [ -z "$2" ]; then ok "$1"; return; fi
	not_ok "$1" "$2"
	echo "# stdout:"; sed 's/^/#   /' "$T/out" | tail -5
	echo "# stderr:"; sed 's/^/#   /' "$T/err" | tail -5
}
totals() { grep -qE '^rawbpf: [0-9]+ events?(, [0-9]+ lost)?(; ring buffer events: .*)?$' "$T/err"; }

# signal_run SIG ARG...: start rawbpf, wait for "attached" on stderr, run an
# exec of our own, send SIG; sets rc and ms (time from the signal to exit).
signal_run() {
	sig=$1; shift
	: >"$T/err"
	"$RAWBPF" run "$@" >"$T/out" 2>"$T/fifo" &
	rp=$!
	exec 3<"$T/fifo"
	while IFS= read -r line <&3; do
		echo "$line" >>"$T/err"
		case $line in *attached*) break ;; esac
	done
	/bin/true
	t0=$(now_ms)
	kill -"$sig" "$rp" 2>/dev/null
	cat <&3 >>"$T/err"
	exec 3<&-
	wait "$rp"
	rc=$?
	ms=$(($(now_ms) - t0))
}

for sig in INT TERM; do
	signal_run "$sig" "$EX/subprog.bpf.o"
	why=""
	[ "$rc" = 0 ] || why="exit status $rc"
	[ -z "$why" ] && ! totals && why="no totals line"
	[ -z "$why" ] && ! grep -q '^@call_count (array, 2 entries):$' "$T/out" && why="map call_count not printed"
	[ -z "$why" ] && ! grep -qE '^@call_count\[0\]: [1-9][0-9]*$' "$T/out" && why="call_count[0] missing or zero after an exec"
	[ -z "$why" ] && [ "$ms" -gt 2000 ] && why="took $ms ms to stop"
	result "signals: SIG$sig: exit 0, maps and totals printed (stopped in $ms ms)" "$why"
done

# --duration 1, no command: stops by itself.
t0=$(now_ms)
# An exec of our own while it runs, so its map has something to print.
( sleep 0.4; /bin/true ) &
"$RAWBPF" run "$EX/subprog.bpf.o" --duration 1 >"$T/out" 2>"$T/err"
rc=$? ms=$(($(now_ms) - t0))
wait
why=""
[ "$rc" = 0 ] || why="exit status $rc"
[ -z "$why" ] && ! totals && why="no totals line"
[ -z "$why" ] && ! grep -q 'running for --duration' "$T/err" && why="no 'running for --duration' line"
[ -z "$why" ] && ! grep -q '^@call_count\[1\]: ' "$T/out" && why="map call_count not printed"
[ -z "$why" ] && { [ "$ms" -ge 950 ] && [ "$ms" -le 2500 ]; } || why="${why:-ran $ms ms}"
result "signals: --duration 1 stops by itself after about 1 s ($ms ms)" "$why"

# --duration 1 while the COMMAND would run for 3 s: --help says run stops at
# Ctrl-C, --duration, or COMMAND exit, whichever comes first.
cat >"$T/cmd_sleep" <<EOF
echo \$\$ > $T/p0
exec /bin/sleep 3
EOF
rm -f "$T/p0"
t0=$(now_ms)
"$RAWBPF" run "$EX/subprog.bpf.o" --duration 1 -- /bin/sh "$T/cmd_sleep" >"$T/out" 2>"$T/err"
rc=$? ms=$(($(now_ms) - t0))
why=""
[ "$rc" = 0 ] || why="exit status $rc"
[ -z "$why" ] && ! totals && why="no totals line"
[ -z "$why" ] && [ "$ms" -gt 2500 ] && why="ran $ms ms: --duration 1 waited for the 3 s COMMAND"
result "signals: --duration 1 with a 3 s COMMAND stops after about 1 s ($ms ms)" "$why"
[ -s "$T/p0" ] && kill "$(cat "$T/p0")" 2>/dev/null

# SIGTERM while the COMMAND still runs.
rm -f "$T/p0"
signal_run TERM "$EX/subprog.bpf.o" -- /bin/sh "$T/cmd_sleep"
why=""
[ "$rc" = 0 ] || why="exit status $rc"
[ -z "$why" ] && ! totals && why="no totals line"
[ -z "$why" ] && [ "$ms" -gt 2000 ] && why="exited $ms ms after SIGTERM: it waited for the 3 s COMMAND"
result "signals: SIGTERM with a running COMMAND stops rawbpf promptly ($ms ms)" "$why"
[ -s "$T/p0" ] && kill "$(cat "$T/p0")" 2>/dev/null

# COMMAND exiting (with a failure status) ends the run.
t0=$(now_ms)
"$RAWBPF" run "$EX/subprog.bpf.o" -- false >"$T/out" 2>"$T/err"
rc=$? ms=$(($(now_ms) - t0))
why=""
[ "$rc" -ge 128 ] && why="exit status $rc (a signal)"
[ -z "$why" ] && ! totals && why="no totals line"
[ -z "$why" ] && ! grep -q '^@call_count\[0\]: ' "$T/out" && why="map call_count not printed"
[ -z "$why" ] && [ "$ms" -gt 2000 ] && why="took $ms ms"
result "signals: COMMAND exiting ends the run (false: exit status $rc, $ms ms)" "$why"

# A COMMAND that cannot be run: a clear error, a failure status.
for cmd in /nonexistent-rawbpf-dir/cmd rawbpf-no-such-command; do
	"$RAWBPF" run "$EX/ringbuf.bpf.o" -- "$cmd" arg >"$T/out" 2>"$T/err"
	rc=$?
	why=""
	[ "$rc" = 0 ] && why="exit status 0"
	[ "$rc" -ge 128 ] && why="exit status $rc (a signal)"
	grep -q "$cmd.*No such file or directory" "$T/err" || why="${why:+$why, }no error naming $cmd"
	case $cmd in /*) what=path ;; *) what=PATH ;; esac
	result "signals: missing COMMAND ($what): clear error, non-zero exit ($rc)" "$why"
done

# After all this, none of the programs used here is still loaded and tracefs
# has no new dynamic event (objects are freed after an RCU grace period).
tries=0
while [ "$(objects)" != "$objects_before" ] && [ "$tries" -lt 20 ]; do
	sleep 0.2; tries=$((tries + 1))
done
why=""
[ "$(objects)" = "$objects_before" ] || why="subprog/ringbuf programs loaded: $objects_before before, $(objects) after"
[ "$(tracefs_dynamic)" = "$tracefs_before" ] || why="${why:+$why, }tracefs dynamic events changed"
result "signals: nothing left (programs, tracefs dynamic events)" "$why"
