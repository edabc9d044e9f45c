/* common/printf.c, the static binary's vfprintf, vsnprintf and fputc: its output against the
 * C library's (glibc's here) for the conversions rawbpf's printers use,
 * and %p as musl prints it. The file is compiled into this test with its
 * function renamed, so that it does not replace glibc's. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* Some cases are on purpose what -Wformat warns about (a flag ignored). */
#pragma GCC diagnostic ignored "-Wformat"

#define vfprintf tiny_vfprintf
#define vsnprintf tiny_vsnprintf
#define fputc tiny_fputc
#include "common/printf.c"
#undef vfprintf
#undef vsnprintf
#undef fputc

static int tiny_snprintf(char *s, size_t n, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = tiny_vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return ret;
}

/* tiny_vfprintf through a memory stream, as the printf family calls it. */
static int tiny(char **out, const char *fmt, ...)
{
	size_t len;
	FILE *f = open_memstream(out, &len);
	va_list ap;
	int n;

	assert_non_null(f);
	va_start(ap, fmt);
	n = tiny_vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
	return n;
}

#define SAME(...) do { \
	char want[2048], *got = NULL; \
	int wn = snprintf(want, sizeof(want), __VA_ARGS__), gn = tiny(&got, __VA_ARGS__); \
	if (gn != wn || strcmp(got, want)) \
		fail_msg("%s: got \"%s\" (%d), want \"%s\" (%d)", #__VA_ARGS__, got, gn, want, wn); \
	free(got); \
} while (0)

static void test_integers(void **state)
{
	SAME("plain text, no conversion");
	SAME("%d %i %u %x %X %o %%", -42, 7, 3000000000u, 0xbeefu, 0xbeefu, 8u);
	SAME("[%5d|%-5d|%05d|%+d|% d|%+5d|%-+5d]", 42, 42, -42, 42, 42, -7, 7);
	SAME("[%.0d|%.0u|%.3d|%8.3d|%-8.3x|%08.3d]", 0, 0u, 7, -7, 0xau, 5);
	SAME("[%#x|%#X|%#o|%#o|%#x|%#-8x|%#.0o]", 0x1fu, 0x1fu, 8u, 0u, 0u, 255u, 0u);
	SAME("[%hhd|%hhu|%hd|%hu|%hhx]", 300, 300, 70000, 70000u, 0x1ffu);
	SAME("[%ld|%lu|%lld|%llu|%llx|%#llx|%02llx]", -1L, ~0UL, (long long)INT64_MIN, ~0ULL,
	     0xdeadbeefcafeULL, 0x10ULL, 5ULL);
	SAME("[%zu|%zd|%jd|%td|%.0llu|%.0llu]", (size_t)123, (ssize_t)-5, (intmax_t)-9,
	     (ptrdiff_t)11, 0ULL, 12ULL);
	SAME("[%*d|%-*d|%*d|%.*d|%.*d]", 6, 1, 6, 2, -6, 3, 4, 5, -1, 6);
	SAME("[%c|%3c|%-3c|%c]", 'a', 'b', 'c', 0x141);
}

static void test_strings(void **state)
{
	char big[600];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	SAME("[%s|%10s|%-10s|%.2s|%.*s|%-20s|%.40s]", "abc", "abc", "abc", "abc", 3, "abcdef", "y", "z");
	SAME("%s and %s", big, big);    /* longer than the 256-byte buffer */
	SAME("[%s]", "");
	errno = ENOENT;
	SAME("[%m]");
	char *got = NULL;

	assert_int_equal(tiny(&got, "[%s]", (char *)NULL), 8);
	assert_string_equal(got, "[(null)]");
	free(got);
}

