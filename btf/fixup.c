/* btf/fixup.c — turn an object's .BTF into what BPF_BTF_LOAD accepts.
 *
 * clang writes BTF for a relocatable object: it cannot know a section's final
 * size or a variable's offset, and it describes `extern` declarations (Kconfig
 * values, kernel symbols, kfuncs) that no section holds. The kernel's BTF
 * checker (kernel/bpf/btf.c, as of 6.x) rejects, among others:
 *
 *   - a DATASEC whose size is 0 ("size == 0"), whose entries are not in
 *     increasing offset order or overlap ("Invalid offset"), whose entry has
 *     size 0 or smaller than its variable's type ("Invalid size"), or whose
 *     entry is not a VAR ("Not a VAR kind member": clang puts extern FUNCs of
 *     kfuncs into .ksyms);
 *   - a VAR whose linkage is neither static nor global-allocated
 *     (BTF_VAR_GLOBAL_EXTERN: "Linkage not supported"), or whose type has no
 *     size (void, as in a typeless `extern const void sym __ksym`);
 *   - a FUNC whose linkage is above BTF_FUNC_GLOBAL (BTF_FUNC_EXTERN:
 *     "Invalid func linkage"), or whose prototype has a parameter with a type
 *     but no name ("Invalid arg#N"), which extern declarations often have.
 *
 * So the fix-up: sizes and offsets come from the loader's ELF knowledge
 * (callbacks), entries are sorted by offset; extern VARs become
 * global-allocated (a void-typed one is retyped as int); extern FUNCs become
 * static and get parameter names; a FUNC inside a DATASEC is replaced by one
 * shared int VAR. Extern-only sections (.kconfig, .ksyms) that the loader
 * gives no size are laid out here, each variable at its natural alignment;
 * the loader reads the resulting offsets back with btf_secinfos().
 *
 * Appended types get ids after the last one, so no existing id changes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "btf/internal.h"
#include "common/util.h"

#define ARG_NAME  "arg"
#define DUMMY_VAR "__rawbpf_extern_func"

/* What survey() found the blob needs: any change at all, an int type and
 * the shared VAR to append. */
struct fixup_needs {
	bool change, need_int, need_var;
	uint32_t int_id;     /* an existing 4-byte signed int, or 0 */
};

static bool var_sized(const struct btf *btf, uint32_t type)
{
	return btf_type_size(btf, type) > 0;
}

static void survey(const struct btf *btf, struct fixup_needs *need)
{
	uint32_t id, i;

	for (id = 1; id < btf->n; id++) {
		const struct btf_type *t = btf_type(btf, id);

		switch (btf_kind(t)) {
		case BTF_KIND_INT:
			if (!need->int_id && t->size == 4 && !strcmp(btf_type_name(btf, id), "int"))
				need->int_id = id;
			break;
		case BTF_KIND_VAR:
			if (btf_var(t)->linkage == BTF_VAR_GLOBAL_EXTERN) {
				need->change = true;
				if (!var_sized(btf, t->type))
					need->need_int = true;
			}
			break;
		case BTF_KIND_FUNC: {
			const struct btf_type *proto = btf_type(btf, t->type);

			if (btf_vlen(t) > BTF_FUNC_GLOBAL)
				need->change = true;
			for (i = 0; proto && i < btf_vlen(proto); i++)
				if (!btf_params(proto)[i].name_off && btf_params(proto)[i].type)
					need->change = true;
			break;
		}
		case BTF_KIND_DATASEC:
			if (t->size == 0)
				need->change = true;
			for (i = 0; i < btf_vlen(t); i++) {
				const struct btf_type *v = btf_type(btf, btf_secinfos(t)[i].type);

				if (!v || btf_kind(v) != BTF_KIND_VAR) {
					need->change = need->need_var = need->need_int = true;
				}
			}
			break;
		}
	}
	if (need->int_id)
		need->need_int = false;
}

/* Copy the blob into owned memory with room for the appended types and
 * strings, and point btf at the copy. */
