/* CO-RE: btf_core_resolve() on pairs of hand-made BTF (object vs kernel) and
 * insn_core_patch() on the instructions clang would emit. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include <gelf.h>
#include <libelf.h>
#include "btf/btf.h"
#include "btf/core.h"
#include "insn/core.h"
#include "tests/unit/btf_builder.h"

static char err[256];
static struct bb L, T;      /* local (object) and target (kernel) */

static struct btf *build(struct bb *b)
{
	struct btf *btf;
	size_t len;
	const void *p = bb_blob(b, &len);

	if (btf_parse(p, len, &btf, err, sizeof(err)))
		fail_msg("btf_parse: %s", err);
	return btf;
}

/* Resolve (type, access, kind) in L against T. */
static int resolve(uint32_t type, const char *access, uint32_t kind, struct btf_core_res *res)
{
	struct bpf_core_relo r = { .insn_off = 8, .type_id = type, .kind = kind };
	struct btf *l, *t;
	int ret;

	/* The access string must be in L before it is built. */
	r.access_str_off = bb_str(&L, access);
	l = build(&L);
	t = build(&T);
	ret = btf_core_resolve(l, t, &r, res, err, sizeof(err));
	btf_free(l);
	btf_free(t);
	return ret;
}

static void resolve_ok(uint32_t type, const char *access, uint32_t kind, struct btf_core_res *res)
{
	if (resolve(type, access, kind, res))
		fail_msg("btf_core_resolve(%u, \"%s\", %s): %s", type, access,
			 btf_core_kind_str(kind), err);
}

/* ---- field moved, flavours, missing fields ---- */

static void test_field_moved(void **state)
{
	struct btf_core_res r;
	uint32_t li, ls, ti, tl;
	struct bpf_insn insn[2] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2, .off = 4 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 1, .imm = 4 },
	};

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	ls = bb_struct(&L, "s", false, 2, 8, false);
	bb_member(&L, "a", li, 0, 0);
	bb_member(&L, "b", li, 32, 0);
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tl = bb_int(&T, "long", 8, BTF_INT_SIGNED);
	bb_struct(&T, "s", false, 4, 24, false);
	bb_member(&T, "x", ti, 0, 0);
	bb_member(&T, "a", ti, 32, 0);
	bb_member(&T, "pad", tl, 64, 0);
	bb_member(&T, "b", ti, 128, 0);

	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_false(r.poison);
	assert_int_equal(r.orig, 4);
	assert_int_equal(r.val, 16);
	assert_int_equal(r.orig_sz, 4);
	assert_int_equal(r.new_sz, 4);
	assert_string_equal(r.desc, "s.b");
	assert_string_equal(r.target, "struct s [3]");

	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[0].off, 16);
	assert_int_equal(BPF_SIZE(insn[0].code), BPF_W);
	assert_int_equal(insn_core_patch(insn, 2, 1, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[1].imm, 16);
	/* Applying it twice: the instruction no longer holds the original. */
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "offset is 16, expected 4"));
	assert_non_null(strstr(err, "s.b"));

	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_SIZE, &r);
	assert_int_equal(r.orig, 4);
	assert_int_equal(r.val, 4);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_EXISTS, &r);
	assert_int_equal(r.orig, 1);
	assert_int_equal(r.val, 1);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_SIGNED, &r);
	assert_int_equal(r.val, 1);
	/* "1:1": the second element of an array of s (pointer arithmetic). */
	resolve_ok(ls, "1:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.orig, 12);
	assert_int_equal(r.val, 40);
	assert_string_equal(r.desc, "s[1].b");
}

