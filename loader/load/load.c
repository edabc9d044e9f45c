/* Load: the plan becomes kernel objects. Stages, in the order they run:
 *
 *   BTF        BPF_BTF_LOAD of the object's types, after the DATASEC fix-up
 *   maps       BPF_MAP_CREATE per map (inner templates first; pins reused)
 *   globals    BPF_MAP_UPDATE_ELEM with each data section's bytes, then
 *              BPF_MAP_FREEZE for .rodata
 *   programs   relocate (relocate.c), then BPF_PROG_LOAD; on refusal, once
 *              more with a verifier log
 *   slots      prog arrays and map-in-map initial values
 *   pins       --pin DIR
 *
 * Nothing is probed: a call the kernel refuses is reported with what was
 * asked and why. */
#include "loader/load/load.h"
#include "loader/load/kbtf.h"
#include "loader/load/core.h"
#include "loader/load/externs.h"
#include "loader/load/relocate.h"
#include "loader/load/vlog.h"
#include "common/util.h"
#include "bpf/caps.h"
#include "bpf/cpus.h"
#include "bpf/tracefs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define LIBBPF_PIN_BY_NAME 1  /* the "pinning" value of BTF map definitions */
#define PIN_ROOT "/sys/fs/bpf"
#define PIN_PATH_MAX 512      /* bytes of DIR/NAME and its NUL */

static void explain_stage(const struct load_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (!o->explain)
		return;
	va_start(ap, fmt);
	fputs("== ", o->explain);
	vfprintf(o->explain, fmt, ap);
	fputc('\n', o->explain);
	va_end(ap);
}

/* The kernel said no: the message says what was asked, errno in words and,
 * for permission errors, which capability or sysctl is missing. */
static int refused(struct rb_object *obj, char *err, size_t errlen, int ret, int cmd,
		   const char *what)
{
	const char *hint = sys_hint(cmd, ret);

	obj->refused = true;
	return errorf(err, errlen, ret, "%s: %s%s%s", what, strerror(-ret),
		       hint ? "; " : "", hint ? hint : "");
}

uint32_t load_kernel_version(void)
{
	struct utsname u;
	unsigned long v[3] = { 0, 0, 0 };

	/* "MAJOR.MINOR.PATCH" then anything ("-rc1", "-amd64"); a missing
	 * part is 0. */
	if (uname(&u) == 0) {
		const char *p = u.release;

		for (int i = 0; i < 3; i++) {
			char *end;

			v[i] = strtoul(p, &end, 10);
			if (end == p || *end != '.')
				break;
			p = end + 1;
		}
	}
	return (uint32_t)(v[0] << 16) + (uint32_t)(v[1] << 8) + (v[2] > 255 ? 255 : (uint32_t)v[2]);
}

/* ---- BTF ---- */

/* The types were made loadable in the plan (btf_fixup_datasec); if the
 * kernel still refuses them, the object loads without BTF (maps without
 * key/value types, programs without func/line info), as before BTF existed. */
static int load_btf(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	struct sys_btf_load a;
	char log[64 << 10], why[400];
	size_t len;
	int ret;

	if (!obj->btf)
		return 0;
	explain_stage(o, "BTF: load the object's types (%u) so maps and programs can name them",
	      btf_nr_types(obj->btf) - 1);
	memset(&a, 0, sizeof(a));
	a.data = btf_raw(obj->btf, &len);
	a.size = len;
	ret = sys_btf_load(o->sys, &a);
	if (ret == -EPERM)  /* no privilege: nothing after this would work either */
		return refused(obj, err, errlen, ret, BPF_BTF_LOAD, "btf: BPF_BTF_LOAD refused");
	if (ret < 0) {
		/* Again with a log, to say why. */
		a.log_buf = log;
		a.log_size = sizeof(log);
		a.log_level = 1;
		log[0] = '\0';
		if (!o->sys->dry_run && (ret = sys_btf_load(o->sys, &a)) >= 0) {
			obj->btf_fd = ret; /* accepted the second time: keep it */
			return 0;
		}
		/* The log starts with the header the kernel read ("magic:
		 * 0xeb9f"); the reason is at its end. */
		load_log_last_lines(log, 2, why, sizeof(why));
		fprintf(o->warn ? o->warn : stderr,
			"rawbpf: %s: btf: the kernel refused the object's BTF (%s)%s%s; continuing without it\n",
			obj->path, strerror(-ret), why[0] ? ": " : "", why);
		obj->btf_fd = -1;
		return 0;
	}
	obj->btf_fd = ret;
	return 0;
}

