/* perf_event_open(2) and the perf ioctls that attach BPF programs.
 *
 * The ABI is include/uapi/linux/perf_event.h. All calls go through the
 * explain / dry-run machinery of struct sys (bpf/sys.h). fds returned are
 * never 0..2 and carry FD_CLOEXEC.
 *
 * Errors: an fd or 0 on success, a negative errno on failure; sys_hint(
 * SYS_PERF_EVENT_OPEN, err) names the capability or sysctl for refusals.
 * Functions that read sysfs also write one line into err[errlen].
 */
#ifndef RAWBPF_PERF_H
#define RAWBPF_PERF_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/perf_event.h>
#include "bpf/sys.h"

/* The raw call: perf_event_open(attr, pid, cpu, group_fd, flags), flags with
 * PERF_FLAG_FD_CLOEXEC added. attr->size is set here. */
int perf_open(struct sys *s, struct perf_event_attr *attr, int pid, int cpu,
	      int group_fd, unsigned long flags);

/* A tracepoint event by its tracefs id (sys_tracefs_tp_id()), on pid -1 and
 * the given cpu: what a BPF_PROG_TYPE_TRACEPOINT (or a legacy kprobe/uprobe
 * event) is attached to. The program then runs on every CPU. */
int perf_open_tracepoint(struct sys *s, __u64 id, int cpu);
/* The same for one process: pid (-1: any) and cpu (-1: any). perf_event_open
 * refuses pid -1 with cpu -1 (EINVAL), so a legacy uprobe for one process is
 * (pid, -1) and one for every process is (-1, some CPU). */
int perf_open_tracepoint_pid(struct sys *s, __u64 id, int pid, int cpu);

/* The dynamic PMU type of "kprobe" or "uprobe" from
 * /sys/bus/event_source/devices/PMU/type; -ENOENT when the kernel has none. */
int perf_pmu_type(const char *pmu, char *err, size_t errlen);
/* The config bit that makes a return probe, from .../PMU/format/retprobe
 * ("config:0"). */
int perf_pmu_retprobe_bit(const char *pmu, char *err, size_t errlen);

/* A kprobe on func+offset (or a kretprobe) through the kprobe PMU, 4.17+. */
int perf_open_kprobe(struct sys *s, const char *func, __u64 offset, bool retprobe,
		     int cpu, char *err, size_t errlen);
/* A uprobe at file offset in path (or a uretprobe) through the uprobe PMU;
 * pid -1 for every process. */
int perf_open_uprobe(struct sys *s, const char *path, __u64 offset, bool retprobe,
		     int pid, int cpu, char *err, size_t errlen);

/* PERF_EVENT_IOC_SET_BPF: run prog_fd when the event fires. */
int perf_set_bpf(struct sys *s, int perf_fd, int prog_fd);
/* PERF_EVENT_IOC_ENABLE / PERF_EVENT_IOC_DISABLE. */
int perf_enable(struct sys *s, int perf_fd);
int perf_disable(struct sys *s, int perf_fd);

#endif
