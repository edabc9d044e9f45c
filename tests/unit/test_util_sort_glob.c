/* common/util.c: sort() and sort_r() (instead of qsort; stable) and glob_match()
 * (instead of fnmatch), checked against libc's as the oracle. */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/util.h"

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmp_by_key(const void *a, const void *b, void *ctx)
{
	const int *key = ctx;

	return cmp_int(&key[*(const int *)a], &key[*(const int *)b]);
}

static void test_sort(void **state)
{
	static int v[1000], w[1000];
	unsigned seed = 1;

	for (size_t n = 0; n < 1000; n = n * 2 + 1) {
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = w[i] = (int)(seed >> 16) % (n / 2 + 1);
		}
		sort(v, n, sizeof(*v), cmp_int);
		qsort(w, n, sizeof(*w), cmp_int);
		assert_memory_equal(v, w, n * sizeof(*v));
	}
	/* Stable: equal keys keep their order (pairs sorted by their first). */
	int pairs[64][2];

	for (int i = 0; i < 64; i++) {
		pairs[i][0] = (i * 7) % 5;
		pairs[i][1] = i;
	}
	sort(pairs, 64, sizeof(pairs[0]), cmp_int);
	for (int i = 1; i < 64; i++)
		assert_true(pairs[i - 1][0] < pairs[i][0] ||
			    (pairs[i - 1][0] == pairs[i][0] && pairs[i - 1][1] < pairs[i][1]));

	int key[5] = { 50, 10, 40, 20, 30 }, order[5] = { 0, 1, 2, 3, 4 }, want[5] = { 1, 3, 4, 2, 0 };

	sort_r(order, 5, sizeof(*order), cmp_by_key, key);
	assert_memory_equal(order, want, sizeof(want));
}

static void test_glob(void **state)
{
	static const char *const pats[] = {
		"", "*", "?", "a*", "*a", "*a*", "a?c", "vfs_*", "*_read*", "tcp_v[46]_*",
		"[a-c]*", "[!a-c]*", "[^a-c]*", "[]]*", "[!]]*", "[a-]*", "a[", "a[b", "\\*",
		"a\\?c", "*[[:digit:]]", "[[:alpha:]_]*", "[[:upper:][:digit:]]*", "**a**b",
		"*.*", "a*b*c", "[\\]]", "x[a-c-e]y",
	};
	static const char *const names[] = {
		"", "a", "abc", "ab", "ba", "vfs_read", "vfs_", "do_sys_read", "tcp_v4_connect",
		"tcp_v6_rcv", "tcp_v5_x", "d", "]x", "-", "a[", "a[b", "*", "a?c", "axc",
		"fn9", "_x", "Zed", "3d", "xxaxxbxx", "a.b", "aXbYc", "]", "xby", "xdy", "x-y",
	};

	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
			bool want = fnmatch(pats[i], names[j], 0) == 0;

			if (glob_match(pats[i], names[j]) != want)
				fail_msg("glob_match(\"%s\", \"%s\") is %d, fnmatch says %d",
					 pats[i], names[j], !want, want);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_glob),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
