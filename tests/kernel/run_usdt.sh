#!/bin/sh
# USDT programs (issue 13): tests/bpf/usdt_args.bpf.c, built against libbpf's
# <bpf/usdt.bpf.h>, attached to tests/tools/usdt_target's <sys/sdt.h> probes
# with --attach PROG=PATH:PROVIDER:NAME; and libbpf-tools' own javagc object
# attached to tests/tools/usdt_hotspot, which has a JVM's hotspot:gc__begin
# probes.
. tests/lib.sh
need_kernel "usdt_args_read_through_specs" "usdt_semaphore_raised" "usdt_no_such_probe_named" \
	"usdt_keep_going_counts_honestly" "usdt_without_target_shows_option" "usdt_javagc_object_attaches"

OBJ=$O/tests/bpf/usdt_args.bpf.o
U=$(pwd)/$O/tests/tools/usdt_target
H=$(pwd)/$O/tests/tools/usdt_hotspot
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
result() {
	if [ -z "$2" ]; then ok "$1"; return; fi
	not_ok "$1" "$2"
	echo "# stderr:"; tail -5 "$T/err" | sed 's/^/#   /'
}
attach_all="--attach registers=$U:rawbpf_test:registers --attach memory=$U:rawbpf_test:memory
	--attach constants=$U:rawbpf_test:constants --attach with_sema=$U:rawbpf_test:with_sema"

# usdt_target 1 (argc 2) passes registers(2, 4, -2, 2), memory(6, -4),
# constants(5, -7), with_sema(2): bpf_usdt_arg() reads them through the
# spec rawbpf wrote, found by the attachment's cookie.
# shellcheck disable=SC2086
"$RAWBPF" run "$OBJ" $attach_all -- "$U" 1 >"$T/out" 2>"$T/err"
rc=$?
why=""
[ "$rc" = 0 ] || why="exit status $rc"
for want in "probe=registers cnt=4 a0=2 a1=4 a2=-2 a3=2" "probe=memory cnt=2 a0=6 a1=-4 " \
	"probe=constants cnt=2 a0=5 a1=-7 "; do
	grep -q "$want" "$T/out" || why="${why:+$why, }no event '$want'"
done
grep -q 'attached 4 programs' "$T/err" || why="${why:+$why, }not 'attached 4 programs'"
result "usdt_args_read_through_specs: every argument form read as the target passed it" "$why"

# The with_sema probe fires only while its semaphore is raised: the
# kernel raises it from the uprobe's ref_ctr_offset.
why=""
grep -q "probe=with_sema cnt=1 a0=2 " "$T/out" || why="no with_sema event: the semaphore was not raised"
result "usdt_semaphore_raised: a probe behind a semaphore fires" "$why"

"$RAWBPF" run "$OBJ" --only registers --attach registers="$U":rawbpf_test:nope -- "$U" 1 >"$T/out" 2>"$T/err"
rc=$?
why=""
[ "$rc" = 3 ] || why="exit status $rc, expected 3"
grep -q 'no USDT probe rawbpf_test:nope (it has: .*rawbpf_test:registers' "$T/err" || why="${why:+$why, }message does not list the probes"
grep -q ': attached ' "$T/err" && why="${why:+$why, }an 'attached' line was printed"
result "usdt_no_such_probe_named: the probes the file has are listed" "$why"

# With --keep-going the three others run; the summary and the exit status
# say one did not attach.
# shellcheck disable=SC2086
"$RAWBPF" run "$OBJ" --keep-going $attach_all --attach memory="$U":rawbpf_test:nope -- "$U" 1 >"$T/out" 2>"$T/err"
rc=$?
why=""
[ "$rc" = 4 ] || why="exit status $rc, expected 4"
grep -q 'attached 3 programs, 1 not attached' "$T/err" || why="${why:+$why, }summary not 'attached 3 programs, 1 not attached'"
grep -q '^  memory  *.*rawbpf_test:nope  *.*no USDT probe' "$T/err" || why="${why:+$why, }no table row for memory"
grep -q 'probe=registers' "$T/out" || why="${why:+$why, }the others did not run"
grep -q 'probe=memory' "$T/out" && why="${why:+$why, }memory ran"
result "usdt_keep_going_counts_honestly: 3 attached, 1 in the table, exit 4" "$why"

"$RAWBPF" run "$OBJ" --only registers --duration 0.2 >"$T/out" 2>"$T/err"
rc=$?
why=""
[ "$rc" = 3 ] || why="exit status $rc, expected 3 (nothing attached)"
grep -q 'give one with --attach registers=PATH:PROVIDER:NAME' "$T/err" || why="${why:+$why, }the option is not shown"
result "usdt_without_target_shows_option: skipped, with the --attach it needs" "$why"

# javagc: what its user space does (attach the four programs to libjvm.so's
# hotspot probes), here on a <sys/sdt.h> program with the same probes.
if [ ! -x /usr/sbin/javagc ]; then
	skip "usdt_javagc_object_attaches" "libbpf-tools is not installed (scripts/deps.sh)"
	exit 0
fi
"$O/tests/tools/extract_bpf" /usr/sbin/javagc "$T" >/dev/null
"$RAWBPF" run "$T/javagc.bpf.o" --attach handle_gc_start="$H":hotspot:gc__begin \
	--attach handle_gc_end="$H":hotspot:gc__end \
	--attach handle_mem_pool_gc_start="$H":hotspot:mem__pool__gc__begin \
	--attach handle_mem_pool_gc_end="$H":hotspot:mem__pool__gc__end -- "$H" 5 10 >"$T/out" 2>"$T/err"
rc=$?
why=""
[ "$rc" = 0 ] || why="exit status $rc"
grep -q 'attached 4 programs' "$T/err" || why="${why:+$why, }not 'attached 4 programs'"
[ "$(grep -c '^perf_map' "$T/out")" -ge 5 ] || why="${why:+$why, }fewer than 5 events: $(grep -c '^perf_map' "$T/out")"
result "usdt_javagc_object_attaches: javagc's object on hotspot:gc__begin/gc__end" "$why"
