/* Externs at load time: the .kconfig map's values from the running kernel's
 * config, and __ksym instructions pointed at kernel objects (see externs.h). */
#include "loader/load/externs.h"
#include "common/inflate.h"
#include "loader/load/kbtf.h"
#include "loader/load/load.h"
#include "common/util.h"
#include "insn/core.h"
#include "insn/insn.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* ---- .kconfig values ---- */

/* The kernel's config as text: /proc/config.gz (CONFIG_IKCONFIG_PROC), else
 * /boot/config-RELEASE. */
static char *read_config(void)
{
	char path[300], msg[128];
	struct utsname u;
	unsigned char *buf;
	char *text;
	size_t len;

	if (read_whole_file("/proc/config.gz", &buf, &len, msg, sizeof(msg)) == 0) {
		unsigned char *out;
		size_t n;
		int ret = infl_gunzip(buf, len, 64u << 20, &out, &n, msg, sizeof(msg));

		free(buf);
		if (ret == 0)
			return (char *)out;
	}
	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	if (read_whole_file(path, &buf, &len, msg, sizeof(msg)))
		return NULL;
	text = realloc(buf, len + 1);
	if (!text) {
		free(buf);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

/* "y", "m", "42", "\"text\"", or NULL for "is not set"/absent. */
static const char *config_value(const char *text, const char *name, char *val, size_t len)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, name, n) && p[n] == '=') {
			size_t k = strcspn(p + n + 1, "\n");

			if (k >= len)
				k = len - 1;
			memcpy(val, p + n + 1, k);
			val[k] = '\0';
			return val;
		}
	}
	return NULL;
}

static int put_value(struct rb_object *obj, const struct plan_extern *e, const char *v, uint8_t *dst,
		     char *err, size_t errlen)
{
	uint32_t id = btf_skip_mods(obj->btf, e->type_id);
	const struct btf_type *t = btf_type(obj->btf, id);
	long long x;
	char *end;

	if (!t)
		return errorf(err, errlen, -EINVAL, "extern %s: no type", e->name);
	if (btf_kind(t) == BTF_KIND_ENUM) {  /* enum libbpf_tristate */
		x = !strcmp(v, "y") ? 1 : !strcmp(v, "m") ? 2 : !strcmp(v, "n") ? 0 : -1;
		if (x < 0)
			return errorf(err, errlen, -EINVAL, "extern %s: '%s' is not a tristate (y, m, n)",
				       e->name, v);
		memcpy(dst, &(int32_t){ (int32_t)x }, e->size < 4 ? e->size : 4);
		return 0;
	}
	if (btf_kind(t) == BTF_KIND_ARRAY) {
		size_t n = strlen(v);

		if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
			v++;
			n -= 2;
		}
		if (n >= e->size)
			n = e->size - 1;
		memcpy(dst, v, n);
		return 0;
	}
	if (btf_kind(t) != BTF_KIND_INT)
		return errorf(err, errlen, -EINVAL, "extern %s: unsupported type for __kconfig", e->name);
	if (e->size == 1 && (!strcmp(v, "y") || !strcmp(v, "n"))) {
		*dst = v[0] == 'y';
		return 0;
	}
	errno = 0;
	x = strtoll(v, &end, 0);
	if (errno || end == v || *end)
		return errorf(err, errlen, -EINVAL, "extern %s: '%s' is not a number", e->name, v);
	memcpy(dst, &x, e->size <= 8 ? e->size : 8);
	return 0;
}

int load_kconfig_fill(struct rb_object *obj, struct plan_map *m, char *err, size_t errlen)
{
	char *text = NULL, val[256], num[32];
	bool tried = false;
	int ret = 0;

	for (size_t i = 0; i < obj->nexterns && !ret; i++) {
		const struct plan_extern *e = &obj->externs[i];
		const char *v = NULL;

		if (e->kind != PLAN_EXT_KCONFIG)
			continue;
		if (e->off > m->data_size || e->size > m->data_size - e->off)
			return errorf(err, errlen, -EINVAL, "extern %s lies outside .kconfig", e->name);
		if (!strcmp(e->name, "LINUX_KERNEL_VERSION")) {
			snprintf(num, sizeof(num), "%u", load_kernel_version());
			v = num;
		} else if (!strcmp(e->name, "LINUX_HAS_SYSCALL_WRAPPER")) {
			v = "1";  /* every x86-64 kernel since 4.17 */
		} else if (!strcmp(e->name, "LINUX_HAS_BPF_COOKIE")) {
			v = "1";  /* bpf_get_attach_cookie(), 5.15; BTF-based CO-RE needs newer */
		} else if (!strncmp(e->name, "CONFIG_", 7)) {
			if (!tried) {
				text = read_config();
				tried = true;
			}
			v = text ? config_value(text, e->name, val, sizeof(val)) : NULL;
			if (!v && !e->weak)
				ret = errorf(err, errlen, -ENOENT,
					      "extern %s: %s (declare it __weak to accept that)", e->name,
					      text ? "not set in the kernel's config" :
					      "no kernel config to read: neither /proc/config.gz nor /boot/config-RELEASE");
		} else if (!e->weak) {
			ret = errorf(err, errlen, -ENOENT, "extern %s: not a value rawbpf knows for __kconfig",
				      e->name);
		}
		if (v && !ret)
			ret = put_value(obj, e, v, m->data + e->off, err, errlen);
	}
	free(text);
	return ret;
}

