/* load_relocate (loader/load/relocate.c): a program's final instructions.
 * No kernel and no root: every object goes through load_object() with a
 * dry-run struct sys, so maps get made-up fds (1000 and up) and nothing
 * reaches bpf(2); then obj->progs[i].insns, func_info and line_info are
 * what BPF_PROG_LOAD would have been given.
 *
 * Two kinds of oracle:
 *  - The ELF itself (symbols, relocation sections, the raw instructions):
 *    every output instruction is checked against the input instruction it
 *    came from, and each patched one against what its relocation names
 *    (check_prog). That is what `llvm-objdump -dr` shows for the object.
 *  - Hard-coded facts of tests/bpf/relocate_mix.bpf.c as clang 14 lays it
 *    out (checked by hand against `llvm-objdump -dr`): where each subprogram
 *    lands, every call's imm, every map and global load.
 *
 * Landing order is relocate.c's rule: the program first, then each
 * subprogram the first time it is reached, units in the order they were
 * placed, and inside a unit its relocations (in file order) before the
 * calls clang resolved within .text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/load/load.h"
#include "loader/plan/object.h"
#include "insn/insn.h"

#define FAKE_FD_MIN 1000   /* bpf/sys.h: a dry run's fds count up from 1000 */

/* ---- opening and loading ---- */

static struct rb_object *open_obj(const char *rel)
{
	const char *o = getenv("O") ? getenv("O") : "build";
	char path[256], err[ERR_LEN];
	struct rb_object *obj = NULL;

	snprintf(path, sizeof(path), "%s/%s", o, rel);
	if (plan_open(&obj, path, err, sizeof(err)))
		fail_msg("plan_open %s: %s", path, err);
	assert_non_null(obj);
	return obj;
}

/* load_object with a dry-run sys; ret and err for the failure cases. */
static int load_dry(struct rb_object *obj, struct sys *s, char *err, size_t errlen)
{
	struct load_opts o;

	memset(s, 0, sizeof(*s));
	s->dry_run = true;
	memset(&o, 0, sizeof(o));
	o.sys = s;
	return load_object(obj, &o, err, errlen);
}

static struct rb_object *loaded(const char *rel, struct sys *s)
{
	struct rb_object *obj = open_obj(rel);
	char err[ERR_LEN];

	if (load_dry(obj, s, err, sizeof(err)))
		fail_msg("%s: dry-run load: %s", rel, err);
	return obj;
}

static void unload(struct rb_object *obj, struct sys *s)
{
	load_release(obj, s);
	plan_free(obj);
}

static const struct plan_prog *prog(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].fn.name, name))
			return &obj->progs[i];
	fail_msg("%s: no program %s", obj->path, name);
	return NULL;
}

/* The fd a map got, checked to be one the dry run made up. */
static int map_fd(const struct rb_object *obj, const char *name)
{
	int i = plan_map_index(obj, name);

	if (i < 0)
		fail_msg("%s: no map %s", obj->path, name);
	if (obj->maps[i].fd < FAKE_FD_MIN)
		fail_msg("%s: map %s has fd %d, not a dry run's", obj->path, name, obj->maps[i].fd);
	return obj->maps[i].fd;
}

/* ---- the ELF as oracle ---- */

static const struct elf_symbol *func_sym(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->elf.nsym; i++)
		if (obj->elf.syms[i].type == STT_FUNC && !strcmp(obj->elf.syms[i].name, name))
			return &obj->elf.syms[i];
	fail_msg("%s: no function symbol %s", obj->path, name);
	return NULL;
}

/* The relocation of instruction insn of section sec, if it has one. */
static bool rel_at(const struct rb_object *obj, size_t sec, uint32_t insn, struct elf_rel *out)
{
	bool found = false;

	for (size_t i = 0; i < obj->elf.nsec && !found; i++) {
		const struct elf_section *rs = &obj->elf.secs[i];
		struct elf_rel *rels;
		size_t n;
		char err[ERR_LEN];

		if (rs->type != SHT_REL || rs->info != sec)
			continue;
		if (elf_rels(&obj->elf, i, &rels, &n, err, sizeof(err)))
			fail_msg("%s: %s", obj->path, err);
		for (size_t k = 0; k < n && !found; k++) {
			if (rels[k].offset == (uint64_t)insn * 8) {
				*out = rels[k];
				found = true;
			}
		}
		free(rels);
	}
	return found;
}