static void test_flavor_and_missing(void **state)
{
	struct btf_core_res r;
	uint32_t li, lt, lpp, ti, tl, tt;
	struct bpf_insn insn[3] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2, .off = 4 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .imm = 1 },
		{ 0 },
	};

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	lt = bb_struct(&L, "task_struct___old", false, 3, 12, false);
	bb_member(&L, "pid", li, 0, 0);
	bb_member(&L, "tgid", li, 32, 0);
	bb_member(&L, "gone", li, 64, 0);
	lpp = bb_struct(&L, "nothere", false, 1, 4, false);
	bb_member(&L, "x", li, 0, 0);
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tl = bb_int(&T, "long", 8, BTF_INT_SIGNED);
	tt = bb_struct(&T, "task_struct", false, 3, 24, false);
	bb_member(&T, "state", tl, 0, 0);
	bb_member(&T, "pid", ti, 64, 0);
	bb_member(&T, "tgid", ti, 96, 0);

	resolve_ok(lt, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.orig, 4);
	assert_int_equal(r.val, 12);
	assert_int_equal(r.target_id, tt);
	assert_string_equal(r.desc, "task_struct___old.tgid");

	/* The field is missing: existence is 0, the offset is poison. */
	resolve_ok(lt, "0:2", BPF_CORE_FIELD_EXISTS, &r);
	assert_false(r.poison);
	assert_int_equal(r.orig, 1);
	assert_int_equal(r.val, 0);
	resolve_ok(lt, "0:2", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_true(r.poison);
	assert_string_equal(r.target, "(none)");
	assert_int_equal(insn_core_patch(insn, 3, 0, &r, err, sizeof(err)), 0);
	assert_true(insn_core_is_poison(&insn[0]));
	assert_int_equal(insn[0].code, BPF_JMP | BPF_CALL);
	assert_int_equal(insn[0].imm, INSN_CORE_POISON);
	/* A poisoned ld_imm64 keeps a well-formed second slot. */
	assert_int_equal(insn_core_patch(insn, 3, 1, &r, err, sizeof(err)), 0);
	assert_true(insn_core_is_poison(&insn[1]));
	assert_int_equal(insn[2].code, BPF_ALU64 | BPF_MOV | BPF_K);

	/* The whole type is missing. */
	resolve_ok(lpp, "0:0", BPF_CORE_FIELD_EXISTS, &r);
	assert_int_equal(r.val, 0);
	resolve_ok(lpp, "0", BPF_CORE_TYPE_EXISTS, &r);
	assert_int_equal(r.val, 0);
	assert_string_equal(r.desc, "struct nothere");
	resolve_ok(lpp, "0", BPF_CORE_TYPE_MATCHES, &r);
	assert_int_equal(r.val, 0);
}

/* ---- bitfields ---- */

static void test_bitfields(void **state)
{
	struct btf_core_res r;
	uint32_t lu, ls, tu, tc;

	bb_init(&L);
	lu = bb_int(&L, "unsigned int", 4, 0);
	ls = bb_struct(&L, "bf", false, 2, 4, true);
	bb_member(&L, "a", lu, 0, 3);
	bb_member(&L, "b", lu, 3, 5);
	bb_init(&T);
	tu = bb_int(&T, "unsigned int", 4, 0);
	tc = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	bb_struct(&T, "bf", false, 4, 8, true);
	bb_member(&T, "x", tu, 0, 4);
	bb_member(&T, "pad", tu, 4, 10);
	bb_member(&T, "b", tc, 14, 5);
	bb_member(&T, "a", tu, 30, 3);   /* straddles the first 4 bytes */

	resolve_ok(ls, "0:1", BPF_CORE_FIELD_LSHIFT_U64, &r);
	assert_int_equal(r.orig, 64 - 8);
	assert_int_equal(r.val, 64 - 19);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_RSHIFT_U64, &r);
	assert_int_equal(r.orig, 59);
	assert_int_equal(r.val, 59);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.orig, 0);
	assert_int_equal(r.val, 0);
	assert_int_equal(r.orig_sz, 0);   /* bitfields: no load-size rewrite */
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_SIZE, &r);
	assert_int_equal(r.val, 4);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_SIGNED, &r);
	assert_int_equal(r.orig, 0);
	assert_int_equal(r.val, 1);

	/* a: bits 30..32 need an 8-byte load at offset 0. */
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_BYTE_SIZE, &r);
	assert_int_equal(r.orig, 4);
	assert_int_equal(r.val, 8);
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.val, 0);
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_LSHIFT_U64, &r);
	assert_int_equal(r.orig, 61);
	assert_int_equal(r.val, 64 - 33);
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_RSHIFT_U64, &r);
	assert_int_equal(r.val, 61);
}

/* ---- enums ---- */

