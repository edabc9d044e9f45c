/* events_common.h — what the two event consumers of bench/ share: the
 * trigger process, CPU pinning, the clock and the result line. Only the
 * consumer differs between events_rawbpf.c and events_libbpf.c.
 *
 * The producer is tests/bpf/overload.bpf.o: each getppid() of the target
 * process writes records_per_call records into a perf event array and/or a
 * ring buffer and counts every attempt (sent, dropped) in the per-CPU array
 * `produced`. The trigger is a child process pinned to CPU 0 that calls
 * getppid() in a tight loop for the given time; the consumer runs pinned to
 * CPU 1, so the two do not share a core.
 *
 * Protocol with the trigger (one byte each way on two pipes):
 *   parent "g" → child loops getppid() until the deadline → child "d"
 *   parent drains, then "f" → child makes one more getppid() → child "x"
 * The last call gets a perf record through after the buffer drained, which
 * makes the kernel emit the PERF_RECORD_LOST for any records dropped at the
 * end of the loop, so every loss ends up reported.
 */
#ifndef BENCH_EVENTS_COMMON_H
#define BENCH_EVENTS_COMMON_H

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The counters of overload.bpf.c's `produced` map. */
enum { PERF_SENT, PERF_DROPPED, RING_SENT, RING_DROPPED, NR_COUNTERS };

struct trigger {
	pid_t pid;
	int to_child, from_child;
};

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline int pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* Possible CPUs (the per-CPU map's value count): the last number of
 * /sys/devices/system/cpu/possible, plus one. */
static inline int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	char buf[256], *p;
	int n;

	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	p = buf + strcspn(buf, "\n");
	while (p > buf && p[-1] >= '0' && p[-1] <= '9')
		p--;
	n = atoi(p) + 1;
	return n > 0 ? n : -EIO;
}

static inline int read_byte(int fd, char want)
{
	char c;

	return read(fd, &c, 1) == 1 && c == want ? 0 : -1;
}

static inline int write_byte(int fd, char c)
{
	return write(fd, &c, 1) == 1 ? 0 : -1;
}

/* Fork the trigger, pinned to CPU 0, waiting for "g". */
static inline int trigger_start(struct trigger *t, double seconds)
{
	int down[2], up[2];

	if (pipe(down) || pipe(up))
		return -1;
	t->pid = fork();
	if (t->pid < 0)
		return -1;
	if (t->pid == 0) {
		double end;
		unsigned long calls = 0;

		close(down[1]);
		close(up[0]);
		if (pin_cpu(0) || read_byte(down[0], 'g'))
			_exit(1);
		end = now_s() + seconds;
		do {
			for (int i = 0; i < 64; i++)
				syscall(SYS_getppid);
			calls += 64;
		} while (now_s() < end);
		if (write_byte(up[1], 'd') || read_byte(down[0], 'f'))
			_exit(1);
		syscall(SYS_getppid);
		_exit(write_byte(up[1], 'x') ? 1 : 0);
	}
	close(down[0]);
	close(up[1]);
	t->to_child = down[1];
	t->from_child = up[0];
	return 0;
}

static inline int trigger_finish(struct trigger *t)
{
	int st;

	close(t->to_child);
	close(t->from_child);
	if (waitpid(t->pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The end of the loop: 1 once the child wrote "d", 0 before. */
static inline int trigger_done(struct trigger *t)
{
	struct timespec ts = { 0, 0 };
	fd_set rd;

	FD_ZERO(&rd);
	FD_SET(t->from_child, &rd);
	if (pselect(t->from_child + 1, &rd, NULL, NULL, &ts, NULL) <= 0)
		return 0;
	return read_byte(t->from_child, 'd') ? -1 : 1;
}

struct result {
	const char *peer, *channel;
	uint64_t counters[NR_COUNTERS]; /* summed over CPUs */
	uint64_t delivered;             /* records handed to the callback */
	uint64_t lost_reported;         /* perf: PERF_RECORD_LOST sum; ring: 0 */
	uint64_t delivered_at_drain;    /* before the flush call */
	double seconds;                 /* "g" to drained */
};

/* The measured run, the same for both consumers: start the trigger, poll
 * until it is done, drain (until a 20 ms poll brings nothing new), then the
 * flush call and a second drain. poll(ctx, timeout_ms) is the consumer's;
 * *progress is its delivered + lost count, which tells when a drain is over. */
static inline int drive(struct trigger *t, int (*poll)(void *ctx, int timeout_ms), void *ctx,
			const uint64_t *delivered, const uint64_t *progress, struct result *r)
{
	double t0;
	uint64_t before;
	int d;

	t0 = now_s();
	if (write_byte(t->to_child, 'g'))
		return -1;
	while ((d = trigger_done(t)) == 0)
		if (poll(ctx, 100) < 0 && errno != EINTR)
			return -1;
	if (d < 0)
		return -1;
	do {
		before = *progress;
		poll(ctx, 20);
	} while (*progress != before);
	r->seconds = now_s() - t0;
	r->delivered_at_drain = *delivered;
	if (write_byte(t->to_child, 'f') || read_byte(t->from_child, 'x'))
		return -1;
	do {
		before = *progress;
		poll(ctx, 50);
	} while (*progress != before);
	return 0;
}


/* One line, key=value, for bench/events.sh. produced = sent + dropped;
 * lost = what the consumer learnt was lost (perf: the kernel's lost
 * records; ring: the producer's drop counter, the ring buffer's only
 * account of a drop, the same for both consumers). ok=1 when
 * produced = delivered + lost and delivered = sent. */
static inline int result_print(const struct result *r)
{
	int perf = strcmp(r->channel, "perf") == 0;
	uint64_t sent = r->counters[perf ? PERF_SENT : RING_SENT];
	uint64_t dropped = r->counters[perf ? PERF_DROPPED : RING_DROPPED];
	uint64_t lost = perf ? r->lost_reported : dropped;
	int ok = sent + dropped == r->delivered + lost && r->delivered == sent;

	printf("peer=%s channel=%s produced=%llu sent=%llu dropped=%llu delivered=%llu lost=%llu "
	       "seconds=%.3f delivered_per_s=%.0f ok=%d\n",
	       r->peer, r->channel, (unsigned long long)(sent + dropped), (unsigned long long)sent,
	       (unsigned long long)dropped, (unsigned long long)r->delivered,
	       (unsigned long long)lost, r->seconds,
	       r->seconds > 0 ? r->delivered_at_drain / r->seconds : 0.0, ok);
	return ok ? 0 : 1;
}

#endif
