/* btf/format.c — print a value (an event, a map entry) by its BTF type.
 *
 * Text: "pid=42 comm=bash addr=0x7f00 st={a=1 b=2} arr=[1,2]"; JSON: the same
 * as an object. The value is untrusted bytes of a given size: every field is
 * checked to lie inside it (a field past the end prints as "?" / null), and
 * nesting is limited to BTF_MAX_DEPTH. The type is untrusted too: depth
 * alone does not bound the walk (a struct of 65535 members of a struct of
 * 65535 members...; an array of 2^32 elements), so every field, element and
 * enumerator visited costs a step and the walk stops after FORMAT_MAX_STEPS.
 */
#include <errno.h>
#include <string.h>
#include "btf/internal.h"

#include <stdarg.h>

#define FORMAT_MAX_STEPS (1u << 16)

struct out {
	char *buf;
	size_t len, pos;
	bool json;
	size_t steps;
	bool over;      /* FORMAT_MAX_STEPS spent: print nothing more */
};

static bool spend(struct out *o, size_t n)
{
	o->steps += n;
	if (o->steps > FORMAT_MAX_STEPS)
		o->over = true;
	return !o->over;
}

static void put(struct out *o, const char *s, size_t n)
{
	if (o->pos + 1 < o->len) {
		size_t room = o->len - o->pos - 1;
		memcpy(o->buf + o->pos, s, n < room ? n : room);
	}
	o->pos += n;
}

