/* Buffer overload through the public C API: tests/bpf/overload.bpf.c writes
 * records_per_call records per getppid() of this process into a perf event
 * array and a BPF ring buffer, counting per CPU what it sent and what the
 * kernel refused. This process makes the calls faster than it reads, then
 * drains, and every record must be accounted for, exactly:
 *
 *   perf:  PERF_SENT + PERF_DROPPED = delivered + rb_lost()
 *          delivered = PERF_SENT, rb_lost() = PERF_DROPPED
 *   ring:  delivered = RING_SENT (a ring buffer reports no loss; the program
 *          counts its failed reservations in RING_DROPPED)
 *
 * and the records' seq numbers (per CPU and buffer, counting every attempt)
 * arrive in order, their gaps adding up to the drops.
 *
 * The kernel reports perf drops in a PERF_RECORD_LOST record written in
 * front of the next record that fits, so after the overload and a full
 * drain one more getppid() (into empty buffers) flushes the count. The
 * process is pinned to one CPU so that the same CPU's buffer gets it.
 *
 * Deterministic: one thread both produces (getppid()) and consumes
 * (rb_poll(obj, 0)), in a fixed order; only this process's calls count
 * (target_tgid). Needs root and a BPF-capable kernel; skips otherwise. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "loader/rawbpf.h"

#define OVERLOAD_OBJ "build/tests/bpf/overload.bpf.o"
#define MAX_CPUS     1024

enum { PERF_SENT, PERF_DROPPED, RING_SENT, RING_DROPPED, NR_COUNTERS };

/* struct event of overload.bpf.c */
struct event {
	uint64_t seq;
	uint32_t cpu;
	uint32_t pid;
	uint32_t index;
	uint32_t channel;
	uint8_t payload[40];
};

/* What the reader saw, per channel (0 perf, 1 ring) and CPU. */
struct seen {
	uint64_t delivered[2];
	uint64_t gaps[2];               /* seq numbers skipped: drops */
	uint64_t next_seq[2][MAX_CPUS]; /* expected next seq */
	uint64_t bad;                   /* out of order, wrong size, wrong pid */
	char why[256];
};

static void need_root(void)
{
	if (geteuid() != 0 || access("/sys/kernel/btf/vmlinux", R_OK))
		skip();
	if (access(OVERLOAD_OBJ, R_OK)) {
		print_message("# %s missing: run `make` first, from the top of the tree\n", OVERLOAD_OBJ);
		skip();
	}
}

static void on_event(void *ctx, const char *map, int cpu, const void *data, uint32_t size)
{
	struct seen *s = ctx;
	struct event e;
	int ch = strcmp(map, "perf_events") == 0 ? 0 : strcmp(map, "ring_events") == 0 ? 1 : -1;

	/* A perf sample's raw data is padded to 8 bytes after a 4-byte size:
	 * 64 bytes of event come as 68. */
	if (ch < 0 || size < sizeof(e)) {
		if (!s->bad++)
			snprintf(s->why, sizeof(s->why), "map %s: record of %u bytes", map, size);
		return;
	}
	memcpy(&e, data, sizeof(e));
	if (e.cpu >= MAX_CPUS || e.channel != (uint32_t)ch || e.pid != (uint32_t)getpid() ||
	    (ch == 0 && cpu != (int)e.cpu) || e.seq < s->next_seq[ch][e.cpu]) {
		if (!s->bad++)
			snprintf(s->why, sizeof(s->why),
				 "map %s cpu %d: record seq %llu cpu %u channel %u pid %u, expected seq >= %llu",
				 map, cpu, (unsigned long long)e.seq, e.cpu, e.channel, e.pid,
				 (unsigned long long)s->next_seq[ch][e.cpu < MAX_CPUS ? e.cpu : 0]);
		return;
	}
	s->gaps[ch] += e.seq - s->next_seq[ch][e.cpu];
	s->next_seq[ch][e.cpu] = e.seq + 1;
	s->delivered[ch]++;
}

static void drain(struct rb_object *obj)
{
	int n;

	while ((n = rb_poll(obj, 0)) > 0)
		;
	assert_true(n >= 0);
}

