/* The plan: from file bytes to programs, maps, globals and relocations,
 * without a single syscall. Each stage is one function in its own file; this
 * one runs them in order and owns the license, version and BTF stages. */
#include "loader/plan/object.h"
#include "common/util.h"
#include "loader/plan/externs.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Run one stage; its message gets the stage's name in front, as the CLI
 * prints it: "maps: section .maps: map x has no type". */
static int call_stage(struct rb_object *obj, const char *name, char *err, size_t errlen,
		      int (*fn)(struct rb_object *, char *, size_t))
{
	char msg[ERR_LEN];
	int ret;

	msg[0] = '\0';
	if (fn)
		ret = fn(obj, msg, sizeof(msg));
	else
		ret = elf_open(&obj->elf, obj->buf, obj->len, msg, sizeof(msg));
	/* Names in messages come from the file: a newline or escape in a
	 * symbol name must not break the CLI's one-line error. */
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	if (ret)
		errorf(err, errlen, ret, "%s: %s", name, msg);
	return ret;
}

int plan_open(struct rb_object **out, const char *path, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	char msg[ERR_LEN];
	int ret;

	*out = NULL;
	ret = read_whole_file(path, &buf, &len, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "read: %s", msg);
	return plan_parse(out, path, buf, len, err, errlen);
}

int plan_parse(struct rb_object **out, const char *path, uint8_t *buf,
		    size_t len, char *err, size_t errlen)
{
	struct rb_object *obj;
	int ret;

	*out = NULL;
	obj = calloc(1, sizeof(*obj));
	if (!obj) {
		free(buf);
		return errorf(err, errlen, -ENOMEM, "out of memory");
	}
	obj->buf = buf;
	obj->len = len;
	obj->btf_fd = -1;
	obj->path = strdup(path);
	if (!obj->path) {
		plan_free(obj);
		return errorf(err, errlen, -ENOMEM, "out of memory");
	}

	/* Read sections and symbols. */
	ret = call_stage(obj, "elf", err, errlen, NULL);
	/* Types, func/line info and CO-RE records; the license. */
	if (!ret)
		ret = call_stage(obj, "btf", err, errlen, plan_btf);
	if (!ret)
		ret = call_stage(obj, "license", err, errlen, plan_license);
	/* Maps: legacy "maps", BTF ".maps", then one per data section. */
	if (!ret)
		ret = call_stage(obj, "maps", err, errlen, plan_maps);
	if (!ret)
		ret = call_stage(obj, "globals", err, errlen, plan_globals);
	if (!ret)
		ret = call_stage(obj, "externs", err, errlen, plan_kconfig);
	/* Programs and subprograms: every function in an executable section. */
	if (!ret)
		ret = call_stage(obj, "programs", err, errlen, plan_programs);
	/* What each instruction that needs the loader refers to. */
	if (!ret)
		ret = call_stage(obj, "relocations", err, errlen, plan_relocs);
	/* Which kernel structure's member each struct_ops program is. */
	if (!ret)
		ret = call_stage(obj, "struct_ops", err, errlen, plan_struct_ops);
	if (ret) {
		plan_free(obj);
		return ret;
	}
	*out = obj;
	return 0;
}

static void free_func(struct plan_func *fn)
{
	free(fn->relocs);
}

void plan_free(struct rb_object *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct plan_prog *p = &obj->progs[i];

		free_func(&p->fn);
		free(p->target);
		free(p->not_loaded);
		free(p->insns);
		free(p->func_info);
		free(p->line_info);
	}
	for (size_t i = 0; i < obj->nsubs; i++)
		free_func(&obj->subs[i]);
	for (size_t i = 0; i < obj->nmaps; i++) {
		free(obj->maps[i].name);
		free(obj->maps[i].slots);
		free(obj->maps[i].data);
	}
	for (size_t i = 0; i < obj->nst_ops; i++)
		free(obj->st_ops[i].progs);
	free(obj->st_ops);
	free(obj->progs);
	free(obj->subs);
	free(obj->maps);
	free(obj->vars);
	free(obj->externs);
	free(obj->cores);
	free(obj->core_res);
	btf_ext_free(obj->ext);
	btf_free(obj->btf);
	elf_close(&obj->elf);
	free(obj->buf);
	free(obj->path);
	free(obj->log);
	free(obj);
}

/* The "license" section is a NUL-terminated string; "version" a u32 that
 * kernels before 5.0 compared with their own for kprobes. */
int plan_license(struct rb_object *obj, char *err, size_t errlen)
{
	const struct elf_section *s = elf_section_by_name(&obj->elf, "license");
	const struct elf_section *v = elf_section_by_name(&obj->elf, "version");

	if (s) {
		if (!s->data || !memchr(s->data, '\0', s->size))
			return errorf(err, errlen, -EINVAL,
				       "section license: not a NUL-terminated string (%llu bytes)",
				       (unsigned long long)s->size);
		if (strlen((const char *)s->data) >= sizeof(obj->license))
			return errorf(err, errlen, -EINVAL,
				       "section license: longer than %zu bytes",
				       sizeof(obj->license) - 1);
		strcpy(obj->license, (const char *)s->data);
	}
	if (v) {
		if (!v->data || v->size != sizeof(uint32_t))
			return errorf(err, errlen, -EINVAL,
				       "section version: %llu bytes, expected a 4-byte kernel version",
				       (unsigned long long)v->size);
		memcpy(&obj->kern_version, v->data, sizeof(uint32_t));
	}
	return 0;
}

