/* The perf buffer and BPF ring buffer readers, on memory laid out like the
 * kernel's: no kernel involved. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/perf_event.h>

#include "bpf/perfbuf.h"
#include "bpf/ringbuf.h"

#define PAGE 4096
#define DATA 4096

/* ---- perf buffer ---- */

struct seen {
	int n;
	int cpu[8];
	__u32 size[8];
	unsigned char data[8][64];
	__u64 lost;
	int lost_calls;
};

static void on_sample(void *ctx, int cpu, const void *data, __u32 size)
{
	struct seen *s = ctx;

	assert_true(s->n < 8);
	assert_true(size <= 64);
	s->cpu[s->n] = cpu;
	s->size[s->n] = size;
	memcpy(s->data[s->n], data, size);
	s->n++;
}

static void on_lost(void *ctx, int cpu, __u64 lost)
{
	struct seen *s = ctx;

	s->lost += lost;
	s->lost_calls++;
}

/* Write bytes at ring position pos, wrapping as the kernel does. */
static void perf_put(unsigned char *data, __u64 pos, const void *src, size_t len)
{
	for (size_t i = 0; i < len; i++)
		data[(pos + i) & (DATA - 1)] = ((const unsigned char *)src)[i];
}

/* A PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW: header, u32 size, bytes padded
 * so the record is a multiple of 8. Returns the record size. */
static __u64 perf_sample(unsigned char *data, __u64 pos, const void *raw, __u32 len)
{
	__u32 padded = ((len + 4 + 7) & ~7u) - 4;
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, (__u16)(8 + 4 + padded) };
	unsigned char buf[128] = { 0 };

	memcpy(buf, &h, 8);
	memcpy(buf + 8, &padded, 4);
	memcpy(buf + 12, raw, len);
	perf_put(data, pos, buf, h.size);
	return h.size;
}

static __u64 perf_lost(unsigned char *data, __u64 pos, __u64 lost)
{
	struct { struct perf_event_header h; __u64 id, lost; } r = {
		{ PERF_RECORD_LOST, 0, sizeof(r) }, 99, lost };

	perf_put(data, pos, &r, sizeof(r));
	return sizeof(r);
}

static void test_perf_records(void **state)
{
	static unsigned char mem[PAGE + DATA] __attribute__((aligned(PAGE)));
	struct perf_event_mmap_page *meta = (void *)mem;
	unsigned char *data = mem + PAGE;
	unsigned char big[28];
	struct perf_buf b;
	struct seen s = { 0 };
	__u64 pos, start = DATA - 32;   /* the second record crosses the end */

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(0x40 + i);
	memset(mem, 0, sizeof(mem));
	meta->data_offset = PAGE;
	meta->data_size = DATA;
	meta->data_tail = start;
	pos = start;
	pos += perf_sample(data, pos, "abcd", 4);
	pos += perf_sample(data, pos, big, sizeof(big));
	pos += perf_lost(data, pos, 7);
	pos += perf_sample(data, pos, "xyz", 3);
	meta->data_head = pos;
	/* Written but not published: must not be read. */
	perf_sample(data, pos, "late", 4);

	assert_int_equal(perf_buf_init(&b, NULL, on_sample, on_lost, &s), 0);
	assert_int_equal(perf_buf_add_memory(&b, 3, mem), 0);
	assert_int_equal(perf_buf_read(&b), 4);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.cpu[0], 3);
	assert_int_equal(s.size[0], 4);
	assert_memory_equal(s.data[0], "abcd", 4);
	assert_int_equal(s.size[1], 28);
	assert_memory_equal(s.data[1], big, sizeof(big));
	assert_int_equal(s.size[2], 4);         /* 3 bytes, padded */
	assert_memory_equal(s.data[2], "xyz", 3);
	assert_int_equal(s.lost, 7);
	assert_int_equal(s.lost_calls, 1);
	assert_int_equal(b.lost, 7);
	assert_int_equal(meta->data_tail, pos);

	assert_int_equal(perf_buf_read(&b), 0);
	meta->data_head = pos + 16;
	assert_int_equal(perf_buf_read(&b), 1);
	assert_memory_equal(s.data[3], "late", 4);
	perf_buf_close(&b);
}