struct run {
	const char *records_per_call;
	bool perf, ring;
	int calls;
	int poll_every;         /* consume after every N calls; 0: not during the burst */
	bool flush_overflows;   /* one call writes more than a buffer holds */
};

/* Sum over CPUs of counter KEY, and per CPU in v[]. */
static uint64_t produced_cpus(struct rb_object *obj, uint32_t key, uint64_t *v)
{
	uint64_t sum = 0;

	memset(v, 0, MAX_CPUS * sizeof(*v));
	assert_int_equal(rb_map_lookup(obj, "produced", &key, v), 0);
	for (int i = 0; i < MAX_CPUS; i++)
		sum += v[i];
	return sum;
}

static uint64_t produced(struct rb_object *obj, uint32_t key)
{
	static uint64_t v[MAX_CPUS];

	return produced_cpus(obj, key, v);
}

/* Attempts after the last record that got through, per CPU and summed: the
 * kernel has not reported those as lost yet (no later record carried the
 * PERF_RECORD_LOST). */
static uint64_t trailing(struct rb_object *obj, const struct seen *s, int ch)
{
	static uint64_t a[MAX_CPUS], b[MAX_CPUS];
	uint64_t sum = 0;

	produced_cpus(obj, ch ? RING_SENT : PERF_SENT, a);
	produced_cpus(obj, ch ? RING_DROPPED : PERF_DROPPED, b);
	for (int i = 0; i < MAX_CPUS; i++)
		sum += a[i] + b[i] - s->next_seq[ch][i];
	return sum;
}

/* The reader's "lost N records on CPU C" warnings (stderr), summed. */
static uint64_t warned_lost(FILE *f)
{
	char line[512];
	unsigned long long n, sum = 0;

	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		const char *p = strstr(line, ": lost ");

		if (p && sscanf(p, ": lost %llu records", &n) == 1)
			sum += n;
	}
	return sum;
}

static void overload(const struct run *r)
{
	struct rb_object *obj = NULL;
	struct seen *s = calloc(1, sizeof(*s));
	char err[512], pid[16];
	cpu_set_t one, orig;
	uint64_t sent, dropped, trail;
	FILE *warn = tmpfile();
	int saved_stderr = dup(2);

	assert_non_null(s);
	assert_non_null(warn);
	/* The reader warns on stderr of the PERF_RECORD_LOST counts (summed,
	 * at most once a second, and when it caught up): keep those to count
	 * them. */
	fflush(stderr);
	assert_true(saved_stderr >= 0 && dup2(fileno(warn), 2) == 2);
	/* Stay on the first CPU we may run on. */
	assert_int_equal(sched_getaffinity(0, sizeof(orig), &orig), 0);
	CPU_ZERO(&one);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &orig)) {
			CPU_SET(c, &one);
			break;
		}
	assert_int_equal(sched_setaffinity(0, sizeof(one), &one), 0);

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (rb_open(OVERLOAD_OBJ, &obj, err, sizeof(err)) ||
	    rb_set(obj, "records_per_call", r->records_per_call, err, sizeof(err)) ||
	    rb_set(obj, "target_tgid", pid, err, sizeof(err)) ||
	    rb_set(obj, "use_perf", r->perf ? "1" : "0", err, sizeof(err)) ||
	    rb_set(obj, "use_ringbuf", r->ring ? "1" : "0", err, sizeof(err)) ||
	    rb_load_object(obj, NULL, err, sizeof(err)) ||
	    rb_attach_all(obj, err, sizeof(err)) ||
	    rb_poll_open(obj, on_event, s, err, sizeof(err))) {
		rb_close(obj);
		dup2(saved_stderr, 2);
		fail_msg("%s: %s", OVERLOAD_OBJ, err);
	}

	/* The overload: the producer runs ahead of the reader. */
	for (int i = 1; i <= r->calls; i++) {
		syscall(SYS_getppid);
		if (r->poll_every && i % r->poll_every == 0)
			rb_poll(obj, 0);
	}
	drain(obj);
	/* Into empty buffers: delivers the pending PERF_RECORD_LOST. */
	syscall(SYS_getppid);
	drain(obj);
	rb_detach_all(obj);
	drain(obj);
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);

	assert_int_equal(sched_setaffinity(0, sizeof(orig), &orig), 0);
	if (s->bad)
		fail_msg("%llu bad records; first: %s", (unsigned long long)s->bad, s->why);

	sent = produced(obj, PERF_SENT);
	dropped = produced(obj, PERF_DROPPED);
	trail = trailing(obj, s, 0);
	print_message("# perf: sent %llu dropped %llu; delivered %llu, lost %llu (warnings say %llu), "
		      "seq gaps %llu, not yet reported %llu\n",
		      (unsigned long long)sent, (unsigned long long)dropped,
		      (unsigned long long)s->delivered[0], (unsigned long long)rb_lost(obj),
		      (unsigned long long)warned_lost(warn), (unsigned long long)s->gaps[0],
		      (unsigned long long)trail);
	if (r->perf) {
		assert_true(dropped > 0);       /* it was an overload */
		assert_int_equal(s->delivered[0], sent);
		assert_int_equal(warned_lost(warn), rb_lost(obj));
		assert_int_equal(s->gaps[0], rb_lost(obj));
		if (r->flush_overflows) {
			/* The last call's own drops stay unreported. */
			assert_true(trail > 0);
			assert_int_equal(rb_lost(obj) + trail, dropped);
		} else {
			assert_int_equal(trail, 0);
			assert_int_equal(sent + dropped, s->delivered[0] + rb_lost(obj));
			assert_int_equal(rb_lost(obj), dropped);
		}
	} else {
		assert_int_equal(sent + dropped + s->delivered[0] + rb_lost(obj), 0);
	}

	sent = produced(obj, RING_SENT);
	dropped = produced(obj, RING_DROPPED);
	print_message("# ring: sent %llu dropped %llu; delivered %llu, seq gaps %llu\n",
		      (unsigned long long)sent, (unsigned long long)dropped,
		      (unsigned long long)s->delivered[1], (unsigned long long)s->gaps[1]);
	if (r->ring) {
		assert_true(dropped > 0);
		assert_int_equal(s->delivered[1], sent);
		assert_int_equal(s->gaps[1] + trailing(obj, s, 1), dropped);
	} else {
		assert_int_equal(sent + dropped + s->delivered[1], 0);
	}
	rb_close(obj);
	fclose(warn);
	free(s);
}