static int make_copy(struct btf *btf, const struct fixup_needs *need,
		     uint32_t *str_arg, uint32_t *str_int, uint32_t *str_var)
{
	const char *extra[3] = { ARG_NAME, need->need_int ? "int" : NULL, need->need_var ? DUMMY_VAR : NULL };
	uint32_t *res[3] = { str_arg, str_int, str_var };
	uint32_t add_types = (need->need_int ? 16 : 0) + (need->need_var ? 16 : 0);
	uint32_t add_strs = 0, types_len, strs_len, *off;
	uint8_t *kinds;
	struct btf_header h;
	size_t total;
	uint8_t *c;
	int i;

	for (i = 0; i < 3; i++)
		if (extra[i])
			add_strs += strlen(extra[i]) + 1;
	types_len = btf->types_len + add_types;
	strs_len = btf->strs_len + add_strs;
	total = sizeof(h) + (size_t)types_len + strs_len;
	c = calloc(1, total);
	if (!c)
		return -ENOMEM;
	off = realloc(btf->off, (btf->n + 2) * sizeof(*off));
	if (off)
		btf->off = off;
	kinds = realloc(btf->kinds, btf->n + 2);
	if (kinds)
		btf->kinds = kinds;
	if (!off || !kinds) {
		free(c);
		return -ENOMEM;
	}

	memset(&h, 0, sizeof(h));
	h.magic = BTF_MAGIC;
	h.version = BTF_VERSION;
	h.hdr_len = sizeof(h);
	h.type_off = 0;
	h.type_len = types_len;
	h.str_off = types_len;
	h.str_len = strs_len;
	memcpy(c, &h, sizeof(h));
	memcpy(c + sizeof(h), btf->types, btf->types_len);
	memcpy(c + sizeof(h) + types_len, btf->strs, btf->strs_len);
	strs_len = btf->strs_len;
	for (i = 0; i < 3; i++) {
		if (!extra[i])
			continue;
		*res[i] = strs_len;
		memcpy(c + sizeof(h) + types_len + strs_len, extra[i], strlen(extra[i]) + 1);
		strs_len += strlen(extra[i]) + 1;
	}

	free(btf->copy);
	btf_names_drop(btf);
	btf->copy = c;
	btf->copy_len = total;
	btf->data = c;
	btf->len = total;
	btf->hdr_len = sizeof(h);
	btf->types = c + sizeof(h);
	/* types_len grows as types are appended */
	btf->strs = (const char *)c + sizeof(h) + types_len;
	btf->strs_len = strs_len;
	return 0;
}

static uint32_t append(struct btf *btf, const struct btf_type *t, const void *rec, size_t reclen)
{
	uint8_t *p = (uint8_t *)btf->types + btf->types_len;

	memcpy(p, t, sizeof(*t));
	memcpy(p + sizeof(*t), rec, reclen);
	btf->off[btf->n] = btf->types_len;
	btf->types_len += sizeof(*t) + reclen;
	btf->kinds[btf->n] = btf_kind(t);
	btf->kind_count[btf_kind(t)]++;
	return btf->n++;
}