/* ---- maps ---- */

/* Map types whose create refuses BTF key/value types: their values are fds
 * or kernel-owned, so there is nothing for BTF to describe. */
static bool btf_typed(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY: case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE: case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS: case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH: case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP: case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH: case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK: case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_RINGBUF: case BPF_MAP_TYPE_USER_RINGBUF:
		return false;
	}
	return true;
}

static int create_map(struct rb_object *obj, struct plan_map *m, const struct load_opts *o,
		      int inner_fd, char *err, size_t errlen)
{
	struct sys_map_create a;
	char what[300];
	int ret;

	memset(&a, 0, sizeof(a));
	a.map_type = m->type;
	a.key_size = m->key_size;
	a.value_size = m->value_size;
	a.max_entries = m->max_entries;
	a.map_flags = m->map_flags;
	a.map_extra = m->map_extra;
	a.name = m->kname;
	a.inner_map_fd = inner_fd > 0 ? inner_fd : 0;
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !a.max_entries) {
		/* One slot per possible CPU: bpf_perf_event_output() indexes
		 * by the current CPU. */
		ret = sys_cpus_possible(what, sizeof(what));
		if (ret < 0)
			return errorf(err, errlen, ret, "map %s: %s", m->name, what);
		a.max_entries = m->max_entries = ret;
	}
	if (obj->btf_fd >= 0 && btf_typed(m->type) && m->btf_value_type_id) {
		a.btf_fd = obj->btf_fd;
		a.btf_key_type_id = m->btf_key_type_id;
		a.btf_value_type_id = m->btf_value_type_id;
	}
	ret = sys_map_create(o->sys, &a);
	if (ret < 0) {
		snprintf(what, sizeof(what),
			 "maps: map %s: BPF_MAP_CREATE (%s, key %u, value %u, %u entries, flags %#x) refused",
			 m->name, plan_map_type_name(m->type), m->key_size, m->value_size,
			 a.max_entries, m->map_flags);
		return refused(obj, err, errlen, ret, BPF_MAP_CREATE, what);
	}
	m->fd = ret;
	return 0;
}

/* A map's shape in words, for the message about a stale pin. */
static void shape_str(char *buf, size_t len, uint32_t type, uint32_t key, uint32_t value,
		      uint32_t entries, uint32_t flags, uint64_t extra)
{
	snprintf(buf, len, "%s map, key %u, value %u, %u entries, flags %#x, map_extra %#llx",
		 plan_map_type_name(type), key, value, entries, flags, (unsigned long long)extra);
}

/* May the pin at path (its fd) stand in for map m? It must be a map, and of
 * the shape the object was compiled for: the programs index it with the
 * object's key and value sizes, and the map printer and event readers read
 * it so. The fields are those libbpf compares before reusing a pin (type,
 * key_size, value_size, max_entries, map_flags, map_extra), as the kernel
 * reports them (BPF_OBJ_GET_INFO_BY_FD, struct bpf_map_info). */
