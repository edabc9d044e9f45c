// SPDX-License-Identifier: GPL-2.0
/*
 * pidfilter — watch the write() calls of one process.
 *
 * Two ways to tell a loaded program which pid to watch, both shown here:
 *
 *   1. a global variable, `target_pid`, in .bss. The loader puts .bss in a
 *      one-entry array map and writes its initial bytes before the program
 *      runs, so `--set target_pid=N` fills it in without recompiling;
 *   2. a BTF-defined array map, `watch_pid`, that any tool can update while
 *      the program runs (e.g. `bpftool map update name watch_pid ...`).
 *
 * The global wins when set (non-zero); otherwise the map entry is used.
 * Every write() of the watched process is counted and reported.
 *
 * Run:    ./rawbpf run build/examples/pidfilter.bpf.o --set target_pid=$$
 * Output: one `struct event` per write() of that pid (pid, fd, count, and
 *         the running total); the map write_count holds the total.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Set by the loader before load; zero means "use the watch_pid map". */
__u32 target_pid;

/* Key 0: the pid to watch when target_pid is zero. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} watch_pid SEC(".maps");

/* Key 0: how many write() calls the watched pid made. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} write_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct event {
	__u32 pid;
	__u32 fd;		/* first argument of write() */
	__u64 count;		/* third argument: bytes asked for */
	__u64 total;		/* write() calls seen so far */
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

/* syscalls/sys_enter_write, as its tracefs "format" file describes it. */
struct sys_enter_write_ctx {
	__u64 common;		/* type, flags, preempt count, pid */
	__s32 syscall_nr;
	__u32 pad;
	__u64 fd;
	const char *buf;
	__u64 count;
};

SEC("tracepoint/syscalls/sys_enter_write")
int pidfilter(struct sys_enter_write_ctx *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u32 key = 0, want = target_pid;
	__u64 *total;
	struct event *e;

	if (!want) {
		__u32 *p = bpf_map_lookup_elem(&watch_pid, &key);

		if (!p)
			return 0;
		want = *p;
	}
	if (!want || pid != want)
		return 0;

	total = bpf_map_lookup_elem(&write_count, &key);
	if (!total)
		return 0;
	__sync_fetch_and_add(total, 1);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid;
	e->fd = ctx->fd;
	e->count = ctx->count;
	e->total = *total;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
