/* bpf(2) itself, and the explain / dry-run machinery every wrapper uses. */
#include "bpf/sys.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_bpf
#define __NR_bpf 321            /* x86-64 */
#endif

static bool cmd_makes_fd(int cmd)
{
	switch (cmd) {
	case BPF_MAP_CREATE: case BPF_PROG_LOAD: case BPF_BTF_LOAD:
	case BPF_OBJ_GET: case BPF_LINK_CREATE: case BPF_RAW_TRACEPOINT_OPEN:
	case BPF_PROG_GET_FD_BY_ID: case BPF_MAP_GET_FD_BY_ID:
	case BPF_BTF_GET_FD_BY_ID: case BPF_LINK_GET_FD_BY_ID:
	case BPF_ITER_CREATE:
		return true;
	}
	return false;
}

long sys_fd_above_stdio(long fd)
{
	long moved;

	if (fd < 0 || fd > 2)
		return fd;
	moved = fcntl((int)fd, F_DUPFD_CLOEXEC, 3);
	if (moved < 0)
		moved = -errno;
	close((int)fd);
	return moved;
}

int sys_fake_fd(struct sys *s)
{
	if (s->next_fake_fd < 1000)
		s->next_fake_fd = 1000;
	return s->next_fake_fd++;
}

long sys_bpf(struct sys *s, enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size)
{
	long ret;

	if (s->dry_run) {
		ret = cmd_makes_fd(cmd) ? sys_fake_fd(s) : 0;
	} else {
		ret = syscall(__NR_bpf, cmd, attr, size);
		if (ret < 0)
			ret = -errno;
		else if (cmd_makes_fd(cmd))
			ret = sys_fd_above_stdio(ret);
	}
	if (s->explain) {
		char buf[640];
		const char *name = sys_cmd_name(cmd);

		sys_attr_str(buf, sizeof(buf), cmd, attr);
		if (name)
			sys_explain(s, ret, "bpf(BPF_%s, %s, %u)", name, buf, size);
		else
			sys_explain(s, ret, "bpf(%d, %s, %u)", (int)cmd, buf, size);
	}
	return ret;
}

/* The errno values --explain names, and their names in the same order
 * (common/util.h's str_nth()): no table of pointers indexed by errno. */
#define ERRNOS E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) \
	E(ENOEXEC) E(EBADF) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) \
	E(EEXIST) E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) \
	E(ENOTTY) E(EFBIG) E(ENOSPC) E(ESPIPE) E(EROFS) E(ERANGE) E(ENAMETOOLONG) \
	E(ENOSYS) E(ELOOP) E(EOPNOTSUPP) E(EOVERFLOW) E(EBADFD)

const char *sys_errno_name(int err)
{
#define E(x) x,
	static const unsigned char nums[] = { ERRNOS };
#undef E
#define E(x) #x "\0"
	static const char names[] = ERRNOS;
#undef E

	if (err < 0)
		err = -err;
	if (err == 524)         /* the kernel-internal ENOTSUPP leaks from bpf() */
		return "ENOTSUPP";
	for (unsigned i = 0; i < sizeof(nums); i++)
		if (nums[i] == err)
			return str_nth(names, i);
	return NULL;
}

void sys_explain(struct sys *s, long ret, const char *fmt, ...)
{
	va_list ap;
	const char *name;

	if (!s->explain)
		return;
	va_start(ap, fmt);
	vfprintf(s->explain, fmt, ap);
	va_end(ap);
	if (ret >= 0) {
		fprintf(s->explain, " = %ld\n", ret);
		fflush(s->explain);
		return;
	}
	name = sys_errno_name((int)-ret);
	if (name)
		fprintf(s->explain, " = -1 %s (%s)\n", name,
			-ret == 524 ? "Operation not supported by this kernel" : strerror((int)-ret));
	else
		fprintf(s->explain, " = -1 errno %ld (%s)\n", -ret, strerror((int)-ret));
	fflush(s->explain);
}