static int pin_matches(struct rb_object *obj, const struct plan_map *m, const struct load_opts *o,
		       int fd, const char *path, char *err, size_t errlen)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info), entries = m->max_entries;
	char kind[64], pin[200], want[200];
	int ret;

	if (o->sys->dry_run)
		return 0;  /* the fd is made up: there is nothing to ask */
	ret = sys_obj_kind(o->sys, fd, kind, sizeof(kind));
	if (ret == 0 && strcmp(kind, "map"))
		return errorf(err, errlen, -EINVAL, "maps: map %s: %s is pinned there but is a BPF %s, not a map;"
			      " remove it or rename the map", m->name, path, kind);
	memset(&info, 0, sizeof(info));
	ret = sys_obj_info(o->sys, fd, &info, &len);
	if (ret < 0)
		return refused(obj, err, errlen, ret, BPF_OBJ_GET_INFO_BY_FD, path);
	if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !entries) {
		/* As create_map() would make it: one slot per possible CPU. */
		ret = sys_cpus_possible(want, sizeof(want));
		if (ret < 0)
			return errorf(err, errlen, ret, "maps: map %s: %s", m->name, want);
		entries = ret;
	}
	if (info.type == m->type && info.key_size == m->key_size && info.value_size == m->value_size &&
	    info.max_entries == entries && info.map_flags == m->map_flags && info.map_extra == m->map_extra)
		return 0;
	shape_str(pin, sizeof(pin), info.type, info.key_size, info.value_size, info.max_entries,
		  info.map_flags, info.map_extra);
	shape_str(want, sizeof(want), m->type, m->key_size, m->value_size, entries, m->map_flags,
		  m->map_extra);
	return errorf(err, errlen, -EINVAL, "maps: map %s: the pin %s is a %s; the object's map is a %s:"
		      " a stale pin (remove it) or another program's map of that name", m->name, path, pin, want);
}

/* pinning = LIBBPF_PIN_BY_NAME: reuse /sys/fs/bpf/NAME if it is there and
 * fits, else create the map and pin it there. */
static int pinned_map(struct rb_object *obj, struct plan_map *m, const struct load_opts *o,
		      int inner_fd, char *err, size_t errlen)
{
	char path[512], msg[ERR_LEN];
	int ret;

	ret = sys_bpffs(o->sys, msg, sizeof(msg));
	if (ret < 0)
		return errorf(err, errlen, ret, "maps: map %s: %s", m->name, msg);
	if ((size_t)snprintf(path, sizeof(path), PIN_ROOT "/%s", m->name) >= sizeof(path))
		return errorf(err, errlen, -ENAMETOOLONG, "maps: map %s: its pin path is too long", m->name);
	if (access(path, F_OK) == 0) {
		int fd = sys_obj_get(o->sys, path, 0);

		if (fd < 0)
			return refused(obj, err, errlen, fd, BPF_OBJ_GET, path);
		explain_stage(o, "maps: %s: reuse the map pinned at %s if it is one of the same shape", m->name, path);
		ret = pin_matches(obj, m, o, fd, path, err, errlen);
		if (ret) {
			if (!o->sys->dry_run)
				close(fd);
			return ret;
		}
		m->fd = fd;
		m->reused = true;
		return 0;
	}
	ret = create_map(obj, m, o, inner_fd, err, errlen);
	if (ret)
		return ret;
	ret = sys_obj_pin(o->sys, m->fd, path);
	if (ret < 0)
		return refused(obj, err, errlen, ret, BPF_OBJ_PIN, path);
	return 0;
}

