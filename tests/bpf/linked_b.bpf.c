/* The other half of build/tests/bpf/linked.bpf.o (see linked_a.bpf.c):
 * the same four values, from a global function in a second object, and in
 * bytes 32-35 the size of struct sk_buff. That type comes first here, so
 * this object's BTF numbers task_struct differently from linked_a's. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

__noinline int b_fill(struct xdp_md *ctx)
{
	__u32 *d = (void *)(long)ctx->data;

	if (!ctx || (void *)(d + 9) > (void *)(long)ctx->data_end)
		return 0;
	d[8] = bpf_core_type_size(struct sk_buff);
	d[4] = bpf_core_type_id_local(struct task_struct);
	d[5] = bpf_core_type_id_kernel(struct task_struct);
	d[6] = bpf_core_field_offset(struct task_struct, pid);
	d[7] = bpf_core_field_size(struct task_struct, pid);
	return 1;
}
