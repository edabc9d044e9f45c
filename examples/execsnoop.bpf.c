// SPDX-License-Identifier: GPL-2.0
/*
 * execsnoop — one event per execve(): who ran what.
 *
 * This is the program `rawbpf run` loads when given no object file (it is
 * embedded in the binary). It shows the three things most tracing tools need:
 *
 *   - a syscall tracepoint as the hook (tracepoint/syscalls/sys_enter_execve),
 *   - a CO-RE read through kernel structures (task->real_parent->tgid), which
 *     the loader relocates against the running kernel's BTF, so the same
 *     object works on 6.1 and 6.18 although task_struct differs between them,
 *   - a BPF ring buffer declared the BTF way (a `.maps` section variable).
 *
 * Run:    ./rawbpf run            (or: ./rawbpf run build/examples/execsnoop.bpf.o)
 * Output: one line per exec, decoded from `struct event` by its BTF.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/*
 * The two kernel structures read here, declared with only the fields read,
 * instead of vmlinux.h's. CO-RE needs no more: a relocation names a field
 * by its type's name and the field's name, and the loader finds the real
 * offset in the running kernel's BTF (preserve_access_index makes clang
 * record each access). The object's BTF then holds these few types instead
 * of all task_struct reaches (26 KiB of .BTF down to about 1), which matters
 * because this object is embedded in the static binary.
 */
struct task_struct {
	struct task_struct *real_parent;
	int tgid;                   /* pid_t */
} __attribute__((preserve_access_index));

/*
 * Syscall tracepoints share one layout: a common header (struct
 * trace_entry, 8 bytes), the syscall number, then the six arguments as
 * longs. The kernel's BTF names it trace_event_raw_sys_enter.
 */
struct trace_event_raw_sys_enter {
	__u64 ent;
	long id;
	unsigned long args[6];
} __attribute__((preserve_access_index));

#define COMM_LEN     16
#define FILENAME_LEN 128

/* The record user space reads. The loader finds it by the name `event`. */
struct event {
	__u32 pid;                  /* tgid of the process calling execve */
	__u32 ppid;                 /* tgid of its parent */
	char comm[COMM_LEN];        /* command name before the exec */
	char filename[FILENAME_LEN];/* first argument of execve */
};

/*
 * clang writes a type into BTF only when a global, a map or a function
 * signature uses it; a pointer local is not enough. This unused global (in
 * .bss) makes `struct event` part of the object's BTF, so user space can
 * decode records by type.
 */
const struct event *unused_event __attribute__((unused));

/* Ring buffers have no key or value: only a size, a power of two pages. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int handle_execve(struct trace_event_raw_sys_enter *ctx)
{
	struct task_struct *task;
	struct event *e;

	/* Reserve space in the ring first: nothing is copied twice. */
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;	/* ring full: the event is dropped */

	e->pid = bpf_get_current_pid_tgid() >> 32;

	/*
	 * bpf_get_current_task() returns an untyped kernel pointer; every hop
	 * through it is a bpf_probe_read_kernel() whose offset the loader fixes
	 * up from kernel BTF (a CO-RE relocation per field).
	 */
	task = (struct task_struct *)bpf_get_current_task();
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);

	bpf_get_current_comm(e->comm, sizeof(e->comm));

	/* The filename still lives in user memory of the caller. */
	bpf_probe_read_user_str(e->filename, sizeof(e->filename),
				(const char *)ctx->args[0]);

	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* bpf_probe_read_user_str and ring buffers need a GPL-compatible license. */
char LICENSE[] SEC("license") = "GPL";
