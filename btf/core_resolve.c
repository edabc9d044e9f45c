/* btf/core_resolve.c — CO-RE relocation resolution (see btf/core.h for the steps).
 *
 * Semantics of each kind follow include/uapi/linux/bpf.h (enum
 * bpf_core_relo_kind) and clang's __builtin_preserve_field_info /
 * __builtin_preserve_type_info / __builtin_preserve_enum_value: the value
 * clang computed from the object's own BTF is what the instruction holds,
 * and the same computation on the kernel's BTF gives the replacement.
 * Here: the relocation's local side, the walks to its field, the values, and
 * the candidates (found by name, btf/names.c); what makes a candidate's
 * types the same as the local ones is in core_rules.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "btf/internal.h"
#include "btf/core.h"
#include "common/util.h"

/* One step of a walk in source terms: a named member or an array index.
 * Anonymous members are not steps; they only add to the offset. */
struct step {
	bool is_index;
	uint32_t idx;           /* array index, or member index in the local type */
	const char *name;       /* member name */
	uint32_t local_type;    /* the local member / element type */
};

/* Where a walk ends: the field, in one BTF. */
struct field {
	uint64_t bit_off;
	uint32_t type;          /* field type id (modifiers not skipped) */
	uint32_t bitfield;      /* bitfield size in bits, 0 if not a bitfield */
};

struct spec {
	uint32_t root;          /* local root type id */
	uint32_t raw[BTF_CORE_MAX_ACCESS];
	uint32_t nraw;
	struct step steps[BTF_CORE_MAX_ACCESS];
	uint32_t nsteps;
	struct field f;         /* local result */
	/* enum value relocations */
	const char *enumerator;
	uint64_t enum_val;
};

const char *btf_core_kind_str(uint32_t kind)
{
	static const char names[] =
		"field byte offset\0" "field byte size\0" "field exists\0" "field signed\0"
		"field lshift u64\0" "field rshift u64\0" "local type id\0" "target type id\0"
		"type exists\0" "type size\0" "enum value exists\0" "enum value\0" "type matches\0";
	const char *name = str_nth(names, kind);

	return name ? name : "unknown";
}

static bool is_field_kind(uint32_t k)
{
	return k <= BPF_CORE_FIELD_RSHIFT_U64;
}

static bool is_enum_kind(uint32_t k)
{
	return k == BPF_CORE_ENUMVAL_EXISTS || k == BPF_CORE_ENUMVAL_VALUE;
}

/* Skip const/volatile/restrict/type_tag but not typedefs: a typedef is a
 * named type of its own for type relocations. */
static uint32_t skip_qual(const struct btf *btf, uint32_t id)
{
	int d;

	for (d = 0; d < BTF_MAX_DEPTH; d++) {
		const struct btf_type *t = btf_type(btf, id);
		uint32_t k = t ? btf_kind(t) : 0;

		if (k != BTF_KIND_CONST && k != BTF_KIND_VOLATILE &&
		    k != BTF_KIND_RESTRICT && k != BTF_KIND_TYPE_TAG)
			return id;
		id = t->type;
	}
	return id;
}

/* ---- the local walk ---- */

static int parse_access(const char *s, struct spec *sp, char *err, size_t errlen,
			const char *what)
{
	sp->nraw = 0;
	if (!*s)
		goto bad;
	while (*s) {
		uint64_t v = 0;

		if (*s < '0' || *s > '9')
			goto bad;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (uint64_t)(*s++ - '0');
			if (v > UINT32_MAX)
				goto bad;
		}
		if (sp->nraw == BTF_CORE_MAX_ACCESS)
			goto bad;
		sp->raw[sp->nraw++] = v;
		if (*s == ':')
			s++;
		else if (*s)
			goto bad;
	}
	return 0;
bad:
	return errorf(err, errlen, -EINVAL, "CO-RE %s: access string is not \"N[:N...]\" of at most %d numbers",
		      what, BTF_CORE_MAX_ACCESS);
}