static int load_maps(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	int ret;

	for (size_t i = 0; i < obj->nmaps; i++)
		if (obj->maps[i].unused)
			explain_stage(o, "maps: %s: no instruction uses it, not created", obj->maps[i].name);
	if (obj->nmaps)
		explain_stage(o, "maps: create the maps");
	/* Inner map templates first: the outer map is created from one. */
	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];

		if (m->is_inner && (ret = create_map(obj, m, o, -1, err, errlen)))
			return ret;
	}
	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];
		int inner_fd = m->inner >= 0 ? obj->maps[m->inner].fd : -1;

		if (m->is_inner || m->unused)
			continue;
		if (m->pinning == LIBBPF_PIN_BY_NAME)
			ret = pinned_map(obj, m, o, inner_fd, err, errlen);
		else if (m->pinning)
			ret = errorf(err, errlen, -EINVAL, "maps: map %s: pinning %u: only 1 (by name) is known",
				      m->name, m->pinning);
		else
			ret = create_map(obj, m, o, inner_fd, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- globals ---- */

static int load_globals(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];
		uint32_t zero = 0;
		bool nonzero = false;
		char what[200];
		int ret;

		if ((m->origin != PLAN_MAP_GLOBAL && m->origin != PLAN_MAP_KCONFIG) || m->unused)
			continue;
		if (m->origin == PLAN_MAP_KCONFIG && (ret = load_kconfig_fill(obj, m, err, errlen)))
			return ret;
		for (size_t b = 0; b < m->data_size && !nonzero; b++)
			nonzero = m->data[b];
		explain_stage(o, "globals: %s (%zu bytes)%s%s", m->name, m->data_size,
		      nonzero ? ": write the initial value" : ": all zero, as created",
		      m->readonly ? ", then freeze it" : "");
		/* A new array map is zeroed: an all-zero .bss needs no write. */
		if (nonzero) {
			ret = sys_map_update(o->sys, m->fd, &zero, m->data, BPF_ANY);
			if (ret < 0) {
				snprintf(what, sizeof(what), "globals: map %s: writing the initial value", m->name);
				return refused(obj, err, errlen, ret, BPF_MAP_UPDATE_ELEM, what);
			}
		}
		if (m->readonly) {
			ret = sys_map_freeze(o->sys, m->fd);
			if (ret < 0) {
				snprintf(what, sizeof(what), "globals: map %s: freeze", m->name);
				return refused(obj, err, errlen, ret, BPF_MAP_FREEZE, what);
			}
		}
	}
	return 0;
}

/* ---- programs ---- */

/* Program types the kernel lets load only with CAP_PERFMON beside CAP_BPF
 * (kernel/bpf/syscall.c: bpf_prog_load() and is_perfmon_prog_type()). */
static bool tracing_type(uint32_t type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE: case BPF_PROG_TYPE_TRACEPOINT: case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT: case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING: case BPF_PROG_TYPE_LSM: case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_EXT:
		return true;
	}
	return false;
}

/* EPERM for a tracing program: the capabilities, or, when the process has
 * them, what else it can be (bpf/caps.h). */
static int refused_tracing(struct rb_object *obj, const struct plan_prog *p, int ret,
			   char *err, size_t errlen)
{
	char why[600];

	obj->refused = true;
	return errorf(err, errlen, ret, "BPF_PROG_LOAD of a %s program refused: %s; %s",
		      plan_prog_type_name(p->type), strerror(-ret), sys_eperm_hint(why, sizeof(why)));
}

/* The BPF_PROG_LOAD request for p, without a log. */
static void prog_attr(const struct rb_object *obj, const struct plan_prog *p, struct sys_prog_load *a)
{
	memset(a, 0, sizeof(*a));
	a->prog_type = p->type;
	a->insns = p->insns;
	a->insn_cnt = p->ninsns;
	a->license = obj->license;
	a->name = p->fn.name;
	a->kern_version = obj->kern_version ? obj->kern_version : load_kernel_version();
	a->expected_attach_type = p->expected_attach_type;
	a->prog_flags = (p->sleepable ? BPF_F_SLEEPABLE : 0) | p->prog_flags;
	a->attach_btf_id = p->attach_btf_id;
	if (obj->btf_fd >= 0 && p->nfunc_info) {
		a->prog_btf_fd = obj->btf_fd;
		a->func_info = p->func_info;
		a->func_info_rec_size = sizeof(struct bpf_func_info);
		a->func_info_cnt = p->nfunc_info;
		a->line_info = p->line_info;
		a->line_info_rec_size = sizeof(struct bpf_line_info);
		a->line_info_cnt = p->nline_info;
	}
}

/* Refused: load again with the verifier's log, into obj->log. Verifying can
 * take seconds, so the first buffer is the biggest every kernel takes (16
 * MiB - 1); only if the log does not fit, once more at the size the kernel
 * says it needs (6.4+) or the most it takes (vlog.h). A log that never fit
 * is kept by its end, where the reason is, marked as cut. Returns the
 * program's fd (the kernel accepted it this time) or -errno. */
