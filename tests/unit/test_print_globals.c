/* The printer of global variables (loader/cli/print_globals.c) on values
 * written by hand into the variables of tests/bpf/run_globals.bpf.c: each
 * kind of variable as text and JSON, and without BTF types. The kernel
 * side (reading them back after a run) is tests/kernel/run_globals.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "loader/cli/print_events.h"
#include "loader/cli/print_globals.h"

#define CAPTURE(out, call) do { size_t _l = 0; FILE *f = open_memstream(&(out), &_l); \
	assert_non_null(f); call; fclose(f); } while (0)

struct fix {
	struct rb_object *obj;
	uint8_t data[8], bss[256];
};

static const struct plan_var *var(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nvars; i++)
		if (!strcmp(obj->vars[i].name, name))
			return &obj->vars[i];
	fail_msg("no variable %s", name);
	return NULL;
}

/* What the kernel would hold after three calls (run_globals.bpf.c). */
static int setup(void **state)
{
	struct fix *x = calloc(1, sizeof(*x));
	const char *o = getenv("O") ? getenv("O") : "build";
	char path[256], err[256];
	uint64_t calls = 103, c1 = 3, c3 = 6, dist[3] = { 1, 2, 3 };
	uint32_t one = 1;

	snprintf(path, sizeof(path), "%s/tests/bpf/run_globals.bpf.o", o);
	if (!x || plan_open(&x->obj, path, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", path, err);
		return -1;
	}
	memcpy(x->data + var(x->obj, "calls")->off, &calls, 8);
	memcpy(x->bss + var(x->obj, "counts")->off + 8, &c1, 8);
	memcpy(x->bss + var(x->obj, "counts")->off + 24, &c3, 8);
	for (int i = 0; i < 3; i++)  /* hists[2].slots[0..2] */
		memcpy(x->bss + var(x->obj, "hists")->off + 2 * 32 + i * 4, &one, 4);
	memcpy(x->bss + var(x->obj, "dist")->off, dist, sizeof(dist));
	memcpy(x->bss + var(x->obj, "comm")->off, "sh", 3);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fix *x = *state;

	cli_format_forget();
	plan_free(x->obj);
	free(x);
	return 0;
}

/* name printed as text (json false) or JSON, from the section's bytes. */
static char *print(struct fix *x, const char *name, bool json)
{
	const struct plan_var *v = var(x->obj, name);
	const char *sec = x->obj->maps[v->map].name;
	const uint8_t *base = !strcmp(sec, ".data") ? x->data : x->bss;
	char *out = NULL;

	assert_true(v->off + v->size <= (!strcmp(sec, ".data") ? sizeof(x->data) : sizeof(x->bss)));
	CAPTURE(out, cli_print_global(x->obj, v, sec, base + v->off, json, f));
	return out;
}

#define EXPECT(x, name, json, want) do { char *_o = print(x, name, json); \
	assert_string_equal(_o, want); free(_o); } while (0)

static void scalar_on_one_line(void **state)
{
	EXPECT(*state, "calls", false, "\n@calls (.data, __u64): 103\n");
	EXPECT(*state, "calls", true, "{\"global\":\"calls\",\"section\":\".data\",\"type\":\"__u64\",\"value\":103}\n");
	EXPECT(*state, "never", false, "\n@never (.bss, __u64): 0\n");
}

static void array_an_element_a_line_zeros_left_out(void **state)
{
	EXPECT(*state, "counts", false, "\n@counts (.bss, __u64[4], 2 non-zero):\n@counts[1]: 3\n@counts[3]: 6\n");
	EXPECT(*state, "counts", true,
	       "{\"global\":\"counts\",\"section\":\".bss\",\"type\":\"__u64[4]\","
	       "\"entries\":[{\"key\":1,\"value\":3},{\"key\":3,\"value\":6}]}\n");
}

