/* `rawbpf inspect`: print the plan, as text or as one JSON document. */
#include "loader/cli/print_plan.h"
#include "loader/load/core.h"
#include "loader/cli/json.h"

#include <stdio.h>
#include <string.h>

static const char *origin_name(enum plan_map_origin o)
{
	switch (o) {
	case PLAN_MAP_LEGACY: return "maps";
	case PLAN_MAP_BTF: return ".maps";
	case PLAN_MAP_GLOBAL: return "global";
	case PLAN_MAP_KCONFIG: return ".kconfig";
	}
	return "?";
}

static void type_str(const struct rb_object *obj, uint32_t id, char *buf, size_t len)
{
	if (!obj->btf || !id || btf_type_str(obj->btf, id, buf, len) < 0)
		snprintf(buf, len, "-");
}

/* A name for what relocation r points at: "map counts", "global zeroed",
 * "call add_one". */
void cli_reloc_target(const struct rb_object *obj, const struct plan_reloc *r,
		     char *buf, size_t len)
{
	const struct plan_func *f;

	switch (r->kind) {
	case PLAN_RELOC_MAP:
		snprintf(buf, len, "map %s", obj->maps[r->map].name);
		return;
	case PLAN_RELOC_GLOBAL:
		for (size_t i = 0; i < obj->nvars; i++) {
			const struct plan_var *v = &obj->vars[i];

			if (v->map == r->map && r->off >= v->off && r->off - v->off < (v->size ? v->size : 1)) {
				if (r->off == v->off)
					snprintf(buf, len, "global %s", v->name);
				else
					snprintf(buf, len, "global %s+%u", v->name, r->off - v->off);
				return;
			}
		}
		snprintf(buf, len, "global %s+%u", obj->maps[r->map].name, r->off);
		return;
	case PLAN_RELOC_CALL:
	case PLAN_RELOC_FUNC:
		f = plan_func_at(obj, r->target_sec, r->target_insn);
		snprintf(buf, len, "%s %s%s", r->kind == PLAN_RELOC_CALL ? "call" : "func",
			 f ? f->name : "?", f && f->off != r->target_insn ? "+" : "");
		return;
	case PLAN_RELOC_KCONFIG:
		snprintf(buf, len, "kconfig %s", r->sym);
		return;
	case PLAN_RELOC_KSYM:
		snprintf(buf, len, "ksym %s", r->sym);
		return;
	}
	snprintf(buf, len, "?");
}

static void text_relocs(const struct rb_object *obj, const struct plan_func *fn, FILE *f)
{
	char t[256];

	for (size_t i = 0; i < fn->nrelocs; i++) {
		cli_reloc_target(obj, &fn->relocs[i], t, sizeof(t));
		fprintf(f, "    %-20s insn %-5u -> %s\n", fn->name, fn->relocs[i].insn - fn->off, t);
	}
}

static void text_header(const struct rb_object *obj, FILE *f)
{
	fprintf(f, "object %s\n", obj->path);
	fprintf(f, "  license \"%s\", kernel version %u, BTF %s, BTF.ext %s\n",
		obj->license, obj->kern_version,
		obj->btf ? "yes" : "no", obj->ext ? "yes" : "no");
}

/* Where a program attaches: its section's target, or for the kinds whose
 * target is given at run time, the option that gives it. */
static const char *attach_target(const struct plan_prog *p, char *buf, size_t len)
{
	if (p->st_ops_type)
		snprintf(buf, len, "%s.%s", p->st_ops_type, p->st_ops_member);
	else if (p->attach == PLAN_ATTACH_XDP)
		snprintf(buf, len, "--dev IFNAME");
	else if (p->attach == PLAN_ATTACH_TC)
		snprintf(buf, len, "--dev IFNAME %s", p->egress ? "egress" : "ingress");
	else if (p->attach == PLAN_ATTACH_CGROUP)
		snprintf(buf, len, "--cgroup PATH");
	else
		return p->target;
	return buf;
}

