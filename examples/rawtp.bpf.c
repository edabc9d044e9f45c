// SPDX-License-Identifier: GPL-2.0
/*
 * rawtp — count execs with a raw tracepoint.
 *
 * A raw tracepoint gets the tracepoint's arguments as the kernel passes them
 * (an array of u64), before they are copied into a trace record: cheaper
 * than a tracepoint, but the arguments are raw kernel values. For
 * sched_process_exec they are (struct task_struct *p, pid_t old_pid,
 * struct linux_binprm *bprm).
 *
 * Attached with BPF_RAW_TRACEPOINT_OPEN by name: no tracefs, no perf event.
 *
 * Run:    ./rawbpf run build/examples/rawtp.bpf.o
 * Output: at exit, the map exec_stats: key 0 = number of execs, key 1 =
 *         pid of the last process that exec'd.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define STAT_EXECS    0
#define STAT_LAST_PID 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} exec_stats SEC(".maps");

SEC("raw_tp/sched_process_exec")
int rawtp_exec(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 key = STAT_EXECS;
	__u64 *v;

	v = bpf_map_lookup_elem(&exec_stats, &key);
	if (v)
		__sync_fetch_and_add(v, 1);

	/* args[1] is old_pid: the pid before exec (they differ only for a
	 * non-leader thread calling exec). */
	key = STAT_LAST_PID;
	v = bpf_map_lookup_elem(&exec_stats, &key);
	if (v)
		*v = (__u32)ctx->args[1];
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
