// SPDX-License-Identifier: GPL-2.0
/*
 * run_globals — global variables the program writes, for
 * tests/kernel/run_globals.sh: on each kill(2) of process target_tgid
 * (the command, `sh -c 'kill -0 $$; ...'`, with --set target_tgid=@pid):
 *
 *   calls     .data, starts at 100: one more per call
 *   counts    .bss, __u64[4]: counts[1] += 1 and counts[3] += 2 per call
 *   hists     .bss, struct hist[3]: hists[2].slots[N] += 1 for the Nth
 *             call (from 0), a log2 histogram of one count per slot
 *   dist      .bss, __u64[8] named like a histogram: dist[N] += N + 1 for
 *             the Nth call, one histogram of counts 1, 2, 3
 *   comm      .bss, char[16]: the caller's name, a string (not an element a
 *             line)
 *   never     .bss: never written, so left out with a note
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SLOTS 8

struct hist {
	__u32 slots[SLOTS];
};

const volatile __u32 target_tgid = 0;

__u64 calls = 100;
__u64 counts[4];
struct hist hists[3];
__u64 dist[SLOTS];
char comm[16];
__u64 never;

SEC("tracepoint/syscalls/sys_enter_kill")
int count_kills(void *ctx)
{
	__u64 n;

	if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	n = __sync_fetch_and_add(&calls, 1) - 100;
	__sync_fetch_and_add(&counts[1], 1);
	__sync_fetch_and_add(&counts[3], 2);
	if (n < SLOTS) {
		__sync_fetch_and_add(&hists[2].slots[n], 1);
		__sync_fetch_and_add(&dist[n], n + 1);
	}
	bpf_get_current_comm(comm, sizeof(comm));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
