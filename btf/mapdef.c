/* btf/mapdef.c — decode a BTF-defined map (a VAR in the .maps DATASEC).
 *
 * The definition is a struct whose members carry the values in their types,
 * the convention of libbpf's bpf_helpers.h macros:
 *   __uint(name, N)       int (*name)[N]        the number is the array length
 *   __type(name, T)       T *name               the type is the pointee
 *   __array(name, T)      T *name[]             map-in-map inner definitions
 *                                               (T a struct) or prog arrays
 *                                               (T a function prototype)
 * Nothing in the member's value matters (the map variable is zero bytes of
 * .maps), only its type.
 */
#include <errno.h>
#include <string.h>
#include "btf/internal.h"
#include "common/util.h"

struct ctx {
	const struct btf *btf;
	const char *map;
	char *err;
	size_t errlen;
};

/* __uint: pointer to an array whose length is the value. */
static int get_uint(struct ctx *c, const struct btf_member *m, uint32_t *val)
{
	const struct btf_type *p = btf_type(c->btf, btf_skip_mods(c->btf, m->type));
	const struct btf_type *a;

	if (!p || btf_kind(p) != BTF_KIND_PTR)
		goto bad;
	a = btf_type(c->btf, btf_skip_mods(c->btf, p->type));
	if (!a || btf_kind(a) != BTF_KIND_ARRAY)
		goto bad;
	*val = btf_array(a)->nelems;
	return 0;
bad:
	return errorf(c->err, c->errlen, -EINVAL, "map definition %s: member '%s' is not __uint(): expected int (*%s)[N]",
		      c->map, btf_str(c->btf, m->name_off), btf_str(c->btf, m->name_off));
}

/* __type: pointer to the type. */
static int get_type(struct ctx *c, const struct btf_member *m, uint32_t *type, uint32_t *size)
{
	const struct btf_type *p = btf_type(c->btf, btf_skip_mods(c->btf, m->type));
	const char *name = btf_str(c->btf, m->name_off);
	int64_t sz;

	if (!p || btf_kind(p) != BTF_KIND_PTR) {
		return errorf(c->err, c->errlen, -EINVAL, "map definition %s: member '%s' is not __type(): expected T *%s",
			      c->map, name, name);
	}
	sz = btf_type_size(c->btf, p->type);
	if (sz <= 0) {
		return errorf(c->err, c->errlen, -EINVAL, "map definition %s: %s type [%u] has no size", c->map, name, p->type);
	}
	*type = p->type;
	*size = sz;
	return 0;
}

static int decode(struct ctx *c, uint32_t var_type, struct btf_map_def *d, bool inner);

static int get_values(struct ctx *c, const struct btf_member *m, struct btf_map_def *d)
{
	const struct btf_type *a = btf_type(c->btf, btf_skip_mods(c->btf, m->type));
	const struct btf_type *p, *v;
	struct btf_map_def in;
	uint32_t vid;
	int ret;

	if (!a || btf_kind(a) != BTF_KIND_ARRAY)
		goto bad;
	p = btf_type(c->btf, btf_skip_mods(c->btf, btf_array(a)->type));
	if (!p || btf_kind(p) != BTF_KIND_PTR)
		goto bad;
	vid = btf_skip_mods(c->btf, p->type);
	v = btf_type(c->btf, vid);
	if (!v)
		goto bad;
	d->nr_values = btf_array(a)->nelems;
	if (btf_kind(v) == BTF_KIND_FUNC_PROTO) {
		d->values_is_prog = true;
		return 0;
	}
	if (btf_kind(v) != BTF_KIND_STRUCT)
		goto bad;
	memset(&in, 0, sizeof(in));
	ret = decode(c, vid, &in, true);
	if (ret)
		return ret;
	d->has_inner = true;
	d->inner_type = in.type;
	d->inner_max_entries = in.max_entries;
	d->inner_map_flags = in.map_flags;
	d->inner_key_size = in.key_size;
	d->inner_value_size = in.value_size;
	d->inner_key_type_id = in.key_type_id;
	d->inner_value_type_id = in.value_type_id;
	return 0;
bad:
	return errorf(c->err, c->errlen, -EINVAL, "map definition %s: member 'values' is not __array(): expected struct inner *values[] or a prog array's int (*values[])(void *)",
		      c->map);
}