static void test_floats(void **state)
{
	static const double v[] = {
		0, -0.0, 1, -1, 0.5, 1.5, 2.5, 0.1, 0.0001234, 0.00001234, 123456, 1234567, 1234565,
		999999.5, 9.9999996, 1e100, 1e-100, 3.14159265358979, 2.718281828459045e-7, 1e15, 1e16,
		123.456, 65536.0 * 65536 * 65536, 1.7976931348623157e308, 4.9e-324, 2.2250738585072014e-308,
		100, 1000000, 0.001, 5e-5, 12345.678901, INFINITY, -INFINITY,
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		SAME("%g", v[i]);
		SAME("[%G|%e|%E|%.3e|%.0e|%#.0e]", v[i], v[i], v[i], v[i], v[i], v[i]);
		SAME("[%.3g|%.10g|%.1g|%.0g|%12g|%-12g|%012g|%+g|% g]", v[i], v[i], v[i], v[i], v[i],
		     v[i], v[i], v[i], v[i]);
		if (fabs(v[i]) < 1e30)
			SAME("[%f|%.0f|%.2f|%#.0f|%.10f|%10.3f|%F]", v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
	}
	/* Not 999999.5: glibc prints "1.e+06" for its %#g (a glibc bug; musl and
	 * this file print "1.00000e+06"). */
	SAME("[%#g|%#g|%#g|%#g|%#.3g]", 1.5, 100.0, 0.0001234, 0.0, 2.0);
	SAME("%g %g", (double)1.1f, (double)3.4028235e38f);
	SAME("[%g|%G]", NAN, NAN);
}

static void test_musl_forms(void **state)
{
	char *got = NULL;
	int n = 0;

	/* musl: %p is %#lx (so "0" for a null pointer), and a precision
	 * asks for at least 16 digits (output of musl 1.2.3's printf) */
	assert_int_equal(tiny(&got, "[%p|%p|%20p|%-20p|%.3p|%020p]", (void *)0x1234, (void *)0,
			      (void *)0xab, (void *)0xab, (void *)0x1, (void *)0x12), 92);
	assert_string_equal(got, "[0x1234|0|                0xab|0xab                "
				 "|0x0000000000000001|0x000000000000000012]");
	free(got);
	assert_int_equal(tiny(&got, "abc%n", &n), 3);
	assert_int_equal(n, 3);
	free(got);
	/* Unknown conversions and wide characters fail, as musl's do. */
	assert_int_equal(tiny(&got, "%a", 1.0), -1);
	free(got);
	assert_int_equal(tiny(&got, "%ls", L"x"), -1);
	free(got);
}

/* vsnprintf into a buffer: the same bytes, NUL and return as glibc's for
 * every size from 0 to past the whole text (a cut anywhere, a text longer
 * than printf.c's own 256-byte buffer). */
static void test_vsnprintf(void **state)
{
	char want[400], got[400], long_arg[300];

	memset(long_arg, 'x', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = 0;
	for (size_t n = 0; n < sizeof(want); n += n < 40 ? 1 : 37) {
		int wn, gn;

		memset(want, '#', sizeof(want));
		memset(got, '#', sizeof(got));
		wn = snprintf(want, n, "map %s: %u entries, %d, %#llx [%s]", "counts", 1024u, -5,
			      0xdeadULL, long_arg);
		gn = tiny_snprintf(got, n, "map %s: %u entries, %d, %#llx [%s]", "counts", 1024u, -5,
				   0xdeadULL, long_arg);
		assert_int_equal(gn, wn);
		assert_memory_equal(got, want, sizeof(want));
	}
	assert_int_equal(tiny_snprintf(NULL, 0, "%d", 12345), 5);
}

/* fputc through fwrite: the character (as unsigned char) returned and
 * written, EOF on a stream that cannot be written. */
static void test_fputc(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(tiny_fputc('[', f), '[');
	assert_int_equal(tiny_fputc(0x1ff, f), 0xff);
	assert_int_equal(tiny_fputc('\n', f), '\n');
	fclose(f);
	assert_int_equal(len, 3);
	assert_memory_equal(buf, "[\xff\n", 3);
	free(buf);
	f = fopen("/dev/null", "r");
	assert_non_null(f);
	assert_int_equal(tiny_fputc('x', f), EOF);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vsnprintf),
		cmocka_unit_test(test_fputc),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_floats),
		cmocka_unit_test(test_musl_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
