/* CO-RE TYPE_MATCHES (bpf_core_type_matches()): btf_core_resolve() on
 * hand-made pairs of BTF, one rule of libbpf's relo_core.c per case, and the
 * bounds on the walk. Every test runs under alarm(): a walk that visits
 * members behind pointers takes minutes on the crafted BTF below, and is
 * killed instead of passing slowly. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include "btf/btf.h"
#include "btf/core.h"
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

/* TYPE_MATCHES of local type id against T: 1 or 0, or the negative errno
 * of btf_core_resolve(). */
static int matches(uint32_t type)
{
	struct bpf_core_relo r = { .insn_off = 0, .type_id = type, .kind = BPF_CORE_TYPE_MATCHES };
	struct btf_core_res res;
	struct btf *l, *t;
	int ret;

	r.access_str_off = bb_str(&L, "0");
	l = build(&L);
	t = build(&T);
	alarm(10);
	ret = btf_core_resolve(l, t, &r, &res, err, sizeof(err));
	alarm(0);
	btf_free(l);
	btf_free(t);
	if (ret)
		return ret;
	assert_false(res.poison);
	return (int)res.val;
}

/* Levels of structs, each with n members pointing at the next level's
 * struct (ptr) or embedding it (!ptr); the last level holds n ints. Returns
 * the top struct's id. Names are shared: "m0".."m<n-1>". */
static uint32_t ladder(struct bb *b, int levels, int n, bool ptr, const char *int_name)
{
	uint32_t name_off[64], id, ii, i, next = 0, next_sz = 4;
	int lv;
	char nm[16];

	for (i = 0; i < (uint32_t)n; i++) {
		snprintf(nm, sizeof(nm), "m%u", i);
		name_off[i] = bb_str(b, nm);
	}
	ii = bb_int(b, int_name, 4, BTF_INT_SIGNED);
	for (lv = levels - 1; lv >= 0; lv--) {
		uint32_t mt = ii, sz;

		if (next && ptr)
			mt = bb_ref(b, BTF_KIND_PTR, NULL, next);
		else if (next)
			mt = next;
		sz = n * (next && ptr ? 8 : next_sz);
		snprintf(nm, sizeof(nm), "lv%d", lv);
		id = bb_struct(b, nm, false, n, sz, false);
		for (i = 0; i < (uint32_t)n; i++) {
			bb_u32(b, name_off[i]);
			bb_u32(b, mt);
			bb_u32(b, i * (sz / n) * 8);
		}
		next = id;
		next_sz = sz;
	}
	return next;
}

/* ---- the walk's cost ---- */

/* 5 levels of 40 pointer members (3.3 KB of BTF): behind a pointer only
 * names are compared, so matching the top struct looks at 40 members, not
 * 40^5 chains. */
static void test_pointer_ladder(void **state)
{
	uint32_t top;

	bb_init(&L);
	top = ladder(&L, 5, 40, true, "int");
	bb_init(&T);
	ladder(&T, 5, 40, true, "int");
	assert_int_equal(matches(top), 1);

	/* The pointed-to structs' members differ (long instead of int): still
	 * a match, since they are not visited behind a pointer. */
	bb_init(&T);
	ladder(&T, 5, 40, true, "long");
	assert_int_equal(matches(top), 1);
	/* One level: the ints are members of the top struct itself. */
	bb_init(&L);
	top = ladder(&L, 1, 40, true, "int");
	assert_int_equal(matches(top), 0);
}

/* The same shape embedded: 40^5 member chains, all of which libbpf's rules
 * visit. The walk gives up with an error after its budget of comparisons. */
