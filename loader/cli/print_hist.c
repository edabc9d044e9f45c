/* Log2 and linear histograms in the libbpf-tools layout (trace_helpers.c's
 * print_log2_hist / print_linear_hist: the same columns, so scripts that
 * read those tools' output read rawbpf's), and their detection by BTF.
 * See print_hist.h. */
#include "loader/cli/print_hist.h"
#include "btf/btf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define STARS_MAX 40
#define LOG2_MAX_SLOTS 64

/* A bar of width columns scaled to max, '+' after it when val exceeds max
 * (it never does here: max is the largest count). 128-bit product: counts
 * are 64-bit. */
static void print_stars(FILE *f, uint64_t val, uint64_t max, int width)
{
	int stars = max ? (int)((unsigned __int128)(val < max ? val : max) * width / max) : 0;

	for (int i = 0; i < width; i++)
		fputc(i < stars ? '*' : ' ', f);
	if (val > max)
		fputc('+', f);
}

/* The last non-zero slot (-1 when all are zero) and the largest count. */
static long last_used(const uint64_t *vals, size_t n, uint64_t *max)
{
	long last = -1;

	*max = 0;
	for (size_t i = 0; i < n; i++) {
		if (vals[i])
			last = (long)i;
		if (vals[i] > *max)
			*max = vals[i];
	}
	return last;
}

/* Slot i of a log2 histogram covers [low, high]; slot 0 is "0 -> 1". */
static void log2_range(size_t i, uint64_t *low, uint64_t *high)
{
	*low = i ? (uint64_t)1 << i : 0;
	*high = i >= 63 ? UINT64_MAX : ((uint64_t)1 << (i + 1)) - 1;
}

/* The rows of a histogram, every form in one walk: log2 when step is 0,
 * else linear from base (only the non-zero slots); text under a header
 * naming unit, or JSON. */
static void put_rows(FILE *f, const uint64_t *vals, size_t n, uint64_t base, uint64_t step,
		     const char *unit, bool json)
{
	bool log2 = !step, first = true;
	uint64_t max, low, high;
	long last = last_used(vals, log2 && n > LOG2_MAX_SLOTS ? LOG2_MAX_SLOTS : n, &max);
	bool wide = log2 && last > 32;
	int width = wide ? 20 : 10;

	if (json)
		fputc('[', f);
	else if (last < 0)
		return;
	else if (log2)
		fprintf(f, "%*s%-*s : count    distribution\n", wide ? 15 : 5, "", wide ? 29 : 19, unit);
	else
		fprintf(f, "     %-13s : count     distribution\n", unit);
	for (long i = 0; i <= last; i++) {
		if (log2) {
			log2_range(i, &low, &high);
		} else if (vals[i]) {
			low = base + i * step;
			high = low + step - 1;
		} else {
			continue;
		}
		if (json) {
			fprintf(f, "%s{\"from\":%" PRIu64 ",\"to\":%" PRIu64 ",\"count\":%" PRIu64 "}",
				first ? "" : ",", low, high, vals[i]);
			first = false;
			continue;
		}
		if (log2)
			fprintf(f, "%*" PRIu64 " -> %-*" PRIu64 " : %-8" PRIu64 " |", width, low, width, high, vals[i]);
		else
			fprintf(f, "        %-10" PRIu64 " : %-8" PRIu64 " |", low, vals[i]);
		print_stars(f, vals[i], max, wide ? STARS_MAX / 2 : STARS_MAX);
		fputs("|\n", f);
	}
	if (json)
		fputc(']', f);
}

void cli_print_log2_hist(FILE *f, const uint64_t *vals, size_t n, const char *unit)
{
	put_rows(f, vals, n, 0, 0, unit, false);
}

void cli_print_linear_hist(FILE *f, const uint64_t *vals, size_t n,
			   uint64_t base, uint64_t step, const char *unit)
{
	put_rows(f, vals, n, base, step, unit, false);
}

void cli_json_log2_hist(FILE *f, const uint64_t *vals, size_t n)
{
	put_rows(f, vals, n, 0, 0, NULL, true);
}