static void test_perf_malformed(void **state)
{
	static unsigned char mem[PAGE + DATA] __attribute__((aligned(PAGE)));
	struct perf_event_mmap_page *meta = (void *)mem;
	struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, 0 };
	struct perf_buf b;
	struct seen s = { 0 };

	memset(mem, 0, sizeof(mem));
	meta->data_offset = PAGE;
	meta->data_size = DATA;
	perf_put(mem + PAGE, 0, &h, sizeof(h));         /* size 0: never valid */
	meta->data_head = 64;
	assert_int_equal(perf_buf_init(&b, NULL, on_sample, NULL, &s), 0);
	assert_int_equal(perf_buf_add_memory(&b, 0, mem), 0);
	assert_int_equal(perf_buf_read(&b), 0);
	assert_int_equal(b.malformed, 1);
	assert_int_equal(meta->data_tail, 64);  /* skipped, not stuck */
	perf_buf_close(&b);
}

/* ---- BPF ring buffer ---- */

struct ringmem {
	unsigned long cons, prod;
	unsigned char data[2 * DATA] __attribute__((aligned(8)));
};

/* Write at pos into both copies of the data, as the kernel's double mapping
 * presents it. */
static void ring_put(struct ringmem *m, __u64 pos, const void *src, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t off = (pos + i) & (DATA - 1);

		m->data[off] = m->data[off + DATA] = ((const unsigned char *)src)[i];
	}
}

static __u64 ring_rec(struct ringmem *m, __u64 pos, const void *bytes, __u32 len, __u32 bits)
{
	__u32 hdr[2] = { len | bits, 0 };

	ring_put(m, pos, hdr, 8);
	ring_put(m, pos + 8, bytes, len);
	return (len + 8 + 7) & ~7u;
}

struct got {
	int n;
	__u32 size[8];
	unsigned char data[8][32];
	int stop_at;    /* return -42 on this record number (1-based) */
};

static int on_record(void *ctx, const void *data, __u32 size)
{
	struct got *g = ctx;

	assert_true(g->n < 8 && size <= 32);
	g->size[g->n] = size;
	memcpy(g->data[g->n], data, size);
	g->n++;
	return g->n == g->stop_at ? -42 : 0;
}

static void test_ring_records(void **state)
{
	static struct ringmem m;
	const char wrap[20] = "0123456789abcdefghij";
	struct ring r;
	struct got g = { 0 };
	__u64 pos = DATA - 40, busy_at;

	memset(&m, 0, sizeof(m));
	m.cons = pos;
	pos += ring_rec(&m, pos, "hello", 5, 0);
	pos += ring_rec(&m, pos, "gone", 4, BPF_RINGBUF_DISCARD_BIT);
	pos += ring_rec(&m, pos, wrap, sizeof(wrap), 0);        /* crosses the end */
	busy_at = pos;
	pos += ring_rec(&m, pos, "later", 5, BPF_RINGBUF_BUSY_BIT);
	pos += ring_rec(&m, pos, "after", 5, 0);
	m.prod = pos;

	ring_init_memory(&r, &m.cons, &m.prod, m.data, DATA, on_record, &g);
	assert_int_equal(ring_consume(&r), 2);
	assert_int_equal(g.size[0], 5);
	assert_memory_equal(g.data[0], "hello", 5);
	assert_int_equal(g.size[1], sizeof(wrap));
	assert_memory_equal(g.data[1], wrap, sizeof(wrap));
	assert_int_equal(m.cons, busy_at);      /* stopped at the busy record */

	/* The producer commits it: the busy bit goes, the rest follows. */
	__u32 len = 5;
	ring_put(&m, busy_at, &len, 4);
	assert_int_equal(ring_consume(&r), 2);
	assert_memory_equal(g.data[2], "later", 5);
	assert_memory_equal(g.data[3], "after", 5);
	assert_int_equal(m.cons, m.prod);
	assert_int_equal(ring_consume(&r), 0);
}

