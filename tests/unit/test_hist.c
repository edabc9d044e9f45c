/* Histogram printing (loader/cli/print_hist.c) against text written out
 * by hand in the layout of libbpf-tools' print_log2_hist and
 * print_linear_hist, their JSON, and histogram detection by BTF. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"
#include "loader/cli/print_hist.h"
#include "tests/unit/btf_builder.h"

/* What a printer wrote, as a malloc'd string. */
#define CAPTURE(out, call) do { size_t _l = 0; FILE *f = open_memstream(&(out), &_l); \
	assert_non_null(f); call; fclose(f); } while (0)

static void log2_text_as_libbpf_tools(void **state)
{
	uint64_t vals[26] = { 1, 0, 3, 30, 60, 15 };
	char *out = NULL;

	CAPTURE(out, cli_print_log2_hist(f, vals, 26, "usecs"));

	assert_string_equal(out,
		"     usecs               : count    distribution\n"
		"         0 -> 1          : 1        |                                        |\n"
		"         2 -> 3          : 0        |                                        |\n"
		"         4 -> 7          : 3        |**                                      |\n"
		"         8 -> 15         : 30       |********************                    |\n"
		"        16 -> 31         : 60       |****************************************|\n"
		"        32 -> 63         : 15       |**********                              |\n");
	free(out);
}

/* Past slot 32 the columns widen to 20 and the bars halve. */
static void log2_text_wide_past_slot_32(void **state)
{
	uint64_t vals[64] = { 0 };
	char *out = NULL, *last;

	vals[33] = 4;
	vals[63] = 2;
	CAPTURE(out, cli_print_log2_hist(f, vals, 64, "nsecs"));
	assert_true(!strncmp(out, "               nsecs                         : count    distribution\n", 68));
	last = strrchr(out, '\n');
	*last = '\0';
	last = strrchr(out, '\n') + 1;
	assert_string_equal(last,
		" 9223372036854775808 -> 18446744073709551615 : 2        |**********          |");
	assert_non_null(strstr(out, "  8589934592 -> 17179869183 "));
	free(out);
}

static void linear_text_as_libbpf_tools(void **state)
{
	uint64_t vals[8] = { 0, 5, 0, 10, 0, 0, 0, 0 };
	char *out = NULL;

	CAPTURE(out, cli_print_linear_hist(f, vals, 8, 100, 10, "runqlen"));

	assert_string_equal(out,
		"     runqlen       : count     distribution\n"
		"        110        : 5        |********************                    |\n"
		"        130        : 10       |****************************************|\n");
	free(out);
}

static void empty_hist_prints_nothing(void **state)
{
	uint64_t vals[4] = { 0 };
	char *out = NULL;

	CAPTURE(out, cli_print_log2_hist(f, vals, 4, "usecs"));

	assert_string_equal(out, "");
	free(out);
	CAPTURE(out, cli_print_linear_hist(f, vals, 4, 0, 1, "x"));
	assert_string_equal(out, "");
	free(out);
	CAPTURE(out, cli_json_log2_hist(f, vals, 4));
	assert_string_equal(out, "[]");
	free(out);
}

/* Counts above 2^64 / 40 scale without overflow. */
static void huge_counts_scale(void **state)
{
	uint64_t vals[2] = { UINT64_MAX, UINT64_MAX / 2 };
	char *out = NULL;

	CAPTURE(out, cli_print_log2_hist(f, vals, 2, "x"));

	assert_non_null(strstr(out, "|****************************************|"));
	assert_non_null(strstr(out, "|*******************                     |"));
	free(out);
}

static void json_keeps_numbers(void **state)
{
	uint64_t vals[4] = { 1, 0, 30, 0 };
	char *out = NULL;

	CAPTURE(out, cli_json_log2_hist(f, vals, 4));

	assert_string_equal(out, "[{\"from\":0,\"to\":1,\"count\":1},{\"from\":2,\"to\":3,\"count\":0},"
				 "{\"from\":4,\"to\":7,\"count\":30}]");
	free(out);
	CAPTURE(out, cli_json_linear_hist(f, vals, 4, 10, 5));
	assert_string_equal(out, "[{\"from\":10,\"to\":14,\"count\":1},{\"from\":20,\"to\":24,\"count\":30}]");
	free(out);
}

