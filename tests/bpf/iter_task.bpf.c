/* A task iterator: one line per task, "pid=PID comm=COMM". The kernel test
 * tests/kernel/test_links.c attaches it with BPF_LINK_CREATE (BPF_TRACE_ITER),
 * reads it through BPF_ITER_CREATE and looks for its own pid. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;       /* the end of the walk */
	if (task->pid == task->tgid)    /* one line per process */
		BPF_SEQ_PRINTF(seq, "pid=%d comm=%s\n", task->tgid, task->comm);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
