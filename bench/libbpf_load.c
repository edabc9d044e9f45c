/* libbpf_load — the peer in bench/: opens and loads one BPF object with
 * Debian's libbpf, the way a libbpf tool would, and reports how long it took
 * from "open the file" to "every program loaded". The count of bpf() calls is
 * measured outside, by strace (bench/run.sh), so this program makes no effort
 * to count anything itself.
 *
 *   libbpf_load [-v] [-r N] OBJ
 *     -v     show libbpf's own messages (warnings and errors) on stderr
 *     -r N   open, load and close N times in this process; report min and
 *            median (default 1)
 * Prints one line: "OBJ: P programs, M maps, open+load min US us median US us".
 * Exit 0 when every run loaded, 1 otherwise, 2 on usage errors.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int warn_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

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

/* One open+load+close. Returns 0 or a negative errno; *ns is the time from
 * open to loaded (close is not counted: a tool keeps the object). */
static int load_once(const char *path, long long *ns, int *nprogs, int *nmaps)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	long long t0 = now_ns();
	int err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -errno;
	err = bpf_object__load(obj);
	*ns = now_ns() - t0;
	*nprogs = 0;
	*nmaps = 0;
	bpf_object__for_each_program(prog, obj)
		(*nprogs)++;
	bpf_object__for_each_map(map, obj)
		(*nmaps)++;
	bpf_object__close(obj);
	return err;
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
	int verbose = 0, runs = 1, nprogs = 0, nmaps = 0, c, i, err = 0;
	long long *ns, first = 0;

	while ((c = getopt(argc, argv, "vr:")) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 'r':
			runs = atoi(optarg);
			if (runs < 1 || runs > 100000) {
				fprintf(stderr, "libbpf_load: -r wants 1..100000\n");
				return 2;
			}
			break;
		default:
			fprintf(stderr, "usage: libbpf_load [-v] [-r N] OBJ\n");
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: libbpf_load [-v] [-r N] OBJ\n");
		return 2;
	}
	libbpf_set_print(verbose ? warn_print : quiet_print);
	ns = calloc(runs, sizeof(*ns));
	if (!ns)
		return 1;
	for (i = 0; i < runs; i++) {
		err = load_once(argv[optind], &ns[i], &nprogs, &nmaps);
		if (i == 0)
			first = ns[0];
		if (err) {
			fprintf(stderr, "libbpf_load: %s: run %d: load failed: %s\n",
				argv[optind], i + 1, strerror(-err));
			free(ns);
			return 1;
		}
	}
	qsort(ns, runs, sizeof(*ns), cmp_ll);
	printf("%s: %d programs, %d maps, open+load min %lld us median %lld us\n",
	       argv[optind], nprogs, nmaps, ns[0] / 1000, ns[runs / 2] / 1000);
	print_first(argv[optind], first);
	free(ns);
	return 0;
}
