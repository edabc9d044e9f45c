/* Events: what the programs send, read as it arrives.
 *   - perf buffers: every PERF_EVENT_ARRAY map (one ring per CPU)
 *   - ring buffers: every RINGBUF map
 *   - trace_pipe: bpf_printk lines, when a program calls bpf_trace_printk
 * all in one epoll. Each record goes to the caller's callback: the rawbpf
 * command prints it (loader/cli/print_events.c), a C program gets the bytes. */
#ifndef RAWBPF_EVENTS_H
#define RAWBPF_EVENTS_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "bpf/sys.h"

struct run_events_opts {
	struct sys *sys;
	bool printk;            /* read trace_pipe (if a program calls bpf_printk) */
	unsigned page_order;    /* perf buffer: 2^page_order pages per CPU */
	const char *tracefs;    /* tracefs root, or NULL to find it */
	/* A record of map `map` (cpu -1 for ring buffers). Required. */
	void (*on_event)(void *ctx, const char *map, int cpu, const void *data, uint32_t size);
	/* A bpf_printk line, without its newline; NULL: not reported. */
	void (*on_printk)(void *ctx, const char *line);
	void *ctx;
	/* Where a perf buffer's reports of lost records are told (NULL: only
	 * counted, see run_events_totals): summed per map, one line when the
	 * reader caught up (a poll found nothing more) and at most one a
	 * second while it is behind, the rest at run_events_close. */
	FILE *warn;
};

struct run_events;

/* Open readers for the object's event maps (after load, before attach). */
int run_events_open(struct rb_object *obj, const struct run_events_opts *o,
		    struct run_events **out, char *err, size_t errlen);
/* The epoll fd to wait on (readable when something arrived). */
int run_events_fd(const struct run_events *ev);
/* Hand over what arrived, at most RUN_EVENTS_BUDGET records (or printk
 * lines) per buffer and RUN_EVENTS_BUDGET_MS in all, so that a producer as
 * fast as the reader (a tracer of write(2) whose printing makes more
 * events), or a slow reader of the output, cannot keep the caller from its
 * signals. Returns the number of records. */
#define RUN_EVENTS_BUDGET    4096
#define RUN_EVENTS_BUDGET_MS 100
int run_events_poll(struct run_events *ev);
/* Did the last poll stop at the budget with more to read? Then poll again
 * soon, without waiting on the epoll fd (it may not report them again). */
bool run_events_more(const struct run_events *ev);
/* Wait up to timeout_ms for something to arrive (at most
 * run_events_timeout()), then poll. */
int run_events_wait(struct run_events *ev, int timeout_ms);
/* How long a reader may block waiting for the epoll fd, given it wants to
 * wake after timeout_ms (-1: never): at most RUN_EVENTS_LATENCY_MS when
 * there are perf buffers. Their events wake epoll only when a quarter of a
 * CPU's ring is filled (bpf/perfbuf.h), so a busy producer pays no wake-up
 * per record; fewer records wait until this timeout, so an event is
 * printed at most RUN_EVENTS_LATENCY_MS after it was sent. */
#define RUN_EVENTS_LATENCY_MS 100
int run_events_timeout(const struct run_events *ev, int timeout_ms);
/* Call before waiting on the epoll fd: when the last poll handed over
 * records (a producer is at work) at a rate at which RUN_EVENTS_SETTLE_US
 * fills at most a quarter of each buffer (the bytes it read over the time
 * since the poll before ended; for a perf buffer, a quarter of one CPU's
 * ring), found no perf buffer more than a quarter full, and no buffer was
 * found full (a ring without room, a perf buffer's lost records) in the
 * last 100 ms, sleep
 * RUN_EVENTS_SETTLE_US first, so the next wake-up brings a batch. A faster
 * producer, or a reader behind, gets no sleep. A ring buffer wakes its reader at the first
 * record after the reader caught up (kernel/bpf/ringbuf.c,
 * bpf_ringbuf_commit), so without this a reader as fast as a steady
 * producer wakes every few records; with it, at most once a millisecond,
 * for an event printed at most a millisecond later. run_events_wait does it. */
#define RUN_EVENTS_SETTLE_US 1000
/* While a ring holds (ring_release() in bpf/ringbuf.h: no wake-up comes
 * until the reader gives back its last record's room), the settle sleeps
 * instead until the fastest ring would be half full at the rate of the last
 * poll, from RUN_EVENTS_HOLD_MIN_US (a buffer found full) to
 * RUN_EVENTS_SETTLE_US; after a poll that finds a ring with nothing new,
 * that ring gives its room back. A producer the reader keeps up with then
 * pays no wake-up at all; one faster than the reader fills the ring and
 * drops (found full, as before) but is not slowed. */
#define RUN_EVENTS_HOLD_MIN_US 10
/* True when it slept. */
bool run_events_settle(struct run_events *ev);
/* Does a ring hold room back? Then do not block on the epoll fd: poll. */
bool run_events_held(const struct run_events *ev);
/* Give back what the rings hold, before blocking on the epoll fd. True
 * when records are waiting: poll them instead of blocking. */
bool run_events_release(struct run_events *ev);
/* Counts for the summary: records handed over, records lost. */
void run_events_totals(const struct run_events *ev, unsigned long long *events,
		       unsigned long long *lost);
/* The same and more, for the summary. A ring buffer's losses are not
 * counted by the kernel: ring_full is how many reads found one full or
 * nearly (bpf/ringbuf.h), the sign that records may have been dropped. */
struct run_events_counts {
	unsigned long long events, lost, ring_full;
	bool perf, ring;        /* the object has perf buffers / ring buffers */
};
void run_events_counts(const struct run_events *ev, struct run_events_counts *c);
void run_events_close(struct run_events *ev);

#endif
