/* btf/names.c — find types by name.
 *
 * A kernel's BTF has ~10^5 types, most of them functions and prototypes; a
 * load asks for a handful of names, nearly all of one or two kinds (structs
 * for CO-RE, a typedef or a function for BTF-attached programs). So a
 * kind's first lookups scan the types of that kind (kinds[] says which,
 * without reading the others), and after a few (SCAN_PER_TYPES) the kind
 * gets an index: one pass that hashes each name of the kind where it lies in
 * the string section (no copies). The key is the essential name
 * ("task_struct___old" hashes as "task_struct"), so the same index answers
 * btf_find()'s exact names and CO-RE's candidates; CO-RE's answers are also
 * kept by name (the memo), since a load asks for task_struct again and
 * again. A struct btf kept for the process (the kernel's, loader/load/
 * kbtf.c) builds each index, and finds each CO-RE name, once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "btf/internal.h"
#include "btf/core.h"
#include "common/util.h"

/* A kind's first lookups scan its types (those of other kinds are passed
 * over, names compared only when the first character agrees), one lookup
 * per SCAN_PER_TYPES types of the kind; the next builds its index. A scan
 * of the kernel's BTF costs what indexing 3000 to 4500 of its names does
 * (0.3 ms, against 4 ms for the 56k functions), so a load that asks for a
 * few names never pays for an index it does not need, and a program that
 * asks for many pays about 1.5 times what the index alone would have cost. */
#define SCAN_PER_TYPES 8192
/* Answers of btf_find_essential() kept, by essential name and kinds. */
#define NAMES_MEMO 64

struct btf_names_memo {
	char *name;             /* the essential name, copied */
	uint32_t kinds, n;
	uint32_t *ids;
};

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
		btf->names_scans[k] = 0;
	}
	for (uint32_t i = 0; i < btf->nmemo; i++) {
		free(btf->memo[i].name);
		free(btf->memo[i].ids);
	}
	free(btf->memo);
	btf->memo = NULL;
	btf->nmemo = 0;
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
		const struct btf_type *t;
		uint32_t *slots, mask, h;

		/* kinds[] first: the other kinds' records are not read */
		k = btf->kinds[id];
		if (!(want & (1u << k)))
			continue;
		t = (const struct btf_type *)(btf->types + btf->off[id]);
		if (!btf->strs[t->name_off])
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

/* Count a lookup of the kinds in kinds and build the index of each that
 * has had its share of scans (SCAN_PER_TYPES); *indexed: the kinds of kinds
 * that have an index (the others are to be scanned). 0 or -ENOMEM. The
 * index is a cache: building it does not change what the btf says. */
static int ensure(const struct btf *cbtf, uint32_t kinds, uint32_t *indexed)
{
	struct btf *btf = (struct btf *)cbtf;
	uint32_t want = 0;
	int ret = 0;

	util_lock(&btf->names_lock);
	for (int k = 0; k < 32; k++)
		if ((kinds & (1u << k)) && !btf->names[k] &&
		    btf->names_scans[k]++ >= btf->kind_count[k] / SCAN_PER_TYPES)
			want |= 1u << k;
	if (want)
		ret = build(btf, want);
	*indexed = 0;
	for (int k = 0; k < 32; k++)
		if ((kinds & (1u << k)) && btf->names[k])
			*indexed |= 1u << k;
	util_unlock(&btf->names_lock);
	return ret;
}

/* The name of id if it is of a kind in kinds and its first character is
 * c, else NULL: the scans' cheap test, before any string compare. */
static inline const char *scan_name(const struct btf *btf, uint32_t id, uint32_t kinds, char c)
{
	const struct btf_type *t;
	const char *s;

	if (!(kinds & (1u << btf->kinds[id])))
		return NULL;
	t = (const struct btf_type *)(btf->types + btf->off[id]);
	s = btf->strs + t->name_off;
	return *s == c ? s : NULL;
}