static void text_programs(const struct rb_object *obj, FILE *f)
{
	fprintf(f, "\nprograms (%zu)\n", obj->nprogs);
	fprintf(f, "  %-20s %-16s %-7s %-12s %s\n", "NAME", "TYPE", "INSNS", "ATTACH", "TARGET / SECTION");
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct plan_prog *p = &obj->progs[i];
		char tgt[300], kind[32];
		const char *t = attach_target(p, tgt, sizeof(tgt)), *k = p->attach_kind;

		if (p->retprobe) {      /* kretprobe, uretprobe, kretprobe.multi, ... */
			snprintf(kind, sizeof(kind), "%.1sret%s", k, k + 1);
			k = kind;
		}
		fprintf(f, "  %-20s %-16s %-7u %-12s %s  in %s\n", p->fn.name,
			plan_prog_type_name(p->type), p->fn.cnt, k, t ? t : "-", p->fn.sec_name);
	}
	for (size_t i = 0; i < obj->nst_ops; i++) {
		const struct plan_struct_ops *st = &obj->st_ops[i];

		if (!i)
			fprintf(f, "\nstruct_ops (%zu)\n", obj->nst_ops);
		fprintf(f, "  %-20s struct %s, registered by %s:", st->name, st->type,
			st->link ? "a BPF_STRUCT_OPS link" : "BPF_MAP_UPDATE_ELEM");
		for (size_t k = 0; k < st->nprogs; k++)
			fprintf(f, " %s=%s", st->progs[k].member, obj->progs[st->progs[k].prog].fn.name);
		fputc('\n', f);
	}
	if (obj->nsubs) {
		fprintf(f, "\nsubprograms (%zu)\n", obj->nsubs);
		for (size_t i = 0; i < obj->nsubs; i++) {
			fprintf(f, "  %-20s %-16s %u insns\n", obj->subs[i].name,
				obj->subs[i].sec_name, obj->subs[i].cnt);
		}
	}
}

static void text_maps(const struct rb_object *obj, FILE *f)
{
	char kt[128], vt[128];

	fprintf(f, "\nmaps (%zu)\n", obj->nmaps);
	fprintf(f, "  %-20s %-18s %-22s %-22s %-8s %-8s %s\n", "NAME", "TYPE", "KEY", "VALUE",
		"ENTRIES", "FLAGS", "DEFINED IN");
	for (size_t i = 0; i < obj->nmaps; i++) {
		const struct plan_map *m = &obj->maps[i];
		char ks[160], vs[160];

		type_str(obj, m->btf_key_type_id, kt, sizeof(kt));
		type_str(obj, m->btf_value_type_id, vt, sizeof(vt));
		snprintf(ks, sizeof(ks), "%u (%s)", m->key_size, kt);
		snprintf(vs, sizeof(vs), "%u (%s)", m->value_size, vt);
		fprintf(f, "  %-20s %-18s %-22s %-22s %-8u %#-8x %s%s\n", m->name,
			plan_map_type_name(m->type), ks, vs, m->max_entries, m->map_flags,
			origin_name(m->origin), m->is_inner ? " (inner map template)" :
			m->unused ? " (unused: not created)" : "");
		for (size_t s = 0; s < m->nslots; s++)
			fprintf(f, "    slot %u = %s\n", m->slots[s].index, m->slots[s].target);
	}
}

static void text_globals(const struct rb_object *obj, FILE *f)
{
	char vt[128];

	if (!obj->nvars)
		return;
	fprintf(f, "\nglobals (%zu)\n", obj->nvars);
	fprintf(f, "  %-24s %-16s %-7s %-6s %s\n", "NAME", "SECTION", "OFFSET", "SIZE", "TYPE");
	for (size_t i = 0; i < obj->nvars; i++) {
		const struct plan_var *v = &obj->vars[i];

		type_str(obj, v->type_id, vt, sizeof(vt));
		fprintf(f, "  %-24s %-16s %-7u %-6u %s\n", v->name, obj->maps[v->map].name,
			v->off, v->size, vt);
	}
}

const struct plan_func *cli_func(const struct rb_object *obj, size_t i)
{
	return i < obj->nprogs ? &obj->progs[i].fn : &obj->subs[i - obj->nprogs];
}

/* Every function's relocations. */
static void text_relocations(const struct rb_object *obj, FILE *f)
{
	size_t nrel = 0;

	for (size_t i = 0; i < obj->nprogs + obj->nsubs; i++)
		nrel += cli_func(obj, i)->nrelocs;
	fprintf(f, "\nrelocations (%zu)\n", nrel);
	for (size_t i = 0; i < obj->nprogs + obj->nsubs; i++)
		text_relocs(obj, cli_func(obj, i), f);
}

static void text_core_relocations(const struct rb_object *obj, FILE *f)
{
	if (!obj->ncores)
		return;
	fprintf(f, "\nCO-RE relocations (%zu)\n", obj->ncores);
	for (size_t i = 0; i < obj->ncores; i++) {
		char d[256];

		load_core_describe(obj, &obj->cores[i], d, sizeof(d));
		fprintf(f, "  %s\n", d);
	}
}

static void inspect_text(const struct rb_object *obj, FILE *f)
{
	text_header(obj, f);
	text_programs(obj, f);
	text_maps(obj, f);
	text_globals(obj, f);
	text_relocations(obj, f);
	text_core_relocations(obj, f);
}

