/* Regression tests for issue 11's run-time defects that need no kernel:
 * each test is named after the defect it checks. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/perf_event.h>

#include "bpf/caps.h"
#include "bpf/cpus.h"
#include "bpf/perfbuf.h"
#include "bpf/ringbuf.h"
#include "bpf/tracefs.h"

#define DATA 4096

/* ---- 4: a drain that never ends while the producer keeps up ---- */

/* A ring laid out as the kernel maps it: the data twice in a row. */
struct ringmem {
	unsigned long cons, prod;
	unsigned char data[2 * DATA];
};

static void ring_put16(struct ringmem *m, unsigned long pos)
{
	__u32 hdr[2] = { 8, 0 };
	unsigned char rec[16] = { 0 };

	memcpy(rec, hdr, sizeof(hdr));
	for (int i = 0; i < 16; i++) {
		m->data[(pos + i) & (DATA - 1)] = rec[i];
		m->data[DATA + ((pos + i) & (DATA - 1))] = rec[i];
	}
}

/* Each record read makes the next one, as a traced write(2) does when the
 * reader prints each event. */
static int feed_back(void *ctx, const void *data, __u32 size)
{
	struct ringmem *m = ctx;

	ring_put16(m, m->prod);
	__atomic_store_n(&m->prod, m->prod + 16, __ATOMIC_RELEASE);
	return 0;
}

static void test_ctrl_c_during_event_storm_ring(void **state)
{
	static struct ringmem m;
	struct ring r;
	bool more;

	memset(&m, 0, sizeof(m));
	ring_put16(&m, 0);
	m.prod = 16;
	ring_init_memory(&r, &m.cons, &m.prod, m.data, DATA, feed_back, &m);
	assert_int_equal(ring_consume_max(&r, 1000, &more), 1000);
	assert_true(more);
	assert_int_equal(m.cons, 1000 * 16);
	assert_int_equal(ring_consume_max(&r, 5, &more), 5);
	assert_true(more);
}

static void count_sample(void *ctx, int cpu, const void *data, __u32 size)
{
	(*(int *)ctx)++;
}

static void test_ctrl_c_during_event_storm_perf(void **state)
{
	static unsigned char mem[2][4096 + DATA] __attribute__((aligned(4096)));
	struct perf_buf b;
	int seen = 0;
	bool more;

	/* Two CPUs' rings of 100 samples each (16 bytes: header, size, 4 bytes). */
	for (int c = 0; c < 2; c++) {
		struct perf_event_mmap_page *meta = (void *)mem[c];

		memset(mem[c], 0, sizeof(mem[c]));
		meta->data_offset = 4096;
		meta->data_size = DATA;
		for (int i = 0; i < 100; i++) {
			struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, 16 };
			__u32 raw = 4;

			memcpy(mem[c] + 4096 + i * 16, &h, sizeof(h));
			memcpy(mem[c] + 4096 + i * 16 + 8, &raw, sizeof(raw));
		}
		meta->data_head = 100 * 16;
	}
	assert_int_equal(perf_buf_init(&b, NULL, count_sample, NULL, &seen), 0);
	assert_int_equal(perf_buf_add_memory(&b, 0, mem[0]), 0);
	assert_int_equal(perf_buf_add_memory(&b, 1, mem[1]), 0);
	assert_int_equal(perf_buf_read_max(&b, 150, &more), 150);
	assert_true(more);
	/* The next batch starts at CPU 1's ring, where the budget ran out. */
	assert_int_equal(perf_buf_read_max(&b, 30, &more), 30);
	assert_true(more);
	assert_int_equal(((struct perf_event_mmap_page *)mem[1])->data_tail, 80 * 16);
	assert_int_equal(perf_buf_read_max(&b, 1000, &more), 20);
	assert_false(more);
	assert_int_equal(seen, 200);
	perf_buf_close(&b);
}

/* ---- 12: legacy probe names per process and pid namespace ---- */

static bool gone(int pid)
{
	return true;
}

static bool alive(int pid)
{
	return false;
}

static void test_legacy_probe_names_collide(void **state)
{
	assert_true(sys_probe_is_stale("rawbpf_4026531836_42_0", 4026531836UL, 7, gone));
	assert_false(sys_probe_is_stale("rawbpf_4026531836_42_0", 4026531836UL, 7, alive));
	/* another namespace's pid 42 is not ours to judge */
	assert_false(sys_probe_is_stale("rawbpf_4026532000_42_0", 4026531836UL, 7, gone));
	/* the old name has no namespace: anyone's */
	assert_false(sys_probe_is_stale("rawbpf_42_0", 4026531836UL, 7, gone));
	/* our own, and malformed names */
	assert_false(sys_probe_is_stale("rawbpf_4026531836_7_3", 4026531836UL, 7, gone));
	assert_false(sys_probe_is_stale("rawbpf_4026531836_42_", 4026531836UL, 7, gone));
	assert_false(sys_probe_is_stale("rawbpf_4026531836_42_0x", 4026531836UL, 7, gone));
	assert_false(sys_probe_is_stale("other_4026531836_42_0", 4026531836UL, 7, gone));
	assert_false(sys_probe_is_stale("rawbpf_0_42_0", 0, 7, gone));
}

/* ---- 14: CPU numbers past 4096 ---- */

static void test_cpu_ids_past_4096(void **state)
{
	char err[256];
	bool *set;
	int n;

	n = sys_cpu_list_alloc("0-1,4096,5000-5001\n", &set, err, sizeof(err));
	assert_int_equal(n, 5002);
	assert_non_null(set);
	assert_true(set[0] && set[1] && set[4096] && set[5000] && set[5001]);
	assert_false(set[2] || set[4095] || set[4097] || set[4999]);
	free(set);
	/* the fixed-size form still counts them, marking only what fits */
	assert_int_equal(sys_cpu_list_parse("0,4096\n", NULL, 0, err, sizeof(err)), 4097);
	assert_int_equal(sys_cpu_list_alloc("0,70000\n", &set, err, sizeof(err)), -EINVAL);
	assert_null(set);
	/* this machine's list */
	n = sys_cpus_online_alloc(&set, err, sizeof(err));
	assert_true(n > 0);
	assert_non_null(set);
	free(set);
}

/* ---- 16: EPERM with the capabilities ---- */

static void test_eperm_as_root_not_capabilities(void **state)
{
	char u[600], r[600], l[600], p[600];

	sys_eperm_why(false, NULL, "2\n", u, sizeof(u));
	sys_eperm_why(true, "[none] integrity confidentiality\n", "2\n", r, sizeof(r));
	sys_eperm_why(true, "none [integrity] confidentiality\n", "2\n", l, sizeof(l));
	sys_eperm_why(true, NULL, "4\n", p, sizeof(p));
	assert_non_null(strstr(u, "need CAP_BPF and CAP_PERFMON"));
	assert_string_not_equal(u, r);
	assert_null(strstr(r, "need CAP_BPF"));
	assert_non_null(strstr(r, "not the reason"));
	assert_non_null(strstr(r, "traceable"));
	assert_null(strstr(r, "perf_event_paranoid"));
	assert_non_null(strstr(l, "locked down (integrity"));
	assert_non_null(strstr(p, "perf_event_paranoid"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctrl_c_during_event_storm_ring),
		cmocka_unit_test(test_ctrl_c_during_event_storm_perf),
		cmocka_unit_test(test_legacy_probe_names_collide),
		cmocka_unit_test(test_cpu_ids_past_4096),
		cmocka_unit_test(test_eperm_as_root_not_capabilities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
