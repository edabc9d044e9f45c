// SPDX-License-Identifier: GPL-2.0
/*
 * tpbtf — count execs with a BTF-typed tracepoint (tp_btf).
 *
 * Like a raw tracepoint, but the verifier knows the arguments' types from
 * kernel BTF, so `p->tgid` is a plain load: no bpf_probe_read, no CO-RE
 * helper. To allow this the program is loaded with attach_btf_id = the
 * kernel BTF id of the typedef "btf_trace_sched_process_exec", which the
 * loader finds in /sys/kernel/btf/vmlinux; it is then attached with
 * BPF_RAW_TRACEPOINT_OPEN (or a BPF link).
 *
 * Run:    ./rawbpf run build/examples/tpbtf.bpf.o
 * Output: at exit, the map exec_stats: key 0 = number of execs, key 1 =
 *         tgid of the last process that exec'd.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define STAT_EXECS     0
#define STAT_LAST_TGID 1

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} exec_stats SEC(".maps");

/* BPF_PROG unpacks the u64 argument array into typed parameters. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(tpbtf_exec, struct task_struct *p, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	__u32 key = STAT_EXECS;
	__u64 *v;

	v = bpf_map_lookup_elem(&exec_stats, &key);
	if (v)
		__sync_fetch_and_add(v, 1);

	key = STAT_LAST_TGID;
	v = bpf_map_lookup_elem(&exec_stats, &key);
	if (v)
		*v = p->tgid;	/* a direct, verifier-checked kernel read */
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
