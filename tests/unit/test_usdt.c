/* USDT notes (elf/notes.c) against `readelf -n`, the oracle, on a program
 * built with <sys/sdt.h> (tests/tools/usdt_target.c); file offsets against
 * libelf's program and section headers; argument specs against the layout
 * libbpf's <bpf/usdt.bpf.h> reads; malformed notes refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/ptrace.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <unistd.h>

#include "elf/elf.h"
#include "elf/notes.h"
#include "loader/run/usdt_spec.h"
#include "tests/unit/objects.h"

struct oracle_note {
	char provider[64], name[64], args[256];
	uint64_t loc, base, sema;
};

static void target_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/tests/tools/usdt_target", getenv("O") ? getenv("O") : "build");
}

/* The notes as readelf prints them: Provider, Name, Location/Base/Semaphore,
 * Arguments lines, in file order. */
static size_t readelf_notes(const char *path, struct oracle_note *o, size_t max)
{
	char cmd[512], line[512];
	size_t n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "readelf -n %s", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		char *s = line + strspn(line, " \t");

		s[strcspn(s, "\n")] = '\0';
		if (!strncmp(s, "Provider: ", 10) && n < max)
			snprintf(o[n++].provider, sizeof(o->provider), "%s", s + 10);
		else if (n && !strncmp(s, "Name: ", 6))
			snprintf(o[n - 1].name, sizeof(o->name), "%s", s + 6);
		else if (n && !strncmp(s, "Location: ", 10))
			assert_int_equal(sscanf(s, "Location: %" SCNx64 ", Base: %" SCNx64 ", Semaphore: %" SCNx64,
						&o[n - 1].loc, &o[n - 1].base, &o[n - 1].sema), 3);
		else if (n && !strncmp(s, "Arguments:", 10))
			snprintf(o[n - 1].args, sizeof(o->args), "%s", s[10] ? s + 11 : "");
	}
	assert_int_equal(pclose(p), 0);
	return n;
}

/* The file offset of addr by libelf's program headers (the oracle). */
static uint64_t libelf_offset(Elf *e, uint64_t addr, bool exec)
{
	size_t n;
	GElf_Phdr ph;

	assert_int_equal(elf_getphdrnum(e, &n), 0);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(gelf_getphdr(e, i, &ph));
		if (ph.p_type == PT_LOAD && !!(ph.p_flags & PF_X) == exec &&
		    addr >= ph.p_vaddr && addr < ph.p_vaddr + ph.p_filesz)
			return addr - ph.p_vaddr + ph.p_offset;
	}
	fail_msg("no PT_LOAD maps 0x%" PRIx64, addr);
	return 0;
}

static void notes_match_readelf(void **state)
{
	struct oracle_note o[16];
	struct elf_usdt_note *u;
	struct elf_file ef;
	char path[256], err[256];
	size_t len = 0, n = 0, no;
	void *buf;
	Elf *e;
	int fd;

	target_path(path, sizeof(path));
	buf = test_slurp(path, &len);
	assert_non_null(buf);
	if (elf_open_program(&ef, buf, len, err, sizeof(err)) ||
	    elf_usdt_notes(&ef, &u, &n, err, sizeof(err)))
		fail_msg("%s: %s", path, err);
	no = readelf_notes(path, o, 16);
	assert_int_equal(n, 6);
	assert_int_equal(n, no);
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY);
	e = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(e);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(u[i].provider, o[i].provider);
		assert_string_equal(u[i].name, o[i].name);
		assert_string_equal(u[i].args, o[i].args);
		assert_int_equal(u[i].pc, o[i].loc);
		assert_int_equal(u[i].base, o[i].base);
		assert_int_equal(u[i].semaphore, o[i].sema);
		/* Not prelinked: nothing moves. */
		assert_int_equal(u[i].addr, u[i].pc);
		assert_int_equal(u[i].offset, libelf_offset(e, u[i].pc, true));
		assert_int_equal(u[i].sema_addr, u[i].semaphore);
		if (u[i].semaphore)
			assert_int_equal(u[i].sema_offset, libelf_offset(e, u[i].semaphore, false));
		else
			assert_int_equal(u[i].sema_offset, 0);
	}
	assert_string_equal(u[5].name, "with_sema");
	assert_true(u[5].sema_offset != 0);
	elf_end(e);
	close(fd);
	free(u);
	elf_close(&ef);
	free(buf);
}