static int local_field_walk(const struct btf *btf, struct spec *sp, char *desc,
			    size_t dlen, char *err, size_t errlen, const char *what)
{
	uint32_t id = btf_skip_mods(btf, sp->root), i;
	int64_t sz = btf_type_size(btf, id);
	size_t dp = strlen(desc);

	if (sz < 0) {
		return errorf(err, errlen, -EINVAL, "CO-RE %s: root type [%u] has no size", what, sp->root);
	}
	sp->f.bit_off = (uint64_t)sp->raw[0] * sz * 8;
	if (sp->raw[0] && dp < dlen)
		dp += snprintf(desc + dp, dlen - dp, "[%u]", sp->raw[0]);
	sp->nsteps = 0;
	sp->f.bitfield = 0;
	for (i = 1; i < sp->nraw; i++) {
		const struct btf_type *t;
		uint32_t idx = sp->raw[i];

		id = btf_skip_mods(btf, id);
		t = btf_type(btf, id);
		if (btf_is_composite(t)) {
			const struct btf_member *m;
			const char *name;

			if (idx >= btf_vlen(t)) {
				return errorf(err, errlen, -EINVAL, "CO-RE %s: member index %u past the %u members of [%u]",
					      what, idx, btf_vlen(t), id);
			}
			m = &btf_members(t)[idx];
			name = btf_str(btf, m->name_off);
			sp->f.bit_off += btf_member_bit_offset(t, idx);
			sp->f.bitfield = btf_member_bitfield_size(t, idx);
			if (*name) {
				sp->steps[sp->nsteps++] = (struct step){ false, idx, name, m->type };
				if (dp < dlen)
					dp += snprintf(desc + dp, dlen - dp, ".%s", name);
			} else if (i == sp->nraw - 1) {
				return errorf(err, errlen, -EOPNOTSUPP, "CO-RE %s: access ends on an anonymous member of [%u]",
					      what, id);
			}
			id = m->type;
		} else if (t && btf_kind(t) == BTF_KIND_ARRAY) {
			uint32_t elem = btf_array(t)->type;
			int64_t esz = btf_type_size(btf, elem);

			if (esz < 0) {
				return errorf(err, errlen, -EINVAL, "CO-RE %s: array [%u] element has no size", what, id);
			}
			sp->f.bit_off += (uint64_t)idx * esz * 8;
			sp->f.bitfield = 0;
			sp->steps[sp->nsteps++] = (struct step){ true, idx, NULL, elem };
			if (dp < dlen)
				dp += snprintf(desc + dp, dlen - dp, "[%u]", idx);
			id = elem;
		} else {
			return errorf(err, errlen, -EINVAL, "CO-RE %s: access index %u of \"%u...\" walks into [%u], neither struct, union nor array",
				      what, i, sp->raw[0], id);
		}
	}
	sp->f.type = id;
	return 0;
}

/* ---- the target walk ---- */

/* Find member name in composite id, looking through anonymous members. */
static bool find_member(const struct btf *tb, uint32_t id, const char *name, int depth,
			uint64_t *bit_off, uint32_t *type, uint32_t *bitfield)
{
	const struct btf_type *t = btf_type(tb, btf_skip_mods(tb, id));
	uint32_t i;

	if (!btf_is_composite(t) || depth > BTF_MAX_DEPTH)
		return false;
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *mn = btf_str(tb, m->name_off);

		if (*mn && !strcmp(mn, name)) {
			*bit_off += btf_member_bit_offset(t, i);
			*type = m->type;
			*bitfield = btf_member_bitfield_size(t, i);
			return true;
		}
	}
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		uint64_t off = *bit_off + btf_member_bit_offset(t, i);

		if (*btf_str(tb, m->name_off))
			continue;
		if (find_member(tb, m->type, name, depth + 1, &off, type, bitfield)) {
			*bit_off = off;
			return true;
		}
	}
	return false;
}

static bool target_field_walk(const struct btf *lb, const struct spec *sp,
			      const struct btf *tb, uint32_t cand, struct field *f)
{
	uint32_t id = btf_skip_mods(tb, cand), i;
	int64_t sz = btf_type_size(tb, id);

	if (sz < 0)
		return false;
	f->bit_off = (uint64_t)sp->raw[0] * sz * 8;
	f->bitfield = 0;
	for (i = 0; i < sp->nsteps; i++) {
		const struct step *s = &sp->steps[i];
		const struct btf_type *t = btf_type(tb, btf_skip_mods(tb, id));

		if (s->is_index) {
			int64_t esz;

			if (!t || btf_kind(t) != BTF_KIND_ARRAY)
				return false;
			if (btf_array(t)->nelems && s->idx >= btf_array(t)->nelems)
				return false;
			esz = btf_type_size(tb, btf_array(t)->type);
			if (esz < 0)
				return false;
			f->bit_off += (uint64_t)s->idx * esz * 8;
			f->bitfield = 0;
			id = btf_array(t)->type;
		} else {
			uint32_t mt;

			if (!find_member(tb, id, s->name, 0, &f->bit_off, &mt, &f->bitfield))
				return false;
			if (!btf_core_fields_compat(lb, s->local_type, tb, mt))
				return false;
			id = mt;
		}
	}
	f->type = id;
	return true;
}