/* What the test expects: a function and the index of its first instruction
 * in the program's final instructions. */
struct want {
	const char *name;
	uint32_t base;
};

struct tally {
	unsigned calls, funcs, maps, globals, unchanged;
};

/* Where instruction t of section sec landed; calls must reach a function's
 * first instruction, and only functions the test expects may be reached. */
static uint32_t landing(const struct rb_object *obj, const struct want *w, size_t n,
			size_t sec, int64_t t, const char *from)
{
	for (size_t k = 0; k < n; k++) {
		const struct elf_symbol *s = func_sym(obj, w[k].name);

		if (s->shndx != sec || t < (int64_t)(s->value / 8) || t >= (int64_t)((s->value + s->size) / 8))
			continue;
		if (t != (int64_t)(s->value / 8))
			fail_msg("%s: %s: reference into the middle of %s (instruction %lld)",
				 obj->path, from, w[k].name, (long long)t);
		return w[k].base;
	}
	fail_msg("%s: %s reaches instruction %lld of %s, in none of the expected functions",
		 obj->path, from, (long long)t, obj->elf.secs[sec].name);
	return 0;
}

static void same_but_imm_src(const struct bpf_insn *out, const struct bpf_insn *in, const char *what)
{
	if (out->code != in->code || out->dst_reg != in->dst_reg || out->off != in->off)
		fail_msg("%s: code/dst/off changed (%#x/%u/%d, was %#x/%u/%d)", what, out->code,
			 out->dst_reg, out->off, in->code, in->dst_reg, in->off);
}

/* One relocated instruction (two slots for ld_imm64); returns the slots used. */
static unsigned check_relocated(const struct rb_object *obj, const struct plan_prog *p,
				const struct want *w, size_t n, uint32_t at,
				const struct bpf_insn *in, const struct elf_rel *rel, struct tally *t)
{
	const struct bpf_insn *out = &p->insns[at];
	const struct elf_symbol *y = &obj->elf.syms[rel->sym];
	const struct elf_section *ys = &obj->elf.secs[y->shndx];
	char what[200];

	snprintf(what, sizeof(what), "%s: program %s, instruction %u (%s)", obj->path, p->fn.name, at, y->name);
	same_but_imm_src(out, in, what);
	if (ys->flags & SHF_EXECINSTR) {
		bool call = insn_is_call(in);
		int64_t target = call ? (int64_t)(y->value / 8) + in->imm + 1
				      : ((int64_t)y->value + in->imm) / 8;
		uint32_t to = landing(obj, w, n, y->shndx, target, what);

		if (out->src_reg != (call ? BPF_PSEUDO_CALL : BPF_PSEUDO_FUNC))
			fail_msg("%s: src_reg %u", what, out->src_reg);
		if ((int64_t)at + 1 + out->imm != to)
			fail_msg("%s: imm %d reaches %lld, the callee landed at %u", what, out->imm,
				 (long long)at + 1 + out->imm, to);
		if (call) {
			t->calls++;
			return 1;
		}
		t->funcs++;
	} else if (!strcmp(ys->name, ".maps") || !strcmp(ys->name, "maps")) {
		if (out->src_reg != BPF_PSEUDO_MAP_FD || out->imm != map_fd(obj, y->name))
			fail_msg("%s: src_reg %u imm %d, want BPF_PSEUDO_MAP_FD and fd %d", what,
				 out->src_reg, out->imm, map_fd(obj, y->name));
		t->maps++;
	} else {
		/* A global: the variable's symbol, or the section's symbol plus
		 * the offset clang left in imm (static variables). */
		int64_t off = (int64_t)y->value + in->imm;

		if (out->src_reg != BPF_PSEUDO_MAP_VALUE || out->imm != map_fd(obj, ys->name) ||
		    out[1].imm != off)
			fail_msg("%s: src_reg %u imm %d off %d, want BPF_PSEUDO_MAP_VALUE, fd %d of %s, off %lld",
				 what, out->src_reg, out->imm, out[1].imm, map_fd(obj, ys->name),
				 ys->name, (long long)off);
		t->globals++;
	}
	/* ld_imm64's second slot: only imm may be non-zero (the kernel's
	 * check_ld_imm), and only for a global's offset. */
	assert_true(insn_is_ld_imm64(in));
	if (out[1].code || out[1].dst_reg || out[1].src_reg || out[1].off ||
	    (out->src_reg != BPF_PSEUDO_MAP_VALUE && out[1].imm))
		fail_msg("%s: second slot { code %#x, src %u, imm %d }", what, out[1].code, out[1].src_reg, out[1].imm);
	return 2;
}

