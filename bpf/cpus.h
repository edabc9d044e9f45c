/* CPU numbers, from /sys/devices/system/cpu/{possible,online}.
 *
 * Per-CPU maps and PERF_EVENT_ARRAY are indexed by CPU number up to the
 * highest possible CPU, so "how many" here means highest number + 1, which
 * can be more than the count when the list has holes ("0-3,5" gives 6).
 */
#ifndef RAWBPF_CPUS_H
#define RAWBPF_CPUS_H

#include <stdbool.h>
#include <stddef.h>

/* Parse a kernel CPU list ("0-3,5\n"). Sets set[i] for each CPU i < nset
 * named (set may be NULL) and returns the highest CPU + 1, or -EINVAL with a
 * message in err. CPUs >= nset are counted but not marked. */
int sys_cpu_list_parse(const char *text, bool *set, int nset, char *err, size_t errlen);

/* Highest possible CPU + 1: the size of per-CPU arrays. */
int sys_cpus_possible(char *err, size_t errlen);

/* Mark online CPUs in set[nset]; returns highest online CPU + 1. Open one
 * perf buffer per online CPU: perf_event_open fails on offline ones. */
int sys_cpus_online(bool *set, int nset, char *err, size_t errlen);

/* The same into a set sized to the list, so no CPU number, however high, is
 * cut off or read past: *set gets a calloc'd array of as many entries as
 * the return value (highest CPU + 1; the caller frees it), or NULL on error
 * (-EINVAL with a message, -ENOMEM). */
int sys_cpu_list_alloc(const char *text, bool **set, char *err, size_t errlen);
int sys_cpus_online_alloc(bool **set, char *err, size_t errlen);

#endif
