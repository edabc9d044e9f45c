// SPDX-License-Identifier: GPL-2.0
/*
 * overload — a record producer for buffer overload tests.
 *
 * Each getppid() call of the target process writes `records_per_call`
 * records into a perf event array (program overload_perf) and into a BPF
 * ring buffer (program overload_ringbuf). Both buffers are small, so a
 * tight getppid() loop overruns any reader.
 *
 * Every write attempt is counted, per CPU, in the map `produced`:
 *
 *   key 0 PERF_SENT     bpf_perf_event_output() succeeded
 *   key 1 PERF_DROPPED  it failed (buffer full: the kernel counts the
 *                       record as lost and later reports it to the reader
 *                       in a PERF_RECORD_LOST record)
 *   key 2 RING_SENT       bpf_ringbuf_reserve() succeeded, record submitted
 *   key 3 RING_DROPPED    the reservation failed (ring full); a ring buffer
 *                       has no lost-record report, this counter is the
 *                       only trace of the drop
 *
 * Sum each key over CPUs. A test then checks, after the reader drained
 * everything:
 *
 *   perf:  PERF_SENT + PERF_DROPPED = delivered + lost
 *          (delivered = records read, lost = sum of PERF_RECORD_LOST counts;
 *          lost can lag PERF_DROPPED until a later record gets through)
 *   ring:  RING_SENT + RING_DROPPED = delivered + RING_DROPPED, i.e.
 *          delivered = RING_SENT
 *
 * Knobs (.rodata, set with --set before load):
 *   records_per_call  records per getppid() per buffer, at most 1024 (64)
 *   target_tgid       only this process's calls count; 0 = every process (0)
 *   use_perf          1 = the perf program writes, 0 = it does nothing (1)
 *   use_ringbuf       1 = the ring buffer program writes (1)
 *
 * Example:
 *   ./rawbpf run build/tests/bpf/overload.bpf.o --set records_per_call=256 &
 *   perl -e 'getppid() for 1..20000'
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_RECORDS 1024

const volatile __u32 records_per_call = 64;
const volatile __u32 target_tgid = 0;
const volatile __u32 use_perf = 1;
const volatile __u32 use_ringbuf = 1;

enum {
	PERF_SENT,
	PERF_DROPPED,
	RING_SENT,
	RING_DROPPED,
	NR_COUNTERS,
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NR_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} produced SEC(".maps");

/*
 * No max_entries: the loader sizes a perf event array to the number of
 * possible CPUs, as libbpf does.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} ring_events SEC(".maps");

/* 64 bytes: seq lets a test spot reordering or duplicates. */
struct event {
	__u64 seq;		/* per CPU and per buffer, from 0 */
	__u32 cpu;
	__u32 pid;
	__u32 index;		/* 0 .. records_per_call-1 within one call */
	__u32 channel;		/* 0: perf, 1: ring buffer */
	__u8 payload[40];
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

/* This CPU's slot of a counter (per-CPU: no other CPU writes it). */
static __u64 *counter(__u32 key)
{
	return bpf_map_lookup_elem(&produced, &key);
}

static int wanted(void)
{
	return !target_tgid || (bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int overload_perf(void *ctx)
{
	__u64 *sent = counter(PERF_SENT), *dropped = counter(PERF_DROPPED);
	struct event e = {};	/* zeroed, payload included */

	/* With use_perf frozen at 0 the verifier sees this as always true. */
	if (!use_perf || !wanted() || !sent || !dropped)
		return 0;
	e.cpu = bpf_get_smp_processor_id();
	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.channel = 0;

	for (__u32 i = 0; i < MAX_RECORDS && i < records_per_call; i++) {
		e.seq = *sent + *dropped;
		e.index = i;
		if (bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU,
					  &e, sizeof(e)) == 0)
			*sent += 1;
		else
			*dropped += 1;
	}
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int overload_ringbuf(void *ctx)
{
	__u64 *sent = counter(RING_SENT), *dropped = counter(RING_DROPPED);
	__u32 cpu, pid;

	if (!use_ringbuf || !wanted() || !sent || !dropped)
		return 0;
	cpu = bpf_get_smp_processor_id();
	pid = bpf_get_current_pid_tgid() >> 32;

	for (__u32 i = 0; i < MAX_RECORDS && i < records_per_call; i++) {
		struct event *e = bpf_ringbuf_reserve(&ring_events, sizeof(*e), 0);

		if (!e) {
			*dropped += 1;
			continue;
		}
		e->seq = *sent + *dropped;
		e->cpu = cpu;
		e->pid = pid;
		e->index = i;
		e->channel = 1;
		/* Reserved space is not zeroed: clear what we do not set. */
		__builtin_memset(e->payload, 0, sizeof(e->payload));
		bpf_ringbuf_submit(e, 0);
		*sent += 1;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
