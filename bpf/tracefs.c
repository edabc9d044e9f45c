/* tracefs, bpffs, /proc, /sys; legacy probe events. The text formats follow
 * Documentation/trace/kprobetrace.rst and uprobetracer.rst. */
#include "bpf/tracefs.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define TRACEFS_MAGIC_ 0x74726163
#define BPFFS_MAGIC_   0xcafe4a11

bool sys_fs_is(const char *path, unsigned long magic)
{
	struct statfs st;

	return statfs(path, &st) == 0 && (unsigned long)st.f_type == magic;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

int sys_mount(struct sys *s, const char *src, const char *dir, const char *type,
	      char *err, size_t errlen)
{
	int ret = 0;

	if (!s->dry_run && mount(src, dir, type, 0, NULL) < 0)
		ret = -errno;
	sys_explain(s, ret, "mount(\"%s\", \"%s\", \"%s\", 0, NULL)", src, dir, type);
	if (ret)
		errorf(err, errlen, ret, "mount -t %s %s %s: %s", type, src, dir, strerror(-ret));
	return ret;
}

int sys_mkdir(struct sys *s, const char *dir, char *err, size_t errlen)
{
	int ret = 0;

	if (!s->dry_run && mkdir(dir, 0555) < 0 && errno != EEXIST)
		ret = -errno;
	sys_explain(s, ret, "mkdir(\"%s\", 0555)", dir);
	if (ret)
		errorf(err, errlen, ret, "mkdir %s: %s", dir, strerror(-ret));
	return ret;
}

int sys_tracefs(struct sys *s, char *root, size_t len, char *err, size_t errlen)
{
	static const char main_dir[] = "/sys/kernel/tracing";
	static const char debug_dir[] = "/sys/kernel/debug/tracing";
	int ret = -ENOENT;

	if (!sys_fs_is(main_dir, TRACEFS_MAGIC_) && exists(main_dir))
		ret = sys_mount(s, "tracefs", main_dir, "tracefs", err, errlen);
	if (sys_fs_is(main_dir, TRACEFS_MAGIC_) || ret == 0) {
		snprintf(root, len, "%s", main_dir);
		return 0;
	}
	if (exists(debug_dir)) {
		snprintf(root, len, "%s", debug_dir);
		return 0;
	}
	if (ret == -ENOENT)
		errorf(err, errlen, ret, "no tracefs: neither %s nor %s exists", main_dir, debug_dir);
	return ret;
}

static long read_number(const char *path, char *err, size_t errlen)
{
	char buf[32];
	char *end;
	long v;
	int ret = sys_read_text(path, buf, sizeof(buf), err, errlen);

	if (ret)
		return ret;
	v = strtol(buf, &end, 10);
	if (end == buf || v < 0) {
		return errorf(err, errlen, -EINVAL, "%s: expected a number, found \"%.20s\"", path, buf);
	}
	return v;
}

long sys_tracefs_tp_id(struct sys *s, const char *root, const char *cat,
		       const char *name, char *err, size_t errlen)
{
	char path[512];
	long id;

	if (strchr(cat, '/') || strchr(name, '/') || !strcmp(cat, "..") || !strcmp(name, "..")) {
		return errorf(err, errlen, -EINVAL, "tracepoint %s:%s: a name cannot hold '/'", cat, name);
	}
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", root, cat, name);
	id = read_number(path, err, errlen);
	if (id == -ENOENT)
		errorf(err, errlen, id, "%s: no tracepoint %s:%s on this kernel", path, cat, name);
	if (id < 0 && s->dry_run)
		return 0;
	return id;
}

/* Append one command line to kprobe_events / uprobe_events. O_APPEND matters:
 * opening with O_TRUNC would remove every probe on the system. */
static int probe_write(struct sys *s, const char *root, bool uprobe, const char *line,
		       char *err, size_t errlen)
{
	char path[256];
	int fd, ret = 0;
	size_t len = strlen(line);

	snprintf(path, sizeof(path), "%s/%s", root, uprobe ? "uprobe_events" : "kprobe_events");
	if (!s->dry_run) {
		fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (fd < 0)
			ret = -errno;
		else {
			if (write(fd, line, len) != (ssize_t)len)
				ret = -errno;
			close(fd);
		}
	}
	sys_explain(s, ret < 0 ? ret : (long)len, "write(\"%s\", \"%s\")", path, line);
	if (ret)
		errorf(err, errlen, ret, "%s: writing \"%s\": %s", path, line, strerror(-ret));
	return ret;
}

unsigned long sys_pid_ns(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* The kernel caps event names at MAX_EVENT_NAME_LEN (64, kernel/trace/
 * trace_probe.h); "rawbpf_" + 20 + "_" + 10 + "_" + 10 digits fits. The
 * counter is the process's, not an object's: two objects opened through the
 * C API in one process share the pid, so only a process-wide number keeps
 * their names apart. */
long sys_probe_add(struct sys *s, const char *root, struct sys_probe *p, bool uprobe,
		   bool retprobe, const char *target, __u64 offset, char *err, size_t errlen)
{
	static unsigned int next;
	char line[512];
	int ret;

	if (strpbrk(target, " \t\n")) {
		return errorf(err, errlen, -EINVAL, "probe target \"%s\": no blanks allowed", target);
	}
	memset(p, 0, sizeof(*p));
	p->uprobe = uprobe;
	snprintf(p->group, sizeof(p->group), "%s", uprobe ? "uprobes" : "kprobes");
	snprintf(p->event, sizeof(p->event), "rawbpf_%lu_%d_%u", sys_pid_ns(), (int)getpid(),
		 __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED));
	snprintf(line, sizeof(line), uprobe ? "%c:%s/%s %s:%#llx" : "%c:%s/%s %s+%llu",
		 retprobe ? 'r' : 'p', p->group, p->event, target, (unsigned long long)offset);
	ret = probe_write(s, root, uprobe, line, err, errlen);
	if (ret)
		return ret;
	return sys_tracefs_tp_id(s, root, p->group, p->event, err, errlen);
}

int sys_probe_remove(struct sys *s, const char *root, const struct sys_probe *p,
		     char *err, size_t errlen)
{
	char line[128];

	snprintf(line, sizeof(line), "-:%s/%s", p->group, p->event);
	return probe_write(s, root, p->uprobe, line, err, errlen);
}

static bool no_such_process(int pid)
{
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Only what is provably stale: a pid is a pid of one namespace (a live
 * process of another namespace can have any number here), and a name
 * without a namespace could be anyone's. */
bool sys_probe_is_stale(const char *event, unsigned long ns, int self, bool (*gone)(int pid))
{
	unsigned long ens;
	const char *num;
	long pid;
	char *end;

	if (strncmp(event, "rawbpf_", 7) || !ns)
		return false;
	errno = 0;
	ens = strtoul(event + 7, &end, 10);
	if (errno || end == event + 7 || *end != '_' || ens != ns)
		return false;
	pid = strtol(end + 1, &end, 10);
	if (*end != '_' || pid <= 0 || pid > 0x7fffffff || pid == self)
		return false;
	num = end + 1;
	strtoul(num, &end, 10);
	if (end == num || *end)
		return false;
	return (gone ? gone : no_such_process)((int)pid);
}

/* One line of kprobe_events: "p:GROUP/EVENT target". GROUP/EVENT goes to
 * ge when EVENT is stale. */
static bool dead_entry(const char *line, unsigned long ns, char *ge, size_t len)
{
	const char *colon = strchr(line, ':');
	const char *slash;
	size_t n;

	if (!colon)
		return false;
	n = strcspn(colon + 1, " \n");
	if (n == 0 || n >= len)
		return false;
	memcpy(ge, colon + 1, n);
	ge[n] = 0;
	slash = strchr(ge, '/');
	return sys_probe_is_stale(slash ? slash + 1 : ge, ns, (int)getpid(), NULL);
}

int sys_probe_clean_dead(struct sys *s, const char *root, char *err, size_t errlen)
{
	unsigned long ns = sys_pid_ns();
	int removed = 0;

	for (int u = 0; u < 2; u++) {
		char path[256], ge[128], cmd[160], *line;
		struct line_reader f;

		snprintf(path, sizeof(path), "%s/%s", root, u ? "uprobe_events" : "kprobe_events");
		if (lines_open(&f, path) < 0)
			continue;       /* no such interface on this kernel */
		/* Collect first, remove after: writing while reading would
		 * change the file under the reader. */
		char *todo = NULL;
		size_t todo_len = 0;
		FILE *mem = open_memstream(&todo, &todo_len);

		while (mem && (line = lines_next(&f)))
			if (dead_entry(line, ns, ge, sizeof(ge)))
				fprintf(mem, "%s\n", ge);
		lines_close(&f);
		if (!mem)
			return -ENOMEM;
		fclose(mem);
		for (char *p = todo, *nl; p && *p; p = nl + 1) {
			nl = strchr(p, '\n');
			*nl = 0;
			snprintf(cmd, sizeof(cmd), "-:%s", p);
			if (probe_write(s, root, u, cmd, err, errlen) == 0)
				removed++;
		}
		free(todo);
	}
	return removed;
}

int sys_bpffs(struct sys *s, char *err, size_t errlen)
{
	static const char dir[] = "/sys/fs/bpf";

	if (sys_fs_is(dir, BPFFS_MAGIC_))
		return 0;
	if (!exists(dir)) {
		errorf(err, errlen, 0, "%s does not exist (is /sys mounted?)", dir);
		if (!s->dry_run)
			return -ENOENT;
	}
	return sys_mount(s, "bpf", dir, "bpf", err, errlen);
}

int sys_mount_proc_sys(struct sys *s, char *err, size_t errlen)
{
	int ret;

	if (!exists("/proc/self")) {
		if ((ret = sys_mkdir(s, "/proc", err, errlen)) ||
		    (ret = sys_mount(s, "proc", "/proc", "proc", err, errlen)))
			return ret;
	}
	if (!exists("/sys/kernel")) {
		if ((ret = sys_mkdir(s, "/sys", err, errlen)) ||
		    (ret = sys_mount(s, "sysfs", "/sys", "sysfs", err, errlen)))
			return ret;
	}
	return 0;
}