/* Every instruction of unit k: copied, or patched as the ELF says. */
static void check_unit(const struct rb_object *obj, const struct plan_prog *p,
		       const struct want *w, size_t n, size_t k, struct tally *t)
{
	const struct elf_symbol *s = func_sym(obj, w[k].name);
	const struct bpf_insn *in = (const struct bpf_insn *)obj->elf.secs[s->shndx].data + s->value / 8;
	uint32_t first = s->value / 8, cnt = s->size / 8;
	char what[200];

	for (uint32_t i = 0; i < cnt;) {
		uint32_t at = w[k].base + i;
		struct elf_rel rel;

		snprintf(what, sizeof(what), "%s: program %s, instruction %u (%s+%u)", obj->path,
			 p->fn.name, at, w[k].name, i);
		if (rel_at(obj, s->shndx, first + i, &rel)) {
			i += check_relocated(obj, p, w, n, at, &in[i], &rel, t);
			continue;
		}
		if (insn_is_pseudo_call(&in[i]) &&
		    (in[i].imm + 1 + (int64_t)i < 0 || in[i].imm + 1 + (int64_t)i >= cnt)) {
			/* A call clang resolved inside .text, to another function. */
			uint32_t to = landing(obj, w, n, s->shndx, (int64_t)first + i + in[i].imm + 1, what);

			same_but_imm_src(&p->insns[at], &in[i], what);
			if (p->insns[at].src_reg != BPF_PSEUDO_CALL || (int64_t)at + 1 + p->insns[at].imm != to)
				fail_msg("%s: call imm %d reaches %lld, the callee landed at %u", what,
					 p->insns[at].imm, (long long)at + 1 + p->insns[at].imm, to);
			t->calls++;
		} else {
			if (memcmp(&p->insns[at], &in[i], sizeof(in[i])))
				fail_msg("%s: changed, but nothing relocates it", what);
			t->unchanged++;
		}
		i++;
	}
}

/* func_info: one record per unit, at its landing place, naming it. */
static void check_func_info(const struct rb_object *obj, const struct plan_prog *p,
			    const struct want *w, size_t n)
{
	const struct bpf_func_info *fi = p->func_info;

	assert_int_equal(p->nfunc_info, n);
	assert_int_equal(fi[0].insn_off, 0);
	for (size_t k = 0; k < n; k++) {
		const char *name = btf_type_name(obj->btf, fi[k].type_id);

		if (fi[k].insn_off != w[k].base || !name || strcmp(name, w[k].name))
			fail_msg("%s: %s: func_info[%zu] = { insn_off %u, %s }, want { %u, %s }", obj->path,
				 p->fn.name, k, fi[k].insn_off, name ? name : "?", w[k].base, w[k].name);
	}
}

/* line_info: each unit's records from .BTF.ext, in order, moved by the
 * same amount as the unit; the kernel (check_btf_line) also wants them
 * strictly increasing, from 0, with one at each function's start. */
