// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe_count — count execve() calls with a kprobe.
 *
 * A kprobe fires on entry to any kernel function. Here the function is
 * __x64_sys_execve, the x86-64 entry point of execve(2), present (and not
 * inlined) in both 6.1 and 6.18 kernels; check with
 *     grep ' __x64_sys_execve$' /proc/kallsyms
 * The count lives in a legacy `maps` section array, read by user space.
 *
 * Needs a kernel with CONFIG_KPROBES (the Debian 6.1 kernel has it).
 *
 * Run:    ./rawbpf run build/examples/kprobe_count.bpf.o
 * Output: at exit, the map exec_count: key 0 = number of execve() calls.
 */
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>

/* Legacy map description: the loader reads these five words. */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

/* One slot: key 0 holds the count. Arrays are preallocated and zeroed. */
struct bpf_map_def SEC("maps") exec_count = {
	.type        = BPF_MAP_TYPE_ARRAY,
	.key_size    = sizeof(__u32),
	.value_size  = sizeof(__u64),
	.max_entries = 1,
	.map_flags   = 0,
};

/* The section name says where to attach: kprobe/<kernel function>. */
SEC("kprobe/__x64_sys_execve")
int count_execve(struct pt_regs *ctx)
{
	__u32 key = 0;
	__u64 *count;

	count = bpf_map_lookup_elem(&exec_count, &key);
	if (count)	/* the verifier insists on this check */
		__sync_fetch_and_add(count, 1);	/* other CPUs may race us */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
