/* btf/btf.c — parse a BTF blob and answer queries about its types.
 *
 * Layout (include/uapi/linux/btf.h): a struct btf_header, then the type
 * section (struct btf_type records, each followed by kind-specific records)
 * and the string section, both placed by offsets relative to the header's end.
 * Type ids are implicit: the n-th record is id n, id 0 is void.
 *
 * Parsing is one walk over the type section (walk): it records each
 * record's offset in a table sized for the most records the section could
 * hold (untouched pages of it cost nothing, and it is shrunk after), and
 * checks each record as it passes: bounds first, then its own fields, names
 * and referenced ids. Ids may point forward, so the walk keeps the largest
 * id and name offset seen and compares them with the count and the string
 * section at the end. A record that is truncated or of an unknown kind stops
 * the walk with its error. When any other check fails, the slow path
 * (check_type for each id) runs the same checks one record at a time, to
 * name the first fault; the walk's own checks only decide that there is none.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "btf/internal.h"

int64_t btf_trailer_size(const struct btf_type *t)
{
	uint32_t vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return sizeof(uint32_t);
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC: case BTF_KIND_FLOAT: case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return (int64_t)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (int64_t)vlen * sizeof(struct btf_enum);
	case BTF_KIND_FUNC_PROTO:
		return (int64_t)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return (int64_t)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return sizeof(struct btf_decl_tag);
	case BTF_KIND_ENUM64:
		return (int64_t)vlen * sizeof(struct btf_enum64);
	}
	return -1;
}

static bool name_ok(const struct btf *btf, uint32_t off)
{
	return off < btf->strs_len;
}

static int check_id(const struct btf *btf, uint32_t id, uint32_t ref,
		    const char *what, char *err, size_t errlen)
{
	if (ref < btf->n)
		return 0;
	return errorf(err, errlen, -EINVAL, "BTF type [%u]: %s refers to type id %u, past the last id %u",
		      id, what, ref, btf->n - 1);
}

static int check_name(const struct btf *btf, uint32_t id, uint32_t off,
		      const char *what, char *err, size_t errlen)
{
	if (name_ok(btf, off))
		return 0;
	return errorf(err, errlen, -EINVAL, "BTF type [%u]: %s name offset %u is past the string section (%u bytes)",
		      id, what, off, btf->strs_len);
}

#define CHECK(e) do { int e_ = (e); if (e_) return e_; } while (0)

/* The conditions on a record's own fields, shared by the checks below and
 * the walk (scan_record). */
static bool int_ok(const struct btf_type *t)
{
	uint32_t v = *(const uint32_t *)(t + 1);
	uint32_t bits = BTF_INT_BITS(v), off = BTF_INT_OFFSET(v);

	return t->size && t->size <= 16 && bits <= 128 && bits + off <= t->size * 8;
}

static bool enum_size_ok(const struct btf_type *t)
{
	/* Size 0 only for a forward declaration ("enum e;"): no values. */
	return (t->size || !btf_vlen(t)) && t->size <= 8;
}

static bool secinfo_ok(const struct btf_type *t, const struct btf_var_secinfo *s)
{
	/* Size 0 is clang's "loader, fill in" (fixup.c); a real size bounds
	 * every variable, as the kernel checks. */
	return !t->size || (s->offset <= t->size && s->size <= t->size - s->offset);
}

static int check_int(const struct btf *btf, uint32_t id, const struct btf_type *t,
		     char *err, size_t errlen)
{
	uint32_t v = *(const uint32_t *)(t + 1);
	uint32_t bits = BTF_INT_BITS(v), off = BTF_INT_OFFSET(v);

	if (!int_ok(t)) {
		return errorf(err, errlen, -EINVAL, "BTF type [%u]: int of size %u with %u bits at bit %u: expected bits + offset <= size * 8 and size <= 16",
			      id, t->size, bits, off);
	}
	return 0;
}

/* A kind that names one other type: pointer, typedef, qualifier, tag, func,
 * var. A func's type must be its prototype. */
