/* The plan stage (plan_parse) on broken objects: every object the
 * project builds, truncated at many offsets and with header fields changed,
 * must be refused with a message (or accepted), never crash; under
 * `make test SANITIZE=1` ASan and UBSan watch every read. And each
 * regression input in tests/data/malformed/ must be refused for its reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <unistd.h>

#include "btf/btf.h"
#include "loader/plan/object.h"
#include "tests/unit/objects.h"

/* What each regression input in tests/data/malformed/ must be refused with.
 * tests/fuzz/mkmalformed.c writes most of them; the fuzzer found the rest. */
static const struct { const char *file, *want; } expected[] = {
	{ "btf_ext_len_overflow.o",    "func_info [4294967280, +32) past the" },
	{ "btf_header_misaligned.o",   "BTF: magic 0x0000" },
	/* Both once hung the globals stage; the DATASEC fix-up, now in the
	 * plan, refuses their looping types first. */
	{ "btf_type_loop_globals.o",   "'hits' has a type without a size (its type chain loops)" },
	{ "btf_const_loop.o",          "'knob' has a type without a size (its type chain loops)" },
	{ "btf_nobits.o",              ".BTF has no data (SHT_NOBITS)" },
	{ "core_insn_past_section.o",  "CO-RE record 0" },
	{ "datasec_var_past_size.o",   "lies outside the section's 4 bytes" },
	{ "datasec_vlen_huge.o",       "vlen 65535" },
	{ "exec_section_misaligned.o", "not 4-byte aligned" },
	{ "func_name_newline.o",       "function ?n_getpid at offset 0, size 264" },
	{ "func_past_section.o",       "function on_getpid at offset 0, size 264" },
	{ "license_unterminated.o",    "not a NUL-terminated string" },
	{ "rel_entsize0.o",            "entry size 0" },
	{ "rel_target_nobits.o",       "which has no bytes in the file (SHT_NOBITS)" },
	{ "maps_rel_not_slot.o",       "relocation at offset 0 is not a slot of map counts's values" },
	/* Found by the fuzzer in plan_slots; since the DATASEC fix-up moved into
	 * the plan it is refused one stage earlier, for its .bss DATASEC. */
	{ "maps_rel_outside_map.o",    "size 0 and the object has no such section" },
	{ "reloc_not_ld_imm64.o",      "neither ld_imm64 nor a call" },
	{ "reloc_past_program.o",      "offset 264 is not an instruction" },
	{ "reloc_symbol_past_table.o", "symbol index 15" },
	{ "section_past_eof.o",        "runs past the end of the file" },
	/* Its changed names also orphan a DATASEC, now checked in the plan. */
	{ "symbol_name_newline.o",     "'.data.custom': size 0 and the object has no such section" },
	{ "symbol_name_past_strtab.o", "name offset 2147483647" },
	{ "symbol_shndx_past_table.o", "section index 19" },
	{ "symtab_entsize0.o",         "entry size 0, expected 24" },
	{ "xindex_shnum_lies.o",       "section count 4294967295" },
	{ "xindex_shstrndx_lies.o",    "section name table index 1000" },
};

/* Parse a copy of buf[len]; refusals must say why, on one line. Returns the
 * result. */
static int parse_copy(const char *what, const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	uint8_t *copy = malloc(len ? len : 1);
	struct rb_object *obj;
	int ret;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	err[0] = '\0';
	ret = plan_parse(&obj, "t.o", copy, len, err, errlen);
	if (ret == 0) {
		plan_free(obj);
		return 0;
	}
	if (ret > 0 || !err[0] || strchr(err, '\n'))
		fail_msg("%s: returned %d with message \"%s\"", what, ret, err);
	return ret;
}

