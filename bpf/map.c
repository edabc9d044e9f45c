/* Map commands of bpf(2): include/uapi/linux/bpf.h, BPF_MAP_*. */
#include "bpf/sys.h"

#include <stdint.h>
#include <string.h>

#define PTR(p) ((__u64)(uintptr_t)(p))

int sys_map_create(struct sys *s, const struct sys_map_create *a)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = a->map_type;
	attr.key_size = a->key_size;
	attr.value_size = a->value_size;
	attr.max_entries = a->max_entries;
	attr.map_flags = a->map_flags;
	attr.inner_map_fd = a->inner_map_fd;
	sys_obj_name(attr.map_name, a->name);
	attr.btf_fd = a->btf_fd;
	attr.btf_key_type_id = a->btf_key_type_id;
	attr.btf_value_type_id = a->btf_value_type_id;
	attr.btf_vmlinux_value_type_id = a->btf_vmlinux_value_type_id;
	attr.map_extra = a->map_extra;
	return (int)sys_bpf(s, BPF_MAP_CREATE, &attr, SYS_ATTR_END(map_extra));
}

static int elem(struct sys *s, enum bpf_cmd cmd, int fd, const void *key,
		const void *value, __u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)fd;
	attr.key = PTR(key);
	attr.value = PTR(value);    /* next_key shares this field */
	attr.flags = flags;
	return (int)sys_bpf(s, cmd, &attr, SYS_ATTR_END(flags));
}

int sys_map_lookup(struct sys *s, int map_fd, const void *key, void *value)
{
	return elem(s, BPF_MAP_LOOKUP_ELEM, map_fd, key, value, 0);
}

int sys_map_update(struct sys *s, int map_fd, const void *key, const void *value, __u64 flags)
{
	return elem(s, BPF_MAP_UPDATE_ELEM, map_fd, key, value, flags);
}

int sys_map_delete(struct sys *s, int map_fd, const void *key)
{
	return elem(s, BPF_MAP_DELETE_ELEM, map_fd, key, NULL, 0);
}

int sys_map_next_key(struct sys *s, int map_fd, const void *key, void *next_key)
{
	return elem(s, BPF_MAP_GET_NEXT_KEY, map_fd, key, next_key, 0);
}

int sys_map_freeze(struct sys *s, int map_fd)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (__u32)map_fd;
	return (int)sys_bpf(s, BPF_MAP_FREEZE, &attr, SYS_ATTR_END(map_fd));
}
