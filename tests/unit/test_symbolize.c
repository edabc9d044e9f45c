/* The symbolizer (loader/cli/symbolize.c) on addresses whose names are
 * known: functions of this test program (PIE or not) and of libc through
 * /proc/self/maps, and a kernel function from /proc/kallsyms. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/cli/symbolize.h"

/* A function of this program with a known name; noinline and used through
 * a pointer so it stays a real function. */
__attribute__((noinline)) int rawbpf_symbolize_me(int x)
{
	return x * 7 + 1;
}

__attribute__((noinline)) static int rawbpf_static_fn(int x)
{
	return x * 5 + 3;
}

static int (*volatile fn_ptr)(int) = rawbpf_symbolize_me;
static int (*volatile static_ptr)(int) = rawbpf_static_fn;

static void own_functions_named(void **state)
{
	struct cli_syms *s = cli_syms_new();
	const char *file;
	char buf[256];

	assert_non_null(s);
	assert_int_equal(fn_ptr(1) + static_ptr(1), 16);
	assert_int_equal(cli_sym_user(s, getpid(), (uintptr_t)fn_ptr, buf, sizeof(buf), &file), 0);
	assert_string_equal(buf, "rawbpf_symbolize_me+0x0");
	assert_non_null(file);
	assert_non_null(strstr(file, "test_symbolize"));
	assert_int_equal(cli_sym_user(s, getpid(), (uintptr_t)fn_ptr + 3, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "rawbpf_symbolize_me+0x3");
	/* A static (local) function: only .symtab has it. */
	assert_int_equal(cli_sym_user(s, getpid(), (uintptr_t)static_ptr, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "rawbpf_static_fn+0x0");
	cli_syms_free(s);
}

/* getpid in libc itself (dlsym in libc's own scope: in a non-PIE program
 * &getpid is the program's PLT entry). libc is stripped: .dynsym names it,
 * and of its aliases getpid and __getpid the one without '_' wins. */
static void libc_function_named(void **state)
{
	struct cli_syms *s = cli_syms_new();
	void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
	const char *file;
	char buf[256];
	void *fn;

	assert_non_null(libc);
	fn = dlsym(libc, "getpid");
	assert_non_null(fn);
	assert_int_equal(cli_sym_user(s, getpid(), (uintptr_t)fn, buf, sizeof(buf), &file), 0);
	assert_string_equal(buf, "getpid+0x0");
	assert_non_null(strstr(file, "libc"));
	dlclose(libc);
	cli_syms_free(s);
}

/* Addresses in no mapping, or in an anonymous one, print in hex. */
static void unknown_user_address_in_hex(void **state)
{
	struct cli_syms *s = cli_syms_new();
	char buf[64], *heap = malloc(16);
	const char *file = "x";

	assert_int_equal(cli_sym_user(s, getpid(), 0x10, buf, sizeof(buf), &file), -ENOENT);
	assert_string_equal(buf, "0x10");
	assert_null(file);
	snprintf(buf, sizeof(buf), "x");
	cli_sym_user(s, getpid(), (uintptr_t)heap, buf, sizeof(buf), NULL);
	assert_true(buf[0] == '0' && buf[1] == 'x');
	/* A process that does not exist. */
	assert_int_equal(cli_sym_user(s, 0x7ffffff0, 0x1000, buf, sizeof(buf), NULL), -ENOENT);
	cli_syms_forget(s, getpid());
	assert_int_equal(cli_sym_user(s, getpid(), (uintptr_t)fn_ptr, buf, sizeof(buf), NULL), 0);
	free(heap);
	cli_syms_free(s);
}

/* schedule, a kernel function, at its address and the byte after it
 * (checked against its neighbours in kallsyms: no alias shares the address,
 * the next symbol is further on). kallsyms shows addresses to root only;
 * CI runs as root. */
static void kernel_function_named(void **state)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type, buf[300];
	uint64_t addr, prev = 0, found = 0, next = 0;
	struct cli_syms *s;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 " %c %255s", &addr, &type, name) != 3)
			continue;
		if (found) {
			next = addr;
			break;
		}
		if (addr && type == 'T' && !strcmp(name, "schedule") && !strchr(line, '['))
			found = prev == addr ? 1 : addr;
		prev = addr;
	}
	fclose(f);
	if (!found && getuid() != 0)
		skip();
	if (found <= 1)
		fail_msg("/proc/kallsyms: schedule not found, or an alias precedes it (as root)");
	s = cli_syms_new();
	assert_int_equal(cli_sym_kernel(s, found, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "schedule+0x0");
	assert_true(next > found + 1);
	assert_int_equal(cli_sym_kernel(s, found + 1, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "schedule+0x1");
	assert_int_equal(cli_sym_kernel(s, 0x10, buf, sizeof(buf)), -ENOENT);
	assert_string_equal(buf, "0x10");
	cli_syms_free(s);
}

/* From a kallsyms-format file: a module's symbol carries " [module]",
 * among symbols at one address the first listed wins, zero addresses (what
 * an unprivileged reader sees) are dropped, and an all-zero file is -EPERM. */
static void kallsyms_file_modules_and_aliases(void **state)
{
	char path[] = "/tmp/rawbpf_kallsyms_XXXXXX", buf[128], err[256];
	struct cli_syms *s;
	FILE *f;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("0000000000000000 A fixed_percpu_data\n"
	      "ffffffff81000000 T _stext\n"
	      "ffffffff81000000 T _text\n"
	      "ffffffff81001000 T do_work\n"
	      "ffffffffc0000000 t nf_hook_thing\t[nf_tables]\n"
	      "ffffffffc0000100 T nf_other\t[nf_tables]\n", f);
	fclose(f);
	s = cli_syms_new();
	assert_int_equal(cli_syms_load_kallsyms(s, path, err, sizeof(err)), 0);
	assert_int_equal(cli_sym_kernel(s, 0xffffffff81000010, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "_stext+0x10");
	assert_int_equal(cli_sym_kernel(s, 0xffffffff81001000, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "do_work+0x0");
	assert_int_equal(cli_sym_kernel(s, 0xffffffffc00000ff, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nf_hook_thing+0xff [nf_tables]");
	assert_int_equal(cli_sym_kernel(s, 0xffffffffc0000104, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "nf_other+0x4 [nf_tables]");
	assert_int_equal(cli_sym_kernel(s, 0xffffffff80000000, buf, sizeof(buf)), -ENOENT);
	assert_string_equal(buf, "0xffffffff80000000");
	cli_syms_free(s);

	f = fopen(path, "w");
	fputs("0000000000000000 T _stext\n0000000000000000 T do_work\n", f);
	fclose(f);
	s = cli_syms_new();
	assert_int_equal(cli_syms_load_kallsyms(s, path, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "root"));
	assert_int_equal(cli_sym_kernel(s, 0x10, buf, sizeof(buf)), -ENOENT);
	cli_syms_free(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_functions_named),
		cmocka_unit_test(libc_function_named),
		cmocka_unit_test(unknown_user_address_in_hex),
		cmocka_unit_test(kernel_function_named),
		cmocka_unit_test(kallsyms_file_modules_and_aliases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