/* ---- values ---- */

/* The value of a field relocation kind for a field in btf. A bitfield (and
 * the byte size/offset used to load it) is read as the smallest naturally
 * aligned load of at most 8 bytes that covers it, starting from the size of
 * its declared integer type. */
static int field_value(const struct btf *btf, const struct field *f, uint32_t kind,
		       uint64_t *val, uint32_t *size)
{
	uint32_t tid = btf_skip_mods(btf, f->type);
	const struct btf_type *t = btf_type(btf, tid);
	int64_t tsz = btf_type_size(btf, tid);
	uint64_t byte_off, byte_sz, bit_sz;

	if (tsz < 0 && kind != BPF_CORE_FIELD_EXISTS)
		return -EINVAL;
	if (f->bitfield) {
		byte_sz = tsz;
		bit_sz = f->bitfield;
		if (byte_sz == 0 || byte_sz > 8)
			return -EINVAL;
		byte_off = f->bit_off / 8 / byte_sz * byte_sz;
		while (f->bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return -EINVAL;
			byte_sz *= 2;
			byte_off = f->bit_off / 8 / byte_sz * byte_sz;
		}
		*size = 0;
	} else {
		uint32_t elem = tid;
		int64_t esz;
		int d;

		if (f->bit_off % 8)
			return -EINVAL;
		byte_off = f->bit_off / 8;
		byte_sz = tsz < 0 ? 0 : (uint64_t)tsz;
		bit_sz = byte_sz * 8;
		/* The size a load or store of the field uses: an array's
		 * element size (a load reads one element), as libbpf's
		 * bpf_core_calc_field_relo() records it. */
		for (d = 0; d < BTF_MAX_DEPTH && btf_type(btf, elem) &&
		     btf_kind(btf_type(btf, elem)) == BTF_KIND_ARRAY; d++)
			elem = btf_skip_mods(btf, btf_array(btf_type(btf, elem))->type);
		esz = btf_type_size(btf, elem);
		*size = esz < 0 ? 0 : (uint32_t)esz;
	}
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET:
		*val = byte_off;
		break;
	case BPF_CORE_FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case BPF_CORE_FIELD_EXISTS:
		*val = 1;
		break;
	case BPF_CORE_FIELD_SIGNED:
		if (t && btf_kind(t) == BTF_KIND_INT)
			*val = (BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_SIGNED) != 0;
		else
			*val = btf_is_enum(t) && btf_kflag(t);
		break;
	case BPF_CORE_FIELD_LSHIFT_U64:
		/* little-endian: the field's top bit moved to bit 63 */
		if (byte_sz > 8)
			return -EINVAL;
		*val = 64 - (f->bit_off + bit_sz - byte_off * 8);
		break;
	case BPF_CORE_FIELD_RSHIFT_U64:
		if (byte_sz > 8)
			return -EINVAL;
		*val = 64 - bit_sz;
		break;
	}
	return 0;
}

/* May a load or store of a field of local type lid be resized to the
 * target's size? libbpf's rule (bpf_core_calc_relo()): only when both are
 * pointers (a 32-bit kernel pointer read into a 64-bit register) or both
 * unsigned integers, where the zero-extending load gives the same value.
 * Signed integers, enums, floats, structs and arrays (whose element size
 * changed) would read a different value. */
static bool resize_ok(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	const struct btf_type *l = btf_type(lb, btf_skip_mods(lb, lid));
	const struct btf_type *t = btf_type(tb, btf_skip_mods(tb, tid));

	if (!l || !t || btf_kind(l) != btf_kind(t))
		return false;
	if (btf_kind(l) == BTF_KIND_PTR)
		return true;
	return btf_kind(l) == BTF_KIND_INT &&
	       !(BTF_INT_ENCODING(*(const uint32_t *)(l + 1)) & BTF_INT_SIGNED) &&
	       !(BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_SIGNED);
}

