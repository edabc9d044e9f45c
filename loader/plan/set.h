#ifndef RAWBPF_SET_H
#define RAWBPF_SET_H

#include "loader/plan/object.h"

/* Set global NAME to VALUE (read by its BTF type) in the plan, before load.
 * -ENOENT (message lists the settable variables), -ERANGE (does not fit) or
 * -EINVAL (cannot be set this way). */
int plan_set_global(struct rb_object *obj, const char *name, const char *value,
		  char *err, size_t errlen);

#endif