/* The section header of .stapsdt.base moved by -0x10, as prelink would:
 * every probe and semaphore moves by the same amount. */
static void prelinked_base_moves_probes(void **state)
{
	struct elf_usdt_note *u0, *u1;
	struct elf_file ef;
	char path[256], err[256];
	size_t len = 0, n0 = 0, n1 = 0;
	uint8_t *buf;
	Elf64_Ehdr eh;
	Elf64_Shdr sh;
	size_t bi;

	target_path(path, sizeof(path));
	buf = test_slurp(path, &len);
	assert_non_null(buf);
	assert_int_equal(elf_open_program(&ef, buf, len, err, sizeof(err)), 0);
	assert_int_equal(elf_usdt_notes(&ef, &u0, &n0, err, sizeof(err)), 0);
	bi = elf_section_by_name(&ef, ".stapsdt.base")->index;
	elf_close(&ef);

	memcpy(&eh, buf, sizeof(eh));
	memcpy(&sh, buf + eh.e_shoff + bi * sizeof(sh), sizeof(sh));
	sh.sh_addr -= 0x10;
	memcpy(buf + eh.e_shoff + bi * sizeof(sh), &sh, sizeof(sh));
	assert_int_equal(elf_open_program(&ef, buf, len, err, sizeof(err)), 0);
	assert_int_equal(elf_usdt_notes(&ef, &u1, &n1, err, sizeof(err)), 0);
	assert_int_equal(n0, n1);
	for (size_t i = 0; i < n0; i++) {
		assert_int_equal(u1[i].addr, u0[i].pc - 0x10);
		assert_int_equal(u1[i].offset, u0[i].offset - 0x10);
		if (u0[i].semaphore)
			assert_int_equal(u1[i].sema_addr, u0[i].semaphore - 0x10);
	}
	free(u0);
	free(u1);
	elf_close(&ef);
	free(buf);
}

/* Every note header or descriptor cut short is an error naming the note,
 * never a read past the section (ASan checks the reads in build-san). */
static void truncated_notes_refused(void **state)
{
	struct elf_usdt_note *u;
	struct elf_file ef;
	char path[256], err[256];
	size_t len = 0, n, off, size;
	uint8_t *buf;

	target_path(path, sizeof(path));
	buf = test_slurp(path, &len);
	assert_non_null(buf);
	assert_int_equal(elf_open_program(&ef, buf, len, err, sizeof(err)), 0);
	off = elf_section_by_name(&ef, ".note.stapsdt")->offset;
	size = elf_section_by_name(&ef, ".note.stapsdt")->size;
	elf_close(&ef);
	/* Descriptor size of the first note: past the section end, then too
	 * short for three addresses, then without a terminated name. */
	uint32_t bad[] = { (uint32_t)size, 8, 26 };
	for (size_t k = 0; k < 3; k++) {
		uint32_t save;

		memcpy(&save, buf + off + 4, 4);
		memcpy(buf + off + 4, &bad[k], 4);
		assert_int_equal(elf_open_program(&ef, buf, len, err, sizeof(err)), 0);
		assert_int_equal(elf_usdt_notes(&ef, &u, &n, err, sizeof(err)), -EINVAL);
		assert_null(u);
		assert_non_null(strstr(err, "note 0"));
		elf_close(&ef);
		memcpy(buf + off + 4, &save, 4);
	}
	free(buf);
}

/* A program header table placed past the end of the file: every probe's
 * offset is refused with a message, nothing read out of bounds. */
