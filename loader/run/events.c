/* Events: readers for the object's perf buffers, ring buffers and
 * trace_pipe, one epoll for all, each record handed to the caller as it
 * comes (the rawbpf command prints it: loader/cli/print_events.c). */
#include "loader/run/events.h"
#include "common/util.h"
#include "bpf/cpus.h"
#include "bpf/perfbuf.h"
#include "bpf/ringbuf.h"
#include "bpf/tracefs.h"
#include "insn/insn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define HELPER_TRACE_PRINTK  6   /* BPF_FUNC_trace_printk */
#define HELPER_TRACE_VPRINTK 177 /* BPF_FUNC_trace_vprintk */
#define RUN_EVENTS_CHUNK 64      /* records between looks at the clock */
#define RUN_EVENTS_CALM_US 100000 /* no settle this long after a buffer found full */
#define RUN_EVENTS_WARN_US 1000000 /* perf losses told at most this often while busy */

/* Where records come from. (bpf_printk lines come from trace_pipe, read
 * apart: it is one file, not a map.) */
enum source_kind { SOURCE_PERF_BUFFER, SOURCE_RING_BUFFER };

struct source {
	struct run_events *ev;
	const struct plan_map *map;
	enum source_kind kind;
	struct perf_buf perf;
	struct ring ring;
	__u64 polled;           /* bytes read by the last poll */
	__u64 unwarned;         /* perf: lost records not told yet */
	int lost_cpu;           /* the CPU of the first of them */
	bool lost_cpus;         /* and other CPUs too */
	int64_t warned_us;      /* when they were last told */
};

struct run_events {
	struct rb_object *obj;
	struct run_events_opts o;
	int epfd;
	struct source *src;
	size_t nsrc;
	int pipe_fd;
	char line[4096];
	size_t linelen;
	bool more;              /* the last poll stopped at a budget */
	bool has_perf, has_ring;
	bool busy;              /* the last poll handed over records */
	int64_t last_end_us;    /* when the last poll ended */
	int64_t full_us;        /* when a ring was last found full */
	bool held;              /* a ring holds room back (ringbuf.h): come back by the clock */
	long hold_us;           /* how long the reader may sleep while it holds */
	unsigned long long events, lost;
};

static int64_t monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_sample(void *ctx, int cpu, const void *data, __u32 size)
{
	struct source *s = ctx;

	s->ev->events++;
	s->ev->o.on_event(s->ev->o.ctx, s->map->name, cpu, data, size);
}

/* A perf buffer's loss report is counted here and told by warn_lost():
 * an overloaded buffer brings one per refill, thousands a second. */
static void on_lost(void *ctx, int cpu, __u64 lost)
{
	struct source *s = ctx;

	s->ev->lost += lost;
	if (!s->unwarned)
		s->lost_cpu = cpu;
	else if (cpu != s->lost_cpu)
		s->lost_cpus = true;
	s->unwarned += lost;
}

/* Tell the losses not told yet, summed: when the reader caught up (force)
 * or at most once per RUN_EVENTS_WARN_US. */
static void warn_lost(struct source *s, bool force)
{
	int64_t now;

	if (!s->unwarned)
		return;
	now = monotonic_us();
	if (!force && now - s->warned_us < RUN_EVENTS_WARN_US)
		return;
	if (s->ev->o.warn)
		fprintf(s->ev->o.warn, "rawbpf: map %s: lost %llu records on CPU %d%s (perf buffer full; try --pages)\n",
			s->map->name, (unsigned long long)s->unwarned, s->lost_cpu,
			s->lost_cpus ? " and others" : "");
	s->unwarned = 0;
	s->lost_cpus = false;
	s->warned_us = now;
}

static int on_record(void *ctx, const void *data, __u32 size)
{
	struct source *s = ctx;

	s->ev->events++;
	s->ev->o.on_event(s->ev->o.ctx, s->map->name, -1, data, size);
	return 0;
}

/* Does any program call bpf_trace_printk / bpf_trace_vprintk? Only then is
 * trace_pipe opened. */
static bool uses_printk(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct plan_prog *p = &obj->progs[i];

		for (size_t k = 0; p->fd >= 0 && k < p->ninsns; k++)
			if (insn_is_helper_call(&p->insns[k]) &&
			    (p->insns[k].imm == HELPER_TRACE_PRINTK || p->insns[k].imm == HELPER_TRACE_VPRINTK))
				return true;
	}
	return false;
}

static struct source *add_source(struct run_events *ev, const struct plan_map *m, enum source_kind kind)
{
	struct source *s;