static void test_enums(void **state)
{
	struct btf_core_res r;
	uint32_t le, te;
	struct bpf_insn insn[2] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .imm = 2 },
		{ 0 },
	};

	bb_init(&L);
	le = bb_type(&L, "e___v1", BTF_KIND_ENUM, 2, 0, 4);
	bb_enumval(&L, "A", 1);
	bb_enumval(&L, "B", 2);
	bb_init(&T);
	bb_int(&T, "int", 4, BTF_INT_SIGNED);
	te = bb_type(&T, "e", BTF_KIND_ENUM64, 2, 0, 8);
	bb_u32(&T, bb_str(&T, "B")); bb_u32(&T, 7); bb_u32(&T, 1);
	bb_u32(&T, bb_str(&T, "C")); bb_u32(&T, 9); bb_u32(&T, 0);

	resolve_ok(le, "0", BPF_CORE_ENUMVAL_EXISTS, &r);
	assert_int_equal(r.orig, 1);
	assert_int_equal(r.val, 0);
	assert_string_equal(r.desc, "enum e___v1::A");
	resolve_ok(le, "1", BPF_CORE_ENUMVAL_EXISTS, &r);
	assert_int_equal(r.val, 1);
	resolve_ok(le, "1", BPF_CORE_ENUMVAL_VALUE, &r);
	assert_int_equal(r.orig, 2);
	assert_int_equal(r.val, 0x100000007ULL);
	assert_int_equal(r.target_id, te);
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[0].imm, 7);
	assert_int_equal(insn[1].imm, 1);
	resolve_ok(le, "0", BPF_CORE_ENUMVAL_VALUE, &r);
	assert_true(r.poison);
	resolve_ok(le, "0", BPF_CORE_TYPE_EXISTS, &r);
	assert_int_equal(r.val, 1);
	/* An enumerator index past the enum. */
	assert_int_equal(resolve(le, "2", BPF_CORE_ENUMVAL_VALUE, &r), -EINVAL);
}

/* ---- arrays and anonymous members ---- */

static void test_arrays_anon(void **state)
{
	struct btf_core_res r;
	uint32_t li, ll, la, lun, ls, ti, tl, ta, tin, tun;

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	ll = bb_int(&L, "long", 8, BTF_INT_SIGNED);
	la = bb_array(&L, li, li, 4);
	lun = bb_struct(&L, NULL, true, 2, 8, false);
	bb_member(&L, "u1", li, 0, 0);
	bb_member(&L, "u2", ll, 0, 0);
	ls = bb_struct(&L, "s", false, 3, 32, false);
	bb_member(&L, "arr", la, 0, 0);
	bb_member(&L, "z", li, 128, 0);
	bb_member(&L, NULL, lun, 192, 0);

	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tl = bb_int(&T, "long", 8, BTF_INT_SIGNED);
	ta = bb_array(&T, ti, ti, 8);
	tin = bb_struct(&T, NULL, false, 2, 16, false);
	bb_member(&T, "q", ti, 0, 0);
	bb_member(&T, "u2", tl, 64, 0);
	tun = bb_struct(&T, NULL, true, 1, 16, false);
	bb_member(&T, NULL, tin, 0, 0);
	bb_struct(&T, "s", false, 4, 72, false);
	bb_member(&T, "pre", tl, 0, 0);
	bb_member(&T, "arr", ta, 64, 0);
	bb_member(&T, NULL, tun, 320, 0);
	bb_member(&T, "z", ti, 448, 0);

	resolve_ok(ls, "0:0:2", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_string_equal(r.desc, "s.arr[2]");
	assert_int_equal(r.orig, 8);
	assert_int_equal(r.val, 16);
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_BYTE_SIZE, &r);
	assert_int_equal(r.orig, 16);
	assert_int_equal(r.val, 32);
	resolve_ok(ls, "0:2:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_string_equal(r.desc, "s.u2");
	assert_int_equal(r.orig, 24);
	assert_int_equal(r.val, 40 + 8);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.val, 56);

	/* An index past the target's array: no candidate fits. */
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	ta = bb_array(&T, ti, ti, 2);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "arr", ta, 0, 0);
	resolve_ok(ls, "0:0:3", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_true(r.poison);
	resolve_ok(ls, "0:0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.val, 4);
	/* Incompatible field types: an int where the object wants an array. */
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "arr", ti, 0, 0);
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_EXISTS, &r);
	assert_int_equal(r.val, 0);
}

/* ---- type relocations, size changes, ambiguity, malformed records ---- */

