/* Plan the maps an object defines.
 *
 *  - legacy: the "maps" section, an array of struct bpf_map_def-like records
 *    (type, key_size, value_size, max_entries, map_flags, ...), one symbol per
 *    map. Objects may use longer records; extra fields must be zero.
 *  - BTF-defined: variables in ".maps", described by their BTF type
 *    (btf_map_def_decode); inner maps and initial slots of map-in-map and prog
 *    arrays come from the relocations of ".rel.maps".
 */
#include "loader/plan/object.h"
#include "common/util.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEGACY_KNOWN 20 /* type, key_size, value_size, max_entries, map_flags */

/* Symbols naming objects in section sec, in address order. */
static bool is_data_sym(const struct elf_symbol *y, size_t sec)
{
	return y->shndx == sec && y->type != STT_SECTION && y->type != STT_FILE &&
	       y->name[0] != '\0';
}

static struct plan_map *new_map(struct rb_object *obj, const char *name,
			      enum plan_map_origin origin, size_t sec, uint64_t off)
{
	struct plan_map *m = array_push(&obj->maps, &obj->nmaps, sizeof(*m));

	if (!m)
		return NULL;
	m->name = strdup(name);
	if (!m->name) {
		obj->nmaps--;
		return NULL;
	}
	snprintf(m->kname, sizeof(m->kname), "%s", name);
	m->origin = origin;
	m->sec = sec;
	m->sec_off = off;
	m->inner = -1;
	m->fd = -1;
	return m;
}

static int plan_legacy(struct rb_object *obj, const struct elf_section *s,
		       char *err, size_t errlen)
{
	size_t nsyms = 0, rec;

	if (!s->data)
		return errorf(err, errlen, -EINVAL, "section maps has no data (SHT_NOBITS)");
	for (size_t i = 0; i < obj->elf.nsym; i++)
		nsyms += is_data_sym(&obj->elf.syms[i], s->index);
	if (nsyms == 0)
		return 0;
	/* Every record has the same size: the section divided by the maps. */
	rec = s->size / nsyms;
	if (rec < LEGACY_KNOWN || s->size % nsyms)
		return errorf(err, errlen, -EINVAL,
			       "section maps: %llu bytes for %zu maps, expected records of at least %d bytes (type, key_size, value_size, max_entries, map_flags)",
			       (unsigned long long)s->size, nsyms, LEGACY_KNOWN);
	for (size_t i = 0; i < obj->elf.nsym; i++) {
		const struct elf_symbol *y = &obj->elf.syms[i];
		uint32_t f[5];
		struct plan_map *m;

		if (!is_data_sym(y, s->index))
			continue;
		if (y->value % 4 || y->value > s->size - rec)
			return errorf(err, errlen, -EINVAL,
				       "section maps: map %s at offset %llu: outside the section or misaligned (records of %zu bytes)",
				       y->name, (unsigned long long)y->value, rec);
		for (size_t b = LEGACY_KNOWN; b < rec; b++)
			if (s->data[y->value + b])
				return errorf(err, errlen, -EINVAL,
					       "section maps: map %s: byte %zu of its %zu-byte definition is not zero; rawbpf understands type, key_size, value_size, max_entries and map_flags (the first 20 bytes)",
					       y->name, b, rec);
		memcpy(f, s->data + y->value, sizeof(f));
		m = new_map(obj, y->name, PLAN_MAP_LEGACY, s->index, y->value);
		if (!m)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		m->type = f[0];
		m->key_size = f[1];
		m->value_size = f[2];
		m->max_entries = f[3];
		m->map_flags = f[4];
	}
	return 0;
}

static const struct btf_type *maps_datasec(const struct rb_object *obj)
{
	int64_t id = btf_find(obj->btf, ".maps", BTF_KIND_DATASEC);

	return id > 0 ? btf_type(obj->btf, id) : NULL;
}

/* Offset of member `name` in the struct a map variable's type describes. */
static int64_t member_offset(const struct btf *btf, uint32_t struct_id, const char *name)
{
	const struct btf_type *t = btf_type(btf, btf_skip_mods(btf, struct_id));
	int i;

	if (!t || btf_kind(t) != BTF_KIND_STRUCT)
		return -EINVAL;
	i = btf_member_index(btf, t, name);
	return i < 0 ? -ENOENT : (int64_t)(btf_member_bit_offset(t, i) / 8);
}

