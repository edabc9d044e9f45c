/* Stack addresses to "func+0xoff": /proc/kallsyms for the kernel,
 * /proc/PID/maps and the mapped files' ELF symbols for processes.
 * See symbolize.h. */
#include "loader/cli/symbolize.h"
#include "common/err.h"
#include "common/util.h"
#include "elf/elf.h"
#include "elf/notes.h"

#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ksym {
	uint64_t addr;
	uint32_t name, mod;     /* offsets into the pool; mod 0: built in */
	uint32_t line;          /* kallsyms order: among equal addresses, the first wins */
};

struct symfile {
	char *path;
	uint8_t *buf;
	size_t len;
	struct elf_file ef;
	uint32_t *order;        /* function symbols by address, best name first */
	size_t n;
	bool bad;               /* unreadable or not ELF: never tried again */
};

struct mapping {
	uint64_t start, end, off;
	char *path;
};

struct proc {
	int pid;
	struct mapping *maps;
	size_t n;
};

struct cli_syms {
	struct ksym *k;
	size_t nk, kcap;        /* kcap: room in k; grown by half, as kallsyms has
	                         * ~200k lines (a realloc per line is quadratic
	                         * where realloc copies, as under ASan) */
	char *pool;             /* kernel names and modules; offset 0 is "" */
	size_t pool_len, pool_cap;
	int kerr;               /* 0 not read yet, 1 read, <0 the error */
	struct symfile **files;
	size_t nfiles;
	struct proc *procs;
	size_t nprocs;
};

struct cli_syms *cli_syms_new(void)
{
	return calloc(1, sizeof(struct cli_syms));
}

static void free_proc(struct proc *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->maps[i].path);
	free(p->maps);
	p->maps = NULL;
	p->n = 0;
}

void cli_syms_free(struct cli_syms *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++) {
		elf_close(&s->files[i]->ef);
		free(s->files[i]->buf);
		free(s->files[i]->order);
		free(s->files[i]->path);
		free(s->files[i]);
	}
	for (size_t i = 0; i < s->nprocs; i++)
		free_proc(&s->procs[i]);
	free(s->files);
	free(s->procs);
	free(s->k);
	free(s->pool);
	free(s);
}

/* ---- kernel ---- */

/* Append s[0, len) and a NUL to the pool; its offset, or 0 on ENOMEM. */
static uint32_t pool_add(struct cli_syms *s, const char *str, size_t len)
{
	uint32_t off;

	if (s->pool_len + len + 1 > s->pool_cap) {
		size_t cap = s->pool_cap ? s->pool_cap * 2 : 1 << 16;
		char *p;

		while (cap < s->pool_len + len + 1)
			cap *= 2;
		if (cap > UINT32_MAX || !(p = realloc(s->pool, cap)))
			return 0;
		s->pool = p;
		s->pool_cap = cap;
		if (s->pool_len == 0)
			s->pool[s->pool_len++] = '\0';
	}
	off = (uint32_t)s->pool_len;
	memcpy(s->pool + off, str, len);
	s->pool[off + len] = '\0';
	s->pool_len += len + 1;
	return off;
}

/* One kallsyms line: "ADDR TYPE NAME" and, for modules, "\t[MODULE]". */
static int kallsyms_line(struct cli_syms *s, const char *line, uint32_t lineno)
{
	const char *p, *name, *mod;
	struct ksym *k;
	uint64_t addr;
	char *end;
	size_t nlen;

	addr = strtoull(line, &end, 16);
	if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
		return 0;
	name = end + 3;
	nlen = strcspn(name, " \t\n");
	if (!nlen || !addr)
		return 0;
	if (s->nk == s->kcap) {
		size_t cap = s->kcap ? s->kcap + s->kcap / 2 : 4096;
		struct ksym *g = realloc(s->k, cap * sizeof(*g));

		if (!g)
			return -ENOMEM;
		s->k = g;
		s->kcap = cap;
	}
	k = &s->k[s->nk++];
	memset(k, 0, sizeof(*k));
	if (!(k->name = pool_add(s, name, nlen)))
		return -ENOMEM;
	k->addr = addr;
	k->line = lineno;
	p = name + nlen + strspn(name + nlen, " \t");
	if (*p == '[' && (mod = strchr(p, ']')) && !(k->mod = pool_add(s, p + 1, mod - p - 1)))
		return -ENOMEM;
	return 0;
}

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int cli_syms_load_kernel(struct cli_syms *s, char *err, size_t errlen)
{
	return cli_syms_load_kallsyms(s, "/proc/kallsyms", err, errlen);
}

