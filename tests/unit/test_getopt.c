/* common/getopt.c, the static binary's getopt_long, under other names here:
 * on rawbpf's kind of command lines (options after operands, clusters,
 * abbreviations, '=' arguments, errors) it returns what the C library's
 * returns, with the same optarg and optind, and leaves argv permuted the
 * same way (the operands last). */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define optarg tiny_optarg
#define optind tiny_optind
#define opterr tiny_opterr
#define optopt tiny_optopt
#define getopt tiny_getopt
#define getopt_long tiny_getopt_long
#include "common/getopt.c"
#undef optarg
#undef optind
#undef opterr
#undef optopt
#undef getopt
#undef getopt_long

static const struct option longopts[] = {
	{ "json", no_argument, 0, 1 },
	{ "pid", required_argument, 0, 2 },
	{ "set", required_argument, 0, 3 },
	{ "btf", optional_argument, 0, 4 },
	{ "map", required_argument, 0, 5 },
	{ "maps", required_argument, 0, 6 },
	{ "duration", required_argument, 0, 7 },
	{ "help", no_argument, 0, 'h' },
	{ 0, 0, 0, 0 },
};

/* The calls on a copy of argv: "ret[optarg]" for each, then the final
 * optind and argv. */
static void trace(char *out, size_t len, int argc, const char *const *words, bool tiny)
{
	char *argv[32];
	size_t n = 0;
	int r;

	for (int i = 0; i < argc; i++)
		argv[i] = (char *)words[i];
	argv[argc] = NULL;
	if (tiny)
		tiny_optind = 1, tiny_opterr = 0;
	else
		optind = 1, opterr = 0;     /* 0 would make glibc take argv[0] for an operand */
	while ((r = tiny ? tiny_getopt_long(argc, argv, "hV", longopts, NULL) :
			   getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		const char *arg = tiny ? tiny_optarg : optarg;

		/* optarg of an option without one: musl's is NULL, glibc's the last */
		n += (size_t)snprintf(out + n, len - n, "%d[%s] ", r, r >= 2 && r <= 7 && arg ? arg : "");
	}
	n += (size_t)snprintf(out + n, len - n, "| optind %d |", tiny ? tiny_optind : optind);
	for (int i = 0; i < argc; i++)
		n += (size_t)snprintf(out + n, len - n, " %s", argv[i]);
}

static void test_same_as_libc(void **state)
{
	static const char *const lines[][12] = {
		{ "rawbpf", "run", "x.o", "--json", "--pid", "5", "--set=a=1", "-V" },
		{ "rawbpf", "x.o", "--dur", "1", "--btf", "disasm", "--btf=k", "y" },
		{ "rawbpf", "--ma", "x", "a" },
		{ "rawbpf", "a", "--nope", "b" },
		{ "rawbpf", "a", "-z", "b" },
		{ "rawbpf", "--json=1", "a" },
		{ "rawbpf", "a", "b", "--pid" },
		{ "rawbpf", "-", "-hV", "c", "--help" },
		{ "rawbpf", "--map", "m.max_entries=1", "--maps", "a,b", "o.o" },
		{ "rawbpf", "a", "--", "--json", "b" },
		{ "rawbpf", "--pid", "--json", "o.o", "-Vh" },
		{ "rawbpf" },
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char want[1024], got[1024];
		int argc = 0;

		while (argc < 12 && lines[i][argc])
			argc++;
		trace(want, sizeof(want), argc, lines[i], false);
		trace(got, sizeof(got), argc, lines[i], true);
		if (strcmp(got, want))
			fail_msg("line %zu:\n  got  %s\n  want %s", i, got, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_libc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
