#!/bin/sh
# A rawbpf killed with SIGKILL cannot remove its legacy probe entries
# (RAWBPF_LEGACY_PROBES=1: uprobe_events lines named rawbpf_<ns>_<pid>_<n>). The
# next rawbpf that adds legacy probes removes the entries of dead rawbpf
# processes, and only those: a live rawbpf's entries, an entry whose pid is
# alive but not rawbpf's, and entries of other tools stay.
. tests/lib.sh

need_kernel sigkill-attached sigkill-entries-present live-entries-present \
	sigkill-entries-remain next-run-ok next-run-removes-dead next-run-keeps-live \
	next-run-keeps-live-fake next-run-keeps-others next-run-removes-fake-dead \
	next-run-removes-own live-sigterm-clean

obj=$O/examples/uprobe.bpf.o
tmp=$(mktemp -d)
T=$(tracefs)
ev=$T/uprobe_events
ns=$(stat -Lc %i /proc/self/ns/pid)   # the pid namespace, in every name
pids=""
cleanup() {
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	# Our fake entries, and the killed rawbpf's if a check failed.
	for e in $(grep -oE '(rawbpf_[0-9]+_[0-9]+_[0-9]+|robust_other_[0-9]+)' "$ev" 2>/dev/null); do
		case " $mine " in *" $e "*) echo "-:uprobes/$e" >>"$ev" 2>/dev/null ;; esac
		case "$e" in "rawbpf_${ns}_${dead:-x}_"*) echo "-:uprobes/$e" >>"$ev" 2>/dev/null ;; esac
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
mine=""

# start NAME: rawbpf run with legacy probes in the background; waits for
# "attached" on its stderr (10 s at most). Sets $pid.
start() {
	RAWBPF_LEGACY_PROBES=1 "$RAWBPF" run "$obj" >"$tmp/$1.out" 2>"$tmp/$1.err" &
	pid=$!
	pids="$pids $pid"
	for _ in $(seq 100); do
		grep -q attached "$tmp/$1.err" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "# $1: no 'attached' line: $(tail -1 "$tmp/$1.err")"
	return 1
}
entries() { grep -c "/rawbpf_${ns}_$1_" "$ev"; }
has()     { grep -q "/$1 " "$ev"; }

# ---- a rawbpf killed with SIGKILL leaves its entries ----
if start dead; then ok "sigkill: rawbpf run (legacy probes) attached"
else not_ok "sigkill: rawbpf run (legacy probes) attached" "see above"; fi
dead=$pid
n_dead=$(entries "$dead")
# uprobe.bpf.o: an entry probe and a return probe.
if [ "$n_dead" = 2 ]; then ok "sigkill: 2 rawbpf_${dead}_* entries while attached"
else not_ok "sigkill: 2 rawbpf_${dead}_* entries while attached" "found $n_dead: $(cat "$ev")"; fi

# A second rawbpf, started before the kill (its own start would otherwise
# clean the dead entries first).
start live
live=$pid
if [ "$(entries "$live")" = 2 ]; then ok "a live rawbpf's 2 entries are present"
else not_ok "a live rawbpf's 2 entries are present" "found $(entries "$live")"; fi

kill -9 "$dead"
wait "$dead" 2>/dev/null
if [ "$(entries "$dead")" = 2 ]; then ok "sigkill: the entries remain after kill -9"
else not_ok "sigkill: the entries remain after kill -9" "found $(entries "$dead")"; fi

# ---- fake entries: a live non-rawbpf pid, a dead pid, another tool ----
# Fake entries on /bin/true (offset: its entry point, in the text segment).
off=$(readelf -h /bin/true 2>/dev/null | awk '/Entry point/ { print $4 }')
[ -n "$off" ] || off=0x1000
sleep 1000 &
sleeper=$!
pids="$pids $sleeper"
gone=$(sh -c 'echo $$')   # a pid that just exited
while kill -0 "$gone" 2>/dev/null; do gone=$(sh -c 'echo $$'); done
mine="rawbpf_${ns}_${sleeper}_0 rawbpf_${ns}_${gone}_7 robust_other_$$"
for e in $mine; do
	echo "p:uprobes/$e /bin/true:$off" >>"$ev" || echo "# could not add $e"
done

# ---- the next run cleans the dead only ----
if RAWBPF_LEGACY_PROBES=1 "$RAWBPF" run --duration 0.5 "$obj" >"$tmp/next.out" 2>"$tmp/next.err"; then
	ok "next rawbpf run with legacy probes succeeds"
else not_ok "next rawbpf run with legacy probes succeeds" "exit $?: $(tail -1 "$tmp/next.err")"; fi
if [ "$(entries "$dead")" = 0 ]; then ok "next run removed the killed rawbpf's entries"
else not_ok "next run removed the killed rawbpf's entries" "$(grep "rawbpf_${ns}_${dead}_" "$ev")"; fi
if [ "$(entries "$live")" = 2 ]; then ok "next run kept the live rawbpf's entries"
else not_ok "next run kept the live rawbpf's entries" "found $(entries "$live")"; fi
if has "rawbpf_${ns}_${sleeper}_0"; then ok "next run kept rawbpf_<live pid>_0 of another process"
else not_ok "next run kept rawbpf_<live pid>_0 of another process" "removed"; fi
if has "robust_other_$$"; then ok "next run kept an entry not named rawbpf_*"
else not_ok "next run kept an entry not named rawbpf_*" "removed"; fi
if has "rawbpf_${ns}_${gone}_7"; then not_ok "next run removed rawbpf_<dead pid>_7" "still there"
else ok "next run removed rawbpf_<dead pid>_7"; fi
# Its own entries: removed when it ended. Any rawbpf_* left now belongs to
# the live rawbpf or the fake live entry.
left=$(grep -oE 'rawbpf_[0-9]+_[0-9]+_' "$ev" | sort -u | grep -vE "^rawbpf_${ns}_($live|$sleeper)_$")
if [ -z "$left" ]; then ok "next run removed its own entries"
else not_ok "next run removed its own entries" "left: $left"; fi

# ---- the live one ends cleanly on SIGTERM ----
kill -TERM "$live"
wait "$live" 2>/dev/null
if [ "$(entries "$live")" = 0 ]; then ok "the live rawbpf removes its entries on SIGTERM"
else not_ok "the live rawbpf removes its entries on SIGTERM" "found $(entries "$live")"; fi
