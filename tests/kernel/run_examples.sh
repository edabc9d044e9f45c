#!/bin/sh
# `rawbpf run` on every example, against activity the test causes itself:
# each command is started by rawbpf (`-- COMMAND`, held until attach), writes
# its own pids to files, and the checks look only at events of those pids,
# because other processes on the machine exec and write all the time.
#
# The usual command (cmd3) makes three execs with known pids:
#   rawbpf's child P0 execs /bin/sh             (comm still "rawbpf" on entry)
#   P0 forks P1, which execs /bin/sh            (comm "sh")
#   P1 execs /bin/true                          (comm "sh" on entry)
. tests/lib.sh
need_kernel execsnoop exec_perf ringbuf globals globals_set subprog syscount \
	pidfilter uprobe rawtp tpbtf profile bootstrap json kprobe_count

EX=$O/examples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# run ARG...: rawbpf run in the background (so its pid is known: $rp), output
# in $T/out and $T/err, exit status in $rc.
run() {
	rm -f "$T"/p[0-9]
	"$RAWBPF" run "$@" >"$T/out" 2>"$T/err" &
	rp=$!
	wait "$rp"
	rc=$?
	P0=$(cat "$T/p0" 2>/dev/null) P1=$(cat "$T/p1" 2>/dev/null)
	P2=$(cat "$T/p2" 2>/dev/null) P3=$(cat "$T/p3" 2>/dev/null)
}

# count FILE TOKEN...: lines of FILE holding every TOKEN as a whole word.
count() {
	f=$1; shift
	awk -v want="$*" '
	BEGIN { nw = split(want, w, " ") }
	{
		for (i = 1; i <= nw; i++) {
			hit = 0
			for (j = 1; j <= NF; j++) if ($j == w[i]) { hit = 1; break }
			if (!hit) next
		}
		c++
	}
	END { print c + 0 }' "$f"
}

# vals FILE KEY TOKEN...: the KEY= values of lines holding every TOKEN.
vals() {
	f=$1 k=$2; shift 2
	awk -v want="$*" -v k="$k=" '
	BEGIN { nw = split(want, w, " ") }
	{
		for (i = 1; i <= nw; i++) {
			hit = 0
			for (j = 1; j <= NF; j++) if ($j == w[i]) { hit = 1; break }
			if (!hit) next
		}
		for (j = 1; j <= NF; j++)
			if (index($j, k) == 1) print substr($j, length(k) + 1)
	}' "$f"
}

# Show what rawbpf printed, as TAP comments, after a failed check.
diag() {
	echo "# rawbpf exit status $rc; stdout:"
	sed 's/^/#   /' "$T/out" | head -40
	echo "# stderr:"
	sed 's/^/#   /' "$T/err" | head -20
}

# result NAME WHY: ok when WHY is empty.
result() {
	if [ -z "$2" ]; then ok "$1"; else not_ok "$1" "$2"; diag; fi
}

# The common end of every run: exit 0 and the totals line.
ended() {
	[ "$rc" = 0 ] || { echo "exit status $rc"; return; }
	grep -qE '^rawbpf: [0-9]+ events?(, [0-9]+ lost)?(; ring buffer events: .*)?$' "$T/err" ||
		echo "no 'rawbpf: N events, N lost' line on stderr"
}

# want N FILE TOKEN...: message unless exactly N lines match.
want() {
	cnt=$1; shift
	got=$(count "$@")
	[ "$got" = "$cnt" ] || { shift; echo "expected $cnt line(s) with '$*', got $got"; }
}

cat >"$T/cmd3" <<EOF
echo \$\$ > $T/p0
/bin/sh -c 'echo \$\$ > $T/p1; exec /bin/true'
exit 0
EOF

# --- built-in execsnoop: pid, ppid (CO-RE read of real_parent), comm, filename
run -- /bin/sh "$T/cmd3"
why=$(ended)
[ -z "$why" ] && why=$(want 1 "$T/out" events "pid=$P0" "ppid=$rp" comm=rawbpf filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" events "pid=$P1" "ppid=$P0" comm=sh filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" events "pid=$P1" "ppid=$P0" comm=sh filename=/bin/true)
[ -z "$why" ] && [ "$(($(count "$T/out" "pid=$P0") + $(count "$T/out" "pid=$P1")))" != 3 ] &&
	why="more than 3 events for pids $P0 $P1"