static int plan_btf_map(struct rb_object *obj, const struct elf_section *s,
			const struct elf_symbol *y, uint32_t var_type,
			char *err, size_t errlen)
{
	struct btf_map_def d;
	char msg[ERR_LEN];
	struct plan_map *m;
	int idx, ret;

	ret = btf_map_def_decode(obj->btf, var_type, &d, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "section .maps: map %s: %s", y->name, msg);
	if (!(d.set & BTF_MAP_TYPE))
		return errorf(err, errlen, -EINVAL, "section .maps: map %s has no type", y->name);
	m = new_map(obj, y->name, PLAN_MAP_BTF, s->index, y->value);
	if (!m)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	idx = m - obj->maps;
	m->type = d.type;
	m->key_size = d.key_size;
	m->value_size = d.value_size;
	m->max_entries = d.max_entries;
	m->map_flags = d.map_flags;
	m->numa_node = d.numa_node;
	m->pinning = d.pinning;
	m->map_extra = d.map_extra;
	m->btf_key_type_id = d.key_type_id;
	m->btf_value_type_id = d.value_type_id;
	m->def_type_id = var_type;
	if (d.has_inner) {
		char name[256];
		struct plan_map *in;

		snprintf(name, sizeof(name), "%s.inner", y->name);
		in = new_map(obj, name, PLAN_MAP_BTF, s->index, y->value);
		if (!in)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		m = &obj->maps[idx];
		in->is_inner = true;
		in->type = d.inner_type;
		in->key_size = d.inner_key_size;
		in->value_size = d.inner_value_size;
		in->max_entries = d.inner_max_entries;
		in->map_flags = d.inner_map_flags;
		in->btf_key_type_id = d.inner_key_type_id;
		in->btf_value_type_id = d.inner_value_type_id;
		m->inner = in - obj->maps;
		/* A map-in-map's values are map fds: 4 bytes each. */
		if (!m->value_size)
			m->value_size = 4;
	}
	if (d.values_is_prog && !m->value_size)
		m->value_size = 4;
	return 0;
}

/* ".rel.maps": a relocation at (map start + offset of "values" + 8*i) puts
 * the symbol it names (a map or a program) in slot i. */
static int plan_slots(struct rb_object *obj, const struct elf_section *s,
		      char *err, size_t errlen)
{
	const char *rname;
	struct elf_rel *rels;
	size_t n;
	int ret = elf_rels_of(&obj->elf, s->index, &rels, &n, &rname, err, errlen);

	if (ret)
		return ret;
	for (size_t k = 0; k < n && !ret; k++) {
		const struct elf_symbol *t = &obj->elf.syms[rels[k].sym];
		struct plan_map *m = NULL;
		struct plan_slot *sl;
		int64_t voff;

		for (size_t i = 0; i < obj->nmaps; i++) {
			struct plan_map *c = &obj->maps[i];

			if (c->origin == PLAN_MAP_BTF && !c->is_inner && c->sec == s->index &&
			    rels[k].offset >= c->sec_off &&
			    (!m || c->sec_off > m->sec_off))
				m = c;
		}
		if (!m) {
			ret = errorf(err, errlen, -EINVAL,
				      "section %s, entry %zu: offset %llu is not inside a map definition",
				      rname, k, (unsigned long long)rels[k].offset);
			break;
		}
		voff = member_offset(obj->btf, m->def_type_id, "values");
		if (voff < 0 || rels[k].offset < m->sec_off + voff ||
		    (rels[k].offset - m->sec_off - voff) % 8) {
			ret = errorf(err, errlen, -EINVAL,
				      "section %s, entry %zu: relocation at offset %llu is not a slot of map %s's values",
				      rname, k, (unsigned long long)rels[k].offset, m->name);
			break;
		}
		sl = array_push(&m->slots, &m->nslots, sizeof(*sl));
		if (!sl) {
			ret = errorf(err, errlen, -ENOMEM, "out of memory");
			break;
		}
		sl->index = (rels[k].offset - m->sec_off - voff) / 8;
		sl->target = t->name;
	}
	free(rels);
	return ret;
}

static int plan_btf_maps(struct rb_object *obj, const struct elf_section *s,
			 char *err, size_t errlen)
{
	const struct btf_type *ds;
	int ret;

	if (!obj->btf)
		return errorf(err, errlen, -EINVAL,
			       "section .maps: BTF-defined maps need the object's .BTF (compile with clang -g)");
	ds = maps_datasec(obj);
	if (!ds)
		return errorf(err, errlen, -EINVAL, "section .maps: no DATASEC .maps in the object's BTF");
	for (size_t i = 0; i < obj->elf.nsym; i++) {
		const struct elf_symbol *y = &obj->elf.syms[i];
		uint32_t var_type;

		if (!is_data_sym(y, s->index))
			continue;
		var_type = btf_datasec_var(obj->btf, ds, y->name);
		if (!var_type)
			return errorf(err, errlen, -EINVAL,
				       "section .maps: map %s has no variable in BTF DATASEC .maps", y->name);
		ret = plan_btf_map(obj, s, y, var_type, err, errlen);
		if (ret)
			return ret;
	}
	return plan_slots(obj, s, err, errlen);
}

/* A ring buffer's size must be a power-of-2 number of pages
 * (kernel/bpf/ringbuf.c); objects often say 1000 or 4096 meaning "small". */
static void round_ringbufs(struct rb_object *obj)
{
	uint32_t page = (uint32_t)getpagesize();

	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];
		uint32_t want = page;

		if (m->type != BPF_MAP_TYPE_RINGBUF && m->type != BPF_MAP_TYPE_USER_RINGBUF)
			continue;
		if (!m->max_entries)
			continue;  /* left for the kernel to refuse, with its word */
		while (want < m->max_entries && want < (1u << 31))
			want <<= 1;
		m->max_entries = want;
	}
}

int plan_maps(struct rb_object *obj, char *err, size_t errlen)
{
	const struct elf_section *s;
	int ret;

	if ((s = elf_section_by_name(&obj->elf, "maps")) &&
	    (ret = plan_legacy(obj, s, err, errlen)))
		return ret;
	if ((s = elf_section_by_name(&obj->elf, ".maps")) &&
	    (ret = plan_btf_maps(obj, s, err, errlen)))
		return ret;
	round_ringbufs(obj);
	return 0;
}
