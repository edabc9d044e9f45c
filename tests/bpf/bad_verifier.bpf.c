// SPDX-License-Identifier: GPL-2.0
/*
 * bad_verifier — compiles cleanly, but the kernel verifier rejects it.
 *
 * bpf_map_lookup_elem() returns NULL when the key is absent, so the verifier
 * types its result "map_value_or_null" and refuses any access through it
 * before a NULL check. The test expects rawbpf to exit with status 3 and to
 * print the verifier log, which names the faulty source line (from BTF line
 * info) and says, on 6.1 and 6.18:
 *
 *     ; *count += 1;	// BUG: no NULL check
 *     ... R0 invalid mem access 'map_value_or_null'
 *
 * The map is a hash: since 6.14 the verifier knows that an array lookup
 * with a constant, in-range key cannot fail, and would accept this code.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);	/* not ARRAY: see below */
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getpid")
int bad_verifier(void *ctx)
{
	__u32 key = 0;
	__u64 *count = bpf_map_lookup_elem(&counts, &key);

	*count += 1;	// BUG: no NULL check
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
