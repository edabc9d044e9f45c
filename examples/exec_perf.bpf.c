// SPDX-License-Identifier: GPL-2.0
/*
 * exec_perf — exec events through a perf event array, the pre-BTF way.
 *
 * Older programs (samples/bpf, BCC-era tools) describe maps with a plain
 * struct placed in a section called "maps", instead of the BTF `.maps`
 * section. The loader must read the map's shape from the bytes of that
 * struct. libbpf 1.0 dropped this format; rawbpf still reads it.
 *
 * No vmlinux.h and no CO-RE: only <linux/bpf.h> and the helper prototypes.
 * The tracepoint's record layout is written out by hand below, as found in
 * /sys/kernel/tracing/events/syscalls/sys_enter_execve/format.
 *
 * Run:    ./rawbpf run build/examples/exec_perf.bpf.o
 * Output: one `struct event` per exec (pid, comm, filename); the bpf_printk
 *         line goes to the kernel trace pipe (trace_pipe).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/*
 * The legacy map description. Its layout is a convention between the
 * program and the loader, not a kernel ABI: five 32-bit words, one struct
 * per map, the symbol name is the map name.
 */
struct bpf_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

/*
 * A perf event array maps a CPU number to a perf event fd that user space
 * opened and mmap'd; bpf_perf_event_output() writes into the current CPU's
 * buffer. 128 slots: enough for any CPU number on the machines we run on.
 */
struct bpf_map_def SEC("maps") exec_events = {
	.type        = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
	.key_size    = sizeof(int),
	.value_size  = sizeof(__u32),
	.max_entries = 128,
	.map_flags   = 0,
};

/* Fields of syscalls/sys_enter_execve, from its tracefs "format" file. */
struct sys_enter_execve_ctx {
	__u16 common_type;
	__u8  common_flags;
	__u8  common_preempt_count;
	__s32 common_pid;
	__s32 syscall_nr;		/* offset 8 */
	__u32 pad;
	const char *filename;		/* offset 16 */
	const char *const *argv;
	const char *const *envp;
};

struct event {
	__u32 pid;
	__u32 uid;
	char comm[16];
	char filename[64];
};

/*
 * Unused, but it puts `struct event` into the object's BTF so the loader can
 * decode records by type; locals alone are not emitted into BTF.
 */
const struct event *unused_event __attribute__((unused));

SEC("tracepoint/syscalls/sys_enter_execve")
int exec_perf(struct sys_enter_execve_ctx *ctx)
{
	struct event e = {};	/* zeroed: no stack bytes leak to user space */

	e.pid = bpf_get_current_pid_tgid() >> 32;
	e.uid = (__u32)bpf_get_current_uid_gid();
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_probe_read_user_str(e.filename, sizeof(e.filename), ctx->filename);

	/* Also to the trace pipe: the simplest debugging channel there is. */
	bpf_printk("exec_perf: pid %d runs %s", e.pid, e.filename);

	/* BPF_F_CURRENT_CPU: use the slot of the CPU we are running on. */
	bpf_perf_event_output(ctx, &exec_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
