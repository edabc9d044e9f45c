/* BPF_PROG_LOAD and BPF_BTF_LOAD: the two commands that carry a verifier log.
 *
 * Since 6.4 the kernel writes the size the whole log needed into
 * log_true_size (PROG_LOAD) and btf_log_true_size (BTF_LOAD), the u32 right
 * after core_relo_rec_size and btf_log_level. Debian's 6.1 uapi headers do not
 * name these fields, so they are reached by offset; the size passed covers
 * them, which older kernels accept because the field is zero on input. */
#include "bpf/sys.h"

#include <stdint.h>
#include <string.h>

#define PTR(p) ((__u64)(uintptr_t)(p))

#define PROG_LOG_TRUE_SIZE_OFF SYS_ATTR_END(core_relo_rec_size)
#define BTF_LOG_TRUE_SIZE_OFF  SYS_ATTR_END(btf_log_level)

_Static_assert(PROG_LOG_TRUE_SIZE_OFF + 4 <= sizeof(union bpf_attr),
	       "log_true_size must fit in union bpf_attr");
_Static_assert(BTF_LOG_TRUE_SIZE_OFF + 4 <= sizeof(union bpf_attr),
	       "btf_log_true_size must fit in union bpf_attr");

static __u32 u32_at(const union bpf_attr *attr, size_t off)
{
	__u32 v;

	memcpy(&v, (const char *)attr + off, sizeof(v));
	return v;
}

int sys_prog_load(struct sys *s, struct sys_prog_load *a)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = a->prog_type;
	attr.insn_cnt = a->insn_cnt;
	attr.insns = PTR(a->insns);
	attr.license = PTR(a->license);
	if (a->log_buf && a->log_size) {
		a->log_buf[0] = 0;
		attr.log_buf = PTR(a->log_buf);
		attr.log_size = a->log_size;
		attr.log_level = a->log_level ? a->log_level : 1;
	}
	attr.kern_version = a->kern_version;
	attr.prog_flags = a->prog_flags;
	sys_obj_name(attr.prog_name, a->name);
	attr.expected_attach_type = a->expected_attach_type;
	attr.prog_btf_fd = a->prog_btf_fd;
	if (a->prog_btf_fd && a->func_info_cnt) {
		attr.func_info = PTR(a->func_info);
		attr.func_info_rec_size = a->func_info_rec_size;
		attr.func_info_cnt = a->func_info_cnt;
	}
	if (a->prog_btf_fd && a->line_info_cnt) {
		attr.line_info = PTR(a->line_info);
		attr.line_info_rec_size = a->line_info_rec_size;
		attr.line_info_cnt = a->line_info_cnt;
	}
	attr.attach_btf_id = a->attach_btf_id;
	attr.attach_btf_obj_fd = a->attach_btf_obj_fd;
	ret = (int)sys_bpf(s, BPF_PROG_LOAD, &attr, PROG_LOG_TRUE_SIZE_OFF + 4);
	a->log_true_size = u32_at(&attr, PROG_LOG_TRUE_SIZE_OFF);
	return ret;
}

int sys_btf_load(struct sys *s, struct sys_btf_load *a)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.btf = PTR(a->data);
	attr.btf_size = a->size;
	if (a->log_buf && a->log_size) {
		a->log_buf[0] = 0;
		attr.btf_log_buf = PTR(a->log_buf);
		attr.btf_log_size = a->log_size;
		attr.btf_log_level = a->log_level ? a->log_level : 1;
	}
	ret = (int)sys_bpf(s, BPF_BTF_LOAD, &attr, BTF_LOG_TRUE_SIZE_OFF + 4);
	a->log_true_size = u32_at(&attr, BTF_LOG_TRUE_SIZE_OFF);
	return ret;
}
