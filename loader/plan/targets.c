/* Attach targets and map shapes from the command line (targets.h). */
#include "loader/plan/targets.h"

#include "common/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int find_prog(const struct rb_object *obj, const char *name, size_t n)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (strlen(obj->progs[i].fn.name) == n && !strncmp(obj->progs[i].fn.name, name, n))
			return (int)i;
	return -1;
}

/* The directories the dynamic linker searches by default on Debian
 * (ld.so.conf.d/x86_64-linux-gnu.conf, then the built-in ones). */
static const char *const lib_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
	"/lib", "/usr/lib", "/usr/local/lib",
};

/* An ELF file: libc.so beside libc.so.6 is a linker script. */
static bool is_elf(const char *path)
{
	unsigned char m[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && read(fd, m, 4) == 4 && !memcmp(m, "\177ELF", 4);

	if (fd >= 0)
		close(fd);
	return ok;
}

/* dir/base when base names a shared object, else the first
 * dir/base.so.* (the run-time name), else dir/base.so: each an ELF file. */
static bool lib_in(const char *dir, const char *base, char *out, size_t len)
{
	char want[256];
	size_t n;
	struct dirent *d;
	DIR *dp;
	bool found = false;

	snprintf(out, len, "%s/%s", dir, base);
	if (strstr(base, ".so") && is_elf(out))
		return true;
	snprintf(want, sizeof(want), "%s.so", base);
	n = strlen(want);
	if (!(dp = opendir(dir)))
		return false;
	while (!found && (d = readdir(dp)))
		if (!strncmp(d->d_name, want, n) && d->d_name[n] == '.') {
			snprintf(out, len, "%s/%s", dir, d->d_name);
			found = is_elf(out);
		}
	closedir(dp);
	if (!found)
		snprintf(out, len, "%s/%s", dir, want);
	return found || is_elf(out);
}

int plan_lib_path(const char *name, char *out, size_t len)
{
	char lib[256];

	if (strchr(name, '/') || !*name) {
		snprintf(out, len, "%s", name);
		return 0;
	}
	snprintf(lib, sizeof(lib), "lib%s", name);
	for (size_t i = 0; i < sizeof(lib_dirs) / sizeof(lib_dirs[0]); i++)
		if (lib_in(lib_dirs[i], name, out, len) ||
		    (strncmp(name, "lib", 3) && lib_in(lib_dirs[i], lib, out, len)))
			return 0;
	return -ENOENT;
}

/* PATH:REST with a bare library name in PATH: the library's path. */
static int resolve_path_part(const char *target, char *out, size_t len, char *err, size_t errlen)
{
	const char *colon = strchr(target, ':');
	char name[256], path[512];

	if (!colon || colon == target || (size_t)(colon - target) >= sizeof(name)) {
		snprintf(out, len, "%s", target);
		return 0;
	}
	memcpy(name, target, colon - target);
	name[colon - target] = '\0';
	if (plan_lib_path(name, path, sizeof(path)))
		return errorf(err, errlen, -ENOENT,
			       "%s: no library %s in /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu, /lib64, /usr/lib64, /lib, /usr/lib, /usr/local/lib; give its path",
			       target, name);
	snprintf(out, len, "%s%s", path, colon);
	return 0;
}

int plan_set_target(struct rb_object *obj, const char *spec, char *err, size_t errlen)
{
	const char *eq = strchr(spec, '=');
	struct plan_prog *p;
	char target[1024];
	int i, ret;

	if (!eq || eq == spec || !eq[1])
		return errorf(err, errlen, -EINVAL, "--attach '%s': expected PROGRAM=TARGET", spec);
	if ((i = find_prog(obj, spec, eq - spec)) < 0)
		return errorf(err, errlen, -ENOENT, "--attach %s: the object has no program %.*s",
			       spec, (int)(eq - spec), spec);
	p = &obj->progs[i];
	ret = resolve_path_part(eq + 1, target, sizeof(target), err, errlen);
	if (ret)
		return ret;
	/* A kprobe given a file: what gethostlatency does with its
	 * kprobe/handle_entry on libc's getaddrinfo. */
	if (p->attach == PLAN_ATTACH_KPROBE && strchr(target, ':')) {
		p->attach = PLAN_ATTACH_UPROBE;
		p->attach_kind = "uprobe";
	}
	free(p->target);
	if (!(p->target = strdup(target)))
		return errorf(err, errlen, -ENOMEM, "out of memory");
	return 0;
}

static int map_field(struct plan_map *m, const char *field, size_t n, uint32_t v)
{
	if (n == 11 && !strncmp(field, "max_entries", n))
		m->max_entries = v;
	else if (n == 10 && !strncmp(field, "value_size", n))
		m->value_size = v;
	else if (n == 8 && !strncmp(field, "key_size", n))
		m->key_size = v;
	else if (n == 5 && !strncmp(field, "flags", n))
		m->map_flags = v;
	else
		return -EINVAL;
	return 0;
}

int plan_set_map_shape(struct rb_object *obj, const char *spec, char *err, size_t errlen)
{
	const char *eq = strchr(spec, '='), *dot;
	char name[256], *end;
	unsigned long long v;
	int mi;

	for (dot = eq ? eq : spec; dot > spec && *dot != '.'; dot--)
		;
	if (!eq || dot <= spec || (size_t)(dot - spec) >= sizeof(name))
		return errorf(err, errlen, -EINVAL,
			       "--map '%s': expected NAME.FIELD=N (FIELD max_entries, value_size, key_size or flags)", spec);
	memcpy(name, spec, dot - spec);
	name[dot - spec] = '\0';
	errno = 0;
	v = strtoull(eq + 1, &end, 0);
	if (errno || end == eq + 1 || *end || v > UINT32_MAX)
		return errorf(err, errlen, -EINVAL, "--map %s: expected a number up to %u", spec, UINT32_MAX);
	if ((mi = plan_map_index(obj, name)) < 0)
		return errorf(err, errlen, -ENOENT, "--map %s: the object has no map %s", spec, name);
	if (obj->maps[mi].origin == PLAN_MAP_GLOBAL || obj->maps[mi].origin == PLAN_MAP_KCONFIG)
		return errorf(err, errlen, -EINVAL, "--map %s: %s holds global variables: its shape is the section's; set its variables with --set",
			       spec, name);
	if (map_field(&obj->maps[mi], dot + 1, eq - dot - 1, (uint32_t)v))
		return errorf(err, errlen, -EINVAL, "--map %s: FIELD is one of max_entries, value_size, key_size, flags", spec);
	return 0;
}

static void default_note(FILE *notes, const struct plan_map *m, const char *field, const char *what)
{
	if (notes)
		fprintf(notes, "rawbpf: map %s: the object says %s 0; using %s (change it with --map %s.%s=N)\n",
			m->name, field, what, m->name, field);
}

/* Maps whose size the kernel takes from elsewhere, or that hold no entries
 * the object could size: left as they are. */
static bool sized_elsewhere(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_RINGBUF: case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_CGROUP_STORAGE: case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
	case BPF_MAP_TYPE_SK_STORAGE: case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_STRUCT_OPS:
		return true;
	}
	return false;
}