static uint64_t type_value(const struct btf *btf, uint32_t id, uint32_t kind)
{
	switch (kind) {
	case BPF_CORE_TYPE_ID_LOCAL: case BPF_CORE_TYPE_ID_TARGET:
		return id;
	case BPF_CORE_TYPE_SIZE: {
		int64_t sz = btf_type_size(btf, id);
		return sz < 0 ? 0 : (uint64_t)sz;
	}
	default:   /* exists, matches */
		return 1;
	}
}

static void set_target(char *buf, size_t len, const struct btf *tb, uint32_t id)
{
	const struct btf_type *t = btf_type(tb, id);

	if (!id) {
		snprintf(buf, len, "(none)");
		return;
	}
	snprintf(buf, len, "%s%.80s [%u]", btf_kind_word(t), btf_type_name(tb, id), id);
}

/* Can target type ct be a candidate for local type lt? A local forward
 * declaration accepts the struct or union it announces. */
static bool kind_fits(const struct btf_type *lt, const struct btf_type *ct)
{
	if (btf_is_enum(lt))
		return btf_is_enum(ct);
	if (btf_kind(lt) == BTF_KIND_FWD)
		return (btf_kind(ct) == (btf_kflag(lt) ? BTF_KIND_UNION : BTF_KIND_STRUCT)) ||
		       (btf_kind(ct) == BTF_KIND_FWD && btf_kflag(ct) == btf_kflag(lt));
	return btf_kind(lt) == btf_kind(ct);
}

/* One relocation being resolved: its two BTFs, the local side parsed. */
struct resolve {
	const struct btf *lb, *tb;
	const struct bpf_core_relo *relo;
	uint32_t kind, lid;     /* lid: the local root type, modifiers skipped */
	const struct btf_type *lt;
	const char *lname;
	struct spec sp;
	struct btf_core_res *res;
	char what[96];          /* "relocation at insn offset N (KIND, type [ID])" */
	char *err;
	size_t errlen;
};

/* A target type that fits, and what the relocation gives with it. */
struct candidate {
	uint32_t id;
	uint64_t val;
	uint32_t sz, ftype;     /* field byte offsets: the field's size and type */
};

/* A field relocation's local side: walk the access string through the
 * local types, then the value the object's own layout gives. */
static int local_field(struct resolve *rs, const char *access)
{
	struct btf_core_res *res = rs->res;
	struct spec *sp = &rs->sp;
	int ret;

	ret = local_field_walk(rs->lb, sp, res->desc, sizeof(res->desc), rs->err, rs->errlen, rs->what);
	if (ret)
		return ret;
	ret = field_value(rs->lb, &sp->f, rs->kind, &res->orig, &res->orig_sz);
	if (ret)
		return errorf(rs->err, rs->errlen, ret, "CO-RE %s (%s): local field of [%u] has no usable size or alignment",
			      rs->what, res->desc, sp->f.type);
	if (rs->kind != BPF_CORE_FIELD_BYTE_OFFSET || sp->f.bitfield)
		res->orig_sz = 0;
	if (sp->f.bitfield && rs->kind != BPF_CORE_FIELD_EXISTS && rs->kind != BPF_CORE_FIELD_SIGNED)
		res->validate = false;
	return 0;
}

/* An enumerator relocation's local side: access string "N", the N-th
 * enumerator of the local enum. */
static int local_enumerator(struct resolve *rs, const char *access)
{
	struct btf_core_res *res = rs->res;
	struct spec *sp = &rs->sp;

	if (!btf_is_enum(rs->lt) || sp->nraw != 1 || sp->raw[0] >= btf_vlen(rs->lt))
		return errorf(rs->err, rs->errlen, -EINVAL, "CO-RE %s: expected an enum and one enumerator index, got \"%s\"",
			      rs->what, access);
	sp->enumerator = btf_enumerator_name(rs->lb, rs->lt, sp->raw[0]);
	sp->enum_val = btf_enumerator_val(rs->lt, sp->raw[0]);
	snprintf(res->desc + strlen(res->desc), sizeof(res->desc) - strlen(res->desc),
		 "::%s", sp->enumerator);
	res->orig = rs->kind == BPF_CORE_ENUMVAL_EXISTS ? 1 : sp->enum_val;
	return 0;
}

