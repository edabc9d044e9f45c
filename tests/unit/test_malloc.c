/* common/malloc.c, the static binary's allocator, under its own names here
 * (so that it does not replace the test's): blocks of every size class and
 * mapped ones keep their bytes through realloc, do not overlap, are 16-byte
 * aligned, calloc zeroes recycled blocks and refuses an overflowing size. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#define malloc tiny_malloc
#define free tiny_free
#define calloc tiny_calloc
#define realloc tiny_realloc
#include "common/malloc.c"
#undef malloc
#undef free
#undef calloc
#undef realloc

#define SLOTS 512

struct slot { unsigned char *p; size_t n; unsigned char fill; };

static void check(const struct slot *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->p[i] != s->fill)
			fail_msg("block %p of %zu bytes: byte %zu is %u, not %u", (void *)s->p, s->n, i,
				 s->p[i], s->fill);
}

static size_t random_size(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	unsigned r = *seed >> 8;

	return r % 16 == 0 ? r % 400000 : r % 16 < 3 ? 0 : r % 5000;
}

static void test_random(void **state)
{
	static struct slot s[SLOTS];
	unsigned seed = 7;

	for (int round = 0; round < 20000; round++) {
		struct slot *x = &s[(seed >> 4) % SLOTS];
		size_t n = random_size(&seed);

		if (x->p)
			check(x);
		if (round % 3 == 0) {
			tiny_free(x->p);
			x->p = NULL;
			x->n = 0;
			continue;
		}
		unsigned char *p = round % 3 == 1 ? tiny_realloc(x->p, n) : tiny_calloc(1, n);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		if (round % 3 == 1) {
			x->n = x->n < n ? x->n : n;
			check(&(struct slot){ p, x->n, x->fill });
		} else {
			tiny_free(x->p);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(p[i], 0);
		}
		x->p = p;
		x->n = n;
		x->fill = (unsigned char)round;
		memset(p, x->fill, n);
	}
	for (int i = 0; i < SLOTS; i++) {
		if (s[i].p)
			check(&s[i]);
		tiny_free(s[i].p);
	}
}

static void test_limits(void **state)
{
	errno = 0;
	assert_null(tiny_calloc(SIZE_MAX / 2, 3));
	assert_int_equal(errno, ENOMEM);
	assert_null(tiny_malloc(SIZE_MAX - 8));
	void *p = tiny_malloc(0);

	assert_non_null(p);
	tiny_free(p);
	tiny_free(NULL);
	/* A mapped block grows in place or moves, keeping its bytes. */
	unsigned char *b = tiny_malloc(300000);

	memset(b, 0x5a, 300000);
	b = tiny_realloc(b, 5000000);
	assert_non_null(b);
	for (size_t i = 0; i < 300000; i++)
		assert_int_equal(b[i], 0x5a);
	b = tiny_realloc(b, 100);
	assert_int_equal(b[99], 0x5a);
	tiny_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
