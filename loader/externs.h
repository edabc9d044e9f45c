/* Externs: values the object leaves to the loader.
 *   __kconfig   CONFIG_* from the kernel's config, LINUX_KERNEL_VERSION...,
 *               in one read-only ".kconfig" array map
 *   __ksym      a typed kernel variable (BPF_PSEUDO_BTF_ID), a typeless
 *               symbol (its address from /proc/kallsyms), or a kfunc call
 *               (BPF_PSEUDO_KFUNC_CALL) */
#ifndef RAWBPF_EXTERNS_H
#define RAWBPF_EXTERNS_H

#include "loader/object.h"

/* Plan (before the BTF fix-up): which externs the object declares. */
int rb_plan_ksyms(struct rb_object *obj, char *err, size_t errlen);
/* Plan (after it): the .kconfig map, with each value's place. */
int rb_plan_kconfig(struct rb_object *obj, char *err, size_t errlen);
const struct rb_extern *rb_extern_find(const struct rb_object *obj, const char *name);
/* obj->maps index of the .kconfig map, or -ENOENT. */
int rb_kconfig_map(const struct rb_object *obj);

/* Load: the .kconfig map's value from /proc/config.gz (or
 * /boot/config-RELEASE) and the running kernel. */
int rb_kconfig_fill(struct rb_object *obj, struct rb_map *m, char *err, size_t errlen);
/* Relocate: point a __ksym ld_imm64 or kfunc call at the kernel's object. */
int rb_ksym_patch(struct rb_object *obj, const struct rb_reloc *r, struct bpf_insn *insn,
		  char *err, size_t errlen);

#endif
