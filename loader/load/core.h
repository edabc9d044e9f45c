#ifndef RAWBPF_LOADER_CORE_H
#define RAWBPF_LOADER_CORE_H

#include "loader/plan/object.h"

/* Apply the CO-RE records of function fn to its copy insns inside program
 * prog (resolving all records against the kernel BTF on first use). */
int load_core_apply(struct rb_object *obj, const char *prog, const struct plan_func *fn,
		  struct bpf_insn *insns, char *err, size_t errlen);
/* One CO-RE record in source terms: "insn 12 in tp/x: field byte offset of
 * task_struct.real_parent.tgid". Needs no kernel: inspect uses it too. */
void load_core_describe(const struct rb_object *obj, const struct plan_core *c,
			char *buf, size_t len);
/* The relocations of p that found no target, in source terms
 * ("task_struct.real_parent.tgid: no such field in the kernel's BTF"), for
 * a verifier refusal at a poisoned instruction, each cause once however many
 * instructions read it. Returns how many causes. */
int load_core_poisoned(const struct rb_object *obj, const struct plan_prog *p, char *buf, size_t len);

#endif
