/* events_libbpf — the libbpf side of the events benchmark: loads the
 * producer with libbpf and drains it with perf_buffer__poll() or
 * ring_buffer__poll(), counting records delivered and lost. The perf
 * buffers have the size rawbpf's rb_poll_open() gives them (8 data pages
 * per CPU); the ring buffer's size is the map's. See events_common.h.
 *
 *   events_libbpf OBJ perf|ring SECONDS RECORDS_PER_CALL [watermark]
 * Prints one result line; exit 0 when produced = delivered + lost.
 *
 * perf_buffer__new() opens its events with wakeup_events 1: the producer
 * pays a wake-up per record, which slows it to about what the consumer
 * drains. With "watermark" the perf buffers are opened with
 * perf_buffer__new_raw() and the event attributes rawbpf uses (a wake-up
 * when a quarter of the data pages is filled, bpf/perfbuf.c), so both
 * consumers face the same producer (peer libbpf_wm).
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <linux/perf_event.h>

#include "events_common.h"

#define PERF_PAGES 8

struct consumer {
	struct perf_buffer *pb;
	struct ring_buffer *rb;
	uint64_t delivered, lost, progress;
	bool watermark;         /* perf buffers opened by perf_watermark() */
};

static int warn_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	struct consumer *c = ctx;

	(void)cpu;
	(void)data;
	(void)size;
	c->delivered++;
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	struct consumer *c = ctx;

	(void)cpu;
	c->lost += n;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct consumer *c = ctx;

	(void)data;
	(void)size;
	c->delivered++;
	return 0;
}

/* perf_buffer__new_raw()'s callback: every record of the ring. */
static enum bpf_perf_event_ret on_raw(void *ctx, int cpu, struct perf_event_header *h)
{
	struct consumer *c = ctx;

	(void)cpu;
	if (h->type == PERF_RECORD_SAMPLE)
		c->delivered++;
	else if (h->type == PERF_RECORD_LOST)   /* header, u64 id, u64 lost */
		c->lost += ((const __u64 *)(h + 1))[1];
	return LIBBPF_PERF_EVENT_CONT;
}

/* The attributes rawbpf's perf_buf_open() gives its events. */
static struct perf_buffer *perf_watermark(int map_fd, struct consumer *c)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_BPF_OUTPUT;
	a.sample_type = PERF_SAMPLE_RAW;
	a.sample_period = 1;
	a.watermark = 1;
	a.wakeup_watermark = PERF_PAGES * (__u32)sysconf(_SC_PAGESIZE) / 4;
	return perf_buffer__new_raw(map_fd, PERF_PAGES, &a, on_raw, c, NULL);
}

static int poll_one(void *ctx, int timeout_ms)
{
	struct consumer *c = ctx;
	int n = c->pb ? perf_buffer__poll(c->pb, timeout_ms) : ring_buffer__poll(c->rb, timeout_ms);

	/* Below the watermark nothing wakes epoll: read every ring on the
	 * timeout, as rawbpf does on its timer. */
	if (n == 0 && c->pb && c->watermark)
		n = perf_buffer__consume(c->pb);

	c->progress = c->delivered + c->lost;
	return n;
}

/* Set a __u32 variable of .rodata before load, found by the object's BTF. */
static int set_rodata(struct bpf_object *obj, const char *name, __u32 value)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".rodata");
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	const void *cur;
	size_t size;
	char *data;
	int id, err;

	if (!map || !btf || !(cur = bpf_map__initial_value(map, &size)))
		return -ENOENT;
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (id < 0)
		return id;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (strcmp(btf__name_by_offset(btf, var->name_off), name) == 0 &&
		    vs->size == sizeof(value) && vs->offset + sizeof(value) <= size) {
			if (!(data = malloc(size)))
				return -ENOMEM;
			memcpy(data, cur, size);
			memcpy(data + vs->offset, &value, sizeof(value));
			err = bpf_map__set_initial_value(map, data, size);
			free(data);
			return err;
		}
	}
	return -ENOENT;
}

int main(int argc, char **argv)
{
	struct consumer c = { 0 };
	struct result r = { .peer = "libbpf" };
	struct bpf_object *obj = NULL;
	struct bpf_program *prog;
	struct bpf_link *links[4] = { 0 };
	struct trigger t;
	int perf, ncpu, nlinks = 0, err, ret = 1;
	uint64_t *vals;

	if ((argc != 5 && (argc != 6 || strcmp(argv[5], "watermark"))) ||
	    (strcmp(argv[2], "perf") && strcmp(argv[2], "ring"))) {
		fprintf(stderr, "usage: events_libbpf OBJ perf|ring SECONDS RECORDS_PER_CALL [watermark]\n");
		return 2;
	}
	perf = strcmp(argv[2], "perf") == 0;
	if (argc == 6) {
		r.peer = "libbpf_wm";
		c.watermark = true;
	}
	r.channel = argv[2];
	libbpf_set_print(warn_print);
	if ((ncpu = possible_cpus()) < 0 || !(vals = calloc(ncpu, sizeof(*vals))))
		return 1;
	if (pin_cpu(1) || trigger_start(&t, atof(argv[3]))) {
		perror("events_libbpf: pin or fork");
		return 1;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "events_libbpf: %s: open failed\n", argv[1]);
		goto out;
	}
	if ((err = set_rodata(obj, "target_tgid", t.pid)) ||
	    (err = set_rodata(obj, "records_per_call", atoi(argv[4]))) ||
	    (err = set_rodata(obj, "use_perf", perf)) ||
	    (err = set_rodata(obj, "use_ringbuf", !perf)) ||
	    (err = bpf_object__load(obj))) {
		fprintf(stderr, "events_libbpf: %s: set or load: %s\n", argv[1], strerror(-err));
		goto out;
	}
	bpf_object__for_each_program(prog, obj) {
		if (nlinks == 4 || !(links[nlinks++] = bpf_program__attach(prog))) {
			fprintf(stderr, "events_libbpf: attach %s failed\n", bpf_program__name(prog));
			goto out;
		}
	}
	if (perf && argc == 6)
		c.pb = perf_watermark(bpf_object__find_map_fd_by_name(obj, "perf_events"), &c);
	else if (perf)
		c.pb = perf_buffer__new(bpf_object__find_map_fd_by_name(obj, "perf_events"), PERF_PAGES,
					on_sample, on_lost, &c, NULL);
	else
		c.rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "ring_events"), on_record,
					&c, NULL);
	if (!c.pb && !c.rb) {
		fprintf(stderr, "events_libbpf: %s buffer: %s\n", argv[2], strerror(errno));
		goto out;
	}
	if (drive(&t, poll_one, &c, &c.delivered, &c.progress, &r)) {
		perror("events_libbpf: run");
		goto out;
	}
	for (__u32 k = 0; k < NR_COUNTERS; k++) {
		if (bpf_map_lookup_elem(bpf_object__find_map_fd_by_name(obj, "produced"), &k, vals)) {
			fprintf(stderr, "events_libbpf: lookup of produced[%u] failed\n", k);
			goto out;
		}
		for (int i = 0; i < ncpu; i++)
			r.counters[k] += vals[i];
	}
	r.delivered = c.delivered;
	r.lost_reported = c.lost;
	ret = result_print(&r);
out:
	perf_buffer__free(c.pb);
	ring_buffer__free(c.rb);
	for (int i = 0; i < nlinks; i++)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);
	if (trigger_finish(&t) && !ret)
		ret = 1;
	free(vals);
	return ret;
}
