// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe_multi — one program on many functions of a user program: every
 * function of uprobe_target.c whose name matches rawbpf_target_*, each
 * call counted by its address.
 *
 * rawbpf reads the binary's symbols with its own ELF reader, keeps the
 * functions the pattern matches, and attaches them all with one
 * BPF_LINK_CREATE (BPF_TRACE_UPROBE_MULTI, Linux 6.6) at their file
 * offsets. The path is relative: run rawbpf from the top of the tree.
 *
 * Run:    ./rawbpf run build/examples/uprobe_multi.bpf.o -- build/examples/uprobe_target 3 20 22
 * Output: at exit, the map calls: key = the function's address in the
 *         process, value = calls (3 for rawbpf_target_add).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u64);
	__type(value, __u64);
} calls SEC(".maps");

SEC("uprobe.multi/build/examples/uprobe_target:rawbpf_target_*")
int count_call(struct pt_regs *ctx)
{
	__u64 ip = PT_REGS_IP(ctx), one = 1, *n;

	n = bpf_map_lookup_elem(&calls, &ip);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&calls, &ip, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
