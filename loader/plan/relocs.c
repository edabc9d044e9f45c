/* Plan the relocations: for each instruction the loader must change, what it
 * refers to. The ELF says "instruction at byte X of section S names symbol
 * Y"; here Y becomes a map, a global (map + offset), a subprogram, or an
 * extern. Relocation sections for debug info and BTF concern no instruction
 * and are skipped. The patching itself is insn/'s work, at load time. */
#include "loader/plan/object.h"
#include "common/util.h"
#include "loader/plan/externs.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LD_IMM64 (BPF_LD | BPF_IMM | BPF_DW)

static struct plan_func *func_at(struct rb_object *obj, size_t sec, uint32_t insn)
{
	return (struct plan_func *)plan_func_at(obj, sec, insn);
}

static int map_at(const struct rb_object *obj, size_t sec, uint64_t off)
{
	for (size_t i = 0; i < obj->nmaps; i++)
		if (obj->maps[i].sec == sec && obj->maps[i].sec_off == off &&
		    !obj->maps[i].is_inner && obj->maps[i].origin != PLAN_MAP_GLOBAL)
			return (int)i;
	return -ENOENT;
}

static int global_map(const struct rb_object *obj, size_t sec)
{
	for (size_t i = 0; i < obj->nmaps; i++)
		if (obj->maps[i].origin == PLAN_MAP_GLOBAL && obj->maps[i].sec == sec)
			return (int)i;
	return -ENOENT;
}

/* One relocation being classified: the instruction it applies to, in which
 * function and section, and the symbol it names. */
struct reloc_site {
	struct rb_object *obj;
	const struct elf_section *ts;   /* the section holding the instruction */
	const struct plan_func *fn;
	const struct elf_symbol *y;
	const struct bpf_insn *in;
	bool ld64;
};

static int bad_insn(const struct reloc_site *s, const struct plan_reloc *r,
		    char *err, size_t errlen)
{
	return errorf(err, errlen, -EINVAL,
		       "program %s, instruction %u: relocation for symbol %s on an instruction (code %#x) that is neither ld_imm64 nor a call",
		       s->fn->name, r->insn - s->fn->off, s->y->name, s->in->code);
}

static int bad_target(const struct reloc_site *s, const struct plan_reloc *r,
		      char *err, size_t errlen)
{
	return errorf(err, errlen, -EINVAL,
		       "program %s, instruction %u: call or address of %s lands outside any function of section %s",
		       s->fn->name, r->insn - s->fn->off, s->y->name, s->ts->name);
}

/* An undefined symbol: a __kconfig value (read from its map) or a __ksym
 * (resolved against kernel BTF at load). */
static int reloc_to_extern(const struct reloc_site *s, struct plan_reloc *r,
			   char *err, size_t errlen)
{
	const struct plan_extern *e;

	if (!s->ld64 && !(s->in->code == (BPF_JMP | BPF_CALL)))
		return bad_insn(s, r, err, errlen);
	e = plan_extern_find(s->obj, s->y->name);
	if (!e)
		return errorf(err, errlen, -EINVAL,
			       "program %s, instruction %u: %s is undefined and not declared __kconfig or __ksym",
			       s->fn->name, r->insn - s->fn->off, s->y->name);
	r->map = -1;
	if (e->kind == PLAN_EXT_KCONFIG) {
		r->kind = PLAN_RELOC_KCONFIG;
		r->map = plan_kconfig_map(s->obj);
		r->off = e->off;
		if (!s->ld64 || r->map < 0)
			return bad_insn(s, r, err, errlen);
	} else {
		r->kind = PLAN_RELOC_KSYM;
	}
	return 0;
}

/* A symbol in a code section: a call to a subprogram, or the address of a
 * function (ld_imm64, for callbacks). Either must land on a function. */
static int reloc_to_code(const struct reloc_site *s, const struct elf_section *ys,
			 struct plan_reloc *r, char *err, size_t errlen)
{
	const struct bpf_insn *in = s->in;

	r->target_sec = ys->index;
	if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) {
		/* imm is relative to the symbol: callee = sym + imm + 1. */
		int64_t t = (int64_t)(s->y->value / 8) + in->imm + 1;

		r->kind = PLAN_RELOC_CALL;
		if (t < 0 || (uint64_t)t >= ys->size / 8)
			return bad_target(s, r, err, errlen);
		r->target_insn = t;
	} else if (s->ld64) {
		int64_t t = ((int64_t)s->y->value + in->imm);

		r->kind = PLAN_RELOC_FUNC;
		if (t < 0 || t % 8 || (uint64_t)t >= ys->size)
			return bad_target(s, r, err, errlen);
		r->target_insn = t / 8;
	} else {
		return bad_insn(s, r, err, errlen);
	}
	if (!plan_func_at(s->obj, r->target_sec, r->target_insn))
		return bad_target(s, r, err, errlen);
	return 0;
}

/* A symbol in "maps" or ".maps": the map defined at its offset. */
static int reloc_to_map(const struct reloc_site *s, const struct elf_section *ys,
			struct plan_reloc *r, char *err, size_t errlen)
{
	r->kind = PLAN_RELOC_MAP;
	r->map = map_at(s->obj, ys->index, s->y->value);
	if (r->map < 0)
		return errorf(err, errlen, -EINVAL,
			       "program %s, instruction %u: symbol %s at offset %llu of section %s is not a map definition",
			       s->fn->name, r->insn - s->fn->off, s->y->name,
			       (unsigned long long)s->y->value, ys->name);
	return 0;
}