grep -q 'execsnoop.bpf.o (built in): attached' "$T/err" || why="${why:-no 'attached' line naming the built-in object}"
result "execsnoop (built in): exec events of the command with pid, ppid, comm, filename" "$why"

# --- exec_perf: legacy `maps` section, perf event array, bpf_printk lines;
#     the command must not inherit any BPF, perf or trace_pipe fd.
cat >"$T/cmd_fds" <<EOF
echo \$\$ > $T/p0
/bin/ls -l /proc/\$\$/fd > $T/fds
/bin/sh -c 'echo \$\$ > $T/p1; exec /bin/true'
exit 0
EOF
run "$EX/exec_perf.bpf.o" -- /bin/sh "$T/cmd_fds"
why=$(ended)
[ -z "$why" ] && why=$(want 1 "$T/out" exec_events cpu "pid=$P0" uid=0 comm=rawbpf filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" exec_events cpu "pid=$P1" uid=0 comm=sh filename=/bin/true)
[ -z "$why" ] && ! grep -qE '^exec_events +cpu [0-9]+ ' "$T/out" && why="events carry no 'cpu N'"
[ -z "$why" ] && why=$(want 1 "$T/out" printk exec_perf: pid "$P1" runs /bin/true)
[ -z "$why" ] && why=$(want 1 "$T/out" printk exec_perf: pid "$P0" runs /bin/sh)
result "exec_perf: perf buffer events and printk lines of the command" "$why"
if [ ! -s "$T/fds" ]; then
	not_ok "exec_perf: COMMAND inherits no BPF/perf/tracefs fd" "the command did not list its fds"
elif grep -E 'bpf|perf_event|trace_pipe|tracing' "$T/fds" >"$T/leak"; then
	not_ok "exec_perf: COMMAND inherits no BPF/perf/tracefs fd" "$(tr '\n' ' ' <"$T/leak")"
else
	ok "exec_perf: COMMAND inherits no BPF/perf/tracefs fd"
fi

# --- ringbuf: reserve+submit (absolute path), reserve+discard (relative
#     path: no ENTER), output (every EXIT, with -errno)
cat >"$T/cmd_rb" <<EOF
echo \$\$ > $T/p0
/bin/sh -c 'echo \$\$ > $T/p1; exec /bin/true'
/bin/sh -c 'echo \$\$ > $T/p2; exec ./rawbpf-test-no-such-file' 2>/dev/null
/bin/sh -c 'echo \$\$ > $T/p3; exec /rawbpf-test-no-such-dir/x' 2>/dev/null
exit 0
EOF
run "$EX/ringbuf.bpf.o" -- /bin/sh "$T/cmd_rb"
why=$(ended)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P0" comm=rawbpf filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=1 "pid=$P0" ret=0)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P1" comm=sh filename=/bin/true)
[ -z "$why" ] && why=$(want 2 "$T/out" events kind=1 "pid=$P1" ret=0)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P2")
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P2" filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=1 "pid=$P2" ret=-2)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P3" filename=/rawbpf-test-no-such-dir/x)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=1 "pid=$P3" ret=-2)
result "ringbuf: submitted ENTER, discarded relative path, EXIT with ret and -ENOENT" "$why"

