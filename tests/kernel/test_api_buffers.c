/* api_set_buffers: rb_set_buffers() is the C API's --pages and --ring-size.
 * (The API had no way to size the buffers: perf buffers were always 8 pages
 * per CPU and ring buffers the object's size.)
 *
 *   - bad sizes are refused with -EINVAL, before anything is changed;
 *   - ring_bytes becomes every ring buffer map's max_entries at load
 *     (BPF_OBJ_GET_INFO_BY_FD), perf_pages the size of each perf buffer
 *     mapping rb_poll_open() makes (1 + perf_pages pages, /proc/self/maps);
 *   - too late (after the load, after rb_poll_open) is -EBUSY.
 *
 * Object: build/tests/bpf/overload.bpf.o (a 64 KiB ring buffer, a perf event
 * array). Needs root and a BPF-capable kernel; skips otherwise (tests/run.sh
 * counts a skip as a failure under CI=true). Run from the top of the tree. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/bpf.h>

#include "loader/rawbpf.h"

#define OBJ_PATH "tests/bpf/overload.bpf.o"

static const char *obj_path(void)
{
	static char path[256];
	const char *o = getenv("O");

	snprintf(path, sizeof(path), "%s/" OBJ_PATH, o && *o ? o : "build");
	return path;
}

static uint32_t max_entries(int fd)
{
	struct bpf_map_info mi;
	union bpf_attr a;

	memset(&mi, 0, sizeof(mi));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(mi);
	a.info.info = (uintptr_t)&mi;
	if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
		return 0;
	return mi.max_entries;
}

/* How many mappings of /proc/self/maps are perf events of len bytes. */
static int perf_mappings(size_t len)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long lo, hi;
	int n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[perf_event]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
		    hi - lo == len)
			n++;
	fclose(f);
	return n;
}

static void on_event(void *ctx, const char *map, int cpu, const void *data, uint32_t size)
{
	(void)ctx; (void)map; (void)cpu; (void)data; (void)size;
}

static struct rb_object *open_or_skip(void)
{
	struct rb_object *obj = NULL;
	char err[512];

	if (geteuid() != 0 || access(obj_path(), R_OK))
		skip();
	if (rb_open(obj_path(), &obj, err, sizeof(err)))
		fail_msg("%s", err);
	return obj;
}

static void test_api_set_buffers_refuses_bad_sizes(void **state)
{
	struct rb_object *obj = open_or_skip();
	char err[512];

	(void)state;
	assert_int_equal(rb_set_buffers(obj, 3, 0, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "power of 2"));
	assert_int_equal(rb_set_buffers(obj, 1u << 17, 0, err, sizeof(err)), -EINVAL);
	assert_int_equal(rb_set_buffers(obj, 0, 12345, err, sizeof(err)), -EINVAL);
	assert_int_equal(rb_set_buffers(obj, 0, 1024, err, sizeof(err)), -EINVAL);
	assert_int_equal(rb_set_buffers(obj, 0, 1u << 31, err, sizeof(err)), -EINVAL);
	rb_close(obj);
}

static void test_api_set_buffers_sizes_both(void **state)
{
	struct rb_object *obj = open_or_skip();
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int before = perf_mappings(3 * page), fd;
	char err[512];

	(void)state;
	assert_int_equal(rb_set_buffers(obj, 2, 4 * page, err, sizeof(err)), 0);
	if (rb_load_object(obj, NULL, err, sizeof(err)))
		fail_msg("load: %s", err);
	assert_true((fd = rb_map_fd(obj, "ring_events")) >= 0);
	assert_int_equal(max_entries(fd), 4 * page);
	/* Too late for the ring; the perf buffers are not open yet. */
	assert_int_equal(rb_set_buffers(obj, 0, 8 * page, err, sizeof(err)), -EBUSY);
	assert_int_equal(rb_set_buffers(obj, 2, 0, err, sizeof(err)), 0);
	if (rb_poll_open(obj, on_event, NULL, err, sizeof(err)))
		fail_msg("poll open: %s", err);
	/* One perf buffer per online CPU, each 1 + 2 pages. */
	assert_int_equal(perf_mappings(3 * page) - before, sysconf(_SC_NPROCESSORS_ONLN));
	assert_int_equal(rb_set_buffers(obj, 4, 0, err, sizeof(err)), -EBUSY);
	rb_close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_set_buffers_refuses_bad_sizes),
		cmocka_unit_test(test_api_set_buffers_sizes_both),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
