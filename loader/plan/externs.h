/* Externs: values the object leaves to the loader.
 *   __kconfig   CONFIG_* from the kernel's config, LINUX_KERNEL_VERSION...,
 *               in one read-only ".kconfig" array map
 *   __ksym      a typed kernel variable (BPF_PSEUDO_BTF_ID), a typeless
 *               symbol (its address from /proc/kallsyms), or a kfunc call
 *               (BPF_PSEUDO_KFUNC_CALL) */
#ifndef RAWBPF_EXTERNS_H
#define RAWBPF_EXTERNS_H

#include "loader/plan/object.h"

/* Plan (before the BTF fix-up): which externs the object declares. */
int plan_ksyms(struct rb_object *obj, char *err, size_t errlen);
/* Plan (after it): the .kconfig map, with each value's place. */
int plan_kconfig(struct rb_object *obj, char *err, size_t errlen);
const struct plan_extern *plan_extern_find(const struct rb_object *obj, const char *name);
/* obj->maps index of the .kconfig map, or -ENOENT. */
int plan_kconfig_map(const struct rb_object *obj);

#endif
