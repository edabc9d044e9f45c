// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_count — count the packets an interface receives, by IP protocol,
 * with an XDP program (it runs in the driver, before the kernel's stack).
 *
 * rawbpf attaches it to each --dev with a BPF_XDP link (BPF_LINK_CREATE);
 * the link goes when rawbpf exits, so nothing stays on the interface.
 * --xdp-mode skb forces generic XDP (any device); native needs driver
 * support (veth has it).
 *
 * Run:    ./rawbpf run build/examples/xdp_count.bpf.o --dev eth0 --interval 1
 * Output: the map pkts every second: key = IP protocol (1 ICMP, 6 TCP,
 *         17 UDP, 0 not IPv4), value = packets.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} pkts SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__u32 proto = 0;
	__u64 *n;

	/* Every access is checked against data_end: the verifier insists. */
	if ((void *)(ip + 1) <= end && eth->h_proto == bpf_htons(ETH_P_IP))
		proto = ip->protocol;
	n = bpf_map_lookup_elem(&pkts, &proto);
	if (n)
		(*n)++;         /* per-CPU: no other CPU writes this slot */
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