static void check_line_info(const struct rb_object *obj, const struct plan_prog *p,
			    const struct want *w, size_t n)
{
	const struct bpf_line_info *li = p->line_info;
	uint32_t got = 0;

	for (size_t k = 0; k < n; k++) {
		const struct elf_symbol *s = func_sym(obj, w[k].name);
		const struct btf_ext_sec *es = btf_ext_find(obj->ext->line, obj->ext->nline,
							    obj->elf.secs[s->shndx].name);
		bool at_start = false;

		assert_non_null(es);
		for (uint32_t r = 0; r < es->nrec; r++) {
			struct bpf_line_info orig;
			uint32_t insn;

			memcpy(&orig, es->recs + (size_t)r * es->rec_size, sizeof(orig));
			insn = orig.insn_off / 8;
			if (insn < s->value / 8 || insn >= (s->value + s->size) / 8)
				continue;
			assert_true(got < p->nline_info);
			orig.insn_off = w[k].base + insn - s->value / 8;
			if (memcmp(&li[got], &orig, sizeof(orig)))
				fail_msg("%s: %s: line_info[%u] = { insn_off %u, line %u }, want { %u, %u }",
					 obj->path, p->fn.name, got, li[got].insn_off, li[got].line_col >> 10,
					 orig.insn_off, orig.line_col >> 10);
			at_start |= li[got].insn_off == w[k].base;
			got++;
		}
		if (!at_start)
			fail_msg("%s: %s: no line_info at %s's first instruction %u", obj->path,
				 p->fn.name, w[k].name, w[k].base);
	}
	assert_int_equal(p->nline_info, got);
	assert_int_equal(li[0].insn_off, 0);
	for (uint32_t i = 1; i < got; i++)
		assert_true(li[i].insn_off > li[i - 1].insn_off);
}

/* The whole program against the ELF: units tile the output in the order w
 * gives, and every instruction is accounted for. */
static struct tally check_prog(const struct rb_object *obj, const struct plan_prog *p,
			       const struct want *w, size_t n)
{
	struct tally t = { 0 };
	uint32_t total = 0;

	assert_string_equal(w[0].name, p->fn.name);
	for (size_t k = 0; k < n; k++) {
		const struct elf_symbol *s = func_sym(obj, w[k].name);

		if (w[k].base != total)
			fail_msg("%s: %s: expected %s at %u, but the units before it end at %u",
				 obj->path, p->fn.name, w[k].name, w[k].base, total);
		total += s->size / 8;
	}
	assert_int_equal(p->ninsns, total);
	for (size_t k = 0; k < n; k++)
		check_unit(obj, p, w, n, k, &t);
	assert_int_equal(t.calls + t.unchanged + 2 * (t.funcs + t.maps + t.globals), total);
	check_func_info(obj, p, w, n);
	check_line_info(obj, p, w, n);
	return t;
}

/* ---- hard-coded expectations ---- */

static void expect_call(const struct plan_prog *p, uint32_t at, int32_t imm, uint32_t callee)
{
	const struct bpf_insn *in = &p->insns[at];

	assert_true(at < p->ninsns);
	if (!insn_is_pseudo_call(in) || in->imm != imm || at + 1 + in->imm != callee)
		fail_msg("%s: instruction %u: code %#x src %u imm %d, want a BPF_PSEUDO_CALL with imm %d (to %u)",
			 p->fn.name, at, in->code, in->src_reg, in->imm, imm, callee);
}

static void expect_ld(const struct plan_prog *p, uint32_t at, uint8_t src, int fd, int32_t off)
{
	const struct bpf_insn *in = &p->insns[at];

	assert_true(at + 1 < p->ninsns);
	if (!insn_is_ld_imm64(in) || in->src_reg != src || in->imm != fd || in[1].imm != off)
		fail_msg("%s: instruction %u: code %#x src %u imm %d, %d; want ld_imm64 src %u imm %d, %d",
			 p->fn.name, at, in->code, in->src_reg, in->imm, in[1].imm, src, fd, off);
}

/* ---- relocate_mix ---- */

/* prog_a (14 instructions) calls shared, passes cb to bpf_loop, calls
 * outer; outer's call to inner and inner's call to shared carry no
 * relocation. shared lands once although reached twice. */
