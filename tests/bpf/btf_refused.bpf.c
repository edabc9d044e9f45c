/* An object whose BTF the kernel will refuse once a test renames the
 * typedef below: tests/kernel/load_issue11.sh replaces "rawbpf_btf_ok_t"
 * with "rawbpf-btf-ok-t" in the file (same length), a name the kernel's BTF
 * check refuses ("Invalid name", kernel/bpf/btf.c). rawbpf's own BTF reader
 * does not judge names, so the object still loads, without BTF. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

typedef __u32 rawbpf_btf_ok_t;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, rawbpf_btf_ok_t);
} btf_refused_counts SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid")
int btf_refused(void *ctx)
{
	__u32 key = 0;
	rawbpf_btf_ok_t *v = bpf_map_lookup_elem(&btf_refused_counts, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