static void test_types(void **state)
{
	struct btf_core_res r;
	uint32_t li, lu, ls, lp, ti, tu, ts, tl;
	struct bpf_insn insn[3] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2, .off = 4 },
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2, .off = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	lu = bb_int(&L, "unsigned int", 4, 0);
	ls = bb_struct(&L, "t", false, 2, 8, false);
	bb_member(&L, "a", li, 0, 0);
	bb_member(&L, "u", lu, 32, 0);
	lp = bb_ref(&L, BTF_KIND_TYPEDEF, "t_t", ls);
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tu = bb_int(&T, "unsigned long", 8, 0);
	tl = bb_int(&T, "long", 8, BTF_INT_SIGNED);
	ts = bb_struct(&T, "t", false, 2, 24, false);
	bb_member(&T, "a", tl, 0, 0);
	bb_member(&T, "u", tu, 64, 0);
	bb_ref(&T, BTF_KIND_TYPEDEF, "t_t", ts);
	(void)ti;

	resolve_ok(ls, "0", BPF_CORE_TYPE_SIZE, &r);
	assert_int_equal(r.orig, 8);
	assert_int_equal(r.val, 24);
	assert_string_equal(r.desc, "struct t");
	resolve_ok(ls, "0", BPF_CORE_TYPE_ID_TARGET, &r);
	assert_int_equal(r.orig, ls);
	assert_int_equal(r.val, ts);
	resolve_ok(ls, "0", BPF_CORE_TYPE_ID_LOCAL, &r);
	assert_int_equal(r.orig, ls);
	assert_int_equal(r.val, ls);
	resolve_ok(ls, "0", BPF_CORE_TYPE_EXISTS, &r);
	assert_int_equal(r.val, 1);
	resolve_ok(lp, "0", BPF_CORE_TYPE_SIZE, &r);
	assert_int_equal(r.val, 24);
	assert_string_equal(r.desc, "t_t");
	/* Matches: the member sizes differ, so the stricter check says no. */
	resolve_ok(ls, "0", BPF_CORE_TYPE_MATCHES, &r);
	assert_int_equal(r.val, 0);

	/* u32 -> u64: the 4-byte load becomes an 8-byte one. */
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.orig_sz, 4);
	assert_int_equal(r.new_sz, 8);
	assert_true(r.size_ok);
	assert_int_equal(insn_core_patch(insn, 3, 0, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[0].off, 8);
	assert_int_equal(BPF_SIZE(insn[0].code), BPF_DW);
	/* int -> long: signed, cannot be widened by a zero-extending load
	 * (more in test_resize). */
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_false(r.size_ok);
	/* Not a relocatable instruction. */
	resolve_ok(ls, "0", BPF_CORE_TYPE_SIZE, &r);
	assert_int_equal(insn_core_patch(insn, 3, 2, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "cannot be relocated"));
	assert_int_equal(insn_core_patch(insn, 3, 3, &r, err, sizeof(err)), -EINVAL);

	/* Matching types: identical layouts. */
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tu = bb_int(&T, "unsigned int", 4, 0);
	bb_struct(&T, "t", false, 3, 12, false);
	bb_member(&T, "a", ti, 0, 0);
	bb_member(&T, "u", tu, 32, 0);
	bb_member(&T, "extra", tu, 64, 0);
	resolve_ok(ls, "0", BPF_CORE_TYPE_MATCHES, &r);
	assert_int_equal(r.val, 1);
}

static void test_ambiguity(void **state)
{
	struct btf_core_res r;
	uint32_t li, ls, ti;

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	ls = bb_struct(&L, "s", false, 2, 8, false);
	bb_member(&L, "a", li, 0, 0);
	bb_member(&L, "b", li, 32, 0);

	/* Two flavours in the target agreeing on b: fine. */
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "b", ti, 32, 0);
	bb_struct(&T, "s___2", false, 2, 8, false);
	bb_member(&T, "x", ti, 0, 0);
	bb_member(&T, "b", ti, 32, 0);
	resolve_ok(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.val, 4);

	/* Disagreeing: an error naming both. */
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "b", ti, 32, 0);
	bb_struct(&T, "s___2", false, 1, 8, false);
	bb_member(&T, "b", ti, 0, 0);
	assert_int_equal(resolve(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r), -ESRCH);
	assert_non_null(strstr(err, "ambiguous"));
	assert_non_null(strstr(err, "struct s [2]"));
	assert_non_null(strstr(err, "struct s___2 [3]"));
	/* ... but only the fields that differ: a still resolves (not found in
	 * either: poison), the type size agrees. */
	resolve_ok(ls, "0", BPF_CORE_TYPE_SIZE, &r);
	assert_int_equal(r.val, 8);
}