static int by_offset(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every 1/64 of the file, every section header boundary, and every
 * section's data start and end. */
static void truncate_one(const char *path, size_t *nparse)
{
	size_t len = 0, n = 0;
	uint8_t *buf = test_slurp(path, &len);
	struct elf_file ef;
	uint64_t *cuts;
	char err[ERR_LEN], what[600];

	assert_non_null(buf);
	assert_int_equal(elf_open(&ef, buf, len, err, sizeof(err)), 0);
	cuts = calloc(64 + 3 * (ef.nsec + 1), sizeof(*cuts));
	assert_non_null(cuts);
	for (size_t i = 0; i < 64; i++)
		cuts[n++] = len * i / 64;
	for (size_t i = 0; i <= ef.nsec; i++)
		cuts[n++] = ((const Elf64_Ehdr *)buf)->e_shoff + i * sizeof(Elf64_Shdr);
	for (size_t i = 0; i < ef.nsec; i++) {
		cuts[n++] = ef.secs[i].offset;
		cuts[n++] = ef.secs[i].offset + ef.secs[i].size;
	}
	qsort(cuts, n, sizeof(*cuts), by_offset);
	for (size_t i = 0; i < n; i++) {
		if (cuts[i] >= len || (i && cuts[i] == cuts[i - 1]))
			continue;
		snprintf(what, sizeof(what), "%s cut at %llu", path, (unsigned long long)cuts[i]);
		/* A file cut anywhere loses its section table (at the end): refused. */
		assert_true(parse_copy(what, buf, cuts[i], err, sizeof(err)) < 0);
		(*nparse)++;
	}
	free(cuts);
	elf_close(&ef);
	free(buf);
}

static void test_truncated(void **state)
{
	glob_t g;
	size_t n = test_objects(&g), nparse = 0;

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		truncate_one(g.gl_pathv[i], &nparse);
	print_message("# %zu objects, %zu truncations refused\n", n, nparse);
	globfree(&g);
}

/* Set the size-byte field at off of a copy to v, and parse it. */
static void flip(const char *path, const uint8_t *buf, size_t len, uint64_t off, size_t size,
		 uint64_t v, const char *field, size_t *nparse, size_t *nref)
{
	uint8_t *m = malloc(len);
	char err[ERR_LEN], what[600];

	assert_non_null(m);
	memcpy(m, buf, len);
	assert_true(off + size <= len);
	memcpy(m + off, &v, size); /* little-endian: the low bytes of v */
	snprintf(what, sizeof(what), "%s with %s = %#llx", path, field, (unsigned long long)v);
	if (parse_copy(what, m, len, err, sizeof(err)))
		(*nref)++;
	(*nparse)++;
	free(m);
}

#define FLIP(off, type, f, v, name) \
	flip(path, buf, len, (off) + offsetof(type, f), sizeof(((type *)0)->f), (v), (name), nparse, nref)

static void flip_one(const char *path, size_t *nparse, size_t *nref)
{
	size_t len = 0;
	uint8_t *buf = test_slurp(path, &len);
	struct elf_file ef;
	Elf64_Ehdr eh;
	char err[ERR_LEN], name[64];
	const uint64_t any[] = { 0, 1, 7, 0xff, 0xffff, 0x7fffffff, 0xffffffff,
				 UINT64_MAX, UINT64_MAX - 7 };

	assert_non_null(buf);
	assert_int_equal(elf_open(&ef, buf, len, err, sizeof(err)), 0);
	memcpy(&eh, buf, sizeof(eh));
	for (size_t k = 0; k < sizeof(any) / sizeof(any[0]); k++) {
		FLIP(0, Elf64_Ehdr, e_shoff, any[k], "e_shoff");
		FLIP(0, Elf64_Ehdr, e_shnum, any[k], "e_shnum");
		FLIP(0, Elf64_Ehdr, e_shstrndx, any[k], "e_shstrndx");
	}
	FLIP(0, Elf64_Ehdr, e_shoff, eh.e_shoff + 1, "e_shoff");
	FLIP(0, Elf64_Ehdr, e_shoff, len, "e_shoff");
	FLIP(0, Elf64_Ehdr, e_shnum, eh.e_shnum + 1, "e_shnum");
	FLIP(0, Elf64_Ehdr, e_shnum, eh.e_shnum - 1, "e_shnum");
	FLIP(0, Elf64_Ehdr, e_shstrndx, eh.e_shnum, "e_shstrndx");
	FLIP(0, Elf64_Ehdr, e_shstrndx, SHN_XINDEX, "e_shstrndx");

	for (size_t i = 0; i < ef.nsec; i++) {
		uint64_t sh = eh.e_shoff + i * sizeof(Elf64_Shdr);
		const struct elf_section *s = &ef.secs[i];
		const uint64_t offs[] = { 0, 1, s->offset + 1, len, len - 1, UINT64_MAX - 7 };
		const uint64_t sizes[] = { 0, 1, s->size + 1, s->size - 1, len, UINT64_MAX };
		const uint64_t links[] = { 0, i, ef.nsec, 0xffffffff, s->link + 1 };
		const uint64_t ents[] = { 0, 1, s->entsize + 1, UINT64_MAX };

		for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
			snprintf(name, sizeof(name), "section %zu sh_offset", i);
			FLIP(sh, Elf64_Shdr, sh_offset, offs[k], name);
		}
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			snprintf(name, sizeof(name), "section %zu sh_size", i);
			FLIP(sh, Elf64_Shdr, sh_size, sizes[k], name);
		}
		for (size_t k = 0; k < sizeof(links) / sizeof(links[0]); k++) {
			snprintf(name, sizeof(name), "section %zu sh_link", i);
			FLIP(sh, Elf64_Shdr, sh_link, links[k], name);
			snprintf(name, sizeof(name), "section %zu sh_info", i);
			FLIP(sh, Elf64_Shdr, sh_info, links[k], name);
		}
		for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]); k++) {
			snprintf(name, sizeof(name), "section %zu sh_entsize", i);
			FLIP(sh, Elf64_Shdr, sh_entsize, ents[k], name);
		}
		snprintf(name, sizeof(name), "section %zu sh_type", i);
		FLIP(sh, Elf64_Shdr, sh_type, SHT_NOBITS, name);
	}
	if (ef.symtab) {
		const struct elf_section *ss = &ef.secs[ef.symtab];
		const uint64_t shndx[] = { SHN_UNDEF, ef.nsec, SHN_ABS, SHN_XINDEX, SHN_COMMON, 0xfeff };
		const uint64_t names[] = { 0, ef.secs[ss->link].size - 1, ef.secs[ss->link].size,
					   0xffffffff };

		for (size_t i = 0; i < ef.nsym; i++) {
			uint64_t y = ss->offset + i * sizeof(Elf64_Sym);

			for (size_t k = 0; k < sizeof(shndx) / sizeof(shndx[0]); k++) {
				snprintf(name, sizeof(name), "symbol %zu st_shndx", i);
				FLIP(y, Elf64_Sym, st_shndx, shndx[k], name);
			}
			for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
				snprintf(name, sizeof(name), "symbol %zu st_name", i);
				FLIP(y, Elf64_Sym, st_name, names[k], name);
			}
		}
	}
	elf_close(&ef);
	free(buf);
}

