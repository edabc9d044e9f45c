/* USDT programs (libbpf's SEC("usdt") with <bpf/usdt.bpf.h>): the target's
 * .note.stapsdt notes become uprobes, one per probe site, each with a BPF
 * cookie naming the argument spec the program reads.
 *
 * For every site of PROVIDER:NAME in PATH (elf/notes.h):
 *   - a spec id (unique across the object), and the site's argument spec in
 *     __bpf_usdt_specs[spec id] (struct __bpf_usdt_spec, run_usdt_fill_spec);
 *   - __bpf_usdt_ip_to_spec_id[site address] = spec id, read by usdt.bpf.h
 *     on kernels without BPF cookies (LINUX_HAS_BPF_COOKIE false); the
 *     address is the link-time one, right for non-PIE programs only, which
 *     is why cookies are what rawbpf relies on;
 *   - a uprobe through the uprobe PMU at the site's file offset, with the
 *     semaphore's file offset in config bits 32-63 (the PMU's
 *     format/ref_ctr_offset, "config:32-63"): the kernel then increments the
 *     semaphore in every process mapping PATH while the probe exists;
 *   - BPF_LINK_CREATE (BPF_PERF_EVENT) with bpf_cookie = spec id, which
 *     usdt.bpf.h's bpf_get_attach_cookie() returns (kernel 5.15+).
 */
#ifndef RAWBPF_ATTACH_USDT_H
#define RAWBPF_ATTACH_USDT_H

#include "loader/run/attach.h"

int run_attach_usdt(struct rb_object *obj, struct run_links *l, struct run_attachment *a,
		    const struct plan_prog *p, const struct run_attach_opts *o,
		    char *err, size_t errlen);

#endif
