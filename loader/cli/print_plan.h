/* Printing the plan: `rawbpf inspect`, and names used by disasm and explain. */
#ifndef RAWBPF_INSPECT_H
#define RAWBPF_INSPECT_H

#include <stdio.h>
#include "loader/plan/object.h"

void cli_inspect(const struct rb_object *obj, bool json, FILE *f);
/* "map counts", "global zeroed+4", "call add_one", "ksym bpf_task_acquire" */
void cli_reloc_target(const struct rb_object *obj, const struct plan_reloc *r,
		     char *buf, size_t len);

/* Function i of the object, i < nprogs + nsubs: the programs first, then
 * the subprograms. */
const struct plan_func *cli_func(const struct rb_object *obj, size_t i);

#endif