# --- globals: .data, .rodata (frozen), .bss, .data.custom; --set on a knob
# check_globals MULT: every event of P0/P1 consistent, exec_seen increasing.
check_globals() {
	why=$(ended)
	[ -n "$why" ] && { echo "$why"; return; }
	awk -v p0="$P0" -v p1="$P1" -v m="$1" '
	function fail(msg) { print msg; bad = 1; exit }
	$1 != "events" { next }
	{
		delete f
		for (j = 2; j <= NF; j++) { split($j, kv, "="); f[kv[1]] = substr($j, length(kv[1]) + 2) }
		if (f["pid"] != p0 && f["pid"] != p1) next
		n++
		if (f["knob_multiplier"] != m) { fail("knob_multiplier=" f["knob_multiplier"] ", expected " m) }
		if (f["custom_value"] != 12648430) { fail("custom_value=" f["custom_value"] ", expected 12648430 (0xc0ffee)") }
		if (f["tag"] != "rawbpf") { fail("tag=" f["tag"] ", expected rawbpf") }
		# data_counter is bumped before exec_seen, and read after it.
		if (f["data_counter"] < 100 + f["exec_seen"]) { fail("data_counter=" f["data_counter"] " is below 100 + exec_seen (" f["exec_seen"] ")") }
		if (f["scaled"] != f["exec_seen"] * m) { fail("scaled=" f["scaled"] " is not exec_seen * " m) }
		if (f["exec_seen"] <= last) { fail("exec_seen not increasing: " f["exec_seen"] " after " last) }
		last = f["exec_seen"]
	}
	END { if (n != 3 && !bad) print n " events of the command, expected 3" }' "$T/out"
	# With no other exec on the machine meanwhile, the counts start at 1.
	if [ "$(grep -c '^events ' "$T/out")" = 3 ]; then
		[ "$(vals "$T/out" exec_seen events | tr '\n' ' ')" = "1 2 3 " ] ||
			echo "exec_seen is not 1 2 3"
		[ "$(vals "$T/out" data_counter events | tr '\n' ' ')" = "101 102 103 " ] ||
			echo "data_counter is not 101 102 103"
	fi
}
run "$EX/globals.bpf.o" -- /bin/sh "$T/cmd3"
result "globals: data_counter from 101, exec_seen, custom_value 0xc0ffee, knob 2, tag" "$(check_globals 2)"
run "$EX/globals.bpf.o" --set knob_multiplier=3 -- /bin/sh "$T/cmd3"
result "globals: --set knob_multiplier=3 changes knob and scaled" "$(check_globals 3)"

# --- subprog: bpf-to-bpf calls and a bpf_loop callback
run "$EX/subprog.bpf.o" -- /bin/sh "$T/cmd3"
why=$(ended)
[ -z "$why" ] && for p in "$P0" "$P1"; do
	cnt=$(count "$T/out" events "pid=$p")
	mcnt=$(count "$T/out" events "pid=$p" loop_n=10 loop_sum=55)
	[ "$cnt" -ge 1 ] && [ "$cnt" = "$mcnt" ] || { why="pid $p: $cnt events, $mcnt with loop_n=10 loop_sum=55"; break; }
done
if [ -z "$why" ]; then
	c0=$(sed -n 's/^@call_count\[0\]: //p' "$T/out")
	c1=$(sed -n 's/^@call_count\[1\]: //p' "$T/out")
	[ "${c0:-0}" -ge 3 ] && [ "${c1:-0}" -ge 3 ] || why="call_count [0]=$c0 [1]=$c1, expected >= 3 each"
fi
result "subprog: loop_n=10 loop_sum=55 per exec, call_count entries and returns" "$why"

# --- syscount: per-CPU hash keyed by comm, summed at exit
cp /bin/true "$T/rbsyscnt"
run "$EX/syscount.bpf.o" -- "$T/rbsyscnt"
why=$(ended)
if [ -z "$why" ]; then
	grep -q '^@syscalls (percpu_hash' "$T/out" || why="no '@syscalls (percpu_hash' header"
	cnt=$(sed -n 's/^@syscalls\[rbsyscnt\]: //p' "$T/out")
	[ -z "$why" ] && { [ "${cnt:-0}" -ge 10 ] || why="@syscalls[rbsyscnt] = '$cnt', expected >= 10"; }
fi
result "syscount: a map line for the command's comm with its syscall count" "$why"

# --- pidfilter: --set target_pid=@pid; writes of other pids (a child, rawbpf
#     itself printing events) are not counted
cat >"$T/cmd_pf" <<EOF
/bin/touch $T/pid.\$\$
exec >/dev/null
echo hi
/bin/echo from a child process
echo hello
printf abcd
EOF
run "$EX/pidfilter.bpf.o" --set target_pid=@pid -- /bin/sh "$T/cmd_pf"
P0=$(ls "$T" | sed -n 's/^pid\.//p')
why=$(ended)
[ -z "$why" ] && why=$(want 1 "$T/out" events "pid=$P0" fd=1 count=3 total=1)
[ -z "$why" ] && why=$(want 1 "$T/out" events "pid=$P0" fd=1 count=6 total=2)
[ -z "$why" ] && why=$(want 1 "$T/out" events "pid=$P0" fd=1 count=4 total=3)
[ -z "$why" ] && why=$(want 3 "$T/out" events)
[ -z "$why" ] && why=$(want 1 "$T/out" "@write_count[0]:" 3)
result "pidfilter: only the command's 3 writes, counts 3 6 4, write_count 3" "$why"
rm -f "$T"/pid.*

