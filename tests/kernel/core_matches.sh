# CO-RE TYPE_MATCHES against the running kernel (root): for each of the 40
# checks of tests/bpf/core_matches.bpf.c (kernel types from vmlinux.h, and
# local flavours made to match or not), rawbpf gives the same answer as
# libbpf. Both loaders load and pin the program (rawbpf load --pin; bpftool
# prog loadall, i.e. libbpf), then one XDP test run of each (bpftool prog
# run, BPF_PROG_TEST_RUN) writes the answers into the packet, byte i for
# check i. Most whole kernel structs answer 0 from both: clang names integer
# types in its own words ("unsigned long") where the kernel's BTF has gcc's
# ("long unsigned int"), and libbpf's rule compares the names.
. tests/lib.sh
need_kernel "core_matches: rawbpf loads" "core_matches: libbpf loads" \
	"core_matches: same answers as libbpf" "core_matches: local flavours answer as designed"

names="task_struct list_head sk_buff file page inode mm_struct sock net_device
bpf_prog cred dentry super_block cgroup bpf_attr bpf_map_type hlist_node rb_node
callback_head u64 bpf_map seq_file bpf_prog_type pt_regs xdp_md list_head___bad
task_struct___small task_struct___wrongsign bpf_map_type___extra bpf_map_type___sub
file___ptr sk_buff___missing rawbpf_no_such_type bpf_attr___flavor
callback_head___narrow callback_head___wide vm_area_struct bio socket kobject"
# The local flavours' answers by libbpf's rules (checks 25..35).
designed="25=0 26=1 27=0 28=0 29=1 30=1 31=0 32=0 33=1 34=1 35=0"

if ! command -v bpftool >/dev/null 2>&1; then
	for t in "core_matches: rawbpf loads" "core_matches: libbpf loads" \
		"core_matches: same answers as libbpf" "core_matches: local flavours answer as designed"; do
		skip "$t" "bpftool not installed (apt-get install bpftool)"
	done
	exit 0
fi

obj=$O/tests/bpf/core_matches.bpf.o
tmp=$(mktemp -d)
pin=/sys/fs/bpf/rawbpf_core_matches_$$
cleanup() { rm -rf "$tmp" "$pin"; }
trap cleanup EXIT
mkdir -p "$pin/rawbpf" "$pin/libbpf"
head -c 64 /dev/zero >"$tmp/in"

# answers WHO: the 40 answers of the program pinned under $pin/WHO, one a line.
answers() {
	bpftool prog run pinned "$pin/$1/matches" data_in "$tmp/in" data_out "$tmp/$1.out" \
		>"$tmp/$1.run" 2>&1 &&
	od -An -v -tu1 -N40 "$tmp/$1.out" | tr -s ' ' '\n' | sed '/^$/d'
}

if $RAWBPF load "$obj" --pin "$pin/rawbpf" >"$tmp/rload" 2>&1 && answers rawbpf >"$tmp/r"; then
	ok "core_matches: rawbpf loads"
else
	not_ok "core_matches: rawbpf loads" "$(cat "$tmp/rload" "$tmp/rawbpf.run" 2>/dev/null | head -5)"
fi
if bpftool prog loadall "$obj" "$pin/libbpf" >"$tmp/lload" 2>&1 && answers libbpf >"$tmp/l"; then
	ok "core_matches: libbpf loads"
else
	not_ok "core_matches: libbpf loads" "$(cat "$tmp/lload" "$tmp/libbpf.run" 2>/dev/null | head -5)"
fi

# One line per check: "NAME rawbpf=R libbpf=L".
i=0 diff="" table=""
for name in $names; do
	r=$(sed -n "$((i + 1))p" "$tmp/r" 2>/dev/null)
	l=$(sed -n "$((i + 1))p" "$tmp/l" 2>/dev/null)
	table="$table $i:$name=$r"
	[ -n "$r" ] && [ "$r" = "$l" ] || diff="$diff $name(rawbpf=${r:-?},libbpf=${l:-?})"
	i=$((i + 1))
done
if [ "$i" = 40 ] && [ -z "$diff" ]; then
	ok "core_matches: same answers as libbpf"
	echo "#$table"
else
	not_ok "core_matches: same answers as libbpf" "differ:$diff"
fi

bad=""
for d in $designed; do
	r=$(sed -n "$((${d%=*} + 1))p" "$tmp/r" 2>/dev/null)
	[ "$r" = "${d#*=}" ] || bad="$bad check ${d%=*}: ${r:-?} (want ${d#*=})"
done
if [ -z "$bad" ]; then ok "core_matches: local flavours answer as designed"
else not_ok "core_matches: local flavours answer as designed" "$bad"; fi