static void struct_hist_array_a_histogram_per_index(void **state)
{
	EXPECT(*state, "hists", false,
	       "\n@hists (.bss, struct hist[3], 1 non-zero):\n"
	       "@hists[2]:\n"
	       "     value               : count    distribution\n"
	       "         0 -> 1          : 1        |****************************************|\n"
	       "         2 -> 3          : 1        |****************************************|\n"
	       "         4 -> 7          : 1        |****************************************|\n");
	EXPECT(*state, "hists", true,
	       "{\"global\":\"hists\",\"section\":\".bss\",\"type\":\"struct hist[3]\",\"entries\":["
	       "{\"key\":2,\"value\":{\"slots\":[1,1,1,0,0,0,0,0]},\"hist\":[{\"from\":0,\"to\":1,\"count\":1},"
	       "{\"from\":2,\"to\":3,\"count\":1},{\"from\":4,\"to\":7,\"count\":1}]}]}\n");
}

static void counter_array_named_hist_one_histogram(void **state)
{
	EXPECT(*state, "dist", false,
	       "\n@dist (.bss, __u64[8]):\n"
	       "     value               : count    distribution\n"
	       "         0 -> 1          : 1        |*************                           |\n"
	       "         2 -> 3          : 2        |**************************              |\n"
	       "         4 -> 7          : 3        |****************************************|\n");
}

static void char_array_a_string(void **state)
{
	EXPECT(*state, "comm", false, "\n@comm (.bss, char[16]): sh\n");
	EXPECT(*state, "comm", true, "{\"global\":\"comm\",\"section\":\".bss\",\"type\":\"char[16]\",\"value\":\"sh\"}\n");
}

/* No BTF type: a number when the size is one, else hex. */
static void without_btf_type_number_or_hex(void **state)
{
	struct fix *x = *state;
	struct plan_var v = *var(x->obj, "calls"), c = *var(x->obj, "hists");
	char *out = NULL;

	v.type_id = 0;
	c.type_id = 0;
	c.size = 12;
	CAPTURE(out, cli_print_global(x->obj, &v, ".data", x->data + v.off, false, f));
	assert_string_equal(out, "\n@calls (.data, -): 103\n");
	free(out);
	CAPTURE(out, cli_print_global(x->obj, &c, ".bss", x->bss + c.off + 64, true, f));
	assert_string_equal(out, "{\"global\":\"hists\",\"section\":\".bss\",\"type\":\"-\",\"value\":\"010000000100000001000000\"}\n");
	free(out);
}

/* A global section whose map cannot be read (here: the fd is /dev/null's,
 * not a map's) is named in a note, not skipped in silence; a dry run says
 * nothing (its fds are made up). */
static void unreadable_section_named_in_a_note(void **state)
{
	struct fix *x = *state;
	struct sys live = { .dry_run = false }, dry = { .dry_run = true };
	char *out = NULL, *notes = NULL;
	size_t mi = 0, nl = 0;
	FILE *nf;
	int fd = open("/dev/null", O_RDONLY);

	assert_true(fd >= 0);
	while (mi < x->obj->nmaps && strcmp(x->obj->maps[mi].name, ".bss"))
		mi++;
	assert_true(mi < x->obj->nmaps);
	x->obj->maps[mi].fd = fd;
	nf = open_memstream(&notes, &nl);
	assert_non_null(nf);
	CAPTURE(out, cli_print_globals(x->obj, &live, false, f, ".bss", nf));
	fclose(nf);
	if (!strstr(notes, "rawbpf: globals of .bss (map fd ") || !strstr(notes, "not printed: "))
		fail_msg("notes: \"%s\"", notes);
	assert_string_equal(out, "");
	free(out);
	free(notes);
	nf = open_memstream(&notes, &nl);
	CAPTURE(out, cli_print_globals(x->obj, &dry, false, f, ".bss", nf));
	fclose(nf);
	assert_string_equal(notes, "");
	free(out);
	free(notes);
	x->obj->maps[mi].fd = -1;
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scalar_on_one_line),
		cmocka_unit_test(array_an_element_a_line_zeros_left_out),
		cmocka_unit_test(struct_hist_array_a_histogram_per_index),
		cmocka_unit_test(counter_array_named_hist_one_histogram),
		cmocka_unit_test(char_array_a_string),
		cmocka_unit_test(without_btf_type_number_or_hex),
		cmocka_unit_test(unreadable_section_named_in_a_note),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
