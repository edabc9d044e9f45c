/* Attach: each loaded program to what its section names. */
#ifndef RAWBPF_ATTACH_H
#define RAWBPF_ATTACH_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "bpf/sys.h"
#include "bpf/tracefs.h"
#include "bpf/netlink.h"

struct run_attach_opts {
	struct sys *sys;
	FILE *explain;          /* stage lines, or NULL */
	FILE *notes;            /* "not attached: ..." notes, or NULL */
	int pid;                /* uprobes: only this process (0: all) */
	const char *sample;     /* perf_event programs: "EVENT:FREQ" (NULL: cpu-clock:99) */
	bool legacy_probes;     /* use tracefs kprobe_events/uprobe_events even with a PMU */
	bool keep_going;        /* a program that cannot attach is noted (failed), not an error */
	bool perf_links;        /* --links: BPF_LINK_CREATE (BPF_PERF_EVENT), not SET_BPF */
	char **devs;            /* --dev IFNAME (xdp, tc), ndevs of them */
	int ndevs;
	const char *xdp_mode;   /* --xdp-mode skb|native, NULL: the kernel's choice */
	const char *cgroup;     /* --cgroup PATH, NULL: the cgroup v2 root */
	int tc_netlink;         /* 1: tc through netlink even where tcx links exist
				 * (RAWBPF_TC_NETLINK=1, for tests); 0: by kernel */
};

/* One attachment: the perf event(s) or link fd keeping a program attached,
 * and the tracefs probe entry to remove after them. */
struct run_attachment {
	size_t prog;
	int *fds;               /* perf event or link fds */
	size_t nfds;
	bool has_probe;
	struct sys_probe probe;
	struct sys_tc_filter *tc; /* netlink tc filters made (deleted on detach) */
	size_t ntc;
	bool iter;              /* fds[0] is an iterator link: read by run_iters_print */
	char loaded_only[160];  /* why it is loaded but not attached; "" when attached */
	char *failed;           /* --keep-going: why it did not attach (malloc'd), or NULL */
};

/* A registered .struct_ops variable: its map and, for .struct_ops.link, its
 * link; unregistered by run_detach. */
struct run_struct_ops {
	const char *name;
	int map_fd, link_fd;    /* -1 when none */
	bool registered;        /* by the update (no link): a delete unregisters */
};

struct run_links {
	struct run_attachment *a;
	size_t n;
	char tracefs[256];      /* "" until needed */
	unsigned nprobes;       /* legacy probes made: stale entries are cleaned before the first */
	uint32_t usdt_specs;    /* USDT spec ids handed out (attach_usdt.c) */
	int *clsact;            /* ifindexes whose clsact qdisc rawbpf created */
	size_t nclsact;
	bool tc_cleaned;        /* dead runs' netlink filters removed */
	int tcx;                /* tcx links: 0 not decided yet, 1 yes, 2 no */
	struct run_struct_ops *st;
	size_t nst;
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
/* Iterators: run each once (BPF_ITER_CREATE, read to the end) and write
 * what it printed to out. 0, or the first error. */
int run_iters_print(struct run_links *links, struct sys *s, FILE *out, char *err, size_t errlen);
/* How many programs of links are attached, and how many loaded only
 * (failed ones are neither). */
size_t run_links_attached(const struct run_links *links);
size_t run_links_loaded_only(const struct run_links *links);
/* Close every attachment, remove its tracefs entry and netlink filters,
 * unregister struct_ops. */
void run_detach(struct run_links *links, struct sys *s);

#endif
