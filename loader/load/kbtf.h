/* The kernel's BTF (/sys/kernel/btf/vmlinux or --btf FILE), read once per
 * object when a stage needs it: CO-RE relocations and BTF-based attach. */
#ifndef RAWBPF_KBTF_H
#define RAWBPF_KBTF_H

#include "loader/plan/object.h"

#define LOAD_KERNEL_BTF "/sys/kernel/btf/vmlinux"

/* The object lets go of it (load_release does); the process keeps it. */
void load_kernel_btf_free(struct rb_object *obj);
/* The kernel BTF, read from path (NULL: LOAD_KERNEL_BTF) on first use: mapped
 * (not read in 4 KiB pieces) and parsed once per process and file, kept
 * until exit and shared by every object that asks for the same file. */
int load_kernel_btf(struct rb_object *obj, const char *path, const struct btf **out,
		  char *err, size_t errlen);
/* tp_btf/ fentry/ fexit/ fmod_ret/ lsm/ iter/: the kernel BTF id the program
 * attaches to, set in p->attach_btf_id. */
int load_attach_btf_id(struct rb_object *obj, struct plan_prog *p, char *err, size_t errlen);
/* struct_ops: attach_btf_id and expected_attach_type of program p from the
 * kernel's layout of the structure it serves. */
int load_struct_ops_btf_id(struct rb_object *obj, struct plan_prog *p, char *err, size_t errlen);

#endif