static int check_ref(const struct btf *btf, uint32_t id, const struct btf_type *t,
		     char *err, size_t errlen)
{
	CHECK(check_id(btf, id, t->type, "its type", err, errlen));
	if (btf_kind(t) == BTF_KIND_FUNC && t->type &&
	    btf_kind(btf_type(btf, t->type)) != BTF_KIND_FUNC_PROTO) {
		return errorf(err, errlen, -EINVAL, "BTF type [%u]: func '%s' has type %u, expected a FUNC_PROTO",
			      id, btf_type_name(btf, id), t->type);
	}
	return 0;
}

static int check_members(const struct btf *btf, uint32_t id, const struct btf_type *t,
			 char *err, size_t errlen)
{
	const struct btf_member *m = btf_members(t);
	uint32_t i;

	for (i = 0; i < btf_vlen(t); i++) {
		CHECK(check_name(btf, id, m[i].name_off, "member", err, errlen));
		CHECK(check_id(btf, id, m[i].type, "member", err, errlen));
	}
	return 0;
}

static int check_enum(const struct btf *btf, uint32_t id, const struct btf_type *t,
		      char *err, size_t errlen)
{
	uint32_t i, vlen = btf_vlen(t);

	if (!enum_size_ok(t)) {
		return errorf(err, errlen, -EINVAL, "BTF type [%u]: enum of size %u, expected 1..8", id, t->size);
	}
	for (i = 0; i < vlen; i++) {
		uint32_t off = btf_kind(t) == BTF_KIND_ENUM ? btf_enums(t)[i].name_off
			: ((const struct btf_enum64 *)(t + 1))[i].name_off;
		CHECK(check_name(btf, id, off, "enumerator", err, errlen));
	}
	return 0;
}

static int check_proto(const struct btf *btf, uint32_t id, const struct btf_type *t,
		       char *err, size_t errlen)
{
	const struct btf_param *p = btf_params(t);
	uint32_t i;

	CHECK(check_id(btf, id, t->type, "return", err, errlen));
	for (i = 0; i < btf_vlen(t); i++) {
		CHECK(check_name(btf, id, p[i].name_off, "parameter", err, errlen));
		CHECK(check_id(btf, id, p[i].type, "parameter", err, errlen));
	}
	return 0;
}

static int check_datasec(const struct btf *btf, uint32_t id, const struct btf_type *t,
			 char *err, size_t errlen)
{
	const struct btf_var_secinfo *s = btf_secinfos(t);
	uint32_t i;

	for (i = 0; i < btf_vlen(t); i++) {
		CHECK(check_id(btf, id, s[i].type, "section variable", err, errlen));
		if (!secinfo_ok(t, &s[i])) {
			return errorf(err, errlen, -EINVAL, "BTF type [%u]: DATASEC '%s' variable %u at offset %u, size %u, lies outside the section's %u bytes",
				      id, btf_type_name(btf, id), i, s[i].offset, s[i].size, t->size);
		}
	}
	return 0;
}

/* Everything a single record must satisfy, besides its size. */
static int check_type(const struct btf *btf, uint32_t id, char *err, size_t errlen)
{
	const struct btf_type *t = btf_type(btf, id);

	CHECK(check_name(btf, id, t->name_off, "type", err, errlen));
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return check_int(btf, id, t, err, errlen);
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC: case BTF_KIND_VAR:
		return check_ref(btf, id, t, err, errlen);
	case BTF_KIND_DECL_TAG:
		return check_id(btf, id, t->type, "decl tag target", err, errlen);
	case BTF_KIND_ARRAY:
		CHECK(check_id(btf, id, btf_array(t)->type, "array element", err, errlen));
		return check_id(btf, id, btf_array(t)->index_type, "array index", err, errlen);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		return check_members(btf, id, t, err, errlen);
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		return check_enum(btf, id, t, err, errlen);
	case BTF_KIND_FUNC_PROTO:
		return check_proto(btf, id, t, err, errlen);
	case BTF_KIND_DATASEC:
		return check_datasec(btf, id, t, err, errlen);
	case BTF_KIND_FWD: case BTF_KIND_FLOAT:
		break;
	}
	return 0;
}

