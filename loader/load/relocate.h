#ifndef RAWBPF_RELOCATE_H
#define RAWBPF_RELOCATE_H

#include "loader/plan/object.h"

/* Build p->insns (program + reachable subprograms, every relocation
 * applied), p->func_info and p->line_info. Maps need fds first. */
int load_relocate(struct rb_object *obj, struct plan_prog *p, char *err, size_t errlen);

#endif
