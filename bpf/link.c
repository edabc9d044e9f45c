/* Attaching through the kernel's link objects: BPF_LINK_CREATE and
 * BPF_RAW_TRACEPOINT_OPEN. The link lives as long as its fd. */
#include "bpf/sys.h"

#include <stdint.h>
#include <string.h>

int sys_link_create(struct sys *s, const struct sys_link_create *a)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = a->prog_fd;
	attr.link_create.target_fd = a->target_fd;
	attr.link_create.attach_type = a->attach_type;
	attr.link_create.flags = a->flags;
	/* target_btf_id and perf_event.bpf_cookie share the same bytes. */
	if (a->attach_type == BPF_PERF_EVENT)
		attr.link_create.perf_event.bpf_cookie = a->cookie;
	else
		attr.link_create.target_btf_id = a->target_btf_id;
	return (int)sys_bpf(s, BPF_LINK_CREATE, &attr,
			    SYS_ATTR_END(link_create.perf_event.bpf_cookie));
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