/* The header, and where it places the two sections inside the blob: in
 * bounds, aligned, apart, and a string section that starts and ends with a
 * NUL. */
static int check_header(const void *data, size_t len, const struct btf_header *h,
			char *err, size_t errlen)
{
	uint64_t type_end, str_end;

	if (h->magic != BTF_MAGIC) {
		return errorf(err, errlen, -EINVAL, "BTF: magic 0x%04x, expected 0x%04x (little-endian BTF only)",
			      h->magic, BTF_MAGIC);
	}
	if (h->version != BTF_VERSION) {
		return errorf(err, errlen, -EINVAL, "BTF: version %u, expected %u", h->version, BTF_VERSION);
	}
	if (h->hdr_len < sizeof(*h) || h->hdr_len > len) {
		return errorf(err, errlen, -EINVAL, "BTF: header length %u, expected %zu..%zu", h->hdr_len, sizeof(*h), len);
	}
	type_end = (uint64_t)h->hdr_len + h->type_off + h->type_len;
	str_end = (uint64_t)h->hdr_len + h->str_off + h->str_len;
	if (type_end > len || str_end > len) {
		return errorf(err, errlen, -EINVAL, "BTF: type section [%u, +%u) or string section [%u, +%u) ends past the %zu-byte blob",
			      h->type_off, h->type_len, h->str_off, h->str_len, len);
	}
	if ((h->type_off & 3) || (h->type_len & 3)) {
		return errorf(err, errlen, -EINVAL, "BTF: type section offset %u / length %u not 4-byte aligned",
			      h->type_off, h->type_len);
	}
	if (((uintptr_t)data + h->hdr_len + h->type_off) & 3) {
		return errorf(err, errlen, -EINVAL, "BTF: type section not 4-byte aligned in memory (hdr_len %u)", h->hdr_len);
	}
	if (h->type_off < h->str_off ? type_end > h->hdr_len + (uint64_t)h->str_off
				     : str_end > h->hdr_len + (uint64_t)h->type_off) {
		return errorf(err, errlen, -EINVAL, "BTF: type section [%u, +%u) and string section [%u, +%u) overlap",
			      h->type_off, h->type_len, h->str_off, h->str_len);
	}
	/* Documentation/bpf/btf.rst: the first string is "", and every name
	 * must end inside the section, which a final NUL guarantees. */
	const char *strs = (const char *)data + h->hdr_len + h->str_off;
	if (h->str_len == 0 || strs[0] != '\0' || strs[h->str_len - 1] != '\0') {
		return errorf(err, errlen, -EINVAL, "BTF: string section of %u bytes must start and end with a NUL",
			      h->str_len);
	}
	return 0;
}

/* What the walk keeps of the records it passed: the largest type id
 * and name offset they refer to. */
struct scan {
	uint32_t max_ref, max_name;
};

static inline void see_ref(struct scan *s, uint32_t id)
{
	s->max_ref = id > s->max_ref ? id : s->max_ref;
}

static inline void see_name(struct scan *s, uint32_t off)
{
	s->max_name = off > s->max_name ? off : s->max_name;
}

static inline void see_members(struct scan *s, const struct btf_type *t)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		see_name(s, btf_members(t)[i].name_off);
		see_ref(s, btf_members(t)[i].type);
	}
}

static inline void see_params(struct scan *s, const struct btf_type *t)
{
	see_ref(s, t->type);
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		see_name(s, btf_params(t)[i].name_off);
		see_ref(s, btf_params(t)[i].type);
	}
}

static inline bool see_enumerators(struct scan *s, const struct btf_type *t)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++)
		see_name(s, btf_kind(t) == BTF_KIND_ENUM ? btf_enums(t)[i].name_off
			 : ((const struct btf_enum64 *)(t + 1))[i].name_off);
	return enum_size_ok(t);
}

