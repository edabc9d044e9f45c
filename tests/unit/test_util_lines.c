/* common/util.c: lines_open()/lines_next()/lines_close(), the line reader
 * that replaced fopen with fgets or getline: the same lines as getline
 * (without their '\n'), a line longer than the first buffer whole, empty
 * lines kept, a last line without '\n', an empty file, a missing one. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/util.h"

static void check_file(const char *content, size_t len)
{
	char path[] = "/tmp/rawbpf_lines_XXXXXX", *want = NULL, *got;
	size_t cap = 0;
	struct line_reader r;
	FILE *f;
	int fd = mkstemp(path);
	ssize_t n;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	close(fd);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_true(lines_open(&r, path) >= 0);
	while ((n = getline(&want, &cap, f)) > 0) {
		if (want[n - 1] == '\n')
			want[n - 1] = 0;
		got = lines_next(&r);
		assert_non_null(got);
		assert_string_equal(got, want);
	}
	assert_null(lines_next(&r));
	assert_null(lines_next(&r));
	lines_close(&r);
	fclose(f);
	free(want);
	unlink(path);
}

static void test_lines(void **state)
{
	static char big[20000];
	char *p = big;

	check_file("", 0);
	check_file("one\n", 4);
	check_file("one\ntwo", 7);
	check_file("\n\nthree\n\n", 9);
	for (int i = 0; i < 300; i++)
		p += sprintf(p, "%d %s\n", i, i % 7 ? "short" : "and a somewhat longer line of text");
	memset(p, 'x', 9000);           /* a line over two buffers long */
	p += 9000;
	p += sprintf(p, "\nlast without a newline");
	check_file(big, (size_t)(p - big));
}

static void test_missing(void **state)
{
	struct line_reader r;

	errno = 0;
	assert_true(lines_open(&r, "/nonexistent/rawbpf") < 0);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
