/* Perf buffers: what BPF_MAP_TYPE_PERF_EVENT_ARRAY + bpf_perf_event_output()
 * write into. One ring per CPU, each an mmap'd perf event of type
 * PERF_COUNT_SW_BPF_OUTPUT: a struct perf_event_mmap_page, then 2^n data
 * pages (include/uapi/linux/perf_event.h).
 *
 * The kernel advances data_head and we advance data_tail; head is loaded with
 * acquire ordering (the record bytes are visible once head is), tail stored
 * with release ordering (the kernel may overwrite once tail moved), once
 * per read of a ring, not per record, and not at all when the ring was
 * empty (the line is the one the kernel writes data_head to). A record
 * that wraps the end of the ring is copied whole into a scratch buffer, so
 * callbacks always see contiguous bytes.
 *
 * Errors: 0 or a negative errno, one line in err[errlen] naming the CPU.
 */
#ifndef RAWBPF_PERFBUF_H
#define RAWBPF_PERFBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "bpf/sys.h"

/* One PERF_RECORD_SAMPLE's raw bytes (size as the kernel padded it). data is
 * valid only during the call. */
typedef void (*perf_buf_sample_fn)(void *ctx, int cpu, const void *data, __u32 size);
/* PERF_RECORD_LOST: lost samples the kernel could not write on this CPU. */
typedef void (*perf_buf_lost_fn)(void *ctx, int cpu, __u64 lost);

struct perf_buf_ring {
	int cpu;
	int fd;                 /* -1 for memory added by perf_buf_add_memory() */
	void *base;             /* the struct perf_event_mmap_page */
	size_t map_len;         /* 0 when the memory is not ours to unmap */
};

struct perf_buf {
	struct sys *s;
	struct perf_buf_ring *rings;
	int nrings;
	perf_buf_sample_fn on_sample;   /* may be NULL */
	perf_buf_lost_fn on_lost;       /* may be NULL */
	void *ctx;
	unsigned char *scratch;         /* 64 KiB: a record's size is a __u16 */
	__u64 lost;                     /* sum of PERF_RECORD_LOST counts */
	__u64 malformed;                /* rings skipped ahead after a bad header */
	int next;                       /* the ring perf_buf_read_max() starts at */
	__u64 backlog;                  /* the most bytes found waiting in one ring
					 * at a read (the caller clears it) */
	__u64 data_bytes;               /* that ring's data size */
	__u64 consumed;                 /* bytes read, in all rings, in all */
	size_t page;                    /* the page size */
};

/* Prepare b (no syscall). on_sample and on_lost may be NULL. */
int perf_buf_init(struct perf_buf *b, struct sys *s, perf_buf_sample_fn on_sample,
		  perf_buf_lost_fn on_lost, void *ctx);

/* For each cpu < ncpus with cpus[cpu] (cpus NULL: all): open a
 * PERF_COUNT_SW_BPF_OUTPUT event (sample_type PERF_SAMPLE_RAW), mmap
 * 1 + 2^page_order pages, store its fd in map_fd[cpu] and enable it. The
 * event wakes its poller when a PERF_BUF_WAKEUP_DIV-th of the data pages is
 * filled (watermark 1, wakeup_watermark): a reader that waits on epoll
 * alone does not see fewer records until more come, so it must also wake
 * on a timeout (loader/run/events.c does, every RUN_EVENTS_LATENCY_MS). */
#define PERF_BUF_WAKEUP_DIV 4
int perf_buf_open(struct perf_buf *b, int map_fd, const bool *cpus, int ncpus,
		  unsigned int page_order, char *err, size_t errlen);

/* Read from memory laid out as the kernel's (meta page with data_offset and
 * data_size set, then the data): used by tests. The memory stays the caller's. */
int perf_buf_add_memory(struct perf_buf *b, int cpu, void *base);

/* Deliver every complete record of one ring / of all rings. Returns the
 * number of records (samples and lost records) read. */
int perf_buf_read_ring(struct perf_buf *b, struct perf_buf_ring *r);
int perf_buf_read(struct perf_buf *b);
/* The same, but at most max records in all: a producer as fast as the
 * reader would otherwise keep it here for ever. Each call starts at the ring
 * after the one the last call stopped in, so a busy CPU does not starve the
 * others. *more is set when it stopped at max with records left. */
int perf_buf_read_ring_max(struct perf_buf *b, struct perf_buf_ring *r, int max, bool *more);
int perf_buf_read_max(struct perf_buf *b, int max, bool *more);

/* Add each ring's fd to epfd for EPOLLIN, with data.ptr = tag. When epoll
 * reports tag, call perf_buf_read(). */
int perf_buf_epoll_add(struct perf_buf *b, int epfd, void *tag);

/* Unmap and close everything; b can be initialised again. */
void perf_buf_close(struct perf_buf *b);

#endif