# --- uprobe + uretprobe on a function of build/examples/uprobe_target: the
# object's sections name that path, whichever build ($O) the test runs.
cat >"$T/cmd_up" <<EOF
echo \$\$ > $T/p0
exec build/examples/uprobe_target 3 20 22
EOF
run "$EX/uprobe.bpf.o" -- /bin/sh "$T/cmd_up"
why=$(ended)
[ -z "$why" ] && why=$(want 3 "$T/out" events kind=0 "pid=$P0" a=20 b=22)
[ -z "$why" ] && why=$(want 3 "$T/out" events kind=1 "pid=$P0" ret=42)
[ -z "$why" ] && [ "$(vals "$T/out" kind events "pid=$P0" | tr -d '\n')" != 010101 ] &&
	why="entry/return events not in order 0 1 0 1 0 1"
grep -q 'rawbpf_target_add(20, 22) = 42, called 3 times' "$T/out" || why="${why:-the target's own output is missing}"
result "uprobe: 3 entries a=20 b=22 and 3 returns ret=42 from the command" "$why"

# --- rawtp and tp_btf: exec count and last pid in an array map
for ex in rawtp tpbtf; do
	run "$EX/$ex.bpf.o" -- /bin/sh "$T/cmd3"
	why=$(ended)
	cnt=$(sed -n 's/^@exec_stats\[0\]: //p' "$T/out")
	last=$(sed -n 's/^@exec_stats\[1\]: //p' "$T/out")
	[ -z "$why" ] && { [ "${cnt:-0}" -ge 3 ] || why="exec_stats[0] = '$cnt', expected >= 3"; }
	# Exactly our 3 execs: nobody else exec'd, so the last one is P1's.
	[ -z "$why" ] && [ "$cnt" = 3 ] && [ "$last" != "$P1" ] && why="exec_stats[1] = $last, expected $P1"
	result "$ex: exec_stats counts the command's execs, last pid" "$why"
done

# --- profile: perf_event program on a cpu-clock sampling event per CPU
cp /bin/sh "$T/rbbusy"
run "$EX/profile.bpf.o" --sample cpu-clock:99 -- "$T/rbbusy" -c \
	'i=0; while [ $i -lt 300000 ]; do i=$((i + 1)); done'
why=$(ended)
cnt=$(sed -n 's/^@samples\[rbbusy\]: //p' "$T/out")
[ -z "$why" ] && { [ "${cnt:-0}" -ge 5 ] || why="@samples[rbbusy] = '$cnt', expected >= 5"; }
result "profile: --sample cpu-clock:99 counts samples of a busy command" "$why"

# --- bootstrap: exec and exit events, exit codes, ppid, lifetime
cat >"$T/cmd_bs" <<EOF
echo \$\$ > $T/p0
/bin/sh -c 'echo \$\$ > $T/p1; exit 5'
exit 3
EOF
run "$EX/bootstrap.bpf.o" -- /bin/sh "$T/cmd_bs"
why=$(ended)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P0" "ppid=$rp" comm=sh filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=0 "pid=$P1" "ppid=$P0" comm=sh filename=/bin/sh)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=1 "pid=$P1" "ppid=$P0" exit_status=5)
[ -z "$why" ] && why=$(want 1 "$T/out" events kind=1 "pid=$P0" "ppid=$rp" exit_status=3)
[ -z "$why" ] && for l in $(vals "$T/out" lifetime_ns events kind=1 "pid=$P0") \
		$(vals "$T/out" lifetime_ns events kind=1 "pid=$P1"); do
	[ "$l" -gt 0 ] || why="lifetime_ns=$l for an exit"
done
result "bootstrap: exec and exit events, exit_status 5 and 3, ppid, lifetime" "$why"

