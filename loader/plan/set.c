/* --set NAME=VALUE: write a value into a global's initial bytes before its
 * map is created. The variable's BTF type says how VALUE is read: integers of
 * any width (signed or not, decimal, 0x hex or 0 octal), bool (true/false),
 * char arrays as strings, enums by enumerator name or number. Without BTF,
 * VALUE is an integer of the variable's size. */
#include "loader/plan/object.h"
#include "loader/plan/set.h"
#include "common/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list_settable(const struct rb_object *obj, char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < obj->nvars && k < len; i++) {
		char t[96] = "";

		if (obj->btf && obj->vars[i].type_id)
			btf_type_str(obj->btf, obj->vars[i].type_id, t, sizeof(t));
		k += snprintf(buf + k, len - k, "%s%s%s%s%s", k ? ", " : "",
			      obj->vars[i].name, t[0] ? " (" : "", t, t[0] ? ")" : "");
	}
	if (!obj->nvars)
		snprintf(buf, len, "none");
	return 0;
}

static int parse_int(const char *v, bool is_signed, unsigned size, uint64_t *out)
{
	char *end;

	errno = 0;
	if (is_signed) {
		long long x = strtoll(v, &end, 0);
		long long lo = size >= 8 ? INT64_MIN : -(1LL << (size * 8 - 1));
		long long hi = size >= 8 ? INT64_MAX : (1LL << (size * 8 - 1)) - 1;

		if (errno || end == v || *end || x < lo || x > hi)
			return -ERANGE;
		*out = (uint64_t)x;
	} else {
		unsigned long long x;

		if (v[0] == '-')
			return -ERANGE;
		x = strtoull(v, &end, 0);
		if (errno || end == v || *end || (size < 8 && x >> (size * 8)))
			return -ERANGE;
		*out = x;
	}
	return 0;
}

static int set_typed(const struct rb_object *obj, const struct plan_var *var,
		     const char *val, uint8_t *dst, char *err, size_t errlen)
{
	uint32_t id = var->type_id ? btf_skip_mods(obj->btf, var->type_id) : 0;
	const struct btf_type *t = id ? btf_type(obj->btf, id) : NULL;
	char tname[96] = "integer";
	uint64_t x;

	if (t)
		btf_type_str(obj->btf, var->type_id, tname, sizeof(tname));
	if (t && btf_kind(t) == BTF_KIND_ARRAY) {
		const struct btf_array *a = btf_array(t);
		const struct btf_type *et = btf_type(obj->btf, btf_skip_mods(obj->btf, a->type));

		if (!et || btf_kind(et) != BTF_KIND_INT || et->size != 1)
			return errorf(err, errlen, -EINVAL,
				       "--set %s: only char arrays can be set as arrays, this is %s",
				       var->name, tname);
		if (strlen(val) >= var->size)
			return errorf(err, errlen, -ERANGE,
				       "--set %s: \"%s\" has %zu characters; %s holds at most %u",
				       var->name, val, strlen(val), tname, var->size - 1);
		memset(dst, 0, var->size);
		memcpy(dst, val, strlen(val));
		return 0;
	}
	if (t && (btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64)) {
		if (btf_kind(t) == BTF_KIND_ENUM) {
			for (uint32_t i = 0; i < btf_vlen(t); i++)
				if (!strcmp(btf_str(obj->btf, btf_enums(t)[i].name_off) ?: "", val)) {
					int32_t v = btf_enums(t)[i].val;

					memcpy(dst, &v, var->size < 4 ? var->size : 4);
					return 0;
				}
		}
		if (parse_int(val, true, var->size, &x) == 0) {
			memcpy(dst, &x, var->size);
			return 0;
		}
		return errorf(err, errlen, -EINVAL,
			       "--set %s: '%s' is not an enumerator of %s", var->name, val, tname);
	}
	if (t && btf_kind(t) == BTF_KIND_INT && (BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_BOOL)) {
		if (!strcmp(val, "true") || !strcmp(val, "1"))
			dst[0] = 1;
		else if (!strcmp(val, "false") || !strcmp(val, "0"))
			dst[0] = 0;
		else
			return errorf(err, errlen, -EINVAL,
				       "--set %s: '%s' is not a bool (true, false, 1, 0)", var->name, val);
		return 0;
	}
	if (t && btf_kind(t) != BTF_KIND_INT)
		return errorf(err, errlen, -EINVAL,
			       "--set %s: variables of type %s cannot be set from the command line",
			       var->name, tname);
	if (var->size != 1 && var->size != 2 && var->size != 4 && var->size != 8)
		return errorf(err, errlen, -EINVAL,
			       "--set %s: a %u-byte integer is not supported", var->name, var->size);
	if (parse_int(val, t ? (BTF_INT_ENCODING(*(const uint32_t *)(t + 1)) & BTF_INT_SIGNED) : true,
		      var->size, &x))
		return errorf(err, errlen, -ERANGE, "--set %s: '%s' does not fit in %s (%u bytes)",
			       var->name, val, tname, var->size);
	memcpy(dst, &x, var->size); /* little-endian: the low bytes */
	return 0;
}

int plan_set_global(struct rb_object *obj, const char *name, const char *value,
		  char *err, size_t errlen)
{
	char list[1024];

	for (size_t i = 0; i < obj->nvars; i++) {
		struct plan_var *v = &obj->vars[i];
		struct plan_map *m = &obj->maps[v->map];

		if (strcmp(v->name, name) != 0)
			continue;
		if (v->off > m->data_size || v->size > m->data_size - v->off)
			return errorf(err, errlen, -EINVAL, "--set %s: variable lies outside %s",
				       name, m->name);
		return set_typed(obj, v, value, m->data + v->off, err, errlen);
	}
	list_settable(obj, list, sizeof(list));
	return errorf(err, errlen, -ENOENT, "--set %s: no such global variable; settable: %s",
		       name, list);
}
