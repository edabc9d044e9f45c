/* common/string.c, the static binary's strstr, strspn, strcspn, strchr,
 * strrchr, strcmp, strncmp, memcmp, strcpy, strncpy, strdup, atoi, getenv, strto* and getdelim, under other names
 * here: the same answers (value, end, errno) as the C library's. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define strstr tiny_strstr
#define strspn tiny_strspn
#define strchr tiny_strchr
#define strrchr tiny_strrchr
#define strcmp tiny_strcmp
#define strncmp tiny_strncmp
#define memcmp tiny_memcmp
#define getenv tiny_getenv
#define strcpy tiny_strcpy
#define strncpy tiny_strncpy
#define strdup tiny_strdup
#define atoi tiny_atoi
#define strcspn tiny_strcspn
#define strtoull tiny_strtoull
#define strtoll tiny_strtoll
#define strtoul tiny_strtoul
#define strtol tiny_strtol
#define getdelim tiny_getdelim
#include "common/string.c"
#undef strstr
#undef strspn
#undef strchr
#undef strrchr
#undef strcmp
#undef strncmp
#undef memcmp
#undef getenv
#undef strcpy
#undef strncpy
#undef strdup
#undef atoi
#undef strcspn
#undef strtoull
#undef strtoll
#undef strtoul
#undef strtol
#undef getdelim

static void test_strstr(void **state)
{
	static const char *const hay[] = { "", "a", "abc", "aaab", "kstack_id", "unknown#195936382 x",
					   "libc.so.6", "x - y - z", "ababab" };
	static const char *const needle[] = { "", "a", "b", "abc", "aab", "stack", "id", ".so", " - ",
					      "unknown#195936382", "abab", "zz", "ababab", "abababa" };

	for (size_t i = 0; i < sizeof(hay) / sizeof(hay[0]); i++)
		for (size_t j = 0; j < sizeof(needle) / sizeof(needle[0]); j++)
			assert_ptr_equal(tiny_strstr(hay[i], needle[j]), strstr(hay[i], needle[j]));
}

#define SAME(fn, s, base) do { \
	char *e1, *e2; \
	errno = 0; \
	__typeof__(fn(s, NULL, base)) want = fn(s, &e1, base); \
	int err1 = errno; \
	errno = 0; \
	__typeof__(want) got = tiny_##fn(s, &e2, base); \
	if (got != want || e1 != e2 || errno != err1) \
		fail_msg(#fn "(\"%s\", %d): %lld end +%td errno %d, want %lld end +%td errno %d", s, base, \
			 (long long)got, e2 - s, errno, (long long)want, e1 - s, err1); \
} while (0)

static void test_strto(void **state)
{
	static const char *const in[] = {
		"0", "1", "-1", "+7", "  42abc", "\t-0x1f", "0x", "0xg", "0X1A", "017", "08", "-",
		"", "abc", "zz", "18446744073709551615", "18446744073709551616", "-18446744073709551615",
		"-18446744073709551616", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "ffffffffffffffff", "0x10000000000000000",
		"4294967296", "  +0x7fffffffffffffff ", "1_000", "0b101", "z1",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			SAME(strtoull, in[i], bases[b]);
			SAME(strtoll, in[i], bases[b]);
			SAME(strtoul, in[i], bases[b]);
			SAME(strtol, in[i], bases[b]);
		}
}

/* The lines of a stream, one call each, as the C library's getdelim
 * reads them: with the delimiter, the last one without when the stream
 * does not end with it, -1 at the end. */
static void test_getdelim(void **state)
{
	static const char text[] = "one\n\ntwo words\nlast without newline";
	char long_line[1000];

	for (int delim = 0; delim < 2; delim++) {
		FILE *a = fmemopen((void *)text, sizeof(text) - 1, "r"), *b = fmemopen((void *)text, sizeof(text) - 1, "r");
		char *s1 = NULL, *s2 = NULL;
		size_t n1 = 0, n2 = 0;
		ssize_t r1, r2;

		do {
			r1 = getdelim(&s1, &n1, delim ? ' ' : '\n', a);
			r2 = tiny_getdelim(&s2, &n2, delim ? ' ' : '\n', b);
			assert_int_equal(r2, r1);
			if (r1 >= 0)
				assert_memory_equal(s2, s1, (size_t)r1 + 1);
		} while (r1 >= 0);
		free(s1);
		free(s2);
		fclose(a);
		fclose(b);
	}
	memset(long_line, 'x', sizeof(long_line));
	FILE *f = fmemopen(long_line, sizeof(long_line), "r");
	char *s = NULL;
	size_t n = 0;

	assert_int_equal(tiny_getdelim(&s, &n, 0, f), sizeof(long_line));
	assert_true(n > sizeof(long_line));
	assert_int_equal(tiny_getdelim(&s, &n, 0, f), -1);
	free(s);
	fclose(f);
	assert_int_equal(tiny_getdelim(NULL, &n, 0, stdin), -1);
	assert_int_equal(errno, EINVAL);
}

