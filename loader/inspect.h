/* Printing the plan: `rawbpf inspect`, and names used by disasm and explain. */
#ifndef RAWBPF_INSPECT_H
#define RAWBPF_INSPECT_H

#include <stdio.h>
#include "loader/object.h"

void rb_inspect(const struct rb_object *obj, bool json, FILE *f);
/* "map counts", "global zeroed+4", "call add_one", "ksym bpf_task_acquire" */
void rb_reloc_target(const struct rb_object *obj, const struct rb_reloc *r,
		     char *buf, size_t len);
/* One CO-RE record in source terms: "insn 12 in tp/x: field byte offset of
 * task_struct.real_parent.tgid" (core.c). */
void rb_core_describe(const struct rb_object *obj, const struct rb_core *c,
		      char *buf, size_t len);

#endif