static void test_malformed(void **state)
{
	struct btf_core_res r;
	uint32_t li, ls;

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	ls = bb_struct(&L, "s", false, 1, 4, false);
	bb_member(&L, "a", li, 0, 0);
	bb_init(&T);
	bb_int(&T, "int", 4, BTF_INT_SIGNED);

	assert_int_equal(resolve(ls, "0:x", BPF_CORE_FIELD_BYTE_OFFSET, &r), -EINVAL);
	assert_non_null(strstr(err, "access string"));
	assert_int_equal(resolve(ls, "", BPF_CORE_FIELD_BYTE_OFFSET, &r), -EINVAL);
	assert_int_equal(resolve(ls, "0:99999999999", BPF_CORE_FIELD_BYTE_OFFSET, &r), -EINVAL);
	assert_int_equal(resolve(ls, "0:1", BPF_CORE_FIELD_BYTE_OFFSET, &r), -EINVAL);
	assert_non_null(strstr(err, "member index 1"));
	assert_int_equal(resolve(ls, "0:0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r), -EINVAL);
	assert_int_equal(resolve(ls, "0:0", 13, &r), -EINVAL);
	assert_non_null(strstr(err, "unknown kind 13"));
	assert_int_equal(resolve(99, "0", BPF_CORE_TYPE_SIZE, &r), -EINVAL);
	assert_int_equal(resolve(ls, "1", BPF_CORE_TYPE_SIZE, &r), -EINVAL);
	assert_int_equal(resolve(li, "0", BPF_CORE_ENUMVAL_VALUE, &r), -EINVAL);
}

/* ---- issue 11: type relocations of a missing type, resizing, linked ids ---- */

/* bpf_core_type_size() of a type the kernel lacks is 0, like
 * bpf_core_type_id_kernel() (bpf_core_read.h): no poison, the instruction
 * gets 0. */
static void test_missing_type_size_zero(void **state)
{
	struct btf_core_res r;
	uint32_t li, ls;
	struct bpf_insn insn[3] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 4 },
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .imm = 4 },
		{ 0 },
	};

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	ls = bb_struct(&L, "nothere", false, 1, 4, false);
	bb_member(&L, "x", li, 0, 0);
	bb_init(&T);
	bb_int(&T, "int", 4, BTF_INT_SIGNED);

	resolve_ok(ls, "0", BPF_CORE_TYPE_SIZE, &r);
	assert_false(r.poison);
	assert_int_equal(r.orig, 4);
	assert_int_equal(r.val, 0);
	assert_int_equal(insn_core_patch(insn, 3, 0, &r, err, sizeof(err)), 0);
	assert_false(insn_core_is_poison(&insn[0]));
	assert_int_equal(insn[0].imm, 0);
	assert_int_equal(insn_core_patch(insn, 3, 1, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[1].imm, 0);
	assert_int_equal(insn[2].imm, 0);
	resolve_ok(ls, "0", BPF_CORE_TYPE_ID_TARGET, &r);
	assert_false(r.poison);
	assert_int_equal(r.val, 0);
	/* Field relocations of the missing type still poison. */
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_true(r.poison);
}

/* The BPF static linker renumbers types (and the records' type ids) but not
 * the ids clang wrote into instructions: the instruction's id is not
 * checked for TYPE_ID_LOCAL and TYPE_ID_TARGET. */
static void test_type_id_not_validated(void **state)
{
	struct btf_core_res r;
	uint32_t li, ls, ts;
	struct bpf_insn insn[2] = {
		{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = 1, .imm = 5 },
		{ 0 },
	};

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	bb_int(&L, "long", 8, BTF_INT_SIGNED);
	ls = bb_struct(&L, "s", false, 1, 4, false);      /* id 3, not 5 */
	bb_member(&L, "x", li, 0, 0);
	bb_init(&T);
	li = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	ts = bb_struct(&T, "s", false, 1, 4, false);
	bb_member(&T, "x", li, 0, 0);

	resolve_ok(ls, "0", BPF_CORE_TYPE_ID_LOCAL, &r);
	assert_false(r.validate);
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[0].imm, ls);
	insn[0].imm = 5;
	resolve_ok(ls, "0", BPF_CORE_TYPE_ID_TARGET, &r);
	assert_false(r.validate);
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[0].imm, ts);
	assert_int_equal(insn[1].imm, 0);
	/* Other kinds are still checked. */
	insn[0].imm = 5;
	resolve_ok(ls, "0", BPF_CORE_TYPE_SIZE, &r);
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "holds 5, expected 4"));
}

