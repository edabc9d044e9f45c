/* A mix for the reader and plan tests: legacy and BTF maps, every kind of
 * global, two programs in one section, a subprogram, a callback. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct legacy_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};
struct legacy_def legacy_counts SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 4,
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u32);
	__type(value, __u64);
} btf_hash SEC(".maps");

int counter = 7;
const volatile int knob = 3;
long zeroed;
int custom SEC(".data.custom") = 11;
char LICENSE[] SEC("license") = "GPL";

static __attribute__((noinline)) int add_one(int x)
{
	return x + counter + knob;
}

static long cb(__u32 i, void *ctx)
{
	zeroed += i;
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int first(void *ctx)
{
	__u32 k = 1;
	__u64 *v = bpf_map_lookup_elem(&legacy_counts, &k);

	if (v)
		*v += add_one(custom);
	bpf_loop(4, cb, 0, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int second(void *ctx)
{
	__u32 k = 2;
	__u64 one = 1;

	bpf_map_update_elem(&btf_hash, &k, &one, BPF_ANY);
	return add_one(2);
}
