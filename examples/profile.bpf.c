// SPDX-License-Identifier: GPL-2.0
/*
 * profile — which commands are on the CPU, by sampling.
 *
 * A `perf_event` program runs each time a perf event overflows. The loader
 * opens a software CPU clock event on every CPU with a sampling frequency
 * (perf_event_open with PERF_COUNT_SW_CPU_CLOCK) and attaches this program
 * to each; every sample counts one for the command running at that moment.
 *
 * Run:    ./rawbpf run build/examples/profile.bpf.o   (Ctrl-C to stop)
 * Output: at exit, the map samples: one line per comm with its sample
 *         count; a busy loop (e.g. `timeout 2 sh -c 'while :; do :; done'`)
 *         shows up as "sh" with many samples (about 99 per second of
 *         CPU time at 99 Hz). Idle time may show as "swapper/N".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define COMM_LEN 16

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, char[COMM_LEN]);
	__type(value, __u64);
} samples SEC(".maps");

SEC("perf_event")
int profile(struct bpf_perf_event_data *ctx)
{
	char comm[COMM_LEN] = {};
	__u64 one = 1, *count;

	bpf_get_current_comm(comm, sizeof(comm));
	count = bpf_map_lookup_elem(&samples, comm);
	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&samples, comm, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
