/* The parts of loader/run/'s new attach kinds (issue 14) that need no
 * kernel: the glob of kprobe.multi/uprobe.multi patterns and the BPF LSM
 * check's message. The kinds themselves: tests/kernel/attach_beyond.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader/run/attach_kinds.h"

static void test_multi_pattern_glob(void **state)
{
	assert_true(run_glob_match("__do_sys_getpp*", "__do_sys_getppid"));
	assert_true(run_glob_match("tcp_v[46]_connect", "tcp_v6_connect"));
	assert_true(run_glob_match("rawbpf_target_?dd", "rawbpf_target_add"));
	assert_false(run_glob_match("__do_sys_getpp*", "__x64_sys_getppid"));
	assert_false(run_glob_match("vfs_read", "vfs_readv"));
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Where the BPF LSM is not in the active list, lsm/ programs are refused
 * before attaching, with the lsm= line that would enable it. */
static void test_lsm_inactive_says_how_to_enable(void **state)
{
	char path[] = "/tmp/rawbpf_lsm_XXXXXX", err[512];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	close(fd);
	write_file(path, "lockdown,capability,landlock\n");
	assert_int_equal(run_lsm_check(path, err, sizeof(err)), -EOPNOTSUPP);
	assert_non_null(strstr(err, "lsm=lockdown,capability,landlock,bpf"));
	write_file(path, "lockdown,capability,bpf");
	assert_int_equal(run_lsm_check(path, err, sizeof(err)), 0);
	write_file(path, "bpf,landlock\n");     /* first, then alone */
	assert_int_equal(run_lsm_check(path, err, sizeof(err)), 0);
	write_file(path, "bpf");
	assert_int_equal(run_lsm_check(path, err, sizeof(err)), 0);
	/* "bpfx" is not "bpf", nor is "xbpf". */
	write_file(path, "bpfx,yama\n");
	assert_int_equal(run_lsm_check(path, err, sizeof(err)), -EOPNOTSUPP);
	write_file(path, "yama,xbpf,,bp\n");
	assert_int_equal(run_lsm_check(path, err, sizeof(err)), -EOPNOTSUPP);
	unlink(path);
	/* No securityfs: the kernel decides. */
	assert_int_equal(run_lsm_check("/nonexistent/lsm", err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_pattern_glob),
		cmocka_unit_test(test_lsm_inactive_says_how_to_enable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
