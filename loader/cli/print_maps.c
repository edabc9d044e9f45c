/* Printing the maps the programs fill, at exit or every --interval: hash,
 * array and per-CPU maps (globals and event maps excluded), keys and values
 * decoded by BTF, per-CPU integers summed, sorted by value with the largest
 * last, as bpftrace prints its @ maps. */
#include "loader/cli/print_maps.h"
#include "loader/cli/json.h"
#include "loader/cli/print_events.h"
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

static void print_part(const struct rb_object *obj, uint32_t type_id, const uint8_t *p,
		       uint32_t size, bool json, FILE *out)
{
	char buf[1024];

	if (obj->btf && type_id && cli_format_value(obj->btf, type_id, p, size, json, buf, sizeof(buf)) >= 0) {
		fputs(buf, out);
		return;
	}
	if (size == 1 || size == 2 || size == 4 || size == 8) {
		fprintf(out, "%llu", (unsigned long long)as_num(p, size));
		return;
	}
	if (json)
		fputc('"', out);
	for (uint32_t i = 0; i < size; i++)
		fprintf(out, "%02x", p[i]);
	if (json)
		fputc('"', out);
}

static int by_num(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->num < y->num ? -1 : x->num > y->num;
}

static void print_map(struct rb_object *obj, struct plan_map *m, struct sys *s, int ncpu,
		      bool json, FILE *out)
{
	bool pc = percpu(m->type), isint = int_value(obj, m);
	size_t stride = (m->value_size + 7) & ~7u;
	size_t vlen = pc ? stride * ncpu : m->value_size;
	struct entry *e = NULL;
	size_t n = 0, cap = 0;
	uint8_t *key = calloc(1, m->key_size ? m->key_size : 1), *prev = NULL;
	uint8_t *val = calloc(1, vlen);

	if (!key || !val)
		goto out;
	for (size_t i = 0; n < MAX_ENTRIES_SHOWN; i++) {
		bool nonzero = false;

		if (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY) {
			uint32_t k = i;

			if (i >= m->max_entries)
				break;
			memcpy(key, &k, sizeof(k));
		} else if (sys_map_next_key(s, m->fd, prev, key) < 0) {
			break;
		}
		if (sys_map_lookup(s, m->fd, key, val) < 0)
			goto next;
		for (size_t b = 0; b < vlen && !nonzero; b++)
			nonzero = val[b];
		if (!nonzero && (m->type == BPF_MAP_TYPE_ARRAY || m->type == BPF_MAP_TYPE_PERCPU_ARRAY))
			goto next;
		if (n == cap) {
			struct entry *g = realloc(e, (cap = cap ? cap * 2 : 16) * sizeof(*g));

			if (!g)
				break;
			e = g;
		}
		e[n].key = malloc(m->key_size ? m->key_size : 1);
		e[n].val = malloc(m->value_size);
		if (!e[n].key || !e[n].val) {
			free(e[n].key);
			free(e[n].val);
			break;
		}
		memcpy(e[n].key, key, m->key_size);
		e[n].num = 0;
		if (pc && isint) {
			for (int c = 0; c < ncpu; c++)
				e[n].num += as_num(val + c * stride, m->value_size);
			memcpy(e[n].val, &e[n].num, m->value_size);
		} else {
			memcpy(e[n].val, val, m->value_size);
			e[n].num = isint ? as_num(val, m->value_size) : 0;
		}
		n++;
next:
		if (!prev && !(prev = malloc(m->key_size ? m->key_size : 1)))
			break;
		memcpy(prev, key, m->key_size);
	}
	if (isint && n)
		qsort(e, n, sizeof(*e), by_num);
	if (!json && n == 0)
		goto out;  /* nothing was put in it: as bpftrace, print nothing */
	if (json) {
		fputs("{\"map\":", out);
		json_str(out, m->name);
		fputs(",\"entries\":[", out);
	} else {
		fprintf(out, "\n@%s (%s, %zu entr%s):\n", m->name, plan_map_type_name(m->type), n,
			n == 1 ? "y" : "ies");
	}
	for (size_t i = 0; i < n; i++) {
		if (json) {
			fputs(i ? ",{\"key\":" : "{\"key\":", out);
			print_part(obj, m->btf_key_type_id, e[i].key, m->key_size, true, out);
			fputs(",\"value\":", out);
			print_part(obj, m->btf_value_type_id, e[i].val, m->value_size, true, out);
			fputc('}', out);
		} else {
			fprintf(out, "@%s[", m->name);
			print_part(obj, m->btf_key_type_id, e[i].key, m->key_size, false, out);
			fputs("]: ", out);
			print_part(obj, m->btf_value_type_id, e[i].val, m->value_size, false, out);
			fputc('\n', out);
		}
	}
	if (json)
		fputs("]}\n", out);
out:
	for (size_t i = 0; i < n; i++) {
		free(e[i].key);
		free(e[i].val);
	}
	free(e);
	free(key);
	free(prev);
	free(val);
}

void cli_print_maps(struct rb_object *obj, struct sys *s, bool json, FILE *out)
{
	char msg[256];
	int ncpu = -1;

	for (size_t i = 0; i < obj->nmaps; i++) {
		if (!printable(&obj->maps[i]))
			continue;
		if (ncpu < 0 && (ncpu = sys_cpus_possible(msg, sizeof(msg))) < 0)
			return;
		print_map(obj, &obj->maps[i], s, ncpu, json, out);
	}
	fflush(out);
}
