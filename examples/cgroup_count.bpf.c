// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_count — count the packets and bytes the processes of one cgroup
 * send and receive, with cgroup_skb programs.
 *
 * rawbpf attaches both programs to --cgroup PATH (a cgroup v2 directory;
 * without it, the root of the cgroup v2 hierarchy: every process) with
 * BPF_LINK_CREATE (BPF_CGROUP_INET_EGRESS / _INGRESS). Returning 1 lets
 * the packet through; 0 would drop it.
 *
 * Run:    mkdir /sys/fs/cgroup/test && echo $$ > /sys/fs/cgroup/test/cgroup.procs
 *         ./rawbpf run build/examples/cgroup_count.bpf.o --cgroup /sys/fs/cgroup/test --interval 1
 * Output: the map traffic every second: key 0 egress, key 1 ingress, each
 *         { packets, bytes }.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct counts {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct counts);
} traffic SEC(".maps");

static __always_inline int count(__u32 key, struct __sk_buff *skb)
{
	struct counts *c = bpf_map_lookup_elem(&traffic, &key);

	if (c) {
		__sync_fetch_and_add(&c->packets, 1);
		__sync_fetch_and_add(&c->bytes, skb->len);
	}
	return 1;
}

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	return count(0, skb);
}

SEC("cgroup_skb/ingress")
int count_ingress(struct __sk_buff *skb)
{
	return count(1, skb);
}

char LICENSE[] SEC("license") = "GPL";
