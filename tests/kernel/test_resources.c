/* Resource accounting of the public C API (rawbpf.h): many
 * open / load / attach / poll-open / poll / detach / close cycles must leave
 * the process and the system as they found them. Counted before and after:
 *
 *   open fds            /proc/self/fd entries
 *   mappings            /proc/self/maps lines (ring and perf buffer mmaps)
 *   tracefs entries     uprobe_events + kprobe_events lines, and those named
 *                       rawbpf_<pid ns>_<our pid>_* (legacy probes, rb_options.legacy_probes)
 *   bpffs entries       /sys/fs/bpf listing (nothing is pinned without pin_dir)
 *
 * One warm-up cycle runs before the first count: it mounts tracefs if needed
 * and lets stdio and malloc make their one-time allocations.
 *
 * Objects: build/examples/ringbuf.bpf.o (tracepoints, a ring buffer) and
 * build/examples/uprobe.bpf.o with legacy probes (two uprobe_events entries
 * per cycle). uprobe.bpf.o names build/examples/uprobe_target by a relative
 * path, so run from the top of the source tree (tests/run.sh does).
 * RAWBPF_CYCLES and RAWBPF_UPROBE_CYCLES override the cycle counts
 * (default 1000 for ringbuf.bpf.o, 50 for uprobe.bpf.o with legacy probes,
 * a tenth of that through the uprobe PMU).
 *
 * Needs root and a BPF-capable kernel; skips otherwise. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/perf_event.h>

#include "loader/rawbpf.h"

/* Built with AddressSanitizer? (gcc says __SANITIZE_ADDRESS__, clang 14
 * answers __has_feature.) */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifndef TEST_ASAN
#define TEST_ASAN 0
#endif

#define RINGBUF_OBJ "build/examples/ringbuf.bpf.o"
#define UPROBE_OBJ  "build/examples/uprobe.bpf.o"
#define UPROBE_BIN  "build/examples/uprobe_target"
#define TRACEFS     "/sys/kernel/tracing"

struct counts {
	long fds, maps, probes, own_probes, bpffs;
};

static void need_root(void)
{
	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK))
		skip();
}

static long dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	long n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Lines of PATH; with prefix, only lines holding it. -1: unreadable. */
static long lines(const char *path, const char *holding)
{
	FILE *f = fopen(path, "re");
	char buf[4096];
	long n = 0;

	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f))
		if (!holding || strstr(buf, holding))
			n++;
	fclose(f);
	return n;
}

static long probe_lines(const char *holding)
{
	long u = lines(TRACEFS "/uprobe_events", holding);
	long k = lines(TRACEFS "/kprobe_events", holding);

	return (u > 0 ? u : 0) + (k > 0 ? k : 0);
}

/* "/rawbpf_<pid namespace inode>_<pid>_": the start of our probes' names
 * (bpf/tracefs.c names them so). */
static void own_prefix(char *own, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/pid", &st))
		st.st_ino = 0;
	snprintf(own, len, "/rawbpf_%lu_%d_", (unsigned long)st.st_ino, (int)getpid());
}

static void count(struct counts *c)
{
	char own[48];

	own_prefix(own, sizeof(own));
	c->fds = dir_entries("/proc/self/fd");
	c->maps = lines("/proc/self/maps", NULL);
	c->probes = probe_lines(NULL);
	c->own_probes = probe_lines(own);
	c->bpffs = dir_entries("/sys/fs/bpf");
}

/* Closing the last perf event of a tracepoint waits for an RCU grace period
 * in the kernel (tracepoint_synchronize_unregister(), ~70 ms here): 1,000
 * cycles would take minutes of sleeping. A disabled perf event held on the
 * same tracepoint for the whole test keeps the tracepoint registered, so a
 * cycle's close skips that wait; rawbpf's own calls are the same. (Closing
 * a perf event with a program still takes 15-40 ms here: a ringbuf.bpf.o
 * cycle costs 60-90 ms, most of it in the kernel.) */
