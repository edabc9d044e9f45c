/* libFuzzer target: the BTF parser and every query on arbitrary .BTF bytes.
 *
 * After btf_parse() accepts the bytes, each type id goes through the query
 * API: its name, its C spelling, its size, a lookup by name, and (when the
 * type is small) the pretty printer on a zeroed value of that size. Structs
 * are also decoded as map definitions, and the DATASEC fix-up runs on made-up
 * section sizes and offsets, which must be checked like any other input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"

static volatile uint8_t sink;

static int64_t fake_sec_size(void *ctx, const char *sec)
{
	return (int64_t)strlen(sec) * 8;
}

static int64_t fake_var_offset(void *ctx, const char *sec, const char *var)
{
	return var[0] ? (int64_t)strlen(var) * 4 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero[512];
	struct btf *btf;
	char err[256], buf[256];
	uint32_t n;

	/* btf_parse keeps pointers into the bytes; an exact-size copy lets ASan
	 * catch reads one past the end. */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	err[0] = '\0';
	if (btf_parse(copy, size, &btf, err, sizeof(err))) {
		if (!err[0])
			abort();
		free(copy);
		return 0;
	}
	n = btf_nr_types(btf);
	for (uint32_t id = 0; id < n; id++) {
		const struct btf_type *t = btf_type(btf, id);
		const char *name = btf_type_name(btf, id);
		int64_t sz;

		sink = (uint8_t)strlen(name);
		btf_type_str(btf, id, buf, sizeof(buf));
		btf_skip_mods(btf, id);
		sz = btf_type_size(btf, id);
		if (sz > 0 && sz <= (int64_t)sizeof(zero)) {
			btf_format(btf, id, zero, (size_t)sz, false, buf, sizeof(buf));
			btf_format(btf, id, zero, (size_t)sz, true, buf, sizeof(buf));
		}
		if (t && name[0])
			btf_find(btf, name, btf_kind(t));
		if (t && btf_kind(t) == BTF_KIND_STRUCT) {
			struct btf_map_def def;

			btf_map_def_decode(btf, id, &def, err, sizeof(err));
		}
	}
	btf_find(btf, "no such type", BTF_KIND_STRUCT);
	err[0] = '\0';
	if (btf_fixup_datasec(btf, fake_sec_size, fake_var_offset, NULL, err, sizeof(err)) == 0) {
		size_t len;
		const uint8_t *raw = btf_raw(btf, &len);
		uint8_t s = 0;

		for (size_t i = 0; i < len; i++)
			s ^= raw[i];
		sink = s;
	} else if (!err[0]) {
		abort();
	}
	btf_free(btf);
	free(copy);
	return 0;
}
