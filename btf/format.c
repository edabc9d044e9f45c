/* btf/format.c — print a value (an event, a map entry) by its BTF type.
 *
 * Text: "pid=42 comm=bash addr=0x7f00 st={a=1 b=2} arr=[1,2]"; JSON: the same
 * as an object. The value is untrusted bytes of a given size: every field is
 * checked to lie inside it (a field past the end prints as "?" / null), and
 * nesting is limited to BTF_MAX_DEPTH. The type is untrusted too: depth
 * alone does not bound the walk (a struct of 65535 members of a struct of
 * 65535 members...; an array of 2^32 elements), so every field, element and
 * enumerator visited costs a step and the walk stops after FORMAT_MAX_STEPS.
 *
 * Two phases, so that a stream of events of one type pays for the type walk
 * once: btf_fmt_prepare() walks the type for values of one size and writes a
 * plan, a list of ops — fixed text (names, separators, braces, the "?" of a
 * field past the end) and the fields to read (offset, width, signedness,
 * bitfield, enum, string length). btf_fmt_run() executes it on a value's
 * bytes. Everything that depends only on the type and the size is decided
 * when preparing; only the field values are read when running.
 *
 * Each op is the fixed text before a value and the value ("seq=" and a
 * u64), so a struct of N fields is N ops. The plan knows the longest text
 * it can print (max_out): given that much room (and FMT_SLACK more), the
 * run writes without checking room at each step, copies short texts as
 * 16-byte blocks and prints whole-byte integers straight from the record
 * (run_fast); with less, every write is checked (put).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "btf/internal.h"
#include "btf/format.h"
#include "common/num.h"

#include <stdarg.h>

#define FORMAT_MAX_STEPS (1u << 16)
#define FMT_SLACK 16    /* a short text is copied as a block of this many */

enum op_kind {
	OP_TEXT,        /* only the text before */
	OP_INT,         /* an integer, enum or bool of nbytes at off */
	OP_HEX,         /* a 128-bit integer of len bytes at off, in hex */
	OP_PTR,         /* 8 bytes at off, in hex */
	OP_F32, OP_F64, /* a float or double at off */
	OP_STR,         /* a char array of at most len bytes at off */
};

struct op {
	uint8_t kind;
	uint8_t nbytes;         /* OP_INT: bytes loaded (1..8) */
	uint8_t shift;          /* OP_INT: bits shifted out after the load */
	uint8_t bits;           /* OP_INT: value width (1..64) */
	bool is_signed, is_bool;
	bool plain;             /* OP_INT: 1, 2, 4 or 8 whole bytes, no enum or bool */
	uint32_t pre, plen;     /* the text before the value: text[pre, pre + plen) */
	uint32_t off, len;
	const struct btf_type *enum_t;  /* OP_INT of an enum: its names */
};

struct btf_fmt {
	const struct btf *btf;
	bool json;
	size_t size;            /* the value size it was prepared for */
	size_t steps;
	size_t max_out;         /* the longest text a run can print */
	bool over;              /* FORMAT_MAX_STEPS spent: -E2BIG */
	bool nomem;
	struct op *ops;
	size_t nops, cap;
	char *text;
	size_t tlen, tcap;
};

struct out {
	char *buf;
	size_t len, pos;
};

static bool spend(struct btf_fmt *f, size_t n)
{
	f->steps += n;
	if (f->steps > FORMAT_MAX_STEPS)
		f->over = true;
	return !f->over;
}

/* An op; a value takes over the text op before it as its own text. */
static struct op *emit(struct btf_fmt *f, enum op_kind kind, uint32_t off)
{
	struct op *last = f->nops ? &f->ops[f->nops - 1] : NULL;
	uint32_t pre = 0, plen = 0;

	if (kind != OP_TEXT && last && last->kind == OP_TEXT) {
		pre = last->pre;
		plen = last->plen;
		f->nops--;
	} else if (f->nops == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 16;
		struct op *ops = realloc(f->ops, cap * sizeof(*ops));

		if (!ops) {
			f->nomem = true;
			return NULL;
		}
		f->ops = ops;
		f->cap = cap;
	}
	memset(&f->ops[f->nops], 0, sizeof(f->ops[0]));
	f->ops[f->nops].kind = kind;
	f->ops[f->nops].off = off;
	f->ops[f->nops].pre = pre;
	f->ops[f->nops].plen = plen;
	return &f->ops[f->nops++];
}