static inline bool see_datasec(struct scan *s, const struct btf_type *t)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		see_ref(s, btf_secinfos(t)[i].type);
		if (!secinfo_ok(t, &btf_secinfos(t)[i]))
			return false;
	}
	return true;
}

/* The size of record id's trailer (left bytes of the section follow its
 * header) and check_type()'s checks, except for the ids and names it refers
 * to, which go into s; or -1 when the record is truncated or of an unknown
 * kind, or check_type() may object (walk() finds out which). One switch: the
 * trailer's size is checked against left before any of it is read. A func's prototype must come
 * before it here (it does in what pahole and clang write). */
static inline int64_t scan_record(const struct btf *btf, const struct btf_type *t, uint32_t id,
				  uint32_t left, struct scan *s)
{
	uint64_t vlen = btf_vlen(t);

	see_name(s, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return left >= sizeof(uint32_t) && int_ok(t) ? (int64_t)sizeof(uint32_t) : -1;
	case BTF_KIND_FUNC:
		/* btf->n is not known yet: off[] is, up to id */
		return !t->type || (t->type < id && btf_kind((const struct btf_type *)
				(btf->types + btf->off[t->type])) == BTF_KIND_FUNC_PROTO) ? 0 : -1;
	case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
		see_ref(s, t->type);
		return 0;
	case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:   /* 4 bytes each */
		see_ref(s, t->type);
		return left >= sizeof(struct btf_var) ? (int64_t)sizeof(struct btf_var) : -1;
	case BTF_KIND_ARRAY:
		if (left < sizeof(struct btf_array))
			return -1;
		see_ref(s, btf_array(t)->type);
		see_ref(s, btf_array(t)->index_type);
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		if (vlen * sizeof(struct btf_member) > left)
			return -1;
		see_members(s, t);
		return vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		vlen *= btf_kind(t) == BTF_KIND_ENUM ? sizeof(struct btf_enum) : sizeof(struct btf_enum64);
		return vlen <= left && see_enumerators(s, t) ? (int64_t)vlen : -1;
	case BTF_KIND_FUNC_PROTO:
		if (vlen * sizeof(struct btf_param) > left)
			return -1;
		see_params(s, t);
		return vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		vlen *= sizeof(struct btf_var_secinfo);
		return vlen <= left && see_datasec(s, t) ? (int64_t)vlen : -1;
	case BTF_KIND_FWD: case BTF_KIND_FLOAT:
		return 0;
	}
	return -1;
}

/* The one walk (see the top of the file): btf->off, btf->kinds, btf->n and
 * btf->kind_count set, each record's size checked (the error names the first
 * that is truncated or of an unknown kind). Its own fields, names and ids
 * are checked by scan_record on the way; when that objects to any, or an id
 * or name turns out past the end, check_type goes over each record to name
 * the first fault. A record is at least 12 bytes, so the section holds at
 * most types_len / 12. */
static int walk(struct btf *btf, char *err, size_t errlen)
{
	size_t most = (size_t)btf->types_len / sizeof(struct btf_type) + 1;
	uint32_t *off = malloc(most * sizeof(*off)), pos = 0, n = 1;
	uint8_t *kinds = malloc(most);
	struct scan s = { 0, 0 };
	bool slow = false;
	int ret = 0;

	btf->off = off;
	btf->kinds = kinds;
	if (!off || !kinds)
		return -ENOMEM;
	while (pos < btf->types_len) {
		const struct btf_type *t = (const struct btf_type *)(btf->types + pos);
		uint32_t left = btf->types_len - pos;
		int64_t extra;

		if (left < sizeof(*t)) {
			return errorf(err, errlen, -EINVAL, "BTF type [%u] at type-section offset %u: truncated header (%u bytes left, need %zu)",
				      n, pos, left, sizeof(*t));
		}
		off[n] = pos;
		extra = scan_record(btf, t, n, left - sizeof(*t), &s);
		if (extra < 0) {
			slow = true;
			extra = btf_trailer_size(t);
		}
		if (extra < 0) {
			return errorf(err, errlen, -EINVAL, "BTF type [%u] at type-section offset %u: unknown kind %u",
				      n, pos, btf_kind(t));
		}
		if ((uint64_t)extra > left - sizeof(*t)) {
			return errorf(err, errlen, -EINVAL, "BTF type [%u] at type-section offset %u: kind %u with vlen %u needs %lld more bytes, only %zu left",
				      n, pos, btf_kind(t), btf_vlen(t), (long long)extra,
				      left - sizeof(*t));
		}
		kinds[n] = btf_kind(t);
		btf->kind_count[kinds[n]]++;
		pos += sizeof(*t) + (uint32_t)extra;
		n++;
	}
	btf->n = n;
	if (slow || s.max_ref >= n || s.max_name >= btf->strs_len)
		for (uint32_t id = 1; !ret && id < n; id++)
			ret = check_type(btf, id, err, errlen);
	if ((off = realloc(off, (size_t)n * sizeof(*off))))
		btf->off = off;
	if ((kinds = realloc(kinds, n)))
		btf->kinds = kinds;
	return ret;
}

