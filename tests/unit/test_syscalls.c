/* common/syscalls.c, the static binary's stat family, fork, fcntl, sendmsg,
 * open, pipe2, signalfd, epoll_*, mmap, mremap, socket, nanosleep,
 * readlink and close straight from the system call, under other names here: the same results
 * and errno as the C library's (or the kernel's own), a child that exits
 * with a status the parent reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

/* Function-like, so that struct stat keeps its name. */
#define stat(p, st) tiny_stat(p, st)
#define lstat(p, st) tiny_lstat(p, st)
#define fstat(fd, st) tiny_fstat(fd, st)
#define fstatat(d, p, st, f) tiny_fstatat(d, p, st, f)
#define fork tiny_fork
#define fcntl tiny_fcntl
#define sendmsg tiny_sendmsg
#define open tiny_open
#define pipe2 tiny_pipe2
#define signalfd tiny_signalfd
#define epoll_create1 tiny_epoll_create1
#define epoll_ctl tiny_epoll_ctl
#define epoll_wait tiny_epoll_wait
#define mmap tiny_mmap
#define mremap tiny_mremap
#define socket tiny_socket
#define nanosleep tiny_nanosleep
#define readlink tiny_readlink
#define close tiny_close
#include "common/syscalls.c"
#undef stat
#undef lstat
#undef fstat
#undef fstatat
#undef fork
#undef fcntl
#undef sendmsg
#undef open
#undef pipe2
#undef signalfd
#undef epoll_create1
#undef epoll_ctl
#undef epoll_wait
#undef mmap
#undef mremap
#undef socket
#undef nanosleep
#undef readlink
#undef close

static void same_stat(const struct stat *a, const struct stat *b, const char *what)
{
	if (a->st_dev != b->st_dev || a->st_ino != b->st_ino || a->st_mode != b->st_mode ||
	    a->st_nlink != b->st_nlink || a->st_uid != b->st_uid || a->st_size != b->st_size ||
	    a->st_mtim.tv_sec != b->st_mtim.tv_sec || a->st_mtim.tv_nsec != b->st_mtim.tv_nsec)
		fail_msg("%s: not the C library's struct stat", what);
}

/* stat, lstat, fstat, fstatat straight from the system call: the same
 * struct stat as the C library's, the same -1 and errno on failure. */
static void test_stat(void **state)
{
	static const char *const paths[] = { "/", "/proc/self/exe", "/dev/null", "/etc" };
	struct stat a, b;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(tiny_stat(paths[i], &a), 0);
		assert_int_equal(stat(paths[i], &b), 0);
		same_stat(&a, &b, paths[i]);
		assert_int_equal(tiny_lstat(paths[i], &a), 0);
		assert_int_equal(lstat(paths[i], &b), 0);
		same_stat(&a, &b, paths[i]);
		assert_int_equal(tiny_fstatat(AT_FDCWD, paths[i], &a, AT_SYMLINK_NOFOLLOW), 0);
		same_stat(&a, &b, paths[i]);
	}
	assert_int_equal(tiny_fstat(0, &a), 0);
	assert_int_equal(fstat(0, &b), 0);
	same_stat(&a, &b, "fd 0");
	errno = 0;
	assert_int_equal(tiny_stat("/nonexistent/rawbpf", &a), -1);
	assert_int_equal(errno, ENOENT);
	errno = 0;
	assert_int_equal(tiny_fstat(-1, &a), -1);
	assert_int_equal(errno, EBADF);
}

static void test_fork(void **state)
{
	int status = 0;
	pid_t pid = tiny_fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(42);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
}

/* fcntl passes its argument through: F_DUPFD_CLOEXEC at or above 3, with
 * close-on-exec, as glibc's; F_GETFL; EBADF on a closed fd. */
