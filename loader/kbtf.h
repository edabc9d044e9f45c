/* The kernel's BTF (/sys/kernel/btf/vmlinux or --btf FILE), read once per
 * object when a stage needs it: CO-RE relocations and BTF-based attach. */
#ifndef RAWBPF_KBTF_H
#define RAWBPF_KBTF_H

#include "loader/object.h"

#define RB_KERNEL_BTF "/sys/kernel/btf/vmlinux"

/* The kernel BTF, read from path (NULL: RB_KERNEL_BTF) on first use and kept
 * with the object. */
int rb_kernel_btf(struct rb_object *obj, const char *path, const struct btf **out,
		  char *err, size_t errlen);
/* tp_btf/ fentry/ fexit/ fmod_ret/ lsm/ iter/: the kernel BTF id the program
 * attaches to, set in p->attach_btf_id. */
int rb_attach_btf_id(struct rb_object *obj, struct rb_prog *p, char *err, size_t errlen);

#endif