	/* Sources are pointed to by epoll: allocate all before adding any. */
	s = &ev->src[ev->nsrc++];
	memset(s, 0, sizeof(*s));
	s->ev = ev;
	s->map = m;
	s->kind = kind;
	return s;
}

/* One ring per online CPU, at most max_entries (the map's slots). The set
 * of online CPUs is sized to the highest one, however high. */
static int open_perf(struct run_events *ev, const struct plan_map *m, char *err, size_t errlen)
{
	struct source *s = add_source(ev, m, SOURCE_PERF_BUFFER);
	char msg[ERR_LEN];
	bool *online;
	int ncpu = sys_cpus_online_alloc(&online, msg, sizeof(msg)), ret;

	ev->has_perf = true;
	if (ncpu < 0)
		return errorf(err, errlen, ncpu, "perf buffer of map %s: %s", m->name, msg);
	ret = perf_buf_init(&s->perf, ev->o.sys, on_sample, on_lost, s);
	if (ret)
		snprintf(msg, sizeof(msg), "out of memory");
	if (!ret)
		ret = perf_buf_open(&s->perf, m->fd, online, ncpu < (int)m->max_entries ? ncpu : (int)m->max_entries,
				    ev->o.page_order, msg, sizeof(msg));
	if (!ret)
		ret = perf_buf_epoll_add(&s->perf, ev->epfd, s);
	free(online);
	return ret ? errorf(err, errlen, ret, "perf buffer of map %s: %s", m->name, msg) : 0;
}

static int open_ring(struct run_events *ev, const struct plan_map *m, char *err, size_t errlen)
{
	struct source *s = add_source(ev, m, SOURCE_RING_BUFFER);
	char msg[ERR_LEN];
	int ret = ring_open(&s->ring, ev->o.sys, m->fd, m->max_entries, on_record, s, msg, sizeof(msg));

	ev->has_ring = true;
	if (!ret)
		ret = ring_epoll_add(&s->ring, ev->epfd, s);
	return ret ? errorf(err, errlen, ret, "ring buffer of map %s: %s", m->name, msg) : 0;
}

/* trace_pipe, for bpf_printk lines. */
static int open_pipe(struct run_events *ev, char *err, size_t errlen)
{
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = NULL };
	char root[256], path[300], msg[ERR_LEN];
	int ret;

	if (ev->o.tracefs)
		snprintf(root, sizeof(root), "%s", ev->o.tracefs);
	else if ((ret = sys_tracefs(ev->o.sys, root, sizeof(root), msg, sizeof(msg))) < 0)
		return errorf(err, errlen, ret, "trace_pipe for bpf_printk: %s", msg);
	snprintf(path, sizeof(path), "%s/trace_pipe", root);
	ev->pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (ev->pipe_fd < 0 && !ev->o.sys->dry_run)
		return errorf(err, errlen, -errno, "%s: %s (use --no-printk to go without)",
			      path, strerror(errno));
	if (ev->pipe_fd >= 0)
		epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->pipe_fd, &e);
	return 0;
}

int run_events_open(struct rb_object *obj, const struct run_events_opts *o,
		   struct run_events **out, char *err, size_t errlen)
{
	struct run_events *ev = calloc(1, sizeof(*ev));
	int ret = 0;

	*out = NULL;
	if (!ev)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	ev->obj = obj;
	ev->o = *o;
	ev->pipe_fd = -1;
	ev->src = calloc(obj->nmaps + 1, sizeof(*ev->src));
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!ev->src || ev->epfd < 0) {
		run_events_close(ev);
		return errorf(err, errlen, -ENOMEM, "out of memory or epoll_create1 failed");
	}
	for (size_t i = 0; i < obj->nmaps && !ret; i++) {
		const struct plan_map *m = &obj->maps[i];

		if (m->fd < 0 || m->is_inner)
			continue;
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			ret = open_perf(ev, m, err, errlen);
		else if (m->type == BPF_MAP_TYPE_RINGBUF)
			ret = open_ring(ev, m, err, errlen);
	}
	if (!ret && o->printk && uses_printk(obj))
		ret = open_pipe(ev, err, errlen);
	if (ret) {
		run_events_close(ev);
		return ret;
	}
	*out = ev;
	return 0;
}

/* Hand over the complete lines at the start of ev->line, at most max.
 * trace_pipe ends every bpf_printk record with a newline of its own
 * (TP_printk appends "\n" to the format: include/trace/stages/
 * stage3_trace_output.h), so a message that ends in "\n" itself comes out
 * as its line and then an empty line. Every line the kernel starts has a
 * "TASK-PID [CPU] ..." header: an empty line is always such a message's
 * own newline, and is dropped, so one bpf_printk is one line. */
