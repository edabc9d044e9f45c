/* The load stages, in order: BTF, maps, globals, relocate + programs, slots,
 * pins. Each stage is one function; load_object() runs them like a recipe. */
#ifndef RAWBPF_LOAD_H
#define RAWBPF_LOAD_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "bpf/sys.h"

struct load_opts {
	struct sys *sys;        /* how syscalls are made (explain, dry run) */
	FILE *explain;          /* one line per stage; NULL: quiet */
	const char *kernel_btf; /* for CO-RE and BTF attach; NULL: the default */
	const char *pin_dir;    /* pin every program and map here, or NULL */
	FILE *warn;             /* warnings (kernel refused BTF...); NULL: stderr */
	bool keep_going;        /* a program that does not load is left out (its
	                         * not_loaded says why), not an error */
};

/* Load everything the plan names. On a verifier refusal returns -EACCES (or
 * what the kernel said) with obj->log holding the verifier's log; err names
 * the program. On error, everything already created is released. */
int load_object(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen);
/* Close every fd the load made (pins stay) and drop the kernel BTF; s is
 * the load's (a dry run's fds are not real). */
void load_release(struct rb_object *obj, const struct sys *s);

/* The running kernel's version as KERNEL_VERSION(a, b, c), c capped at 255. */
uint32_t load_kernel_version(void);

#endif
