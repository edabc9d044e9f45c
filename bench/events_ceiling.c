/* events_ceiling — ceilings for ring buffer consumers on this producer
 * (events.sh). It loads the producer through rawbpf.h like events_rawbpf,
 * maps the ring's two positions and reads no record: each look moves the
 * consumer position up to the producer's. Every record of overload.bpf.c is
 * the same size (a 64-byte event and the 8-byte header), so records =
 * bytes / 72. Nothing a real consumer must do (read a header, hand the
 * record on) is done, so no consumer that waits the same way drains faster.
 *
 *   epoll    wait for the ring's epoll wake-up, then catch up: the kernel
 *            queues a wake-up for the next record committed
 *   holdUS   keep one record's room back (no record is committed at the
 *            published position, so no wake-up is queued) and look again
 *            after a US-microsecond sleep; all given back at the end
 *
 *   events_ceiling OBJ SECONDS RECORDS_PER_CALL epoll|holdUS
 * Prints one result line (peer=ceiling_epoll or ceiling_hold); exit 0 when
 * it balances.
 */
#include "loader/rawbpf.h"
#include "events_common.h"

#include <sys/epoll.h>
#include <sys/mman.h>

#define REC_STEP 72 /* 8-byte header + 64-byte struct event, 8-aligned */

struct consumer {
	unsigned long *cons;
	const unsigned long *prod;
	int epfd, hold;
	unsigned long mine;
	long sleep_ns;
	uint64_t delivered, progress;
};

static void advance(struct consumer *c)
{
	unsigned long prod = __atomic_load_n(c->prod, __ATOMIC_ACQUIRE);

	if (prod != c->mine) {
		c->delivered += (prod - c->mine) / REC_STEP;
		c->mine = prod;
		/* hold: one record's room kept back, so the next commit is not
		 * at the published position and queues no wake-up */
		__atomic_store_n(c->cons, c->hold && prod >= REC_STEP ? prod - REC_STEP : prod,
				 __ATOMIC_RELEASE);
	}
}

static int poll_ring(void *ctx, int timeout_ms)
{
	struct consumer *c = ctx;
	struct epoll_event ev;
	int n = 0;

	if (c->hold) {
		double end = now_s() + timeout_ms / 1000.0;
		struct timespec ts = { 0, c->sleep_ns };

		do {
			advance(c);
			nanosleep(&ts, NULL);
		} while (now_s() < end);
		advance(c);
		/* all the room, so the flush record gets through */
		__atomic_store_n(c->cons, c->mine, __ATOMIC_RELEASE);
	} else {
		n = epoll_wait(c->epfd, &ev, 1, timeout_ms);
		advance(c);
	}
	c->progress = c->delivered;
	return n;
}

int main(int argc, char **argv)
{
	struct consumer c = { 0 };
	struct result r = { .peer = NULL, .channel = "ring" };
	struct epoll_event ev = { .events = EPOLLIN };
	struct rb_object *obj = NULL;
	struct trigger t;
	char err[512], tgid[16];
	long page = sysconf(_SC_PAGESIZE);
	int ncpu, fd, ret = 1;
	uint64_t *vals;
	void *cons, *prod;

	if (argc != 5 || (strcmp(argv[4], "epoll") && strncmp(argv[4], "hold", 4))) {
		fprintf(stderr, "usage: events_ceiling OBJ SECONDS RECORDS_PER_CALL epoll|holdUS\n");
		return 2;
	}
	c.hold = strncmp(argv[4], "hold", 4) == 0;
	c.sleep_ns = c.hold ? atol(argv[4] + 4) * 1000 : 0;
	r.peer = c.hold ? "ceiling_hold" : "ceiling_epoll";
	if ((ncpu = possible_cpus()) < 0 || !(vals = calloc(ncpu, sizeof(*vals))))
		return 1;
	if (pin_cpu(1) || trigger_start(&t, atof(argv[2]))) {
		perror("events_ceiling: pin or fork");
		return 1;
	}
	snprintf(tgid, sizeof(tgid), "%d", (int)t.pid);
	if (rb_open(argv[1], &obj, err, sizeof(err)) ||
	    rb_set(obj, "target_tgid", tgid, err, sizeof(err)) ||
	    rb_set(obj, "records_per_call", argv[3], err, sizeof(err)) ||
	    rb_set(obj, "use_perf", "0", err, sizeof(err)) ||
	    rb_set(obj, "use_ringbuf", "1", err, sizeof(err)) ||
	    rb_load_object(obj, NULL, err, sizeof(err)) ||
	    rb_attach_all(obj, err, sizeof(err))) {
		fprintf(stderr, "events_ceiling: %s: %s\n", argv[1], err);
		goto out;
	}
	fd = rb_map_fd(obj, "ring_events");
	cons = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	prod = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, page);
	c.epfd = epoll_create1(0);
	if (fd < 0 || cons == MAP_FAILED || prod == MAP_FAILED || c.epfd < 0 ||
	    epoll_ctl(c.epfd, EPOLL_CTL_ADD, fd, &ev)) {
		perror("events_ceiling: ring_events");
		goto out;
	}
	c.cons = cons;
	c.prod = prod;
	if (drive(&t, poll_ring, &c, &c.delivered, &c.progress, &r)) {
		perror("events_ceiling: run");
		goto out;
	}
	for (uint32_t k = 0; k < NR_COUNTERS; k++) {
		if (rb_map_lookup(obj, "produced", &k, vals)) {
			fprintf(stderr, "events_ceiling: lookup of produced[%u] failed\n", k);
			goto out;
		}
		for (int i = 0; i < ncpu; i++)
			r.counters[k] += vals[i];
	}
	r.delivered = c.delivered;
	ret = result_print(&r);
out:
	rb_close(obj);
	if (trigger_finish(&t) && !ret)
		ret = 1;
	free(vals);
	return ret;
}
