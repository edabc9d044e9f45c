// SPDX-License-Identifier: GPL-2.0
/*
 * syscount — how many system calls each command makes.
 *
 * raw_syscalls/sys_enter fires on every system call of every process, so the
 * counter must be cheap: a per-CPU hash map gives each CPU its own copy of
 * every value, so no atomic instruction is needed. User space sums the
 * per-CPU values when it reads the map (rawbpf prints maps at exit).
 *
 * The key is the command name (16 bytes, NUL padded), the value a count.
 *
 * Run:    ./rawbpf run build/examples/syscount.bpf.o   (Ctrl-C to stop)
 * Output: at exit, the map syscalls: one line per comm with its count
 *         (e.g. "rawbpf" and any command run meanwhile, such as "ls").
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define COMM_LEN 16

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10240);
	__type(key, char[COMM_LEN]);
	__type(value, __u64);
} syscalls SEC(".maps");

SEC("tracepoint/raw_syscalls/sys_enter")
int syscount(struct trace_event_raw_sys_enter *ctx)
{
	char comm[COMM_LEN] = {};	/* zeroed: the key must be NUL padded */
	__u64 one = 1, *count;

	bpf_get_current_comm(comm, sizeof(comm));

	/* This CPU's copy of the value: only this CPU writes it. */
	count = bpf_map_lookup_elem(&syscalls, comm);
	if (count) {
		*count += 1;
		return 0;
	}
	/* First call seen for this comm. NOEXIST: another CPU may have won. */
	bpf_map_update_elem(&syscalls, comm, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
