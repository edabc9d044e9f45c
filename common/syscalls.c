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
 */
#include <stdarg.h>
#include <errno.h>
#include <sys/socket.h>
#include <sys/stat.h>
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

pid_t fork(void)
{
	return (pid_t)syscall(SYS_fork);
}
#endif
