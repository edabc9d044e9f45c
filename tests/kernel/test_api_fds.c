/* load_release_closes_high_fds: rb_close() must close every fd the load
 * made and so free the kernel objects, even when those fds are 1000 or
 * more. (load_release() once told a dry run's made-up fds, which count up
 * from 1000, from real ones by fd < 1000, and left real fds >= 1000 open: in
 * a process holding many files, rb_close() leaked every program and map.)
 *
 * The test first fills every free fd below 1000 with /dev/null, so the
 * kernel hands rawbpf fds >= 1000; then rb_open + rb_load_object + rb_close
 * of build/examples/ringbuf.bpf.o (its programs and maps). Checked after:
 * each program and map fd is closed (fcntl F_GETFD: EBADF), and no program
 * or map with their kernel ids exists (BPF_PROG_GET_FD_BY_ID /
 * BPF_MAP_GET_FD_BY_ID: ENOENT; the kernel frees maps after an RCU grace
 * period, so a little waiting is allowed).
 *
 * Needs root and a BPF-capable kernel; skips otherwise (tests/run.sh counts
 * a skip as a failure under CI=true). Run from the top of the source tree. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/bpf.h>

#include "loader/rawbpf.h"

#define OBJ_PATH   "examples/ringbuf.bpf.o"
#define HIGH_FD    1000
#define MAX_OBJS   16

static const char *obj_path(void)
{
	static char path[256];
	const char *o = getenv("O");

	snprintf(path, sizeof(path), "%s/" OBJ_PATH, o && *o ? o : "build");
	return path;
}

static long bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* The kernel id of the program or map behind fd, or 0. */
static uint32_t id_of(int fd, bool prog)
{
	struct bpf_prog_info pi;
	struct bpf_map_info mi;
	union bpf_attr a;

	memset(&pi, 0, sizeof(pi));
	memset(&mi, 0, sizeof(mi));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = prog ? sizeof(pi) : sizeof(mi);
	a.info.info = prog ? (uintptr_t)&pi : (uintptr_t)&mi;
	if (bpf(BPF_OBJ_GET_INFO_BY_FD, &a))
		return 0;
	return prog ? pi.id : mi.id;
}

/* Does a program (or map) with this id still exist? */
static bool id_exists(uint32_t id, bool prog)
{
	union bpf_attr a;
	long fd;

	memset(&a, 0, sizeof(a));
	if (prog)
		a.prog_id = id;
	else
		a.map_id = id;
	fd = bpf(prog ? BPF_PROG_GET_FD_BY_ID : BPF_MAP_GET_FD_BY_ID, &a);
	if (fd >= 0) {
		close((int)fd);
		return true;
	}
	return errno != ENOENT;
}

static bool gone_within(uint32_t id, bool prog, double seconds)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	for (double t = 0; t < seconds; t += 0.01) {
		if (!id_exists(id, prog))
			return true;
		nanosleep(&ts, NULL);
	}
	return !id_exists(id, prog);
}

/* Fill every free fd below HIGH_FD with /dev/null; returns how many were
 * opened into fill[]. */
static int fill_low_fds(int *fill, int max)
{
	int n = 0, fd;

	while (n < max && (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0) {
		if (fd >= HIGH_FD) {
			close(fd);
			break;
		}
		fill[n++] = fd;
	}
	return n;
}

struct loaded {
	int fd[MAX_OBJS];
	uint32_t id[MAX_OBJS];
	bool prog[MAX_OBJS];
	int n;
};

static void note(struct loaded *l, int fd, bool prog, const char *name)
{
	if (fd < 0)
		return;
	assert_true(l->n < MAX_OBJS);
	if (fd < HIGH_FD)
		fail_msg("%s %s has fd %d, below %d: the fill did not work", prog ? "program" : "map",
			 name, fd, HIGH_FD);
	l->fd[l->n] = fd;
	l->prog[l->n] = prog;
	l->id[l->n] = id_of(fd, prog);
	assert_int_not_equal(l->id[l->n], 0);
	l->n++;
}

static void test_load_release_closes_high_fds(void **state)
{
	static const char *const progs[] = { "ringbuf_enter", "ringbuf_exit" };
	static const char *const maps[] = { "events" };
	struct rlimit rl;
	struct rb_object *obj = NULL;
	struct loaded l = { .n = 0 };
	char err[512];
	int *fill, nfill;

	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK))
		skip();
	if (access(obj_path(), R_OK)) {
		print_message("# %s missing (run from the top of the tree after make)\n", obj_path());
		skip();
	}
	/* Room for HIGH_FD fds and the load's own above them. */
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < HIGH_FD + 256) {
		rl.rlim_cur = rl.rlim_max < HIGH_FD + 256 ? rl.rlim_max : HIGH_FD + 256;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	if (rl.rlim_cur < HIGH_FD + 64) {
		print_message("# RLIMIT_NOFILE hard limit %lu: cannot reach fd %d\n",
			      (unsigned long)rl.rlim_max, HIGH_FD);
		skip();
	}
	fill = calloc(HIGH_FD, sizeof(*fill));
	assert_non_null(fill);
	nfill = fill_low_fds(fill, HIGH_FD);

	if (rb_open(obj_path(), &obj, err, sizeof(err)) || rb_load_object(obj, NULL, err, sizeof(err)))
		fail_msg("%s: %s", obj_path(), err);
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		note(&l, rb_prog_fd(obj, progs[i]), true, progs[i]);
	for (size_t i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		note(&l, rb_map_fd(obj, maps[i]), false, maps[i]);
	assert_int_equal(l.n, 3);
	rb_close(obj);

	for (int i = 0; i < l.n; i++) {
		errno = 0;
		if (fcntl(l.fd[i], F_GETFD) != -1 || errno != EBADF)
			fail_msg("%s fd %d (id %u) is still open after rb_close()",
				 l.prog[i] ? "program" : "map", l.fd[i], l.id[i]);
	}
	for (int i = 0; i < l.n; i++)
		if (!gone_within(l.id[i], l.prog[i], 5.0))
			fail_msg("%s id %u still exists 5 s after rb_close()",
				 l.prog[i] ? "program" : "map", l.id[i]);
	for (int i = 0; i < nfill; i++)
		close(fill[i]);
	free(fill);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_release_closes_high_fds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
