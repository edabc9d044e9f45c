/* CO-RE relocations of every kind clang emits, against this kernel's
 * vmlinux.h. Read by tests/unit/test_core.c: resolved against
 * /sys/kernel/btf/vmlinux, every value must equal clang's own (same layout),
 * except the fields and types that only the ___flavor structs invent.
 * (TYPE_MATCHES needs clang 15; clang 14 here cannot emit it.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___fake {
	int pid;
	int no_such_field;
} __attribute__((preserve_access_index));

struct no_such_type {
	int x;
} __attribute__((preserve_access_index));

enum fake_enum { FAKE_VALUE = 1 };

long out[16];

SEC("raw_tp/sched_switch")
int read_things(u64 *ctx)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	struct task_struct___fake *f = (void *)t;

	out[0] = BPF_CORE_READ(t, real_parent, tgid);
	out[1] = bpf_core_field_exists(f->no_such_field);
	out[2] = bpf_core_field_exists(t->pid);
	out[3] = bpf_core_type_exists(struct task_struct);
	out[4] = bpf_core_type_exists(struct no_such_type);
	out[5] = bpf_core_type_size(struct task_struct);
	out[6] = bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	out[7] = bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	out[8] = bpf_core_field_size(t->comm);
	out[9] = BPF_CORE_READ_BITFIELD_PROBED(t, in_execve);
	out[10] = bpf_core_type_id_kernel(struct task_struct);
	out[11] = bpf_core_enum_value_exists(enum fake_enum, FAKE_VALUE);
	out[12] = bpf_core_field_offset(f->pid);
	out[14] = bpf_core_type_id_local(struct no_such_type);
	if (bpf_core_field_exists(f->no_such_field))
		out[15] = BPF_CORE_READ(f, no_such_field);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
