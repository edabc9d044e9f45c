/* common/util.c: util_lock()/util_unlock(), the futex lock that replaced
 * pthread_mutex_t for the caches shared between objects (btf/names.c,
 * loader/load/kbtf.c): threads adding to a plain counter under it lose no
 * addition, and a zeroed lock starts unlocked. */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/util.h"

#define THREADS 4
#define ROUNDS 200000

static util_lock_t lock;
static volatile long counter;

static void *adder(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		util_lock(&lock);
		counter = counter + 1;
		util_unlock(&lock);
	}
	return arg;
}

static void test_lock_counts(void **state)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, adder, NULL), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(counter, (long)THREADS * ROUNDS);
	assert_int_equal(lock, 0);
}

static void test_lock_zeroed(void **state)
{
	util_lock_t l = 0;

	util_lock(&l);
	assert_int_equal(l, 1);
	util_unlock(&l);
	assert_int_equal(l, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_zeroed),
		cmocka_unit_test(test_lock_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
