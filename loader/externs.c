/* Externs: __kconfig values and __ksym symbols (see externs.h). */
#include "loader/externs.h"
#include "common/inflate.h"
#include "loader/kbtf.h"
#include "loader/load.h"
#include "loader/util.h"
#include "insn/core.h"
#include "insn/insn.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

static bool weak_symbol(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->elf.nsym; i++)
		if (obj->elf.syms[i].shndx == SHN_UNDEF && !strcmp(obj->elf.syms[i].name, name))
			return obj->elf.syms[i].bind == STB_WEAK;
	return false;
}

static int add_extern(struct rb_object *obj, const char *name, enum rb_extern_kind kind,
		      uint32_t type_id, char *err, size_t errlen)
{
	struct rb_extern *e = rb_push(&obj->externs, &obj->nexterns, sizeof(*e));

	if (!e)
		return rb_fail(err, errlen, -ENOMEM, "out of memory");
	e->name = name;
	e->kind = kind;
	e->type_id = type_id;
	e->weak = weak_symbol(obj, name);
	return 0;
}

int rb_plan_ksyms(struct rb_object *obj, char *err, size_t errlen)
{
	static const char *const secs[] = { ".kconfig", ".ksyms" };
	int ret;

	for (int k = 0; k < 2; k++) {
		int64_t id = btf_find(obj->btf, secs[k], BTF_KIND_DATASEC);
		const struct btf_type *ds = id > 0 ? btf_type(obj->btf, id) : NULL;

		for (uint32_t i = 0; ds && i < btf_vlen(ds); i++) {
			uint32_t vid = btf_secinfos(ds)[i].type;
			const struct btf_type *v = btf_type(obj->btf, vid);
			enum rb_extern_kind kind;

			if (!v)
				continue;
			if (btf_kind(v) == BTF_KIND_FUNC)
				kind = RB_EXT_KFUNC;
			else if (k == 0)
				kind = RB_EXT_KCONFIG;
			else
				/* `extern const void sym __ksym`: an address only. */
				kind = btf_skip_mods(obj->btf, v->type) ? RB_EXT_KSYM_TYPED : RB_EXT_KSYM_TYPELESS;
			ret = add_extern(obj, btf_type_name(obj->btf, vid), kind, v->type, err, errlen);
			if (ret)
				return ret;
		}
	}
	/* kfuncs clang left outside any DATASEC: extern FUNCs. */
	for (uint32_t id = 1; id < btf_nr_types(obj->btf); id++) {
		const struct btf_type *t = btf_type(obj->btf, id);
		const char *name = btf_type_name(obj->btf, id);

		if (btf_kind(t) == BTF_KIND_FUNC && btf_vlen(t) == BTF_FUNC_EXTERN &&
		    !rb_extern_find(obj, name) && (ret = add_extern(obj, name, RB_EXT_KFUNC, id, err, errlen)))
			return ret;
	}
	return 0;
}

const struct rb_extern *rb_extern_find(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nexterns; i++)
		if (!strcmp(obj->externs[i].name, name))
			return &obj->externs[i];
	return NULL;
}

int rb_kconfig_map(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nmaps; i++)
		if (obj->maps[i].origin == RB_MAP_KCONFIG)
			return (int)i;
	return -ENOENT;
}

int rb_plan_kconfig(struct rb_object *obj, char *err, size_t errlen)
{
	int64_t id;
	const struct btf_type *ds;
	struct rb_map *m;

	if (!obj->btf || (id = btf_find(obj->btf, ".kconfig", BTF_KIND_DATASEC)) <= 0)
		return 0;
	ds = btf_type(obj->btf, id);
	for (uint32_t i = 0; i < btf_vlen(ds); i++) {
		const struct btf_var_secinfo *si = &btf_secinfos(ds)[i];
		struct rb_extern *e = (struct rb_extern *)rb_extern_find(obj, btf_type_name(obj->btf, si->type));

		if (e) {
			e->off = si->offset;
			e->size = si->size;
		}
	}
	if (!ds->size)
		return 0;
	m = rb_data_map(obj, ".kconfig", RB_MAP_KCONFIG, ds->size, true);
	if (!m)
		return rb_fail(err, errlen, -ENOMEM, "out of memory");
	m->btf_value_type_id = id;
	return 0;
}

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

	if (rb_read_file("/proc/config.gz", &buf, &len, msg, sizeof(msg)) == 0) {
		unsigned char *out;
		size_t n;
		int ret = infl_gunzip(buf, len, 64u << 20, &out, &n, msg, sizeof(msg));

		free(buf);
		if (ret == 0)
			return (char *)out;
	}
	uname(&u);
	snprintf(path, sizeof(path), "/boot/config-%s", u.release);
	if (rb_read_file(path, &buf, &len, msg, sizeof(msg)))
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

