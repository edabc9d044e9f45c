/* common/string.c, the static binary's strstr, under another name here:
 * the same answers as the C library's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define strstr tiny_strstr
#include "common/string.c"
#undef strstr

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strstr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