static int prog_load_logged(struct rb_object *obj, const struct load_opts *o, struct sys_prog_load *a)
{
	uint32_t size = LOAD_LOG_FIRST, kept_size = 0, true_size = 0;
	char *kept = NULL;
	int ret = -ENOMEM;

	free(obj->log);
	obj->log = NULL;
	for (; size; size = load_log_next_size(size, true_size)) {
		char *log = malloc(size);

		if (!log)
			break;
		a->log_buf = log;
		a->log_size = size;
		a->log_level = 1;
		a->log_true_size = 0;
		ret = sys_prog_load(o->sys, a);
		if (ret >= 0 || (ret == -EINVAL && kept && !log[0])) {
			/* Loaded with a log (the verifier is not deterministic
			 * about it: keep the program); or the bigger buffer was
			 * refused as too big (a kernel before 5.2): the log that
			 * did not fit is all there is. */
			free(log);
			ret = ret >= 0 ? ret : -ENOSPC;
			break;
		}
		free(kept);
		kept = log;
		kept_size = size;
		true_size = a->log_true_size;
		if (ret != -ENOSPC) {
			obj->log = kept;
			return ret;
		}
	}
	if (ret >= 0 || !kept) {
		free(kept);
		return ret;
	}
	obj->log = load_log_cut(kept, kept_size, true_size);
	if (obj->log)
		free(kept);
	else
		obj->log = kept;
	return ret;
}

/* The refusal in words: a missing capability, a poisoned CO-RE instruction
 * in source terms (not as the helper number the verifier prints), a log too
 * long to get whole, or what the verifier said. */
static int prog_refused(struct rb_object *obj, const struct plan_prog *p, int ret,
			char *err, size_t errlen)
{
	char poisoned[ERR_LEN / 2];

	obj->refused = true;
	if (ret == -EPERM && tracing_type(p->type))
		return refused_tracing(obj, p, ret, err, errlen);
	if (ret == -EPERM)
		return refused(obj, err, errlen, ret, BPF_PROG_LOAD, "BPF_PROG_LOAD refused");
	if (obj->log && strstr(obj->log, "unknown#195936382") &&
	    load_core_poisoned(obj, p, poisoned, sizeof(poisoned)))
		return errorf(err, errlen, ret, "verifier refused the program: CO-RE relocation %s",
			       poisoned);
	if (ret == -ENOSPC)
		return errorf(err, errlen, ret, "verifier refused the program; its log was too long to "
			      "get whole (ENOSPC), the end of it is above");
	return refused(obj, err, errlen, ret, BPF_PROG_LOAD, "verifier refused the program");
}

static int prog_load(struct rb_object *obj, struct plan_prog *p, const struct load_opts *o,
		     char *err, size_t errlen)
{
	struct sys_prog_load a;
	int ret;

	prog_attr(obj, p, &a);
	ret = sys_prog_load(o->sys, &a);
	if (ret < 0 && ret != -EPERM)
		ret = prog_load_logged(obj, o, &a);
	if (ret < 0)
		return prog_refused(obj, p, ret, err, errlen);
	p->fd = ret;
	return 0;
}

static int load_program(struct rb_object *obj, struct plan_prog *p, const struct load_opts *o,
			char *err, size_t errlen)
{
	char msg[ERR_LEN];
	int ret;

	if (p->type == BPF_PROG_TYPE_UNSPEC)
		return errorf(err, errlen, -EINVAL,
			       "programs: program %s: section \"%s\" names no program type rawbpf knows (tracepoint/, kprobe/, uprobe/, raw_tp/, fentry/, xdp, ...)",
			       p->fn.name, p->fn.sec_name);
	if (p->attach == PLAN_ATTACH_TRACING || p->type == BPF_PROG_TYPE_STRUCT_OPS) {
		ret = p->attach == PLAN_ATTACH_TRACING ? load_attach_btf_id(obj, p, msg, sizeof(msg))
						     : load_struct_ops_btf_id(obj, p, msg, sizeof(msg));
		if (ret)
			return errorf(err, errlen, ret, "programs: program %s: %s", p->fn.name, msg);
	}
	ret = load_relocate(obj, p, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "relocate: %s", msg);
	explain_stage(o, "programs: %s (%s, %zu instructions with subprograms)", p->fn.name,
	      plan_prog_type_name(p->type), p->ninsns);
	ret = prog_load(obj, p, o, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "program %s: %s", p->fn.name, msg);
	return 0;
}

