/* CO-RE against a field this kernel does not have. `guarded` checks
 * bpf_core_field_exists() first and loads; `unguarded` reads it anyway, and
 * the loader must name the field when the verifier refuses. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___future {
	int rawbpf_no_such_field;
} __attribute__((preserve_access_index));

int seen;

SEC("tp/syscalls/sys_enter_getppid")
int guarded(void *ctx)
{
	struct task_struct___future *t = (void *)bpf_get_current_task();

	if (bpf_core_field_exists(t->rawbpf_no_such_field))
		seen = BPF_CORE_READ(t, rawbpf_no_such_field);
	else
		seen = -1;
	return 0;
}

SEC("tp/syscalls/sys_enter_getppid")
int unguarded(void *ctx)
{
	struct task_struct___future *t = (void *)bpf_get_current_task();

	seen = BPF_CORE_READ(t, rawbpf_no_such_field);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
