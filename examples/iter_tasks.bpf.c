// SPDX-License-Identifier: GPL-2.0
/*
 * iter_tasks — list the processes, like a tiny ps, with a task iterator.
 *
 * An iterator runs when read, not on an event: rawbpf makes its link
 * (BPF_LINK_CREATE, BPF_TRACE_ITER), then BPF_ITER_CREATE gives an fd whose
 * read() walks every task and returns what the program printed with
 * bpf_seq_printf(). rawbpf prints that once, and again every --interval.
 *
 * Run:    ./rawbpf run build/examples/iter_tasks.bpf.o --duration 0.1
 * Output: one line per process: "PID PPID COMM".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

SEC("iter/task")
int list_tasks(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;       /* called once more at the end, with no task */
	if (task->pid != task->tgid)
		return 0;       /* a thread: its process has its line */
	BPF_SEQ_PRINTF(seq, "%d %d %s\n", task->tgid, BPF_CORE_READ(task, real_parent, tgid),
		       task->comm);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
