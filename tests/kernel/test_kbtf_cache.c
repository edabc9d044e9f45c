/* The kernel's BTF is parsed once per process (issue 12): two objects
 * loaded one after the other share it, and a --btf file rewritten between
 * loads is read again. tests/kernel/fast_paths.sh also runs this under
 * strace and counts the opens of /sys/kernel/btf/vmlinux. Needs root (the
 * loads) and /sys/kernel/btf/vmlinux. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/rawbpf.h"
#include "loader/load/kbtf.h"
#include "common/util.h"

static char obj_path[512];

static struct rb_object *open_obj(void)
{
	struct rb_object *obj = NULL;
	char err[512];

	if (rb_open(obj_path, &obj, err, sizeof(err)))
		fail_msg("%s", err);
	return obj;
}

/* kernel_btf_cached_across_loads */
static void test_kernel_btf_cached_across_loads(void **state)
{
	struct rb_object *a = open_obj(), *b = open_obj(), *c;
	const struct btf *ka, *kb, *kc;
	char err[512];

	(void)state;
	/* Two CO-RE loads, one after the other, in one process. */
	if (rb_load_object(a, NULL, err, sizeof(err)))
		fail_msg("first load: %s", err);
	rb_close(a);
	if (rb_load_object(b, NULL, err, sizeof(err)))
		fail_msg("second load: %s", err);
	rb_close(b);
	/* The same parsed BTF for every object, also after one let go. */
	a = open_obj();
	b = open_obj();
	assert_int_equal(load_kernel_btf(a, NULL, &ka, err, sizeof(err)), 0);
	assert_int_equal(load_kernel_btf(b, NULL, &kb, err, sizeof(err)), 0);
	assert_ptr_equal(ka, kb);
	load_kernel_btf_free(a);
	c = open_obj();
	assert_int_equal(load_kernel_btf(c, NULL, &kc, err, sizeof(err)), 0);
	assert_ptr_equal(ka, kc);
	rb_close(a);
	rb_close(b);
	rb_close(c);
}

/* kernel_btf_file_rewritten_is_read_again */
static void test_kernel_btf_file_rewritten_is_read_again(void **state)
{
	char path[] = "/tmp/rawbpf_kbtf_XXXXXX", err[512];
	struct file_bytes fb;
	struct rb_object *a = open_obj(), *b = open_obj(), *c = open_obj();
	const struct btf *ka, *kb, *kc;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(map_whole_file(LOAD_KERNEL_BTF, &fb, err, sizeof(err)), 0);
	assert_int_equal(write(fd, fb.data, fb.len), (ssize_t)fb.len);
	assert_int_equal(load_kernel_btf(a, path, &ka, err, sizeof(err)), 0);
	assert_int_equal(load_kernel_btf(b, path, &kb, err, sizeof(err)), 0);
	assert_ptr_equal(ka, kb);
	/* Rewritten (a new inode): read again. */
	close(fd);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, fb.data, fb.len), (ssize_t)fb.len);
	close(fd);
	assert_int_equal(load_kernel_btf(c, path, &kc, err, sizeof(err)), 0);
	assert_ptr_not_equal(ka, kc);
	unlink(path);
	unmap_whole_file(&fb);
	rb_close(a);
	rb_close(b);
	rb_close(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_btf_cached_across_loads),
		cmocka_unit_test(test_kernel_btf_file_rewritten_is_read_again),
	};
	const char *o = getenv("O");

	snprintf(obj_path, sizeof(obj_path), "%s/examples/execsnoop.bpf.o", o ? o : "build");
	if (getuid() != 0 || access(LOAD_KERNEL_BTF, R_OK)) {
		printf("1..0 # SKIP needs root and %s\n", LOAD_KERNEL_BTF);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
