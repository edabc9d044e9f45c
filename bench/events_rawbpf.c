/* events_rawbpf — the rawbpf side of the events benchmark: loads the
 * producer through rawbpf.h and drains it with rb_poll(), counting records
 * delivered and lost (rb_lost). See events_common.h for the run.
 *
 *   events_rawbpf OBJ perf|ring SECONDS RECORDS_PER_CALL
 * Prints one result line; exit 0 when produced = delivered + lost.
 */
#include "loader/rawbpf.h"
#include "events_common.h"

struct consumer {
	struct rb_object *obj;
	uint64_t delivered, progress;
};

static void on_event(void *ctx, const char *map, int cpu, const void *data, uint32_t size)
{
	struct consumer *c = ctx;

	(void)map;
	(void)cpu;
	(void)data;
	(void)size;
	c->delivered++;
}

static int poll_both(void *ctx, int timeout_ms)
{
	struct consumer *c = ctx;
	int n = rb_poll(c->obj, timeout_ms);

	c->progress = c->delivered + rb_lost(c->obj);
	return n;
}

int main(int argc, char **argv)
{
	struct consumer c = { 0 };
	struct result r = { .peer = "rawbpf" };
	struct trigger t;
	char err[512], tgid[16];
	int perf, ncpu, ret = 1;
	uint64_t *vals;

	if (argc != 5 || (strcmp(argv[2], "perf") && strcmp(argv[2], "ring"))) {
		fprintf(stderr, "usage: events_rawbpf OBJ perf|ring SECONDS RECORDS_PER_CALL\n");
		return 2;
	}
	perf = strcmp(argv[2], "perf") == 0;
	r.channel = argv[2];
	if ((ncpu = possible_cpus()) < 0 || !(vals = calloc(ncpu, sizeof(*vals))))
		return 1;
	if (pin_cpu(1) || trigger_start(&t, atof(argv[3]))) {
		perror("events_rawbpf: pin or fork");
		return 1;
	}
	snprintf(tgid, sizeof(tgid), "%d", (int)t.pid);
	if (rb_open(argv[1], &c.obj, err, sizeof(err)) ||
	    rb_set(c.obj, "target_tgid", tgid, err, sizeof(err)) ||
	    rb_set(c.obj, "records_per_call", argv[4], err, sizeof(err)) ||
	    rb_set(c.obj, "use_perf", perf ? "1" : "0", err, sizeof(err)) ||
	    rb_set(c.obj, "use_ringbuf", perf ? "0" : "1", err, sizeof(err)) ||
	    rb_load_object(c.obj, NULL, err, sizeof(err)) ||
	    rb_attach_all(c.obj, err, sizeof(err)) ||
	    rb_poll_open(c.obj, on_event, &c, err, sizeof(err))) {
		fprintf(stderr, "events_rawbpf: %s: %s\n", argv[1], err);
		goto out;
	}
	if (drive(&t, poll_both, &c, &c.delivered, &c.progress, &r)) {
		perror("events_rawbpf: run");
		goto out;
	}
	for (uint32_t k = 0; k < NR_COUNTERS; k++) {
		if (rb_map_lookup(c.obj, "produced", &k, vals)) {
			fprintf(stderr, "events_rawbpf: lookup of produced[%u] failed\n", k);
			goto out;
		}
		for (int i = 0; i < ncpu; i++)
			r.counters[k] += vals[i];
	}
	r.delivered = c.delivered;
	r.lost_reported = rb_lost(c.obj);
	ret = result_print(&r);
out:
	rb_close(c.obj);
	if (trigger_finish(&t) && !ret)
		ret = 1;
	free(vals);
	return ret;
}
