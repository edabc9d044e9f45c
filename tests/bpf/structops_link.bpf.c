/* A complete TCP congestion control in .struct_ops.link: the three members
 * tcp_register_congestion_control() requires. tests/kernel/test_links.c
 * registers it through a BPF_MAP_TYPE_STRUCT_OPS map and a BPF_STRUCT_OPS
 * link, and sees its name come and go in tcp_available_congestion_control. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("struct_ops/rb_ssthresh")
__u32 BPF_PROG(rb_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/rb_cong_avoid")
void BPF_PROG(rb_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/rb_undo_cwnd")
__u32 BPF_PROG(rb_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops rawbpf_lnk = {
	.ssthresh = (void *)rb_ssthresh,
	.cong_avoid = (void *)rb_cong_avoid,
	.undo_cwnd = (void *)rb_undo_cwnd,
	.name = "rawbpf_lnk",
};

char LICENSE[] SEC("license") = "GPL";
