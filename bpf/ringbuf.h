/* BPF ring buffers: BPF_MAP_TYPE_RINGBUF, written by bpf_ringbuf_output() /
 * bpf_ringbuf_submit(). One ring shared by all CPUs (kernel/bpf/ringbuf.c):
 *   page 0 of the map fd:   consumer_pos, ours, mapped read-write
 *   page 1:                 producer_pos, the kernel's, mapped read-only
 *   pages 2..:              the data, which the kernel maps twice in a row,
 *                           so a record crossing the end is contiguous
 * Each record starts with an 8-byte header (BPF_RINGBUF_HDR_SZ): a __u32
 * length whose top bits are BPF_RINGBUF_BUSY_BIT (still being written: stop
 * there) and BPF_RINGBUF_DISCARD_BIT (skip it), then a page offset. Records
 * are 8-byte aligned. Positions are loaded with acquire ordering; the new
 * consumer position is stored with release ordering every 64 records and
 * at the end of each read, so the kernel can reuse their space. Before the
 * producer position is looked at again, the consumer position is published
 * (sequentially consistent): the kernel wakes a reader only for a record
 * committed at the published consumer position, so a read that ended with
 * an older position published could sleep past records already there.
 *
 * The kernel counts no ring buffer loss: a record that finds no room is
 * dropped, and only the producer knows (bpf_ringbuf_reserve returns NULL).
 * Each read notes whether it found the ring full or nearly (found_full):
 * the one sign the reader has that records may have been dropped.
 *
 * Errors: 0 or a negative errno, one line in err[errlen] naming the map fd.
 */
#ifndef RAWBPF_RINGBUF_H
#define RAWBPF_RINGBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "bpf/sys.h"

/* One record's bytes, valid only during the call. A negative return stops
 * ring_consume(), which returns it. */
typedef int (*ring_fn)(void *ctx, const void *data, __u32 size);

struct ring {
	struct sys *s;
	int map_fd;                     /* -1 for memory given by ring_init_memory() */
	unsigned long *consumer_pos;
	const unsigned long *producer_pos;
	const unsigned char *data;      /* 2 * size bytes readable */
	__u64 size;                     /* max_entries: a power-of-two number of pages */
	void *cons_map, *prod_map;      /* NULL when the memory is not ours */
	size_t cons_len, prod_len;
	ring_fn fn;
	void *ctx;
	__u64 found_full;               /* reads that found the ring (nearly) full */
	__u32 max_rec;                  /* the largest record seen, header included */
	__u64 last_pending;             /* bytes waiting when the last read began */
	__u64 consumed;                 /* bytes read, in all */
	bool hold;                      /* keep the last record's room (below) */
	__u32 held;                     /* bytes read but not given back */
};

/* mmap the ring of map_fd (max_entries bytes, as created). */
int ring_open(struct ring *r, struct sys *s, int map_fd, __u32 max_entries,
	      ring_fn fn, void *ctx, char *err, size_t errlen);

/* Read from memory laid out as the kernel's, for tests: data must hold
 * 2 * size bytes whose second half repeats the first. */
void ring_init_memory(struct ring *r, unsigned long *consumer_pos,
		      const unsigned long *producer_pos, const void *data, __u64 size,
		      ring_fn fn, void *ctx);

/* Deliver every committed record. Returns how many were delivered
 * (discarded ones not counted), the callback's negative value, or -EINVAL
 * when a header claims more than the ring holds. Each call counts in
 * r->found_full whether it found the ring with less free room than the
 * largest record seen so far (at least 16 bytes), or the producer more than
 * the ring's size ahead. */
int ring_consume(struct ring *r);
/* The same, but stop after max records (discarded ones count too): a
 * producer as fast as the reader would otherwise keep it here for ever, and
 * the caller needs to look at its signals between batches. *more is set
 * when it stopped at max with records left. */
int ring_consume_max(struct ring *r, int max, bool *more);

/* Holding. The kernel queues a wake-up (an irq_work on the producer's CPU,
 * then the reader's task woken) for every record committed at the
 * published consumer position, i.e. the first record after the reader
 * caught up. A reader that keeps up with a busy producer catches up every
 * few records, and the producer pays a wake-up each time: on this
 * project's bench that, not the reading, bounds the rate (bench/RESULTS.md,
 * the ceiling rows). With r->hold set, each read gives back all the room
 * but the last record's (r->held bytes, one record): no record is
 * committed at the published position, so none queues a wake-up, and the
 * reader must come back by its own clock. ring_release() gives the rest
 * back and clears hold; call it before waiting for a wake-up. It returns
 * true when records are waiting (then read them instead of waiting). */
bool ring_release(struct ring *r);

/* Add the map fd to epfd for EPOLLIN with data.ptr = tag. */
int ring_epoll_add(struct ring *r, int epfd, void *tag);

/* Unmap; the map fd stays the caller's. */
void ring_close(struct ring *r);

#endif