static void test_flipped_fields(void **state)
{
	glob_t g;
	size_t n = test_objects(&g), nparse = 0, nref = 0;

	(void)state;
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		flip_one(g.gl_pathv[i], &nparse, &nref);
	print_message("# %zu objects, %zu changed headers: %zu refused, the rest accepted\n",
		      n, nparse, nref);
	globfree(&g);
}

static void test_regression_inputs(void **state)
{
	size_t nexp = sizeof(expected) / sizeof(expected[0]);
	glob_t g;

	(void)state;
	assert_int_equal(glob("tests/data/malformed/*", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		const char *base = strrchr(path, '/') + 1;
		const char *want = NULL;
		char err[ERR_LEN];
		size_t len = 0;
		uint8_t *buf = test_slurp(path, &len);

		for (size_t k = 0; k < nexp; k++)
			if (!strcmp(expected[k].file, base))
				want = expected[k].want;
		if (!want)
			fail_msg("%s: not in test_malformed.c's table of expected messages", path);
		assert_non_null(buf);
		if (parse_copy(path, buf, len, err, sizeof(err)) == 0)
			fail_msg("%s: accepted, expected a refusal mentioning \"%s\"", path, want);
		if (!strstr(err, want))
			fail_msg("%s: message \"%s\" does not mention \"%s\"", path, err, want);
		free(buf);
	}
	assert_int_equal(g.gl_pathc, nexp);
	print_message("# %zu regression inputs refused for their reason\n", g.gl_pathc);
	globfree(&g);
}

/* The objects in tests/data/ are valid, if odd: each must be accepted. */
static void test_valid_inputs(void **state)
{
	glob_t g;

	(void)state;
	assert_int_equal(glob("tests/data/*.o", 0, NULL, &g), 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char err[ERR_LEN];
		size_t len = 0;
		uint8_t *buf = test_slurp(g.gl_pathv[i], &len);

		assert_non_null(buf);
		if (parse_copy(g.gl_pathv[i], buf, len, err, sizeof(err)))
			fail_msg("%s: refused: %s", g.gl_pathv[i], err);
		free(buf);
	}
	globfree(&g);
}

/* BTF inputs that once made a query run away: every query on every type
 * must finish; format_blowup.btf's worst type is cut short with -E2BIG. */
static void test_btf_regressions(void **state)
{
	static const uint8_t zero[512];
	char err[256], out[256];
	struct btf *btf;
	size_t len = 0;
	uint8_t *buf = test_slurp("tests/data/btf/format_blowup.btf", &len);
	int big = 0;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(btf_parse(buf, len, &btf, err, sizeof(err)), 0);
	for (uint32_t id = 1; id < btf_nr_types(btf); id++) {
		int64_t sz = btf_type_size(btf, id);

		btf_type_str(btf, id, out, sizeof(out));
		if (sz > 0 && sz <= (int64_t)sizeof(zero) &&
		    btf_format(btf, id, zero, sz, false, out, sizeof(out)) == -E2BIG)
			big++;
	}
	assert_true(big > 0);
	btf_free(btf);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regression_inputs),
		cmocka_unit_test(test_valid_inputs),
		cmocka_unit_test(test_btf_regressions),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_flipped_fields),
	};
	/* A regression that hangs again fails the run instead of stalling it. */
	alarm(300);
	return cmocka_run_group_tests_name("malformed", tests, NULL, NULL);
}
