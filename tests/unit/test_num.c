/* common/num.c: decimal numbers without floating point. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/num.h"

static void test_u64(void **state)
{
	uint64_t v = 7;

	assert_int_equal(num_u64("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(num_u64("65536", 1, 65536, &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(num_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(num_u64("18446744073709551616", 0, UINT64_MAX, &v), -ERANGE);
	assert_int_equal(num_u64("65537", 1, 65536, &v), -ERANGE);
	assert_int_equal(num_u64("0", 1, 10, &v), -ERANGE);
	assert_int_equal(num_u64("", 0, 10, &v), -EINVAL);
	assert_int_equal(num_u64("-1", 0, 10, &v), -EINVAL);
	assert_int_equal(num_u64(" 1", 0, 10, &v), -EINVAL);
	assert_int_equal(num_u64("1x", 0, 10, &v), -EINVAL);
	assert_int_equal(num_u64("1.0", 0, 10, &v), -EINVAL);
}

static void test_fixed(void **state)
{
	static const struct { const char *s; uint64_t ms; } good[] = {
		{ "2", 2000 }, { "0.5", 500 }, { ".25", 250 }, { "1.", 1000 }, { "0.01", 10 },
		{ "1.2345", 1234 }, { "0.0109", 10 }, { "000.100", 100 }, { "1000000", 1000000000 },
	};
	static const char *bad[] = { "", ".", "-1", "+1", "1e3", "0x10", "1.5s", " 1", "1 ", "1..2", "inf" };
	uint64_t v;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(num_fixed(good[i].s, 3, 10, 1000000000ull, &v), 0);
		assert_true(v == good[i].ms);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(num_fixed(bad[i], 3, 10, 1000000000ull, &v), -EINVAL);
	assert_int_equal(num_fixed("0.009", 3, 10, 1000, &v), -ERANGE);
	assert_int_equal(num_fixed("1.001", 3, 10, 1000, &v), -ERANGE);
	assert_int_equal(num_fixed("99999999999999999999", 3, 0, UINT64_MAX, &v), -ERANGE);
	assert_int_equal(num_fixed("18446744073709551", 3, 0, UINT64_MAX, &v), 0);
	assert_int_equal(num_fixed("18446744073709552", 3, 0, UINT64_MAX, &v), -ERANGE);
	assert_int_equal(num_fixed("7", 0, 0, 10, &v), 0);
	assert_true(v == 7);
}

/* num_put_u64 and num_put_hex write what "%llu" and "%llx" write: at every
 * power of ten and two, around them, and at values from a fixed generator. */
static void check_put(uint64_t v)
{
	char got[NUM_U64_MAX + 1], want[32];

	got[num_put_u64(got, v)] = '\0';
	snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
	assert_string_equal(got, want);
	got[num_put_hex(got, v)] = '\0';
	snprintf(want, sizeof(want), "%llx", (unsigned long long)v);
	assert_string_equal(got, want);
}

static void test_put_number_as_printf(void **state)
{
	uint64_t x = 88172645463325252ull, p = 1;

	for (int i = 0; i < 20; i++, p *= 10) {
		check_put(p - 1);
		check_put(p);
		check_put(p + 1);
	}
	for (int i = 0; i < 64; i++) {
		check_put((uint64_t)1 << i);
		check_put(((uint64_t)1 << i) - 1);
	}
	check_put(UINT64_MAX);
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		check_put(x >> (i % 64));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_put_number_as_printf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
