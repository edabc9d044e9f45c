# The C API through examples/skeleton.c, and run options not covered
# elsewhere: --interval, --only/--skip, --no-printk, --event-type (root).
. tests/lib.sh
need_kernel "api: skeleton (open, set, load, attach, poll)" "run: --interval prints the maps each period" \
	"run: --only and --skip choose programs" "run: --no-printk hides trace_pipe" \
	"run: --event-type must name a struct"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
EX=$O/examples

if "$O/examples/skeleton" "$EX/pidfilter.bpf.o" >"$T/out" 2>"$T/err" &&
	grep -q '^3 events, write_count = 3$' "$T/err"; then
	ok "api: skeleton (open, set, load, attach, poll)"
else
	not_ok "api: skeleton (open, set, load, attach, poll)" "$(tail -3 "$T/err")"
fi

"$RAWBPF" run "$EX/subprog.bpf.o" --interval 0.3 -- sh -c 'for i in 1 2 3 4; do /bin/true; sleep 0.2; done' \
	>"$T/out" 2>"$T/err"
n=$(grep -c '^@call_count (array' "$T/out")
if [ "$n" -ge 3 ]; then ok "run: --interval prints the maps each period"
else not_ok "run: --interval prints the maps each period" "$n map blocks"; fi

"$RAWBPF" run "$EX/ringbuf.bpf.o" --only ringbuf_exit --explain -- /bin/true >"$T/out" 2>"$T/err"
a=$(grep -c 'BPF_PROG_LOAD' "$T/err")
"$RAWBPF" run "$EX/ringbuf.bpf.o" --skip ringbuf_exit -- /bin/true >"$T/out2" 2>"$T/err2"
if [ "$a" = 1 ] && grep -q 'prog_name="ringbuf_exit"' "$T/err" && ! grep -q 'kind=0' "$T/out" &&
	grep -q 'kind=0' "$T/out2" && ! grep -q 'kind=1' "$T/out2"; then
	ok "run: --only and --skip choose programs"
else
	not_ok "run: --only and --skip choose programs" "loads $a; $(head -2 "$T/out2")"
fi

"$RAWBPF" run "$EX/exec_perf.bpf.o" --no-printk --explain -- /bin/true >"$T/out" 2>"$T/err"
if grep -q '^exec_events' "$T/out" && ! grep -q '^printk' "$T/out"; then
	ok "run: --no-printk hides trace_pipe"
else
	not_ok "run: --no-printk hides trace_pipe" "$(head -3 "$T/out")"
fi

"$RAWBPF" run "$EX/ringbuf.bpf.o" --event-type no_such_struct -- /bin/true >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" != 0 ] && grep -q 'no struct no_such_struct' "$T/err"; then
	ok "run: --event-type must name a struct"
else
	not_ok "run: --event-type must name a struct" "exit $rc: $(cat "$T/err")"
fi