static void test_mix_prog_a_layout(void **state)
{
	static const struct want w[] = {
		{ "prog_a", 0 }, { "shared", 14 }, { "cb", 32 }, { "outer", 41 }, { "inner", 44 },
	};
	struct sys s;
	struct rb_object *obj = loaded("tests/bpf/relocate_mix.bpf.o", &s);
	const struct plan_prog *p = prog(obj, "prog_a");
	int data = map_fd(obj, ".data"), bss = map_fd(obj, ".bss"), counts = map_fd(obj, "counts");
	struct tally t = check_prog(obj, p, w, 5);

	assert_int_equal(p->ninsns, 51);
	assert_int_equal(t.calls, 4);
	assert_int_equal(t.funcs, 1);
	assert_int_equal(t.maps, 1);
	assert_int_equal(t.globals, 3);
	/* Distinct fds, so a load patched with the wrong map shows. */
	assert_int_not_equal(data, bss);
	assert_int_not_equal(data, counts);
	assert_int_not_equal(bss, counts);

	expect_call(p, 3, 10, 14);     /* prog_a -> shared */
	expect_call(p, 12, 28, 41);    /* prog_a -> outer */
	expect_call(p, 41, 2, 44);     /* outer -> inner, no relocation */
	expect_call(p, 45, -32, 14);   /* inner -> shared, no relocation */
	assert_true(insn_is_pseudo_func(&p->insns[6]));  /* cb for bpf_loop */
	assert_int_equal(p->insns[6].imm, 32 - 7);
	assert_int_equal(p->insns[7].imm, 0);
	expect_ld(p, 0, BPF_PSEUDO_MAP_VALUE, data, 0);  /* first_var */
	expect_ld(p, 19, BPF_PSEUDO_MAP_FD, counts, 0);  /* shared: counts */
	expect_ld(p, 34, BPF_PSEUDO_MAP_VALUE, bss, 0);  /* cb: hits */
	expect_ld(p, 46, BPF_PSEUDO_MAP_VALUE, data, 8); /* inner: second_var */
	unload(obj, &s);
}

/* prog_b starts at instruction 14 of the section it shares with prog_a:
 * its func_info and line_info move down to 0. It reaches outer, inner and
 * shared in another order than .text holds them, so inner's relocation-less
 * call to shared (imm -32 in the file) becomes +5. */
static void test_mix_prog_b_mid_section(void **state)
{
	static const struct want w[] = {
		{ "prog_b", 0 }, { "outer", 19 }, { "inner", 22 }, { "shared", 29 },
	};
	struct sys s;
	struct rb_object *obj = loaded("tests/bpf/relocate_mix.bpf.o", &s);
	const struct plan_prog *p = prog(obj, "prog_b");
	int data = map_fd(obj, ".data"), seen = map_fd(obj, "seen"), counts = map_fd(obj, "counts");
	struct tally t = check_prog(obj, p, w, 4);

	assert_int_equal(p->fn.off, 14);
	assert_int_equal(p->ninsns, 47);
	assert_int_equal(t.calls, 3);
	assert_int_equal(t.funcs, 0);
	assert_int_equal(t.maps, 2);
	assert_int_equal(t.globals, 2);
	assert_int_not_equal(seen, counts);

	expect_call(p, 17, 1, 19);     /* prog_b -> outer */
	expect_call(p, 19, 2, 22);     /* outer -> inner */
	expect_call(p, 23, 5, 29);     /* inner -> shared: re-aimed */
	expect_ld(p, 7, BPF_PSEUDO_MAP_FD, seen, 0);
	expect_ld(p, 11, BPF_PSEUDO_MAP_VALUE, data, 8); /* second_var++ */
	expect_ld(p, 24, BPF_PSEUDO_MAP_VALUE, data, 8); /* inner: second_var */
	expect_ld(p, 34, BPF_PSEUDO_MAP_FD, counts, 0);  /* shared: counts */
	/* Shifted by -14 for prog_b's own records. */
	assert_int_equal(((const struct bpf_func_info *)p->func_info)[0].insn_off, 0);
	unload(obj, &s);
}

/* Relocating twice (a second load of the same plan) gives the same result,
 * not the first one's subprograms appended again. */
static void test_mix_relocate_again_same(void **state)
{
	static const struct want w[] = {
		{ "prog_b", 0 }, { "outer", 19 }, { "inner", 22 }, { "shared", 29 },
	};
	struct sys s;
	struct rb_object *obj = loaded("tests/bpf/relocate_mix.bpf.o", &s);
	char err[ERR_LEN];

	load_release(obj, &s);
	if (load_dry(obj, &s, err, sizeof(err)))
		fail_msg("second dry-run load: %s", err);
	check_prog(obj, prog(obj, "prog_b"), w, 4);
	unload(obj, &s);
}