/* ---- __ksym ---- */

/* Addresses of every typeless __ksym, in one pass over /proc/kallsyms. */
static int resolve_kallsyms(struct rb_object *obj, char *err, size_t errlen)
{
	struct line_reader f;
	char *line;

	if (obj->kallsyms_read)
		return 0;
	if (lines_open(&f, "/proc/kallsyms") < 0)
		return errorf(err, errlen, -errno, "/proc/kallsyms: %s", strerror(errno));
	while ((line = lines_next(&f))) {
		unsigned long long addr;
		char *name, *end;

		/* "ADDRESS TYPE NAME", then "\t[module]" for a module's symbol. */
		addr = strtoull(line, &end, 16);
		if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
			continue;
		name = end + 3;
		name[strcspn(name, " \t\n")] = '\0';
		if (!*name)
			continue;
		for (size_t i = 0; i < obj->nexterns; i++) {
			struct plan_extern *e = &obj->externs[i];

			if (e->kind == PLAN_EXT_KSYM_TYPELESS && !e->addr && !strcmp(e->name, name))
				e->addr = addr;
		}
	}
	lines_close(&f);
	obj->kallsyms_read = true;
	return 0;
}

int load_ksym_patch(struct rb_object *obj, const struct plan_reloc *r, struct bpf_insn *insn,
		  char *err, size_t errlen)
{
	const struct plan_extern *e = plan_extern_find(obj, r->sym);
	const struct btf *kb;
	int64_t id;
	int ret;

	if (!e)
		return errorf(err, errlen, -EINVAL, "extern %s: not declared __ksym", r->sym);
	if (e->kind == PLAN_EXT_KSYM_TYPELESS) {
		if ((ret = resolve_kallsyms(obj, err, errlen)))
			return ret;
		if (!e->addr && !e->weak)
			return errorf(err, errlen, -ENOENT, "extern %s: not in /proc/kallsyms", e->name);
		insn_set_ld_imm64(insn, 0, (uint32_t)e->addr, (uint32_t)(e->addr >> 32));
		return 0;
	}
	ret = load_kernel_btf(obj, NULL, &kb, err, errlen);
	if (ret)
		return ret;
	id = btf_find(kb, e->name, e->kind == PLAN_EXT_KFUNC ? BTF_KIND_FUNC : BTF_KIND_VAR);
	if (id < 0 && !e->weak)
		return errorf(err, errlen, -ENOENT, "extern %s: no %s of that name in the kernel's BTF",
			       e->name, e->kind == PLAN_EXT_KFUNC ? "kfunc" : "variable");
	if (e->kind == PLAN_EXT_KFUNC) {
		if (!insn_is_call(insn))
			return errorf(err, errlen, -EINVAL, "kfunc %s: used other than by a call", e->name);
		if (id < 0) {
			/* A weak kfunc this kernel lacks: a call the verifier
			 * refuses only if it is reached (see insn/core.h). */
			insn->src_reg = 0;
			insn->imm = INSN_CORE_POISON;
			return 0;
		}
		insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
		insn->off = 0;  /* vmlinux, not a module */
		insn->imm = (int32_t)id;
		return 0;
	}
	if (!insn_is_ld_imm64(insn))
		return errorf(err, errlen, -EINVAL, "extern %s: used other than by ld_imm64", e->name);
	if (id < 0)
		insn_set_ld_imm64(insn, 0, 0, 0);
	else
		insn_set_ld_imm64(insn, BPF_PSEUDO_BTF_ID, (uint32_t)id, 0);
	return 0;
}
