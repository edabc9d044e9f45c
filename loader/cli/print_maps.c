/* Printing the maps the programs fill, at exit or every --interval: hash,
 * array and per-CPU maps (event maps excluded), keys and values decoded by
 * BTF, per-CPU integers summed, sorted by value with the largest last, as
 * bpftrace prints its @ maps; then the global variables the programs write
 * (print_globals.c). */
#include "loader/cli/print_maps.h"
#include "loader/cli/json.h"
#include "common/util.h"
#include "loader/cli/print_events.h"
#include "loader/cli/print_globals.h"
#include "loader/cli/print_hist.h"
#include "loader/cli/print_stacks.h"
#include "bpf/cpus.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ENTRIES_SHOWN 10000

struct entry {
	uint8_t *key, *val;
	uint64_t num;
};

static bool printable(const struct plan_map *m)
{
	if (m->fd < 0 || m->is_inner || m->origin == PLAN_MAP_GLOBAL || m->origin == PLAN_MAP_KCONFIG)
		return false;
	switch (m->type) {
	case BPF_MAP_TYPE_HASH: case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY: case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	}
	return false;
}

static bool percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* Is the value an integer (so it can be summed and sorted)? */
static bool int_value(const struct rb_object *obj, const struct plan_map *m)
{
	if (m->value_size != 1 && m->value_size != 2 && m->value_size != 4 && m->value_size != 8)
		return false;
	if (obj->btf && m->btf_value_type_id) {
		const struct btf_type *t = btf_type(obj->btf, btf_skip_mods(obj->btf, m->btf_value_type_id));

		return t && (btf_kind(t) == BTF_KIND_INT || btf_kind(t) == BTF_KIND_ENUM);
	}
	return true;
}

static uint64_t as_num(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;

	memcpy(&v, p, size);
	return v;
}

static int by_num(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

/* What the kernel says the map is: the buffers are sized by it, not by the
 * object (a map reused from a pin may differ; the kernel writes its own
 * sizes). The object's BTF types describe the values only when the sizes
 * agree. */
struct shape {
	uint32_t type, key_size, value_size, max_entries;
	uint32_t key_type, value_type;  /* BTF ids of the object, 0: print raw */
	size_t stride, vlen;            /* per-CPU: a value per possible CPU */
	bool pc, isint;
};

static bool map_shape(const struct rb_object *obj, const struct plan_map *m, struct sys *s,
		      int ncpu, struct shape *sh)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (sys_obj_info(s, m->fd, &info, &len) < 0 || !info.value_size)
		return false;  /* a dry run's made-up fd, or no map */
	memset(sh, 0, sizeof(*sh));
	sh->type = info.type;
	sh->key_size = info.key_size;
	sh->value_size = info.value_size;
	sh->max_entries = info.max_entries;
	sh->key_type = info.key_size == m->key_size ? m->btf_key_type_id : 0;
	sh->value_type = info.value_size == m->value_size ? m->btf_value_type_id : 0;
	sh->pc = percpu(info.type);
	sh->isint = info.value_size == m->value_size && int_value(obj, m);
	sh->stride = ((size_t)info.value_size + 7) & ~(size_t)7;
	sh->vlen = sh->pc ? sh->stride * ncpu : info.value_size;
	return true;
}

static bool is_array(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

/* Keep the element just read (per-CPU integers summed). */
static bool add_entry(struct entry **e, size_t *n, size_t *cap, const struct shape *sh,
		      const uint8_t *key, const uint8_t *val, int ncpu)
{
	struct entry *x;

	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		struct entry *g = realloc(*e, c * sizeof(*g));

		if (!g)
			return false;
		*e = g;
		*cap = c;
	}
	x = &(*e)[*n];
	x->key = malloc(sh->key_size ? sh->key_size : 1);
	x->val = malloc(sh->value_size);
	if (!x->key || !x->val) {
		free(x->key);
		free(x->val);
		return false;
	}
	memcpy(x->key, key, sh->key_size);
	x->num = 0;
	if (sh->pc && sh->isint) {
		for (int c = 0; c < ncpu; c++)
			x->num += as_num(val + c * sh->stride, sh->value_size);
		memcpy(x->val, &x->num, sh->value_size);
	} else {
		memcpy(x->val, val, sh->value_size);
		x->num = sh->isint ? as_num(val, sh->value_size) : 0;
	}
	(*n)++;
	return true;
}