static void test_embedded_budget(void **state)
{
	uint32_t top;

	bb_init(&L);
	top = ladder(&L, 5, 40, false, "int");
	bb_init(&T);
	ladder(&T, 5, 40, false, "int");
	assert_int_equal(matches(top), -E2BIG);
	assert_non_null(strstr(err, "member comparisons"));
	assert_non_null(strstr(err, "struct lv0"));
	/* Two levels of 40 (1600 chains) are well inside the budget. */
	bb_init(&L);
	top = ladder(&L, 2, 40, false, "int");
	bb_init(&T);
	ladder(&T, 2, 40, false, "int");
	assert_int_equal(matches(top), 1);
}

/* 40 structs each embedding the next: past the nesting limit (32 levels,
 * libbpf's), an error rather than an answer. */
static void test_nesting_limit(void **state)
{
	uint32_t top;

	bb_init(&L);
	top = ladder(&L, 40, 1, false, "int");
	bb_init(&T);
	ladder(&T, 40, 1, false, "int");
	assert_int_equal(matches(top), -ELOOP);
	assert_non_null(strstr(err, "nested too deeply"));
	bb_init(&L);
	top = ladder(&L, 20, 1, false, "int");
	bb_init(&T);
	ladder(&T, 20, 1, false, "int");
	assert_int_equal(matches(top), 1);
}

/* ---- the rules ---- */

/* Linked structures: struct node { struct node *next, *prev; int v; }. */
static void test_self_referential(void **state)
{
	uint32_t li, ln, ti, tn;

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	ln = bb_struct(&L, "node", false, 3, 24, false);
	bb_member(&L, "next", ln + 1, 0, 0);
	bb_member(&L, "prev", ln + 1, 64, 0);
	bb_member(&L, "v", li, 128, 0);
	bb_ref(&L, BTF_KIND_PTR, NULL, ln);
	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tn = bb_struct(&T, "node", false, 3, 24, false);
	bb_member(&T, "v", ti, 0, 0);
	bb_member(&T, "prev", tn + 1, 64, 0);
	bb_member(&T, "next", tn + 1, 128, 0);
	bb_ref(&T, BTF_KIND_PTR, NULL, tn);
	assert_int_equal(matches(ln), 1);
}

/* Behind a pointer a struct matches a struct of the same name, or a forward
 * declaration of a struct; not a union, not a differently named struct. */
static void test_behind_pointer(void **state)
{
	uint32_t li, lo, lp, ls;

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	lo = bb_struct(&L, "other", false, 1, 4, false);
	bb_member(&L, "x", li, 0, 0);
	lp = bb_ref(&L, BTF_KIND_PTR, NULL, lo);
	ls = bb_struct(&L, "s", false, 1, 8, false);
	bb_member(&L, "p", lp, 0, 0);

	bb_init(&T);
	bb_type(&T, "other", BTF_KIND_FWD, 0, 0, 0);
	bb_ref(&T, BTF_KIND_PTR, NULL, 1);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "p", 2, 0, 0);
	assert_int_equal(matches(ls), 1);

	bb_init(&T);
	bb_type(&T, "other", BTF_KIND_FWD, 0, 1, 0);     /* union other */
	bb_ref(&T, BTF_KIND_PTR, NULL, 1);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "p", 2, 0, 0);
	assert_int_equal(matches(ls), 0);

	bb_init(&T);
	bb_struct(&T, "another", false, 0, 4, false);
	bb_ref(&T, BTF_KIND_PTR, NULL, 1);
	bb_struct(&T, "s", false, 1, 8, false);
	bb_member(&T, "p", 2, 0, 0);
	assert_int_equal(matches(ls), 0);

	/* Embedded (not behind a pointer) a forward declaration is no match. */
	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	lo = bb_struct(&L, "other", false, 1, 4, false);
	bb_member(&L, "x", li, 0, 0);
	ls = bb_struct(&L, "s", false, 1, 4, false);
	bb_member(&L, "o", lo, 0, 0);
	bb_init(&T);
	bb_type(&T, "other", BTF_KIND_FWD, 0, 0, 0);
	bb_struct(&T, "s", false, 1, 4, false);
	bb_member(&T, "o", 1, 0, 0);
	assert_int_equal(matches(ls), 0);
}

