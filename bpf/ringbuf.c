/* BPF ring buffer reader; layout and bits from include/uapi/linux/bpf.h
 * (BPF_RINGBUF_*) and kernel/bpf/ringbuf.c. */
#include "bpf/ringbuf.h"
#include "common/err.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

#define RING_RELEASE_EVERY 64

int ring_open(struct ring *r, struct sys *s, int map_fd, __u32 max_entries,
	      ring_fn fn, void *ctx, char *err, size_t errlen)
{
	size_t page = (size_t)getpagesize();
	void *cons, *prod;
	int ret;

	memset(r, 0, sizeof(*r));
	if (max_entries < page || (max_entries & (max_entries - 1))) {
		return errorf(err, errlen, -EINVAL, "ring buffer map fd %d: max_entries %u is not a "
			      "power-of-two multiple of the page size %zu", map_fd, max_entries, page);
	}
	ret = sys_mmap(s, &cons, page, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd, 0);
	if (ret) {
		return errorf(err, errlen, ret, "ring buffer map fd %d: mmap of the consumer page: %s",
			      map_fd, strerror(-ret));
	}
	ret = sys_mmap(s, &prod, page + 2 * (size_t)max_entries, PROT_READ, MAP_SHARED,
		       map_fd, (long)page);
	if (ret) {
		errorf(err, errlen, 0, "ring buffer map fd %d: mmap of the producer page and "
		       "data: %s", map_fd, strerror(-ret));
		munmap(cons, page);
		return ret;
	}
	r->s = s;
	r->map_fd = map_fd;
	r->cons_map = cons;
	r->cons_len = page;
	r->prod_map = prod;
	r->prod_len = page + 2 * (size_t)max_entries;
	r->consumer_pos = cons;
	r->producer_pos = prod;
	r->data = (const unsigned char *)prod + page;
	r->size = max_entries;
	r->fn = fn;
	r->ctx = ctx;
	return 0;
}

void ring_init_memory(struct ring *r, unsigned long *consumer_pos,
		      const unsigned long *producer_pos, const void *data, __u64 size,
		      ring_fn fn, void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->map_fd = -1;
	r->consumer_pos = consumer_pos;
	r->producer_pos = producer_pos;
	r->data = data;
	r->size = size;
	r->fn = fn;
	r->ctx = ctx;
}

int ring_consume(struct ring *r)
{
	bool more;

	return ring_consume_max(r, INT_MAX, &more);
}

/* Is the ring full, or so nearly that the largest record seen would not
 * fit? The kernel drops a record it cannot reserve room for and counts
 * nothing (kernel/bpf/ringbuf.c __bpf_ringbuf_reserve: -ENOMEM when
 * new_prod_pos - cons_pos > mask), so finding the ring this full when
 * reading is the only sign the reader has that records may have been
 * dropped. A producer position more than the ring's size past the consumer
 * position is the same (or worse: overwritten records). */
static void check_full(struct ring *r, unsigned long cons, unsigned long prod)
{
	unsigned long pending = prod - cons;

	if (pending > r->size || r->size - pending < r->max_rec)
		r->found_full++;
}

/* Give the producers back the room up to cons, less the last record's when
 * the reader holds (see ring.hold in ringbuf.h). */
static void publish(struct ring *r, unsigned long cons, __u32 last, int order)
{
	r->held = r->hold ? last : 0;
	__atomic_store_n(r->consumer_pos, cons - r->held, order);
}

int ring_consume_max(struct ring *r, int max, bool *more)
{
	unsigned long given = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE);
	unsigned long cons = given + r->held;
	unsigned long prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
	unsigned long cons0 = cons, prod0 = prod, published = cons;
	__u32 step = 0;
	int n = 0, ret = 0;

	*more = false;
	r->last_pending = prod - cons;
	if (r->max_rec < BPF_RINGBUF_HDR_SZ + 8)
		r->max_rec = BPF_RINGBUF_HDR_SZ + 8;
	for (int seen = 0;; seen++) {
		const unsigned char *rec;
		__u32 hdr, len;

		/* The producer position is read again only when the records
		 * known are used up: it is on a cache line the producers write.
		 * Then the consumer position is published first: the kernel
		 * wakes the reader only for a record committed at the
		 * published position (bpf_ringbuf_commit), so a record written
		 * between our last look and a later store would wake no one. */
		if (cons >= prod) {
			if (cons != published) {
				publish(r, cons, step, __ATOMIC_SEQ_CST);
				published = cons;
			}
			if (cons >= (prod = __atomic_load_n(r->producer_pos, __ATOMIC_SEQ_CST)))
				break;
		}
		if (seen >= max) {
			*more = true;
			break;
		}
		rec = r->data + (cons & (r->size - 1));
		hdr = __atomic_load_n((const __u32 *)rec, __ATOMIC_ACQUIRE);
		if (hdr & BPF_RINGBUF_BUSY_BIT)
			break;
		len = hdr & ~(__u32)(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		if (len > r->size - BPF_RINGBUF_HDR_SZ) {
			ret = -EINVAL;
			break;
		}
		step = (len + BPF_RINGBUF_HDR_SZ + 7) & ~7U;
		if (step > r->max_rec)
			r->max_rec = step;
		cons += step;
		if (!(hdr & BPF_RINGBUF_DISCARD_BIT)) {
			ret = r->fn ? r->fn(r->ctx, rec + BPF_RINGBUF_HDR_SZ, len) : 0;
			if (ret < 0)
				break;
			n++;
		}
		/* Room goes back to the producers every RING_RELEASE_EVERY
		 * records and at the end, not after each one. */
		if ((seen + 1) % RING_RELEASE_EVERY == 0) {
			publish(r, cons, step, __ATOMIC_RELEASE);
			published = cons;
		}
	}
	if (cons != published)
		publish(r, cons, step, __ATOMIC_RELEASE);
	r->consumed += cons - cons0;
	/* Judged on the positions found on entry (the room held back is room
	 * the producers did not have), with the records just read counted in
	 * max_rec: the first read knows no record size before. */
	check_full(r, given, prod0);
	return ret < 0 ? ret : n;
}

bool ring_release(struct ring *r)
{
	unsigned long cons = __atomic_load_n(r->consumer_pos, __ATOMIC_ACQUIRE) + r->held;

	r->hold = false;
	if (r->held) {
		r->held = 0;
		__atomic_store_n(r->consumer_pos, cons, __ATOMIC_SEQ_CST);
	}
	return __atomic_load_n(r->producer_pos, __ATOMIC_SEQ_CST) != cons;
}

int ring_epoll_add(struct ring *r, int epfd, void *tag)
{
	struct epoll_event ev;

	if (r->map_fd < 0 || (r->s && r->s->dry_run))
		return 0;
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = tag;
	return epoll_ctl(epfd, EPOLL_CTL_ADD, r->map_fd, &ev) < 0 ? -errno : 0;
}

void ring_close(struct ring *r)
{
	if (r->cons_map)
		munmap(r->cons_map, r->cons_len);
	if (r->prod_map)
		munmap(r->prod_map, r->prod_len);
	memset(r, 0, sizeof(*r));
	r->map_fd = -1;
}