void plan_map_defaults(struct rb_object *obj, FILE *notes)
{
	char what[96];

	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];

		if (m->unused || m->origin == PLAN_MAP_GLOBAL || m->origin == PLAN_MAP_KCONFIG ||
		    sized_elsewhere(m->type))
			continue;
		if (m->type == BPF_MAP_TYPE_STACK_TRACE && m->value_size == 0) {
			m->value_size = PLAN_STACK_FRAMES * 8;
			snprintf(what, sizeof(what), "%u (%u frames x 8 bytes)", m->value_size, PLAN_STACK_FRAMES);
			default_note(notes, m, "value_size", what);
		}
		if (m->max_entries)
			continue;
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
			/* Created with one slot per possible CPU (load.c). */
			default_note(notes, m, "max_entries", "one per possible CPU");
			continue;
		}
		m->max_entries = PLAN_DEFAULT_ENTRIES;
		snprintf(what, sizeof(what), "%u", PLAN_DEFAULT_ENTRIES);
		default_note(notes, m, "max_entries", what);
	}
}

bool plan_is_usdt(const struct plan_prog *p)
{
	const char *s = p->fn.sec_name;

	if (s[0] == '?')
		s++;
	return !strcmp(s, "usdt") || !strncmp(s, "usdt/", 5);
}

const char *plan_missing_target(const struct plan_prog *p)
{
	const char *t = p->target ? p->target : "";

	if (plan_is_usdt(p))
		return strchr(t, ':') && strchr(strchr(t, ':') + 1, ':') ? NULL : "PATH:PROVIDER:NAME";
	switch (p->attach) {
	case PLAN_ATTACH_KPROBE:
		return *t ? NULL : "FUNCTION (or PATH:SYMBOL for a uprobe)";
	case PLAN_ATTACH_KSYSCALL:
	case PLAN_ATTACH_RAW_TP:
		return *t ? NULL : "NAME";
	case PLAN_ATTACH_UPROBE:
		return strchr(t, ':') ? NULL : "PATH:SYMBOL[+OFFSET]";
	case PLAN_ATTACH_TRACEPOINT:
		return strchr(t, '/') ? NULL : "CATEGORY/NAME";
	case PLAN_ATTACH_TRACING:
		return *t || p->expected_attach_type == BPF_TRACE_ITER ? NULL : "FUNCTION";
	default:
		return NULL;
	}
}
