// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe — trace a function of a user program: its arguments on entry and
 * its return value on exit.
 *
 * The target is examples/uprobe_target.c, built as build/examples/uprobe_target.
 * The section name says where to attach, in the form libbpf also uses:
 *
 *   uprobe/<path to binary>:<symbol>      on entry
 *   uretprobe/<path to binary>:<symbol>   on return
 *
 * The path here is relative, so run rawbpf from the top of the source tree.
 * The loader looks the symbol up in the binary's ELF symbol table, turns its
 * address into a file offset, and opens a "uprobe" perf event there.
 *
 * Run:    ./rawbpf run build/examples/uprobe.bpf.o &
 *         build/examples/uprobe_target 3 20 22
 * Output: three pairs of `struct event`: kind 0 (ENTRY) with a = 20,
 *         b = 22, then kind 1 (RETURN) with ret = 42; pid is the target's.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define KIND_ENTRY  0
#define KIND_RETURN 1

struct event {
	__u32 kind;	/* KIND_ENTRY or KIND_RETURN */
	__u32 pid;
	__s32 a, b;	/* KIND_ENTRY: the arguments */
	__s32 ret;	/* KIND_RETURN: the return value */
};

/* Puts `struct event` into BTF for user space (locals are not emitted). */
const struct event *unused_event __attribute__((unused));

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static void emit(__u32 kind, int a, int b, int ret)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return;
	e->kind = kind;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->a = a;
	e->b = b;
	e->ret = ret;
	bpf_ringbuf_submit(e, 0);
}

/*
 * BPF_KPROBE names the arguments: on x86-64 the first two integer
 * arguments are in registers rdi and rsi, read from the saved pt_regs.
 */
SEC("uprobe/build/examples/uprobe_target:rawbpf_target_add")
int BPF_KPROBE(add_entry, int a, int b)
{
	emit(KIND_ENTRY, a, b, 0);
	return 0;
}

/* On return the value is in rax; BPF_KRETPROBE reads it. */
SEC("uretprobe/build/examples/uprobe_target:rawbpf_target_add")
int BPF_KRETPROBE(add_return, int ret)
{
	emit(KIND_RETURN, 0, 0, ret);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