int64_t btf_find(const struct btf *btf, const char *name, int kind)
{
	uint32_t slot, mask, best = 0, indexed;
	const uint32_t *slots;

	if (kind < 0 || kind >= 32 || !*name)
		return -ENOENT;
	if (ensure(btf, 1u << kind, &indexed))
		return -ENOMEM;
	if (!indexed) {
		/* ids in order: the first one named so is the answer */
		for (uint32_t id = 1; id < btf->n; id++) {
			const char *s = scan_name(btf, id, 1u << kind, *name);

			if (s && !strcmp(s, name))
				return id;
		}
		return -ENOENT;
	}
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

/* btf_find_essential() for the kinds in kinds: the index's probe chains
 * (indexed) or one scan of the types. */
static int essential_ids(const struct btf *btf, const char *name, uint32_t kinds, bool indexed,
			 uint32_t **ids, uint32_t *n)
{
	uint32_t h = essential_hash(name), id;
	/* "___x" has an empty essential name: no first character to test */
	bool any = btf_core_essential_len(name) == 0;
	int ret = 0;

	for (id = 1; !indexed && id < btf->n && !ret; id++) {
		const char *s = any ? btf_type_name(btf, id) : scan_name(btf, id, kinds, *name);

		if (s && (!any || (kinds & (1u << btf_kind(btf_type(btf, id))))) &&
		    btf_essential_eq(s, name))
			ret = push(ids, n, id);
	}
	for (int k = 0; indexed && k < 32 && !ret; k++) {
		const uint32_t *slots = btf->names[k];
		uint32_t mask = btf->names_cap[k] - 1, slot;

		if (!(kinds & (1u << k)))
			continue;
		for (slot = h & mask; slots[slot] && !ret; slot = (slot + 1) & mask)
			if (btf_essential_eq(btf_type_name(btf, slots[slot]), name))
				ret = push(ids, n, slots[slot]);
	}
	return ret;
}

/* A copy of the n ids at src in *ids (NULL for none); 0 or -ENOMEM. */
static int copy_ids(uint32_t **ids, const uint32_t *src, uint32_t n)
{
	*ids = NULL;
	if (!n)
		return 0;
	if (!(*ids = malloc((size_t)n * sizeof(**ids))))
		return -ENOMEM;
	memcpy(*ids, src, (size_t)n * sizeof(**ids));
	return 0;
}

/* The kept answer for name's essential name and kinds, or NULL. Called
 * with names_lock held. */
static struct btf_names_memo *memo_find(const struct btf *btf, const char *name, uint32_t kinds)
{
	size_t len = btf_core_essential_len(name);

	for (uint32_t i = 0; i < btf->nmemo; i++)
		if (btf->memo[i].kinds == kinds && !strncmp(btf->memo[i].name, name, len) &&
		    !btf->memo[i].name[len])
			return &btf->memo[i];
	return NULL;
}

/* Keep an answer, while there is room; out of memory, nothing is kept. */
static void memo_add(struct btf *btf, const char *name, uint32_t kinds, const uint32_t *ids,
		     uint32_t n)
{
	struct btf_names_memo *m;

	if (btf->nmemo == NAMES_MEMO || memo_find(btf, name, kinds))
		return;
	if (!btf->memo && !(btf->memo = calloc(NAMES_MEMO, sizeof(*btf->memo))))
		return;
	m = &btf->memo[btf->nmemo];
	m->name = strndup(name, btf_core_essential_len(name));
	if (!m->name || copy_ids(&m->ids, ids, n)) {
		free(m->name);
		return;
	}
	m->kinds = kinds;
	m->n = n;
	btf->nmemo++;
}

/* Looked up afresh: from the indexes built, and by scanning the kinds that
 * have none. */
static int find_essential(const struct btf *btf, const char *name, uint32_t kinds,
			  uint32_t **ids, uint32_t *n)
{
	uint32_t indexed;
	int ret;

	ret = ensure(btf, kinds, &indexed);
	if (!ret && indexed)
		ret = essential_ids(btf, name, indexed, true, ids, n);
	if (!ret && (kinds & ~indexed))
		ret = essential_ids(btf, name, kinds & ~indexed, false, ids, n);
	if (ret)
		return ret;
	if (*n > 1)
		sort(*ids, *n, sizeof(**ids), cmp_id);
	return 0;
}

int btf_find_essential(const struct btf *cbtf, const char *name, uint32_t kinds,
		       uint32_t **ids, uint32_t *n)
{
	struct btf *btf = (struct btf *)cbtf;   /* the memo is a cache */
	struct btf_names_memo *m;
	int ret;

	*ids = NULL;
	*n = 0;
	util_lock(&btf->names_lock);
	m = memo_find(btf, name, kinds);
	ret = m ? copy_ids(ids, m->ids, m->n) : 1;
	if (m && !ret)
		*n = m->n;
	util_unlock(&btf->names_lock);
	if (ret <= 0)
		return ret;
	ret = find_essential(btf, name, kinds, ids, n);
	if (ret) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return ret;
	}
	util_lock(&btf->names_lock);
	memo_add(btf, name, kinds, *ids, *n);
	util_unlock(&btf->names_lock);
	return 0;
}