/* Fixed text; runs of it are merged into one op. */
static void text(struct btf_fmt *f, const char *s, size_t n)
{
	struct op *last = f->nops ? &f->ops[f->nops - 1] : NULL;

	if (!n)
		return;  /* nothing to add (and f->text may still be NULL) */
	if (f->tlen + n > f->tcap) {
		size_t cap = f->tcap ? f->tcap : 64;
		char *t;

		while (cap < f->tlen + n)
			cap *= 2;
		if (!(t = realloc(f->text, cap))) {
			f->nomem = true;
			return;
		}
		f->text = t;
		f->tcap = cap;
	}
	memcpy(f->text + f->tlen, s, n);
	if (last && last->kind == OP_TEXT && last->pre + last->plen == f->tlen) {
		last->plen += n;
	} else if ((last = emit(f, OP_TEXT, 0))) {
		last->pre = f->tlen;
		last->plen = n;
	}
	f->tlen += n;
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

/* Decimal without printf: the per-event cost is mostly this. */
static void put_u64(struct out *o, uint64_t v, bool neg)
{
	char tmp[1 + NUM_U64_MAX];

	tmp[0] = '-';
	put(o, tmp + !neg, !!neg + num_put_u64(tmp + 1, v));
}

static uint64_t load(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;

	if (size == 8) {
		memcpy(&v, p, 8);       /* little-endian host, as BTF's values */
		return v;
	}
	for (uint32_t i = 0; i < size && i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static int64_t sext(uint64_t v, uint32_t bits)
{
	if (bits == 0 || bits >= 64)
		return (int64_t)v;
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static void put_string(struct out *o, bool json, const uint8_t *p, uint32_t n)
{
	uint32_t i, run = 0;

	if (json)
		put(o, "\"", 1);
	for (i = 0; i < n && p[i]; i++) {
		uint8_t c = p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && !(json && c == '"')) {
			run++;          /* plain bytes go out in one put() */
			continue;
		}
		put(o, (const char *)p + i - run, run);
		run = 0;
		if (json && (c == '"' || c == '\\'))
			putf(o, "\\%c", c);
		else if (!json && c == '\\')
			put(o, "\\\\", 2);
		else if (json)
			putf(o, "\\u%04x", c);
		else
			putf(o, "\\x%02x", c);
	}
	put(o, (const char *)p + i - run, run);
	if (json)
		put(o, "\"", 1);
}

/* A string known when preparing (a field name): escaped into the text. */
static void text_string(struct btf_fmt *f, const char *s)
{
	char tmp[256];
	struct out o = { tmp, sizeof(tmp), 0 };

	put_string(&o, f->json, (const uint8_t *)s, UINT32_MAX);
	if (o.pos >= sizeof(tmp)) {     /* a long name: once more, in a buffer its size */
		o.len = o.pos + 1;
		o.pos = 0;
		if (!(o.buf = malloc(o.len))) {
			f->nomem = true;
			return;
		}
		put_string(&o, f->json, (const uint8_t *)s, UINT32_MAX);
	}
	text(f, o.buf, o.pos);
	if (o.buf != tmp)
		free(o.buf);
}

static void text_null(struct btf_fmt *f)
{
	if (f->json)
		text(f, "null", 4);
	else
		text(f, "?", 1);
}

static bool is_char(const struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type(btf, btf_skip_mods(btf, id));

	return t && btf_kind(t) == BTF_KIND_INT && t->size == 1 &&
	       (BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_CHAR ||
		strstr(btf_type_name(btf, btf_skip_mods(btf, id)), "char"));
}

/* An integer (or enum) field, possibly a bitfield: bits at bit_off inside
 * the avail bytes at byte offset at. */
static void prep_int(struct btf_fmt *f, const struct btf_type *t, size_t at, size_t avail,
		     uint32_t bit_off, uint32_t bits)
{
	uint32_t enc = btf_kind(t) == BTF_KIND_INT ? *(const uint32_t *)(t + 1) : 0;
	bool is_signed = btf_kind(t) == BTF_KIND_INT ? (BTF_INT_ENCODING(enc) & BTF_INT_SIGNED) != 0
						   : btf_kflag(t);
	uint32_t size = t->size, nbytes = size;
	struct op *op;

	if (btf_kind(t) == BTF_KIND_INT) {
		bit_off += BTF_INT_OFFSET(enc);
		if (!bits && BTF_INT_BITS(enc) != size * 8)
			bits = BTF_INT_BITS(enc);
	}
	if (size > 8) {
		if (avail < size)
			text_null(f);
		else if ((op = emit(f, OP_HEX, at)))
			op->len = size;
		return;
	}
	if (bits) {
		nbytes = (bit_off % 8 + bits + 7) / 8;
		at += bit_off / 8;
		if (avail < (size_t)(bit_off / 8) + nbytes || nbytes > 8 || bits > 64) {
			text_null(f);
			return;
		}
		bit_off %= 8;
	} else {
		if (avail < size) {
			text_null(f);
			return;
		}
		bits = size * 8;
		bit_off = 0;
	}
	if (!(op = emit(f, OP_INT, at)))
		return;
	op->nbytes = nbytes;
	op->shift = bit_off;
	op->bits = bits;
	op->is_signed = is_signed;
	op->is_bool = (BTF_INT_ENCODING(enc) & BTF_INT_BOOL) != 0;
	if ((btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64) && spend(f, btf_vlen(t)))
		op->enum_t = t;
	op->plain = !op->enum_t && !op->is_bool && !bit_off && bits == nbytes * 8 &&
		    (nbytes == 1 || nbytes == 2 || nbytes == 4 || nbytes == 8);
}

static void prep_value(struct btf_fmt *f, uint32_t id, size_t at, size_t avail, int depth, bool top);

/* The name and separator in front of a member's value. */
static void member_name(struct btf_fmt *f, const char *name, bool *first)
{
	if (!*first)
		text(f, f->json ? "," : " ", 1);
	*first = false;
	if (f->json) {
		text_string(f, name);
		text(f, ":", 1);
	} else {
		text(f, name, strlen(name));
		text(f, "=", 1);
	}
}

static void prep_members(struct btf_fmt *f, const struct btf_type *t, size_t at, size_t avail,
			 int depth, bool *first)
{
	const struct btf *btf = f->btf;
	uint32_t i;

	for (i = 0; i < btf_vlen(t) && spend(f, 1); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf_str(btf, m->name_off);
		uint32_t bo = btf_member_bit_offset(t, i), bs = btf_member_bitfield_size(t, i);
		const struct btf_type *mt = btf_type(btf, btf_skip_mods(btf, m->type));
		size_t byte = bo / 8;

		/* Anonymous struct/union members are spelled flat, as C does. */
		if (!*name && mt && (btf_kind(mt) == BTF_KIND_STRUCT || btf_kind(mt) == BTF_KIND_UNION)) {
			if (byte <= avail && depth < BTF_MAX_DEPTH)
				prep_members(f, mt, at + byte, avail - byte, depth + 1, first);
			continue;
		}
		member_name(f, name, first);
		if (byte > avail) {
			text_null(f);
		} else if (bs || (bo % 8)) {
			if (mt && (btf_kind(mt) == BTF_KIND_INT || btf_kind(mt) == BTF_KIND_ENUM ||
				   btf_kind(mt) == BTF_KIND_ENUM64))
				prep_int(f, mt, at + byte, avail - byte, bo % 8, bs);
			else
				text_null(f);
		} else {
			prep_value(f, m->type, at + byte, avail - byte, depth + 1, false);
		}
	}
}

static void prep_array(struct btf_fmt *f, const struct btf_type *t, size_t at, size_t avail,
		       int depth)
{
	const struct btf_array *a = btf_array(t);
	int64_t esz = btf_type_size(f->btf, a->type);
	struct op *op;
	uint32_t i;

	if (is_char(f->btf, a->type)) {
		if ((op = emit(f, OP_STR, at)))
			op->len = a->nelems < avail ? a->nelems : avail;
		return;
	}
	text(f, "[", 1);
	for (i = 0; i < a->nelems && esz > 0 && spend(f, 1); i++) {
		size_t off = (size_t)esz * i;

		if (i)
			text(f, ",", 1);
		if (off >= avail) {
			text_null(f);
			continue;
		}
		prep_value(f, a->type, at + off, avail - off, depth + 1, false);
	}
	text(f, "]", 1);
}

static void prep_value(struct btf_fmt *f, uint32_t id, size_t at, size_t avail, int depth, bool top)
{
	const struct btf_type *t;
	int64_t size;
	bool first = true;

	id = btf_skip_mods(f->btf, id);
	t = btf_type(f->btf, id);
	size = btf_type_size(f->btf, id);
	if (!t || depth > BTF_MAX_DEPTH || size < 0) {
		text_null(f);
		return;
	}
	switch (btf_kind(t)) {
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		prep_int(f, t, at, avail, 0, 0);
		return;
	case BTF_KIND_PTR:
		if (avail < 8)
			text_null(f);
		else
			emit(f, OP_PTR, at);
		return;
	case BTF_KIND_FLOAT:
		if ((size_t)size > avail || (size != 4 && size != 8))
			text_null(f);
		else
			emit(f, size == 4 ? OP_F32 : OP_F64, at);
		return;
	case BTF_KIND_ARRAY:
		prep_array(f, t, at, avail, depth);
		return;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		if (!top || f->json)
			text(f, "{", 1);
		prep_members(f, t, at, avail, depth, &first);
		if (!top || f->json)
			text(f, "}", 1);
		return;
	default:
		text_null(f);
	}
}

/* The longest text an enum's names print as: each byte escaped, quoted. */
static size_t enum_bound(const struct btf *btf, const struct btf_type *t)
{
	size_t most = 0;

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint32_t name = btf_kind(t) == BTF_KIND_ENUM ? btf_enums(t)[i].name_off
				: ((const struct btf_enum64 *)(t + 1))[i].name_off;
		size_t n = strlen(btf_str(btf, name));

		most = n > most ? n : most;
	}
	return 6 * most + 2;
}

/* The longest text op can print: "\u00XX" is the longest escape of a byte. */
static size_t op_bound(const struct btf_fmt *f, const struct op *op)
{
	size_t n = op->plen;

	switch (op->kind) {
	case OP_INT:
		return n + 1 + NUM_U64_MAX + (op->enum_t ? enum_bound(f->btf, op->enum_t) : 0);
	case OP_HEX:
		return n + 4 + 2 * (size_t)op->len;
	case OP_PTR:
		return n + 4 + NUM_U64_MAX;
	case OP_F32: case OP_F64:
		return n + 64;  /* putf's limit */
	case OP_STR:
		return n + 2 + 6 * (size_t)op->len;
	}
	return n;
}

/* The plan's last touches: its longest text, and FMT_SLACK readable bytes
 * after the text for run_fast's block copies. */
static void finish(struct btf_fmt *f)
{
	char *t = realloc(f->text, f->tlen + FMT_SLACK);

	if (!t) {
		f->nomem = true;
		return;
	}
	memset(t + f->tlen, 0, FMT_SLACK);
	f->text = t;
	for (size_t i = 0; i < f->nops; i++)
		f->max_out += op_bound(f, &f->ops[i]);
}

int btf_fmt_prepare(const struct btf *btf, uint32_t id, size_t size, bool json,
		    struct btf_fmt **out)
{
	struct btf_fmt *f;

	*out = NULL;
	if (!btf_type(btf, id))
		return -EINVAL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->btf = btf;
	f->json = json;
	f->size = size;
	prep_value(f, id, 0, size, 0, true);
	finish(f);
	if (f->nomem) {
		btf_fmt_free(f);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

size_t btf_fmt_size(const struct btf_fmt *f)
{
	return f->size;
}

size_t btf_fmt_max(const struct btf_fmt *f)
{
	return f->max_out + FMT_SLACK + 1;
}

void btf_fmt_free(struct btf_fmt *f)
{
	if (!f)
		return;
	free(f->ops);
	free(f->text);
	free(f);
}

/* The enumerator named v (an ENUM compares the low 32 bits, an ENUM64 the
 * value or its sign extension), or NULL. */
static const char *enum_name(const struct btf *btf, const struct btf_type *t, uint64_t v, int64_t s)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		if (btf_kind(t) == BTF_KIND_ENUM) {
			if ((uint32_t)v == (uint32_t)btf_enums(t)[i].val)
				return btf_str(btf, btf_enums(t)[i].name_off);
		} else {
			const struct btf_enum64 *e = (const struct btf_enum64 *)(t + 1) + i;
			uint64_t ev = (uint64_t)e->val_hi32 << 32 | e->val_lo32;

			if (v == ev || (uint64_t)s == ev)
				return btf_str(btf, e->name_off);
		}
	}
	return NULL;
}

static void run_int(const struct btf_fmt *f, const struct op *op, const uint8_t *p, struct out *o)
{
	uint64_t v = load(p + op->off, op->nbytes) >> op->shift;
	int64_t s;
	const char *name;

	if (op->bits < 64)
		v &= (UINT64_C(1) << op->bits) - 1;
	s = op->is_signed ? sext(v, op->bits) : (int64_t)v;
	if (op->enum_t && (name = enum_name(f->btf, op->enum_t, v, s))) {
		put_string(o, f->json, (const uint8_t *)name, UINT32_MAX);
		return;
	}
	if (op->is_bool)
		put(o, v ? "true" : "false", v ? 4 : 5);
	else if (op->is_signed)
		put_u64(o, s < 0 ? -(uint64_t)s : (uint64_t)s, s < 0);
	else
		put_u64(o, v, false);
}

/* 0x and the hex digits of n bytes at p, most significant (the last) first. */
static void put_hex(struct out *o, bool json, const uint8_t *p, uint32_t n)
{
	static const char digits[] = "0123456789abcdef";

	put(o, json ? "\"0x" : "0x", json ? 3 : 2);
	for (uint32_t i = n; i > 0; i--) {
		char two[2] = { digits[p[i - 1] >> 4], digits[p[i - 1] & 15] };

		put(o, two, 2);
	}
	if (json)
		put(o, "\"", 1);
}

/* A pointer: "0x%llx", quoted in JSON. */
static void put_ptr(struct out *o, bool json, uint64_t v)
{
	char tmp[4 + NUM_U64_MAX] = "\"0x";
	size_t n = 3 + num_put_hex(tmp + 3, v);

	if (json)
		tmp[n++] = '"';
	put(o, tmp + !json, n - !json);
}

/* The op's value (its text before is the caller's). */
static void run_value(const struct btf_fmt *f, const struct op *op, const uint8_t *p, struct out *o)
{
	float fl;
	double d;

	switch (op->kind) {
	case OP_TEXT:
		return;
	case OP_INT:
		run_int(f, op, p, o);
		return;
	case OP_HEX:
		/* 128-bit: hex, most significant byte first */
		put_hex(o, f->json, p + op->off, op->len);
		return;
	case OP_PTR:
		put_ptr(o, f->json, load(p + op->off, 8));
		return;
	case OP_F32:
		memcpy(&fl, p + op->off, 4);
		putf(o, "%g", fl);
		return;
	case OP_F64:
		memcpy(&d, p + op->off, 8);
		putf(o, "%g", d);
		return;
	case OP_STR:
		put_string(o, f->json, p + op->off, op->len);
		return;
	}
}

/* A plain integer (op->plain) at d, read as the whole bytes it is. */
static size_t put_plain(char *d, const struct op *op, const uint8_t *p)
{
	uint64_t v;
	int64_t s;

	switch (op->nbytes) {
	case 1:
		v = p[op->off];
		s = (int8_t)v;
		break;
	case 2: {
		uint16_t x;

		memcpy(&x, p + op->off, 2);
		v = x;
		s = (int16_t)x;
		break;
	}
	case 4: {
		uint32_t x;

		memcpy(&x, p + op->off, 4);
		v = x;
		s = (int32_t)x;
		break;
	}
	default:
		memcpy(&v, p + op->off, 8);
		s = (int64_t)v;
	}
	if (!op->is_signed || s >= 0)
		return num_put_u64(d, op->is_signed ? (uint64_t)s : v);
	*d = '-';
	return 1 + num_put_u64(d + 1, -(uint64_t)s);
}

/* With room for max_out + FMT_SLACK bytes: no write can run past buf. */
static size_t run_fast(const struct btf_fmt *f, const uint8_t *p, char *buf, size_t len)
{
	char *d = buf;

	for (size_t i = 0; i < f->nops; i++) {
		const struct op *op = &f->ops[i];

		if (op->plen <= FMT_SLACK)
			memcpy(d, f->text + op->pre, FMT_SLACK);
		else
			memcpy(d, f->text + op->pre, op->plen);
		d += op->plen;
		if (op->plain) {
			d += put_plain(d, op, p);
		} else if (op->kind != OP_TEXT) {
			struct out o = { d, len - (size_t)(d - buf), 0 };

			run_value(f, op, p, &o);
			d += o.pos;
		}
	}
	return (size_t)(d - buf);
}

int btf_fmt_run(const struct btf_fmt *f, const void *data, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (!f->over && len >= btf_fmt_max(f)) {
		o.pos = run_fast(f, data, buf, len);
	} else {
		for (size_t i = 0; i < f->nops; i++) {
			put(&o, f->text + f->ops[i].pre, f->ops[i].plen);
			run_value(f, &f->ops[i], data, &o);
		}
	}
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return f->over || o.pos > INT32_MAX ? -E2BIG : (int)o.pos;
}

int btf_format(const struct btf *btf, uint32_t id, const void *data, size_t size,
	       bool json, char *buf, size_t len)
{
	struct btf_fmt *f;
	int ret = btf_fmt_prepare(btf, id, size, json, &f);

	if (ret)
		return ret;
	ret = btf_fmt_run(f, data, buf, len);
	btf_fmt_free(f);
	return ret;
}
