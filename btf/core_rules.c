/* btf/core_rules.c — when two types are the same type for CO-RE (see
 * btf/core.h): the field rule a candidate's members must pass on the way to
 * the field, the shape rule of type relocations, and TYPE_MATCHES. Each
 * compares a type of the object's BTF with one of the kernel's; none
 * changes either.
 */
#include <errno.h>
#include <string.h>
#include "btf/internal.h"
#include "btf/core.h"

const char *btf_enumerator_name(const struct btf *btf, const struct btf_type *t, uint32_t i)
{
	return btf_str(btf, btf_kind(t) == BTF_KIND_ENUM ? btf_enums(t)[i].name_off
				: ((const struct btf_enum64 *)(t + 1))[i].name_off);
}

uint64_t btf_enumerator_val(const struct btf_type *t, uint32_t i)
{
	if (btf_kind(t) == BTF_KIND_ENUM)
		return btf_kflag(t) ? (uint64_t)(int64_t)btf_enums(t)[i].val
				    : (uint64_t)(uint32_t)btf_enums(t)[i].val;
	const struct btf_enum64 *e = (const struct btf_enum64 *)(t + 1) + i;
	return (uint64_t)e->val_hi32 << 32 | e->val_lo32;
}

/* Two types being compared by fields_compat() or types_compat(). */
struct pair {
	uint32_t lid, tid;
	const struct btf_type *l, *t;
};

/* The head both rules share: the depth bound, modifiers and typedefs
 * skipped, void only against void, enums of either width alike, and (for
 * fields) any struct or union against any other. 1 or 0 when that decides;
 * -1 when the kinds are equal and the caller's rules for the kind decide. */
static int compat_head(const struct btf *lb, const struct btf *tb, struct pair *p, int depth,
		       bool any_composite)
{
	if (depth > BTF_MAX_DEPTH)
		return 0;
	p->lid = btf_skip_mods(lb, p->lid);
	p->tid = btf_skip_mods(tb, p->tid);
	p->l = btf_type(lb, p->lid);
	p->t = btf_type(tb, p->tid);
	if (!p->l || !p->t)
		return !p->l && !p->t;
	if (any_composite && btf_is_composite(p->l) && btf_is_composite(p->t))
		return 1;
	if (btf_is_enum(p->l) && btf_is_enum(p->t))
		return 1;
	return btf_kind(p->l) == btf_kind(p->t) ? -1 : 0;
}

/* Field types: what a load of the local field may read from the target one. */
static bool fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb,
			  uint32_t tid, int depth)
{
	struct pair p = { .lid = lid, .tid = tid };
	int r = compat_head(lb, tb, &p, depth, true);

	if (r >= 0)
		return r;
	switch (btf_kind(p.l)) {
	case BTF_KIND_INT: case BTF_KIND_PTR: case BTF_KIND_FLOAT:
		return true;
	case BTF_KIND_FWD:
		return btf_essential_eq(btf_type_name(lb, p.lid), btf_type_name(tb, p.tid));
	case BTF_KIND_ARRAY:
		return fields_compat(lb, btf_array(p.l)->type, tb, btf_array(p.t)->type, depth + 1);
	default:
		return false;
	}
}

bool btf_core_fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	return fields_compat(lb, lid, tb, tid, 0);
}