static int put_value(struct rb_object *obj, const struct rb_extern *e, const char *v, uint8_t *dst,
		     char *err, size_t errlen)
{
	uint32_t id = btf_skip_mods(obj->btf, e->type_id);
	const struct btf_type *t = btf_type(obj->btf, id);
	long long x;
	char *end;

	if (!t)
		return rb_fail(err, errlen, -EINVAL, "extern %s: no type", e->name);
	if (btf_kind(t) == BTF_KIND_ENUM) {  /* enum libbpf_tristate */
		x = !strcmp(v, "y") ? 1 : !strcmp(v, "m") ? 2 : !strcmp(v, "n") ? 0 : -1;
		if (x < 0)
			return rb_fail(err, errlen, -EINVAL, "extern %s: '%s' is not a tristate (y, m, n)",
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
		return rb_fail(err, errlen, -EINVAL, "extern %s: unsupported type for __kconfig", e->name);
	if (e->size == 1 && (!strcmp(v, "y") || !strcmp(v, "n"))) {
		*dst = v[0] == 'y';
		return 0;
	}
	errno = 0;
	x = strtoll(v, &end, 0);
	if (errno || end == v || *end)
		return rb_fail(err, errlen, -EINVAL, "extern %s: '%s' is not a number", e->name, v);
	memcpy(dst, &x, e->size <= 8 ? e->size : 8);
	return 0;
}

int rb_kconfig_fill(struct rb_object *obj, struct rb_map *m, char *err, size_t errlen)
{
	char *text = NULL, val[256], num[32];
	bool tried = false;
	int ret = 0;

	for (size_t i = 0; i < obj->nexterns && !ret; i++) {
		const struct rb_extern *e = &obj->externs[i];
		const char *v = NULL;

		if (e->kind != RB_EXT_KCONFIG)
			continue;
		if (e->off > m->data_size || e->size > m->data_size - e->off)
			return rb_fail(err, errlen, -EINVAL, "extern %s lies outside .kconfig", e->name);
		if (!strcmp(e->name, "LINUX_KERNEL_VERSION")) {
			snprintf(num, sizeof(num), "%u", rb_kernel_version());
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
				ret = rb_fail(err, errlen, -ENOENT,
					      "extern %s: %s (declare it __weak to accept that)", e->name,
					      text ? "not set in the kernel's config" :
					      "no kernel config to read: neither /proc/config.gz nor /boot/config-RELEASE");
		} else if (!e->weak) {
			ret = rb_fail(err, errlen, -ENOENT, "extern %s: not a value rawbpf knows for __kconfig",
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
	char line[512];
	FILE *f;

	if (obj->kallsyms_read)
		return 0;
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return rb_fail(err, errlen, -errno, "/proc/kallsyms: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
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
			struct rb_extern *e = &obj->externs[i];

			if (e->kind == RB_EXT_KSYM_TYPELESS && !e->addr && !strcmp(e->name, name))
				e->addr = addr;
		}
	}
	fclose(f);
	obj->kallsyms_read = true;
	return 0;
}

int rb_ksym_patch(struct rb_object *obj, const struct rb_reloc *r, struct bpf_insn *insn,
		  char *err, size_t errlen)
{
	const struct rb_extern *e = rb_extern_find(obj, r->sym);
	const struct btf *kb;
	int64_t id;
	int ret;

	if (!e)
		return rb_fail(err, errlen, -EINVAL, "extern %s: not declared __ksym", r->sym);
	if (e->kind == RB_EXT_KSYM_TYPELESS) {
		if ((ret = resolve_kallsyms(obj, err, errlen)))
			return ret;
		if (!e->addr && !e->weak)
			return rb_fail(err, errlen, -ENOENT, "extern %s: not in /proc/kallsyms", e->name);
		insn_set_ld_imm64(insn, 0, (uint32_t)e->addr, (uint32_t)(e->addr >> 32));
		return 0;
	}
	ret = rb_kernel_btf(obj, NULL, &kb, err, errlen);
	if (ret)
		return ret;
	id = btf_find(kb, e->name, e->kind == RB_EXT_KFUNC ? BTF_KIND_FUNC : BTF_KIND_VAR);
	if (id < 0 && !e->weak)
		return rb_fail(err, errlen, -ENOENT, "extern %s: no %s of that name in the kernel's BTF",
			       e->name, e->kind == RB_EXT_KFUNC ? "kfunc" : "variable");
	if (e->kind == RB_EXT_KFUNC) {
		if (!insn_is_call(insn))
			return rb_fail(err, errlen, -EINVAL, "kfunc %s: used other than by a call", e->name);
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
		return rb_fail(err, errlen, -EINVAL, "extern %s: used other than by ld_imm64", e->name);
	if (id < 0)
		insn_set_ld_imm64(insn, 0, 0, 0);
	else
		insn_set_ld_imm64(insn, BPF_PSEUDO_BTF_ID, (uint32_t)id, 0);
	return 0;
}
