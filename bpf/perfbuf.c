/* Perf buffer reader: PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW, and
 * PERF_RECORD_LOST, as laid out in include/uapi/linux/perf_event.h. */
#include "bpf/perfbuf.h"
#include "common/err.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/perf_event.h>

#include "bpf/perf.h"

#define SCRATCH_SIZE 65536

int perf_buf_init(struct perf_buf *b, struct sys *s, perf_buf_sample_fn on_sample,
		  perf_buf_lost_fn on_lost, void *ctx)
{
	memset(b, 0, sizeof(*b));
	b->s = s;
	b->on_sample = on_sample;
	b->on_lost = on_lost;
	b->ctx = ctx;
	b->page = (size_t)getpagesize();
	b->scratch = malloc(SCRATCH_SIZE);
	return b->scratch ? 0 : -ENOMEM;
}

static struct perf_buf_ring *add_ring(struct perf_buf *b)
{
	struct perf_buf_ring *r = realloc(b->rings, (size_t)(b->nrings + 1) * sizeof(*r));

	if (!r)
		return NULL;
	b->rings = r;
	r += b->nrings++;
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	return r;
}

int perf_buf_add_memory(struct perf_buf *b, int cpu, void *base)
{
	struct perf_buf_ring *r = add_ring(b);

	if (!r)
		return -ENOMEM;
	r->cpu = cpu;
	r->base = base;
	return 0;
}

