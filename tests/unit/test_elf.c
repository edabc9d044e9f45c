/* The ELF reader against libelf, the oracle, on every object the project
 * builds; and against hand-broken headers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include "elf/elf.h"
#include "tests/unit/objects.h"

static void compare_with_libelf(const char *path)
{
	size_t len = 0, nsec, shstrndx;
	void *buf = test_slurp(path, &len);
	struct elf_file ef;
	char err[256];
	Elf *e;
	int fd;

	assert_non_null(buf);
	if (elf_open(&ef, buf, len, err, sizeof(err)))
		fail_msg("%s: %s", path, err);

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	e = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(e);
	assert_int_equal(elf_getshdrnum(e, &nsec), 0);
	assert_int_equal(elf_getshdrstrndx(e, &shstrndx), 0);
	assert_int_equal(ef.nsec, nsec);
	assert_int_equal(ef.shstrndx, shstrndx);

	for (size_t i = 0; i < nsec; i++) {
		Elf_Scn *scn = elf_getscn(e, i);
		const struct elf_section *s = &ef.secs[i];
		GElf_Shdr sh;

		assert_non_null(gelf_getshdr(scn, &sh));
		assert_string_equal(s->name, elf_strptr(e, shstrndx, sh.sh_name));
		assert_int_equal(s->type, sh.sh_type);
		assert_int_equal(s->flags, sh.sh_flags);
		assert_int_equal(s->offset, sh.sh_offset);
		assert_int_equal(s->size, sh.sh_size);
		assert_int_equal(s->link, sh.sh_link);
		assert_int_equal(s->info, sh.sh_info);
		assert_int_equal(s->entsize, sh.sh_entsize);

		if (sh.sh_type == SHT_SYMTAB) {
			Elf_Data *d = elf_getdata(scn, NULL);
			size_t n = sh.sh_size / sh.sh_entsize;

			assert_int_equal(ef.nsym, n);
			for (size_t k = 0; k < n; k++) {
				GElf_Sym sym;

				assert_non_null(gelf_getsym(d, k, &sym));
				assert_string_equal(ef.syms[k].name, elf_strptr(e, sh.sh_link, sym.st_name));
				assert_int_equal(ef.syms[k].value, sym.st_value);
				assert_int_equal(ef.syms[k].size, sym.st_size);
				assert_int_equal(ef.syms[k].bind, GELF_ST_BIND(sym.st_info));
				assert_int_equal(ef.syms[k].type, GELF_ST_TYPE(sym.st_info));
				assert_int_equal(ef.syms[k].shndx, sym.st_shndx);
			}
		}
		if (sh.sh_type == SHT_REL) {
			Elf_Data *d = elf_getdata(scn, NULL);
			size_t n = sh.sh_size / sh.sh_entsize, got;
			struct elf_rel *rels;

			assert_int_equal(elf_rels(&ef, i, &rels, &got, err, sizeof(err)), 0);
			assert_int_equal(got, n);
			for (size_t k = 0; k < n; k++) {
				GElf_Rel r;

				assert_non_null(gelf_getrel(d, k, &r));
				assert_int_equal(rels[k].offset, r.r_offset);
				assert_int_equal(rels[k].sym, GELF_R_SYM(r.r_info));
				assert_int_equal(rels[k].type, GELF_R_TYPE(r.r_info));
			}
			free(rels);
		}
	}
	elf_end(e);
	close(fd);
	elf_close(&ef);
	free(buf);
}

static void test_every_object_matches_libelf(void **state)
{
	glob_t g;
	size_t n = test_objects(&g);

	(void)state;
	assert_true(n > 0);
	elf_version(EV_CURRENT);
	for (size_t i = 0; i < n; i++)
		compare_with_libelf(g.gl_pathv[i]);
	print_message("# %zu objects identical under both readers\n", n);
	globfree(&g);
}

/* One object, its header broken by `mutate`, must be refused with a message
 * containing `want`. */