static int64_t sec_size(void *ctx, const char *name)
{
	const struct elf_section *s = elf_section_by_name(&((struct rb_object *)ctx)->elf, name);

	/* Extern-only sections (.kconfig, .ksyms) are laid out by btf/. */
	return s ? (int64_t)s->size : -ENOENT;
}

static int64_t var_offset(void *ctx, const char *sec, const char *var)
{
	struct rb_object *obj = ctx;
	const struct elf_section *s = elf_section_by_name(&obj->elf, sec);

	for (size_t i = 0; s && i < obj->elf.nsym; i++)
		if (obj->elf.syms[i].shndx == s->index && !strcmp(obj->elf.syms[i].name, var))
			return obj->elf.syms[i].value;
	return -ENOENT;
}

/* A function the object marks hidden (__hidden, as libbpf's usdt.bpf.h
 * does) is private to the program it is linked into: give it static
 * linkage in BTF, so the verifier checks it with its callers' arguments
 * rather than alone from its prototype. */
static int hidden_funcs_static(struct rb_object *obj)
{
	for (size_t i = 0; i < obj->elf.nsym; i++) {
		const struct elf_symbol *y = &obj->elf.syms[i];
		int64_t id;
		int ret;

		if (y->type != STT_FUNC || y->visibility != STV_HIDDEN || y->bind == STB_LOCAL)
			continue;
		id = btf_find(obj->btf, y->name, BTF_KIND_FUNC);
		if (id > 0 && (ret = btf_func_set_static(obj->btf, id)))
			return ret;
	}
	return 0;
}

/* Parse .BTF and .BTF.ext when present, and keep the CO-RE records. The
 * DATASEC sizes and variable offsets that clang leaves for the loader are
 * filled in here, from the ELF, so the plan knows the .kconfig layout and
 * the load stage only hands the bytes over. */
int plan_btf(struct rb_object *obj, char *err, size_t errlen)
{
	const struct elf_section *b = elf_section_by_name(&obj->elf, ".BTF");
	const struct elf_section *x = elf_section_by_name(&obj->elf, ".BTF.ext");
	char msg[ERR_LEN];
	int ret;

	if (!b)
		return 0;
	if (!b->data)
		return errorf(err, errlen, -EINVAL, "section .BTF has no data (SHT_NOBITS)");
	ret = btf_parse(b->data, b->size, &obj->btf, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "section .BTF: %s", msg);
	/* Which .ksyms externs are typeless must be read before the fix-up
	 * retypes them. */
	ret = plan_ksyms(obj, err, errlen);
	if (ret)
		return ret;
	ret = btf_fixup_datasec(obj->btf, sec_size, var_offset, obj, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "section .BTF: %s", msg);
	ret = hidden_funcs_static(obj);
	if (ret)
		return errorf(err, errlen, ret, "section .BTF: out of memory");
	if (!x)
		return 0;
	if (!x->data)
		return errorf(err, errlen, -EINVAL, "section .BTF.ext has no data (SHT_NOBITS)");
	ret = btf_ext_parse(x->data, x->size, obj->btf, &obj->ext, msg, sizeof(msg));
	if (ret)
		return errorf(err, errlen, ret, "section .BTF.ext: %s", msg);

	for (uint32_t i = 0; i < obj->ext->ncore; i++) {
		const struct btf_ext_sec *cs = &obj->ext->core[i];
		const struct elf_section *es = elf_section_by_name(&obj->elf, cs->sec_name);
		struct plan_core *nc;

		if (!es)
			return errorf(err, errlen, -EINVAL,
				       "section .BTF.ext: CO-RE records for section %s, which the object does not have",
				       cs->sec_name);
		nc = realloc(obj->cores, (obj->ncores + cs->nrec) * sizeof(*nc));
		if (!nc && cs->nrec)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		obj->cores = nc;
		for (uint32_t k = 0; k < cs->nrec; k++) {
			struct plan_core *c = &obj->cores[obj->ncores++];

			memcpy(&c->rec, cs->recs + (size_t)k * cs->rec_size, sizeof(c->rec));
			c->sec = es->index;
			if (c->rec.insn_off % sizeof(struct bpf_insn) ||
			    c->rec.insn_off >= es->size)
				return errorf(err, errlen, -EINVAL,
					       "section .BTF.ext: CO-RE record %u for %s at byte %u: not an instruction of the section (%llu bytes)",
					       k, cs->sec_name, c->rec.insn_off,
					       (unsigned long long)es->size);
			c->insn = c->rec.insn_off / sizeof(struct bpf_insn);
		}
	}
	return 0;
}

int plan_map_index(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nmaps; i++)
		if (strcmp(obj->maps[i].name, name) == 0)
			return (int)i;
	return -ENOENT;
}

const struct plan_func *plan_func_at(const struct rb_object *obj, size_t sec, uint32_t insn)
{
	for (size_t i = 0; i < obj->nsubs; i++) {
		const struct plan_func *f = &obj->subs[i];

		if (f->sec == sec && insn >= f->off && insn - f->off < f->cnt)
			return f;
	}
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct plan_func *f = &obj->progs[i].fn;

		if (f->sec == sec && insn >= f->off && insn - f->off < f->cnt)
			return f;
	}
	return NULL;
}
