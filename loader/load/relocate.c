/* Relocate: turn one planned program into the instructions the kernel gets.
 *
 *  1. Copy the program's own instructions.
 *  2. Append every subprogram it reaches, once each, recursively: a call's
 *     immediate is relative (callee - caller - 1), so after the copy each
 *     call is re-aimed at where its callee now stands.
 *  3. Point each ld_imm64 of a map at the map's fd (BPF_PSEUDO_MAP_FD), each
 *     ld_imm64 of a global at its map's value plus the variable's offset
 *     (BPF_PSEUDO_MAP_VALUE), each function address at its callee
 *     (BPF_PSEUDO_FUNC).
 *  4. Rebase func_info and line_info the same way, so the verifier's log can
 *     show source lines for subprograms too.
 *  5. Apply CO-RE records against the kernel's BTF (core.c).
 * Maps must have fds (real, or fake in a dry run) before this runs.
 */
#include "loader/load/relocate.h"
#include "loader/load/core.h"
#include "loader/load/externs.h"
#include "common/util.h"
#include "insn/insn.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const struct plan_func *fn;
	uint32_t base;          /* where fn's first instruction lands */
};

struct linker {
	struct rb_object *obj;
	struct plan_prog *prog;
	struct bpf_insn *out;
	uint32_t n;
	struct unit *units;
	size_t nunits;
	char *err;
	size_t errlen;
};

/* The position of fn in the output, appending it the first time. */
static int64_t append_func_once(struct linker *l, const struct plan_func *fn)
{
	struct bpf_insn *grown;
	struct unit *u;

	for (size_t i = 0; i < l->nunits; i++)
		if (l->units[i].fn == fn)
			return l->units[i].base;
	if (l->n + (uint64_t)fn->cnt > 1u << 20)
		return errorf(l->err, l->errlen, -E2BIG,
			       "program %s: more than 1M instructions with its subprograms",
			       l->prog->fn.name);
	grown = realloc(l->out, (l->n + fn->cnt) * sizeof(*grown));
	if (!grown)
		return errorf(l->err, l->errlen, -ENOMEM, "out of memory");
	l->out = grown;
	memcpy(l->out + l->n, fn->insns, fn->cnt * sizeof(*grown));
	u = array_push(&l->units, &l->nunits, sizeof(*u));
	if (!u)
		return errorf(l->err, l->errlen, -ENOMEM, "out of memory");
	u->fn = fn;
	u->base = l->n;
	l->n += fn->cnt;
	return u->base;
}

/* Make the call (or the ld_imm64 of a function's address) at output
 * instruction idx reach target_insn of section sec, wherever its function
 * lands in the output; the function is appended if it is not there yet. */
static int point_at_callee(struct linker *l, const struct unit *u, uint32_t idx, size_t sec,
			   uint32_t target_insn, bool is_call)
{
	const struct plan_func *callee = plan_func_at(l->obj, sec, target_insn);
	int64_t base, rel;

	if (!callee)
		return errorf(l->err, l->errlen, -EINVAL,
			       "program %s: instruction %u of %s calls instruction %u of %s, which is in no function",
			       l->prog->fn.name, idx - u->base, u->fn->name, target_insn,
			       l->obj->elf.secs[sec].name);
	base = append_func_once(l, callee);
	if (base < 0)
		return base;
	rel = base + (target_insn - callee->off) - (int64_t)(idx + 1);
	if (is_call)
		insn_set_pseudo_call(&l->out[idx], rel);
	else
		insn_set_ld_imm64(&l->out[idx], BPF_PSEUDO_FUNC, (uint32_t)rel, 0);
	return 0;
}