static int cmp_secinfo(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static uint32_t natural_align(uint32_t size)
{
	return size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
}

static int fix_datasec(struct btf *btf, uint32_t id, bool all_extern,
		       int64_t (*sec_size)(void *, const char *),
		       int64_t (*var_offset)(void *, const char *, const char *),
		       void *ctx, char *err, size_t errlen)
{
	struct btf_type *t = (struct btf_type *)btf_type(btf, id);
	struct btf_var_secinfo *s = (struct btf_var_secinfo *)btf_secinfos(t);
	const char *sec = btf_type_name(btf, id);
	uint32_t i, vlen = btf_vlen(t);
	int64_t size;

	if (t->size != 0)
		return 0;
	size = sec_size ? sec_size(ctx, sec) : -1;
	if (size < 0 && !all_extern) {
		return errorf(err, errlen, -EINVAL, "BTF DATASEC [%u] '%s': size 0 and the object has no such section",
			      id, sec);
	}
	if (size > UINT32_MAX) {
		return errorf(err, errlen, -EINVAL, "BTF DATASEC [%u] '%s': section size %lld too large",
			      id, sec, (long long)size);
	}
	if (size >= 0) {
		for (i = 0; i < vlen; i++) {
			const char *var = btf_type_name(btf, s[i].type);
			int64_t off = var_offset ? var_offset(ctx, sec, var) : -1;
			int64_t vsz = btf_type_size(btf, s[i].type);

			if (vsz <= 0) {
				return errorf(err, errlen, -EINVAL, "BTF DATASEC [%u] '%s': variable '%s' has a type without a size (%s)",
					      id, sec, var, vsz == -ELOOP ? "its type chain loops" : "void, a function or malformed");
			}
			if (off < 0 || off + vsz > size) {
				return errorf(err, errlen, -EINVAL, "BTF DATASEC [%u] '%s': variable '%s' (size %lld) has no offset inside the %lld-byte section",
					      id, sec, var, (long long)vsz, (long long)size);
			}
			s[i].offset = off;
			s[i].size = vsz;
		}
		t->size = size;
	} else {
		uint64_t pos = 0;

		for (i = 0; i < vlen; i++) {
			int64_t vsz = btf_type_size(btf, s[i].type);

			if (vsz <= 0) {
				return errorf(err, errlen, -EINVAL, "BTF DATASEC [%u] '%s': variable '%s' has no size",
					      id, sec, btf_type_name(btf, s[i].type));
			}
			pos = (pos + natural_align(vsz) - 1) & ~(uint64_t)(natural_align(vsz) - 1);
			s[i].offset = pos;
			s[i].size = vsz;
			pos += vsz;
			if (pos > UINT32_MAX)
				return -E2BIG;
		}
		t->size = pos ? pos : 1;
	}
	sort(s, vlen, sizeof(*s), cmp_secinfo);
	for (i = 1; i < vlen; i++) {
		if (s[i].offset < s[i - 1].offset + s[i - 1].size) {
			return errorf(err, errlen, -EINVAL, "BTF DATASEC [%u] '%s': variables '%s' and '%s' overlap at offset %u",
				      id, sec, btf_type_name(btf, s[i - 1].type),
				      btf_type_name(btf, s[i].type), s[i].offset);
		}
	}
	return 0;
}

/* Append the types the rewrite needs and the object lacks: a 4-byte signed
 * int (for typeless extern VARs and the shared VAR) and the one VAR that
 * stands in for every FUNC inside a DATASEC. Returns the int's id in
 * *int_id and the VAR's in *var_id (0 when not needed). */
static void append_missing_types(struct btf *btf, const struct fixup_needs *need,
				 uint32_t str_int, uint32_t str_var,
				 uint32_t *int_id, uint32_t *var_id)
{
	*int_id = need->int_id;
	if (need->need_int) {
		struct btf_type t = { .name_off = str_int, .info = BTF_KIND_INT << 24, .size = 4 };
		uint32_t enc = (BTF_INT_SIGNED << 24) | 32;

		*int_id = append(btf, &t, &enc, sizeof(enc));
	}
	if (need->need_var) {
		struct btf_type t = { .name_off = str_var, .info = BTF_KIND_VAR << 24, .type = *int_id };
		struct btf_var v = { .linkage = BTF_VAR_GLOBAL_ALLOCATED };

		*var_id = append(btf, &t, &v, sizeof(v));
	}
}

/* Which DATASECs hold only extern declarations, decided before the
 * linkages are rewritten. Returns a calloc'd array indexed by type id
 * (n entries), or NULL when out of memory. */
static bool *find_extern_sections(const struct btf *btf, uint32_t n)
{
	bool *extern_sec = calloc(n, sizeof(*extern_sec));
	uint32_t id, i;

	if (!extern_sec)
		return NULL;
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf_type(btf, id);

		if (btf_kind(t) != BTF_KIND_DATASEC || !btf_vlen(t))
			continue;
		extern_sec[id] = true;
		for (i = 0; i < btf_vlen(t); i++) {
			const struct btf_type *v = btf_type(btf, btf_secinfos(t)[i].type);

			if (v && btf_kind(v) == BTF_KIND_VAR &&
			    btf_var(v)->linkage != BTF_VAR_GLOBAL_EXTERN)
				extern_sec[id] = false;
		}
	}
	return extern_sec;
}

/* Extern VARs become global-allocated (int when typeless), extern FUNCs
 * static with named parameters, and a non-VAR DATASEC entry points at the
 * shared VAR. */
