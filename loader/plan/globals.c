/* Plan the global variables: each of .data, .rodata, .bss, .data.* and
 * .rodata.* becomes one single-element ARRAY map whose value is the whole
 * section. Programs reach a variable with an ld_imm64 that the kernel turns
 * into the map value's address plus the variable's offset
 * (BPF_PSEUDO_MAP_VALUE). The initial bytes come from the ELF (zeros for
 * .bss); --set changes them before the map is created. */
#include "loader/plan/object.h"
#include "common/util.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool plan_is_data_section(const char *name)
{
	return !strcmp(name, ".data") || !strcmp(name, ".rodata") ||
	       !strcmp(name, ".bss") || !strncmp(name, ".data.", 6) ||
	       !strncmp(name, ".rodata.", 8);
}

/* Kernel name: as much of the object's base name as fits, then the section
 * (".bss" of execsnoop.bpf.o is "execsnoop.bss"), so bpftool tells the
 * globals of two objects apart. Only the characters the kernel accepts in
 * map names (alphanumerics, '_' and '.') are kept. */
static void global_kname(const struct rb_object *obj, const char *sec, char *out)
{
	const char *base = strrchr(obj->path, '/') ? strrchr(obj->path, '/') + 1 : obj->path;
	size_t blen = strcspn(base, ".");
	size_t slen = strlen(sec);
	size_t room = BPF_OBJ_NAME_LEN - 1;
	size_t k = 0;

	if (slen > room)
		slen = room;
	if (blen > room - slen)
		blen = room - slen;
	for (size_t i = 0; i < blen; i++)
		out[k++] = base[i];
	for (size_t i = 0; i < slen; i++)
		out[k++] = sec[i];
	out[k] = '\0';
	for (size_t i = 0; i < k; i++)
		if (!(out[i] == '_' || out[i] == '.' || (out[i] >= '0' && out[i] <= '9') ||
		      (out[i] >= 'a' && out[i] <= 'z') || (out[i] >= 'A' && out[i] <= 'Z')))
			out[i] = '_';
}

struct plan_map *plan_data_map(struct rb_object *obj, const char *name, enum plan_map_origin origin,
			   uint32_t size, bool readonly)
{
	struct plan_map *m = array_push(&obj->maps, &obj->nmaps, sizeof(*m));

	if (!m)
		return NULL;
	if (!(m->name = strdup(name)) || !(m->data = calloc(1, size)))
		return NULL;  /* freed with the object */
	global_kname(obj, name, m->kname);
	m->origin = origin;
	m->inner = -1;
	m->fd = -1;
	m->type = BPF_MAP_TYPE_ARRAY;
	m->key_size = 4;
	m->value_size = size;
	m->max_entries = 1;
	m->map_flags = BPF_F_MMAPABLE | (readonly ? BPF_F_RDONLY_PROG : 0);
	m->readonly = readonly;
	m->data_size = size;
	return m;
}

static const struct btf_type *find_datasec(const struct rb_object *obj, const char *sec,
					   uint32_t *id)
{
	int64_t r;

	if (!obj->btf)
		return NULL;
	r = btf_find(obj->btf, sec, BTF_KIND_DATASEC);
	if (r <= 0)
		return NULL;
	*id = r;
	return btf_type(obj->btf, r);
}

static int plan_vars(struct rb_object *obj, int mi, const struct elf_section *s,
		     char *err, size_t errlen)
{
	uint32_t dsid = 0;
	const struct btf_type *ds = find_datasec(obj, s->name, &dsid);

	for (size_t i = 0; i < obj->elf.nsym; i++) {
		const struct elf_symbol *y = &obj->elf.syms[i];
		struct plan_var *v;
		int depth = 0;

		if (y->shndx != s->index || y->type != STT_OBJECT || !y->name[0])
			continue;
		if (y->value > s->size || y->size > s->size - y->value)
			return errorf(err, errlen, -EINVAL,
				       "section %s: variable %s at offset %llu, size %llu, lies outside the section (%llu bytes)",
				       s->name, y->name, (unsigned long long)y->value,
				       (unsigned long long)y->size, (unsigned long long)s->size);
		v = array_push(&obj->vars, &obj->nvars, sizeof(*v));
		if (!v)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		v->name = y->name;
		v->map = mi;
		v->off = y->value;
		v->size = y->size;
		v->type_id = btf_datasec_var(obj->btf, ds, y->name);
		/* const volatile: a knob the user sets before load. For an
		 * array clang puts the qualifiers on the element type. BTF
		 * may loop (a typedef of itself): bounded. */
		for (const struct btf_type *ct = btf_type(obj->btf, v->type_id);
		     ct && depth < BTF_MAX_DEPTH; depth++) {
			if (btf_kind(ct) == BTF_KIND_CONST)
				v->is_const = true;
			if (btf_kind(ct) == BTF_KIND_VOLATILE || btf_kind(ct) == BTF_KIND_CONST ||
			    btf_kind(ct) == BTF_KIND_TYPEDEF)
				ct = btf_type(obj->btf, ct->type);
			else if (btf_kind(ct) == BTF_KIND_ARRAY)
				ct = btf_type(obj->btf, btf_array(ct)->type);
			else
				break;
		}
	}
	return 0;
}

int plan_globals(struct rb_object *obj, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->elf.nsec; i++) {
		const struct elf_section *s = &obj->elf.secs[i];
		struct plan_map *m;
		uint32_t dsid = 0;
		int ret;

		if (!plan_is_data_section(s->name) || s->type == SHT_REL)
			continue;
		if (s->size == 0)
			continue;
		if (s->size > UINT32_MAX / 2)
			return errorf(err, errlen, -EINVAL, "section %s: %llu bytes, too large for a map value",
				       s->name, (unsigned long long)s->size);
		m = plan_data_map(obj, s->name, PLAN_MAP_GLOBAL, s->size, !strncmp(s->name, ".rodata", 7));
		if (!m)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		m->sec = i;
		if (s->data)
			memcpy(m->data, s->data, s->size);
		if (find_datasec(obj, s->name, &dsid))
			m->btf_value_type_id = dsid;
		ret = plan_vars(obj, m - obj->maps, s, err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}
