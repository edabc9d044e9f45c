/* Externs the loader fills in: __kconfig values of each kind (int, bool,
 * tristate, string, a weak one the kernel lacks) and a kfunc call. A run
 * with `-- /bin/true` prints the values in the `event` it sends. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>


extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern int CONFIG_HZ __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig;
extern char CONFIG_DEFAULT_HOSTNAME[16] __kconfig;
extern int CONFIG_RAWBPF_NO_SUCH_OPTION __kconfig __weak;

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

struct event {
	unsigned int kernel_version;
	int hz, bpf_syscall, bpf_jit, missing, acquired;
	char hostname[16];
};
struct event last;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("tp_btf/sched_process_exec")
int externs(u64 *ctx)
{
	struct task_struct *t = bpf_task_acquire((struct task_struct *)ctx[0]);
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (e) {
		e->kernel_version = LINUX_KERNEL_VERSION;
		e->hz = CONFIG_HZ;
		e->bpf_syscall = CONFIG_BPF_SYSCALL;
		e->bpf_jit = CONFIG_BPF_JIT;
		e->missing = CONFIG_RAWBPF_NO_SUCH_OPTION;
		e->acquired = t != 0;
		__builtin_memcpy(e->hostname, CONFIG_DEFAULT_HOSTNAME, sizeof(e->hostname));
		bpf_ringbuf_submit(e, 0);
	}
	if (t)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