static void test_fcntl(void **state)
{
	int fd = tiny_fcntl(0, F_DUPFD_CLOEXEC, 3);
	int want = fcntl(0, F_DUPFD_CLOEXEC, 3);

	assert_true(fd >= 3);
	assert_true(want >= 3);
	assert_int_equal(tiny_fcntl(fd, F_GETFD), FD_CLOEXEC);
	assert_int_equal(tiny_fcntl(fd, F_GETFL), fcntl(want, F_GETFL));
	close(fd);
	close(want);
	errno = 0;
	assert_int_equal(tiny_fcntl(fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

/* sendmsg: the iovecs gathered into one datagram, as glibc's; a message
 * with control data refused (EINVAL), none being rebuilt. */
static void test_sendmsg(void **state)
{
	char a[] = "netlink ", b[] = "request", got[32] = "";
	struct iovec iov[2] = { { a, 8 }, { b, 7 } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	char cbuf[64] = { 0 };
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv), 0);
	assert_int_equal(tiny_sendmsg(sv[0], &mh, 0), 15);
	assert_int_equal(recv(sv[1], got, sizeof(got), 0), 15);
	assert_memory_equal(got, "netlink request", 15);
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	errno = 0;
	assert_int_equal(tiny_sendmsg(sv[0], &mh, 0), -1);
	assert_int_equal(errno, EINVAL);
	close(sv[0]);
	close(sv[1]);
}

/* open with a mode, pipe2 with O_CLOEXEC, an epoll set that sees the
 * pipe readable, a signalfd that reads a blocked signal, and an anonymous
 * mapping grown by mremap: as their glibc counterparts do. */
static void test_thin_wrappers(void **state)
{
	char path[64] = "/tmp/rawbpf_syscalls_XXXXXX", *m;
	struct epoll_event ev = { .events = EPOLLIN }, got;
	struct signalfd_siginfo si;
	struct stat st;
	sigset_t set, old;
	int p[2], fd, ep, sfd;
	mode_t um = umask(0);

	umask(um);
	assert_non_null(mkdtemp(path));
	strcat(path, "/f");
	fd = tiny_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640 & ~um);
	assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	errno = 0;
	assert_int_equal(tiny_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600), -1);
	assert_int_equal(errno, EEXIST);
	unlink(path);
	*strrchr(path, '/') = 0;
	rmdir(path);

	assert_int_equal(tiny_pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	ep = tiny_epoll_create1(EPOLL_CLOEXEC);
	assert_true(ep >= 0);
	ev.data.fd = p[0];
	assert_int_equal(tiny_epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), 0);
	assert_int_equal(tiny_epoll_wait(ep, &got, 1, 0), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(tiny_epoll_wait(ep, &got, 1, 1000), 1);
	assert_int_equal(got.data.fd, p[0]);
	close(ep);
	close(p[0]);
	close(p[1]);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	assert_int_equal(sigprocmask(SIG_BLOCK, &set, &old), 0);
	sfd = tiny_signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	assert_true(sfd >= 0);
	raise(SIGUSR1);
	assert_int_equal(read(sfd, &si, sizeof(si)), sizeof(si));
	assert_int_equal(si.ssi_signo, SIGUSR1);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);

	m = tiny_mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	m[4095] = 7;
	m = tiny_mremap(m, 4096, 3 * 4096, MREMAP_MAYMOVE);
	assert_true(m != MAP_FAILED);
	assert_int_equal(m[4095], 7);
	m[3 * 4096 - 1] = 1;
	assert_int_equal(munmap(m, 3 * 4096), 0);
	errno = 0;
	assert_true(tiny_mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED);
	assert_int_equal(errno, EBADF);

	fd = tiny_socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	errno = 0;
	assert_int_equal(tiny_socket(-1, SOCK_DGRAM, 0), -1);
	assert_int_equal(errno, EAFNOSUPPORT);
	assert_int_equal(tiny_nanosleep(&(struct timespec){ 0, 1000 }, NULL), 0);
	errno = 0;
	assert_int_equal(tiny_nanosleep(&(struct timespec){ 0, -1 }, NULL), -1);
	assert_int_equal(errno, EINVAL);
}

/* readlink: the target as glibc's reads it, not NUL-terminated; -1 and
 * EINVAL for a file that is not a link, ENOENT for none. close: 0, then
 * -1 and EBADF for the fd closed. */
static void test_readlink_close(void **state)
{
	char a[4096], b[4096];
	ssize_t n = tiny_readlink("/proc/self/exe", a, sizeof(a));
	int p[2];

	assert_true(n > 0);
	assert_int_equal(readlink("/proc/self/exe", b, sizeof(b)), n);
	assert_memory_equal(a, b, (size_t)n);
	memset(a, 'x', sizeof(a));
	assert_int_equal(tiny_readlink("/proc/self/exe", a, 3), 3);
	assert_memory_equal(a, b, 3);
	assert_int_equal(a[3], 'x');
	errno = 0;
	assert_int_equal(tiny_readlink("/dev/null", a, sizeof(a)), -1);
	assert_int_equal(errno, EINVAL);
	errno = 0;
	assert_int_equal(tiny_readlink("/nonexistent/rawbpf", a, sizeof(a)), -1);
	assert_int_equal(errno, ENOENT);

	assert_int_equal(pipe(p), 0);
	assert_int_equal(tiny_close(p[0]), 0);
	assert_int_equal(tiny_close(p[1]), 0);
	errno = 0;
	assert_int_equal(tiny_close(p[0]), -1);
	assert_int_equal(errno, EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_fork),
		cmocka_unit_test(test_fcntl),
		cmocka_unit_test(test_sendmsg),
		cmocka_unit_test(test_thin_wrappers),
		cmocka_unit_test(test_readlink_close),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
