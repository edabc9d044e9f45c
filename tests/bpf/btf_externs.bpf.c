/* Extern declarations whose BTF the kernel rejects as clang writes it:
 * Kconfig values (.kconfig), typed and typeless kernel symbols and a kfunc
 * (.ksyms). Read by tests/unit/test_btf.c to check btf_fixup_datasec(). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern unsigned int CONFIG_HZ __kconfig;
extern int LINUX_KERNEL_VERSION __kconfig __weak;
extern const void bpf_prog_active __ksym;
extern const struct rq runqueues __ksym;
extern struct task_struct *bpf_task_acquire(struct task_struct *) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

int out;

SEC("tp_btf/sched_switch")
int on_switch(u64 *ctx)
{
	struct task_struct *t = bpf_task_acquire((struct task_struct *)ctx[1]);

	out = CONFIG_HZ + LINUX_KERNEL_VERSION + (int)(long)&bpf_prog_active +
	      (int)(long)&runqueues;
	if (t)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
