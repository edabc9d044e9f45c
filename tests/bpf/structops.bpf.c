/* A struct_ops program: a member of struct tcp_congestion_ops. rawbpf loads
 * it for the kernel structure and member that .struct_ops names. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

int inits;

SEC("struct_ops/rawbpf_init")
void BPF_PROG(rawbpf_init, struct sock *sk)
{
	inits++;
}

SEC(".struct_ops")
struct tcp_congestion_ops rawbpf_ca = {
	.init = (void *)rawbpf_init,
	.name = "rawbpf_ca",
};

char LICENSE[] SEC("license") = "GPL";