int cli_syms_load_kallsyms(struct cli_syms *s, const char *path, char *err, size_t errlen)
{
	struct line_reader f;
	char *line;
	uint32_t lineno = 0;
	int ret = 0;

	if (s->kerr)
		return s->kerr < 0 ? errorf(err, errlen, s->kerr, "%s: not readable before", path) : 0;
	if (lines_open(&f, path) < 0)
		return s->kerr = errorf(err, errlen, -errno, "%s: %s", path, strerror(errno));
	while (!ret && (line = lines_next(&f)))
		ret = kallsyms_line(s, line, lineno++);
	lines_close(&f);
	if (ret)
		return s->kerr = errorf(err, errlen, ret, "%s: out of memory", path);
	if (!s->nk)
		return s->kerr = errorf(err, errlen, -EPERM, "%s: every address reads 0 (needs root, or kernel.kptr_restrict)", path);
	sort(s->k, s->nk, sizeof(*s->k), ksym_cmp);
	s->kerr = 1;
	return 0;
}

int cli_sym_kernel(struct cli_syms *s, uint64_t addr, char *buf, size_t len)
{
	size_t lo = 0, hi;
	const struct ksym *k;

	snprintf(buf, len, "0x%" PRIx64, addr);
	if (cli_syms_load_kernel(s, NULL, 0) || addr < s->k[0].addr)
		return -ENOENT;
	/* The last symbol at or below addr, then the first at that address. */
	hi = s->nk;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->k[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	while (lo && s->k[lo - 1].addr == s->k[lo].addr)
		lo--;
	k = &s->k[lo];
	if (k->mod)
		snprintf(buf, len, "%s+0x%" PRIx64 " [%s]", s->pool + k->name, addr - k->addr,
			 s->pool + k->mod);
	else
		snprintf(buf, len, "%s+0x%" PRIx64, s->pool + k->name, addr - k->addr);
	return 0;
}

/* ---- files ---- */

/* Among symbols at one address, the name people know: no leading '_'
 * (getpid over __getpid), then global over weak over local. */
static int sym_rank(const struct elf_symbol *y)
{
	int bind = y->bind == STB_GLOBAL ? 0 : y->bind == STB_WEAK ? 1 : 2;

	return (y->name[0] == '_') * 4 + bind;
}

static int sym_cmp(const void *a, const void *b, void *syms)
{
	const struct elf_symbol *x = (const struct elf_symbol *)syms + *(const uint32_t *)a;
	const struct elf_symbol *y = (const struct elf_symbol *)syms + *(const uint32_t *)b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return sym_rank(x) - sym_rank(y);
}

/* The file's function symbols, in address order. */
static int index_symbols(struct symfile *f)
{
	f->order = calloc(f->ef.nsym ? f->ef.nsym : 1, sizeof(*f->order));
	if (!f->order)
		return -ENOMEM;
	for (size_t i = 0; i < f->ef.nsym; i++) {
		const struct elf_symbol *y = &f->ef.syms[i];

		if ((y->type == STT_FUNC || y->type == STT_GNU_IFUNC) &&
		    y->shndx != SHN_UNDEF && y->value && y->name[0])
			f->order[f->n++] = (uint32_t)i;
	}
	sort_r(f->order, f->n, sizeof(*f->order), sym_cmp, f->ef.syms);
	return 0;
}

/* The file at path as process pid sees it (its root may differ), read and
 * indexed once; NULL only on ENOMEM. */
static struct symfile *get_file(struct cli_syms *s, int pid, const char *path)
{
	struct symfile *f, **slot;
	char full[4096];

	for (size_t i = 0; i < s->nfiles; i++)
		if (!strcmp(s->files[i]->path, path))
			return s->files[i];
	f = calloc(1, sizeof(*f));
	slot = array_push(&s->files, &s->nfiles, sizeof(*s->files));
	if (!f || !slot || !(f->path = strdup(path))) {
		free(f);
		if (slot)
			s->nfiles--;
		return NULL;
	}
	*slot = f;
	snprintf(full, sizeof(full), "/proc/%d/root%s", pid, path);
	if (read_whole_file(full, &f->buf, &f->len, NULL, 0) &&
	    read_whole_file(path, &f->buf, &f->len, NULL, 0))
		f->bad = true;
	else if (elf_open_program(&f->ef, f->buf, f->len, NULL, 0) || index_symbols(f))
		f->bad = true;
	return f;
}

/* The function symbol covering link-time address v, or NULL. */
static const struct elf_symbol *find_symbol(const struct symfile *f, uint64_t v)
{
	size_t lo = 0, hi = f->n;
	const struct elf_symbol *y;

	if (!f->n || f->ef.syms[f->order[0]].value > v)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->ef.syms[f->order[mid]].value <= v)
			lo = mid;
		else
			hi = mid;
	}
	while (lo && f->ef.syms[f->order[lo - 1]].value == f->ef.syms[f->order[lo]].value)
		lo--;
	y = &f->ef.syms[f->order[lo]];
	if (y->size && v - y->value >= y->size)
		return NULL;
	return y;
}