int btf_parse(const void *data, size_t len, struct btf **out,
	      char *err, size_t errlen)
{
	struct btf_header hdr;
	const struct btf_header *h = &hdr;
	struct btf *btf;
	int ret;

	*out = NULL;
	if (len < sizeof(*h)) {
		return errorf(err, errlen, -EINVAL, "BTF: %zu bytes, shorter than the %zu-byte header", len, sizeof(*h));
	}
	/* Copied: the section may sit at any file offset. */
	memcpy(&hdr, data, sizeof(hdr));
	ret = check_header(data, len, h, err, errlen);
	if (ret)
		return ret;

	btf = calloc(1, sizeof(*btf));
	if (!btf)
		return -ENOMEM;
	btf->data = data;
	btf->len = len;
	btf->hdr_len = h->hdr_len;
	btf->types = (const uint8_t *)data + h->hdr_len + h->type_off;
	btf->types_len = h->type_len;
	btf->strs = (const char *)data + h->hdr_len + h->str_off;
	btf->strs_len = h->str_len;

	ret = walk(btf, err, errlen);
	if (ret) {
		btf_free(btf);
		return ret;
	}
	*out = btf;
	return 0;
}

void btf_free(struct btf *btf)
{
	if (!btf)
		return;
	free(btf->off);
	free(btf->kinds);
	btf_names_drop(btf);
	free(btf->copy);
	free(btf);
}

uint32_t btf_nr_types(const struct btf *btf)
{
	return btf->n;
}

const struct btf_type *btf_type(const struct btf *btf, uint32_t id)
{
	if (id == 0 || id >= btf->n)
		return NULL;
	return (const struct btf_type *)(btf->types + btf->off[id]);
}

const char *btf_str(const struct btf *btf, uint32_t off)
{
	return off < btf->strs_len ? btf->strs + off : NULL;
}

const char *btf_type_name(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type(btf, id);
	const char *s = t ? btf_str(btf, t->name_off) : NULL;

	return s ? s : "";
}

uint32_t btf_datasec_var(const struct btf *btf, const struct btf_type *ds, const char *var)
{
	uint32_t type = 0;

	for (uint32_t i = 0; ds && i < btf_vlen(ds); i++) {
		const struct btf_type *v = btf_type(btf, btf_secinfos(ds)[i].type);

		if (v && btf_kind(v) == BTF_KIND_VAR && !strcmp(btf_type_name(btf, btf_secinfos(ds)[i].type), var))
			type = v->type;
	}
	return type;
}

int btf_member_index(const struct btf *btf, const struct btf_type *t, const char *name)
{
	for (uint32_t m = 0; m < btf_vlen(t); m++)
		if (!strcmp(btf_str(btf, btf_members(t)[m].name_off) ?: "", name))
			return (int)m;
	return -1;
}