/* A load of a field whose size changed is rewritten to the new size only
 * for unsigned integers and pointers (libbpf's rule); for signed integers,
 * enums, floats, structs and arrays that access is poisoned, so a program
 * that does not reach it loads, and the same relocation on an ALU
 * instruction (the field's address) is applied. An array field loads one
 * element: its element size counts, not the array's. */
static void test_resize(void **state)
{
	struct btf_core_res r;
	uint32_t lu, li, lf, le, lc, la, lca, lin, ls;
	uint32_t tu, ti, tf, te, tc, ta, tca, tin;
	struct bpf_insn ldx = { .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2 };
	struct bpf_insn insn[2];
	static const struct { const char *access; bool ok; uint32_t new_sz; } cases[] = {
		{ "0:0", true, 8 },     /* unsigned int -> unsigned long */
		{ "0:1", false, 8 },    /* int -> long */
		{ "0:2", false, 8 },    /* float -> double */
		{ "0:3", false, 8 },    /* enum of 4 bytes -> 8 */
		{ "0:4", false, 8 },    /* unsigned int[4] -> unsigned long[4] */
		{ "0:6", false, 8 },    /* struct { u32 } -> struct { u64 } */
	};
	size_t i;

	bb_init(&L);
	lu = bb_int(&L, "unsigned int", 4, 0);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	lf = bb_type(&L, "float", BTF_KIND_FLOAT, 0, 0, 4);
	le = bb_type(&L, "e", BTF_KIND_ENUM, 1, 0, 4);
	bb_enumval(&L, "E", 1);
	lc = bb_int(&L, "char", 1, BTF_INT_SIGNED);
	la = bb_array(&L, lu, lu, 4);
	lca = bb_array(&L, lc, lu, 16);
	lin = bb_struct(&L, "in", false, 1, 4, false);
	bb_member(&L, "v", lu, 0, 0);
	ls = bb_struct(&L, "s", false, 7, 56, false);
	bb_member(&L, "u", lu, 0, 0);
	bb_member(&L, "i", li, 32, 0);
	bb_member(&L, "f", lf, 64, 0);
	bb_member(&L, "e", le, 96, 0);
	bb_member(&L, "a", la, 128, 0);
	bb_member(&L, "comm", lca, 256, 0);
	bb_member(&L, "in", lin, 384, 0);

	bb_init(&T);
	tu = bb_int(&T, "unsigned long", 8, 0);
	ti = bb_int(&T, "long", 8, BTF_INT_SIGNED);
	tf = bb_type(&T, "double", BTF_KIND_FLOAT, 0, 0, 8);
	te = bb_type(&T, "e", BTF_KIND_ENUM, 1, 0, 8);
	bb_enumval(&T, "E", 1);
	tc = bb_int(&T, "char", 1, BTF_INT_SIGNED);
	ta = bb_array(&T, tu, tu, 4);
	tca = bb_array(&T, tc, tu, 32);
	tin = bb_struct(&T, "in", false, 1, 8, false);
	bb_member(&T, "v", tu, 0, 0);
	bb_struct(&T, "s", false, 7, 128, false);
	bb_member(&T, "u", tu, 0, 0);
	bb_member(&T, "i", ti, 64, 0);
	bb_member(&T, "f", tf, 128, 0);
	bb_member(&T, "e", te, 192, 0);
	bb_member(&T, "a", ta, 256, 0);
	bb_member(&T, "comm", tca, 512, 0);
	bb_member(&T, "in", tin, 768, 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		resolve_ok(ls, cases[i].access, BPF_CORE_FIELD_BYTE_OFFSET, &r);
		assert_false(r.poison);
		assert_int_equal(r.orig_sz, 4);
		assert_int_equal(r.new_sz, cases[i].new_sz);
		if (r.size_ok != cases[i].ok)
			fail_msg("%s (%s): size_ok %d", cases[i].access, r.desc, r.size_ok);
		insn[0] = ldx;
		insn[0].off = (int16_t)r.orig;
		insn[1] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 1,
					     .imm = (int32_t)r.orig };
		if (insn_core_patch(insn, 2, 0, &r, err, sizeof(err)))
			fail_msg("%s: %s", cases[i].access, err);
		if (cases[i].ok) {
			assert_false(insn_core_is_poison(&insn[0]));
			assert_int_equal(insn[0].off, r.val);
			assert_int_equal(BPF_SIZE(insn[0].code), BPF_DW);
		} else if (!insn_core_is_poison(&insn[0])) {
			fail_msg("%s (%s): load not poisoned", cases[i].access, r.desc);
		}
		/* The address computation is not a load: always applied. */
		assert_int_equal(insn_core_patch(insn, 2, 1, &r, err, sizeof(err)), 0);
		assert_int_equal(insn[1].imm, r.val);
	}

	/* char comm[16] -> char comm[32]: each load still reads one char. */
	resolve_ok(ls, "0:5", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.orig_sz, 1);
	assert_int_equal(r.new_sz, 1);
	insn[0] = ldx;
	insn[0].code = BPF_LDX | BPF_MEM | BPF_B;
	insn[0].off = 32;
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), 0);
	assert_int_equal(insn[0].off, 64);
	assert_int_equal(BPF_SIZE(insn[0].code), BPF_B);
	/* An element of the unsigned array: unsigned int -> unsigned long. */
	resolve_ok(ls, "0:4:1", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	assert_int_equal(r.orig, 20);
	assert_int_equal(r.val, 40);
	assert_int_equal(r.new_sz, 8);
	assert_true(r.size_ok);
	/* A load of the wrong width for the field: an error, not a guess. */
	resolve_ok(ls, "0:0", BPF_CORE_FIELD_BYTE_OFFSET, &r);
	insn[0] = ldx;
	insn[0].code = BPF_LDX | BPF_MEM | BPF_H;
	assert_int_equal(insn_core_patch(insn, 2, 0, &r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "access of 2 bytes on a 4-byte field"));
}