static int pipe_lines(struct run_events *ev, int max)
{
	char *start = ev->line, *end = ev->line + ev->linelen, *nl;
	int n = 0;

	while (n < max && (nl = memchr(start, '\n', end - start))) {
		*nl = '\0';
		if (nl > start && ev->o.on_printk)
			ev->o.on_printk(ev->o.ctx, start);
		start = nl + 1;
		n++;
	}
	ev->linelen = end - start;
	memmove(ev->line, start, ev->linelen);
	return n;
}

/* At most max lines, until deadline: other programs' bpf_printk lines come
 * through the same pipe, as fast as they like. */
static int read_pipe(struct run_events *ev, int max, int64_t deadline)
{
	int n = pipe_lines(ev, max);

	while (n < max && monotonic_ms() < deadline) {
		ssize_t got;

		if (ev->linelen == sizeof(ev->line))
			ev->linelen = 0; /* a line longer than the buffer: drop it */
		got = read(ev->pipe_fd, ev->line + ev->linelen, sizeof(ev->line) - ev->linelen);
		if (got <= 0)
			return n;
		ev->linelen += got;
		n += pipe_lines(ev, max - n);
	}
	ev->more = true;
	return n;
}

/* One buffer's records, in chunks, until max or deadline: printing to a
 * slow reader (a pipe into less) makes each record slow, so a count alone
 * does not bound the time. */
static int read_source(struct source *s, int max, int64_t deadline, bool *more)
{
	int n = 0, got;
	__u64 full = s->ring.found_full, lost = s->ev->lost;
	__u64 consumed = s->kind == SOURCE_PERF_BUFFER ? s->perf.consumed : s->ring.consumed;

	s->perf.backlog = 0;
	s->ring.hold = s->kind == SOURCE_RING_BUFFER;
	do {
		got = s->kind == SOURCE_PERF_BUFFER ? perf_buf_read_max(&s->perf, RUN_EVENTS_CHUNK, more)
						    : ring_consume_max(&s->ring, RUN_EVENTS_CHUNK, more);
		n += got > 0 ? got : 0;
	} while (*more && n < max && monotonic_ms() < deadline);
	s->polled = (s->kind == SOURCE_PERF_BUFFER ? s->perf.consumed : s->ring.consumed) - consumed;
	/* A perf buffer that lost records was full, like a ring found full. */
	if (s->ring.found_full != full || s->ev->lost != lost)
		s->ev->full_us = monotonic_us();
	warn_lost(s, !*more && n == 0);
	/* Told once per map as it happens; the count comes with the totals. */
	if (!full && s->ring.found_full && s->ev->o.warn)
		fprintf(s->ev->o.warn, "rawbpf: map %s: ring buffer found full; records may have been "
			"dropped (the kernel does not count them; try --ring-size)\n", s->map->name);
	return n;
}

/* Can a settle wait? The records a poll read came in since the poll
 * before ended: at that rate, RUN_EVENTS_SETTLE_US must fill at most a
 * quarter of each buffer (of one CPU's ring, for a perf buffer, though the
 * bytes are all CPUs'). A perf buffer more than a quarter full (past its
 * wake-up mark) means the reader is behind. A buffer found full (a ring
 * without room, a perf buffer's loss report) hides how fast its producer
 * is (it could not write): none for RUN_EVENTS_CALM_US after that. */
static bool calm(struct run_events *ev)
{
	int64_t now = monotonic_us(), since = now - ev->last_end_us;
	bool ok = now - ev->full_us >= RUN_EVENTS_CALM_US;
	__u64 hold = ok ? RUN_EVENTS_SETTLE_US : RUN_EVENTS_HOLD_MIN_US;
	bool perf = false;

	/* A rate over a long idle time says nothing, and would overflow. */
	if (since <= 0 || since > RUN_EVENTS_CALM_US)
		since = since <= 0 ? 1 : RUN_EVENTS_CALM_US;
	/* Calm: no source polled more than a quarter of its size per settle
	 * time, and no perf buffer a quarter behind. A holding reader's sleep:
	 * until the fastest ring is half full at the rate of the last poll,
	 * RUN_EVENTS_HOLD_MIN_US if a buffer was found full or, when not calm,
	 * if there is a perf buffer (its rate is not known). */
	for (size_t i = 0; i < ev->nsrc; i++) {
		const struct source *s = &ev->src[i];
		__u64 size = s->kind == SOURCE_RING_BUFFER ? s->ring.size : s->perf.data_bytes;

		ok = ok && s->polled * RUN_EVENTS_SETTLE_US <= size / 4 * (__u64)since;
		if (s->kind == SOURCE_PERF_BUFFER) {
			perf = true;
			ok = ok && s->perf.backlog <= s->perf.data_bytes / 4;
		} else if (s->polled && s->ring.size / 2 * (__u64)since / s->polled < hold) {
			hold = s->ring.size / 2 * (__u64)since / s->polled;
		}
	}
	if (!ok && perf)
		hold = RUN_EVENTS_HOLD_MIN_US;
	ev->hold_us = hold < RUN_EVENTS_HOLD_MIN_US ? RUN_EVENTS_HOLD_MIN_US : (long)hold;
	ev->last_end_us = now;
	return ok;
}