/* Every element (arrays: the nonzero ones), at most MAX_ENTRIES_SHOWN.
 * Returns how many are in *out. */
static size_t read_entries(const struct plan_map *m, struct sys *s, const struct shape *sh, int ncpu,
			   struct entry **out)
{
	size_t ksize = sh->key_size ? sh->key_size : 1, n = 0, cap = 0;
	uint8_t *key = calloc(1, ksize), *prev = NULL, *val = calloc(1, sh->vlen);

	*out = NULL;
	for (size_t i = 0; key && val && n < MAX_ENTRIES_SHOWN; i++) {
		bool nonzero = false;

		if (is_array(sh->type)) {
			uint32_t k = i;

			if (i >= sh->max_entries || sh->key_size != sizeof(k))
				break;
			memcpy(key, &k, sizeof(k));
		} else if (sys_map_next_key(s, m->fd, prev, key) < 0) {
			break;
		}
		if (sys_map_lookup(s, m->fd, key, val) == 0) {
			for (size_t b = 0; b < sh->vlen && !nonzero; b++)
				nonzero = val[b];
			if ((nonzero || !is_array(sh->type)) && !add_entry(out, &n, &cap, sh, key, val, ncpu))
				break;
		}
		if (!prev && !(prev = malloc(ksize)))
			break;
		memcpy(prev, key, sh->key_size);
	}
	free(key);
	free(prev);
	free(val);
	return n;
}

/* What an entry carries beside its key and value: stack ids (in the key
 * or the value) and a histogram (in the value). */
struct extras {
	struct cli_syms *syms;
	const struct plan_map *stack_map;   /* the object's stack trace map, or NULL */
	struct cli_stack_fields kst, vst;
	struct cli_hist_field hist;
	bool has_hist, linear;
};

static void find_extras(const struct rb_object *obj, const struct plan_map *m, const struct shape *sh,
			struct extras *x)
{
	cli_stack_fields(obj->btf, sh->key_type, &x->kst);
	cli_stack_fields(obj->btf, sh->value_type, &x->vst);
	x->has_hist = obj->btf && sh->value_type && !cli_hist_field(obj->btf, sh->value_type, &x->hist);
	x->linear = x->has_hist && cli_hist_linear(m->name, &x->hist);
}

static void print_extras(struct sys *s, const struct extras *x, const struct shape *sh, const struct entry *e,
			 bool json, FILE *out)
{
	int pid = cli_stack_pid(&x->kst, e->key, sh->key_size);

	if (!pid)
		pid = cli_stack_pid(&x->vst, e->val, sh->value_size);
	if (x->has_hist && cli_hist_used(&x->hist, e->val, sh->value_size)) {
		if (json)
			fputs(",\"hist\":", out);
		cli_put_hist(out, &x->hist, x->linear, e->val, sh->value_size, json);
	}
	if (x->kst.n)
		cli_print_stacks(out, x->syms, s, x->stack_map, &x->kst, e->key, sh->key_size, pid, json);
	if (x->vst.n)
		cli_print_stacks(out, x->syms, s, x->stack_map, &x->vst, e->val, sh->value_size, pid, json);
}

static void print_entry(const struct rb_object *obj, struct sys *s, const struct plan_map *m, const struct shape *sh,
			const struct extras *x, const struct entry *e, bool first, bool json, FILE *out)
{
	bool hist;

	if (json) {
		fputs(first ? "{\"key\":" : ",{\"key\":", out);
		cli_put_value(obj->btf, sh->key_type, e->key, sh->key_size, true, out);
		fputs(",\"value\":", out);
		cli_put_value(obj->btf, sh->value_type, e->val, sh->value_size, true, out);
		print_extras(s, x, sh, e, true, out);
		fputc('}', out);
		return;
	}
	hist = x->has_hist && cli_hist_used(&x->hist, e->val, sh->value_size);
	fprintf(out, "@%s[", m->name);
	cli_put_value(obj->btf, sh->key_type, e->key, sh->key_size, false, out);
	fputs(hist ? "]:" : "]: ", out);
	/* A histogram is its own printout, under the key as bpftrace
	 * prints it. */
	if (!hist)
		cli_put_value(obj->btf, sh->value_type, e->val, sh->value_size, false, out);
	fputc('\n', out);
	print_extras(s, x, sh, e, false, out);
}