/* ---- the running kernel ---- */

static void *slurp(const char *path, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	buf = malloc(cap);
	for (;;) {
		ssize_t r;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
		r = read(fd, buf + n, cap - n);
		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	*len = n;
	return buf;
}

static void test_vmlinux(void **state)
{
	struct btf_core_res r;
	struct btf *l, *k;
	struct bpf_core_relo rel = { 0 };
	size_t len = 0;
	void *data = slurp("/sys/kernel/btf/vmlinux", &len);
	uint32_t li, lt, lp, i;
	int64_t ts;
	const struct btf_type *t;

	if (!data || !len) {
		free(data);
		skip();
	}
	assert_int_equal(btf_parse(data, len, &k, err, sizeof(err)), 0);
	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	lp = bb_ref(&L, BTF_KIND_PTR, NULL, li + 2);
	lt = bb_struct(&L, "task_struct___mine", false, 2, 16, false);
	bb_member(&L, "pid", li, 0, 0);
	bb_member(&L, "real_parent", lp, 64, 0);
	rel.type_id = lt;
	rel.access_str_off = bb_str(&L, "0:0");
	rel.kind = BPF_CORE_FIELD_BYTE_OFFSET;
	l = build(&L);
	assert_int_equal(btf_core_resolve(l, k, &rel, &r, err, sizeof(err)), 0);
	ts = btf_find(k, "task_struct", BTF_KIND_STRUCT);
	assert_int_equal(r.target_id, ts);
	t = btf_type(k, ts);
	for (i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf_str(k, btf_members(t)[i].name_off), "pid"))
			assert_int_equal(r.val, btf_member_bit_offset(t, i) / 8);
	assert_string_equal(r.desc, "task_struct___mine.pid");
	rel.access_str_off = bb_str(&L, "0:1");
	btf_free(l);
	l = build(&L);
	assert_int_equal(btf_core_resolve(l, k, &rel, &r, err, sizeof(err)), 0);
	assert_false(r.poison);
	assert_string_equal(r.desc, "task_struct___mine.real_parent");
	btf_free(l);
	btf_free(k);
	free(data);
}

/* ---- a clang-built object against the running kernel ---- */

static void *section(Elf *e, const char *name, size_t *len)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	elf_getshdrstrndx(e, &shstrndx);
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		void *p;

		gelf_getshdr(scn, &sh);
		if (strcmp(elf_strptr(e, shstrndx, sh.sh_name), name))
			continue;
		d = elf_getdata(scn, NULL);
		p = malloc(d->d_size ? d->d_size : 1);
		memcpy(p, d->d_buf, d->d_size);
		*len = d->d_size;
		return p;
	}
	return NULL;
}

/* vmlinux.h was generated from this kernel, so every relocation must give
 * back clang's own value, except those about the invented ___fake fields
 * and types, which must be 0 or poison. The patched program must then hold
 * the same instructions, poison aside. */
