/* Issue 12, the fast path for events, without a kernel: stdout's buffering
 * chosen by isatty, the prepared BTF printing plan (one per record size,
 * the same text as btf_format; its fast path the same text as its checked
 * one), lines batched until a flush, the totals line's ring buffer part,
 * and a ring buffer found full counted. The printer is compiled in from
 * loader/cli/ (not part of librawbpf.a). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/cli/print_events.c"
#include "loader/cli/json.c"
#include "bpf/ringbuf.h"
#include "tests/unit/btf_builder.h"

/* ---- output_buffered_unless_terminal ---- */

static void test_output_buffered_unless_terminal(void **state)
{
	int p[2], pty, fl;
	char got[64];
	FILE *f;

	(void)state;
	/* A pipe: fully buffered, nothing written until the flush. */
	assert_int_equal(pipe(p), 0);
	fl = fcntl(p[0], F_GETFL);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	f = fdopen(p[1], "w");
	assert_non_null(f);
	assert_int_equal(cli_buffer_output(f, p[1]), _IOFBF);
	for (int i = 0; i < 100; i++)
		fputs("one event line\n", f);
	assert_int_equal(read(p[0], got, sizeof(got)), -1);
	assert_int_equal(errno, EAGAIN);
	fflush(f);
	assert_int_equal(read(p[0], got, sizeof(got)), sizeof(got));
	fclose(f);
	close(p[0]);
	/* A terminal (a pseudo-terminal's slave): line-buffered. */
	pty = posix_openpt(O_RDWR | O_NOCTTY);
	if (pty < 0 || grantpt(pty) || unlockpt(pty)) {
		skip();
		return;
	}
	f = fopen(ptsname(pty), "w");
	assert_non_null(f);
	assert_int_equal(cli_buffer_output(f, fileno(f)), _IOLBF);
	fclose(f);
	close(pty);
}

/* ---- event_plan_prepared_once_per_size ---- */

static struct btf *event_btf(struct bb *b)
{
	uint32_t i_int, i_char, i_arr, i_st;
	struct btf *btf = NULL;
	char err[256];
	size_t len;
	const void *blob;

	bb_init(b);
	i_int = bb_int(b, "int", 4, BTF_INT_SIGNED);
	i_char = bb_int(b, "char", 1, BTF_INT_SIGNED);
	i_arr = bb_array(b, i_char, i_int, 8);
	i_st = bb_struct(b, "event", false, 2, 12, false);
	bb_member(b, "pid", i_int, 0, 0);
	bb_member(b, "comm", i_arr, 32, 0);
	(void)i_st;
	blob = bb_blob(b, &len);
	if (btf_parse(blob, len, &btf, err, sizeof(err)))
		fail_msg("btf_parse: %s", err);
	return btf;
}

static void test_event_plan_prepared_once_per_size(void **state)
{
	static struct bb b;
	struct rb_object obj;
	struct cli_printer p;
	char err[256], *text = NULL, one[128];
	size_t len = 0;
	unsigned char ev[16] = { 0 };
	int nplans = 0;
	FILE *m = open_memstream(&text, &len);

	(void)state;
	memset(&obj, 0, sizeof(obj));
	obj.btf = event_btf(&b);
	assert_int_equal(cli_printer_init(&p, &obj, NULL, false, m, err, sizeof(err)), 0);
	ev[0] = 42;
	memcpy(ev + 4, "bash", 5);
	cli_print_event(&p, "events", -1, ev, 12);
	ev[0] = 7;
	memcpy(ev + 4, "sh\0\0", 4);
	cli_print_event(&p, "events", 3, ev, 12);
	/* perf pads the raw bytes: 16 is another size, another plan */
	cli_print_event(&p, "events", 0, ev, 16);
	/* too short: a char array at the end is an empty string */
	cli_print_event(&p, "events", -1, ev, 4);
	fflush(m);
	assert_string_equal(text, "events   pid=42 comm=bash\n"
			    "events   cpu 3   pid=7 comm=sh\n"
			    "events   cpu 0   pid=7 comm=sh\n"
			    "events   pid=7 comm=\n");
	for (int i = 0; i < CLI_PRINTER_PLANS; i++)
		nplans += p.plans[i] != NULL;
	assert_int_equal(nplans, 3);
	/* The plan prints what btf_format prints. */
	btf_format(obj.btf, p.type_id, ev, 12, false, one, sizeof(one));
	assert_string_equal(one, "pid=7 comm=sh");
	cli_printer_free(&p);
	fclose(m);
	free(text);
	btf_free(obj.btf);
}