# --- --json: one valid JSON object per line
run --json "$EX/bootstrap.bpf.o" -- /bin/sh "$T/cmd_bs"
cp "$T/out" "$T/j1"; cp "$T/err" "$T/j1err"; j1rc=$rc; j1p0=$P0
run --json "$EX/exec_perf.bpf.o" -- /bin/sh "$T/cmd3"
cp "$T/out" "$T/j2"; j2p1=$P1
run --json "$EX/subprog.bpf.o" -- /bin/sh "$T/cmd3"
cp "$T/out" "$T/j3"
why=$(python3 - "$T/j1" "$j1p0" "$T/j2" "$j2p1" "$T/j3" <<'EOF' 2>&1
import json, sys
j1, p0, j2, p1, j3 = sys.argv[1:]
def lines(path):
    out = []
    for i, l in enumerate(open(path), 1):
        try:
            o = json.loads(l)
        except ValueError as e:
            sys.exit("%s line %d is not JSON (%s): %r" % (path, i, e, l[:80]))
        if not isinstance(o, dict):
            sys.exit("%s line %d is not an object" % (path, i))
        if "event" in o:
            for k, t in (("time", (int, float)), ("map", str), ("event", dict)):
                if not isinstance(o.get(k), t):
                    sys.exit("%s line %d: %r missing or wrong type" % (path, i, k))
            if "cpu" not in o or not (o["cpu"] is None or isinstance(o["cpu"], int)):
                sys.exit("%s line %d: cpu missing or not an integer/null" % (path, i))
        out.append(o)
    return out
ev = [o["event"] for o in lines(j1) if "event" in o]
if not any(e.get("pid") == int(p0) and e.get("kind") == 1 and e.get("exit_status") == 3 for e in ev):
    sys.exit("bootstrap: no exit event with pid %s exit_status 3" % p0)
if not any(e.get("pid") == int(p0) and e.get("kind") == 0 and e.get("filename") == "/bin/sh" for e in ev):
    sys.exit("bootstrap: no exec event with pid %s filename /bin/sh" % p0)
o2 = lines(j2)
pe = [o for o in o2 if "event" in o and o["event"].get("pid") == int(p1)
      and o["event"].get("filename") == "/bin/true"]
if len(pe) != 1 or not isinstance(pe[0]["cpu"], int) or pe[0]["map"] != "exec_events":
    sys.exit("exec_perf: expected one exec_events event with an integer cpu for pid %s: %r" % (p1, pe))
if not any("printk" in o and ("exec_perf: pid %s runs /bin/true" % p1) in o["printk"] for o in o2):
    sys.exit("exec_perf: no printk object for pid %s" % p1)
m = [o for o in lines(j3) if o.get("map") == "call_count" and "entries" in o]
if len(m) != 1 or [e.get("key") for e in m[0]["entries"]] != [0, 1] \
        or not all(isinstance(e.get("value"), int) and e["value"] >= 3 for e in m[0]["entries"]):
    sys.exit("subprog: call_count map object wrong: %r" % m)
EOF
)
[ "$j1rc" = 0 ] || why="${why:-exit status $j1rc}"
grep -qE '^rawbpf: [0-9]+ events?(, [0-9]+ lost)?(; ring buffer events: .*)?$' "$T/j1err" || why="${why:-no totals line with --json}"
result "--json: every line is a JSON object; events with time, cpu, map, event; printk; maps" "$why"

# --- kprobe_count: this host has no kprobes; the failure must be clear,
#     the command must not run, and nothing may be left behind.
TR=$(tracefs)
cat >"$T/cmd_kp" <<EOF
/bin/touch $T/kprobe-command-ran
EOF
run "$EX/kprobe_count.bpf.o" -- /bin/sh "$T/cmd_kp"
sleep 0.2
why=""
[ "$rc" -ge 1 ] && [ "$rc" -le 3 ] || why="exit status $rc, expected 1..3 (not 0, not a signal)"
[ -z "$why" ] && ! grep -qi kprobe "$T/err" && why="the error does not name kprobe"
[ -z "$why" ] && ! grep -q count_execve "$T/err" && why="the error does not name the program count_execve"
[ -z "$why" ] && grep -qE '^rawbpf: [0-9]+ events' "$T/err" && why="printed totals as if it ran"
[ -z "$why" ] && [ -e "$T/kprobe-command-ran" ] && why="the command ran although attach failed"
# Only this run's entries (rawbpf_<netns>_<pid>_<n>): other rawbpf processes
# on the machine may have theirs while this test runs.
mine="rawbpf_[0-9]*_${rp}_"
[ -z "$why" ] && [ -f "$TR/kprobe_events" ] && grep -q "$mine" "$TR/kprobe_events" &&
	why="rawbpf entries left in kprobe_events: $(grep "$mine" "$TR/kprobe_events")"
[ -z "$why" ] && grep -q "$mine" "$TR/dynamic_events" 2>/dev/null &&
	why="rawbpf entries left in dynamic_events: $(grep "$mine" "$TR/dynamic_events")"
[ -z "$why" ] && bpftool prog show name count_execve 2>/dev/null | grep -q count_execve &&
	why="program count_execve still loaded"
result "kprobe_count: fails clearly without kprobes, command not run, nothing left" "$why"
