/* The attach families of loader/run/, each in its own file, dispatched by
 * attach.c from enum plan_attach. Internal to loader/run/.
 *
 * Each returns 0 or a negative errno with a message in err; what it made
 * is recorded in the attachment (fds, tc filters) or in links, so that
 * run_detach() undoes it whatever happened after. */
#ifndef RAWBPF_ATTACH_KINDS_H
#define RAWBPF_ATTACH_KINDS_H

#include "loader/run/attach.h"

/* attach.c: fd now belongs to a (closed by run_detach). */
int run_add_fd(struct run_attachment *a, int fd);

/* attach.c: l->tracefs found (or mounted) once; else its error, "tracefs: ...". */
int run_need_tracefs(struct run_links *l, struct sys *s, char *err, size_t errlen);

/* attach.c: the ELF file at path (a uprobe's or USDT probe's target) read
 * into *buf and opened in ef; the caller closes ef and frees *buf. Else the
 * error, "WHAT target PATH: ...", and nothing to free. */
int run_open_target(const char *what, const char *path, struct elf_file *ef, unsigned char **buf,
		    char *err, size_t errlen);

/* attach.c: 0 when lsm_file (/sys/kernel/security/lsm) lists "bpf" or
 * cannot be read; else -EOPNOTSUPP and how to enable the BPF LSM. */
int run_lsm_check(const char *lsm_file, char *err, size_t errlen);

/* attach_net.c: xdp to each --dev (BPF_XDP links); tc to each --dev, tcx
 * links or netlink filters. */
int run_attach_xdp(struct run_attachment *a, const struct plan_prog *p,
		   const struct run_attach_opts *o, char *err, size_t errlen);
int run_attach_tc(struct rb_object *obj, struct run_links *l, struct run_attachment *a,
		  const struct plan_prog *p, const struct run_attach_opts *o, char *err, size_t errlen);
/* The netlink filters of a, then the clsact qdiscs rawbpf made. */
void run_tc_detach(struct run_attachment *a, struct sys *s);
void run_clsact_detach(struct run_links *l, struct sys *s);
/* Whether xdp/tc can attach: at least one --dev. */
bool run_net_has_dev(const struct run_attach_opts *o);

/* attach_cgroup.c: a cgroup link on --cgroup (or the cgroup2 root). */
int run_attach_cgroup(struct run_attachment *a, const struct plan_prog *p,
		      const struct run_attach_opts *o, char *err, size_t errlen);

/* attach_iter.c: an iterator link (BPF_TRACE_ITER). */
int run_attach_iter(struct run_attachment *a, const struct plan_prog *p,
		    const struct run_attach_opts *o, char *err, size_t errlen);

/* attach_multi.c: kprobe.multi/kretprobe.multi/kprobe.session over
 * tracefs available_filter_functions, uprobe.multi over an ELF's symbols. */
int run_attach_kprobe_multi(struct run_links *l, struct run_attachment *a, const struct plan_prog *p,
			    const struct run_attach_opts *o, char *err, size_t errlen);
int run_attach_uprobe_multi(struct run_attachment *a, const struct plan_prog *p,
			    const struct run_attach_opts *o, char *err, size_t errlen);
/* Does glob pattern pat (*, ?, [...]) match name? Shown for unit tests. */
bool run_glob_match(const char *pat, const char *name);

/* attach_structops.c: every .struct_ops variable registered. */
int run_struct_ops_register(struct rb_object *obj, const struct run_attach_opts *o,
			    struct run_links *l, char *err, size_t errlen);
void run_struct_ops_unregister(struct run_links *l, struct sys *s);

#endif
