/* btf/ private state shared by the files of this folder; not a contract. */
#ifndef RAWBPF_BTF_INTERNAL_H
#define RAWBPF_BTF_INTERNAL_H

#include <stdio.h>
#include "btf/btf.h"
#include "common/err.h"

struct btf {
	const uint8_t *data;   /* the caller's bytes, or copy after a fix-up */
	size_t len;
	uint32_t hdr_len;
	const uint8_t *types;  /* the type section; offsets in off[] are relative to it */
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	uint32_t *off;         /* off[id] for 1 <= id < n; off[0] unused (void) */
	uint32_t n;
	uint8_t *copy;         /* owned bytes after btf_fixup_datasec() changed something */
	size_t copy_len;
	/* Lazy name index for btf_find(): open addressing, ids, 0 = empty. */
	uint32_t *index;
	uint32_t index_cap;
};

/* Bytes of the records that follow a type of this kind; -1 if unknown kind. */
int64_t btf_trailer_size(const struct btf_type *t);

#endif
