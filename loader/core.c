/* CO-RE in the plan: describing records for inspect. Resolution against the
 * kernel's BTF happens at load time (btf/core.c, insn/core.c). */
#include "loader/inspect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {
	[BPF_CORE_FIELD_BYTE_OFFSET] = "field byte offset",
	[BPF_CORE_FIELD_BYTE_SIZE] = "field byte size",
	[BPF_CORE_FIELD_EXISTS] = "field exists",
	[BPF_CORE_FIELD_SIGNED] = "field signed",
	[BPF_CORE_FIELD_LSHIFT_U64] = "field lshift",
	[BPF_CORE_FIELD_RSHIFT_U64] = "field rshift",
	[BPF_CORE_TYPE_ID_LOCAL] = "local type id",
	[BPF_CORE_TYPE_ID_TARGET] = "target type id",
	[BPF_CORE_TYPE_EXISTS] = "type exists",
	[BPF_CORE_TYPE_SIZE] = "type size",
	[BPF_CORE_ENUMVAL_EXISTS] = "enum value exists",
	[BPF_CORE_ENUMVAL_VALUE] = "enum value",
	[BPF_CORE_TYPE_MATCHES] = "type matches",
};

const char *rb_core_kind_name(uint32_t kind)
{
	return kind < sizeof(kinds) / sizeof(kinds[0]) && kinds[kind] ? kinds[kind] : "unknown kind";
}

/* "task_struct.real_parent.tgid" from type id and access string "0:57:3". */
static void access_path(const struct btf *btf, uint32_t type_id, const char *acc,
			char *buf, size_t len)
{
	uint32_t id = btf_skip_mods(btf, type_id);
	const struct btf_type *t = btf_type(btf, id);
	size_t k = 0;
	int depth = 0;

	k += snprintf(buf, len, "%s", btf_type_name(btf, id)[0] ? btf_type_name(btf, id) : "(anon)");
	if (!acc)
		return;
	acc = strchr(acc, ':');       /* the first index steps over a pointer */
	while (acc && *acc == ':' && t && k < len && depth++ < BTF_MAX_DEPTH) {
		unsigned long i = strtoul(acc + 1, NULL, 10);

		if (btf_kind(t) == BTF_KIND_STRUCT || btf_kind(t) == BTF_KIND_UNION) {
			const struct btf_member *m;
			const char *n;

			if (i >= btf_vlen(t))
				break;
			m = &btf_members(t)[i];
			n = btf_str(btf, m->name_off);
			if (n && *n)
				k += snprintf(buf + k, len - k, ".%s", n);
			t = btf_type(btf, btf_skip_mods(btf, m->type));
		} else if (btf_kind(t) == BTF_KIND_ARRAY) {
			k += snprintf(buf + k, len - k, "[%lu]", i);
			t = btf_type(btf, btf_skip_mods(btf, btf_array(t)->type));
		} else if (btf_kind(t) == BTF_KIND_ENUM) {
			if (i < btf_vlen(t))
				k += snprintf(buf + k, len - k, "::%s",
					      btf_str(btf, btf_enums(t)[i].name_off) ?: "?");
			break;
		} else {
			break;
		}
		acc = strchr(acc + 1, ':');
	}
}

void rb_core_describe(const struct rb_object *obj, const struct rb_core *c,
		      char *buf, size_t len)
{
	const struct rb_func *f = rb_func_at(obj, c->sec, c->insn);
	char path[200];

	access_path(obj->btf, c->rec.type_id, btf_str(obj->btf, c->rec.access_str_off),
		    path, sizeof(path));
	snprintf(buf, len, "%s insn %u: %s of %s", f ? f->name : obj->elf.secs[c->sec].name,
		 f ? c->insn - f->off : c->insn, rb_core_kind_name(c->rec.kind), path);
}