static void print_entries(const struct rb_object *obj, struct sys *s, const struct plan_map *m,
			  const struct shape *sh, const struct extras *x, const struct entry *e, size_t n,
			  bool json, FILE *out)
{
	if (json) {
		json_printf(out, "{\"map\":%j,\"entries\":[", m->name);
	} else {
		fprintf(out, "\n@%s (%s, %zu entr%s):\n", m->name, plan_map_type_name(sh->type), n,
			n == 1 ? "y" : "ies");
	}
	for (size_t i = 0; i < n; i++)
		print_entry(obj, s, m, sh, x, &e[i], i == 0, json, out);
	if (json)
		fputs("]}\n", out);
}

static void print_map(struct rb_object *obj, struct plan_map *m, struct sys *s, int ncpu,
		      struct extras *x, bool json, FILE *out)
{
	struct entry *e;
	struct shape sh;
	size_t n;

	if (m->type == BPF_MAP_TYPE_STACK_TRACE) {
		cli_print_stack_map(out, x->syms, s, m, json);
		return;
	}
	if (!map_shape(obj, m, s, ncpu, &sh))
		return;
	find_extras(obj, m, &sh, x);
	n = read_entries(m, s, &sh, ncpu, &e);
	if (sh.isint && n)
		sort(e, n, sizeof(*e), by_num);
	/* Nothing was put in it: as bpftrace, print nothing (JSON: an empty list). */
	if (json || n)
		print_entries(obj, s, m, &sh, x, e, n, json, out);
	for (size_t i = 0; i < n; i++) {
		free(e[i].key);
		free(e[i].val);
	}
	free(e);
}

bool cli_listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strcspn(p, ",") == n && !strncmp(p, name, n))
			return true;
	}
	return false;
}

/* Does any map printed by default hold stack ids? Then the stack map is
 * printed through them, not by itself. */
static bool stacks_referenced(const struct rb_object *obj)
{
	struct cli_stack_fields sf;

	for (size_t i = 0; i < obj->nmaps; i++)
		if (printable(&obj->maps[i]) && (cli_stack_fields(obj->btf, obj->maps[i].btf_key_type_id, &sf) ||
						 cli_stack_fields(obj->btf, obj->maps[i].btf_value_type_id, &sf)))
			return true;
	return false;
}

/* Which maps: the --maps list, else every printable one but scratch maps
 * (print_stacks.h) and a stack map that other maps' entries show. */
static bool chosen(const struct rb_object *obj, const struct plan_map *m, const char *sel, bool refs,
		   bool *scratch)
{
	*scratch = false;
	if (m->fd < 0)
		return false;
	if (sel)
		return cli_listed(sel, m->name) && (printable(m) || m->type == BPF_MAP_TYPE_STACK_TRACE);
	if (m->type == BPF_MAP_TYPE_STACK_TRACE)
		return !refs;
	if (!printable(m))
		return false;
	*scratch = cli_map_is_scratch(obj, m);
	return !*scratch;
}

void cli_print_maps_sel(struct rb_object *obj, struct sys *s, bool json, FILE *out, const char *sel,
			FILE *notes)
{
	struct extras x = { .syms = NULL };
	char msg[256], left[512] = "";
	size_t used = 0;
	int ncpu = sys_cpus_possible(msg, sizeof(msg));
	bool refs = stacks_referenced(obj), scratch;

	if (ncpu < 0)
		return;
	for (size_t i = 0; i < obj->nmaps; i++)
		if (obj->maps[i].type == BPF_MAP_TYPE_STACK_TRACE && obj->maps[i].fd >= 0 && !x.stack_map)
			x.stack_map = &obj->maps[i];
	for (size_t i = 0; i < obj->nmaps; i++) {
		if (!chosen(obj, &obj->maps[i], sel, refs, &scratch)) {
			if (scratch && used + 1 < sizeof(left))
				used += snprintf(left + used, sizeof(left) - used, "%s%s", used ? "," : "",
						 obj->maps[i].name);
			continue;
		}
		if (!x.syms && !(x.syms = cli_syms_new()))
			return;
		print_map(obj, &obj->maps[i], s, ncpu, &x, json, out);
	}
	cli_syms_free(x.syms);
	cli_print_globals(obj, s, json, out, sel, notes);
	fflush(out);
	if (notes && used)
		fprintf(notes, "rawbpf: left out scratch maps (keyed by one integer and deleted from by a program, or USDT's own): %s; print them with --maps %s\n",
			left, left);
}

void cli_print_maps(struct rb_object *obj, struct sys *s, bool json, FILE *out)
{
	cli_print_maps_sel(obj, s, json, out, NULL, NULL);
}