void cli_json_linear_hist(FILE *f, const uint64_t *vals, size_t n,
			  uint64_t base, uint64_t step)
{
	put_rows(f, vals, n, base, step, NULL, true);
}

/* ---- detection ---- */

bool cli_hist_name(const char *s)
{
	static const char *const names[] = { "slots", "hist", "hists", "histogram", "buckets", "dist" };
	size_t len = strlen(s);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i]))
			return true;
	return (len > 6 && !strcmp(s + len - 6, "_slots")) ||
	       (len > 5 && !strcmp(s + len - 5, "_hist"));
}

bool cli_hist_linear(const char *owner, const struct cli_hist_field *field)
{
	return strstr(owner, "lin") || strstr(field->name, "lin");
}

/* Is id an array of unsigned 4- or 8-byte integers? Fills count, elem_size. */
static bool counter_array(const struct btf *btf, uint32_t id, struct cli_hist_field *h)
{
	const struct btf_type *t = btf_type(btf, btf_skip_mods(btf, id));
	const struct btf_type *e;
	uint32_t enc;

	if (!t || btf_kind(t) != BTF_KIND_ARRAY)
		return false;
	e = btf_type(btf, btf_skip_mods(btf, btf_array(t)->type));
	if (!e || btf_kind(e) != BTF_KIND_INT)
		return false;
	enc = *(const uint32_t *)(e + 1);
	if ((BTF_INT_ENCODING(enc) & BTF_INT_SIGNED) || BTF_INT_OFFSET(enc) ||
	    (e->size != 4 && e->size != 8) || BTF_INT_BITS(enc) != e->size * 8)
		return false;
	if (btf_array(t)->nelems < 2)
		return false;
	h->count = btf_array(t)->nelems;
	h->elem_size = e->size;
	return true;
}

int cli_hist_field(const struct btf *btf, uint32_t type_id, struct cli_hist_field *field)
{
	uint32_t id = btf_skip_mods(btf, type_id);
	const struct btf_type *t = btf_type(btf, id);

	memset(field, 0, sizeof(*field));
	field->name = "";
	if (!t)
		return -ENOENT;
	if (btf_kind(t) == BTF_KIND_ARRAY)
		return counter_array(btf, id, field) ? 0 : -ENOENT;
	if (btf_kind(t) != BTF_KIND_STRUCT)
		return -ENOENT;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf_str(btf, m->name_off);
		uint32_t bit = btf_member_bit_offset(t, i);

		if (!name || !cli_hist_name(name) || bit % 8 || btf_member_bitfield_size(t, i) ||
		    !counter_array(btf, m->type, field))
			continue;
		field->name = name;
		field->offset = bit / 8;
		return 0;
	}
	memset(field, 0, sizeof(*field));
	field->name = "";
	return -ENOENT;
}

int cli_hist_read(const struct cli_hist_field *field, const void *value, size_t size,
		  uint64_t *out)
{
	const uint8_t *p = value;

	if ((field->elem_size != 4 && field->elem_size != 8) || field->offset > size ||
	    field->count > (size - field->offset) / field->elem_size)
		return -EINVAL;
	p += field->offset;
	for (uint32_t i = 0; i < field->count; i++, p += field->elem_size) {
		uint32_t v32;

		if (field->elem_size == 8) {
			memcpy(&out[i], p, 8);
		} else {
			memcpy(&v32, p, 4);
			out[i] = v32;
		}
	}
	return 0;
}

bool cli_hist_used(const struct cli_hist_field *field, const uint8_t *value, size_t size)
{
	size_t len = (size_t)field->count * field->elem_size;

	if (field->offset > size || len > size - field->offset)
		return false;
	for (size_t b = 0; b < len; b++)
		if (value[field->offset + b])
			return true;
	return false;
}

void cli_put_hist(FILE *out, const struct cli_hist_field *field, bool linear,
		  const uint8_t *value, size_t size, bool json)
{
	uint64_t *vals = calloc(field->count ? field->count : 1, sizeof(*vals));

	if (vals && !cli_hist_read(field, value, size, vals))
		put_rows(out, vals, field->count, 0, linear, "value", json);  /* step 1 or 0: log2 */
	else if (json)
		fputs("[]", out);
	free(vals);
}
