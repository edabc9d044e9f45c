/* kprobe.multi on a pattern, kretprobe.multi on one function: count calls.
 * The host has no kprobes (attach_beyond.sh checks the refusal); the 6.12
 * guest of tests/initramfs/ runs it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

__u64 entries, returns;

SEC("kprobe.multi/__x64_sys_getpp*")
int multi_entry(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&entries, 1);
	return 0;
}

SEC("kretprobe.multi/__x64_sys_getppid")
int multi_return(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&returns, 1);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
