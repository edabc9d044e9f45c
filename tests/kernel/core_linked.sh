# An object made by the BPF static linker (root): build/tests/bpf/linked.bpf.o
# is `bpftool gen object` of linked_a.bpf.c and linked_b.bpf.c, whose BTF
# numbers struct task_struct differently (8 and 70 with clang 14), so the type ids
# clang wrote into the instructions no longer agree with the linked BTF.
# rawbpf loads it, and an XDP test run (bpftool prog run) shows, from both
# parts, the linked object's local id, the kernel's id of task_struct and the
# kernel's offset and size of task_struct.pid.
. tests/lib.sh
need_kernel "core_linked: linked object loads" "core_linked: type ids and field reads from both parts"

if ! command -v bpftool >/dev/null 2>&1; then
	skip "core_linked: linked object loads" "bpftool not installed"
	skip "core_linked: type ids and field reads from both parts" "bpftool not installed"
	exit 0
fi

obj=$O/tests/bpf/linked.bpf.o
tmp=$(mktemp -d)
pin=/sys/fs/bpf/rawbpf_core_linked_$$
cleanup() { rm -rf "$tmp" "$pin"; }
trap cleanup EXIT
head -c 64 /dev/zero >"$tmp/in"

if $RAWBPF load "$obj" --pin "$pin" >"$tmp/load" 2>&1; then
	ok "core_linked: linked object loads"
else
	not_ok "core_linked: linked object loads" "$(head -3 "$tmp/load")"
fi

# What the values must be: ids from bpftool's BTF dumps, pid's place from
# the kernel's task_struct (vmlinux BTF: "'pid' type_id=N bits_offset=B").
local_id=$(bpftool btf dump file "$obj" | sed -n "s/^\[\([0-9]*\)\] STRUCT 'task_struct' .*/\1/p")
kern_id=$(bpftool btf dump file /sys/kernel/btf/vmlinux | sed -n "s/^\[\([0-9]*\)\] STRUCT 'task_struct' .*/\1/p")
pid_off=$(bpftool btf dump file /sys/kernel/btf/vmlinux |
	sed -n "/^\[$kern_id\] STRUCT/,/^\[/s/^[[:space:]]*'pid' type_id=[0-9]* bits_offset=\([0-9]*\).*/\1/p")
want="$local_id $kern_id $((pid_off / 8)) 4"
got=$(bpftool prog run pinned "$pin/linked" data_in "$tmp/in" data_out "$tmp/out" >/dev/null 2>&1 &&
	od -An -v -tu4 -N36 "$tmp/out" | tr -s ' \n' ' ' | sed 's/^ //; s/ $//')
if [ "$got" = "$want $want $(bpftool btf dump file /sys/kernel/btf/vmlinux |
	sed -n "s/^\[[0-9]*\] STRUCT 'sk_buff' size=\([0-9]*\) .*/\1/p")" ]; then
	ok "core_linked: type ids and field reads from both parts"
	echo "# $got"
else
	not_ok "core_linked: type ids and field reads from both parts" "got '$got', want '$want' twice and sk_buff's size"
fi
