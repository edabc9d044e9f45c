/* XDP and tc programs on the interfaces named by --dev.
 *
 *   xdp, xdp.frags        BPF_LINK_CREATE (BPF_XDP, target = ifindex, flags
 *                         XDP_FLAGS_SKB_MODE or XDP_FLAGS_DRV_MODE for
 *                         --xdp-mode); the link goes with its fd
 *   tc/ingress tc/egress  BPF_LINK_CREATE (BPF_TCX_INGRESS/EGRESS) on 6.6
 *   tcx/... tc classifier and later; before, rtnetlink: the clsact qdisc
 *                         (when missing) and a direct-action bpf filter
 *                         named rawbpf_<pid>, deleted on exit, with the
 *                         qdisc if rawbpf made it
 *
 * Netlink filters outlive a killed rawbpf (links do not): before the first
 * one, the filters of runs whose pid is gone are removed
 * (sys_tc_bpf_clean_dead). */
#include "loader/run/attach_kinds.h"
#include "common/util.h"
#include "loader/load/load.h"

#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>

bool run_net_has_dev(const struct run_attach_opts *o)
{
	return o->ndevs > 0;
}

/* The ifindex of --dev name; in a dry run a missing one is 0. */
static int dev_index(const struct run_attach_opts *o, const char *name, char *err, size_t errlen)
{
	unsigned int i = sys_if_index(name);

	if (!i && !o->sys->dry_run)
		return errorf(err, errlen, -ENODEV, "--dev %s: no such network interface", name);
	return (int)i;
}

static int xdp_flags(const char *mode, __u32 *flags)
{
	*flags = 0;
	if (!mode)
		return 0;
	if (!strcmp(mode, "skb") || !strcmp(mode, "generic"))
		*flags = XDP_FLAGS_SKB_MODE;
	else if (!strcmp(mode, "native") || !strcmp(mode, "drv"))
		*flags = XDP_FLAGS_DRV_MODE;
	else
		return -EINVAL;
	return 0;
}

int run_attach_xdp(struct run_attachment *a, const struct plan_prog *p,
		   const struct run_attach_opts *o, char *err, size_t errlen)
{
	__u32 flags;

	if (xdp_flags(o->xdp_mode, &flags))
		return errorf(err, errlen, -EINVAL, "--xdp-mode %s: expected skb or native", o->xdp_mode);
	for (int i = 0; i < o->ndevs; i++) {
		int ifindex = dev_index(o, o->devs[i], err, errlen), fd;

		if (ifindex < 0)
			return ifindex;
		fd = sys_link_create(o->sys, &(struct sys_link_create){ .prog_fd = (__u32)p->fd,
			.target_fd = (__u32)ifindex, .attach_type = BPF_XDP, .flags = flags });
		if (fd < 0)
			return errorf(err, errlen, fd, "--dev %s: BPF_LINK_CREATE BPF_XDP: %s%s", o->devs[i],
				       strerror(-fd), fd == -EBUSY || fd == -EEXIST ?
				       " (an XDP program is already attached there: ip link show dev)" :
				       fd == -EOPNOTSUPP ? " (the driver has no native XDP: --xdp-mode skb)" : "");
		if (run_add_fd(a, fd))
			return errorf(err, errlen, -ENOMEM, "out of memory");
	}
	return 0;
}

/* tcx links exist from 6.6 (BPF_TCX_INGRESS, commit e420bed02507). This is
 * decided from the running kernel's release (uname), not by trying a link
 * and falling back: the design makes no feature probes, and the kernel BTF
 * rawbpf reads may be another kernel's (--btf). */
static bool have_tcx(struct run_links *l, const struct run_attach_opts *o)
{
	if (!l->tcx)
		l->tcx = !o->tc_netlink && load_kernel_version() >= (6u << 16 | 6u << 8) ? 1 : 2;
	return l->tcx == 1;
}

