/* btf/ private state shared by the files of this folder; not a contract. */
#ifndef RAWBPF_BTF_INTERNAL_H
#define RAWBPF_BTF_INTERNAL_H

#include <stdio.h>
#include "btf/btf.h"
#include "common/err.h"
#include "common/util.h"

struct btf {
	const uint8_t *data;   /* the caller's bytes, or copy after a fix-up */
	size_t len;
	uint32_t hdr_len;
	const uint8_t *types;  /* the type section; offsets in off[] are relative to it */
	uint32_t types_len;
	const char *strs;
	uint32_t strs_len;
	uint32_t *off;         /* off[id] for 1 <= id < n; off[0] unused (void) */
	uint8_t *kinds;        /* kinds[id]: id's kind, for names.c's passes */
	uint32_t n;
	uint8_t *copy;         /* owned bytes after btf_fixup_datasec() changed something */
	size_t copy_len;
	/* Types of each kind (BTF_KIND_* is 5 bits), counted by the parse. */
	uint32_t kind_count[32];
	/* Name index (names.c), one per kind, each built on the first lookup
	 * of its kind: open addressing on the hash of the essential name,
	 * ids, 0 = empty. names_lock guards building them. */
	uint32_t *names[32];
	uint32_t names_cap[32];
	uint32_t names_scans[32]; /* lookups of each kind answered by a scan */
	/* btf_find_essential()'s answers so far (a load asks for the same
	 * struct again and again), at most NAMES_MEMO of them */
	struct btf_names_memo *memo;
	uint32_t nmemo;
	util_lock_t names_lock;  /* common/util.h */
};

/* Bytes of the records that follow a type of this kind; -1 if unknown kind. */
int64_t btf_trailer_size(const struct btf_type *t);

/* btf.c: "struct ", "union " (a forward declaration by its kflag) or
 * "enum " before a tagged type's name; "" for other kinds and NULL. */
const char *btf_kind_word(const struct btf_type *t);

/* names.c: drop the name indexes (the types changed: fixup.c). */
void btf_names_drop(struct btf *btf);
/* Essential names ("task_struct___old" is "task_struct") equal. */
bool btf_essential_eq(const char *a, const char *b);
/* Every type of a kind in kinds (a mask of 1 << BTF_KIND_*) whose essential
 * name is name's, in ascending id order: a malloc'd array in *ids (NULL when
 * none), its length in *n. 0 or -ENOMEM. */
int btf_find_essential(const struct btf *btf, const char *name, uint32_t kinds,
		       uint32_t **ids, uint32_t *n);

/* core_rules.c: CO-RE's rules for "the same type" (btf/core.h), used by
 * core_resolve.c. */
static inline bool btf_is_composite(const struct btf_type *t)
{
	return t && (btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION);
}

static inline bool btf_is_enum(const struct btf_type *t)
{
	return t && (btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64);
}

/* Enumerator i of an enum or enum64: its name (NULL when out of the string
 * section) and its value (sign-extended for a signed 32-bit enum). */
const char *btf_enumerator_name(const struct btf *btf, const struct btf_type *t, uint32_t i);
uint64_t btf_enumerator_val(const struct btf_type *t, uint32_t i);
/* May a load of local field type lid read target field type tid? */
bool btf_core_fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid);
/* The same shape, for type relocations (names compared at the root only). */
bool btf_core_types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid);
/* TYPE_MATCHES: 1 match, 0 not, or <0 when the comparison went past its
 * bounds (-ELOOP, -E2BIG) or met a bad type id (-EINVAL); the error's words
 * from btf_core_match_strerror(). */
int btf_core_types_match(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid);
const char *btf_core_match_strerror(int err);

#endif