static void phdrs_outside_file_refused(void **state)
{
	struct elf_usdt_note *u;
	struct elf_file ef;
	char path[256], err[256];
	size_t len = 0, n = 0;
	uint64_t off = 0, bad;
	uint8_t *buf;

	target_path(path, sizeof(path));
	buf = test_slurp(path, &len);
	assert_non_null(buf);
	bad = len - 8;
	memcpy(buf + offsetof(Elf64_Ehdr, e_phoff), &bad, sizeof(bad));
	assert_int_equal(elf_open_program(&ef, buf, len, err, sizeof(err)), 0);
	assert_int_equal(elf_usdt_notes(&ef, &u, &n, err, sizeof(err)), -EINVAL);
	assert_null(u);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err, "rawbpf_test:no_args"));
	assert_non_null(strstr(err, "program header 0 lies outside the file"));
	assert_int_equal(elf_vaddr_to_offset(&ef, 0x1000, true, &off, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "program header 0"));
	assert_int_equal(elf_offset_to_vaddr(&ef, 0x1000, &off), -ENOENT);
	elf_close(&ef);
	free(buf);
}

static void check_arg(const char *s, int size, bool sgn, enum run_usdt_arg_type type,
		      const char *reg, int16_t reg_off, int64_t val_off)
{
	struct run_usdt_arg a;
	char err[256];

	if (run_usdt_parse_arg(s, strlen(s), &a, err, sizeof(err)))
		fail_msg("%s: %s", s, err);
	assert_int_equal(a.size, size);
	assert_int_equal(a.is_signed, sgn);
	assert_int_equal(a.type, type);
	assert_string_equal(a.reg, reg);
	assert_int_equal(a.reg_off, reg_off);
	assert_int_equal(a.val_off, val_off);
}

static void arg_forms_parsed(void **state)
{
	check_arg("-4@%eax", 4, true, RUN_USDT_ARG_REG, "eax", offsetof(struct pt_regs, rax), 0);
	check_arg("8@-8(%rbp)", 8, false, RUN_USDT_ARG_REG_DEREF, "rbp", offsetof(struct pt_regs, rbp), -8);
	check_arg("-4@$5", 4, true, RUN_USDT_ARG_CONST, "", 0, 5);
	check_arg("-4@$-7", 4, true, RUN_USDT_ARG_CONST, "", 0, -7);
	check_arg("8@%rdi", 8, false, RUN_USDT_ARG_REG, "rdi", offsetof(struct pt_regs, rdi), 0);
	check_arg("4@8(%rsp)", 4, false, RUN_USDT_ARG_REG_DEREF, "rsp", offsetof(struct pt_regs, rsp), 8);
	check_arg("2@(%r12)", 2, false, RUN_USDT_ARG_REG_DEREF, "r12", offsetof(struct pt_regs, r12), 0);
	check_arg("-1@%r9b", 1, true, RUN_USDT_ARG_REG, "r9b", offsetof(struct pt_regs, r9), 0);
	check_arg("2@%r15w", 2, false, RUN_USDT_ARG_REG, "r15w", offsetof(struct pt_regs, r15), 0);
	check_arg("-4@%r10d", 4, true, RUN_USDT_ARG_REG, "r10d", offsetof(struct pt_regs, r10), 0);
	check_arg("1@%sil", 1, false, RUN_USDT_ARG_REG, "sil", offsetof(struct pt_regs, rsi), 0);
	check_arg("8@0x10(%rip)", 8, false, RUN_USDT_ARG_REG_DEREF, "rip", offsetof(struct pt_regs, rip), 16);
}

