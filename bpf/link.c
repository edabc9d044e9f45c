/* Attaching through the kernel's link objects: BPF_LINK_CREATE and
 * BPF_RAW_TRACEPOINT_OPEN, iterators (BPF_ITER_CREATE) and BPF_LINK_DETACH.
 * The link lives as long as its fd (or its pin).
 *
 * link_create is filled through struct sys_link_attr, the 6.18 layout, and
 * copied over the attr: Debian's 6.1 headers do not name the newer members.
 * The asserts below tie the two layouts together where they overlap. */
#include "bpf/sys.h"

#include <stdint.h>
#include <string.h>

#define PTR(p) ((__u64)(uintptr_t)(p))
#define LC_OFF(f) offsetof(union bpf_attr, link_create.f)
#define LA_END(f) (offsetof(struct sys_link_attr, f) + sizeof(((struct sys_link_attr *)0)->f))

_Static_assert(sizeof(struct sys_link_attr) <= sizeof(union bpf_attr), "link_create fits");
_Static_assert(LC_OFF(prog_fd) == 0 && LC_OFF(target_fd) == 4 && LC_OFF(attach_type) == 8 &&
	       LC_OFF(flags) == 12, "link_create head");
_Static_assert(LC_OFF(target_btf_id) == offsetof(struct sys_link_attr, target_btf_id) &&
	       LC_OFF(iter_info_len) == offsetof(struct sys_link_attr, iter.iter_info_len) &&
	       LC_OFF(perf_event.bpf_cookie) == offsetof(struct sys_link_attr, perf_event) &&
	       LC_OFF(kprobe_multi.cookies) == offsetof(struct sys_link_attr, kprobe_multi.cookies) &&
	       LC_OFF(tracing.cookie) == offsetof(struct sys_link_attr, tracing.cookie),
	       "link_create members agree with linux/bpf.h");
/* sys_link_create's kprobe_multi and uprobe_multi, pointers and all, as the
 * kernel lays them out (a pointer is a __u64 here). */
#define SAME_AT(g, f) (offsetof(struct sys_link_attr, g.f) - offsetof(struct sys_link_attr, g) == \
		       offsetof(struct sys_link_create, g.f) - offsetof(struct sys_link_create, g))
_Static_assert(sizeof(void *) == sizeof(__u64) && SAME_AT(kprobe_multi, cnt) &&
	       SAME_AT(kprobe_multi, syms) && SAME_AT(kprobe_multi, addrs) &&
	       SAME_AT(kprobe_multi, cookies) &&
	       sizeof(((struct sys_link_attr *)0)->kprobe_multi) ==
	       sizeof(((struct sys_link_create *)0)->kprobe_multi) &&
	       SAME_AT(uprobe_multi, offsets) && SAME_AT(uprobe_multi, ref_ctr_offsets) &&
	       SAME_AT(uprobe_multi, cookies) && SAME_AT(uprobe_multi, cnt) &&
	       SAME_AT(uprobe_multi, flags) && SAME_AT(uprobe_multi, pid),
	       "multi-probe groups laid out as the kernel's");

static bool is_tracing(__u32 t)
{
	return t == BPF_TRACE_FENTRY || t == BPF_TRACE_FEXIT || t == BPF_MODIFY_RETURN ||
	       t == BPF_LSM_MAC || t == BPF_TRACE_RAW_TP;
}

/* The group of a that attach_type reads, into l; returns the size to pass:
 * the end of the last field used. */
static unsigned int fill_tail(struct sys_link_attr *l, const struct sys_link_create *a)
{
	switch (a->attach_type) {
	case BPF_PERF_EVENT:
		l->perf_event.bpf_cookie = a->cookie;
		return LA_END(perf_event);
	case BPF_TRACE_ITER:
		l->iter.iter_info = PTR(a->iter_info);
		l->iter.iter_info_len = a->iter_info ? a->iter_info_len : 0;
		return LA_END(iter.iter_info_len);
	/* The two multi-probe groups of sys_link_create are laid out as the
	 * kernel's (checked above): copied whole, up to their last field. */
	case BPF_TRACE_KPROBE_MULTI: case SYS_BPF_TRACE_KPROBE_SESSION:
		memcpy(&l->kprobe_multi, &a->kprobe_multi, sizeof(l->kprobe_multi));
		return LA_END(kprobe_multi);
	case SYS_BPF_TRACE_UPROBE_MULTI: case SYS_BPF_TRACE_UPROBE_SESSION:
		memcpy(&l->uprobe_multi, &a->uprobe_multi, LA_END(uprobe_multi.pid) -
		       offsetof(struct sys_link_attr, uprobe_multi));
		return LA_END(uprobe_multi.pid);
	case SYS_BPF_TCX_INGRESS: case SYS_BPF_TCX_EGRESS:
	case SYS_BPF_NETKIT_PRIMARY: case SYS_BPF_NETKIT_PEER:
		l->tcx.relative_fd = a->relative_fd;
		l->tcx.expected_revision = a->expected_revision;
		return LA_END(tcx);
	}
	if (is_tracing(a->attach_type) && a->cookie) {
		l->tracing.target_btf_id = a->target_btf_id;
		l->tracing.cookie = a->cookie;  /* 6.0 */
		return LA_END(tracing);
	}
	if (a->target_btf_id) {
		l->target_btf_id = a->target_btf_id;
		return LA_END(target_btf_id);
	}
	/* XDP, cgroups, struct_ops, netns, sk_lookup: the head only. */
	return LA_END(flags);
}

int sys_link_create(struct sys *s, const struct sys_link_create *a)
{
	union bpf_attr attr;
	struct sys_link_attr l;
	unsigned int size;

	memset(&l, 0, sizeof(l));
	l.prog_fd = a->prog_fd;
	l.target_fd = a->target_fd;
	l.attach_type = a->attach_type;
	l.flags = a->flags;
	size = fill_tail(&l, a);
	memset(&attr, 0, sizeof(attr));
	memcpy(&attr, &l, sizeof(l));
	return (int)sys_bpf(s, BPF_LINK_CREATE, &attr, size);
}

int sys_raw_tp_open(struct sys *s, const char *tp, int prog_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.name = (__u64)(uintptr_t)tp;
	attr.raw_tracepoint.prog_fd = (__u32)prog_fd;
	return (int)sys_bpf(s, BPF_RAW_TRACEPOINT_OPEN, &attr,
			    SYS_ATTR_END(raw_tracepoint.prog_fd));
}

int sys_iter_create(struct sys *s, int link_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.iter_create.link_fd = (__u32)link_fd;
	return (int)sys_bpf(s, BPF_ITER_CREATE, &attr, SYS_ATTR_END(iter_create.flags));
}

int sys_link_detach(struct sys *s, int link_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = (__u32)link_fd;
	return (int)sys_bpf(s, BPF_LINK_DETACH, &attr, SYS_ATTR_END(link_detach.link_fd));
}
