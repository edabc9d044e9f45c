/* lsm/file_open: every open counted in hits[0], none refused. Attached
 * where the BPF LSM is active: the 6.12 guest of tests/initramfs/, whose
 * Debian config lists bpf in CONFIG_LSM. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

SEC("lsm/file_open")
int BPF_PROG(count_open, struct file *file)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
