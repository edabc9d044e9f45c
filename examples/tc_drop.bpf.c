// SPDX-License-Identifier: GPL-2.0
/*
 * tc_drop — drop incoming TCP segments to one port, with a tc program on an
 * interface's ingress hook, and count them.
 *
 * rawbpf attaches tc/ingress to each --dev with a tcx link (BPF_LINK_CREATE,
 * BPF_TCX_INGRESS) on 6.6 and later kernels; on older ones it adds the
 * clsact qdisc and a direct-action bpf filter over rtnetlink, and removes
 * both when it exits (--explain shows the netlink messages).
 *
 * Run:    ./rawbpf run build/examples/tc_drop.bpf.o --dev eth0 --set port=8080
 * Output: connections to port 8080 arriving on eth0 hang while it runs; at
 *         exit the map drops: key 0 = segments dropped.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* The port to drop: a load-time knob (--set port=N). */
const volatile __u16 port = 8080;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

SEC("tc/ingress")
int tc_drop(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = (void *)(ip + 1);   /* no IP options: enough here */
	__u32 key = 0;
	__u64 *n;

	if ((void *)(tcp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->protocol != IPPROTO_TCP || ip->ihl != 5 || tcp->dest != bpf_htons(port))
		return TC_ACT_OK;
	n = bpf_map_lookup_elem(&drops, &key);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_SHOT;
}

char LICENSE[] SEC("license") = "GPL";
