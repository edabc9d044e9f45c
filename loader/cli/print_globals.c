/* Printing the global variables the programs write, read back from their
 * sections' maps (see print_globals.h). */
#include "loader/cli/print_globals.h"
#include "loader/cli/json.h"
#include "loader/cli/print_events.h"
#include "loader/cli/print_hist.h"
#include "loader/cli/print_maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* How a variable is printed: whole, or an element at a time; and where a
 * histogram lies in what is printed. */
struct gvar {
	const struct rb_object *obj;
	const struct plan_var *v;
	const char *sec;
	const uint8_t *val;             /* v->size bytes */
	char type[128];
	bool per_elem;
	uint32_t elem_type, elem_size, nelems;
	struct cli_hist_field hist;     /* in the whole value, or in an element */
	bool has_hist, linear;
};

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* A section the programs write and rawbpf created: .bss, .data, .data.*. */
static bool writable(const struct plan_map *m)
{
	return m->origin == PLAN_MAP_GLOBAL && !m->readonly && !m->unused && m->fd >= 0;
}

/* A histogram in a value of type id: a struct's member named like one, or
 * a bare counter array when the variable itself is named like one. */
static bool hist_in(const struct btf *btf, uint32_t id, const char *var, struct cli_hist_field *h)
{
	if (cli_hist_field(btf, id, h))
		return false;
	return h->name[0] || cli_hist_name(var);
}

/* An array is printed an element at a time unless it is a string (an array
 * of 1-byte integers) or a histogram itself. */
static void find_layout(struct gvar *g)
{
	const struct btf *btf = g->obj->btf;
	const struct btf_type *t, *e;
	int64_t esz;

	if (!btf || !g->v->type_id || btf_type_str(btf, g->v->type_id, g->type, sizeof(g->type)) < 0) {
		snprintf(g->type, sizeof(g->type), "-");
		return;
	}
	t = btf_type(btf, btf_skip_mods(btf, g->v->type_id));
	if (t && btf_kind(t) == BTF_KIND_ARRAY && btf_array(t)->nelems &&
	    !hist_in(btf, g->v->type_id, g->v->name, &g->hist)) {
		g->elem_type = btf_array(t)->type;
		e = btf_type(btf, btf_skip_mods(btf, g->elem_type));
		esz = btf_type_size(btf, g->elem_type);
		g->nelems = btf_array(t)->nelems;
		g->per_elem = e && esz > 0 && !(btf_kind(e) == BTF_KIND_INT && esz == 1) &&
			      (uint64_t)esz * g->nelems == g->v->size;
		g->elem_size = g->per_elem ? (uint32_t)esz : 0;
	}
	g->has_hist = g->per_elem ? hist_in(btf, g->elem_type, g->v->name, &g->hist) :
				    hist_in(btf, g->v->type_id, g->v->name, &g->hist);
	g->linear = g->has_hist && cli_hist_linear(g->v->name, &g->hist);
}

/* A value (the whole variable, or one element of type id): its histogram
 * when it holds one in use, else its fields. Text: what follows "@NAME: ". */
static void put_part(const struct gvar *g, uint32_t id, const uint8_t *p, size_t size, bool json, FILE *out)
{
	bool h = g->has_hist && cli_hist_used(&g->hist, p, size);

	if (json) {
		fputs("\"value\":", out);
		cli_put_value(g->obj->btf, id, p, size, true, out);
		if (h) {
			fputs(",\"hist\":", out);
			cli_put_hist(out, &g->hist, g->linear, p, size, true);
		}
		return;
	}
	if (h) {
		fputc('\n', out);
		cli_put_hist(out, &g->hist, g->linear, p, size, false);
		return;
	}
	fputc(' ', out);
	cli_put_value(g->obj->btf, id, p, size, false, out);
	fputc('\n', out);
}

static void put_elems(const struct gvar *g, bool json, FILE *out)
{
	size_t n = 0;

	for (uint32_t i = 0; i < g->nelems; i++)
		n += !all_zero(g->val + (size_t)i * g->elem_size, g->elem_size);
	if (json)
		fputs(",\"entries\":[", out);
	else
		fprintf(out, "\n@%s (%s, %s, %zu non-zero):\n", g->v->name, g->sec, g->type, n);
	n = 0;
	for (uint32_t i = 0; i < g->nelems; i++) {
		const uint8_t *p = g->val + (size_t)i * g->elem_size;

		if (all_zero(p, g->elem_size))
			continue;
		if (json)
			fprintf(out, "%s{\"key\":%u,", n++ ? "," : "", i);
		else
			fprintf(out, "@%s[%u]:", g->v->name, i);
		put_part(g, g->elem_type, p, g->elem_size, json, out);
		if (json)
			fputc('}', out);
	}
	if (json)
		fputc(']', out);
}