static void bad_args_refused(void **state)
{
	static const struct { const char *s; int ret; } bad[] = {
		{ "4%eax", -EINVAL }, { "3@%eax", -EINVAL }, { "16@%eax", -EINVAL },
		{ "-9223372036854775808@%eax", -EINVAL }, { "4@%xmm0", -EOPNOTSUPP },
		{ "4@%ah", -EOPNOTSUPP }, { "8@(%rax,%rbx,8)", -EOPNOTSUPP },
		{ "8@sym+8(%rip)", -EOPNOTSUPP }, { "4@$x", -EINVAL }, { "4@", -EINVAL },
		{ "4@-8(%rbp", -EINVAL }, { "4@%", -EINVAL }, { "@%eax", -EINVAL },
	};
	struct run_usdt_arg a;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (run_usdt_parse_arg(bad[i].s, strlen(bad[i].s), &a, err, sizeof(err)) != bad[i].ret)
			fail_msg("%s: expected %d (%s)", bad[i].s, bad[i].ret, err);
		assert_true(err[0]);
	}
}

/* The spec as usdt.bpf.h reads it: bitshift 64 - 8 * size, signedness,
 * the cookie, the count; 13 arguments are too many. */
static void spec_filled_as_usdt_bpf_h_reads(void **state)
{
	struct run_usdt_spec sp;
	char err[256];

	assert_int_equal(run_usdt_fill_spec("  -8@%rdi 4@%esi -2@%dx 1@$7 -4@-12(%rbp) ", 99, &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.arg_cnt, 5);
	assert_int_equal(sp.usdt_cookie, 99);
	assert_int_equal(sp.args[0].arg_bitshift, 0);
	assert_int_equal(sp.args[0].arg_signed, 1);
	assert_int_equal(sp.args[1].arg_bitshift, 32);
	assert_int_equal(sp.args[1].arg_signed, 0);
	assert_int_equal(sp.args[2].arg_bitshift, 48);
	assert_int_equal(sp.args[2].reg_off, offsetof(struct pt_regs, rdx));
	assert_int_equal(sp.args[3].arg_type, RUN_USDT_ARG_CONST);
	assert_int_equal(sp.args[3].val_off, 7);
	assert_int_equal(sp.args[3].arg_bitshift, 56);
	assert_int_equal(sp.args[4].arg_type, RUN_USDT_ARG_REG_DEREF);
	assert_int_equal((int64_t)sp.args[4].val_off, -12);
	assert_int_equal(sp.args[4].reg_off, offsetof(struct pt_regs, rbp));
	assert_int_equal(run_usdt_fill_spec("", 0, &sp, err, sizeof(err)), 0);
	assert_int_equal(sp.arg_cnt, 0);
	assert_int_equal(run_usdt_fill_spec("1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1 1@$1",
					    0, &sp, err, sizeof(err)), -E2BIG);
	assert_int_equal(run_usdt_fill_spec("8@%rdi 8@%bogus", 0, &sp, err, sizeof(err)), -EOPNOTSUPP);
	assert_non_null(strstr(err, "bogus"));
}

/* Every note of the target program makes a spec. */
static void target_specs_fill(void **state)
{
	struct elf_usdt_note *u;
	struct run_usdt_spec sp;
	struct elf_file ef;
	char path[256], err[256];
	size_t len = 0, n = 0;
	void *buf;

	target_path(path, sizeof(path));
	buf = test_slurp(path, &len);
	assert_non_null(buf);
	assert_int_equal(elf_open_program(&ef, buf, len, err, sizeof(err)), 0);
	assert_int_equal(elf_usdt_notes(&ef, &u, &n, err, sizeof(err)), 0);
	for (size_t i = 0; i < n; i++)
		if (run_usdt_fill_spec(u[i].args, i, &sp, err, sizeof(err)))
			fail_msg("%s:%s \"%s\": %s", u[i].provider, u[i].name, u[i].args, err);
	free(u);
	elf_close(&ef);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notes_match_readelf),
		cmocka_unit_test(prelinked_base_moves_probes),
		cmocka_unit_test(truncated_notes_refused),
		cmocka_unit_test(phdrs_outside_file_refused),
		cmocka_unit_test(arg_forms_parsed),
		cmocka_unit_test(bad_args_refused),
		cmocka_unit_test(spec_filled_as_usdt_bpf_h_reads),
		cmocka_unit_test(target_specs_fill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
