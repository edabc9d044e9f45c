/* Multi-probes: one BPF_LINK_CREATE attaches a program to many functions.
 *
 *   kprobe.multi/GLOB     BPF_TRACE_KPROBE_MULTI (5.18) on every kernel
 *   kretprobe.multi/GLOB  function GLOB matches in tracefs
 *   kprobe.session/GLOB   available_filter_functions (the ones fprobe can
 *                         attach to), by name; the session kind (6.10)
 *                         runs at entry and return
 *   uprobe.multi/PATH:GLOB   BPF_TRACE_UPROBE_MULTI (6.6) at the file offsets
 *   uretprobe.multi/...      of PATH's function symbols GLOB matches (the
 *                            project's ELF reader); --pid narrows it
 *
 * A name without *, ? or [ is used as it is, without reading the list. */
#include "loader/run/attach_kinds.h"
#include "common/util.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool run_glob_match(const char *pat, const char *name)
{
	return glob_match(pat, name);
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The names of f (one function a line, "name [module]" for a module's)
 * that pat matches, sorted and unique. tracefs files report size 0, so
 * they are read as a stream. */
static int match_functions(struct line_reader *f, const char *pat, char ***out, size_t *n)
{
	char *line, **v = NULL;
	size_t cnt = 0, k = 0;
	int ret = 0;

	while (!ret && (line = lines_next(f))) {
		line[strcspn(line, " \t\n")] = '\0';
		/* __ftrace_invalid_address___N marks a dropped entry. */
		if (!*line || !strncmp(line, "__ftrace_invalid_address", 24) || !run_glob_match(pat, line))
			continue;
		if (!array_push(&v, &cnt, sizeof(*v)) || !(v[cnt - 1] = strdup(line)))
			ret = -ENOMEM;
	}
	if (ret) {
		free_names(v, cnt);
		return ret;
	}
	if (cnt)
		sort(v, cnt, sizeof(*v), cmp_str);
	for (size_t i = 0; i < cnt; i++) {
		if (!k || strcmp(v[k - 1], v[i]))
			v[k++] = v[i];
		else
			free(v[i]);
	}
	*out = v;
	*n = k;
	return 0;
}

/* The functions pat names: itself, or its matches in available_filter_functions. */
static int kprobe_syms(struct run_links *l, const struct plan_prog *p, const struct run_attach_opts *o,
		       char ***syms, size_t *n, char *err, size_t errlen)
{
	char path[300];
	struct line_reader f;
	int ret;

	if (!is_glob(p->target)) {
		*syms = malloc(sizeof(**syms));
		if (!*syms || !((*syms)[0] = strdup(p->target)))
			return errorf(err, errlen, -ENOMEM, "out of memory");
		*n = 1;
		return 0;
	}
	if ((ret = run_need_tracefs(l, o->sys, err, errlen)))
		return ret;
	snprintf(path, sizeof(path), "%s/available_filter_functions", l->tracefs);
	if (lines_open(&f, path) < 0)
		return errorf(err, errlen, -errno, "%s: %s (a pattern is matched against the function tracer's list: the kernel needs CONFIG_DYNAMIC_FTRACE, and kprobe.multi CONFIG_FPROBE)",
			       path, strerror(errno));
	ret = match_functions(&f, p->target, syms, n);
	lines_close(&f);
	if (ret)
		return errorf(err, errlen, ret, "out of memory");
	if (!*n)
		return errorf(err, errlen, -ENOENT, "%s matches no function in %s", p->target, path);
	return 0;
}

/* The link of a multi-probe over n functions (kprobes) or offsets
 * (uprobes): lc has what is particular to the kind. */
static int multi_link(struct run_attachment *a, const struct plan_prog *p, const struct run_attach_opts *o,
		      struct sys_link_create *lc, size_t n, char *err, size_t errlen)
{
	bool kprobe = p->attach == PLAN_ATTACH_KPROBE_MULTI;
	int fd;

	lc->prog_fd = (__u32)p->fd;
	fd = sys_link_create(o->sys, lc);
	if (fd < 0)
		return errorf(err, errlen, fd, "%s (%zu %s%s): BPF_LINK_CREATE: %s%s", p->target, n,
			      kprobe ? "function" : "offset", n == 1 ? "" : "s", strerror(-fd),
			      !kprobe ? "" : fd == -EOPNOTSUPP ?
			      " (this kernel has no fprobe: CONFIG_FPROBE or CONFIG_KPROBES is off)" :
			      fd == -ESRCH || fd == -ENOENT ? " (a function is not traceable)" : "");
	return run_add_fd(a, fd) ? errorf(err, errlen, -ENOMEM, "out of memory") : 0;
}

int run_attach_kprobe_multi(struct run_links *l, struct run_attachment *a, const struct plan_prog *p,
			    const struct run_attach_opts *o, char *err, size_t errlen)
{
	char **syms = NULL;
	size_t n = 0;
	int ret;

	if (!p->target || !*p->target)
		return errorf(err, errlen, -EINVAL, "section %s names no function pattern", p->fn.sec_name);
	ret = kprobe_syms(l, p, o, &syms, &n, err, errlen);
	if (!ret)
		ret = multi_link(a, p, o, &(struct sys_link_create){ .attach_type = p->expected_attach_type,
			.kprobe_multi = { .flags = p->retprobe ? SYS_BPF_F_MULTI_RETURN : 0,
					  .cnt = (__u32)n, .syms = (const char *const *)syms } }, n, err, errlen);
	free_names(syms, n);
	return ret;
}

/* The file offsets of PATH's function symbols that glob matches, unique. */
static int uprobe_offsets(const char *path, const char *glob, unsigned long **out, size_t *n,
			  char *err, size_t errlen)
{
	struct elf_file ef;
	unsigned char *buf;
	int ret = run_open_target("uprobe", path, &ef, &buf, err, errlen);

	*out = NULL;
	*n = 0;
	if (ret)
		return ret;
	for (size_t i = 0; i < ef.nsym && !ret; i++) {
		const struct elf_symbol *y = &ef.syms[i];
		uint64_t off;
		bool seen = false;

		if (y->type != STT_FUNC || !run_glob_match(glob, y->name) ||
		    !(off = elf_symbol_file_offset(&ef, y->name)))
			continue;
		for (size_t k = 0; k < *n; k++)
			seen |= (*out)[k] == off;
		if (!seen && !array_push(out, n, sizeof(**out)))
			ret = errorf(err, errlen, -ENOMEM, "out of memory");
		else if (!seen)
			(*out)[*n - 1] = (unsigned long)off;
	}
	elf_close(&ef);
	free(buf);
	if (!ret && !*n)
		ret = errorf(err, errlen, -ENOENT, "uprobe target %s: no function symbol matches %s", path, glob);
	return ret;
}

int run_attach_uprobe_multi(struct run_attachment *a, const struct plan_prog *p,
			    const struct run_attach_opts *o, char *err, size_t errlen)
{
	char path[512];
	const char *colon = p->target ? strrchr(p->target, ':') : NULL;
	unsigned long *offs;
	size_t n;
	int fd;

	if (!colon || colon == p->target || !colon[1] || (size_t)(colon - p->target) >= sizeof(path))
		return errorf(err, errlen, -EINVAL, "uprobe.multi \"%s\": expected PATH:PATTERN",
			       p->target ? p->target : "");
	snprintf(path, sizeof(path), "%.*s", (int)(colon - p->target), p->target);
	if ((fd = uprobe_offsets(path, colon + 1, &offs, &n, err, errlen)))
		return fd;
	fd = multi_link(a, p, o, &(struct sys_link_create){ .attach_type = SYS_BPF_TRACE_UPROBE_MULTI,
		.uprobe_multi = { .path = path, .offsets = offs, .cnt = (__u32)n,
				  .flags = p->retprobe ? SYS_BPF_F_MULTI_RETURN : 0, .pid = (__u32)o->pid } },
		n, err, errlen);
	free(offs);
	return fd;
}
