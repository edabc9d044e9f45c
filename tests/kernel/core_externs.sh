# CO-RE and externs against the running kernel (root): a field the kernel
# lacks, guarded and not; .kconfig values and a kfunc.
. tests/lib.sh
need_kernel "core: guarded missing field loads" "core: unguarded missing field named" \
	"core: disasm --btf" "externs: kconfig and kfunc values" \
	"struct_ops: program loads for tcp_congestion_ops.init"

obj=$O/tests/bpf/core_missing.bpf.o
check "core: guarded missing field loads" $RAWBPF load "$obj" --only guarded
err=$($RAWBPF load "$obj" --only unguarded 2>&1 >/dev/null); rc=$?
case "$rc:$err" in
3:*"CO-RE relocation task_struct___future.rawbpf_no_such_field: no such field in the kernel's BTF"*)
	ok "core: unguarded missing field named" ;;
*)	not_ok "core: unguarded missing field named" "exit $rc: $err" ;;
esac
out=$($RAWBPF disasm --btf /sys/kernel/btf/vmlinux "$O/examples/bootstrap.bpf.o" on_exec 2>&1)
if echo "$out" | grep -q "^program on_exec" && echo "$out" | grep -qE '^ +[0-9]+: '; then
	ok "core: disasm --btf"
else
	not_ok "core: disasm --btf" "$out"
fi

out=$($RAWBPF run "$O/tests/bpf/externs.bpf.o" -- /bin/true 2>/dev/null | grep '^events' | head -1)
IFS=. read -r a b c <<EOV
$(uname -r | sed 's/[^0-9.].*//')
EOV
want=$(( (a << 16) + (b << 8) + (${c:-0} > 255 ? 255 : ${c:-0}) ))
hz=$(zcat /proc/config.gz 2>/dev/null | sed -n 's/^CONFIG_HZ=//p')
case "$out" in
*"kernel_version=$want "*"hz=$hz "*"bpf_syscall=1 "*"missing=0 acquired=1"*)
	ok "externs: kconfig and kfunc values" ;;
*)	not_ok "externs: kconfig and kfunc values" "want kernel_version=$want hz=$hz, got: $out" ;;
esac

out=$($RAWBPF inspect "$O/tests/bpf/structops.bpf.o" 2>&1)
if echo "$out" | grep -q 'tcp_congestion_ops.init' && $RAWBPF load "$O/tests/bpf/structops.bpf.o" >/dev/null; then
	ok "struct_ops: program loads for tcp_congestion_ops.init"
else
	not_ok "struct_ops: program loads for tcp_congestion_ops.init" "$out"
fi