static void putf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static uint64_t load(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < size && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static int64_t sext(uint64_t v, uint32_t bits)
{
	if (bits == 0 || bits >= 64)
		return (int64_t)v;
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static void put_string(struct out *o, const uint8_t *p, uint32_t n)
{
	uint32_t i;

	if (o->json)
		put(o, "\"", 1);
	for (i = 0; i < n && p[i]; i++) {
		uint8_t c = p[i];

		if (o->json && (c == '"' || c == '\\'))
			putf(o, "\\%c", c);
		else if (!o->json && c == '\\')
			put(o, "\\\\", 2);
		else if (c >= 0x20 && c < 0x7f)
			put(o, (const char *)&c, 1);
		else if (o->json)
			putf(o, "\\u%04x", c);
		else
			putf(o, "\\x%02x", c);
	}
	if (o->json)
		put(o, "\"", 1);
}

static void put_null(struct out *o)
{
	if (o->json)
		put(o, "null", 4);
	else
		put(o, "?", 1);
}

static bool is_char(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type(btf, btf_skip_mods(btf, id));

	return t && btf_kind(t) == BTF_KIND_INT && t->size == 1 &&
	       (BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_CHAR ||
		strstr(btf_type_name(btf, btf_skip_mods(btf, id)), "char"));
}

/* An integer (or enum) field, possibly a bitfield: bits at bit_off inside
 * the bytes at p. */
static void put_int(struct out *o, const struct btf *btf, const struct btf_type *t,
		    const uint8_t *p, size_t avail, uint32_t bit_off, uint32_t bits)
{
	uint32_t enc = btf_kind(t) == BTF_KIND_INT ? *(const uint32_t *)(t + 1) : 0;
	bool is_signed = btf_kind(t) == BTF_KIND_INT ? (BTF_INT_ENCODING(enc) & BTF_INT_SIGNED) != 0
						   : btf_kflag(t);
	uint32_t i, size = t->size;
	uint64_t v;
	int64_t s;

	if (btf_kind(t) == BTF_KIND_INT) {
		bit_off += BTF_INT_OFFSET(enc);
		if (!bits && BTF_INT_BITS(enc) != size * 8)
			bits = BTF_INT_BITS(enc);
	}
	if (size > 8) {
		if (avail < size) {
			put_null(o);
			return;
		}
		/* 128-bit: hex, most significant byte first */
		put(o, o->json ? "\"0x" : "0x", o->json ? 3 : 2);
		for (i = size; i > 0; i--)
			putf(o, "%02x", p[i - 1]);
		if (o->json)
			put(o, "\"", 1);
		return;
	}
	if (bits) {
		uint32_t nbytes = (bit_off % 8 + bits + 7) / 8, skip = bit_off / 8;

		if (avail < (size_t)skip + nbytes || nbytes > 8 || bits > 64) {
			put_null(o);
			return;
		}
		p += skip;
		bit_off %= 8;
		v = load(p, nbytes) >> bit_off;
		if (bits < 64)
			v &= (UINT64_C(1) << bits) - 1;
	} else {
		if (avail < size) {
			put_null(o);
			return;
		}
		v = load(p, size);
		bits = size * 8;
	}
	s = is_signed ? sext(v, bits) : (int64_t)v;
	if ((btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64) &&
	    spend(o, btf_vlen(t))) {
		for (i = 0; i < btf_vlen(t); i++) {
			uint64_t ev;
			uint32_t name;

			if (btf_kind(t) == BTF_KIND_ENUM) {
				ev = (uint32_t)btf_enums(t)[i].val;
				name = btf_enums(t)[i].name_off;
				if ((uint32_t)v != ev)
					continue;
			} else {
				const struct btf_enum64 *e = (const struct btf_enum64 *)(t + 1) + i;
				ev = (uint64_t)e->val_hi32 << 32 | e->val_lo32;
				name = e->name_off;
				if (v != ev && (uint64_t)s != ev)
					continue;
			}
			put_string(o, (const uint8_t *)btf_str(btf, name), UINT32_MAX);
			return;
		}
	}
	if (BTF_INT_ENCODING(enc) & BTF_INT_BOOL)
		put(o, v ? "true" : "false", v ? 4 : 5);
	else if (is_signed)
		putf(o, "%lld", (long long)s);
	else
		putf(o, "%llu", (unsigned long long)v);
}

static void put_value(struct out *o, const struct btf *btf, uint32_t id,
		      const uint8_t *p, size_t avail, int depth, bool top);

static void put_members(struct out *o, const struct btf *btf, const struct btf_type *t,
			const uint8_t *p, size_t avail, int depth, bool *first)
{
	uint32_t i;

	for (i = 0; i < btf_vlen(t) && spend(o, 1); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf_str(btf, m->name_off);
		uint32_t bo = btf_member_bit_offset(t, i), bs = btf_member_bitfield_size(t, i);
		uint32_t mid = btf_skip_mods(btf, m->type);
		const struct btf_type *mt = btf_type(btf, mid);
		size_t byte = bo / 8;

		/* Anonymous struct/union members are spelled flat, as C does. */
		if (!*name && mt && (btf_kind(mt) == BTF_KIND_STRUCT || btf_kind(mt) == BTF_KIND_UNION)) {
			if (byte <= avail && depth < BTF_MAX_DEPTH)
				put_members(o, btf, mt, p + byte, avail - byte, depth + 1, first);
			continue;
		}
		if (!*first)
			put(o, o->json ? "," : " ", 1);
		*first = false;
		if (o->json) {
			put_string(o, (const uint8_t *)name, UINT32_MAX);
			put(o, ":", 1);
		} else {
			put(o, name, strlen(name));
			put(o, "=", 1);
		}
		if (byte > avail) {
			put_null(o);
		} else if (bs || (bo % 8)) {
			if (mt && (btf_kind(mt) == BTF_KIND_INT || btf_kind(mt) == BTF_KIND_ENUM ||
				   btf_kind(mt) == BTF_KIND_ENUM64))
				put_int(o, btf, mt, p + byte, avail - byte, bo % 8, bs);
			else
				put_null(o);
		} else {
			put_value(o, btf, m->type, p + byte, avail - byte, depth + 1, false);
		}
	}
}

static void put_value(struct out *o, const struct btf *btf, uint32_t id,
		      const uint8_t *p, size_t avail, int depth, bool top)
{
	const struct btf_type *t;
	int64_t size;

	id = btf_skip_mods(btf, id);
	t = btf_type(btf, id);
	size = btf_type_size(btf, id);
	if (!t || depth > BTF_MAX_DEPTH || size < 0) {
		put_null(o);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		put_int(o, btf, t, p, avail, 0, 0);
		return;
	case BTF_KIND_PTR:
		if (avail < 8)
			put_null(o);
		else
			putf(o, o->json ? "\"0x%llx\"" : "0x%llx", (unsigned long long)load(p, 8));
		return;
	case BTF_KIND_FLOAT:
		if ((size_t)size > avail) {
			put_null(o);
		} else if (size == 4) {
			float f;
			memcpy(&f, p, 4);
			putf(o, "%g", f);
		} else if (size == 8) {
			double d;
			memcpy(&d, p, 8);
			putf(o, "%g", d);
		} else {
			put_null(o);
		}
		return;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(t);
		int64_t esz = btf_type_size(btf, a->type);
		uint32_t i;

		if (is_char(btf, a->type)) {
			put_string(o, p, a->nelems < avail ? a->nelems : avail);
			return;
		}
		put(o, "[", 1);
		for (i = 0; i < a->nelems && esz > 0 && spend(o, 1); i++) {
			size_t at = (size_t)esz * i;

			if (i)
				put(o, ",", 1);
			if (at >= avail) {
				put_null(o);
				continue;
			}
			put_value(o, btf, a->type, p + at, avail - at, depth + 1, false);
		}
		put(o, "]", 1);
		return;
	}
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: {
		bool first = true;

		if (!top || o->json)
			put(o, "{", 1);
		put_members(o, btf, t, p, avail, depth, &first);
		if (!top || o->json)
			put(o, "}", 1);
		return;
	}
	default:
		put_null(o);
	}
}

int btf_format(const struct btf *btf, uint32_t id, const void *data, size_t size,
	       bool json, char *buf, size_t len)
{
	struct out o = { buf, len, 0, json, 0, false };

	if (!btf_type(btf, id))
		return -EINVAL;
	put_value(&o, btf, id, data, size, 0, true);
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return o.over || o.pos > INT32_MAX ? -E2BIG : (int)o.pos;
}
