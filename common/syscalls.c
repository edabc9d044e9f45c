/* System call wrappers for the static binary only (`make static` links this
 * object before musl's libc.a, whose own then stay out). The glibc build
 * does not link this file.
 *
 * stat, lstat, fstat, fstatat: musl's go through one fstatat that copies the
 * kernel's struct stat into its own field by field and can fall back on
 * statx and /proc/self/fd (0.6 KiB); on x86-64 the kernel's struct stat is
 * musl's (and glibc's), so the system call fills it directly.
 * fork: musl's takes the locks of a threaded process and runs atfork
 * handlers, and pulls its rwlocks and timed waits with it (1.8 KiB). Only
 * `rawbpf run -- COMMAND` forks, from the command line's one thread, with
 * no atfork handler; the child only reads a pipe, resets its signals and
 * calls execvp. The child's thread descriptor keeps the parent's thread id,
 * which nothing it does before exec reads.
 * fcntl: musl's adds O_LARGEFILE, cancellation, F_GETOWN's and old kernels'
 * F_DUPFD_CLOEXEC work-arounds (0.4 KiB), none of which rawbpf needs on a
 * 64-bit kernel of this century: the argument goes to the kernel as is.
 * sendmsg: musl's copies the message header and every control message to
 * clear their padding (0.3 KiB); rawbpf sends netlink requests without
 * control messages, so the header is rebuilt in the kernel's layout and a
 * message with any is refused (EINVAL).
 * open, pipe2, signalfd, epoll_create1, epoll_ctl, epoll_wait, mmap,
 * mremap, socket, nanosleep: musl's carry fall-backs for kernels before 2.6.27 (O_CLOEXEC
 * set afterwards, pipe then fcntl, epoll_wait for epoll_pwait, SOCK_CLOEXEC
 * emulated), checks of
 * arguments the kernel checks too, and a lock against a concurrent
 * munmap (1.5 KiB together); the static build runs on the kernels that
 * have BPF, so each is its system call.
 * readlink: musl's turns a buffer of 0 bytes into one of 1 and answers 0
 * (the kernel: EINVAL); rawbpf never passes 0. close: musl's is a
 * cancellation point and first lets aio drop the fd, neither of which the
 * command uses; here as there, EINTR is success (Linux has closed the fd
 * by then), though errno then says EINTR.
 */
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifdef __x86_64__
int stat(const char *restrict path, struct stat *restrict st)
{
	return (int)syscall(SYS_stat, path, st);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
	return (int)syscall(SYS_lstat, path, st);
}

int fstat(int fd, struct stat *st)
{
	return (int)syscall(SYS_fstat, fd, st);
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st, int flags)
{
	return (int)syscall(SYS_newfstatat, dirfd, path, st, flags);
}

int fcntl(int fd, int cmd, ...)
{
	unsigned long arg;
	va_list ap;

	va_start(ap, cmd);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	return (int)syscall(SYS_fcntl, fd, cmd, arg);
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	struct {
		void *name;
		int namelen;
		void *iov;
		size_t iovlen;
		void *control;
		size_t controllen;
		int flags;
	} k = { m->msg_name, (int)m->msg_namelen, m->msg_iov, (size_t)m->msg_iovlen, NULL, 0, 0 };

	if (m->msg_controllen) {
		errno = EINVAL;
		return -1;
	}
	return syscall(SYS_sendmsg, fd, &k, flags);
}

int open(const char *path, int flags, ...)
{
	unsigned mode = 0;
	va_list ap;

	va_start(ap, flags);
	if (flags & (O_CREAT | O_TMPFILE))
		mode = va_arg(ap, unsigned);
	va_end(ap);
	return (int)syscall(SYS_open, path, flags, mode);
}

int pipe2(int fd[2], int flags)
{
	return (int)syscall(SYS_pipe2, fd, flags);
}

int signalfd(int fd, const sigset_t *mask, int flags)
{
	return (int)syscall(SYS_signalfd4, fd, mask, 8, flags);
}

int epoll_create1(int flags)
{
	return (int)syscall(SYS_epoll_create1, flags);
}

int epoll_ctl(int ep, int op, int fd, struct epoll_event *ev)
{
	return (int)syscall(SYS_epoll_ctl, ep, op, fd, ev);
}

int epoll_wait(int ep, struct epoll_event *ev, int n, int timeout)
{
	return (int)syscall(SYS_epoll_pwait, ep, ev, n, timeout, NULL, 8);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	void *new_addr = NULL;
	va_list ap;

	va_start(ap, flags);
	if (flags & MREMAP_FIXED)
		new_addr = va_arg(ap, void *);
	va_end(ap);
	return (void *)syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

int socket(int domain, int type, int protocol)
{
	return (int)syscall(SYS_socket, domain, type, protocol);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	return (int)syscall(SYS_nanosleep, req, rem);
}

pid_t fork(void)
{
	return (pid_t)syscall(SYS_fork);
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t len)
{
	return syscall(SYS_readlink, path, buf, len);
}

int close(int fd)
{
	int r = (int)syscall(SYS_close, fd);

	return r < 0 && errno == EINTR ? 0 : r;
}
#endif
