// SPDX-License-Identifier: GPL-2.0
/*
 * getppid_events — the producer of bench/consume.sh: one 32-byte
 * `struct event` per getppid() call of the target process, into a ring
 * buffer (use_ring=1) or a perf event array (use_perf=1). `sent` and
 * `dropped` count, per CPU, what the channel took and what it refused
 * (ring full, perf buffer full), so the bench knows how many records a
 * consumer should have printed.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 target_tgid = 0;
const volatile __u32 use_ring = 0;
const volatile __u32 use_perf = 0;

struct event {
	__u64 seq;
	__u64 ts;
	__u32 pid;
	__u32 cpu;
	__u64 n;
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf SEC(".maps");

/* key 0 sent, 1 dropped */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static void count(__u32 key)
{
	__u64 *v = bpf_map_lookup_elem(&counts, &key);

	if (v)
		*v += 1;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int send_event(void *ctx)
{
	__u32 zero = 0;
	__u64 *sent = bpf_map_lookup_elem(&counts, &zero);
	struct event e = {};
	long err = -1;

	if (!sent || (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	e.seq = *sent;
	e.ts = bpf_ktime_get_ns();
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.cpu = bpf_get_smp_processor_id();
	e.n = 1;
	if (use_ring)
		err = bpf_ringbuf_output(&ring, &e, sizeof(e), 0);
	else if (use_perf)
		err = bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &e, sizeof(e));
	count(err ? 1 : 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
