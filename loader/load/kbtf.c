/* Kernel BTF for the load stage. */
#include "loader/load/kbtf.h"
#include "common/util.h"
#include "btf/core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The kernel's BTF is parsed once per process and path, and shared by every
 * object loaded after (the C API may load several): 5 MB to map and check,
 * and the names looked up in it (btf/names.c: scans, then an index per kind
 * asked for often enough, and CO-RE's answers kept by name), are paid once. An entry is kept until exit; it is used again only while the file
 * is the same one (device, inode, size and modification time), so a --btf
 * file rewritten between loads is read again. */
struct load_kbtf {
	struct load_kbtf *next;
	char *path;
	struct stat st;
	struct file_bytes bytes;
	struct btf *btf;
};

static struct load_kbtf *cache;
static util_lock_t cache_lock;

/* At exit (a destructor, not atexit(): that pulls musl's calloc and lock
 * into the static binary), for leak checkers. */
__attribute__((destructor)) static void cache_free(void)
{
	while (cache) {
		struct load_kbtf *k = cache;

		cache = k->next;
		btf_free(k->btf);
		unmap_whole_file(&k->bytes);
		free(k->path);
		free(k);
	}
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The entry for path, read and parsed unless the cache has it. Called
 * with cache_lock held. */
static int cached(const char *path, struct load_kbtf **out, char *err, size_t errlen)
{
	struct load_kbtf *k;
	struct stat st;
	int ret;

	memset(&st, 0, sizeof(st));
	stat(path, &st);
	for (k = cache; k; k = k->next)
		if (!strcmp(k->path, path) && same_file(&k->st, &st)) {
			*out = k;
			return 0;
		}
	if (!(k = calloc(1, sizeof(*k))) || !(k->path = strdup(path))) {
		free(k);
		return errorf(err, errlen, -ENOMEM, "out of memory");
	}
	k->st = st;
	ret = map_whole_file(path, &k->bytes, err, errlen);
	if (!ret)
		ret = btf_parse(k->bytes.data, k->bytes.len, &k->btf, err, errlen);
	if (ret) {
		unmap_whole_file(&k->bytes);
		free(k->path);
		free(k);
		return ret;
	}
	k->next = cache;
	cache = k;
	*out = k;
	return 0;
}

void load_kernel_btf_free(struct rb_object *obj)
{
	/* The entry stays in the cache for the next object. */
	obj->kbtf = NULL;
}

int load_kernel_btf(struct rb_object *obj, const char *path, const struct btf **out,
		  char *err, size_t errlen)
{
	struct load_kbtf *k = obj->kbtf;
	char msg[ERR_LEN];
	int ret;

	if (k) {
		*out = k->btf;
		return 0;
	}
	path = path ? path : obj->kernel_btf_path ? obj->kernel_btf_path : LOAD_KERNEL_BTF;
	util_lock(&cache_lock);
	ret = cached(path, &k, msg, sizeof(msg));
	util_unlock(&cache_lock);
	if (ret)
		return errorf(err, errlen, ret, "kernel BTF %s: %s", path, msg);
	obj->kbtf = k;
	*out = k->btf;
	return 0;
}

/* The name the kernel's BTF gives each kind of BTF-attached program's
 * target: a typedef for raw tracepoints, the function itself for
 * fentry/fexit/fmod_ret, a bpf_lsm_ hook, a bpf_iter_ function. */
int load_attach_btf_id(struct rb_object *obj, struct plan_prog *p, char *err, size_t errlen)
{
	const struct btf *kb;
	const char *prefix = "";
	char name[256];
	int kind = BTF_KIND_FUNC;
	int64_t id;
	int ret;

	if (!p->target || !*p->target)
		return errorf(err, errlen, -EINVAL, "section %s names no attach target", p->fn.sec_name);
	switch (p->expected_attach_type) {
	case BPF_TRACE_RAW_TP: prefix = "btf_trace_"; kind = BTF_KIND_TYPEDEF; break;
	case BPF_LSM_MAC: prefix = "bpf_lsm_"; break;
	case BPF_TRACE_ITER: prefix = "bpf_iter_"; break;
	default: break;
	}
	ret = load_kernel_btf(obj, NULL, &kb, err, errlen);
	if (ret)
		return ret;
	snprintf(name, sizeof(name), "%s%s", prefix, p->target);
	id = btf_find(kb, name, kind);
	if (id < 0)
		return errorf(err, errlen, -ESRCH, "%s %s: no %s named %s in the kernel's BTF",
			       p->attach_kind, p->target,
			       kind == BTF_KIND_TYPEDEF ? "typedef" : "function", name);
	p->attach_btf_id = id;
	return 0;
}

/* struct_ops: the kernel's id of the structure the program serves and the
 * index of its member (loader/plan/structops.c found both names). */
int load_struct_ops_btf_id(struct rb_object *obj, struct plan_prog *p, char *err, size_t errlen)
{
	const struct btf *kb;
	const struct btf_type *st;
	char name[256];
	int64_t id;
	int ret, m;

	if (!p->st_ops_type)
		return errorf(err, errlen, -EINVAL,
			       "no .struct_ops variable refers to it: nothing says which kernel structure it serves");
	if ((ret = load_kernel_btf(obj, NULL, &kb, err, errlen)))
		return ret;
	/* "tcp_congestion_ops___v2" is the kernel's tcp_congestion_ops. */
	snprintf(name, sizeof(name), "%.*s", (int)btf_core_essential_len(p->st_ops_type), p->st_ops_type);
	id = btf_find(kb, name, BTF_KIND_STRUCT);
	st = id > 0 ? btf_type(kb, id) : NULL;
	if (!st)
		return errorf(err, errlen, -ESRCH, "struct %s: not in the kernel's BTF", name);
	m = btf_member_index(kb, st, p->st_ops_member);
	if (m >= 0) {
		p->attach_btf_id = id;
		p->expected_attach_type = m;
		return 0;
	}
	return errorf(err, errlen, -ESRCH, "struct %s in the kernel's BTF has no member %s",
		       name, p->st_ops_member);
}
