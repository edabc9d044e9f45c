/* Pinning in bpffs and reading an object's info: BPF_OBJ_*. */
#include "bpf/sys.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define PTR(p) ((__u64)(uintptr_t)(p))

/* OBJ_PIN (fd) and OBJ_GET (file_flags) share their fields. */
static int obj_path(struct sys *s, enum bpf_cmd cmd, const char *path, int fd, __u32 file_flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = PTR(path);
	attr.bpf_fd = (__u32)fd;
	attr.file_flags = file_flags;
	return (int)sys_bpf(s, cmd, &attr, SYS_ATTR_END(file_flags));
}

int sys_obj_pin(struct sys *s, int fd, const char *path)
{
	return obj_path(s, BPF_OBJ_PIN, path, fd, 0);
}

int sys_obj_get(struct sys *s, const char *path, __u32 file_flags)
{
	return obj_path(s, BPF_OBJ_GET, path, 0, file_flags);
}

int sys_obj_info(struct sys *s, int fd, void *info, __u32 *len)
{
	union bpf_attr attr;
	int ret;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = (__u32)fd;
	attr.info.info_len = *len;
	attr.info.info = PTR(info);
	ret = (int)sys_bpf(s, BPF_OBJ_GET_INFO_BY_FD, &attr, SYS_ATTR_END(info.info));
	if (ret == 0 && !s->dry_run)
		*len = attr.info.info_len;
	return ret;
}

/* An fd from BPF_OBJ_GET may be any kind of BPF object; bpf() has no
 * command that says which. The kernel names the anonymous inode behind it
 * (kernel/bpf/syscall.c: "bpf-map", "bpf-prog", "bpf-link"), and
 * /proc/self/fd shows that name as "anon_inode:bpf-map". */
int sys_obj_kind(struct sys *s, int fd, char *kind, size_t len)
{
	char path[64], target[128];
	static const char prefix[] = "anon_inode:bpf-";
	ssize_t n;
	int ret;

	if (!len)
		return -EINVAL;
	kind[0] = '\0';
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (s->dry_run) {
		sys_explain(s, 0, "readlink(\"%s\")", path);
		return -ENOENT;
	}
	n = readlink(path, target, sizeof(target) - 1);
	ret = n < 0 ? -errno : 0;
	if (n >= 0)
		target[n] = '\0';
	sys_explain(s, ret, "readlink(\"%s\")%s%s%s", path, n >= 0 ? " -> \"" : "", n >= 0 ? target : "",
		    n >= 0 ? "\"" : "");
	if (ret)
		return ret;
	if (strncmp(target, prefix, sizeof(prefix) - 1))
		return -EBADF;
	snprintf(kind, len, "%s", target + sizeof(prefix) - 1);
	return 0;
}
