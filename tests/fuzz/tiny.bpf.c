/* The base of the malformed regression inputs (tests/fuzz/mkmalformed.c):
 * the smallest object with each thing the plan reads. A BTF-defined map, a
 * global in .bss and a const in .rodata, a subprogram call, a CO-RE read and
 * a license. Built into tests/data/tiny.o by tests/fuzz/mkmalformed.sh. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

__u64 total = 0;
volatile const __u32 knob = 1;

struct task { int pid; } __attribute__((preserve_access_index));

static __attribute__((noinline)) int add(int x)
{
	return x + knob;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	struct task *t = (void *)bpf_get_current_task();
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	int pid = BPF_CORE_READ(t, pid);

	if (v)
		*v += add(pid);
	total++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
