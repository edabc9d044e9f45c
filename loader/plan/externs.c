/* Externs in the plan: which __kconfig and __ksym externs the object
 * declares, and the .kconfig map that holds their values (see externs.h). */
#include "loader/plan/externs.h"
#include "common/util.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool weak_symbol(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->elf.nsym; i++)
		if (obj->elf.syms[i].shndx == SHN_UNDEF && !strcmp(obj->elf.syms[i].name, name))
			return obj->elf.syms[i].bind == STB_WEAK;
	return false;
}

static int add_extern(struct rb_object *obj, const char *name, enum plan_extern_kind kind,
		      uint32_t type_id, char *err, size_t errlen)
{
	struct plan_extern *e = array_push(&obj->externs, &obj->nexterns, sizeof(*e));

	if (!e)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	e->name = name;
	e->kind = kind;
	e->type_id = type_id;
	e->weak = weak_symbol(obj, name);
	return 0;
}

int plan_ksyms(struct rb_object *obj, char *err, size_t errlen)
{
	static const char *const secs[] = { ".kconfig", ".ksyms" };
	int ret;

	for (int k = 0; k < 2; k++) {
		int64_t id = btf_find(obj->btf, secs[k], BTF_KIND_DATASEC);
		const struct btf_type *ds = id > 0 ? btf_type(obj->btf, id) : NULL;

		for (uint32_t i = 0; ds && i < btf_vlen(ds); i++) {
			uint32_t vid = btf_secinfos(ds)[i].type;
			const struct btf_type *v = btf_type(obj->btf, vid);
			enum plan_extern_kind kind;

			if (!v)
				continue;
			if (btf_kind(v) == BTF_KIND_FUNC)
				kind = PLAN_EXT_KFUNC;
			else if (k == 0)
				kind = PLAN_EXT_KCONFIG;
			else
				/* `extern const void sym __ksym`: an address only. */
				kind = btf_skip_mods(obj->btf, v->type) ? PLAN_EXT_KSYM_TYPED : PLAN_EXT_KSYM_TYPELESS;
			ret = add_extern(obj, btf_type_name(obj->btf, vid), kind, v->type, err, errlen);
			if (ret)
				return ret;
		}
	}
	/* kfuncs clang left outside any DATASEC: extern FUNCs. */
	for (uint32_t id = 1; id < btf_nr_types(obj->btf); id++) {
		const struct btf_type *t = btf_type(obj->btf, id);
		const char *name = btf_type_name(obj->btf, id);

		if (btf_kind(t) == BTF_KIND_FUNC && btf_vlen(t) == BTF_FUNC_EXTERN &&
		    !plan_extern_find(obj, name) && (ret = add_extern(obj, name, PLAN_EXT_KFUNC, id, err, errlen)))
			return ret;
	}
	return 0;
}

const struct plan_extern *plan_extern_find(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nexterns; i++)
		if (!strcmp(obj->externs[i].name, name))
			return &obj->externs[i];
	return NULL;
}

int plan_kconfig_map(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nmaps; i++)
		if (obj->maps[i].origin == PLAN_MAP_KCONFIG)
			return (int)i;
	return -ENOENT;
}

int plan_kconfig(struct rb_object *obj, char *err, size_t errlen)
{
	int64_t id;
	const struct btf_type *ds;
	struct plan_map *m;

	if (!obj->btf || (id = btf_find(obj->btf, ".kconfig", BTF_KIND_DATASEC)) <= 0)
		return 0;
	ds = btf_type(obj->btf, id);
	for (uint32_t i = 0; i < btf_vlen(ds); i++) {
		const struct btf_var_secinfo *si = &btf_secinfos(ds)[i];
		struct plan_extern *e = (struct plan_extern *)plan_extern_find(obj, btf_type_name(obj->btf, si->type));

		if (e) {
			e->off = si->offset;
			e->size = si->size;
		}
	}
	if (!ds->size)
		return 0;
	m = plan_data_map(obj, ".kconfig", PLAN_MAP_KCONFIG, ds->size, true);
	if (!m)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	m->btf_value_type_id = id;
	return 0;
}
