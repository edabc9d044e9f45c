/* btf/names.c — find types by name.
 *
 * A kernel's BTF has ~10^5 types, most of them functions and prototypes; a
 * load asks for a handful of names, nearly all of one or two kinds (structs
 * for CO-RE, a typedef or a function for BTF-attached programs). So there is
 * one index per kind, built on the first lookup of that kind: one pass over
 * the types that skips the other kinds without reading their names, and
 * hashes each name of the kind where it lies in the string section (no
 * copies). The key is the essential name ("task_struct___old" hashes as
 * "task_struct"), so the same index answers btf_find()'s exact names and
 * CO-RE's candidates. A struct btf kept for the process (the kernel's,
 * loader/load/kbtf.c) builds each index once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "btf/internal.h"
#include "btf/core.h"

size_t btf_core_essential_len(const char *name)
{
	const char *p = strstr(name, "___");

	return p ? (size_t)(p - name) : strlen(name);
}

bool btf_essential_eq(const char *a, const char *b)
{
	size_t la = btf_core_essential_len(a), lb = btf_core_essential_len(b);

	return la == lb && !strncmp(a, b, la);
}

/* FNV-1a of the essential name: the characters before the first "___". */
static uint32_t essential_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s && !(s[0] == '_' && s[1] == '_' && s[2] == '_'); s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

void btf_names_drop(struct btf *btf)
{
	for (int k = 0; k < 32; k++) {
		free(btf->names[k]);
		btf->names[k] = NULL;
		btf->names_cap[k] = 0;
	}
}

/* Index every named type of the kinds in want (none of which has an index
 * yet), in one pass; ids go in ascending order, so along a probe chain the
 * types of one name come lowest id first. */
static int build(struct btf *btf, uint32_t want)
{
	uint32_t id, k;

	for (k = 0; k < 32; k++) {
		uint32_t cap = 16;

		if (!(want & (1u << k)))
			continue;
		while (cap < btf->kind_count[k] * 2u && cap < (1u << 30))
			cap <<= 1;
		if (!(btf->names[k] = calloc(cap, sizeof(uint32_t)))) {
			btf_names_drop(btf);
			return -ENOMEM;
		}
		btf->names_cap[k] = cap;
	}
	for (id = 1; id < btf->n; id++) {
		const struct btf_type *t = (const struct btf_type *)(btf->types + btf->off[id]);
		uint32_t *slots, mask, h;

		k = btf_kind(t);
		if (!(want & (1u << k)) || !btf->strs[t->name_off])
			continue;
		slots = btf->names[k];
		mask = btf->names_cap[k] - 1;
		h = essential_hash(btf->strs + t->name_off) & mask;
		while (slots[h])
			h = (h + 1) & mask;
		slots[h] = id;
	}
	return 0;
}

/* The index of every kind in kinds exists, or -ENOMEM. The index is a
 * cache: building it does not change what the btf says. */
static int ensure(const struct btf *cbtf, uint32_t kinds)
{
	struct btf *btf = (struct btf *)cbtf;
	uint32_t want = 0;
	int ret = 0;

	pthread_mutex_lock(&btf->names_lock);
	for (int k = 0; k < 32; k++)
		if ((kinds & (1u << k)) && !btf->names[k])
			want |= 1u << k;
	if (want)
		ret = build(btf, want);
	pthread_mutex_unlock(&btf->names_lock);
	return ret;
}

int64_t btf_find(const struct btf *btf, const char *name, int kind)
{
	uint32_t slot, mask, best = 0;
	const uint32_t *slots;

	if (kind < 0 || kind >= 32 || !*name)
		return -ENOENT;
	if (ensure(btf, 1u << kind))
		return -ENOMEM;
	slots = btf->names[kind];
	mask = btf->names_cap[kind] - 1;
	for (slot = essential_hash(name) & mask; slots[slot]; slot = (slot + 1) & mask) {
		uint32_t id = slots[slot];

		if (!strcmp(btf_type_name(btf, id), name) && (!best || id < best))
			best = id;
	}
	return best ? (int64_t)best : -ENOENT;
}

static int cmp_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Append id to *ids (length *n); 0 or -ENOMEM. Grows by doubling. */
static int push(uint32_t **ids, uint32_t *n, uint32_t id)
{
	if ((*n & (*n - 1)) == 0) {
		uint32_t *p = realloc(*ids, (*n ? *n * 2 : 1) * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*ids = p;
	}
	(*ids)[(*n)++] = id;
	return 0;
}

int btf_find_essential(const struct btf *btf, const char *name, uint32_t kinds,
		       uint32_t **ids, uint32_t *n)
{
	uint32_t h = essential_hash(name);
	int ret;

	*ids = NULL;
	*n = 0;
	if ((ret = ensure(btf, kinds)))
		return ret;
	for (int k = 0; k < 32; k++) {
		const uint32_t *slots = btf->names[k];
		uint32_t mask = btf->names_cap[k] - 1, slot;

		if (!(kinds & (1u << k)))
			continue;
		for (slot = h & mask; slots[slot]; slot = (slot + 1) & mask)
			if (btf_essential_eq(btf_type_name(btf, slots[slot]), name) &&
			    (ret = push(ids, n, slots[slot]))) {
				free(*ids);
				*ids = NULL;
				*n = 0;
				return ret;
			}
	}
	qsort(*ids, *n, sizeof(**ids), cmp_id);
	return 0;
}