/* struct hist { __u64 latency; int bad[4]; __u32 slots[26]; } (tcprtt's shape,
 * with a signed array first that must not match), a bare __u64 hist[27]
 * (funclatency's global), and structs that hold none. */
static void hist_fields_detected(void **state)
{
	struct bb b;
	struct btf *btf;
	struct cli_hist_field h;
	char err[256];
	const void *blob;
	size_t len;
	uint32_t u32, u64, s32, idx, a26, a4, a27, hist, typedef_id, other, small, a1;

	bb_init(&b);
	u32 = bb_int(&b, "__u32", 4, 0);
	u64 = bb_int(&b, "__u64", 8, 0);
	s32 = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	idx = u32;
	a26 = bb_array(&b, u32, idx, 26);
	a4 = bb_array(&b, s32, idx, 4);
	a27 = bb_array(&b, u64, idx, 27);
	a1 = bb_array(&b, u32, idx, 1);
	hist = bb_struct(&b, "hist", false, 3, 8 + 16 + 104, false);
	bb_member(&b, "latency", u64, 0, 0);
	bb_member(&b, "slots", a4, 64, 0);
	bb_member(&b, "dist", a26, 192, 0);
	typedef_id = bb_ref(&b, BTF_KIND_TYPEDEF, "hist_t", hist);
	other = bb_struct(&b, "event", false, 2, 112, false);
	bb_member(&b, "pid", u32, 0, 0);
	bb_member(&b, "comm", a26, 32, 0);
	small = bb_struct(&b, "one", false, 1, 4, false);
	bb_member(&b, "slots", a1, 0, 0);
	blob = bb_blob(&b, &len);
	assert_int_equal(btf_parse(blob, len, &btf, err, sizeof(err)), 0);

	assert_int_equal(cli_hist_field(btf, hist, &h), 0);
	assert_string_equal(h.name, "dist");
	assert_int_equal(h.offset, 24);
	assert_int_equal(h.count, 26);
	assert_int_equal(h.elem_size, 4);
	assert_int_equal(cli_hist_field(btf, typedef_id, &h), 0);
	assert_int_equal(h.offset, 24);
	assert_int_equal(cli_hist_field(btf, a27, &h), 0);
	assert_string_equal(h.name, "");
	assert_int_equal(h.offset, 0);
	assert_int_equal(h.count, 27);
	assert_int_equal(h.elem_size, 8);
	assert_int_equal(cli_hist_field(btf, other, &h), -ENOENT);
	assert_int_equal(cli_hist_field(btf, small, &h), -ENOENT);
	assert_int_equal(cli_hist_field(btf, a4, &h), -ENOENT);
	assert_int_equal(cli_hist_field(btf, u32, &h), -ENOENT);
	assert_int_equal(cli_hist_field(btf, 9999, &h), -ENOENT);
	btf_free(btf);
}

static void hist_read_bounded(void **state)
{
	struct cli_hist_field h = { .name = "slots", .offset = 8, .count = 3, .elem_size = 4 };
	uint32_t raw[5] = { 9, 9, 1, 2, 0xffffffff };
	uint64_t out[3];

	assert_int_equal(cli_hist_read(&h, raw, sizeof(raw), out), 0);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 2);
	assert_int_equal(out[2], 0xffffffffu);
	assert_int_equal(cli_hist_read(&h, raw, sizeof(raw) - 1, out), -EINVAL);
	h.offset = 100;
	assert_int_equal(cli_hist_read(&h, raw, sizeof(raw), out), -EINVAL);
	h.offset = 0;
	h.elem_size = 8;
	h.count = 2;
	assert_int_equal(cli_hist_read(&h, raw, 16, out), 0);
	assert_int_equal(out[1], ((uint64_t)2 << 32) | 1);
	h.elem_size = 2;
	assert_int_equal(cli_hist_read(&h, raw, sizeof(raw), out), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log2_text_as_libbpf_tools),
		cmocka_unit_test(log2_text_wide_past_slot_32),
		cmocka_unit_test(linear_text_as_libbpf_tools),
		cmocka_unit_test(empty_hist_prints_nothing),
		cmocka_unit_test(huge_counts_scale),
		cmocka_unit_test(json_keeps_numbers),
		cmocka_unit_test(hist_fields_detected),
		cmocka_unit_test(hist_read_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