const char *sys_hint(int cmd, int err)
{
	if (err < 0)
		err = -err;
	if (cmd == SYS_PERF_EVENT_OPEN) {
		switch (err) {
		case EACCES: case EPERM:
			return "perf_event_open needs CAP_PERFMON (or CAP_SYS_ADMIN), "
			       "or a lower sysctl kernel.perf_event_paranoid";
		case ENOENT:
			return "no such event: the tracepoint, probe or PMU does not exist on this kernel";
		case ENODEV:
			return "the event is not available on this CPU";
		case EMFILE:
			return "too many open files: raise the limit (ulimit -n)";
		}
		return NULL;
	}
	switch (err) {
	case EPERM:
		return "bpf() needs CAP_BPF (or CAP_SYS_ADMIN); without them, see sysctl "
		       "kernel.unprivileged_bpf_disabled (before 5.11 also RLIMIT_MEMLOCK, ulimit -l)";
	case EACCES:
		if (cmd == BPF_PROG_LOAD)
			return "the verifier rejected the program: its log says why";
		return "permission denied (CAP_BPF, or the file mode of a pinned object)";
	case ENOSPC:
		if (cmd == BPF_PROG_LOAD || cmd == BPF_BTF_LOAD)
			return "the verifier log did not fit in the log buffer";
		return NULL;
	case E2BIG:
		if (cmd == BPF_PROG_LOAD)
			return "the program is too large or too complex for the verifier (1M instructions processed), or the kernel does not know an attribute";
		return "the kernel does not know a field set in the attributes (kernel too old?)";
	case EINVAL:
		if (cmd == BPF_BTF_LOAD)
			return "the kernel rejected the BTF: its log says why";
		if (cmd == BPF_PROG_LOAD)
			return "the kernel did not accept the program attributes (type, attach type, flags)";
		if (cmd == BPF_MAP_CREATE)
			return "the kernel did not accept the map attributes (type, sizes, flags)";
		return NULL;
	case ENOMEM:
		return "the kernel could not allocate the object (too large, or memory limit)";
	case ENOSYS:
		return "this kernel was built without bpf() (CONFIG_BPF_SYSCALL)";
	case ENOTSUP: case 524:
		return "this kernel does not support this object or operation";
	}
	return NULL;
}

void sys_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *src)
{
	size_t i = 0;

	for (; src && src[i] && i < BPF_OBJ_NAME_LEN - 1; i++) {
		char c = src[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '.';
		dst[i] = ok ? c : '_';
	}
	memset(dst + i, 0, BPF_OBJ_NAME_LEN - i);
}

static void prot_str(char *buf, size_t len, int prot)
{
	snprintf(buf, len, "%s%s%s",
		 prot == PROT_NONE ? "PROT_NONE" : "",
		 prot & PROT_READ ? "PROT_READ" : "",
		 prot & PROT_WRITE ? (prot & PROT_READ ? "|PROT_WRITE" : "PROT_WRITE") : "");
}

int sys_mmap(struct sys *s, void **out, size_t len, int prot, int flags, int fd, long off)
{
	char p[48];
	void *m;
	long ret = 0;

	if (s->dry_run)
		m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		m = mmap(NULL, len, prot, flags, fd, off);
	if (m == MAP_FAILED)
		ret = -errno;
	prot_str(p, sizeof(p), prot);
	if (s->explain && ret == 0)
		fprintf(s->explain, "mmap(NULL, %zu, %s, %s, %d, %ld) = %p\n", len, p,
			flags & MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE", fd, off, m);
	else
		sys_explain(s, ret, "mmap(NULL, %zu, %s, %s, %d, %ld)", len, p,
			    flags & MAP_SHARED ? "MAP_SHARED" : "MAP_PRIVATE", fd, off);
	if (ret == 0)
		*out = m;
	return (int)ret;
}

int sys_munmap(struct sys *s, void *addr, size_t len)
{
	int ret = munmap(addr, len) < 0 ? -errno : 0;

	sys_explain(s, ret, "munmap(%p, %zu)", addr, len);
	return ret;
}

int sys_read_text(const char *path, char *buf, size_t len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	int e;

	if (fd < 0) {
		e = errno;
		return errorf(err, errlen, -e, "%s: %s", path, strerror(e));
	}
	n = read(fd, buf, len - 1);
	e = errno;
	close(fd);
	if (n <= 0) {
		return errorf(err, errlen, n < 0 ? -e : -EIO, "%s: %s", path, n < 0 ? strerror(e) : "empty");
	}
	buf[n] = '\0';
	return 0;
}