static void test_strspn(void **state)
{
	static const char *const str[] = { "", "a", "abc", "  \t x y", "kstack_id", "ffff8000 T name\t[mod]" };
	static const char *const set[] = { "", "a", " \t\n", "abc", "0123456789abcdef", "xyz" };

	for (size_t i = 0; i < sizeof(str) / sizeof(str[0]); i++)
		for (size_t j = 0; j < sizeof(set) / sizeof(set[0]); j++) {
			assert_int_equal(tiny_strspn(str[i], set[j]), strspn(str[i], set[j]));
			assert_int_equal(tiny_strcspn(str[i], set[j]), strcspn(str[i], set[j]));
		}
}

static void test_copy(void **state)
{
	static const char *const src[] = { "", "a", "eth0", "a name of sixteen", "0123456789abcdefXYZ" };
	static const char *const num[] = { "0", "42", "-7", " 12x", "+3", "", "2147483647" };

	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++) {
		char a[32], b[32];

		memset(a, 'z', sizeof(a));
		memset(b, 'z', sizeof(b));
		assert_ptr_equal(tiny_strcpy(a, src[i]), a);
		strcpy(b, src[i]);
		assert_memory_equal(a, b, sizeof(a));
		char *d = tiny_strdup(src[i]);

		assert_non_null(d);
		assert_string_equal(d, src[i]);
		free(d);
		for (size_t n = 0; n < 20; n += 3) {
			memset(a, 'z', sizeof(a));
			memset(b, 'z', sizeof(b));
			assert_ptr_equal(tiny_strncpy(a, src[i], n), a);
			strncpy(b, src[i], n);
			assert_memory_equal(a, b, sizeof(a));
		}
	}
	for (size_t i = 0; i < sizeof(num) / sizeof(num[0]); i++)
		assert_int_equal(tiny_atoi(num[i]), atoi(num[i]));
}

static void test_strchr_getenv(void **state)
{
	static const char *const str[] = { "", "a", "kprobe/do_sys_open", "a:b:c" };
	static const int ch[] = { 0, 'a', '/', ':', 'z', 0x100 + 'a' };
	static const char *const cmp[] = { "", "a", "ab", "abc", "abd", "b", "\x80", "\xff", "A" };

	for (size_t i = 0; i < sizeof(str) / sizeof(str[0]); i++)
		for (size_t j = 0; j < sizeof(ch) / sizeof(ch[0]); j++) {
			assert_ptr_equal(tiny_strchr(str[i], ch[j]), strchr(str[i], ch[j]));
			assert_ptr_equal(tiny_strrchr(str[i], ch[j]), strrchr(str[i], ch[j]));
		}
	for (size_t i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++)
		for (size_t j = 0; j < sizeof(cmp) / sizeof(cmp[0]); j++) {
			int want = strcmp(cmp[i], cmp[j]);

			assert_int_equal(tiny_strcmp(cmp[i], cmp[j]) > 0, want > 0);
			assert_int_equal(tiny_strcmp(cmp[i], cmp[j]) < 0, want < 0);
			for (size_t n = 0; n < 6; n++) {
				want = strncmp(cmp[i], cmp[j], n);
				assert_int_equal(tiny_strncmp(cmp[i], cmp[j], n) > 0, want > 0);
				assert_int_equal(tiny_strncmp(cmp[i], cmp[j], n) < 0, want < 0);
				if (n <= strlen(cmp[i]) + 1 && n <= strlen(cmp[j]) + 1) {
					want = memcmp(cmp[i], cmp[j], n);
					assert_int_equal(tiny_memcmp(cmp[i], cmp[j], n) > 0, want > 0);
					assert_int_equal(tiny_memcmp(cmp[i], cmp[j], n) < 0, want < 0);
				}
			}
		}
	setenv("RAWBPF_TEST_VAR", "one=two", 1);
	setenv("RAWBPF_TEST_EMPTY", "", 1);
	assert_string_equal(tiny_getenv("RAWBPF_TEST_VAR"), "one=two");
	assert_string_equal(tiny_getenv("RAWBPF_TEST_EMPTY"), "");
	assert_null(tiny_getenv("RAWBPF_TEST"));         /* a prefix is not a name */
	assert_null(tiny_getenv("RAWBPF_TEST_VAR_NOT"));
	assert_ptr_equal(tiny_getenv("PATH"), getenv("PATH"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strstr),
		cmocka_unit_test(test_strspn),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_strchr_getenv),
		cmocka_unit_test(test_strto),
		cmocka_unit_test(test_getdelim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