static bool is_mod(uint32_t kind)
{
	return kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_CONST ||
	       kind == BTF_KIND_VOLATILE || kind == BTF_KIND_RESTRICT ||
	       kind == BTF_KIND_TYPE_TAG;
}

uint32_t btf_skip_mods(const struct btf *btf, uint32_t id)
{
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = btf_type(btf, id);

		if (!t || !is_mod(btf_kind(t)))
			return id;
		id = t->type;
	}
	return id;
}

int64_t btf_type_size(const struct btf *btf, uint32_t id)
{
	uint64_t mult = 1;
	int depth;

	for (depth = 0; depth < BTF_MAX_DEPTH; depth++) {
		const struct btf_type *t = btf_type(btf, id);
		uint64_t size;

		if (!t)
			return -EINVAL;
		switch (btf_kind(t)) {
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			size = t->size;
			break;
		case BTF_KIND_PTR:
			size = 8;   /* BPF is a 64-bit target */
			break;
		case BTF_KIND_TYPEDEF: case BTF_KIND_CONST: case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
			id = t->type;
			continue;
		case BTF_KIND_ARRAY:
			mult *= btf_array(t)->nelems;
			if (mult > UINT32_MAX)
				return -E2BIG;
			id = btf_array(t)->type;
			continue;
		default:
			return -EINVAL;
		}
		size *= mult;
		return size > UINT32_MAX ? -E2BIG : (int64_t)size;
	}
	return -ELOOP;
}

uint32_t btf_member_bit_offset(const struct btf_type *t, uint32_t i)
{
	uint32_t off = btf_members(t)[i].offset;

	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(off) : off;
}

uint32_t btf_member_bitfield_size(const struct btf_type *t, uint32_t i)
{
	uint32_t off = btf_members(t)[i].offset;

	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(off) : 0;
}

/* --- btf_type_str: C spelling, built as prefix + suffix around a name. --- */

struct sbuf {
	char *buf;
	size_t len, pos;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->pos < b->len) {
		size_t room = b->len - b->pos - 1;
		memcpy(b->buf + b->pos, s, n < room ? n : room);
		b->buf[b->pos + (n < room ? n : room)] = '\0';
	}
	b->pos += n;
}

static int type_str(const struct btf *btf, uint32_t id, const char *inner,
		    struct sbuf *b, int depth);

/* The declarator after a base type's name: " *p", "[4]" (no space). */
static void put_inner(struct sbuf *b, const char *inner)
{
	if (*inner) {
		if (*inner != '[')
			sb_put(b, " ", 1);
		sb_put(b, inner, strlen(inner));
	}
}

/* A pointer to an array or to a function needs parentheses: "int (*)[4]". */
static int ptr_str(const struct btf *btf, const struct btf_type *t, const char *inner,
		   struct sbuf *b, int depth)
{
	char tmp[256];

	uint32_t k = t->type ? btf_kind(btf_type(btf, t->type)) : 0;

	snprintf(tmp, sizeof(tmp), "*%s", inner);
	if (k == BTF_KIND_ARRAY || k == BTF_KIND_FUNC_PROTO) {
		char p[300];
		snprintf(p, sizeof(p), "(%s)", tmp);
		return type_str(btf, t->type, p, b, depth + 1);
	}
	return type_str(btf, t->type, tmp, b, depth + 1);
}

static int qualifier_str(const struct btf *btf, const struct btf_type *t, const char *inner,
			 struct sbuf *b, int depth)
{
	const char *q = btf_kind(t) == BTF_KIND_CONST ? "const" :
			btf_kind(t) == BTF_KIND_VOLATILE ? "volatile" : "restrict";
	const struct btf_type *u = btf_type(btf, t->type);
	char tmp[256];

	/* Qualifiers after a pointer apply to the pointer: "int * const". */
	if (u && btf_kind(u) == BTF_KIND_PTR) {
		snprintf(tmp, sizeof(tmp), " %s%s%s", q, *inner && *inner != '[' ? " " : "", inner);
		return type_str(btf, t->type, tmp, b, depth + 1);
	}
	sb_put(b, q, strlen(q));
	sb_put(b, " ", 1);
	return type_str(btf, t->type, inner, b, depth + 1);
}

