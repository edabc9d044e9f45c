#ifndef RAWBPF_LOADER_CORE_H
#define RAWBPF_LOADER_CORE_H

#include "loader/object.h"

/* Apply the CO-RE records of function fn to its copy insns inside program
 * prog (resolving all records against the kernel BTF on first use). */
int rb_core_apply(struct rb_object *obj, const char *prog, const struct rb_func *fn,
		  struct bpf_insn *insns, char *err, size_t errlen);
/* The relocations of p that found no target, in source terms
 * ("task_struct.real_parent.tgid: no such field in the kernel's BTF"), for
 * a verifier refusal at a poisoned instruction. Returns how many. */
int rb_core_poisoned(const struct rb_object *obj, const struct rb_prog *p, char *buf, size_t len);

#endif