/* No reading at all during the burst: the buffers fill, everything after is
 * dropped. */
static void test_perf_no_reader(void **state)
{
	struct run r = { .records_per_call = "16", .perf = true, .calls = 500 };

	need_root();
	overload(&r);
}

static void test_ring_no_reader(void **state)
{
	struct run r = { .records_per_call = "16", .ring = true, .calls = 500 };

	need_root();
	overload(&r);
}

/* A reader slower than the producer: 64 records per call, one read every
 * 20 calls. Drops and lost reports come in the middle of the stream. */
static void test_both_slow_reader(void **state)
{
	struct run r = { .records_per_call = "64", .perf = true, .ring = true, .calls = 2000,
			 .poll_every = 20 };

	need_root();
	overload(&r);
}

/* 256 records per call (20 KiB of perf records, 18 KiB of ring records),
 * read after every fourth call: one call fits in an empty buffer, four do
 * not (the ring buffer holds about 900, the perf buffer about 400). */
static void test_both_read_every_fourth(void **state)
{
	struct run r = { .records_per_call = "256", .perf = true, .ring = true, .calls = 200,
			 .poll_every = 4 };

	need_root();
	overload(&r);
}

/* The largest burst per call, 1024 records: more than the API's 8-page
 * perf buffer holds, so even the last call drops records, and those drops
 * are never reported (no later record carries the PERF_RECORD_LOST): the
 * reader's lost count falls short by exactly them. */
static void test_both_max_per_call(void **state)
{
	struct run r = { .records_per_call = "1024", .perf = true, .ring = true, .calls = 50,
			 .poll_every = 1, .flush_overflows = true };

	need_root();
	overload(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_no_reader),
		cmocka_unit_test(test_ring_no_reader),
		cmocka_unit_test(test_both_slow_reader),
		cmocka_unit_test(test_both_read_every_fourth),
		cmocka_unit_test(test_both_max_per_call),
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
