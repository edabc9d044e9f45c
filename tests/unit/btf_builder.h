/* A tiny BTF writer for unit tests: types and strings appended in order,
 * ids handed out from 1. Header-only so each test binary gets its own copy. */
#ifndef RAWBPF_TEST_BTF_BUILDER_H
#define RAWBPF_TEST_BTF_BUILDER_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <linux/btf.h>

struct bb {
	uint8_t types[8192];
	uint32_t tlen;
	char strs[4096];
	uint32_t slen;
	uint32_t next_id;
	uint8_t blob[16384];
	uint32_t blen;
};

static inline void bb_init(struct bb *b)
{
	memset(b, 0, sizeof(*b));
	b->slen = 1;        /* string 0 is "" */
	b->next_id = 1;
}

static inline uint32_t bb_str(struct bb *b, const char *s)
{
	uint32_t off = b->slen;

	if (!s || !*s)
		return 0;
	memcpy(b->strs + off, s, strlen(s) + 1);
	b->slen += strlen(s) + 1;
	return off;
}

static inline void bb_u32(struct bb *b, uint32_t v)
{
	memcpy(b->types + b->tlen, &v, 4);
	b->tlen += 4;
}

/* A struct btf_type; returns its id. */
static inline uint32_t bb_type(struct bb *b, const char *name, uint32_t kind,
			       uint32_t vlen, uint32_t kflag, uint32_t size_or_type)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, kind << 24 | kflag << 31 | vlen);
	bb_u32(b, size_or_type);
	return b->next_id++;
}

static inline uint32_t bb_int(struct bb *b, const char *name, uint32_t size, uint32_t enc)
{
	uint32_t id = bb_type(b, name, BTF_KIND_INT, 0, 0, size);

	bb_u32(b, enc << 24 | size * 8);
	return id;
}

static inline uint32_t bb_ref(struct bb *b, uint32_t kind, const char *name, uint32_t type)
{
	return bb_type(b, name, kind, 0, 0, type);
}

static inline uint32_t bb_array(struct bb *b, uint32_t elem, uint32_t index, uint32_t n)
{
	uint32_t id = bb_type(b, NULL, BTF_KIND_ARRAY, 0, 0, 0);

	bb_u32(b, elem);
	bb_u32(b, index);
	bb_u32(b, n);
	return id;
}

/* struct/union header; follow with bb_member() vlen times. */
static inline uint32_t bb_struct(struct bb *b, const char *name, bool is_union,
				 uint32_t vlen, uint32_t size, bool kflag)
{
	return bb_type(b, name, is_union ? BTF_KIND_UNION : BTF_KIND_STRUCT, vlen, kflag, size);
}

static inline void bb_member(struct bb *b, const char *name, uint32_t type,
			     uint32_t bit_off, uint32_t bitfield)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, type);
	bb_u32(b, bitfield << 24 | bit_off);
}

static inline void bb_enumval(struct bb *b, const char *name, int32_t v)
{
	bb_u32(b, bb_str(b, name));
	bb_u32(b, (uint32_t)v);
}

/* The whole blob: header, types, strings. */
static inline const void *bb_blob(struct bb *b, size_t *len)
{
	struct btf_header h = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(h),
		.type_off = 0, .type_len = b->tlen, .str_off = b->tlen, .str_len = b->slen,
	};

	memcpy(b->blob, &h, sizeof(h));
	memcpy(b->blob + sizeof(h), b->types, b->tlen);
	memcpy(b->blob + sizeof(h) + b->tlen, b->strs, b->slen);
	b->blen = sizeof(h) + b->tlen + b->slen;
	*len = b->blen;
	return b->blob;
}

static inline struct btf_header *bb_hdr(struct bb *b)
{
	return (struct btf_header *)b->blob;
}

#endif
