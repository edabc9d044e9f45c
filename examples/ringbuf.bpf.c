// SPDX-License-Identifier: GPL-2.0
/*
 * ringbuf — the three ways to put a record into a BPF ring buffer.
 *
 *   bpf_ringbuf_reserve() + bpf_ringbuf_submit()   write in place, publish
 *   bpf_ringbuf_reserve() + bpf_ringbuf_discard()  write in place, withdraw
 *   bpf_ringbuf_output()                           copy a finished record
 *
 * On execve() entry a record is reserved and filled in; it is submitted when
 * the path is absolute and discarded when it is relative (`./prog`), so a
 * discarded record never reaches user space, though it used ring space. On
 * execve() return a record built on the stack is copied in with output.
 *
 * Run:    ./rawbpf run build/examples/ringbuf.bpf.o
 * Output: `struct event` records: kind 0 (ENTER) for each exec of an
 *         absolute path, with the filename; kind 1 (EXIT) for each return
 *         from execve(), with ret = 0 on success or -errno (e.g. -2 for a
 *         missing file). A relative-path exec yields an EXIT but no ENTER.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define KIND_ENTER 0
#define KIND_EXIT  1

struct event {
	__u32 kind;		/* KIND_ENTER or KIND_EXIT */
	__u32 pid;
	__s64 ret;		/* KIND_EXIT: execve()'s return value */
	char comm[16];
	char filename[64];	/* KIND_ENTER: the path asked for */
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 128 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int ringbuf_enter(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e;
	long n;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;

	e->kind = KIND_ENTER;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->ret = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	n = bpf_probe_read_user_str(e->filename, sizeof(e->filename),
				    (const char *)ctx->args[0]);

	/*
	 * A reserved record must be submitted or discarded on every path, or
	 * the verifier rejects the program.
	 */
	if (n <= 0 || e->filename[0] != '/') {
		bpf_ringbuf_discard(e, 0);
		return 0;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int ringbuf_exit(struct trace_event_raw_sys_exit *ctx)
{
	struct event e = {};	/* zeroed: no stack bytes leak out */

	e.kind = KIND_EXIT;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.ret = ctx->ret;
	bpf_get_current_comm(e.comm, sizeof(e.comm));

	/* One copy from the stack into the ring; fine for small records. */
	bpf_ringbuf_output(&events, &e, sizeof(e), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
