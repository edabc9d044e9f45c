/* CO-RE: one program reads the same field, which this kernel does not have,
 * four times (four relocation records of one cause, one per subprogram).
 * When the verifier refuses the poisoned read, the loader must name the
 * field once (tests/kernel/load_issue11.sh). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___future {
	int rawbpf_no_such_field;
} __attribute__((preserve_access_index));

int seen[4];

/* Four subprograms, each with its own read: clang keeps one relocation per
 * function (within one it computes the offset once and reuses it). */
#define READER(n)									\
	static __attribute__((noinline)) int read##n(void)				\
	{										\
		struct task_struct___future *t = (void *)bpf_get_current_task();	\
											\
		return BPF_CORE_READ(t, rawbpf_no_such_field) + n;			\
	}
READER(0)
READER(1)
READER(2)
READER(3)

SEC("tp/syscalls/sys_enter_getppid")
int repeated(void *ctx)
{
	seen[0] = read0();
	seen[1] = read1();
	seen[2] = read2();
	seen[3] = read3();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