bool run_events_release(struct run_events *ev)
{
	bool waiting = false;

	for (size_t i = 0; i < ev->nsrc; i++)
		if (ev->src[i].kind == SOURCE_RING_BUFFER)
			waiting |= ring_release(&ev->src[i].ring);
	ev->held = false;
	return waiting;
}

int run_events_poll(struct run_events *ev)
{
	unsigned long long before = ev->events;
	int64_t deadline = monotonic_ms() + RUN_EVENTS_BUDGET_MS;
	bool calm_now;

	ev->more = false;
	for (size_t i = 0; i < ev->nsrc; i++) {
		bool more;

		read_source(&ev->src[i], RUN_EVENTS_BUDGET, deadline, &more);
		ev->more |= more;
	}
	if (ev->pipe_fd >= 0)
		read_pipe(ev, RUN_EVENTS_BUDGET, deadline);
	/* A ring that brought nothing new gives back what it holds; records
	 * that came meanwhile are read at once (no wake-up was queued). */
	ev->held = false;
	for (size_t i = 0; i < ev->nsrc; i++) {
		struct source *s = &ev->src[i];

		if (s->kind != SOURCE_RING_BUFFER)
			continue;
		if (!s->polled && ring_release(&s->ring))
			ev->more = true;
		ev->held |= s->ring.held != 0;
	}
	calm_now = calm(ev);
	ev->busy = ev->events != before && calm_now;
	return (int)(ev->events - before);
}

bool run_events_more(const struct run_events *ev)
{
	return ev->more;
}

bool run_events_settle(struct run_events *ev)
{
	struct timespec ts = { 0, (ev->held ? ev->hold_us : RUN_EVENTS_SETTLE_US) * 1000L };

	if ((!ev->busy && !ev->held) || ev->more)
		return false;
	nanosleep(&ts, NULL);
	return true;
}

bool run_events_held(const struct run_events *ev)
{
	return ev->held;
}

int run_events_wait(struct run_events *ev, int timeout_ms)
{
	struct epoll_event got[8];
	int timeout = run_events_timeout(ev, timeout_ms);

	/* Records left behind by the budget may not wake epoll again (a perf
	 * event's poll reports each wakeup once): do not wait for them. Nor
	 * for a ring that holds: it queues no wake-up. A caller that asks
	 * for no wait gets no settle either. */
	if (ev->more || !timeout_ms || (run_events_settle(ev) && ev->held) ||
	    run_events_release(ev))
		timeout = 0;
	if (epoll_wait(ev->epfd, got, 8, timeout) < 0 && errno != EINTR)
		return -errno;
	return run_events_poll(ev);
}

int run_events_timeout(const struct run_events *ev, int timeout_ms)
{
	if (!ev->has_perf || (timeout_ms >= 0 && timeout_ms <= RUN_EVENTS_LATENCY_MS))
		return timeout_ms;
	return RUN_EVENTS_LATENCY_MS;
}

int run_events_fd(const struct run_events *ev)
{
	return ev->epfd;
}

void run_events_totals(const struct run_events *ev, unsigned long long *events,
		      unsigned long long *lost)
{
	*events = ev->events;
	*lost = ev->lost;
}

void run_events_counts(const struct run_events *ev, struct run_events_counts *c)
{
	memset(c, 0, sizeof(*c));
	c->events = ev->events;
	c->lost = ev->lost;
	c->perf = ev->has_perf;
	c->ring = ev->has_ring;
	for (size_t i = 0; i < ev->nsrc; i++)
		if (ev->src[i].kind == SOURCE_RING_BUFFER)
			c->ring_full += ev->src[i].ring.found_full;
}

void run_events_close(struct run_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nsrc; i++) {
		if (ev->src[i].kind == SOURCE_PERF_BUFFER) {
			warn_lost(&ev->src[i], true);
			perf_buf_close(&ev->src[i].perf);
		}
		else {
			ring_close(&ev->src[i].ring);
		}
	}
	if (ev->pipe_fd >= 0)
		close(ev->pipe_fd);
	if (ev->epfd >= 0)
		close(ev->epfd);
	free(ev->src);
	free(ev);
}
