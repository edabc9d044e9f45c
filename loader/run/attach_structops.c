/* struct_ops: registering a .struct_ops variable (a tcp_congestion_ops, ...)
 * with the kernel, which then calls its programs.
 *
 * This is done here, at attach, and not in loader/load/ with the other maps:
 * the map's value holds the fds of the programs, so it can only be built
 * once they are loaded, and writing it is what makes the kernel call them,
 * which is what attaching means for every other kind.
 *
 * For each variable (include/uapi/linux/bpf.h, kernel/bpf/bpf_struct_ops.c):
 *  1. the kernel's wrapper struct bpf_struct_ops_<name> { common; data; }
 *     from its BTF; data has the layout of the kernel's struct <name>;
 *  2. the value: each member of the object's struct, matched by name with
 *     the kernel's: a program's fd where a program fills a function
 *     pointer, the object's bytes (.struct_ops section) for data members;
 *  3. BPF_MAP_CREATE (BPF_MAP_TYPE_STRUCT_OPS, btf_vmlinux_value_type_id =
 *     the wrapper; BPF_F_LINK for .struct_ops.link), BPF_MAP_UPDATE_ELEM
 *     of key 0: that update registers a .struct_ops variable;
 *  4. .struct_ops.link: BPF_LINK_CREATE (BPF_STRUCT_OPS, the map's fd)
 *     registers it, for as long as the link lives.
 * Unregistering: BPF_MAP_DELETE_ELEM of key 0, or closing the link. Both
 * also happen when the process dies (the last reference to the map or link
 * goes). */
#include "loader/run/attach_kinds.h"
#include "loader/load/kbtf.h"
#include "common/util.h"
#include "btf/core.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; p && i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* The fd of the program that fills member of st, -1 when none, -2 when
 * that program is not loaded (--only/--skip). */
static int member_prog(const struct rb_object *obj, const struct plan_struct_ops *st, const char *member,
		       const char **pname)
{
	for (size_t i = 0; i < st->nprogs; i++)
		if (!strcmp(st->progs[i].member, member)) {
			const struct plan_prog *p = &obj->progs[st->progs[i].prog];

			*pname = p->fn.name;
			return p->fd >= 0 ? p->fd : -2;
		}
	return -1;
}

/* Member m of the object's struct into data (the kernel's struct kt). */
static int fill_member(const struct rb_object *obj, const struct plan_struct_ops *st, uint32_t m,
		       const struct btf *kb, const struct btf_type *kt, uint8_t *data, char *err, size_t errlen)
{
	const struct btf_type *lt = btf_type(obj->btf, st->type_id);
	const char *name = btf_str(obj->btf, btf_members(lt)[m].name_off) ?: "", *pname = NULL;
	uint32_t loff = btf_member_bit_offset(lt, m) / 8, koff;
	int64_t lsize = btf_type_size(obj->btf, btf_members(lt)[m].type), ksize;
	const uint8_t *bytes = st->data ? st->data + loff : NULL;
	int km = btf_member_index(kb, kt, name), fd = member_prog(obj, st, name, &pname);
	const struct btf_type *kmt;

	if (lsize < 0 || loff + (uint64_t)lsize > st->size)
		return errorf(err, errlen, -EINVAL, "member %s: its size is unknown or past the variable", name);
	if (fd == -2)
		return errorf(err, errlen, -ENOENT, "member %s: program %s is not loaded (--only/--skip)", name, pname);
	if (km < 0) {
		if (fd >= 0 || !all_zero(bytes, (size_t)lsize))
			return errorf(err, errlen, -ESRCH, "the kernel's struct has no member %s", name);
		return 0;
	}
	koff = btf_member_bit_offset(kt, (uint32_t)km) / 8;
	kmt = btf_type(kb, btf_skip_mods(kb, btf_members(kt)[km].type));
	ksize = btf_type_size(kb, btf_members(kt)[km].type);
	if (fd >= 0) {
		__u64 v = (__u64)fd;

		if (!kmt || btf_kind(kmt) != BTF_KIND_PTR)
			return errorf(err, errlen, -EINVAL, "member %s: program %s given, but the kernel's member is no function pointer",
				       name, pname);
		memcpy(data + koff, &v, sizeof(v));
		return 0;
	}
	if (all_zero(bytes, (size_t)lsize))
		return 0;
	if (kmt && btf_kind(kmt) == BTF_KIND_PTR)
		return errorf(err, errlen, -EINVAL, "member %s: a pointer other than a program cannot be given", name);
	if (ksize != lsize || (btf_member_bit_offset(kt, (uint32_t)km) % 8))
		return errorf(err, errlen, -EINVAL, "member %s: %lld bytes here, %lld in the kernel's struct",
			       name, (long long)lsize, (long long)ksize);
	memcpy(data + koff, bytes, (size_t)lsize);
	return 0;
}