/* --keep-going: a program that did not load is left out, with why (and the
 * verifier log's last line, where the reason is) in p->not_loaded. */
static int keep_going(struct rb_object *obj, struct plan_prog *p, const char *msg)
{
	char why[ERR_LEN + 200];
	const char *last = "";
	size_t n = obj->log ? strlen(obj->log) : 0, b;

	while (n && obj->log[n - 1] == '\n')
		n--;
	for (b = n; b && obj->log[b - 1] != '\n'; b--)
		;
	if (obj->refused && n)
		last = obj->log + b;
	snprintf(why, sizeof(why), "%s%s%.*s", msg, *last ? ": " : "", (int)(n - b), last);
	free(p->not_loaded);
	p->not_loaded = strdup(why);
	free(obj->log);
	obj->log = NULL;
	obj->refused = false;
	return p->not_loaded ? 0 : -ENOMEM;
}

static int load_programs(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct plan_prog *p = &obj->progs[i];
		int ret;

		if (p->skip)
			continue;
		ret = load_program(obj, p, o, err, errlen);
		if (ret && o->keep_going && ret != -ENOMEM)
			ret = keep_going(obj, p, err);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- slots of prog arrays and maps of maps ---- */

static int find_prog(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].fn.name, name))
			return (int)i;
	return -ENOENT;
}

static int load_slots(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];

		for (size_t s = 0; s < m->nslots; s++) {
			const struct plan_slot *sl = &m->slots[s];
			int t, fd, ret;

			if (m->type == BPF_MAP_TYPE_PROG_ARRAY) {
				t = find_prog(obj, sl->target);
				fd = t >= 0 ? obj->progs[t].fd : -1;
			} else {
				t = plan_map_index(obj, sl->target);
				fd = t >= 0 ? obj->maps[t].fd : -1;
			}
			if (t < 0)
				return errorf(err, errlen, -EINVAL, "slots: map %s, slot %u: no %s named %s",
					       m->name, sl->index,
					       m->type == BPF_MAP_TYPE_PROG_ARRAY ? "program" : "map", sl->target);
			if (fd < 0)
				continue; /* a skipped program */
			explain_stage(o, "slots: %s[%u] = %s", m->name, sl->index, sl->target);
			ret = sys_map_update(o->sys, m->fd, &sl->index, &fd, BPF_ANY);
			if (ret < 0)
				return refused(obj, err, errlen, ret, BPF_MAP_UPDATE_ELEM, "slots: BPF_MAP_UPDATE_ELEM");
		}
	}
	return 0;
}

/* ---- pins ---- */

/* DIR/NAME into path[len], or -ENAMETOOLONG. bpffs refuses names with a
 * '.', which every global map has (".rodata"): those are pinned as
 * "_rodata". */
