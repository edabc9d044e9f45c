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
};

/* One attachment: the perf event(s) or link fd keeping a program attached,
 * and the tracefs probe entry to remove after them. */
struct run_attachment {
	size_t prog;
	int *fds;               /* perf event or link fds */
	size_t nfds;
	bool has_probe;
	struct sys_probe probe;
};

struct run_links {
	struct run_attachment *a;
	size_t n;
	char tracefs[256];      /* "" until needed */
	unsigned nprobes;       /* for unique probe names */
};

/* Attach every loaded program (not skipped) by its section. A program with
 * nothing to attach to (xdp, socket...) stays loaded and gets a note.
 * On error, what was attached stays in links: call run_detach(). */
int run_attach(struct rb_object *obj, const struct run_attach_opts *o, struct run_links *links,
	      char *err, size_t errlen);
/* Close every attachment and remove its tracefs entry. */
void run_detach(struct run_links *links, struct sys *s);

#endif