/* Member names compare without their ___flavor suffix; the types behind
 * typedefs compare by their own names. */
static void test_member_flavors_typedefs(void **state)
{
	uint32_t lu, lt, ls, tu, tt;

	bb_init(&L);
	lu = bb_int(&L, "unsigned int", 4, 0);
	lt = bb_ref(&L, BTF_KIND_TYPEDEF, "u32", lu);
	ls = bb_struct(&L, "s___mine", false, 1, 4, false);
	bb_member(&L, "count___v2", lt, 0, 0);
	bb_init(&T);
	tu = bb_int(&T, "unsigned int", 4, 0);
	tt = bb_ref(&T, BTF_KIND_TYPEDEF, "__u32", tu);
	bb_struct(&T, "s", false, 2, 8, false);
	bb_member(&T, "other", tu, 0, 0);
	bb_member(&T, "count", tt, 32, 0);
	assert_int_equal(matches(ls), 1);

	/* Signedness differs. */
	bb_init(&T);
	tu = bb_int(&T, "unsigned int", 4, BTF_INT_SIGNED);
	bb_struct(&T, "s", false, 1, 4, false);
	bb_member(&T, "count", tu, 0, 0);
	assert_int_equal(matches(ls), 0);
	/* More local members than target ones. */
	bb_init(&T);
	bb_struct(&T, "s", false, 0, 4, false);
	assert_int_equal(matches(ls), 0);
}

/* Enums: every local enumerator by name, and the same size. */
static void test_enums(void **state)
{
	uint32_t le;

	bb_init(&L);
	le = bb_type(&L, "e", BTF_KIND_ENUM, 2, 0, 4);
	bb_enumval(&L, "A", 1);
	bb_enumval(&L, "B___x", 2);
	bb_init(&T);
	bb_type(&T, "e", BTF_KIND_ENUM, 3, 0, 4);
	bb_enumval(&T, "B", 7);
	bb_enumval(&T, "C", 8);
	bb_enumval(&T, "A", 9);
	assert_int_equal(matches(le), 1);

	bb_init(&T);
	bb_type(&T, "e", BTF_KIND_ENUM, 3, 0, 8);         /* 8 bytes */
	bb_enumval(&T, "B", 7);
	bb_enumval(&T, "C", 8);
	bb_enumval(&T, "A", 9);
	assert_int_equal(matches(le), 0);

	bb_init(&T);
	bb_type(&T, "e", BTF_KIND_ENUM64, 2, 0, 4);       /* enum64 of 4 bytes */
	bb_u32(&T, bb_str(&T, "A")); bb_u32(&T, 1); bb_u32(&T, 0);
	bb_u32(&T, bb_str(&T, "B")); bb_u32(&T, 2); bb_u32(&T, 0);
	assert_int_equal(matches(le), 1);

	bb_init(&T);
	bb_type(&T, "e", BTF_KIND_ENUM, 1, 0, 4);
	bb_enumval(&T, "A", 1);
	assert_int_equal(matches(le), 0);
}

/* Arrays: the same number of elements of matching types. Function pointers:
 * the same parameters and return type. */
