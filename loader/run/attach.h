/* Attach: each loaded program to what its section names. */
#ifndef RAWBPF_ATTACH_H
#define RAWBPF_ATTACH_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "bpf/sys.h"
#include "bpf/tracefs.h"

struct run_attach_opts {
	struct sys *sys;
	FILE *explain;          /* stage lines, or NULL */
	FILE *notes;            /* "not attached: ..." notes, or NULL */
	int pid;                /* uprobes: only this process (0: all) */
	const char *sample;     /* perf_event programs: "EVENT:FREQ" (NULL: cpu-clock:99) */
	bool legacy_probes;     /* use tracefs kprobe_events/uprobe_events even with a PMU */
	bool keep_going;        /* a program that cannot attach is noted (failed), not an error */
};

/* One attachment: the perf event(s) or link fd keeping a program attached,
 * and the tracefs probe entry to remove after them. */
struct run_attachment {
	size_t prog;
	int *fds;               /* perf event or link fds */
	size_t nfds;
	bool has_probe;
	struct sys_probe probe;
	char loaded_only[160];  /* why it is loaded but not attached; "" when attached */
	char *failed;           /* --keep-going: why it did not attach (malloc'd), or NULL */
};

struct run_links {
	struct run_attachment *a;
	size_t n;
	char tracefs[256];      /* "" until needed */
	unsigned nprobes;       /* legacy probes made: stale entries are cleaned before the first */
	uint32_t usdt_specs;    /* USDT spec ids handed out (attach_usdt.c) */
};

/* Attach every loaded program (not skipped) by its section. A program
 * rawbpf does not attach (xdp, socket, struct_ops, usdt...) stays loaded,
 * with the reason in its attachment's loaded_only and a note. Any program
 * that should attach and cannot is an error: the run stops there (the
 * kernel refused; rawbpf exits 3), unless o->keep_going: then its
 * attachment's failed says why and the others go on. On error, what was attached stays in
 * links: call run_detach(). */
int run_attach(struct rb_object *obj, const struct run_attach_opts *o, struct run_links *links,
	      char *err, size_t errlen);
/* How many programs of links are attached, and how many loaded only
 * (failed ones are neither). */
size_t run_links_attached(const struct run_links *links);
size_t run_links_loaded_only(const struct run_links *links);
/* Close every attachment and remove its tracefs entry. */
void run_detach(struct run_links *links, struct sys *s);

#endif