/* ---- event_lines_batched_until_flush ---- */

/* Into a file or a pipe (batch), the lines wait in the printer until
 * cli_printer_flush (which cmd_run calls before it blocks, before the maps
 * and at exit); a printk line flushes the events before it. */
static void test_event_lines_batched_until_flush(void **state)
{
	static struct bb b;
	struct rb_object obj;
	struct cli_printer p;
	char err[256], *text = NULL;
	size_t len = 0, lines = 0;
	unsigned char ev[12] = { 42, 0, 0, 0, 'b', 'a', 's', 'h' };
	FILE *m = open_memstream(&text, &len);

	(void)state;
	memset(&obj, 0, sizeof(obj));
	obj.btf = event_btf(&b);
	assert_int_equal(cli_printer_init(&p, &obj, NULL, false, m, err, sizeof(err)), 0);
	p.batch = true;
	cli_print_event(&p, "events", -1, ev, 12);
	fflush(m);
	assert_int_equal(len, 0);
	cli_print_printk(&p, "hello");
	cli_print_event(&p, "events", 1, ev, 12);
	cli_printer_flush(&p);
	fflush(m);
	assert_string_equal(text, "events   pid=42 comm=bash\n"
			    "printk   hello\n"
			    "events   cpu 1   pid=42 comm=bash\n");
	/* More lines than the buffer holds: handed over a buffer at a time, in order. */
	for (int i = 0; i < 10000; i++)
		cli_print_event(&p, "events", -1, ev, 12);
	cli_printer_free(&p);
	fflush(m);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, 3 + 10000);
	assert_int_equal(len, 26 + 15 + 34 + 10000 * 26);
	fclose(m);
	free(text);
	btf_free(obj.btf);
}

/* ---- plan_fast_path_same_text ---- */

/* The plan run with room to spare (its fast path) and with just enough
 * (every write checked) prints the same text, and truncates as before. */
static void test_plan_fast_path_same_text(void **state)
{
	static struct bb b;
	uint32_t i_int, i_u64, i_char, i_arr, i_st, i_u16, i_s8;
	struct btf *btf = NULL;
	struct btf_fmt *f;
	char err[256], big[512], tight[512];
	const void *blob;
	size_t len;
	unsigned char v[40];

	(void)state;
	bb_init(&b);
	i_int = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	i_u64 = bb_int(&b, "unsigned long long", 8, 0);
	i_u16 = bb_int(&b, "unsigned short", 2, 0);
	i_s8 = bb_int(&b, "signed char", 1, BTF_INT_SIGNED);
	i_char = bb_int(&b, "char", 1, BTF_INT_SIGNED);
	i_arr = bb_array(&b, i_char, i_int, 8);
	i_st = bb_struct(&b, "ev", false, 6, 32, false);
	bb_member(&b, "seq", i_u64, 0, 0);
	bb_member(&b, "pid", i_int, 64, 0);
	bb_member(&b, "port", i_u16, 96, 0);
	bb_member(&b, "s", i_s8, 112, 0);
	bb_member(&b, "comm", i_arr, 128, 0);
	bb_member(&b, "ts", i_u64, 192, 0);
	blob = bb_blob(&b, &len);
	if (btf_parse(blob, len, &btf, err, sizeof(err)))
		fail_msg("btf_parse: %s", err);
	for (int json = 0; json < 2; json++) {
		for (int k = 0; k < 64; k++) {
			int n;

			for (size_t i = 0; i < sizeof(v); i++)
				v[i] = (unsigned char)(k * 37 + i * 101 + (k & 1 ? 0x80 : 0));
			assert_int_equal(btf_fmt_prepare(btf, i_st, 32, json, &f), 0);
			n = btf_fmt_run(f, v, big, sizeof(big));
			assert_true(n > 0 && (size_t)n + 1 < btf_fmt_max(f));
			assert_int_equal(btf_fmt_run(f, v, tight, n + 1), n);
			assert_string_equal(big, tight);
			assert_int_equal(btf_fmt_run(f, v, tight, n / 2), n);
			assert_int_equal(strncmp(big, tight, n / 2 - 1), 0);
			assert_int_equal(strlen(tight), n / 2 - 1);
			btf_fmt_free(f);
		}
	}
	btf_free(btf);
}