static int hold_tracepoint(const char *name)
{
	struct perf_event_attr a;
	char path[256], buf[32];
	FILE *f;
	long id;

	snprintf(path, sizeof(path), TRACEFS "/events/%s/id", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	id = fgets(buf, sizeof(buf), f) ? atol(buf) : -1;
	fclose(f);
	if (id <= 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = id;
	a.disabled = 1;
	return syscall(SYS_perf_event_open, &a, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

static void on_event(void *ctx, const char *map, int cpu, const void *data, uint32_t size)
{
	(*(unsigned long *)ctx)++;
}

/* One full cycle; returns how many rawbpf_<pid>_ tracefs entries existed
 * while attached, or -1 (after printing why) on failure. */
static long cycle(const char *path, bool legacy)
{
	struct rb_options o = { .legacy_probes = legacy };
	struct rb_object *obj = NULL;
	unsigned long seen = 0;
	char err[512], own[48];
	long attached;

	own_prefix(own, sizeof(own));
	if (rb_open(path, &obj, err, sizeof(err)) ||
	    rb_load_object(obj, &o, err, sizeof(err)) ||
	    rb_attach_all(obj, err, sizeof(err)) ||
	    rb_poll_open(obj, on_event, &seen, err, sizeof(err))) {
		print_error("%s: %s\n", path, err);
		rb_close(obj);
		return -1;
	}
	attached = probe_lines(own);
	if (rb_poll(obj, 0) < 0) {
		print_error("%s: rb_poll failed\n", path);
		rb_close(obj);
		return -1;
	}
	rb_detach_all(obj);
	rb_close(obj);
	return attached;
}

static int cycles(const char *var, int dflt)
{
	const char *v = getenv(var);

	return v && atoi(v) > 0 ? atoi(v) : dflt;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void no_growth(const char *path, bool legacy, int n, long probes_while_attached)
{
	struct counts before, after;
	double t;

	if (access(path, R_OK) || (legacy && access(UPROBE_BIN, R_OK))) {
		print_message("# %s or %s missing (run from the top of the tree after make)\n",
			      path, UPROBE_BIN);
		skip();
	}
	assert_int_equal(cycle(path, legacy), probes_while_attached);  /* warm-up */
	count(&before);
	t = now();
	for (int i = 0; i < n; i++) {
		long got = cycle(path, legacy);

		if (got != probes_while_attached)
			fail_msg("cycle %d of %s: %ld rawbpf_%d_* tracefs entries while attached, expected %ld",
				 i, path, got, (int)getpid(), probes_while_attached);
	}
	t = now() - t;
	count(&after);
	print_message("# %s%s: %d cycles in %.1f s (%.2f ms each); fds %ld, maps %ld, "
		      "tracefs entries %ld (ours %ld), bpffs entries %ld\n",
		      path, legacy ? " (legacy probes)" : "", n, t, t * 1000 / n, after.fds,
		      after.maps, after.probes, after.own_probes, after.bpffs);
	assert_int_equal(after.fds, before.fds);
#if TEST_ASAN
	/* ASan's allocator maps memory as the process grows: in that build
	 * only fds, tracefs and bpffs are held equal (the plain build checks
	 * mappings too). */
	assert_true(after.maps <= before.maps + 8);
#else
	assert_int_equal(after.maps, before.maps);
#endif
	assert_int_equal(after.own_probes, 0);
	/* System-wide counts: other programs may remove their entries
	 * meanwhile, so only growth is a failure (tests/run.sh runs one test
	 * at a time; nothing else should add any). */
	assert_true(after.probes <= before.probes);
	assert_true(after.bpffs <= before.bpffs);
}

static void test_ringbuf_cycles(void **state)
{
	need_root();
	no_growth(RINGBUF_OBJ, false, cycles("RAWBPF_CYCLES", 1000), 0);
}

/* Legacy probes: each cycle adds and removes two uprobe_events entries
 * (entry and return probe). Fewer cycles: removing a uprobe waits for the
 * kernel (~200 ms a cycle here), and no holder can share a probe that is
 * created anew each cycle. */
static void test_uprobe_legacy_cycles(void **state)
{
	need_root();
	no_growth(UPROBE_OBJ, true, cycles("RAWBPF_UPROBE_CYCLES", 50), 2);
}

/* The same object through the uprobe PMU: no tracefs entries at all. */
static void test_uprobe_pmu_cycles(void **state)
{
	need_root();
	no_growth(UPROBE_OBJ, false, (cycles("RAWBPF_UPROBE_CYCLES", 50) + 9) / 10, 0);
}

/* A failed load must release what the earlier stages took: attach before
 * load, poll before load, double load refused, close of a half-built
 * object. */
static void test_error_paths(void **state)
{
	struct counts before, after;
	char err[512];

	need_root();
	if (access(RINGBUF_OBJ, R_OK))
		skip();
	assert_int_equal(cycle(RINGBUF_OBJ, false), 0);
	count(&before);
	for (int i = 0; i < 200; i++) {
		struct rb_object *obj = NULL;

		assert_int_equal(rb_open(RINGBUF_OBJ, &obj, err, sizeof(err)), 0);
		assert_true(rb_attach_all(obj, err, sizeof(err)) < 0);
		assert_true(rb_poll_open(obj, on_event, NULL, err, sizeof(err)) < 0);
		assert_int_equal(rb_load_object(obj, NULL, err, sizeof(err)), 0);
		assert_true(rb_load_object(obj, NULL, err, sizeof(err)) < 0);
		if (i % 2)
			assert_int_equal(rb_attach_all(obj, err, sizeof(err)), 0);
		rb_close(obj);
	}
	count(&after);
	assert_int_equal(after.fds, before.fds);
#if TEST_ASAN
	/* ASan's allocator maps memory as the process grows: in that build
	 * only fds, tracefs and bpffs are held equal (the plain build checks
	 * mappings too). */
	assert_true(after.maps <= before.maps + 8);
#else
	assert_int_equal(after.maps, before.maps);
#endif
	assert_true(after.bpffs <= before.bpffs);
}

/* Holders for the tracepoints of ringbuf.bpf.o (see hold_tracepoint());
 * a warm-up cycle first mounts tracefs if it is not. */
static int hold[2] = { -1, -1 };

static int setup(void **state)
{
	if (geteuid() != 0 || access(RINGBUF_OBJ, R_OK))
		return 0;
	cycle(RINGBUF_OBJ, false);
	hold[0] = hold_tracepoint("syscalls/sys_enter_execve");
	hold[1] = hold_tracepoint("syscalls/sys_exit_execve");
	return 0;
}

static int teardown(void **state)
{
	for (int i = 0; i < 2; i++)
		if (hold[i] >= 0)
			close(hold[i]);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ringbuf_cycles),
		cmocka_unit_test(test_uprobe_legacy_cycles),
		cmocka_unit_test(test_uprobe_pmu_cycles),
		cmocka_unit_test(test_error_paths),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, setup, teardown);
}
