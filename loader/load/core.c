/* CO-RE: the object's relocation records resolved against the kernel's BTF
 * (btf/core.c) and applied to each program's copy of the instructions
 * (insn/core.c). Every record is resolved once per load; --explain shows
 * each result in source terms. inspect describes records without a kernel by
 * resolving them against the object's own BTF. */
#include "loader/load/core.h"
#include "loader/load/kbtf.h"
#include "common/util.h"
#include "btf/core.h"
#include "insn/core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void load_core_describe(const struct rb_object *obj, const struct plan_core *c,
		      char *buf, size_t len)
{
	const struct plan_func *f = plan_func_at(obj, c->sec, c->insn);
	struct btf_core_res res;
	char msg[ERR_LEN];

	if (btf_core_resolve(obj->btf, obj->btf, &c->rec, &res, msg, sizeof(msg)))
		snprintf(res.desc, sizeof(res.desc), "(unreadable: %.160s)", msg);
	snprintf(buf, len, "%s insn %u: %s of %s", f ? f->name : obj->elf.secs[c->sec].name,
		 f ? c->insn - f->off : c->insn, btf_core_kind_str(c->rec.kind), res.desc);
}

/* Resolve every record against the kernel once. */
static int resolve_all(struct rb_object *obj, char *err, size_t errlen)
{
	const struct btf *kb;
	char msg[ERR_LEN];
	int ret;

	if (obj->core_res || !obj->ncores)
		return 0;
	ret = load_kernel_btf(obj, NULL, &kb, err, errlen);
	if (ret)
		return ret;
	obj->core_res = calloc(obj->ncores, sizeof(*obj->core_res));
	if (!obj->core_res)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	for (size_t i = 0; i < obj->ncores; i++) {
		struct btf_core_res *r = &obj->core_res[i];
		const struct plan_core *c = &obj->cores[i];

		ret = btf_core_resolve(obj->btf, kb, &c->rec, r, msg, sizeof(msg));
		if (ret) {
			free(obj->core_res);
			obj->core_res = NULL;
			return errorf(err, errlen, ret, "CO-RE relocation %zu (section %s, instruction %u): %s",
				       i, obj->elf.secs[c->sec].name, c->insn, msg);
		}
		if (obj->core_explain)
			fprintf(obj->core_explain, "== CO-RE: %s %s: %llu -> %s%llu (%s)\n",
				btf_core_kind_str(r->kind), r->desc, (unsigned long long)r->orig,
				r->poison ? "poison, was " : "", (unsigned long long)(r->poison ? r->orig : r->val),
				r->target);
	}
	return 0;
}

int load_core_apply(struct rb_object *obj, const char *prog, const struct plan_func *fn,
		  struct bpf_insn *insns, char *err, size_t errlen)
{
	char msg[ERR_LEN];
	int ret;

	for (size_t i = 0; i < obj->ncores; i++) {
		const struct plan_core *c = &obj->cores[i];

		if (c->sec != fn->sec || c->insn < fn->off || c->insn >= fn->off + fn->cnt)
			continue;
		ret = resolve_all(obj, err, errlen);
		if (ret)
			return ret;
		ret = insn_core_patch(insns, fn->cnt, c->insn - fn->off, &obj->core_res[i], msg, sizeof(msg));
		if (ret)
			return errorf(err, errlen, ret, "program %s: CO-RE in %s: %s", prog, fn->name, msg);
	}
	return 0;
}

/* What a relocation of this kind looks for, in words. */
static const char *core_target_word(uint32_t kind)
{
	if (kind <= BPF_CORE_FIELD_RSHIFT_U64)
		return "field";
	if (kind >= BPF_CORE_ENUMVAL_EXISTS && kind <= BPF_CORE_ENUMVAL_VALUE)
		return "enum value";
	return "type";
}

/* Is record i a poisoned one in program p (its function or a subprogram)? */
/* insn_core_patch() also poisons a load or store of a field whose size
 * changed and may not be resized (btf/core.h). */
static bool unresizable(const struct btf_core_res *r)
{
	return r->orig_sz && r->orig_sz != r->new_sz && !r->size_ok;
}

static bool poisoned_in(const struct rb_object *obj, const struct plan_prog *p, size_t i)
{
	const struct plan_func *f = plan_func_at(obj, obj->cores[i].sec, obj->cores[i].insn);
	bool mine = f == &p->fn;

	for (size_t s = 0; !mine && f && s < obj->nsubs; s++)
		mine = f == &obj->subs[s];
	return mine && (obj->core_res[i].poison || unresizable(&obj->core_res[i]));
}

/* Was the same cause (what was looked for, and its kind) named by an
 * earlier record of p? Each read of a missing field is its own record (five
 * reads of inet_sock.freebind, five records): one line says it. */
static bool cause_seen(const struct rb_object *obj, const struct plan_prog *p, size_t i)
{
	const struct btf_core_res *r = &obj->core_res[i];

	for (size_t j = 0; j < i; j++)
		if (poisoned_in(obj, p, j) && !strcmp(obj->core_res[j].desc, r->desc) &&
		    obj->core_res[j].poison == r->poison &&
		    !strcmp(core_target_word(obj->core_res[j].kind), core_target_word(r->kind)))
			return true;
	return false;
}

int load_core_poisoned(const struct rb_object *obj, const struct plan_prog *p, char *buf, size_t len)
{
	size_t k = 0;
	int n = 0;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!obj->core_res)
		return 0;
	for (size_t i = 0; i < obj->ncores && k + 1 < len; i++) {
		const struct btf_core_res *r = &obj->core_res[i];
		int w;

		if (!poisoned_in(obj, p, i) || cause_seen(obj, p, i))
			continue;
		if (r->poison)
			w = snprintf(buf + k, len - k, "%s%s: no such %s in the kernel's BTF", n++ ? "; " : "",
				     r->desc, core_target_word(r->kind));
		else
			w = snprintf(buf + k, len - k, "%s%s: %u bytes in the kernel's BTF, %u in the object, and not an unsigned integer or pointer: it cannot be accessed at the new size",
				     n++ ? "; " : "", r->desc, r->new_sz, r->orig_sz);
		if (w < 0)
			break;
		/* Cut short: buf is full (and NUL-terminated by snprintf). */
		k = (size_t)w < len - k ? k + (size_t)w : len - 1;
	}
	return n;
}