/* ---- the example objects ---- */

/* report_exec's relocation (add_index for bpf_loop) places add_index before
 * bump, whose call comes first but was resolved by clang inside .text. */
static void test_subprog_example(void **state)
{
	static const struct want enter[] = {
		{ "on_exec_enter", 0 }, { "report_exec", 6 }, { "add_index", 35 }, { "bump", 43 },
	};
	static const struct want exit_[] = { { "on_exec_exit", 0 }, { "bump", 4 } };
	struct sys s;
	struct rb_object *obj = loaded("examples/subprog.bpf.o", &s);
	struct tally t;

	t = check_prog(obj, prog(obj, "on_exec_enter"), enter, 4);
	assert_int_equal(t.calls, 2);
	assert_int_equal(t.funcs, 1);
	assert_int_equal(t.maps, 2);
	assert_int_equal(t.globals, 0);
	t = check_prog(obj, prog(obj, "on_exec_exit"), exit_, 2);
	assert_int_equal(t.calls, 1);
	assert_int_equal(t.maps, 1);
	unload(obj, &s);
}

/* No subprograms: globals in .data, .rodata, .bss (a static, through the
 * section symbol plus imm) and .data.custom. */
static void test_globals_example(void **state)
{
	static const struct want g[] = { { "globals", 0 } };
	static const struct want gx[] = { { "globals_exit", 0 } };
	struct sys s;
	struct rb_object *obj = loaded("examples/globals.bpf.o", &s);
	const struct plan_prog *p = prog(obj, "globals");
	struct tally t;

	t = check_prog(obj, p, g, 1);
	assert_int_equal(t.globals, 5);
	assert_int_equal(t.maps, 1);
	/* exec_seen is static: clang's relocation names .bss with imm 0. */
	expect_ld(p, 5, BPF_PSEUDO_MAP_VALUE, map_fd(obj, ".bss"), 0);
	expect_ld(p, 33, BPF_PSEUDO_MAP_VALUE, map_fd(obj, ".rodata"), 4); /* knob_tag */
	expect_ld(p, 29, BPF_PSEUDO_MAP_VALUE, map_fd(obj, ".data.custom"), 0);
	t = check_prog(obj, prog(obj, "globals_exit"), gx, 1);
	assert_int_equal(t.globals, 3);
	unload(obj, &s);
}

/* ---- failures: a crafted call in .text ---- */

/* relocate_mix with the imm of outer's call to inner (no relocation)
 * replaced, then a dry-run load: it must fail in the relocate stage. */
static void relocate_with_outer_call(int32_t imm, const char *want)
{
	struct rb_object *obj = open_obj("tests/bpf/relocate_mix.bpf.o");
	const struct elf_symbol *outer = func_sym(obj, "outer");
	const struct elf_section *text = &obj->elf.secs[outer->shndx];
	struct bpf_insn *call = (struct bpf_insn *)(obj->buf + text->offset + outer->value);
	char err[ERR_LEN];
	struct sys s;
	int ret;

	assert_true(insn_is_pseudo_call(call));
	call->imm = imm;
	ret = load_dry(obj, &s, err, sizeof(err));
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(err, want);
	for (size_t i = 0; i < obj->nprogs; i++) {
		assert_null(obj->progs[i].insns);
		assert_int_equal(obj->progs[i].fd, -1);
	}
	plan_free(obj);
}

static void test_call_past_text_fails(void **state)
{
	/* outer is instruction 27 of .text (37 long): 27 + 1000 + 1. */
	relocate_with_outer_call(1000,
		"relocate: program prog_a: instruction 0 of outer calls instruction 1028 of .text, which is in no function");
}

static void test_call_before_section_fails(void **state)
{
	relocate_with_outer_call(-100,
		"relocate: program prog_a: call at instruction 0 of outer jumps before its section");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mix_prog_a_layout),
		cmocka_unit_test(test_mix_prog_b_mid_section),
		cmocka_unit_test(test_mix_relocate_again_same),
		cmocka_unit_test(test_subprog_example),
		cmocka_unit_test(test_globals_example),
		cmocka_unit_test(test_call_past_text_fails),
		cmocka_unit_test(test_call_before_section_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