/* The kernel's wrapper type of st: its id, and the offset of its data. */
static int wrapper(const struct btf *kb, const char *type, uint32_t *vid, uint32_t *kid,
		   uint32_t *data_off, char *err, size_t errlen)
{
	char name[256], vname[300];
	int64_t id, kst;
	int dm;

	snprintf(name, sizeof(name), "%.*s", (int)btf_core_essential_len(type), type);
	snprintf(vname, sizeof(vname), "bpf_struct_ops_%s", name);
	kst = btf_find(kb, name, BTF_KIND_STRUCT);
	id = btf_find(kb, vname, BTF_KIND_STRUCT);
	if (kst <= 0 || id <= 0)
		return errorf(err, errlen, -ESRCH, "struct %s: the kernel's BTF has no %s (no such struct_ops type in this kernel)",
			       name, kst <= 0 ? name : vname);
	dm = btf_member_index(kb, btf_type(kb, (uint32_t)id), "data");
	if (dm < 0)
		return errorf(err, errlen, -EINVAL, "%s in the kernel's BTF has no member data", vname);
	*vid = (uint32_t)id;
	*kid = (uint32_t)kst;
	*data_off = btf_member_bit_offset(btf_type(kb, (uint32_t)id), (uint32_t)dm) / 8;
	return 0;
}

/* The value of st's map, malloc'd, into *value (size *size). */
static int build_value(struct rb_object *obj, const struct plan_struct_ops *st, uint32_t *vid,
		       void **value, uint32_t *size, char *err, size_t errlen)
{
	const struct btf *kb;
	const struct btf_type *lt = btf_type(obj->btf, st->type_id);
	uint32_t kid = 0, data_off = 0;
	int64_t vsize;
	uint8_t *v;
	int ret;

	if ((ret = load_kernel_btf(obj, NULL, &kb, err, errlen)) ||
	    (ret = wrapper(kb, st->type, vid, &kid, &data_off, err, errlen)))
		return ret;
	vsize = btf_type_size(kb, *vid);
	if (vsize <= 0 || vsize > (1 << 20) || !lt)
		return errorf(err, errlen, -EINVAL, "struct %s: bad size in the kernel's BTF", st->type);
	v = calloc(1, (size_t)vsize);
	if (!v)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	for (uint32_t m = 0; m < btf_vlen(lt) && !ret; m++)
		ret = fill_member(obj, st, m, kb, btf_type(kb, kid), v + data_off, err, errlen);
	if (ret) {
		free(v);
		return ret;
	}
	*value = v;
	*size = (uint32_t)vsize;
	return 0;
}

/* Map, update, and for .link the link: recorded in r as they are made. */
static int register_one(struct rb_object *obj, const struct plan_struct_ops *st, struct sys *s,
			struct run_struct_ops *r, char *err, size_t errlen)
{
	uint32_t vid = 0, size = 0, key = 0;
	void *value = NULL;
	int ret = build_value(obj, st, &vid, &value, &size, err, errlen);

	if (ret)
		return ret;
	r->map_fd = sys_map_create(s, &(struct sys_map_create){ .map_type = BPF_MAP_TYPE_STRUCT_OPS,
		.key_size = 4, .value_size = size, .max_entries = 1, .name = st->name,
		.map_flags = st->link ? SYS_BPF_F_LINK : 0, .btf_fd = (__u32)obj->btf_fd,
		.btf_vmlinux_value_type_id = vid });
	if (r->map_fd < 0) {
		ret = errorf(err, errlen, r->map_fd, "BPF_MAP_CREATE: %s", strerror(-r->map_fd));
		r->map_fd = -1;
	} else if ((ret = sys_map_update(s, r->map_fd, &key, value, 0)) < 0) {
		ret = errorf(err, errlen, ret, "BPF_MAP_UPDATE_ELEM: %s%s", strerror(-ret), ret == -EEXIST ?
			      " (one of that name is registered already)" : ret == -EINVAL ?
			      " (a member the kernel requires may be missing)" : "");
	} else if (!st->link) {
		r->registered = true;
	} else if ((r->link_fd = sys_link_create(s, &(struct sys_link_create){ .prog_fd = (__u32)r->map_fd,
			.attach_type = SYS_BPF_STRUCT_OPS })) < 0) {
		ret = errorf(err, errlen, r->link_fd, "BPF_LINK_CREATE BPF_STRUCT_OPS: %s%s", strerror(-r->link_fd),
			      r->link_fd == -EEXIST ? " (one of that name is registered already)" : "");
		r->link_fd = -1;
	}
	free(value);
	return ret;
}

int run_struct_ops_register(struct rb_object *obj, const struct run_attach_opts *o,
			    struct run_links *l, char *err, size_t errlen)
{
	char msg[ERR_LEN];

	for (size_t i = 0; i < obj->nst_ops; i++) {
		const struct plan_struct_ops *st = &obj->st_ops[i];
		struct run_struct_ops *r = array_push(&l->st, &l->nst, sizeof(*r));
		int ret;

		if (!r)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		*r = (struct run_struct_ops){ .name = st->name, .map_fd = -1, .link_fd = -1 };
		if (o->explain)
			fprintf(o->explain, "== attach: struct_ops %s (struct %s)%s\n", st->name, st->type,
				st->link ? " through a link" : "");
		if ((ret = register_one(obj, st, o->sys, r, msg, sizeof(msg))))
			return errorf(err, errlen, ret, "attach: struct_ops %s (struct %s): %s", st->name,
				       st->type, msg);
	}
	return 0;
}

void run_struct_ops_unregister(struct run_links *l, struct sys *s)
{
	for (size_t i = 0; i < l->nst; i++) {
		struct run_struct_ops *r = &l->st[i];
		__u32 key = 0;

		if (r->registered)
			sys_map_delete(s, r->map_fd, &key);
		if (r->link_fd >= 0 && !s->dry_run)
			close(r->link_fd);
		if (r->map_fd >= 0 && !s->dry_run)
			close(r->map_fd);
	}
	free(l->st);
	l->st = NULL;
	l->nst = 0;
}
