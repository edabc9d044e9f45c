/* kprobe.multi on a pattern, kretprobe.multi on one function: calls counted
 * in hits (key 0 entries, key 1 returns). The host has no kprobes
 * (tests/kernel/attach_beyond.sh checks the refusal); the 6.12 guest of
 * tests/initramfs/ (steps-6.12) runs it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static void count(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("kprobe.multi/__do_sys_getpp*")
int multi_entry(struct pt_regs *ctx)
{
	count(0);
	return 0;
}

SEC("kretprobe.multi/__do_sys_getppid")
int multi_return(struct pt_regs *ctx)
{
	count(1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