static void test_object(void **state)
{
	size_t klen = 0, blen, elen, plen, i;
	void *kdata = slurp("/sys/kernel/btf/vmlinux", &klen);
	void *bdata, *edata;
	struct bpf_insn *prog, *orig;
	struct btf *k, *l;
	struct btf_ext *ext;
	const struct btf_ext_sec *sec;
	int fd = open("build/tests/bpf/core_reads.bpf.o", O_RDONLY);
	uint32_t kinds = 0, poisoned = 0, zeros = 0;
	Elf *e;

	if (!kdata || !klen || fd < 0) {
		free(kdata);
		if (fd >= 0)
			close(fd);
		skip();
	}
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	bdata = section(e, ".BTF", &blen);
	edata = section(e, ".BTF.ext", &elen);
	prog = section(e, "raw_tp/sched_switch", &plen);
	assert_non_null(bdata);
	assert_non_null(edata);
	assert_non_null(prog);
	orig = malloc(plen);
	memcpy(orig, prog, plen);
	assert_int_equal(btf_parse(kdata, klen, &k, err, sizeof(err)), 0);
	assert_int_equal(btf_parse(bdata, blen, &l, err, sizeof(err)), 0);
	assert_int_equal(btf_ext_parse(edata, elen, l, &ext, err, sizeof(err)), 0);
	sec = btf_ext_find(ext->core, ext->ncore, "raw_tp/sched_switch");
	assert_non_null(sec);
	assert_true(sec->nrec >= 14);
	for (i = 0; i < sec->nrec; i++) {
		struct bpf_core_relo rel;
		struct btf_core_res r;
		bool fake;

		memcpy(&rel, sec->recs + i * sec->rec_size, sizeof(rel));
		if (btf_core_resolve(l, k, &rel, &r, err, sizeof(err)))
			fail_msg("record %zu: %s", i, err);
		kinds |= 1u << rel.kind;
		fake = strstr(r.desc, "no_such") != NULL || strstr(r.desc, "fake") != NULL;
		if (fake && rel.kind != BPF_CORE_TYPE_ID_LOCAL && strstr(r.desc, "___fake.pid") == NULL) {
			assert_true(r.poison || r.val == 0);
			poisoned += r.poison;
			zeros += !r.poison;
		} else if (strstr(r.desc, "___fake.pid")) {
			assert_false(r.poison);
			assert_int_equal(r.orig, 0);
			assert_true(r.val > 0);   /* where the kernel keeps pid */
		} else if (!r.validate && rel.kind != BPF_CORE_TYPE_ID_LOCAL &&
			   rel.kind != BPF_CORE_TYPE_ID_TARGET) {
			assert_true(strstr(r.desc, "in_execve") != NULL);
		} else if (rel.kind != BPF_CORE_TYPE_ID_TARGET) {
			if (r.poison || r.val != r.orig)
				fail_msg("record %zu %s (%s): %llu -> %llu%s", i, r.desc,
					 btf_core_kind_str(rel.kind), (unsigned long long)r.orig,
					 (unsigned long long)r.val, r.poison ? " poison" : "");
		} else {
			assert_int_equal(r.val, btf_find(k, "task_struct", BTF_KIND_STRUCT));
		}
		if (insn_core_patch(prog, plen / 8, rel.insn_off / 8, &r, err, sizeof(err)))
			fail_msg("record %zu: %s", i, err);
		/* Same value: the instruction is left exactly as clang wrote it. */
		if (!r.poison && r.validate && r.val == r.orig)
			assert_memory_equal(&prog[rel.insn_off / 8], &orig[rel.insn_off / 8], 8);
		if (r.poison)
			assert_true(insn_core_is_poison(&prog[rel.insn_off / 8]));
	}
	/* Every kind but TYPE_MATCHES, which clang 14 cannot emit. */
	assert_int_equal(kinds, (1u << BPF_CORE_TYPE_MATCHES) - 1);
	assert_true(poisoned >= 1);
	assert_true(zeros >= 2);
	btf_ext_free(ext);
	btf_free(l);
	btf_free(k);
	free(bdata);
	free(edata);
	free(prog);
	free(orig);
	free(kdata);
	elf_end(e);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_moved),
		cmocka_unit_test(test_flavor_and_missing),
		cmocka_unit_test(test_bitfields),
		cmocka_unit_test(test_enums),
		cmocka_unit_test(test_arrays_anon),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_ambiguity),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_missing_type_size_zero),
		cmocka_unit_test(test_type_id_not_validated),
		cmocka_unit_test(test_resize),
		cmocka_unit_test(test_vmlinux),
		cmocka_unit_test(test_object),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
