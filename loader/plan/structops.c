/* struct_ops programs: functions that a kernel structure of function
 * pointers (struct tcp_congestion_ops, ...) will call. The object has a
 * variable of that structure in ".struct_ops" (or ".struct_ops.link") whose
 * members are filled with programs through ".rel.struct_ops". Each program
 * is loaded with attach_btf_id = the kernel's id of the structure and
 * expected_attach_type = the index of its member in the kernel's layout.
 * Each variable becomes an entry of obj->st_ops (its bytes and which program
 * fills which member), registered by `rawbpf run` as a
 * BPF_MAP_TYPE_STRUCT_OPS map (loader/run/attach_structops.c). */
#include "loader/plan/object.h"
#include "common/util.h"
#include "btf/core.h"

#include <stdint.h>
#include <stdio.h>

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static struct plan_prog *prog_named(struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].fn.name, name))
			return &obj->progs[i];
	return NULL;
}

/* The BTF type of the variable `name` in DATASEC sec. */
static uint32_t var_type(const struct rb_object *obj, const char *sec, const char *name)
{
	int64_t id = btf_find(obj->btf, sec, BTF_KIND_DATASEC);

	return btf_skip_mods(obj->btf, btf_datasec_var(obj->btf, id > 0 ? btf_type(obj->btf, id) : NULL, name));
}

/* The st_ops entry of variable var of section s, made on first use. */
static struct plan_struct_ops *st_entry(struct rb_object *obj, const struct elf_section *s,
					const struct elf_symbol *var, uint32_t tid)
{
	struct plan_struct_ops *e;

	for (size_t i = 0; i < obj->nst_ops; i++)
		if (!strcmp(obj->st_ops[i].name, var->name))
			return &obj->st_ops[i];
	e = array_push(&obj->st_ops, &obj->nst_ops, sizeof(*e));
	if (!e)
		return NULL;
	e->name = var->name;
	e->type = btf_type_name(obj->btf, tid);
	e->type_id = tid;
	e->size = (uint32_t)var->size;
	/* plan_struct_ops_vars() checked the variable lies in the section. */
	e->data = s->data ? s->data + var->value : NULL;
	e->link = !strcmp(s->name, ".struct_ops.link");
	return e;
}

/* Program p fills member of var: recorded in var's st_ops entry. */
static int st_fill(struct rb_object *obj, const struct elf_section *s, const struct elf_symbol *var,
		   uint32_t tid, const struct plan_prog *p)
{
	struct plan_struct_ops *e = st_entry(obj, s, var, tid);
	struct plan_st_prog *sp = e ? array_push(&e->progs, &e->nprogs, sizeof(*sp)) : NULL;

	if (!sp)
		return -ENOMEM;
	sp->member = p->st_ops_member;
	sp->prog = (size_t)(p - obj->progs);
	return 0;
}

static int plan_section(struct rb_object *obj, const struct elf_section *s, char *err, size_t errlen)
{
	const char *rname;
	struct elf_rel *rels;
	size_t n;
	int ret = elf_rels_of(&obj->elf, s->index, &rels, &n, &rname, err, errlen);

	if (ret)
		return ret;
	for (size_t k = 0; k < n && !ret; k++) {
		const struct elf_symbol *var = NULL;
		const struct btf_type *st;
		struct plan_prog *p = prog_named(obj, obj->elf.syms[rels[k].sym].name);
		uint32_t tid;

		for (size_t i = 0; i < obj->elf.nsym; i++) {
			const struct elf_symbol *y = &obj->elf.syms[i];

			if (y->shndx == s->index && y->type == STT_OBJECT &&
			    rels[k].offset >= y->value && rels[k].offset - y->value < y->size)
				var = y;
		}
		tid = var ? var_type(obj, s->name, var->name) : 0;
		st = tid ? btf_type(obj->btf, tid) : NULL;
		if (!p || !st || btf_kind(st) != BTF_KIND_STRUCT) {
			ret = errorf(err, errlen, -EINVAL,
				      "section %s, entry %zu: offset %llu is not a program in a struct_ops variable",
				      rname, k, (unsigned long long)rels[k].offset);
			break;
		}
		for (uint32_t m = 0; m < btf_vlen(st); m++)
			if (btf_member_bit_offset(st, m) / 8 == rels[k].offset - var->value)
				p->st_ops_member = btf_str(obj->btf, btf_members(st)[m].name_off);
		p->st_ops_type = btf_type_name(obj->btf, tid);
		if (!p->st_ops_member)
			ret = errorf(err, errlen, -EINVAL,
				      "section %s: program %s fills no member of struct %s",
				      rname, p->fn.name, p->st_ops_type);
		else if (st_fill(obj, s, var, tid, p))
			ret = errorf(err, errlen, -ENOMEM, "out of memory");
	}
	free(rels);
	return ret;
}

/* Every struct variable of section s gets an entry, also one no program
 * fills (a structure of data members only). */
static int plan_struct_ops_vars(struct rb_object *obj, const struct elf_section *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->elf.nsym; i++) {
		const struct elf_symbol *y = &obj->elf.syms[i];
		const struct btf_type *t;
		uint32_t tid;

		if (y->shndx != s->index || y->type != STT_OBJECT)
			continue;
		if (y->value > s->size || y->size > s->size - y->value || y->size > UINT32_MAX)
			return errorf(err, errlen, -EINVAL, "section %s: variable %s [%llu, +%llu) ends past the %llu-byte section",
				       s->name, y->name, (unsigned long long)y->value, (unsigned long long)y->size,
				       (unsigned long long)s->size);
		tid = var_type(obj, s->name, y->name);
		t = tid ? btf_type(obj->btf, tid) : NULL;
		if (!t || btf_kind(t) != BTF_KIND_STRUCT)
			return errorf(err, errlen, -EINVAL, "section %s: variable %s is not a struct in the object's BTF",
				       s->name, y->name);
		if (!st_entry(obj, s, y, tid))
			return errorf(err, errlen, -ENOMEM, "out of memory");
	}
	return 0;
}

int plan_struct_ops(struct rb_object *obj, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->elf.nsec; i++) {
		const struct elf_section *s = &obj->elf.secs[i];
		int ret;

		if (strcmp(s->name, ".struct_ops") && strcmp(s->name, ".struct_ops.link"))
			continue;
		if (!obj->btf)
			return errorf(err, errlen, -EINVAL, "section %s: struct_ops needs the object's BTF",
				       s->name);
		if ((ret = plan_struct_ops_vars(obj, s, err, errlen)) ||
		    (ret = plan_section(obj, s, err, errlen)))
			return ret;
	}
	return 0;
}
