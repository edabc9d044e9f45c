/* Finding or mounting cgroup2; see bpf/cgroup.h. */
#include "bpf/cgroup.h"
#include "bpf/tracefs.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYSFS_MAGIC_ 0x62656572        /* linux/magic.h */

/* Copy a mountinfo path field, undoing the \ooo escapes the kernel writes
 * for blanks and backslashes (show_mountinfo -> seq_path_root). */
static int unescape(const char *src, size_t n, char *dst, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = src[i];

		if (c == '\\' && i + 3 < n && src[i + 1] >= '0' && src[i + 1] <= '3' &&
		    src[i + 2] >= '0' && src[i + 2] <= '7' && src[i + 3] >= '0' && src[i + 3] <= '7') {
			c = (char)((src[i + 1] - '0') * 64 + (src[i + 2] - '0') * 8 + (src[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= len)
			return -ENAMETOOLONG;
		dst[o++] = c;
	}
	dst[o] = 0;
	return 0;
}

/* One mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS] - FSTYPE ...".
 * 1 and the mount point in dir when FSTYPE is cgroup2, 0 when not, <0 error. */
static int cgroup2_line(const char *line, char *dir, size_t len)
{
	const char *p = line, *sep = strstr(line, " - ");
	size_t n;

	if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
		return 0;
	for (int field = 0; field < 4; field++) {      /* to MOUNTPOINT */
		p = strchr(p, ' ');
		if (!p || p > sep)
			return 0;
		p++;
	}
	n = strcspn(p, " ");
	if (p + n > sep || n == 0)
		return 0;
	return unescape(p, n, dir, len) ? -ENAMETOOLONG : 1;
}

int sys_cgroup2_find(const char *mountinfo, char *dir, size_t len)
{
	struct line_reader f;
	char *line;
	int ret = -ENOENT;

	if (lines_open(&f, mountinfo) < 0)
		return -errno;
	while (ret == -ENOENT && (line = lines_next(&f))) {
		int r = cgroup2_line(line, dir, len);

		if (r)
			ret = r < 0 ? r : 0;
	}
	lines_close(&f);
	return ret;
}

int sys_cgroup2(struct sys *s, char *dir, size_t len, char *err, size_t errlen)
{
	static const char top[] = "/sys/fs/cgroup", sub[] = "/sys/fs/cgroup/unified";
	/* Nothing mounted on top (it is still sysfs): mount there. Else it
	 * holds v1 (a tmpfs of hierarchies, or one hierarchy): beside it. */
	const char *where = sys_fs_is(top, SYSFS_MAGIC_) ? top : sub;
	int ret = sys_cgroup2_find("/proc/self/mountinfo", dir, len);

	if (ret != -ENOENT) {
		if (ret)
			errorf(err, errlen, ret, "/proc/self/mountinfo: %s", strerror(-ret));
		return ret;
	}
	if (where == sub && access(sub, F_OK) != 0 && (ret = sys_mkdir(s, sub, err, errlen)))
		return ret;
	if ((ret = sys_mount(s, "none", where, "cgroup2", err, errlen)))
		return ret;
	if (strlen(where) >= len)
		return errorf(err, errlen, -ENAMETOOLONG, "%s: path too long", where);
	memcpy(dir, where, strlen(where) + 1);
	return 0;
}

int sys_cgroup_open(struct sys *s, const char *path, char *err, size_t errlen)
{
	long fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	fd = fd < 0 ? -errno : sys_fd_above_stdio(fd);
	if (fd < 0 && s->dry_run)
		fd = sys_fake_fd(s);
	sys_explain(s, fd, "openat(AT_FDCWD, \"%s\", O_RDONLY|O_DIRECTORY|O_CLOEXEC)", path);
	if (fd < 0)
		errorf(err, errlen, (int)fd, "%s: %s (a cgroup2 directory was expected)",
		       path, strerror((int)-fd));
	return (int)fd;
}