static void json_func_relocs(const struct rb_object *obj, const struct plan_func *fn, FILE *f)
{
	char t[256];

	fputs("\"relocations\":[", f);
	for (size_t i = 0; i < fn->nrelocs; i++) {
		cli_reloc_target(obj, &fn->relocs[i], t, sizeof(t));
		json_printf(f, "%s{\"insn\":%u,\"symbol\":%j,\"target\":%j}", i ? "," : "",
			    fn->relocs[i].insn - fn->off, fn->relocs[i].sym, t);
	}
	fputc(']', f);
}

static void json_programs(const struct rb_object *obj, FILE *f)
{
	fputs(",\"programs\":[", f);
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct plan_prog *p = &obj->progs[i];
		char buf[300];
		const char *tgt = attach_target(p, buf, sizeof(buf));

		json_printf(f, "%s{\"name\":%j,\"section\":%j,\"type\":%j,\"attach\":%j,\"target\":",
			    i ? "," : "", p->fn.name, p->fn.sec_name, plan_prog_type_name(p->type), p->attach_kind);
		json_printf(f, tgt ? "%j" : "null", tgt);      /* a string, or null */
		json_printf(f, ",\"retprobe\":%t,\"insns\":%u,", p->retprobe, p->fn.cnt);
		json_func_relocs(obj, &p->fn, f);
		fputc('}', f);
	}
	fputs("],\"subprograms\":[", f);
	for (size_t i = 0; i < obj->nsubs; i++) {
		json_printf(f, "%s{\"name\":%j,\"insns\":%u,", i ? "," : "", obj->subs[i].name, obj->subs[i].cnt);
		json_func_relocs(obj, &obj->subs[i], f);
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_map(const struct rb_object *obj, const struct plan_map *m, FILE *f)
{
	char kt[160], vt[160];

	type_str(obj, m->btf_key_type_id, kt, sizeof(kt));
	type_str(obj, m->btf_value_type_id, vt, sizeof(vt));
	json_printf(f, "{\"name\":%j,\"kernel_name\":%j,\"type\":%j,\"defined_in\":%j,"
		    "\"key_size\":%u,\"key_type\":%j,\"value_size\":%u,\"value_type\":%j,"
		    "\"max_entries\":%u,\"flags\":%u,\"inner_template\":%t,\"unused\":%t,\"slots\":[",
		    m->name, m->kname, plan_map_type_name(m->type), origin_name(m->origin),
		    m->key_size, kt, m->value_size, vt, m->max_entries, m->map_flags, m->is_inner, m->unused);
	for (size_t s = 0; s < m->nslots; s++)
		json_printf(f, "%s{\"index\":%u,\"target\":%j}", s ? "," : "", m->slots[s].index,
			    m->slots[s].target);
	fputs("]}", f);
}

static void json_maps(const struct rb_object *obj, FILE *f)
{
	fputs(",\"maps\":[", f);
	for (size_t i = 0; i < obj->nmaps; i++) {
		fputs(i ? "," : "", f);
		json_map(obj, &obj->maps[i], f);
	}
	fputc(']', f);
}

static void json_globals(const struct rb_object *obj, FILE *f)
{
	char t[160];

	fputs(",\"globals\":[", f);
	for (size_t i = 0; i < obj->nvars; i++) {
		const struct plan_var *v = &obj->vars[i];

		type_str(obj, v->type_id, t, sizeof(t));
		json_printf(f, "%s{\"name\":%j,\"section\":%j,\"offset\":%u,\"size\":%u,\"type\":%j,\"const\":%t}",
			    i ? "," : "", v->name, obj->maps[v->map].name, v->off, v->size, t, v->is_const);
	}
	fputc(']', f);
}

static void json_core_relocations(const struct rb_object *obj, FILE *f)
{
	fputs(",\"core_relocations\":[", f);
	for (size_t i = 0; i < obj->ncores; i++) {
		char d[256];

		load_core_describe(obj, &obj->cores[i], d, sizeof(d));
		json_printf(f, "%s%j", i ? "," : "", d);
	}
	fputc(']', f);
}

static void inspect_json(const struct rb_object *obj, FILE *f)
{
	json_printf(f, "{\"object\":%j,\"license\":%j,\"kern_version\":%u,\"btf\":%t,\"btf_ext\":%t",
		    obj->path, obj->license, obj->kern_version, obj->btf != NULL, obj->ext != NULL);
	json_programs(obj, f);
	json_maps(obj, f);
	json_globals(obj, f);
	json_core_relocations(obj, f);
	fputs("}\n", f);
}

void cli_inspect(const struct rb_object *obj, bool json, FILE *f)
{
	if (json)
		inspect_json(obj, f);
	else
		inspect_text(obj, f);
}