/* The parameter list goes after the declarator: "int (*)(char *, ...)". */
static int proto_str(const struct btf *btf, const struct btf_type *t, const char *inner,
		     struct sbuf *b, int depth)
{
	const struct btf_param *p = btf_params(t);
	uint32_t i, vlen = btf_vlen(t);
	char tmp[256];
	struct sbuf args = { tmp, sizeof(tmp), 0 };
	char out[300];

	tmp[0] = '\0';
	sb_put(&args, "(", 1);
	for (i = 0; i < vlen; i++) {
		if (i)
			sb_put(&args, ", ", 2);
		if (p[i].type == 0 && i == vlen - 1)
			sb_put(&args, "...", 3);
		else if (type_str(btf, p[i].type, "", &args, depth + 1) < 0)
			return -EINVAL;
	}
	if (!vlen)
		sb_put(&args, "void", 4);
	sb_put(&args, ")", 1);
	snprintf(out, sizeof(out), "%s%s", inner, tmp);
	return type_str(btf, t->type, out, b, depth + 1);
}

const char *btf_kind_word(const struct btf_type *t)
{
	switch (t ? btf_kind(t) : 0) {
	case BTF_KIND_STRUCT: return "struct ";
	case BTF_KIND_UNION: return "union ";
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return "enum ";
	case BTF_KIND_FWD: return btf_kflag(t) ? "union " : "struct ";
	default: return "";
	}
}

/* "struct name", "union name", "enum name", or "{...}" for an anonymous one. */
static void put_tagged_name(struct sbuf *b, const struct btf_type *t, const char *name)
{
	const char *kw = btf_kind_word(t);

	sb_put(b, kw, strlen(kw));
	if (*name)
		sb_put(b, name, strlen(name));
	else
		sb_put(b, "{...}", 5);
}

/* Kinds that wrap another type recurse with the declarator grown; named
 * kinds print the name, then the declarator. */
static int type_str(const struct btf *btf, uint32_t id, const char *inner,
		    struct sbuf *b, int depth)
{
	const struct btf_type *t;
	char tmp[256];
	const char *name;

	if (depth > BTF_MAX_DEPTH)
		return -ELOOP;
	if (id == 0) {
		sb_put(b, "void", 4);
		put_inner(b, inner);
		return 0;
	}
	t = btf_type(btf, id);
	if (!t)
		return -EINVAL;
	name = btf_type_name(btf, id);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
		return ptr_str(btf, t, inner, b, depth);
	case BTF_KIND_ARRAY:
		snprintf(tmp, sizeof(tmp), "%s[%u]", inner, btf_array(t)->nelems);
		return type_str(btf, btf_array(t)->type, tmp, b, depth + 1);
	case BTF_KIND_CONST: case BTF_KIND_VOLATILE: case BTF_KIND_RESTRICT:
		return qualifier_str(btf, t, inner, b, depth);
	case BTF_KIND_TYPE_TAG:
		return type_str(btf, t->type, inner, b, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		return proto_str(btf, t, inner, b, depth);
	case BTF_KIND_FUNC: case BTF_KIND_VAR:
		return type_str(btf, t->type, *inner ? inner : name, b, depth + 1);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64: case BTF_KIND_FWD:
		put_tagged_name(b, t, name);
		break;
	case BTF_KIND_DATASEC:
		sb_put(b, "section ", 8);
		sb_put(b, name, strlen(name));
		break;
	default:   /* int, float, typedef */
		sb_put(b, name, strlen(name));
		break;
	}
	put_inner(b, inner);
	return 0;
}

int btf_type_str(const struct btf *btf, uint32_t id, char *buf, size_t len)
{
	struct sbuf b = { buf, len, 0 };
	int ret;

	if (len)
		buf[0] = '\0';
	ret = type_str(btf, id, "", &b, 0);
	return ret < 0 ? ret : (int)b.pos;
}