static int tc_link(struct run_attachment *a, const struct plan_prog *p, const struct run_attach_opts *o,
		   int i, int ifindex, char *err, size_t errlen)
{
	int fd = sys_link_create(o->sys, &(struct sys_link_create){ .prog_fd = (__u32)p->fd,
		.target_fd = (__u32)ifindex,
		.attach_type = p->egress ? SYS_BPF_TCX_EGRESS : SYS_BPF_TCX_INGRESS });

	if (fd < 0)
		return errorf(err, errlen, fd, "--dev %s: BPF_LINK_CREATE BPF_TCX_%s: %s", o->devs[i],
			       p->egress ? "EGRESS" : "INGRESS", strerror(-fd));
	return run_add_fd(a, fd) ? errorf(err, errlen, -ENOMEM, "out of memory") : 0;
}

/* clsact on ifindex, remembered for deletion when this call made it. */
static int tc_qdisc(struct run_links *l, const struct run_attach_opts *o, int ifindex,
		    char *err, size_t errlen)
{
	bool created = false;
	int ret = sys_tc_clsact_add(o->sys, ifindex, &created, err, errlen);
	int *slot;

	if (ret || !created)
		return ret;
	slot = array_push(&l->clsact, &l->nclsact, sizeof(*slot));
	if (!slot)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	*slot = ifindex;
	return 0;
}

/* A filter per program and hook: prio 0x4000 + the attachment's index
 * (distinct for each program of this run), handle our pid (distinct from
 * other runs at the same prio), name rawbpf_<pid> (what the clean-up of a
 * later run looks for). */
static int tc_filter(struct run_links *l, struct run_attachment *a, const struct plan_prog *p,
		     const struct run_attach_opts *o, int ifindex, char *err, size_t errlen)
{
	struct sys_tc_filter f = { .ifindex = ifindex, .egress = p->egress,
				   .prio = (__u16)(0x4000 + (a - l->a)), .handle = (__u32)getpid() };
	struct sys_tc_filter *slot;
	char name[32];
	int ret;

	if (!l->tc_cleaned) {
		char msg[ERR_LEN];

		l->tc_cleaned = true;
		sys_tc_bpf_clean_dead(o->sys, "rawbpf_", msg, sizeof(msg));
	}
	if ((ret = tc_qdisc(l, o, ifindex, err, errlen)))
		return ret;
	snprintf(name, sizeof(name), "rawbpf_%d", (int)getpid());
	if ((ret = sys_tc_bpf_add(o->sys, &f, p->fd, name, err, errlen)))
		return ret;
	slot = array_push(&a->tc, &a->ntc, sizeof(*slot));
	if (!slot) {
		sys_tc_bpf_del(o->sys, &f, err, errlen);
		return errorf(err, errlen, -ENOMEM, "out of memory");
	}
	*slot = f;
	return 0;
}

int run_attach_tc(struct rb_object *obj, struct run_links *l, struct run_attachment *a,
		  const struct plan_prog *p, const struct run_attach_opts *o, char *err, size_t errlen)
{
	bool tcx = have_tcx(l, o);

	(void)obj;
	for (int i = 0; i < o->ndevs; i++) {
		int ifindex = dev_index(o, o->devs[i], err, errlen), ret;

		if (ifindex < 0)
			return ifindex;
		ret = tcx ? tc_link(a, p, o, i, ifindex, err, errlen)
			  : tc_filter(l, a, p, o, ifindex, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

void run_tc_detach(struct run_attachment *a, struct sys *s)
{
	char msg[ERR_LEN];

	for (size_t i = 0; i < a->ntc; i++)
		sys_tc_bpf_del(s, &a->tc[i], msg, sizeof(msg));
	free(a->tc);
	a->tc = NULL;
	a->ntc = 0;
}

void run_clsact_detach(struct run_links *l, struct sys *s)
{
	char msg[ERR_LEN];

	for (size_t i = 0; i < l->nclsact; i++)
		sys_tc_clsact_del(s, l->clsact[i], msg, sizeof(msg));
	free(l->clsact);
	l->clsact = NULL;
	l->nclsact = 0;
}
