/* Externs at load time (the plan's half is loader/plan/externs.h). */
#ifndef RAWBPF_LOAD_EXTERNS_H
#define RAWBPF_LOAD_EXTERNS_H

#include "loader/plan/externs.h"

/* Load: the .kconfig map's value from /proc/config.gz (or
 * /boot/config-RELEASE) and the running kernel. */
int load_kconfig_fill(struct rb_object *obj, struct plan_map *m, char *err, size_t errlen);
/* Relocate: point a __ksym ld_imm64 or kfunc call at the kernel's object. */
int load_ksym_patch(struct rb_object *obj, const struct plan_reloc *r, struct bpf_insn *insn,
		  char *err, size_t errlen);

#endif
