/* The shapes load_relocate (loader/load/relocate.c) has to get right, for
 * tests/unit/test_relocate.c:
 *
 *   prog_a ──────────────────────► shared     (called first: lands first)
 *   prog_a ──► bpf_loop(…, cb, …)             (BPF_PSEUDO_FUNC)
 *   prog_a ──► outer ──► inner ──► shared     (.text → .text: no relocation;
 *                                              shared reached twice, placed once)
 *   prog_b ──► outer ──► inner ──► shared     (all three again, in a second
 *                                              program, in another order)
 *
 * clang lays .text out in the order prog_a first calls (shared, cb, outer,
 * inner); prog_b reaches them as outer, inner, shared, so inner's call to
 * shared, which has no relocation, must really be re-aimed.
 *
 * Both programs share one section, so prog_b starts in the middle of it and
 * its func_info/line_info must be shifted down to 0. Map loads: shared
 * (counts), prog_b (seen). Global loads at known offsets: first_var at 0 and
 * second_var at 8 of .data (inner, prog_a, prog_b), hits at 0 of .bss (cb).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

int first_var = 1;
long second_var = 2;
__u64 hits;
char LICENSE[] SEC("license") = "GPL";

static __noinline int shared(int x)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);

	if (v)
		*v += x;
	return x + 1;
}

static __noinline int inner(int x)
{
	return shared(x * 3) + (int)second_var;
}

static __noinline int outer(int x)
{
	return inner(x) + 1;
}

static long cb(__u32 i, void *ctx)
{
	hits += i;
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int prog_a(void *ctx)
{
	int r = shared(first_var);

	bpf_loop(4, cb, 0, 0);
	return outer(r);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int prog_b(void *ctx)
{
	__u32 k = 1;
	__u64 one = 1;

	bpf_map_update_elem(&seen, &k, &one, BPF_ANY);
	second_var++;
	return outer(2);
}