static int pin_path(char *path, size_t len, const char *dir, const char *name)
{
	int n = snprintf(path, len, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	for (char *c = path + strlen(dir) + 1; *c; c++)
		if (*c == '.')
			*c = '_';
	return 0;
}

static int pin_one(struct rb_object *obj, const struct load_opts *o, int fd, const char *name,
		   char *err, size_t errlen)
{
	char path[PIN_PATH_MAX];
	int ret;

	if (pin_path(path, sizeof(path), o->pin_dir, name))
		return errorf(err, errlen, -ENAMETOOLONG, "pins: %.40s.../%s: %zu bytes, longer than a pin path may be (%d)",
			      o->pin_dir, name, strlen(o->pin_dir) + 1 + strlen(name), PIN_PATH_MAX - 1);
	ret = sys_obj_pin(o->sys, fd, path);
	if (ret < 0) {
		obj->refused = true;
		return errorf(err, errlen, ret, "pins: BPF_OBJ_PIN %s: %s", path, strerror(-ret));
	}
	return 0;
}

/* Undo a --pin that failed half way: the pins made so far. */
static void unpin_all(struct rb_object *obj, const struct load_opts *o)
{
	char path[PIN_PATH_MAX];

	for (size_t i = 0; i < obj->nprogs; i++)
		if (!pin_path(path, sizeof(path), o->pin_dir, obj->progs[i].fn.name))
			unlink(path);
	for (size_t i = 0; i < obj->nmaps; i++)
		if (!pin_path(path, sizeof(path), o->pin_dir, obj->maps[i].name))
			unlink(path);
	rmdir(o->pin_dir);
}

static int pin_all(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	char msg[ERR_LEN];
	int ret = 0;

	if (!o->pin_dir)
		return 0;
	/* Checked before mkdir: a directory too long to pin in is not made. */
	if (strlen(o->pin_dir) + 2 > PIN_PATH_MAX)
		return errorf(err, errlen, -ENAMETOOLONG, "pins: --pin %.40s...: %zu bytes, longer than a pin path may be (%d)",
			      o->pin_dir, strlen(o->pin_dir), PIN_PATH_MAX - 1);
	explain_stage(o, "pins: every program and map under %s", o->pin_dir);
	ret = sys_bpffs(o->sys, msg, sizeof(msg));
	if (ret < 0)
		return errorf(err, errlen, ret, "pins: %s", msg);
	if (!o->sys->dry_run && mkdir(o->pin_dir, 0700) && errno != EEXIST)
		return errorf(err, errlen, -errno, "pins: mkdir %s: %s", o->pin_dir, strerror(errno));
	for (size_t i = 0; i < obj->nprogs && !ret; i++)
		if (obj->progs[i].fd >= 0)
			ret = pin_one(obj, o, obj->progs[i].fd, obj->progs[i].fn.name, err, errlen);
	for (size_t i = 0; i < obj->nmaps && !ret; i++)
		if (obj->maps[i].fd >= 0 && !obj->maps[i].is_inner)
			ret = pin_one(obj, o, obj->maps[i].fd, obj->maps[i].name, err, errlen);
	if (ret && !o->sys->dry_run)
		unpin_all(obj, o);
	return ret;
}

int load_object(struct rb_object *obj, const struct load_opts *o, char *err, size_t errlen)
{
	int ret;

	obj->kernel_btf_path = o->kernel_btf;
	obj->core_explain = o->explain;
	/* Types, so maps and programs can name them. */
	ret = load_btf(obj, o, err, errlen);
	/* Maps, then the initial values of globals. */
	if (!ret)
		ret = load_maps(obj, o, err, errlen);
	if (!ret)
		ret = load_globals(obj, o, err, errlen);
	/* Programs: relocated, then verified and loaded. */
	if (!ret)
		ret = load_programs(obj, o, err, errlen);
	/* Prog arrays and maps of maps get their initial entries. */
	if (!ret)
		ret = load_slots(obj, o, err, errlen);
	if (!ret)
		ret = pin_all(obj, o, err, errlen);
	if (ret)
		load_release(obj, o->sys);
	return ret;
}

/* fd is real unless the load was a dry run (its fds are made up). */
static void release_fd(int *fd, const struct sys *s)
{
	if (*fd >= 0 && !s->dry_run)
		close(*fd);
	*fd = -1;
}

void load_release(struct rb_object *obj, const struct sys *s)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		release_fd(&obj->progs[i].fd, s);
	for (size_t i = 0; i < obj->nmaps; i++)
		release_fd(&obj->maps[i].fd, s);
	release_fd(&obj->btf_fd, s);
	load_kernel_btf_free(obj);
}
