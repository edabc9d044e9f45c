// SPDX-License-Identifier: GPL-2.0
/*
 * globals — every kind of global variable a BPF program can have.
 *
 * clang places globals in ELF sections by kind; the loader turns each
 * section into a one-entry array map and rewrites every instruction that
 * takes a global's address into "address of that map's value + offset":
 *
 *   .data          initialized, writable                 (data_counter)
 *   .rodata        const: the loader freezes the map, so the verifier knows
 *                  the values and prunes dead branches    (knob_*)
 *   .bss           zero-initialized, writable; only its size is in the file
 *                                                         (exec_seen)
 *   .data.custom   a section of our own choosing, writable (custom_value)
 *
 * `const volatile` keeps clang from folding the knobs into constants, so the
 * loader can still change them before load (`--set knob_multiplier=3`).
 *
 * On each exec the program updates the writable globals and emits one event
 * with all values, so a test can check what the loader put where.
 *
 * Run:    ./rawbpf run build/examples/globals.bpf.o [--set knob_multiplier=3]
 * Output: per exec one `struct event`: data_counter counts up from 101,
 *         exec_seen from 1, custom_value = 0xc0ffee, knob_multiplier = 2
 *         (or the --set value), scaled = exec_seen * knob_multiplier,
 *         tag = "rawbpf".
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* .rodata: read-only after load, settable before it. */
const volatile __u32 knob_multiplier = 2;
const volatile char knob_tag[8] = "rawbpf";

/* .data: starts at 100, each exec adds one. */
__u64 data_counter = 100;

/* .bss: starts at zero. `static` works the same, with a local symbol. */
static __u64 exec_seen;

/* A named data section; the loader makes it a map of its own. */
__u32 custom_value SEC(".data.custom") = 0xc0ffee;

struct event {
	__u32 pid;
	__u32 knob_multiplier;
	__u64 data_counter;
	__u64 exec_seen;
	__u64 scaled;
	__u32 custom_value;
	char tag[8];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_execve")
int globals(void *ctx)
{
	struct event *e;
	__u64 seen;

	__sync_fetch_and_add(&data_counter, 1);
	seen = __sync_add_and_fetch(&exec_seen, 1);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->knob_multiplier = knob_multiplier;
	e->data_counter = data_counter;
	e->exec_seen = seen;
	e->scaled = seen * knob_multiplier;
	e->custom_value = custom_value;
	/* A volatile array cannot go through memcpy: copy it byte by byte. */
	for (int i = 0; i < (int)sizeof(e->tag); i++)
		e->tag[i] = knob_tag[i];
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/*
 * Here the event type is used by a global: `last` keeps a copy of the most
 * recent event in .bss, so BTF carries `struct event` without a dummy.
 */
struct event last;

SEC("tracepoint/syscalls/sys_exit_execve")
int globals_exit(void *ctx)
{
	last.pid = bpf_get_current_pid_tgid() >> 32;
	last.exec_seen = exec_seen;
	last.data_counter = data_counter;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
