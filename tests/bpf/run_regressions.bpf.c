// SPDX-License-Identifier: GPL-2.0
/*
 * run_regressions — programs for tests/kernel/run_regressions.sh, each
 * chosen there with --only:
 *
 *   storm_ring, storm_perf, storm_printk
 *       on every write(2) of process target_tgid (rawbpf itself, run as
 *       `sh -c 'exec rawbpf ... --set target_tgid=$$'`): a ring buffer
 *       record, a perf buffer record, a bpf_printk line. Each event rawbpf
 *       prints is a write, which makes the next event: a storm the reader
 *       never catches up with.
 *   storm_printk_writev
 *       storm_printk on writev(2): musl's stdio (the static rawbpf) writes
 *       a stream's buffer with writev, never write.
 *   printk_newline
 *       bpf_printk("x\n") on each getppid() of target_tgid: one line each.
 *   count_calls
 *       counts getppid() calls of target_tgid in the array `calls`, for
 *       --interval to print.
 *   attach_ok, attach_missing
 *       the first attaches (sys_enter_getppid), the second names a
 *       tracepoint no kernel has, so it loads but cannot attach.
 *   loaded_only
 *       an XDP program: loaded, never attached by rawbpf.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CALLS_SLOTS 4096

const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} storm_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} storm_pb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CALLS_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} calls SEC(".maps");

struct event {
	__u32 pid;
	__u32 n;
};

/* Puts `struct event` into BTF for user space. */
const struct event *unused_event __attribute__((unused));

static int mine(void)
{
	return target_tgid && (bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

SEC("tracepoint/syscalls/sys_enter_write")
int storm_ring(void *ctx)
{
	struct event *e;

	if (!mine())
		return 0;
	e = bpf_ringbuf_reserve(&storm_rb, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = target_tgid;
	e->n = 1;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_write")
int storm_perf(void *ctx)
{
	struct event e = { .pid = target_tgid, .n = 2 };

	if (mine())
		bpf_perf_event_output(ctx, &storm_pb, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_write")
int storm_printk(void *ctx)
{
	if (mine())
		bpf_printk("storm");
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_writev")
int storm_printk_writev(void *ctx)
{
	if (mine())
		bpf_printk("storm");
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int printk_newline(void *ctx)
{
	if (mine())
		bpf_printk("x\n");
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_calls(void *ctx)
{
	if (!mine())
		return 0;
	/* Every slot filled, so the printed map is long. */
	for (int i = 0; i < CALLS_SLOTS; i++) {
		__u32 key = i;
		__u64 *v = bpf_map_lookup_elem(&calls, &key);

		if (v)
			__sync_fetch_and_add(v, 1);
	}
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int attach_ok(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_rawbpf_no_such_call")
int attach_missing(void *ctx)
{
	return 0;
}

SEC("xdp")
int loaded_only(struct xdp_md *ctx)
{
	return XDP_PASS;
}

/* A kind rawbpf never attaches (a socket filter goes on a socket). */
SEC("socket")
int loaded_socket(struct __sk_buff *skb)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
