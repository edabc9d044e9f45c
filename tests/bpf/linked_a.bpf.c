/* One half of build/tests/bpf/linked.bpf.o, which `bpftool gen object`
 * (the BPF static linker) makes from this file and linked_b.bpf.c. The
 * linker merges and renumbers both objects' BTF and rewrites the CO-RE
 * records' type ids, but not the type ids clang wrote into instructions:
 * a loader must not expect them to agree (tests/kernel/core_linked.sh).
 *
 * An XDP test run writes into the packet: bytes 0-15 from here, 16-31 from
 * linked_b.bpf.c's b_fill(), each half as four u32s:
 *   local id of struct task_struct, its kernel id, the kernel's offset and
 *   size of task_struct.pid. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

extern int b_fill(struct xdp_md *ctx);

SEC("xdp")
int linked(struct xdp_md *ctx)
{
	__u32 *d = (void *)(long)ctx->data;

	if ((void *)(d + 8) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	d[0] = bpf_core_type_id_local(struct task_struct);
	d[1] = bpf_core_type_id_kernel(struct task_struct);
	d[2] = bpf_core_field_offset(struct task_struct, pid);
	d[3] = bpf_core_field_size(struct task_struct, pid);
	return b_fill(ctx) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