static void rewrite_externs(struct btf *btf, uint32_t n, uint32_t str_arg,
			    uint32_t int_id, uint32_t var_id)
{
	uint32_t id, i;

	for (id = 1; id < n; id++) {
		struct btf_type *t = (struct btf_type *)btf_type(btf, id);

		switch (btf_kind(t)) {
		case BTF_KIND_VAR: {
			struct btf_var *v = (struct btf_var *)btf_var(t);

			if (v->linkage == BTF_VAR_GLOBAL_EXTERN) {
				v->linkage = BTF_VAR_GLOBAL_ALLOCATED;
				if (!var_sized(btf, t->type))
					t->type = int_id;
			}
			break;
		}
		case BTF_KIND_FUNC: {
			struct btf_type *proto = (struct btf_type *)btf_type(btf, t->type);

			if (btf_vlen(t) > BTF_FUNC_GLOBAL)
				t->info = (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC;
			for (i = 0; proto && i < btf_vlen(proto); i++) {
				struct btf_param *pa = (struct btf_param *)btf_params(proto) + i;

				if (!pa->name_off && pa->type)
					pa->name_off = str_arg;
			}
			break;
		}
		case BTF_KIND_DATASEC: {
			struct btf_var_secinfo *s = (struct btf_var_secinfo *)btf_secinfos(t);

			for (i = 0; i < btf_vlen(t); i++) {
				const struct btf_type *v = btf_type(btf, s[i].type);

				if (!v || btf_kind(v) != BTF_KIND_VAR) {
					s[i].type = var_id;
					s[i].size = 4;
				}
			}
			break;
		}
		}
	}
}

/* Appended types may have left the type section shorter than reserved:
 * rewrite the header to the final lengths, strings right after types. */
static void finish_header(struct btf *btf)
{
	struct btf_header *h = (struct btf_header *)btf->copy;

	memmove((uint8_t *)btf->types + btf->types_len, btf->strs, btf->strs_len);
	btf->strs = (const char *)btf->types + btf->types_len;
	h->type_len = btf->types_len;
	h->str_off = btf->types_len;
	h->str_len = btf->strs_len;
	btf->len = btf->copy_len = sizeof(*h) + btf->types_len + btf->strs_len;
}

int btf_fixup_datasec(struct btf *btf,
		      int64_t (*sec_size)(void *ctx, const char *sec),
		      int64_t (*var_offset)(void *ctx, const char *sec, const char *var),
		      void *ctx, char *err, size_t errlen)
{
	struct fixup_needs need = { 0 };
	uint32_t str_arg = 0, str_int = 0, str_var = 0, int_id, var_id = 0, id, n;
	bool *extern_sec;
	int ret;

	survey(btf, &need);
	if (!need.change)
		return 0;
	ret = make_copy(btf, &need, &str_arg, &str_int, &str_var);
	if (ret) {
		return errorf(err, errlen, ret, "BTF fix-up: out of memory copying %u bytes of types", btf->types_len);
	}
	append_missing_types(btf, &need, str_int, str_var, &int_id, &var_id);

	n = btf->n;
	extern_sec = find_extern_sections(btf, n);
	if (!extern_sec)
		return -ENOMEM;
	rewrite_externs(btf, n, str_arg, int_id, var_id);
	for (id = 1; id < n; id++) {
		if (btf_kind(btf_type(btf, id)) != BTF_KIND_DATASEC)
			continue;
		ret = fix_datasec(btf, id, extern_sec[id], sec_size, var_offset, ctx, err, errlen);
		if (ret)
			break;
	}
	free(extern_sec);
	if (!ret)
		finish_header(btf);
	return ret;
}

const void *btf_raw(const struct btf *btf, size_t *len)
{
	struct btf_header hdr;
	const struct btf_header *h = &hdr;
	uint64_t a, b;

	memcpy(&hdr, btf->data, sizeof(hdr)); /* the bytes may be unaligned */
	a = (uint64_t)h->hdr_len + h->type_off + h->type_len;
	b = (uint64_t)h->hdr_len + h->str_off + h->str_len;

	*len = a > b ? a : b;
	return btf->data;
}

int btf_func_set_static(struct btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type(btf, id);
	struct btf_type *w;

	if (!t || btf_kind(t) != BTF_KIND_FUNC)
		return -EINVAL;
	if (btf_vlen(t) == BTF_FUNC_STATIC)
		return 0;
	if (!btf->copy) {
		struct fixup_needs none = { 0 };
		uint32_t a, b, c;
		int ret = make_copy(btf, &none, &a, &b, &c);

		if (ret)
			return ret;
	}
	w = (struct btf_type *)(btf->copy + (btf->types - btf->copy) + btf->off[id]);
	w->info = (uint32_t)BTF_KIND_FUNC << 24 | BTF_FUNC_STATIC;
	return 0;
}
