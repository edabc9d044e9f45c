/* A BPF object whose BTF holds every kind clang emits for ordinary code:
 * structs, unions, enums, bitfields, arrays, typedefs, BTF map definitions
 * (__uint, __type, __array for map-in-map and prog arrays) and globals in
 * .data, .rodata and .bss. Read by tests/unit/test_btf.c; never loaded. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef unsigned long long u64_t;

enum color { RED = 1, GREEN = 2, BLUE = -3 };

struct flags {
	unsigned int a : 3;
	unsigned int b : 5;
	int c : 7;
	unsigned char tail;
};

union either {
	int i;
	char bytes[4];
};

struct event {
	int pid;
	char comm[16];
	enum color color;
	struct flags fl;
	union either u;
	u64_t ts;
	const volatile int *ptr;
	struct {
		short x, y;
	};
	int arr[3];
};

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, u64_t);
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct event);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, int);
	__array(values, struct inner);
} outer SEC(".maps") = {
	.values = { [0] = 0 },
};

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(int));
	__array(values, int (void *));
} jumps SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} perf SEC(".maps");

int counter = 7;                       /* .data */
const volatile int config = 3;         /* .rodata */
struct event last;                     /* .bss */
static volatile long hits;             /* .bss */

SEC("tracepoint/syscalls/sys_enter_execve")
int on_exec(void *ctx)
{
	int key = 0;
	struct event *e = bpf_map_lookup_elem(&events, &key);

	if (e) {
		e->pid = counter + config;
		e->fl.b = 3;
		e->u.i = 1;
		e->x = 2;
		last = *e;
	}
	hits++;
	bpf_tail_call(ctx, &jumps, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