/* The local side: check the record, parse its access string, and compute
 * what the object itself says (res->orig, the description). */
static int resolve_local(struct resolve *rs)
{
	struct btf_core_res *res = rs->res;
	const char *access;
	int ret;

	if (rs->kind > BPF_CORE_TYPE_MATCHES)
		return errorf(rs->err, rs->errlen, -EINVAL, "CO-RE relocation at insn offset %u: unknown kind %u",
			      rs->relo->insn_off, rs->kind);
	rs->lid = skip_qual(rs->lb, rs->relo->type_id);
	rs->lt = btf_type(rs->lb, rs->lid);
	access = btf_str(rs->lb, rs->relo->access_str_off);
	if (!rs->lt || !access)
		return errorf(rs->err, rs->errlen, -EINVAL, "CO-RE %s: local type id or access string offset %u out of range",
			      rs->what, rs->relo->access_str_off);
	ret = parse_access(access, &rs->sp, rs->err, rs->errlen, rs->what);
	if (ret)
		return ret;
	rs->sp.root = rs->lid;
	rs->lname = btf_type_name(rs->lb, rs->lid);
	snprintf(res->desc, sizeof(res->desc), "%s%s", is_field_kind(rs->kind) ? "" : btf_kind_word(rs->lt),
		 *rs->lname ? rs->lname : "(anon)");
	snprintf(res->target, sizeof(res->target), "(none)");
	if (is_field_kind(rs->kind))
		return local_field(rs, access);
	if (is_enum_kind(rs->kind))
		return local_enumerator(rs, access);
	if (rs->sp.nraw != 1 || rs->sp.raw[0] != 0)
		return errorf(rs->err, rs->errlen, -EINVAL, "CO-RE %s: type relocation needs access string \"0\", got \"%s\"",
			      rs->what, access);
	res->orig = type_value(rs->lb, rs->lid, rs->kind);
	return 0;
}

/* What candidate c gives: 1 it fits (c->val and friends set), 0 it does not,
 * <0 an error (TYPE_MATCHES past its bounds). */
static int candidate_value(struct resolve *rs, struct candidate *c)
{
	const struct btf_type *ct = btf_type(rs->tb, c->id);
	uint32_t kind = rs->kind;

	if (is_field_kind(kind)) {
		struct field f;

		if (!target_field_walk(rs->lb, &rs->sp, rs->tb, c->id, &f) ||
		    field_value(rs->tb, &f, kind, &c->val, &c->sz))
			return 0;
		c->ftype = f.type;
		return 1;
	}
	if (is_enum_kind(kind)) {
		for (uint32_t i = 0; i < btf_vlen(ct); i++)
			if (btf_essential_eq(rs->sp.enumerator, btf_enumerator_name(rs->tb, ct, i))) {
				c->val = kind == BPF_CORE_ENUMVAL_EXISTS ? 1 : btf_enumerator_val(ct, i);
				return 1;
			}
		return 0;
	}
	if (kind == BPF_CORE_TYPE_MATCHES) {
		int r = btf_core_types_match(rs->lb, rs->lid, rs->tb, c->id);
		char a[128];

		if (r >= 0)
			return c->val = r;
		set_target(a, sizeof(a), rs->tb, c->id);
		return errorf(rs->err, rs->errlen, r, "CO-RE %s (%s): comparing with %s: %s", rs->what,
			      rs->res->desc, a, btf_core_match_strerror(r));
	}
	if (!btf_core_types_compat(rs->lb, rs->lid, rs->tb, c->id))
		return 0;
	c->val = type_value(rs->tb, c->id, kind);
	return 1;
}

/* The kinds kind_fits() may accept for local type lt, as a mask. */
static uint32_t fitting_kinds(const struct btf_type *lt)
{
	if (btf_is_enum(lt))
		return 1u << BTF_KIND_ENUM | 1u << BTF_KIND_ENUM64;
	if (btf_kind(lt) == BTF_KIND_FWD)
		return 1u << BTF_KIND_STRUCT | 1u << BTF_KIND_UNION | 1u << BTF_KIND_FWD;
	return 1u << btf_kind(lt);
}

/* Candidate c gives a value; the first candidate that fit is in *first and
 * matched candidates fit before c. 0, or -ESRCH when c's value differs. */