void cli_print_global(const struct rb_object *obj, const struct plan_var *v, const char *sec,
		      const uint8_t *val, bool json, FILE *out)
{
	struct gvar g;

	memset(&g, 0, sizeof(g));
	g.obj = obj;
	g.v = v;
	g.sec = sec;
	g.val = val;
	find_layout(&g);
	if (json) {
		json_printf(out, "{\"global\":%j,\"section\":%j,\"type\":%j", v->name, sec, g.type);
	}
	if (g.per_elem) {
		put_elems(&g, json, out);
	} else if (json) {
		fputc(',', out);
		put_part(&g, v->type_id, val, v->size, true, out);
	} else {
		fprintf(out, "\n@%s (%s, %s):", v->name, sec, g.type);
		put_part(&g, v->type_id, val, v->size, false, out);
	}
	if (json)
		fputs("}\n", out);
}

/* The section's value as the kernel has it now (malloc'd, m->value_size
 * bytes), or NULL. A dry run's made-up fd reads nothing and says nothing;
 * otherwise a section that cannot be read, or whose map has another shape
 * than the plan's, is named in a note. */
static uint8_t *read_section(struct sys *s, const struct plan_map *m, FILE *notes)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	uint32_t key = 0;
	uint8_t *val = NULL;
	int ret;

	memset(&info, 0, sizeof(info));
	ret = sys_obj_info(s, m->fd, &info, &len);
	if (!ret && (info.key_size != sizeof(key) || info.value_size != m->value_size || !m->value_size))
		ret = -EINVAL;
	if (!ret && !(val = malloc(m->value_size)))
		ret = -ENOMEM;
	if (!ret && (ret = sys_map_lookup(s, m->fd, &key, val)) < 0) {
		free(val);
		val = NULL;
	}
	if (ret < 0 && notes && !s->dry_run)
		fprintf(notes, "rawbpf: globals of %s (map fd %d) not printed: %s\n", m->name, m->fd,
			ret == -EINVAL ? "the kernel's map is not the planned one-element array" : strerror(-ret));
	return ret < 0 ? NULL : val;
}

/* Is any variable of section map mi chosen (before reading it)? */
static bool section_chosen(const struct rb_object *obj, size_t mi, const char *sel)
{
	for (size_t i = 0; i < obj->nvars; i++)
		if (obj->vars[i].map == (int)mi && obj->vars[i].name &&
		    (!sel || cli_listed(sel, obj->vars[i].name) || cli_listed(sel, obj->maps[mi].name)))
			return true;
	return false;
}

/* Append name to the list of what was left out (whole names only). */
static void left_out(char *list, size_t len, const char *name, bool *more)
{
	size_t used = strlen(list);

	if (used + strlen(name) + 2 > len) {
		*more = true;
		return;
	}
	snprintf(list + used, len - used, "%s%s", used ? "," : "", name);
}

void cli_print_globals(const struct rb_object *obj, struct sys *s, bool json, FILE *out, const char *sel,
		       FILE *notes)
{
	char left[512] = "";
	bool more = false;

	for (size_t mi = 0; mi < obj->nmaps; mi++) {
		const struct plan_map *m = &obj->maps[mi];
		uint8_t *val;

		if (!writable(m) || !section_chosen(obj, mi, sel) || !(val = read_section(s, m, notes)))
			continue;
		for (size_t i = 0; i < obj->nvars; i++) {
			const struct plan_var *v = &obj->vars[i];

			if (v->map != (int)mi || !v->name || (uint64_t)v->off + v->size > m->value_size)
				continue;
			if (sel && !cli_listed(sel, v->name) && !cli_listed(sel, m->name))
				continue;
			if (!sel && all_zero(val + v->off, v->size))
				left_out(left, sizeof(left), v->name, &more);
			else
				cli_print_global(obj, v, m->name, val + v->off, json, out);
		}
		free(val);
	}
	if (notes && left[0])
		fprintf(notes, "rawbpf: left out globals that are all zero: %s%s; print them with --maps %s\n",
			left, more ? " and more" : "", left);
}
