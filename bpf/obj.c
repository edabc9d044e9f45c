/* Pinning in bpffs and reading an object's info: BPF_OBJ_*. */
#include "bpf/sys.h"

#include <stdint.h>
#include <string.h>

#define PTR(p) ((__u64)(uintptr_t)(p))

int sys_obj_pin(struct sys *s, int fd, const char *path)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = PTR(path);
	attr.bpf_fd = (__u32)fd;
	return (int)sys_bpf(s, BPF_OBJ_PIN, &attr, SYS_ATTR_END(file_flags));
}

int sys_obj_get(struct sys *s, const char *path, __u32 file_flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = PTR(path);
	attr.file_flags = file_flags;
	return (int)sys_bpf(s, BPF_OBJ_GET, &attr, SYS_ATTR_END(file_flags));
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