/* ---- processes ---- */

/* One /proc/PID/maps line: "START-END PERMS OFFSET DEV INODE PATH"; only
 * file-backed mappings (PATH starting with '/') are kept. */
/* The fields of a /proc/PID/maps line, "START-END PERMS OFFSET DEV INODE
 * PATH": START, END and OFFSET in hex, and where PATH starts (after its
 * spaces). -EINVAL when the line has not that form. */
static int maps_fields(const char *s, unsigned long long *start, unsigned long long *end,
		       unsigned long long *off, const char **path)
{
	unsigned long long *v[] = { start, end, NULL, off, NULL, NULL };
	char *e;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (!isxdigit((unsigned char)*s) && (v[i] || !*s || isspace((unsigned char)*s)))
			return -EINVAL;
		if (v[i]) {
			*v[i] = strtoull(s, &e, 16);
			s = e;
		} else {
			s += strcspn(s, " \t\n");
		}
		if (*s != (i ? ' ' : '-'))
			return -EINVAL;
		s += strspn(s, i ? " " : "-");
	}
	*path = s;
	return 0;
}

static int maps_line(struct proc *p, const char *line)
{
	unsigned long long start, end, off;
	struct mapping *m;
	const char *path;
	size_t plen;

	if (maps_fields(line, &start, &end, &off, &path) || *path != '/')
		return 0;
	plen = strcspn(path, "\n");
	if (plen > 10 && !memcmp(path + plen - 10, " (deleted)", 10))
		plen -= 10;
	m = array_push(&p->maps, &p->n, sizeof(*p->maps));
	if (!m || !(m->path = strndup(path, plen)))
		return -ENOMEM;
	m->start = start;
	m->end = end;
	m->off = off;
	return 0;
}

static int read_maps(struct proc *p)
{
	char path[64], *line;
	struct line_reader f;
	int ret = 0;

	free_proc(p);
	snprintf(path, sizeof(path), "/proc/%d/maps", p->pid);
	if (lines_open(&f, path) < 0)
		return -errno;
	while (!ret && (line = lines_next(&f)))
		ret = maps_line(p, line);
	lines_close(&f);
	return ret;
}

static struct proc *get_proc(struct cli_syms *s, int pid)
{
	struct proc *p;

	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid)
			return &s->procs[i];
	p = array_push(&s->procs, &s->nprocs, sizeof(*s->procs));
	if (!p)
		return NULL;
	p->pid = pid;
	read_maps(p);
	return p;
}

static const struct mapping *find_mapping(const struct proc *p, uint64_t addr)
{
	for (size_t i = 0; i < p->n; i++)
		if (addr >= p->maps[i].start && addr < p->maps[i].end)
			return &p->maps[i];
	return NULL;
}

void cli_syms_forget(struct cli_syms *s, int pid)
{
	for (size_t i = 0; i < s->nprocs; i++)
		if (s->procs[i].pid == pid) {
			free_proc(&s->procs[i]);
			s->procs[i] = s->procs[--s->nprocs];
			return;
		}
}

int cli_sym_user(struct cli_syms *s, int pid, uint64_t addr, char *buf, size_t len,
		 const char **file)
{
	struct proc *p = get_proc(s, pid);
	const struct mapping *m = p ? find_mapping(p, addr) : NULL;
	const struct elf_symbol *y;
	struct symfile *f;
	uint64_t v;

	snprintf(buf, len, "0x%" PRIx64, addr);
	if (file)
		*file = NULL;
	if (p && !m && !read_maps(p))
		m = find_mapping(p, addr);
	if (!m)
		return -ENOENT;
	if (file)
		*file = m->path;
	f = get_file(s, pid, m->path);
	/* Address -> file offset (the mapping) -> link-time address (PT_LOAD). */
	if (!f || f->bad || elf_offset_to_vaddr(&f->ef, addr - m->start + m->off, &v))
		return -ENOENT;
	y = find_symbol(f, v);
	if (!y)
		return -ENOENT;
	snprintf(buf, len, "%s+0x%" PRIx64, y->name, v - y->value);
	return 0;
}