/* ---- ring_totals_never_say_zero_lost ---- */

static void test_ring_totals_never_say_zero_lost(void **state)
{
	struct run_events_counts n = { .events = 5, .ring = true };
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	(void)state;
	cli_print_totals(m, &n);
	n.ring_full = 2;
	cli_print_totals(m, &n);
	n.perf = true;
	n.lost = 3;
	cli_print_totals(m, &n);
	n.ring = false;
	n.events = 1;
	cli_print_totals(m, &n);
	fclose(m);
	assert_string_equal(text,
		"rawbpf: 5 events; ring buffer events: never found full\n"
		"rawbpf: 5 events; ring buffer events: found full 2 times; records may have been dropped\n"
		"rawbpf: 5 events, 3 lost; ring buffer events: found full 2 times; records may have been dropped\n"
		"rawbpf: 1 event, 3 lost\n");
	free(text);
}

/* ---- ring_found_full_counted ---- */

#define RSIZE 4096

/* A 64-byte record at producer position pos of a ring laid out as the
 * kernel's (the data twice in a row). */
static unsigned long ring_put(unsigned char *data, unsigned long pos)
{
	unsigned char rec[72] = { 0 };
	__u32 hdr = 64;

	memcpy(rec, &hdr, 4);
	for (int i = 0; i < 72; i++) {
		data[(pos + i) % RSIZE] = rec[i];
		data[(pos + i) % RSIZE + RSIZE] = rec[i];
	}
	return pos + 72;
}

static int count_rec(void *ctx, const void *data, __u32 size)
{
	(void)data;
	(void)size;
	++*(int *)ctx;
	return 0;
}

static void test_ring_found_full_counted(void **state)
{
	static unsigned char data[2 * RSIZE];
	unsigned long cons = 0, prod = 0;
	struct ring r;
	bool more;
	int got = 0;

	(void)state;
	ring_init_memory(&r, &cons, &prod, data, RSIZE, count_rec, &got);
	/* 56 records of 72 bytes: 4032 of 4096, no room for a 57th. The
	 * first read knows no record size before it reads them. */
	for (int i = 0; i < 56; i++)
		prod = ring_put(data, prod);
	assert_int_equal(ring_consume_max(&r, 1000, &more), 56);
	assert_int_equal(r.found_full, 1);
	/* Half full: not counted. */
	for (int i = 0; i < 28; i++)
		prod = ring_put(data, prod);
	assert_int_equal(ring_consume_max(&r, 1000, &more), 28);
	assert_int_equal(r.found_full, 1);
	/* Full again, read in two batches: the first batch finds it full. */
	for (int i = 0; i < 56; i++)
		prod = ring_put(data, prod);
	assert_int_equal(ring_consume_max(&r, 30, &more), 30);
	assert_true(more);
	assert_int_equal(ring_consume_max(&r, 30, &more), 26);
	assert_int_equal(r.found_full, 2);
	assert_int_equal(cons, prod);
	/* A producer position more than the ring ahead: counted too. */
	prod = cons + RSIZE + 72;
	ring_consume_max(&r, 1, &more);
	assert_int_equal(r.found_full, 3);
	assert_int_equal(got, 56 + 28 + 56 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_buffered_unless_terminal),
		cmocka_unit_test(test_event_plan_prepared_once_per_size),
		cmocka_unit_test(test_event_lines_batched_until_flush),
		cmocka_unit_test(test_plan_fast_path_same_text),
		cmocka_unit_test(test_ring_totals_never_say_zero_lost),
		cmocka_unit_test(test_ring_found_full_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
