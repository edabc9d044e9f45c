/* Events: what the programs send, read and printed.
 *   - perf buffers: every PERF_EVENT_ARRAY map (one ring per CPU)
 *   - ring buffers: every RINGBUF map
 *   - trace_pipe: bpf_printk lines, when a program calls bpf_trace_printk
 * all in one epoll, decoded by BTF (struct event, or --event-type). */
#ifndef RAWBPF_EVENTS_H
#define RAWBPF_EVENTS_H

#include <stdio.h>
#include "loader/object.h"
#include "bpf/sys.h"

struct rb_events_opts {
	struct sys *sys;
	FILE *out;              /* events */
	FILE *warn;             /* lost-record reports */
	const char *event_type; /* NULL: "event" */
	bool json;
	bool printk;            /* show trace_pipe lines */
	unsigned page_order;    /* perf buffer: 2^page_order pages per CPU */
	const char *tracefs;    /* tracefs root, or NULL to find it */
	/* Set: records go here instead of being printed (the C API). */
	void (*on_event)(void *ctx, const char *map, int cpu, const void *data, uint32_t size);
	void *ctx;
};

struct rb_events;

/* Open readers for the object's event maps (after load). */
int rb_events_open(struct rb_object *obj, const struct rb_events_opts *o,
		   struct rb_events **out, char *err, size_t errlen);
/* The epoll fd to wait on (readable when something arrived). */
int rb_events_fd(const struct rb_events *ev);
/* Read and print whatever arrived. Returns the number of records. */
int rb_events_poll(struct rb_events *ev);
/* Counts for the summary: events printed, records lost. */
int rb_events_wait(struct rb_events *ev, int timeout_ms);
void rb_events_totals(const struct rb_events *ev, unsigned long long *events,
		      unsigned long long *lost);
bool rb_events_any(const struct rb_events *ev);
void rb_events_close(struct rb_events *ev);

/* Print hash/array/per-CPU maps the programs fill (not globals), decoded by
 * BTF and sorted by value (largest last). */
void rb_print_maps(struct rb_object *obj, struct sys *s, bool json, FILE *out);

#endif