/* A symbol in a data section: the section's global map, at symbol + imm. */
static int reloc_to_global(const struct reloc_site *s, const struct elf_section *ys,
			   struct plan_reloc *r, char *err, size_t errlen)
{
	int64_t off = (int64_t)s->y->value + s->in->imm;

	r->kind = PLAN_RELOC_GLOBAL;
	r->map = global_map(s->obj, ys->index);
	if (r->map < 0 || off < 0 || (uint64_t)off > ys->size)
		return errorf(err, errlen, -EINVAL,
			       "program %s, instruction %u: global %s + %d lies outside section %s (%llu bytes)",
			       s->fn->name, r->insn - s->fn->off, s->y->name, s->in->imm, ys->name,
			       (unsigned long long)ys->size);
	r->off = off;
	return 0;
}

/* What the relocation's symbol is, by the section it lives in. */
static int classify(struct rb_object *obj, const struct elf_section *ts,
		    const struct elf_rel *rel, struct plan_func *fn, struct plan_reloc *r,
		    char *err, size_t errlen)
{
	const struct elf_symbol *y = &obj->elf.syms[rel->sym];
	const struct bpf_insn *in = &fn->insns[r->insn - fn->off];
	struct reloc_site s = { obj, ts, fn, y, in, in->code == LD_IMM64 };
	const struct elf_section *ys;

	if (s.ld64 && r->insn + 1 >= fn->off + fn->cnt)
		return errorf(err, errlen, -EINVAL,
			       "program %s, instruction %u: ld_imm64 for symbol %s is cut off by the end of the function",
			       fn->name, r->insn - fn->off, y->name);
	if (y->shndx == SHN_UNDEF)
		return reloc_to_extern(&s, r, err, errlen);
	if (y->shndx >= obj->elf.nsec)
		return errorf(err, errlen, -EINVAL,
			       "program %s, instruction %u: symbol %s is in special section %#x, expected a map, global or function",
			       fn->name, r->insn - fn->off, y->name, y->shndx);
	ys = &obj->elf.secs[y->shndx];
	if (ys->flags & SHF_EXECINSTR)
		return reloc_to_code(&s, ys, r, err, errlen);
	if (!s.ld64)
		return bad_insn(&s, r, err, errlen);
	if (!strcmp(ys->name, "maps") || !strcmp(ys->name, ".maps"))
		return reloc_to_map(&s, ys, r, err, errlen);
	if (plan_is_data_section(ys->name))
		return reloc_to_global(&s, ys, r, err, errlen);
	return errorf(err, errlen, -EINVAL,
		       "program %s, instruction %u: symbol %s is in section %s, which is not a map, data or code section",
		       fn->name, r->insn - fn->off, y->name, ys->name);
}

/* A data section no instruction refers to (clang's home for a variable that
 * only carries a type into BTF, say) needs no map: creating one would be a
 * syscall the job does not need. */
static void mark_unused_globals(struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nmaps; i++)
		obj->maps[i].unused = obj->maps[i].origin == PLAN_MAP_GLOBAL;
	for (size_t f = 0; f < obj->nprogs + obj->nsubs; f++) {
		const struct plan_func *fn = f < obj->nprogs ? &obj->progs[f].fn : &obj->subs[f - obj->nprogs];

		for (size_t k = 0; k < fn->nrelocs; k++)
			if (fn->relocs[k].map >= 0)
				obj->maps[fn->relocs[k].map].unused = false;
	}
}

int plan_relocs(struct rb_object *obj, char *err, size_t errlen)
{
	char msg[ERR_LEN];

	for (size_t i = 0; i < obj->elf.nsec; i++) {
		const struct elf_section *rs = &obj->elf.secs[i];
		const struct elf_section *ts;
		struct elf_rel *rels;
		size_t n;
		int ret;

		if (rs->type != SHT_REL || rs->info >= obj->elf.nsec)
			continue;
		ts = &obj->elf.secs[rs->info];
		if (ts->type == SHT_NOBITS)
			return errorf(err, errlen, -EINVAL,
				       "relocation section %s applies to section %s, which has no bytes in the file (SHT_NOBITS)",
				       rs->name, ts->name);
		if (!(ts->flags & SHF_EXECINSTR) || ts->type != SHT_PROGBITS)
			continue;
		ret = elf_rels(&obj->elf, i, &rels, &n, msg, sizeof(msg));
		if (ret)
			return errorf(err, errlen, ret, "%s", msg);
		for (size_t k = 0; k < n && !ret; k++) {
			uint64_t off = rels[k].offset;
			struct plan_func *fn;
			struct plan_reloc *r;

			if (off % 8 || off >= ts->size) {
				ret = errorf(err, errlen, -EINVAL,
					      "section %s, entry %zu: offset %llu is not an instruction of section %s (%llu bytes)",
					      rs->name, k, (unsigned long long)off, ts->name,
					      (unsigned long long)ts->size);
				break;
			}
			/* Code no function symbol covers is dead: the BPF static
			 * linker (bpftool gen object) keeps the body of a weak
			 * function that lost to another definition, without its
			 * symbol. No program can reach it, so neither does its
			 * relocation (libbpf skips these too). */
			fn = func_at(obj, ts->index, off / 8);
			if (!fn)
				continue;
			r = array_push(&fn->relocs, &fn->nrelocs, sizeof(*r));
			if (!r) {
				ret = errorf(err, errlen, -ENOMEM, "out of memory");
				break;
			}
			r->insn = off / 8;
			r->sym = obj->elf.syms[rels[k].sym].name;
			r->map = -1;
			ret = classify(obj, ts, &rels[k], fn, r, err, errlen);
		}
		free(rels);
		if (ret)
			return ret;
	}
	mark_unused_globals(obj);
	return 0;
}
