/* consumer_libbpf — the libbpf peer of bench/consume.sh: loads
 * getppid_events.bpf.o, attaches, and prints every record with one printf
 * line (the fields rawbpf prints) from ring_buffer__poll() or
 * perf_buffer__poll() until SIGINT or SIGTERM; then the totals on stderr.
 * stdout is left as stdio sets it (fully buffered into a file).
 *
 *   consumer_libbpf OBJ ring|perf TARGET_TGID PERF_PAGES
 * Prints "ready" on stderr once attached.
 */
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct event {
	unsigned long long seq, ts;
	unsigned int pid, cpu;
	unsigned long long n;
};

static volatile sig_atomic_t stop;
static unsigned long long printed, lost;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_DEBUG ? 0 : vfprintf(stderr, fmt, ap);
}

static void print_event(const char *map, int cpu, const struct event *e)
{
	if (cpu >= 0)
		printf("%-8s cpu %-3d seq=%llu ts=%llu pid=%u cpu=%u n=%llu\n", map, cpu, e->seq, e->ts,
		       e->pid, e->cpu, e->n);
	else
		printf("%-8s seq=%llu ts=%llu pid=%u cpu=%u n=%llu\n", map, e->seq, e->ts, e->pid,
		       e->cpu, e->n);
	printed++;
}

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	(void)ctx;
	(void)size;
	print_event("perf", cpu, data);
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	(void)ctx;
	(void)cpu;
	lost += n;
}

static int on_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)size;
	print_event("ring", -1, data);
	return 0;
}

/* Set a __u32 of .rodata before load. */
static int set_rodata(struct bpf_object *obj, const char *name, __u32 value)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, ".rodata");
	struct btf *btf = bpf_object__btf(obj);
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	const void *cur;
	size_t size;
	char *data;
	int id, err;

	if (!map || !btf || !(cur = bpf_map__initial_value(map, &size)))
		return -ENOENT;
	if ((id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC)) < 0)
		return id;
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (strcmp(btf__name_by_offset(btf, var->name_off), name) || vs->size != sizeof(value))
			continue;
		if (!(data = malloc(size)))
			return -ENOMEM;
		memcpy(data, cur, size);
		memcpy(data + vs->offset, &value, sizeof(value));
		err = bpf_map__set_initial_value(map, data, size);
		free(data);
		return err;
	}
	return -ENOENT;
}

/* The producer's counters summed over CPUs, as rawbpf prints maps at exit. */
static void print_counts(struct bpf_object *obj)
{
	int fd = bpf_object__find_map_fd_by_name(obj, "counts"), ncpu = libbpf_num_possible_cpus();
	unsigned long long v[1024];

	for (__u32 k = 0; k < 2 && ncpu > 0 && ncpu <= 1024; k++) {
		unsigned long long sum = 0;

		if (bpf_map_lookup_elem(fd, &k, v))
			continue;
		for (int i = 0; i < ncpu; i++)
			sum += v[i];
		printf("@counts[%u]: %llu\n", k, sum);
	}
}

int main(int argc, char **argv)
{
	struct perf_buffer *pb = NULL;
	struct ring_buffer *rb = NULL;
	struct bpf_object *obj;
	struct bpf_link *link;
	int ring, err;

	if (argc != 5) {
		fprintf(stderr, "usage: consumer_libbpf OBJ ring|perf TARGET_TGID PERF_PAGES\n");
		return 2;
	}
	ring = !strcmp(argv[2], "ring");
	libbpf_set_print(quiet);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!(obj = bpf_object__open_file(argv[1], NULL)) ||
	    (err = set_rodata(obj, "target_tgid", atoi(argv[3]))) ||
	    (err = set_rodata(obj, ring ? "use_ring" : "use_perf", 1)) ||
	    (err = bpf_object__load(obj))) {
		fprintf(stderr, "consumer_libbpf: %s: open, set or load failed\n", argv[1]);
		return 1;
	}
	link = bpf_program__attach(bpf_object__find_program_by_name(obj, "send_event"));
	if (ring)
		rb = ring_buffer__new(bpf_object__find_map_fd_by_name(obj, "ring"), on_record, NULL, NULL);
	else
		pb = perf_buffer__new(bpf_object__find_map_fd_by_name(obj, "perf"), atoi(argv[4]),
				      on_sample, on_lost, NULL, NULL);
	if (!link || (!rb && !pb)) {
		fprintf(stderr, "consumer_libbpf: attach or buffer failed: %s\n", strerror(errno));
		return 1;
	}
	fprintf(stderr, "ready\n");
	while (!stop) {
		err = rb ? ring_buffer__poll(rb, 100) : perf_buffer__poll(pb, 100);
		if (err < 0 && err != -EINTR)
			break;
	}
	if (rb)
		ring_buffer__consume(rb);
	else
		perf_buffer__consume(pb);
	print_counts(obj);
	fflush(stdout);
	fprintf(stderr, "consumer_libbpf: %llu events, %llu lost\n", printed, lost);
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
