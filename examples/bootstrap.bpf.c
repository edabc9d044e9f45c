// SPDX-License-Identifier: GPL-2.0
/*
 * bootstrap — process lifetimes: exec and exit, with how long each ran.
 *
 * The shape of a typical libbpf-bootstrap style tool:
 *   - tp/sched/sched_process_exec: remember when the process exec'd (a hash
 *     map keyed by pid) and report the exec;
 *   - tp/sched/sched_process_exit: look the start time up, compute the
 *     duration, read the exit code and report the exit;
 *   - a ring buffer carries both kinds of event;
 *   - a `const volatile` knob in .rodata filters short-lived processes; set
 *     it before load with `--set min_duration_ns=N`. The loader freezes
 *     .rodata, so the verifier sees the value as a constant.
 *
 * "tp/" is a short form of "tracepoint/".
 *
 * Run:    ./rawbpf run build/examples/bootstrap.bpf.o [--set min_duration_ns=100000000]
 * Output: `struct event` records: for an exec, kind = 0 with pid, ppid,
 *         comm and filename; for an exit, kind = 1 with exit_status (the
 *         value passed to exit(), e.g. 3 for `sh -c 'exit 3'`) and
 *         lifetime_ns. With min_duration_ns set, execs are not reported
 *         and exits only for processes that ran at least that long.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#define COMM_LEN     16
#define FILENAME_LEN 127

#define KIND_EXEC 0
#define KIND_EXIT 1

struct event {
	__u32 kind;		/* KIND_EXEC or KIND_EXIT */
	__s32 pid;
	__s32 ppid;
	__u32 exit_status;	/* KIND_EXIT: the value passed to exit() */
	__u64 lifetime_ns;	/* KIND_EXIT: time since the exec */
	char comm[COMM_LEN];
	char filename[FILENAME_LEN];	/* KIND_EXEC: the program run */
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

/* pid -> time of its last exec, in ns since boot. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, pid_t);
	__type(value, __u64);
} exec_time SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Report only processes that lived at least this long (0: report all). */
const volatile unsigned long long min_duration_ns = 0;

SEC("tp/sched/sched_process_exec")
int on_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	struct task_struct *task;
	struct event *e;
	unsigned int name_off;
	pid_t pid;
	__u64 ts;

	pid = bpf_get_current_pid_tgid() >> 32;
	ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&exec_time, &pid, &ts, BPF_ANY);

	/* With a duration filter, only exits are interesting. */
	if (min_duration_ns)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;

	task = (struct task_struct *)bpf_get_current_task();
	e->kind = KIND_EXEC;
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exit_status = 0;
	e->lifetime_ns = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));

	/*
	 * filename is a variable-length field: the record holds a __data_loc
	 * word whose low 16 bits are the string's offset from the record start
	 * (and high 16 bits its length).
	 */
	name_off = ctx->__data_loc_filename & 0xFFFF;
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename),
				  (void *)ctx + name_off);

	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp/sched/sched_process_exit")
int on_exit(struct trace_event_raw_sched_process_template *ctx)
{
	struct task_struct *task;
	__u64 id, *start, lifetime = 0;
	struct event *e;
	pid_t pid, tid;

	id = bpf_get_current_pid_tgid();
	pid = id >> 32;
	tid = (__u32)id;

	/* A thread ending is not the process ending. */
	if (pid != tid)
		return 0;

	start = bpf_map_lookup_elem(&exec_time, &pid);
	if (start)
		lifetime = bpf_ktime_get_ns() - *start;
	else if (min_duration_ns)
		return 0;	/* started before we did: duration unknown */
	bpf_map_delete_elem(&exec_time, &pid);

	if (min_duration_ns && lifetime < min_duration_ns)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;

	task = (struct task_struct *)bpf_get_current_task();
	e->kind = KIND_EXIT;
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	/* exit_code holds the wait status: exit status in bits 8..15. */
	e->exit_status = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff;
	e->lifetime_ns = lifetime;
	e->filename[0] = '\0';
	bpf_get_current_comm(e->comm, sizeof(e->comm));

	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
