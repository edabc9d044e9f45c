/* USDT attach: notes -> specs -> uprobes with cookies (attach_usdt.h). */
#include "loader/run/attach_usdt.h"
#include "loader/run/attach_kinds.h"
#include "loader/plan/targets.h"
#include "common/util.h"
#include "elf/notes.h"
#include "loader/run/usdt_spec.h"
#include "bpf/perf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The uprobe PMU's ref_ctr_offset field: config bits 32-63
 * (kernel/trace/trace_uprobe.c, PERF_UPROBE_REF_CTR_OFFSET_SHIFT). */
#define UPROBE_REF_CTR_SHIFT 32

struct usdt_target {
	char path[512], provider[128], name[128];
};

/* PATH:PROVIDER:NAME, PATH a file or a bare library name. */
static int split_target(const char *t, struct usdt_target *u, char *err, size_t errlen)
{
	const char *c2 = t ? strrchr(t, ':') : NULL, *c1 = NULL;
	char path[512];

	for (const char *q = c2 ? c2 - 1 : NULL; q && q >= t && !c1; q--)
		if (*q == ':')
			c1 = q;
	if (!c1 || c1 == t || c2 == c1 + 1 || !c2[1] || (size_t)(c1 - t) >= sizeof(path) ||
	    (size_t)(c2 - c1 - 1) >= sizeof(u->provider) || strlen(c2 + 1) >= sizeof(u->name))
		return errorf(err, errlen, -EINVAL, "usdt target \"%s\": expected PATH:PROVIDER:NAME",
			       t ? t : "");
	memcpy(path, t, c1 - t);
	path[c1 - t] = '\0';
	memcpy(u->provider, c1 + 1, c2 - c1 - 1);
	u->provider[c2 - c1 - 1] = '\0';
	strcpy(u->name, c2 + 1);
	if (plan_lib_path(path, u->path, sizeof(u->path)))
		return errorf(err, errlen, -ENOENT, "usdt target %s: no such library; give its path", path);
	return 0;
}

/* One site: its spec into the maps, then a uprobe linked with the spec id
 * as its cookie. */
static int attach_site(const struct rb_object *obj, struct run_attachment *a, const struct plan_prog *p,
		       const struct run_attach_opts *o, const struct usdt_target *u,
		       const struct elf_usdt_note *n, uint32_t id, int specs, int ips, char *err, size_t errlen)
{
	struct run_usdt_spec spec;
	struct perf_event_attr attr;
	struct sys_link_create lc;
	char msg[ERR_LEN];
	long ip = (long)n->addr;
	int type, pfd, lfd, ret;

	ret = run_usdt_fill_spec(n->args, 0, &spec, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "%s:%s:%s at %#llx: arguments \"%s\": %s", u->path, n->provider,
			       n->name, (unsigned long long)n->addr, n->args, msg);
	ret = sys_map_update(o->sys, obj->maps[specs].fd, &id, &spec, BPF_ANY);
	if (ret < 0)
		return errorf(err, errlen, ret, "__bpf_usdt_specs[%u]: BPF_MAP_UPDATE_ELEM: %s", id, strerror(-ret));
	if (ips >= 0)  /* a fallback only: the cookie is what is read here */
		sys_map_update(o->sys, obj->maps[ips].fd, &ip, &id, BPF_ANY);
	type = perf_pmu_type("uprobe", msg, sizeof(msg));
	if (type < 0 && !o->sys->dry_run)
		return errorf(err, errlen, type, "USDT needs the uprobe PMU: %s", msg);
	memset(&attr, 0, sizeof(attr));
	attr.type = type < 0 ? 0 : (uint32_t)type;
	attr.config = n->sema_offset << UPROBE_REF_CTR_SHIFT;
	attr.config1 = (uint64_t)(uintptr_t)u->path;
	attr.config2 = n->offset;
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	pfd = perf_open(o->sys, &attr, o->pid ? o->pid : -1, o->pid ? -1 : 0, -1, 0);
	if (pfd < 0)
		return errorf(err, errlen, pfd, "uprobe %s+%#llx (ref_ctr_offset %#llx): perf_event_open: %s",
			       u->path, (unsigned long long)n->offset, (unsigned long long)n->sema_offset,
			       strerror(-pfd));
	if (run_add_fd(a, pfd))
		return errorf(err, errlen, -ENOMEM, "out of memory");
	memset(&lc, 0, sizeof(lc));
	lc.prog_fd = p->fd;
	lc.target_fd = pfd;
	lc.attach_type = BPF_PERF_EVENT;
	lc.cookie = id;
	lfd = sys_link_create(o->sys, &lc);
	if (lfd < 0)
		return errorf(err, errlen, lfd, "BPF_LINK_CREATE (perf event, cookie %u): %s", id, strerror(-lfd));
	if (run_add_fd(a, lfd))
		return errorf(err, errlen, -ENOMEM, "out of memory");
	ret = perf_enable(o->sys, pfd);
	return ret < 0 ? errorf(err, errlen, ret, "PERF_EVENT_IOC_ENABLE: %s", strerror(-ret)) : 0;
}

