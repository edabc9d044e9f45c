// SPDX-License-Identifier: GPL-2.0
/*
 * usdt_args — USDT programs built against libbpf's <bpf/usdt.bpf.h>, for
 * tests/kernel/run_usdt.sh: each probe of tests/tools/usdt_target sends its
 * arguments as read by bpf_usdt_arg() (through the spec rawbpf put in
 * __bpf_usdt_specs and the cookie of the attachment), so the test compares
 * them with the values the target passed.
 *
 *   usdt_target 1 (argc 2): registers(2, 4, -2, 2), memory(6, -4),
 *   constants(5, -7), with_sema(2) (only when its semaphore is raised)
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

struct event {
	char probe[16];
	int cnt;
	long a0, a1, a2, a3;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

/* Keeps struct event in the BTF, so rawbpf decodes the events by it. */
struct event *unused_event __attribute__((unused));

static __always_inline int send(struct pt_regs *ctx, const char *name)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	__builtin_memcpy(e->probe, name, sizeof(e->probe));
	e->cnt = bpf_usdt_arg_cnt(ctx);
	e->a0 = e->a1 = e->a2 = e->a3 = 0;
	bpf_usdt_arg(ctx, 0, &e->a0);
	bpf_usdt_arg(ctx, 1, &e->a1);
	bpf_usdt_arg(ctx, 2, &e->a2);
	bpf_usdt_arg(ctx, 3, &e->a3);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* The path comes from --attach: SEC("usdt") names none. */
SEC("usdt")
int registers(struct pt_regs *ctx) { return send(ctx, "registers\0\0\0\0\0\0"); }

SEC("usdt")
int memory(struct pt_regs *ctx) { return send(ctx, "memory\0\0\0\0\0\0\0\0\0"); }

SEC("usdt")
int constants(struct pt_regs *ctx) { return send(ctx, "constants\0\0\0\0\0\0"); }

SEC("usdt")
int with_sema(struct pt_regs *ctx) { return send(ctx, "with_sema\0\0\0\0\0\0"); }

char LICENSE[] SEC("license") = "GPL";
