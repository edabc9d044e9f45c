/* rawbpf_load — libbpf_load's counterpart through rawbpf.h: opens and loads
 * one BPF object N times in one process (rb_open + rb_load_object, then
 * rb_close outside the timed part) and reports open-to-loaded time, so the
 * two libraries can be compared without process start-up.
 *
 *   rawbpf_load [-r N] OBJ
 * Prints one line: "OBJ: open+load min US us median US us".
 * Exit 0 when every run loaded, 1 otherwise, 2 on usage errors.
 */
#include "loader/rawbpf.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The first load's time (the only one that reads the kernel's BTF when a
 * library keeps it) and the process's peak resident memory, on a line of
 * their own: "OBJ: first US us maxrss KIB KiB" (bench/coreload.sh). */
static void print_first(const char *obj, long long first_ns)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("%s: first %lld us maxrss %ld KiB\n", obj, first_ns / 1000, ru.ru_maxrss);
}

int main(int argc, char **argv)
{
	int runs = 1, c;
	long long *ns, first = 0;
	char err[512];

	while ((c = getopt(argc, argv, "r:")) != -1) {
		if (c != 'r' || (runs = atoi(optarg)) < 1 || runs > 100000) {
			fprintf(stderr, "usage: rawbpf_load [-r N] OBJ   (N in 1..100000)\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: rawbpf_load [-r N] OBJ\n");
		return 2;
	}
	if (!(ns = calloc(runs, sizeof(*ns))))
		return 1;
	for (int i = 0; i < runs; i++) {
		struct rb_object *obj = NULL;
		long long t0 = now_ns();

		if (rb_open(argv[optind], &obj, err, sizeof(err)) ||
		    rb_load_object(obj, NULL, err, sizeof(err))) {
			fprintf(stderr, "rawbpf_load: %s: run %d: %s\n", argv[optind], i + 1, err);
			rb_close(obj);
			free(ns);
			return 1;
		}
		ns[i] = now_ns() - t0;
		if (i == 0)
			first = ns[0];
		rb_close(obj);
	}
	qsort(ns, runs, sizeof(*ns), cmp_ll);
	printf("%s: open+load min %lld us median %lld us\n", argv[optind], ns[0] / 1000,
	       ns[runs / 2] / 1000);
	print_first(argv[optind], first);
	free(ns);
	return 0;
}