/* One member of the definition, by its name: its bit in d->set (BTF_MAP_*)
 * is its place in this list. The __uint() values (type .. map_extra, the
 * first eight) go into u[], indexed the same way, until every member is
 * read. */
static int decode_member(struct ctx *c, const struct btf_member *m, struct btf_map_def *d,
			 bool inner, uint32_t *u)
{
	static const char names[] = "type\0max_entries\0map_flags\0key_size\0value_size\0"
				    "numa_node\0pinning\0map_extra\0key\0value\0values\0";
	const char *name = btf_str(c->btf, m->name_off), *s;
	unsigned k = 0;

	while ((s = str_nth(names, k)) && strcmp(s, name))
		k++;
	if (!s)
		return errorf(c->err, c->errlen, -EINVAL, "map definition %s: unknown member '%s' in %smap definition",
			      c->map, name, inner ? "inner " : "");
	if (1u << k == BTF_MAP_VALUES && inner)
		return errorf(c->err, c->errlen, -EINVAL, "map definition %s: inner map definition has its own 'values'",
			      c->map);
	d->set |= 1u << k;
	if (k < 8)
		return get_uint(c, m, &u[k]);
	if (1u << k == BTF_MAP_KEY)
		return get_type(c, m, &d->key_type_id, &d->key_size);
	if (1u << k == BTF_MAP_VALUE)
		return get_type(c, m, &d->value_type_id, &d->value_size);
	return get_values(c, m, d);
}

/* key_size / value_size must agree with the key / value types when both are
 * given; a map of maps or of programs holds 4-byte fds by default. */
static int settle_sizes(struct ctx *c, struct btf_map_def *d, uint32_t ksz, uint32_t vsz)
{
	if (d->set & BTF_MAP_KEY_SIZE) {
		if ((d->set & BTF_MAP_KEY) && d->key_size != ksz) {
			return errorf(c->err, c->errlen, -EINVAL, "map definition %s: key_size %u but key type is %u bytes",
				      c->map, ksz, d->key_size);
		}
		d->key_size = ksz;
	}
	if (d->set & BTF_MAP_VALUE_SIZE) {
		if ((d->set & BTF_MAP_VALUE) && d->value_size != vsz) {
			return errorf(c->err, c->errlen, -EINVAL, "map definition %s: value_size %u but value type is %u bytes",
				      c->map, vsz, d->value_size);
		}
		d->value_size = vsz;
	}
	if ((d->set & BTF_MAP_VALUES) && (d->set & (BTF_MAP_VALUE | BTF_MAP_VALUE_SIZE)) == 0 &&
	    (d->has_inner || d->values_is_prog))
		d->value_size = 4;   /* the fd of the inner map or program */
	return 0;
}

static int decode(struct ctx *c, uint32_t var_type, struct btf_map_def *d, bool inner)
{
	uint32_t sid = btf_skip_mods(c->btf, var_type), i, u[8] = { 0 };
	const struct btf_type *s = btf_type(c->btf, sid);
	const struct btf_member *m;
	int ret = 0;

	if (!s || btf_kind(s) != BTF_KIND_STRUCT) {
		return errorf(c->err, c->errlen, -EINVAL, "map definition %s: %stype [%u] is not a struct definition",
			      c->map, inner ? "inner map " : "", var_type);
	}
	m = btf_members(s);
	for (i = 0; i < btf_vlen(s) && !ret; i++)
		ret = decode_member(c, &m[i], d, inner, u);
	if (ret)
		return ret;
	d->type = u[0];
	d->max_entries = u[1];
	d->map_flags = u[2];
	d->numa_node = u[5];
	d->pinning = u[6];
	/* __ulong(map_extra, N) is int (*)[N] as well, so at most 32 bits
	 * come through an array length. */
	d->map_extra = u[7];
	return settle_sizes(c, d, u[3], u[4]);     /* key_size, value_size */
}

int btf_map_def_decode(const struct btf *btf, uint32_t var_type,
		       struct btf_map_def *def, char *err, size_t errlen)
{
	char label[64];
	struct ctx c = { btf, label, err, errlen };
	const char *name = btf_type_name(btf, btf_skip_mods(btf, var_type));

	/* The caller knows the variable's name and prefixes it; here the
	 * definition is named by its type. */
	snprintf(label, sizeof(label), "type [%u]%s%.40s", var_type, *name ? " " : "", name);

	memset(def, 0, sizeof(*def));
	return decode(&c, var_type, def, false);
}