static void refused(void (*mutate)(uint8_t *buf, size_t *len), const char *want)
{
	glob_t g;
	size_t len = 0;
	uint8_t *buf;
	struct elf_file ef;
	char err[256] = "";

	assert_true(test_objects(&g) > 0);
	buf = test_slurp(g.gl_pathv[0], &len);
	globfree(&g);
	assert_non_null(buf);
	mutate(buf, &len);
	assert_int_equal(elf_open(&ef, buf, len, err, sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fail_msg("message \"%s\" does not contain \"%s\"", err, want);
	elf_close(&ef);
	free(buf);
}

static Elf64_Ehdr *eh(uint8_t *buf) { return (Elf64_Ehdr *)buf; }
static void bad_magic(uint8_t *b, size_t *l) { b[1] = 'X'; }
static void class32(uint8_t *b, size_t *l) { b[EI_CLASS] = ELFCLASS32; }
static void bigendian(uint8_t *b, size_t *l) { b[EI_DATA] = ELFDATA2MSB; }
static void exec_type(uint8_t *b, size_t *l) { eh(b)->e_type = ET_EXEC; }
static void x86(uint8_t *b, size_t *l) { eh(b)->e_machine = EM_X86_64; }
static void short_file(uint8_t *b, size_t *l) { *l = 20; }
static void shoff_past_end(uint8_t *b, size_t *l) { eh(b)->e_shoff = *l; }
static void shnum_huge(uint8_t *b, size_t *l) { eh(b)->e_shnum = 0xffff; }
static void shstrndx_out(uint8_t *b, size_t *l) { eh(b)->e_shstrndx = eh(b)->e_shnum; }
static void xindex_lies(uint8_t *b, size_t *l)
{
	/* Extended numbering: e_shnum 0, count in section 0's sh_size: lie. */
	Elf64_Shdr *s0 = (Elf64_Shdr *)(b + eh(b)->e_shoff);

	eh(b)->e_shnum = 0;
	s0->sh_size = 1u << 30;
}
static void symtab_entsize0(uint8_t *b, size_t *l)
{
	Elf64_Shdr *sh = (Elf64_Shdr *)(b + eh(b)->e_shoff);

	for (int i = 0; i < eh(b)->e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB)
			sh[i].sh_entsize = 0;
}
static void section_past_end(uint8_t *b, size_t *l)
{
	Elf64_Shdr *sh = (Elf64_Shdr *)(b + eh(b)->e_shoff);

	sh[1].sh_offset = (uint64_t)-8;
	sh[1].sh_size = 16;
}
static void name_past_table(uint8_t *b, size_t *l)
{
	Elf64_Shdr *sh = (Elf64_Shdr *)(b + eh(b)->e_shoff);

	sh[2].sh_name = 0x7fffffff;
}

static void test_bad_magic(void **s) { refused(bad_magic, "not an ELF file"); }
static void test_class32(void **s) { refused(class32, "ELFCLASS64"); }
static void test_bigendian(void **s) { refused(bigendian, "big-endian"); }
static void test_exec_type(void **s) { refused(exec_type, "ET_REL"); }
static void test_machine(void **s) { refused(x86, "EM_BPF"); }
static void test_short(void **s) { refused(short_file, "shorter than an ELF64 header"); }
static void test_shoff(void **s) { refused(shoff_past_end, "past the end"); }
static void test_shnum(void **s) { refused(shnum_huge, "section count 65535"); }
static void test_shstrndx(void **s) { refused(shstrndx_out, "section name table index"); }
static void test_xindex(void **s) { refused(xindex_lies, "section count 1073741824"); }
static void test_symtab_entsize(void **s) { refused(symtab_entsize0, "entry size 0"); }
static void test_section_range(void **s) { refused(section_past_end, "section 1: data at offset"); }
static void test_section_name(void **s) { refused(name_past_table, "section 2: name offset"); }

/* elf_rels_of: the relocations of one section; a second SHT_REL section
 * naming the same target (sh_info) is refused with both names, not merged
 * or ignored. An object with two relocation sections is made to have two
 * for one target. */
static void test_two_rel_sections_for_one_target(void **state)
{
	glob_t g;
	bool tried = false;

	assert_true(test_objects(&g) > 0);
	for (size_t i = 0; i < g.gl_pathc && !tried; i++) {
		size_t len = 0, n, first = 0, nrel = 0;
		uint8_t *buf = test_slurp(g.gl_pathv[i], &len);
		Elf64_Shdr *sh = (Elf64_Shdr *)(buf + eh(buf)->e_shoff);
		struct elf_file ef;
		struct elf_rel *rels;
		const char *name;
		char err[256] = "";

		for (int k = 0; k < eh(buf)->e_shnum; k++) {
			if (sh[k].sh_type != SHT_REL)
				continue;
			if (nrel++ == 0)
				first = (size_t)k;
			else
				sh[k].sh_info = sh[first].sh_info;
		}
		if (nrel >= 2) {
			tried = true;
			assert_int_equal(elf_open(&ef, buf, len, err, sizeof(err)), 0);
			assert_int_equal(elf_rels_of(&ef, sh[first].sh_info, &rels, &n, &name,
						     err, sizeof(err)), -EINVAL);
			if (!strstr(err, "both relocate section"))
				fail_msg("message \"%s\" does not name the two sections", err);
			elf_close(&ef);
		}
		free(buf);
	}
	globfree(&g);
	assert_true(tried);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_object_matches_libelf),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_class32),
		cmocka_unit_test(test_bigendian),
		cmocka_unit_test(test_exec_type),
		cmocka_unit_test(test_machine),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_shoff),
		cmocka_unit_test(test_shnum),
		cmocka_unit_test(test_shstrndx),
		cmocka_unit_test(test_xindex),
		cmocka_unit_test(test_symtab_entsize),
		cmocka_unit_test(test_section_range),
		cmocka_unit_test(test_section_name),
		cmocka_unit_test(test_two_rel_sections_for_one_target),
	};
	return cmocka_run_group_tests_name("elf", tests, NULL, NULL);
}
