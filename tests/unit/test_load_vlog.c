/* The load stage without a kernel: the verifier log's sizes and trimming
 * (loader/load/vlog.c), the BTF refusal's reason, and --pin paths through a
 * dry run. Tests are named after the defects of issue 11 they check. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/load/load.h"
#include "loader/load/vlog.h"

/* verifier_log_size_capped: whatever the kernel answers, no request is
 * above what it accepts (UINT_MAX >> 2; the first, 16 MiB - 1, fits kernels
 * before 5.2 too), and the retries end. The old loop asked 16 MiB, then
 * 1 GiB: both one byte over a limit, so the retry got EINVAL and an empty
 * log. */
static void test_verifier_log_size_capped(void **state)
{
	static const uint32_t answers[] = { 0, 1, 4096, LOAD_LOG_FIRST, LOAD_LOG_FIRST + 1,
		32u << 20, 1u << 30, LOAD_LOG_MAX, LOAD_LOG_MAX + 1u, UINT32_MAX };

	assert_true(LOAD_LOG_FIRST == (16u << 20) - 1);
	assert_true(LOAD_LOG_MAX == (1u << 30) - 1);
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		uint32_t size = LOAD_LOG_FIRST, tries = 1;

		/* The kernel keeps answering ENOSPC with this true size. */
		while ((size = load_log_next_size(size, answers[i]))) {
			assert_true(size <= LOAD_LOG_MAX);
			assert_true(size >= 128);  /* the kernel's lower bound */
			assert_true(++tries <= 3);
		}
	}
	/* 6.4+: exactly what it said it needs, when that is allowed. */
	assert_int_equal(load_log_next_size(LOAD_LOG_FIRST, 20u << 20), 20u << 20);
	/* Before 6.4 (no true size): one try at the most it takes. */
	assert_int_equal(load_log_next_size(LOAD_LOG_FIRST, 0), LOAD_LOG_MAX);
	assert_int_equal(load_log_next_size(LOAD_LOG_MAX, 0), 0);
	assert_int_equal(load_log_next_size(LOAD_LOG_FIRST, UINT32_MAX), LOAD_LOG_MAX);
}

/* verifier_log_cut_says_so: a log that did not fit is shown by its end,
 * from a line start, after a line saying it was cut. */
static void test_verifier_log_cut_says_so(void **state)
{
	size_t n = LOAD_LOG_TAIL * 3;
	char *log = malloc(n + 64), *cut;
	size_t k = 0;
	int line = 0;

	assert_non_null(log);
	while (k + 40 < n)
		k += (size_t)sprintf(log + k, "%d: (b7) r0 = 0 ; R0_w=0\n", line++);
	k += (size_t)sprintf(log + k, "R1 invalid mem access 'scalar'\n");
	log[k] = '\0';

	/* 6.4+: the kernel said how big it was. */
	cut = load_log_cut(log, (uint32_t)k + 1, 2000000000u);
	assert_non_null(cut);
	assert_non_null(strstr(cut, "[verifier log cut: it is 2000000000 bytes"));
	assert_true(strlen(cut) <= LOAD_LOG_TAIL + 400);
	assert_non_null(strstr(cut, "R1 invalid mem access 'scalar'\n"));
	assert_null(strstr(cut, "\n0: (b7)"));          /* the start is gone */
	assert_true(strchr(cut, '\n')[1] >= '0' && strchr(cut, '\n')[1] <= '9'); /* a line start */
	free(cut);

	/* Before 6.4: the kernel kept the start; say the reason is missing. */
	cut = load_log_cut(log, (uint32_t)k + 1, 0);
	assert_non_null(cut);
	assert_non_null(strstr(cut, "[verifier log cut:"));
	assert_non_null(strstr(cut, "the reason at its end is missing"));
	free(cut);

	/* A short log is kept whole after the line. */
	cut = load_log_cut("0: (95) exit\n", 200, 0);
	assert_non_null(cut);
	assert_non_null(strstr(cut, "]\n0: (95) exit\n"));
	free(cut);
	free(log);
}

/* btf_refusal_names_reason: the BTF log's last non-empty lines, not its
 * first ("magic: 0xeb9f"). */
static void test_btf_refusal_names_reason(void **state)
{
	const char *log = "magic: 0xeb9f\nversion: 1\nflags: 0x0\nhdr_len: 24\n"
			  "[10] PTR (anon) type_id=11\n[11] TYPEDEF a-b type_id=8 Invalid name\n\n";
	char out[128], tiny[8];

	load_log_last_lines(log, 2, out, sizeof(out));
	assert_string_equal(out, "[10] PTR (anon) type_id=11; [11] TYPEDEF a-b type_id=8 Invalid name");
	load_log_last_lines(log, 1, out, sizeof(out));
	assert_string_equal(out, "[11] TYPEDEF a-b type_id=8 Invalid name");
	load_log_last_lines("", 2, out, sizeof(out));
	assert_string_equal(out, "");
	load_log_last_lines("\n\n  \n", 2, out, sizeof(out));
	assert_string_equal(out, "");
	load_log_last_lines("one line, no newline", 3, out, sizeof(out));
	assert_string_equal(out, "one line, no newline");
	load_log_last_lines(log, 2, tiny, sizeof(tiny));
	assert_string_equal(tiny, "[10] PT");
}

/* pin_dir_too_long: a --pin DIR of 600 characters is a clear error, not a
 * write past the 512-byte path buffer (pin_path() indexed it by snprintf's
 * return value). Through a dry run, so no kernel is needed; the ASan build
 * saw the overflow. */
static void test_pin_dir_too_long(void **state)
{
	const char *o = getenv("O") && *getenv("O") ? getenv("O") : "build";
	char path[256], dir[640], err[ERR_LEN];
	struct sys s = { .dry_run = true };
	struct load_opts lo;
	struct rb_object *obj;

	snprintf(path, sizeof(path), "%s/examples/ringbuf.bpf.o", o);
	if (access(path, R_OK))
		skip();
	memset(dir, 'd', sizeof(dir));
	memcpy(dir, "/sys/fs/bpf/", 12);
	dir[600] = '\0';
	assert_int_equal(plan_open(&obj, path, err, sizeof(err)), 0);
	memset(&lo, 0, sizeof(lo));
	lo.sys = &s;
	lo.pin_dir = dir;
	assert_int_equal(load_object(obj, &lo, err, sizeof(err)), -ENAMETOOLONG);
	assert_non_null(strstr(err, "pins: --pin /sys/fs/bpf/ddd"));
	assert_non_null(strstr(err, "600 bytes, longer than a pin path may be (511)"));
	plan_free(obj);

	/* 500 bytes: the directory fits, DIR/NAME does not. */
	dir[500] = '\0';
	assert_int_equal(plan_open(&obj, path, err, sizeof(err)), 0);
	assert_int_equal(load_object(obj, &lo, err, sizeof(err)), -ENAMETOOLONG);
	if (!strstr(err, "pins: /sys/fs/bpf/ddd") ||
	    !strstr(err, ".../ringbuf_enter: 514 bytes") || !strstr(err, "bytes, longer than a pin path may be (511)"))
		fail_msg("err: %s", err);
	plan_free(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verifier_log_size_capped),
		cmocka_unit_test(test_verifier_log_cut_says_so),
		cmocka_unit_test(test_btf_refusal_names_reason),
		cmocka_unit_test(test_pin_dir_too_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
