/* btf_common.h — what the two BTF benchmarks share: the names file, the
 * clock, peak memory and the result line. Only parsing and lookup differ
 * between btf_rawbpf.c and btf_libbpf.c.
 *
 * The names file has one "KIND NAME" per line (KIND a BTF_KIND_* number),
 * written by bench/btf.sh from the kernel's BTF. Both programs print the sum
 * of the ids they found, so one can check that they found the same types.
 */
#ifndef BENCH_BTF_COMMON_H
#define BENCH_BTF_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct name {
	int kind;
	char name[128];
};

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline long maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Reads the names file; returns the count or -1. */
static inline int read_names(const char *path, struct name **out)
{
	FILE *f = fopen(path, "r");
	struct name *v = NULL;
	int n = 0, cap = 0;

	if (!f)
		return -1;
	for (;;) {
		if (n == cap) {
			struct name *nv = realloc(v, (cap = cap ? 2 * cap : 1024) * sizeof(*v));

			if (!nv) {
				free(v);
				fclose(f);
				return -1;
			}
			v = nv;
		}
		if (fscanf(f, "%d %127s", &v[n].kind, v[n].name) != 2)
			break;
		n++;
	}
	fclose(f);
	*out = v;
	return n;
}

static inline void result_print(const char *peer, int n, int found, uint64_t idsum,
				double parse_s, double first_s, double lookup_s, long rss_start,
				long rss_end)
{
	printf("peer=%s names=%d found=%d idsum=%llu parse_ms=%.2f first_lookup_ms=%.3f lookup_ms=%.3f "
	       "maxrss_kib=%ld maxrss_start_kib=%ld maxrss_added_kib=%ld\n",
	       peer, n, found, (unsigned long long)idsum, parse_s * 1e3, first_s * 1e3, lookup_s * 1e3,
	       rss_end, rss_start, rss_end - rss_start);
}

#endif
