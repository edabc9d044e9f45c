/* Kernel BTF for the load stage. */
#include "loader/kbtf.h"
#include "loader/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rb_kbtf {
	uint8_t *buf;
	size_t len;
	struct btf *btf;
	const char *path;
};

void rb_kernel_btf_free(struct rb_object *obj)
{
	struct rb_kbtf *k = obj->kernel;

	if (!k)
		return;
	btf_free(k->btf);
	free(k->buf);
	free(k);
	obj->kernel = NULL;
}

int rb_kernel_btf(struct rb_object *obj, const char *path, const struct btf **out,
		  char *err, size_t errlen)
{
	struct rb_kbtf *k = obj->kernel;
	char msg[RB_ERRLEN];
	int ret;

	if (k) {
		*out = k->btf;
		return 0;
	}
	path = path ? path : obj->kernel_btf_path ? obj->kernel_btf_path : RB_KERNEL_BTF;
	k = calloc(1, sizeof(*k));
	if (!k)
		return rb_fail(err, errlen, -ENOMEM, "out of memory");
	ret = rb_read_file(path, &k->buf, &k->len, msg, sizeof(msg));
	if (!ret)
		ret = btf_parse(k->buf, k->len, &k->btf, msg, sizeof(msg));
	if (ret) {
		free(k->buf);
		free(k);
		return rb_fail(err, errlen, ret, "kernel BTF %s: %s", path, msg);
	}
	obj->kernel = k;
	*out = k->btf;
	return 0;
}

/* The name the kernel's BTF gives each kind of BTF-attached program's
 * target: a typedef for raw tracepoints, the function itself for
 * fentry/fexit/fmod_ret, a bpf_lsm_ hook, a bpf_iter_ function. */
int rb_attach_btf_id(struct rb_object *obj, struct rb_prog *p, char *err, size_t errlen)
{
	const struct btf *kb;
	const char *prefix = "";
	char name[256];
	int kind = BTF_KIND_FUNC;
	int64_t id;
	int ret;

	if (!p->target || !*p->target)
		return rb_fail(err, errlen, -EINVAL, "section %s names no attach target", p->fn.sec_name);
	switch (p->expected_attach_type) {
	case BPF_TRACE_RAW_TP: prefix = "btf_trace_"; kind = BTF_KIND_TYPEDEF; break;
	case BPF_LSM_MAC: prefix = "bpf_lsm_"; break;
	case BPF_TRACE_ITER: prefix = "bpf_iter_"; break;
	default: break;
	}
	ret = rb_kernel_btf(obj, NULL, &kb, err, errlen);
	if (ret)
		return ret;
	snprintf(name, sizeof(name), "%s%s", prefix, p->target);
	id = btf_find(kb, name, kind);
	if (id < 0)
		return rb_fail(err, errlen, -ESRCH, "%s %s: no %s named %s in the kernel's BTF",
			       p->attach_kind, p->target,
			       kind == BTF_KIND_TYPEDEF ? "typedef" : "function", name);
	p->attach_btf_id = id;
	return 0;
}
