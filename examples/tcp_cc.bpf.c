// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_cc — a TCP congestion control written in BPF: Reno (slow start, then
 * one segment per round trip; half the window on loss), the shape of the
 * kernel selftests' bpf_cubic and bpf_dctcp.
 *
 * The programs are members of a struct tcp_congestion_ops in the
 * ".struct_ops.link" section. rawbpf builds the kernel's
 * bpf_struct_ops_tcp_congestion_ops value from it (program fds in the
 * function members, the name copied), creates a BPF_MAP_TYPE_STRUCT_OPS
 * map, writes it, and registers it with a BPF_STRUCT_OPS link: "rawbpf_reno"
 * is then in /proc/sys/net/ipv4/tcp_available_congestion_control until
 * rawbpf exits. (In a ".struct_ops" section the map update registers it;
 * kernels before 6.4 know only that form.)
 *
 * Run:    ./rawbpf run build/examples/tcp_cc.bpf.o
 *         then, as root: sysctl net.ipv4.tcp_congestion_control=rawbpf_reno,
 *         or setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "rawbpf_reno", 11)
 * Output: at exit, the map stats: key 0 = ACKs the algorithm saw, key 1 =
 *         times it halved the window.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#ifndef TCP_CC_SEC
#define TCP_CC_SEC ".struct_ops.link"
#define TCP_CC_NAME "rawbpf_reno"
#endif

/* The kernel's own building blocks, callable from tcp_congestion_ops
 * programs (net/ipv4/bpf_tcp_ca.c). */
extern void tcp_slow_start(struct tcp_sock *tp, __u32 acked) __ksym;
extern void tcp_cong_avoid_ai(struct tcp_sock *tp, __u32 w, __u32 acked) __ksym;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static void count(__u32 key)
{
	__u64 *n = bpf_map_lookup_elem(&stats, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
}

static struct tcp_sock *tcp_sk(const struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

SEC("struct_ops/reno_ssthresh")
__u32 BPF_PROG(reno_ssthresh, struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	count(1);
	return tp->snd_cwnd >> 1 > 2 ? tp->snd_cwnd >> 1 : 2;
}

SEC("struct_ops/reno_cong_avoid")
void BPF_PROG(reno_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
	struct tcp_sock *tp = tcp_sk(sk);

	count(0);
	if (!tp->is_cwnd_limited)
		return;         /* the application, not the network, is slow */
	if (tp->snd_cwnd < tp->snd_ssthresh)
		tcp_slow_start(tp, acked);
	else
		tcp_cong_avoid_ai(tp, tp->snd_cwnd, acked);
}

SEC("struct_ops/reno_undo_cwnd")
__u32 BPF_PROG(reno_undo_cwnd, struct sock *sk)
{
	const struct tcp_sock *tp = tcp_sk(sk);

	return tp->snd_cwnd > tp->prior_cwnd ? tp->snd_cwnd : tp->prior_cwnd;
}

SEC(TCP_CC_SEC)
struct tcp_congestion_ops rawbpf_reno = {
	.ssthresh = (void *)reno_ssthresh,
	.cong_avoid = (void *)reno_cong_avoid,
	.undo_cwnd = (void *)reno_undo_cwnd,
	.name = TCP_CC_NAME,
};

char LICENSE[] SEC("license") = "GPL";
