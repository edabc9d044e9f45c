#!/bin/sh
# `make fuzz`: run each fuzz target SECONDS seconds (default 60) on a
# corpus kept in build-fuzz/corpus/TARGET (grows from run to run), seeded from
# the objects in $O. Crashes land in build-fuzz/crashes/. Prints one line per
# target with its executions, and exits 1 if any target crashed.
#   tests/fuzz/run.sh [SECONDS [TARGET...]]
O=${O:-build}
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"fuzz_elf fuzz_btf fuzz_btf_ext fuzz_plan fuzz_inflate"}
sh tests/fuzz/seeds.sh "$O" build-fuzz/seeds || exit 1
mkdir -p build-fuzz/crashes
status=0 total=0
for t in $targets; do
	mkdir -p "build-fuzz/corpus/$t"
	log=build-fuzz/$t.log
	build-fuzz/fuzz/$t -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix=build-fuzz/crashes/"$t"- \
		"build-fuzz/corpus/$t" "build-fuzz/seeds/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	total=$((total + ${execs:-0}))
	if [ $rc -eq 0 ]; then
		echo "$t: ${execs:-?} executions in ${secs}s, corpus $(ls "build-fuzz/corpus/$t" | wc -l) inputs"
	else
		echo "$t: CRASH (exit $rc) after ${execs:-?} executions; see $log and build-fuzz/crashes/"
		grep -m3 -E 'ERROR: |runtime error|SUMMARY' "$log"
		status=1
	fi
done
echo "total: $total executions"
exit $status