static int same_value(struct resolve *rs, const struct candidate *first,
		      const struct candidate *c, int matched)
{
	char a[128], b[128];

	if (!matched || c->val == first->val)
		return 0;
	set_target(a, sizeof(a), rs->tb, first->id);
	set_target(b, sizeof(b), rs->tb, c->id);
	return errorf(rs->err, rs->errlen, -ESRCH, "CO-RE %s (%s): ambiguous: %s gives %llu, %s gives %llu",
		      rs->what, rs->res->desc, a, (unsigned long long)first->val, b,
		      (unsigned long long)c->val);
}

/* Candidates: every target type of a fitting kind with the same essential
 * name, lowest id first (the target's name index, btf/names.c, finds them).
 * They must all give the same value; the first is kept in *first. Returns
 * how many fit, or <0. */
static int find_candidates(struct resolve *rs, struct candidate *first)
{
	uint32_t *ids, nids;
	int matched = 0, r;

	r = btf_find_essential(rs->tb, rs->lname, fitting_kinds(rs->lt), &ids, &nids);
	if (r)
		return errorf(rs->err, rs->errlen, r, "CO-RE %s: out of memory", rs->what);
	for (uint32_t i = 0; i < nids; i++) {
		struct candidate c = { .id = ids[i] };

		if (!kind_fits(rs->lt, btf_type(rs->tb, c.id)))
			continue;
		r = candidate_value(rs, &c);
		if (r > 0)
			r = same_value(rs, first, &c, matched);
		else if (r == 0)
			continue;
		if (r < 0)
			break;
		if (!matched)
			*first = c;
		matched++;
	}
	free(ids);
	return r < 0 ? r : matched;
}

int btf_core_resolve(const struct btf *lb, const struct btf *tb,
		     const struct bpf_core_relo *relo, struct btf_core_res *res,
		     char *err, size_t errlen)
{
	struct resolve rs = { .lb = lb, .tb = tb, .relo = relo, .kind = relo->kind, .res = res,
			      .err = err, .errlen = errlen };
	struct candidate first = { 0 };
	int ret;

	memset(res, 0, sizeof(*res));
	res->kind = rs.kind;
	res->size_ok = true;
	res->validate = true;
	snprintf(rs.what, sizeof(rs.what), "relocation at insn offset %u (%s, type [%u])",
		 relo->insn_off, btf_core_kind_str(rs.kind), relo->type_id);

	/* What the object says. */
	if ((ret = resolve_local(&rs)))
		return ret;
	/* Type ids are not checked against the instruction: the BPF static
	 * linker (bpftool gen object) renumbers the types of the objects it
	 * merges, and the relocation records with them, but not the ids clang
	 * wrote into the instructions. libbpf does not check them either. */
	if (rs.kind == BPF_CORE_TYPE_ID_LOCAL || rs.kind == BPF_CORE_TYPE_ID_TARGET)
		res->validate = false;
	if (rs.kind == BPF_CORE_TYPE_ID_LOCAL) {
		res->val = res->orig;
		return 0;
	}
	if (!*rs.lname)
		return errorf(err, errlen, -EOPNOTSUPP, "CO-RE %s: the local type is anonymous; candidates are found by name",
			      rs.what);

	/* What the kernel says. */
	ret = find_candidates(&rs, &first);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		/* Existence kinds answer 0; so does every type relocation of a
		 * type the kernel lacks: bpf_core_type_id_kernel() and
		 * bpf_core_type_size() are documented to give 0 then
		 * (tools/lib/bpf/bpf_core_read.h). Field offsets, sizes and
		 * enum values have no such answer: poison. */
		if (rs.kind == BPF_CORE_FIELD_EXISTS || rs.kind == BPF_CORE_ENUMVAL_EXISTS ||
		    (!is_field_kind(rs.kind) && !is_enum_kind(rs.kind)))
			res->val = 0;
		else
			res->poison = true;
		return 0;
	}
	res->val = first.val;
	res->target_id = first.id;
	set_target(res->target, sizeof(res->target), tb, first.id);
	if (rs.kind == BPF_CORE_FIELD_BYTE_OFFSET && !rs.sp.f.bitfield) {
		res->new_sz = first.sz;
		if (res->orig_sz != res->new_sz)
			res->size_ok = resize_ok(lb, rs.sp.f.type, tb, first.ftype);
	}
	return 0;
}
