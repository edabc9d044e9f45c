// SPDX-License-Identifier: GPL-2.0
/*
 * subprog — BPF-to-BPF calls and a bpf_loop() callback.
 *
 * Functions marked __noinline stay real functions: clang puts them in .text
 * and emits `call` instructions with a pc-relative target. The loader must
 * append every subprogram a program reaches to that program's instructions
 * and fix the call offsets, once per program that uses it:
 *
 *   on_exec_enter ──► report_exec ──► bump      (a call chain of depth 2)
 *   on_exec_exit  ──────────────────► bump      (bump is shared)
 *   report_exec   ──► bpf_loop(…, add_index, …) (a callback)
 *
 * In the object, a call inside .text is already pc-relative and carries no
 * relocation; a call from a program's section into .text carries one
 * (R_BPF_64_32 against .text). A callback is passed by address: clang
 * emits an ld_imm64 relocated against .text, and the loader marks it
 * src_reg = BPF_PSEUDO_FUNC with imm = add_index's position relative to the
 * instruction after the ld_imm64 in the final program (include/uapi/linux/bpf.h).
 *
 * Run:    ./rawbpf run build/examples/subprog.bpf.o
 * Output: per exec one `struct event` with loop_sum = 55 (1 + 2 + ... + 10)
 *         and enter_count counting up; the map call_count holds
 *         key 0 = execve() entries, key 1 = execve() returns.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define SLOT_ENTER 0
#define SLOT_EXIT  1
#define LOOP_N     10

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} call_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

struct event {
	__u32 pid;
	__u32 loop_n;
	__u64 loop_sum;		/* 1 + 2 + ... + loop_n, computed by bpf_loop */
	__u64 enter_count;	/* value of call_count[SLOT_ENTER] after this exec */
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

/* Depth 2, called from both programs: add one to a slot, return the sum. */
static __noinline __u64 bump(__u32 slot)
{
	__u64 *v = bpf_map_lookup_elem(&call_count, &slot);

	if (!v)
		return 0;
	return __sync_add_and_fetch(v, 1);
}

struct loop_state {
	__u64 sum;
};

/* bpf_loop() calls this with index 0..n-1; returning 1 would stop early. */
static long add_index(__u32 index, void *data)
{
	struct loop_state *st = data;

	st->sum += index + 1;
	return 0;
}

/* Depth 1: count the exec, run the loop, emit the event. */
static __noinline int report_exec(__u32 pid)
{
	struct loop_state st = { .sum = 0 };
	struct event *e;
	__u64 n;

	n = bump(SLOT_ENTER);
	bpf_loop(LOOP_N, add_index, &st, 0);

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = pid;
	e->loop_n = LOOP_N;
	e->loop_sum = st.sum;
	e->enter_count = n;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_execve")
int on_exec_enter(void *ctx)
{
	return report_exec(bpf_get_current_pid_tgid() >> 32);
}

SEC("tracepoint/syscalls/sys_exit_execve")
int on_exec_exit(void *ctx)
{
	bump(SLOT_EXIT);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