static int relocate_unit(struct linker *l, size_t ui)
{
	struct unit u = l->units[ui];
	const struct plan_func *fn = u.fn;

	for (size_t k = 0; k < fn->nrelocs; k++) {
		const struct plan_reloc *r = &fn->relocs[k];
		uint32_t idx = u.base + (r->insn - fn->off);
		const struct plan_map *m = r->map >= 0 ? &l->obj->maps[r->map] : NULL;
		int ret = 0;

		switch (r->kind) {
		case PLAN_RELOC_MAP:
			insn_set_ld_imm64(&l->out[idx], BPF_PSEUDO_MAP_FD, m->fd, 0);
			break;
		case PLAN_RELOC_GLOBAL:
		case PLAN_RELOC_KCONFIG:
			insn_set_ld_imm64(&l->out[idx], BPF_PSEUDO_MAP_VALUE, m->fd, r->off);
			break;
		case PLAN_RELOC_CALL:
			ret = point_at_callee(l, &u, idx, r->target_sec, r->target_insn, true);
			break;
		case PLAN_RELOC_FUNC:
			ret = point_at_callee(l, &u, idx, r->target_sec, r->target_insn, false);
			break;
		case PLAN_RELOC_KSYM:
			ret = load_ksym_patch(l->obj, r, &l->out[idx], l->err, l->errlen);
			break;
		}
		if (ret)
			return ret;
	}
	/* Calls inside the section that clang resolved itself (no relocation)
	 * stay relative; only those leaving the function need re-aiming. */
	for (uint32_t i = 0; i < fn->cnt; i++) {
		const struct bpf_insn *in = &fn->insns[i];
		int64_t t = (int64_t)fn->off + i + in->imm + 1;
		bool has_reloc = false;

		if (!insn_is_pseudo_call(in))
			continue;
		for (size_t k = 0; k < fn->nrelocs && !has_reloc; k++)
			has_reloc = fn->relocs[k].insn == fn->off + i;
		if (has_reloc || (t >= fn->off && t < (int64_t)fn->off + fn->cnt))
			continue;
		if (t < 0) {
			return errorf(l->err, l->errlen, -EINVAL,
				       "program %s: call at instruction %u of %s jumps before its section",
				       l->prog->fn.name, i, fn->name);
		}
		int ret = point_at_callee(l, &u, u.base + i, fn->sec, (uint32_t)t, true);

		if (ret)
			return ret;
	}
	return 0;
}

/* func_info / line_info of one unit: the records for its section whose
 * instruction lies inside the function, moved to where it landed. */
static int rebase_info(struct linker *l, const struct btf_ext_sec *secs, uint32_t nsecs,
		       size_t kernel_size, void **out, uint32_t *nout)
{
	for (size_t ui = 0; ui < l->nunits; ui++) {
		const struct unit *u = &l->units[ui];
		const struct btf_ext_sec *es = btf_ext_find(secs, nsecs, u->fn->sec_name);

		for (uint32_t k = 0; es && k < es->nrec; k++) {
			const uint8_t *rec = es->recs + (size_t)k * es->rec_size;
			uint32_t off;
			uint8_t *grown;

			memcpy(&off, rec, sizeof(off));
			off /= sizeof(struct bpf_insn);
			if (off < u->fn->off || off >= u->fn->off + u->fn->cnt)
				continue;
			grown = realloc(*out, (*nout + 1) * kernel_size);
			if (!grown)
				return errorf(l->err, l->errlen, -ENOMEM, "out of memory");
			*out = grown;
			memcpy(grown + *nout * kernel_size, rec, kernel_size);
			off = u->base + (off - u->fn->off);
			memcpy(grown + *nout * kernel_size, &off, sizeof(off));
			(*nout)++;
		}
	}
	return 0;
}

int load_relocate(struct rb_object *obj, struct plan_prog *p, char *err, size_t errlen)
{
	struct linker l = { .obj = obj, .prog = p, .err = err, .errlen = errlen };
	int64_t ret;

	free(p->insns);
	free(p->func_info);
	free(p->line_info);
	p->insns = p->func_info = p->line_info = NULL;
	p->nfunc_info = p->nline_info = 0;

	ret = append_func_once(&l, &p->fn);
	for (size_t ui = 0; ret >= 0 && ui < l.nunits; ui++)
		ret = relocate_unit(&l, ui);
	for (size_t ui = 0; ret >= 0 && obj->ncores && ui < l.nunits; ui++)
		ret = load_core_apply(obj, p->fn.name, l.units[ui].fn, l.out + l.units[ui].base, err, errlen);
	if (ret >= 0 && obj->ext) {
		ret = rebase_info(&l, obj->ext->func, obj->ext->nfunc,
				  sizeof(struct bpf_func_info), &p->func_info, &p->nfunc_info);
		if (ret >= 0)
			ret = rebase_info(&l, obj->ext->line, obj->ext->nline,
					  sizeof(struct bpf_line_info), &p->line_info, &p->nline_info);
	}
	free(l.units);
	if (ret < 0) {
		free(l.out);
		return ret;
	}
	p->insns = l.out;
	p->ninsns = l.n;
	return 0;
}