static void test_arrays_funcs(void **state)
{
	uint32_t li, la, lf, lp, ls, ti, tl, ta, tf, tp;

	bb_init(&L);
	li = bb_int(&L, "int", 4, BTF_INT_SIGNED);
	la = bb_array(&L, li, li, 4);
	lf = bb_type(&L, NULL, BTF_KIND_FUNC_PROTO, 1, 0, li);
	bb_u32(&L, 0); bb_u32(&L, li);
	lp = bb_ref(&L, BTF_KIND_PTR, NULL, lf);
	ls = bb_struct(&L, "s", false, 2, 24, false);
	bb_member(&L, "a", la, 0, 0);
	bb_member(&L, "fn", lp, 128, 0);

	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	ta = bb_array(&T, ti, ti, 4);
	tf = bb_type(&T, NULL, BTF_KIND_FUNC_PROTO, 1, 0, ti);
	bb_u32(&T, 0); bb_u32(&T, ti);
	tp = bb_ref(&T, BTF_KIND_PTR, NULL, tf);
	bb_struct(&T, "s", false, 2, 24, false);
	bb_member(&T, "fn", tp, 0, 0);
	bb_member(&T, "a", ta, 64, 0);
	assert_int_equal(matches(ls), 1);

	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	ta = bb_array(&T, ti, ti, 5);
	tf = bb_type(&T, NULL, BTF_KIND_FUNC_PROTO, 1, 0, ti);
	bb_u32(&T, 0); bb_u32(&T, ti);
	tp = bb_ref(&T, BTF_KIND_PTR, NULL, tf);
	bb_struct(&T, "s", false, 2, 24, false);
	bb_member(&T, "fn", tp, 0, 0);
	bb_member(&T, "a", ta, 64, 0);
	assert_int_equal(matches(ls), 0);

	bb_init(&T);
	ti = bb_int(&T, "int", 4, BTF_INT_SIGNED);
	tl = bb_int(&T, "long", 8, BTF_INT_SIGNED);
	ta = bb_array(&T, ti, ti, 4);
	tf = bb_type(&T, NULL, BTF_KIND_FUNC_PROTO, 1, 0, ti);
	bb_u32(&T, 0); bb_u32(&T, tl);
	tp = bb_ref(&T, BTF_KIND_PTR, NULL, tf);
	bb_struct(&T, "s", false, 2, 24, false);
	bb_member(&T, "fn", tp, 0, 0);
	bb_member(&T, "a", ta, 64, 0);
	assert_int_equal(matches(ls), 0);
}

/* ---- the running kernel's types against themselves ---- */

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

/* Every kernel type matches itself (the kernel's BTF as both local and
 * target BTF, the relocation naming the type's own id). */
static void test_vmlinux_self(void **state)
{
	static const char *const names[] = {
		"list_head", "task_struct", "sk_buff", "file", "page", "inode",
		"mm_struct", "sock", "net_device", "bpf_prog", "cred", "dentry",
		"super_block", "rq", "cgroup",
	};
	size_t len = 0, i;
	void *data = slurp("/sys/kernel/btf/vmlinux", &len);
	struct btf *k;

	if (!data || !len) {
		free(data);
		skip();
	}
	assert_int_equal(btf_parse(data, len, &k, err, sizeof(err)), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int64_t id = btf_find(k, names[i], BTF_KIND_STRUCT);
		uint32_t soff = 0, o;
		struct bpf_core_relo r = { .kind = BPF_CORE_TYPE_MATCHES };
		struct btf_core_res res;

		if (id < 0)
			continue;
		/* The access string "0": any "0" in the kernel's strings. */
		for (o = 0; o < 1u << 24 && btf_str(k, o); o++)
			if (!strcmp(btf_str(k, o), "0")) {
				soff = o;
				break;
			}
		assert_true(soff > 0);
		r.type_id = id;
		r.access_str_off = soff;
		alarm(10);
		if (btf_core_resolve(k, k, &r, &res, err, sizeof(err)))
			fail_msg("%s: %s", names[i], err);
		alarm(0);
		if (res.val != 1)
			fail_msg("struct %s does not match itself", names[i]);
	}
	btf_free(k);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pointer_ladder),
		cmocka_unit_test(test_embedded_budget),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_self_referential),
		cmocka_unit_test(test_behind_pointer),
		cmocka_unit_test(test_member_flavors_typedefs),
		cmocka_unit_test(test_enums),
		cmocka_unit_test(test_arrays_funcs),
		cmocka_unit_test(test_vmlinux_self),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
