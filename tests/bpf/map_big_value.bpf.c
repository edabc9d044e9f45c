// SPDX-License-Identifier: GPL-2.0
/*
 * map_big_value — a hash map whose one value prints longer than 1,023
 * characters, for tests/kernel/run_globals.sh: on each kill(2) of process
 * target_tgid, entry 7 gets big.v[i] = 1000000 + i for i in 0..299 (300
 * eight-digit numbers: about 2,700 characters as text or JSON). rawbpf
 * printed map keys and values cut at 1,023 characters before (and so
 * broke the JSON line); they are printed whole.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define N 300

struct big {
	__u32 v[N];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct big);
} bigvals SEC(".maps");

const volatile __u32 target_tgid = 0;
static struct big zero;

SEC("tracepoint/syscalls/sys_enter_kill")
int fill_big(void *ctx)
{
	__u32 key = 7;
	struct big *b;

	if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	bpf_map_update_elem(&bigvals, &key, &zero, BPF_NOEXIST);
	b = bpf_map_lookup_elem(&bigvals, &key);
	if (!b)
		return 0;
	for (int i = 0; i < N; i++)
		b->v[i] = 1000000 + i;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