static int open_cpu(struct perf_buf *b, int map_fd, int cpu, size_t map_len, __u32 watermark,
		    char *err, size_t errlen)
{
	struct perf_event_attr a;
	struct perf_buf_ring *r;
	int fd, ret;
	void *m;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_BPF_OUTPUT;
	a.sample_type = PERF_SAMPLE_RAW;
	a.sample_period = 1;
	/* Wake the reader when watermark bytes are waiting, not at every
	 * record (wakeup_events 1 costs the producer a wake-up per record
	 * and the reader a pass per few records). The reader also looks on
	 * a timer: run/events.c, RUN_EVENTS_LATENCY_MS. */
	a.watermark = 1;
	a.wakeup_watermark = watermark;
	fd = perf_open(b->s, &a, -1, cpu, -1, 0);
	if (fd < 0) {
		return errorf(err, errlen, fd, "perf buffer, CPU %d: perf_event_open: %s", cpu, strerror(-fd));
	}
	ret = sys_mmap(b->s, &m, map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (ret) {
		errorf(err, errlen, 0, "perf buffer, CPU %d: mmap of %zu bytes: %s",
		       cpu, map_len, strerror(-ret));
		goto fail;
	}
	r = add_ring(b);
	if (!r) {
		munmap(m, map_len);
		ret = -ENOMEM;
		errorf(err, errlen, 0, "perf buffer, CPU %d: out of memory", cpu);
		goto fail;
	}
	r->cpu = cpu;
	r->fd = fd;
	r->base = m;
	r->map_len = map_len;
	ret = sys_map_update(b->s, map_fd, &cpu, &fd, BPF_ANY);
	if (ret == 0)
		ret = perf_enable(b->s, fd);
	if (ret)
		errorf(err, errlen, ret, "perf buffer, CPU %d: storing the event in map fd %d: %s",
		       cpu, map_fd, strerror(-ret));
	return ret;     /* the ring is owned by b now, even on failure */
fail:
	close(fd);
	return ret;
}

int perf_buf_open(struct perf_buf *b, int map_fd, const bool *cpus, int ncpus,
		  unsigned int page_order, char *err, size_t errlen)
{
	size_t page = (size_t)getpagesize();
	size_t map_len;

	if (page_order > 16) {
		return errorf(err, errlen, -EINVAL, "perf buffer: 2^%u pages per CPU is too many", page_order);
	}
	map_len = page * ((1UL << page_order) + 1);
	for (int cpu = 0; cpu < ncpus; cpu++) {
		int ret;

		if (cpus && !cpus[cpu])
			continue;
		ret = open_cpu(b, map_fd, cpu, map_len, (__u32)(map_len - page) / PERF_BUF_WAKEUP_DIV,
			       err, errlen);
		if (ret)
			return ret;
	}
	return 0;
}

/* Copy len bytes from ring offset off, wrapping at size. */
static void copy_out(void *dst, const unsigned char *data, __u64 size, __u64 off, size_t len)
{
	size_t first = size - off < len ? (size_t)(size - off) : len;

	memcpy(dst, data + off, first);
	memcpy((unsigned char *)dst + first, data, len - first);
}

static void deliver(struct perf_buf *b, int cpu, const unsigned char *rec,
		    const struct perf_event_header *h)
{
	if (h->type == PERF_RECORD_SAMPLE) {
		__u32 raw;

		if (h->size < sizeof(*h) + sizeof(raw))
			return;
		memcpy(&raw, rec + sizeof(*h), sizeof(raw));
		if (raw > h->size - sizeof(*h) - sizeof(raw))
			return;
		if (b->on_sample)
			b->on_sample(b->ctx, cpu, rec + sizeof(*h) + sizeof(raw), raw);
	} else if (h->type == PERF_RECORD_LOST) {
		__u64 lost;     /* after the header: __u64 id, __u64 lost */

		if (h->size < sizeof(*h) + 2 * sizeof(__u64))
			return;
		memcpy(&lost, rec + sizeof(*h) + sizeof(__u64), sizeof(lost));
		b->lost += lost;
		if (b->on_lost)
			b->on_lost(b->ctx, cpu, lost);
	}
}

int perf_buf_read_ring(struct perf_buf *b, struct perf_buf_ring *r)
{
	bool more;

	return perf_buf_read_ring_max(b, r, INT_MAX, &more);
}

int perf_buf_read_ring_max(struct perf_buf *b, struct perf_buf_ring *r, int max, bool *more)
{
	struct perf_event_mmap_page *meta = r->base;
	__u64 off0 = meta->data_offset ? meta->data_offset : b->page;
	__u64 size = meta->data_size ? meta->data_size : r->map_len - b->page;
	const unsigned char *data = (const unsigned char *)r->base + off0;
	__u64 head, tail, tail0;
	int n = 0;

	*more = false;
	if (size == 0 || (size & (size - 1)))
		return -EINVAL;
	if (r->map_len && (off0 > r->map_len || size > r->map_len - off0))
		return -EINVAL;
	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	tail = tail0 = meta->data_tail;
	if (head == tail)
		return 0;       /* no store: the line is the producer's too */
	if (head - tail > b->backlog) {
		b->backlog = head - tail;
		b->data_bytes = size;
	}
	while (head - tail >= sizeof(struct perf_event_header)) {
		struct perf_event_header h;
		__u64 off = tail & (size - 1);
		const unsigned char *rec = data + off;

		if (n >= max) {
			*more = true;
			break;
		}
		/* Records are 8-byte aligned and the ring a power-of-two
		 * number of pages: a header never wraps, only a body can. */
		if (size - off >= sizeof(h))
			memcpy(&h, rec, sizeof(h));
		else
			copy_out(&h, data, size, off, sizeof(h));
		if (h.size < sizeof(h) || h.size > head - tail) {
			b->malformed++;
			tail = head;
			break;
		}
		if (off + h.size > size) {
			copy_out(b->scratch, data, size, off, h.size);
			rec = b->scratch;
		}
		deliver(b, r->cpu, rec, &h);
		tail += h.size;
		n++;
	}
	/* One release store per call, not per record. */
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	b->consumed += tail - tail0;
	return n;
}

int perf_buf_read(struct perf_buf *b)
{
	bool more;

	return perf_buf_read_max(b, INT_MAX, &more);
}

int perf_buf_read_max(struct perf_buf *b, int max, bool *more)
{
	int total = 0, start = b->next < b->nrings ? b->next : 0;

	*more = false;
	for (int k = 0; k < b->nrings; k++) {
		int i = (start + k) % b->nrings;
		int n = perf_buf_read_ring_max(b, &b->rings[i], max - total, more);

		if (n < 0)
			return n;
		total += n;
		if (*more) {
			b->next = (i + 1) % b->nrings;
			break;
		}
	}
	if (!*more)
		b->next = 0;
	return total;
}

int perf_buf_epoll_add(struct perf_buf *b, int epfd, void *tag)
{
	for (int i = 0; i < b->nrings; i++) {
		struct epoll_event ev;

		if (b->rings[i].fd < 0 || b->s->dry_run)
			continue;
		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.ptr = tag;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, b->rings[i].fd, &ev) < 0)
			return -errno;
	}
	return 0;
}

void perf_buf_close(struct perf_buf *b)
{
	for (int i = 0; i < b->nrings; i++) {
		struct perf_buf_ring *r = &b->rings[i];

		if (r->map_len)
			munmap(r->base, r->map_len);
		if (r->fd >= 0 && !b->s->dry_run)
			close(r->fd);
	}
	free(b->rings);
	free(b->scratch);
	memset(b, 0, sizeof(*b));
}