/* Types for type relocations: same shape, names compared at the root only. */
static bool types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb,
			 uint32_t tid, int depth)
{
	struct pair p = { .lid = lid, .tid = tid };
	const struct btf_type *l, *t;
	int r = compat_head(lb, tb, &p, depth, false);

	if (r >= 0)
		return r;
	l = p.l;
	t = p.t;
	switch (btf_kind(l)) {
	case BTF_KIND_INT: case BTF_KIND_FLOAT: case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: case BTF_KIND_FWD:
		return true;
	case BTF_KIND_PTR:
		return types_compat(lb, l->type, tb, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return types_compat(lb, btf_array(l)->type, tb, btf_array(t)->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		if (btf_vlen(l) != btf_vlen(t))
			return false;
		for (uint32_t i = 0; i < btf_vlen(l); i++)
			if (!types_compat(lb, btf_params(l)[i].type, tb, btf_params(t)[i].type, depth + 1))
				return false;
		return types_compat(lb, l->type, tb, t->type, depth + 1);
	default:
		return false;
	}
}

bool btf_core_types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	return types_compat(lb, lid, tb, tid, 0);
}

/* TYPE_MATCHES (bpf_core_type_matches()): the kernel's type has the local
 * type's shape. The rules are libbpf's (tools/lib/bpf/relo_core.c), so an
 * object gets the same answer from either loader:
 *   - modifiers and typedefs are skipped; then the names must agree (essential
 *     names, "___flavor" dropped; an anonymous target only matches an
 *     anonymous local type) and, in general, the kinds;
 *   - integers: same size and signedness; enums (enum and enum64 mix): same
 *     size, every local enumerator present by name in the target;
 *   - pointers and arrays: the pointee / element types match, arrays with the
 *     same number of elements;
 *   - struct/union at the top or embedded: every local member has a target
 *     member of the same (essential) name whose type matches. Behind a
 *     pointer a composite is compared by name and kind only (a forward
 *     declaration of the same kind also fits): the members are not visited,
 *     so linked structures (list_head, task_struct) end there;
 *   - function prototypes: same number of parameters, each and the return
 *     type matching.
 * The walk is bounded three ways, each an error rather than an answer:
 * MATCH_LEVELS nested members or parameters (libbpf's limit), MATCH_CHAIN
 * pointer/array/return hops in a row, and MATCH_BUDGET member comparisons in
 * all: embedded structs form a DAG that, unbounded, takes time exponential
 * in its depth (a few KB of crafted BTF would take hours). */
#define MATCH_LEVELS 32
#define MATCH_CHAIN 32
#define MATCH_BUDGET (1u << 20)
#define MATCH_BUDGET_STR "2^20"

struct match {
	const struct btf *lb, *tb;
	uint32_t steps;         /* member and parameter comparisons so far */
	int err;                /* first error: -ELOOP (too deep) or -E2BIG */
};

static bool names_match(const char *l, const char *t)
{
	if (!*t)
		return !*l;
	return btf_essential_eq(l, t);
}

static bool match_step(struct match *m)
{
	if (++m->steps > MATCH_BUDGET) {
		m->err = -E2BIG;
		return false;
	}
	return true;
}

static int types_match(struct match *m, uint32_t lid, uint32_t tid, bool behind_ptr, int level);

/* Enums (enum and enum64 mix): same size, every local enumerator in the
 * target by name. */
static int enums_match(struct match *m, const struct btf_type *l, const struct btf_type *t)
{
	if (!btf_is_enum(t) || l->size != t->size || btf_vlen(l) > btf_vlen(t))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(l); i++) {
		const char *n = btf_enumerator_name(m->lb, l, i);
		bool found = false;

		for (uint32_t j = 0; j < btf_vlen(t) && !found; j++) {
			if (!match_step(m))
				return m->err;
			found = names_match(n, btf_enumerator_name(m->tb, t, j));
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* A struct or union not behind a pointer: every local member has a target
 * member of the same name whose type matches. */
static int members_match(struct match *m, const struct btf_type *l, const struct btf_type *t,
			 int level)
{
	if (btf_vlen(l) > btf_vlen(t))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(l); i++) {
		const char *n = btf_str(m->lb, btf_members(l)[i].name_off);
		bool found = false;

		for (uint32_t j = 0; j < btf_vlen(t) && !found; j++) {
			int r;

			if (!match_step(m))
				return m->err;
			if (!names_match(n, btf_str(m->tb, btf_members(t)[j].name_off)))
				continue;
			r = types_match(m, btf_members(l)[i].type, btf_members(t)[j].type,
					false, level - 1);
			if (r < 0)
				return r;
			found = r;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* Function prototypes: the same number of parameters, each matching. */
static int params_match(struct match *m, const struct btf_type *l, const struct btf_type *t,
			bool behind_ptr, int level)
{
	if (btf_vlen(l) != btf_vlen(t))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(l); i++) {
		int r;

		if (!match_step(m))
			return m->err;
		r = types_match(m, btf_params(l)[i].type, btf_params(t)[i].type, behind_ptr, level - 1);
		if (r <= 0)
			return r;
	}
	return 1;
}

/* 1 match, 0 no match, <0 error (also left in m->err). */
static int types_match(struct match *m, uint32_t lid, uint32_t tid, bool behind_ptr, int level)
{
	const struct btf *lb = m->lb, *tb = m->tb;
	int chain;

	if (level <= 0)
		return m->err = -ELOOP;
	for (chain = 0; chain < MATCH_CHAIN; chain++) {
		const struct btf_type *l, *t;
		uint32_t lk, tk;
		int r;

		lid = btf_skip_mods(lb, lid);
		tid = btf_skip_mods(tb, tid);
		/* void is id 0: it matches only void. */
		if (!lid || !tid)
			return !lid && !tid;
		l = btf_type(lb, lid);
		t = btf_type(tb, tid);
		if (!l || !t)
			return m->err = -EINVAL;
		if (!names_match(btf_type_name(lb, lid), btf_type_name(tb, tid)))
			return 0;
		lk = btf_kind(l);
		tk = btf_kind(t);
		switch (lk) {
		case BTF_KIND_FWD:
			if (lk == tk)
				return btf_kflag(l) == btf_kflag(t);
			/* a forward declaration's kflag: 0 struct, 1 union */
			return behind_ptr && tk == (btf_kflag(l) ? BTF_KIND_UNION : BTF_KIND_STRUCT);
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
			return enums_match(m, l, t);
		case BTF_KIND_STRUCT: case BTF_KIND_UNION:
			if (behind_ptr)
				return lk == tk || (tk == BTF_KIND_FWD &&
						    btf_kflag(t) == (lk == BTF_KIND_UNION));
			return lk == tk ? members_match(m, l, t, level) : 0;
		case BTF_KIND_INT:
			return lk == tk && l->size == t->size &&
			       (BTF_INT_ENCODING(*(const uint32_t *)(l + 1)) & BTF_INT_SIGNED) ==
			       (BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_SIGNED);
		case BTF_KIND_PTR:
			if (lk != tk)
				return 0;
			behind_ptr = true;
			lid = l->type;
			tid = t->type;
			continue;
		case BTF_KIND_ARRAY:
			if (lk != tk || btf_array(l)->nelems != btf_array(t)->nelems)
				return 0;
			lid = btf_array(l)->type;
			tid = btf_array(t)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			if (lk != tk || (r = params_match(m, l, t, behind_ptr, level)) <= 0)
				return lk != tk ? 0 : r;
			lid = l->type;
			tid = t->type;
			continue;
		default:
			/* float, func, var, datasec, decl_tag: libbpf has no
			 * rule for them and answers no */
			return 0;
		}
	}
	return m->err = -ELOOP;
}


int btf_core_types_match(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	struct match m = { lb, tb, 0, 0 };

	return types_match(&m, lid, tid, false, MATCH_LEVELS);
}

const char *btf_core_match_strerror(int err)
{
	return err == -E2BIG ? "more than " MATCH_BUDGET_STR " member comparisons" :
	       err == -ELOOP ? "types nested too deeply" : "type id out of range";
}