static void test_ring_callback_stops(void **state)
{
	static struct ringmem m;
	struct ring r;
	struct got g = { .stop_at = 1 };
	__u64 pos = 0, first;

	memset(&m, 0, sizeof(m));
	first = ring_rec(&m, pos, "one", 3, 0);
	pos += first;
	pos += ring_rec(&m, pos, "two", 3, 0);
	m.prod = pos;
	ring_init_memory(&r, &m.cons, &m.prod, m.data, DATA, on_record, &g);
	assert_int_equal(ring_consume(&r), -42);
	assert_int_equal(m.cons, first);        /* the stopping record is consumed */
	assert_int_equal(ring_consume(&r), 1);
	assert_memory_equal(g.data[1], "two", 3);
}

/* A holding reader gives back all the room but the last record's, reads
 * on from where it was, and ring_release() gives the rest back and tells
 * whether records are waiting. */
static void test_ring_hold(void **state)
{
	static struct ringmem m;
	struct ring r;
	struct got g = { 0 };
	__u64 pos = 0, one, two;

	memset(&m, 0, sizeof(m));
	one = ring_rec(&m, pos, "one", 3, 0);
	pos += one;
	two = ring_rec(&m, pos, "two!", 4, 0);
	pos += two;
	m.prod = pos;
	ring_init_memory(&r, &m.cons, &m.prod, m.data, DATA, on_record, &g);
	r.hold = true;
	assert_int_equal(ring_consume(&r), 2);
	assert_int_equal(r.held, two);
	assert_int_equal(m.cons, one);          /* the last record's room kept */
	assert_int_equal(ring_consume(&r), 0);  /* nothing new, nothing again */
	assert_int_equal(m.cons, one);
	assert_int_equal(r.consumed, one + two);

	/* A record more: read from the held position, the new last one held. */
	pos += ring_rec(&m, pos, "three", 5, 0);
	m.prod = pos;
	assert_int_equal(ring_consume(&r), 1);
	assert_memory_equal(g.data[2], "three", 5);
	assert_int_equal(m.cons, one + two);

	assert_false(ring_release(&r));         /* all given back, none waiting */
	assert_int_equal(m.cons, pos);
	assert_int_equal(r.held, 0);
	assert_false(r.hold);

	/* Records that came before the release are said to be waiting. */
	r.hold = true;
	pos += ring_rec(&m, pos, "four", 4, 0);
	m.prod = pos;
	assert_int_equal(ring_consume(&r), 1);
	pos += ring_rec(&m, pos, "five", 4, 0);
	m.prod = pos;
	assert_true(ring_release(&r));
	assert_int_equal(ring_consume(&r), 1);
	assert_memory_equal(g.data[4], "five", 4);
	assert_int_equal(m.cons, pos);          /* not holding after a release */
}

static void test_ring_bad_length(void **state)
{
	static struct ringmem m;
	struct ring r;
	struct got g = { 0 };
	__u32 hdr[2] = { DATA, 0 };     /* longer than the ring can hold */

	memset(&m, 0, sizeof(m));
	ring_put(&m, 0, hdr, 8);
	m.prod = 64;
	ring_init_memory(&r, &m.cons, &m.prod, m.data, DATA, on_record, &g);
	assert_int_equal(ring_consume(&r), -EINVAL);
	assert_int_equal(g.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_records),
		cmocka_unit_test(test_perf_malformed),
		cmocka_unit_test(test_ring_records),
		cmocka_unit_test(test_ring_callback_stops),
		cmocka_unit_test(test_ring_hold),
		cmocka_unit_test(test_ring_bad_length),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