/* The probes of the file, for the message when none matches. */
static void list_probes(const struct elf_usdt_note *n, size_t cnt, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cnt && used + 1 < len; i++)
		used += snprintf(buf + used, len - used, "%s%s:%s", i ? ", " : "", n[i].provider, n[i].name);
	if (!cnt)
		snprintf(buf, len, "none: no .note.stapsdt");
}

static int attach_sites(struct rb_object *obj, struct run_links *l, struct run_attachment *a,
			const struct plan_prog *p, const struct run_attach_opts *o,
			const struct usdt_target *u, const struct elf_usdt_note *n, size_t cnt,
			char *err, size_t errlen)
{
	int specs = plan_map_index(obj, "__bpf_usdt_specs");
	int ips = plan_map_index(obj, "__bpf_usdt_ip_to_spec_id");
	size_t found = 0;
	char list[400];

	if (specs < 0 || obj->maps[specs].fd < 0 || obj->maps[specs].value_size != sizeof(struct run_usdt_spec))
		return errorf(err, errlen, -EINVAL,
			       "the object has no __bpf_usdt_specs map of %zu-byte values: it was not built with <bpf/usdt.bpf.h>",
			       sizeof(struct run_usdt_spec));
	if (ips >= 0 && (obj->maps[ips].fd < 0 || obj->maps[ips].key_size != sizeof(long)))
		ips = -1;
	for (size_t i = 0; i < cnt; i++) {
		int ret;

		if (strcmp(n[i].provider, u->provider) || strcmp(n[i].name, u->name))
			continue;
		if (l->usdt_specs >= obj->maps[specs].max_entries)
			return errorf(err, errlen, -E2BIG, "more USDT sites than __bpf_usdt_specs holds (%u)",
				       obj->maps[specs].max_entries);
		ret = attach_site(obj, a, p, o, u, &n[i], l->usdt_specs++, specs, ips, err, errlen);
		if (ret)
			return ret;
		found++;
	}
	if (found)
		return 0;
	list_probes(n, cnt, list, sizeof(list));
	return errorf(err, errlen, -ENOENT, "%s has no USDT probe %s:%s (it has: %s)", u->path, u->provider,
		       u->name, list);
}

int run_attach_usdt(struct rb_object *obj, struct run_links *l, struct run_attachment *a,
		    const struct plan_prog *p, const struct run_attach_opts *o,
		    char *err, size_t errlen)
{
	struct usdt_target u;
	struct elf_file ef;
	struct elf_usdt_note *notes = NULL;
	unsigned char *buf;
	size_t cnt = 0;
	char msg[ERR_LEN];
	int ret = split_target(p->target, &u, err, errlen);

	if (ret || (ret = run_open_target("usdt", u.path, &ef, &buf, err, errlen)))
		return ret;
	ret = elf_usdt_notes(&ef, &notes, &cnt, msg, sizeof(msg));
	if (ret)
		errorf(err, errlen, ret, "usdt target %s: %s", u.path, msg);
	else
		ret = attach_sites(obj, l, a, p, o, &u, notes, cnt, err, errlen);
	free(notes);
	elf_close(&ef);
	free(buf);
	return ret;
}
