/* perf_event_open(2) through syscall(__NR_perf_event_open), and its ioctls. */
#include "bpf/perf.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_perf_event_open
#define __NR_perf_event_open 298        /* x86-64 */
#endif

/* PERF_TYPE_HARDWARE... without the prefix, in the order of their values. */
static const char type_names[] = "HARDWARE\0SOFTWARE\0TRACEPOINT\0HW_CACHE\0RAW\0BREAKPOINT\0";

/* pmu and probe_target are only for the explain line: the name of a dynamic
 * PMU, and the string config1 points to. */
static int open_event(struct sys *s, struct perf_event_attr *a, int pid, int cpu,
		      int group_fd, unsigned long flags, const char *pmu,
		      const char *probe_target)
{
	char type[48], cfg1[300] = "", smp[64] = "", fl[64], wake[64] = "";
	const char *tn;
	long ret;

	a->size = sizeof(*a);
	/* Every event starts disabled: the caller attaches its program (or
	 * mmaps its ring) first, then PERF_EVENT_IOC_ENABLE switches it on. */
	a->disabled = 1;
	flags |= PERF_FLAG_FD_CLOEXEC;
	if (s->dry_run) {
		ret = sys_fake_fd(s);
	} else {
		ret = syscall(__NR_perf_event_open, a, pid, cpu, group_fd, flags);
		ret = ret < 0 ? -errno : sys_fd_above_stdio(ret);
	}
	if (!s->explain)
		return (int)ret;
	if ((tn = str_nth(type_names, a->type)))
		snprintf(type, sizeof(type), "PERF_TYPE_%s", tn);
	else
		snprintf(type, sizeof(type), "%u /* %s */", a->type, pmu ? pmu : "PMU");
	if (probe_target)
		snprintf(cfg1, sizeof(cfg1), ", config1=\"%s\", config2=%#llx", probe_target,
			 (unsigned long long)a->config2);
	if (a->sample_period)
		snprintf(smp, sizeof(smp), ", %s=%llu", a->freq ? "sample_freq" : "sample_period",
			 (unsigned long long)a->sample_period);
	/* wakeup_events and wakeup_watermark share a union: watermark says which. */
	if (a->watermark)
		snprintf(wake, sizeof(wake), ", watermark=1, wakeup_watermark=%u", a->wakeup_watermark);
	else if (a->wakeup_events)
		snprintf(wake, sizeof(wake), ", wakeup_events=%u", a->wakeup_events);
	snprintf(fl, sizeof(fl), "PERF_FLAG_FD_CLOEXEC%s",
		 flags & ~PERF_FLAG_FD_CLOEXEC ? "|..." : "");
	sys_explain(s, ret, "perf_event_open({type=%s, config=%llu%s%s%s%s, ...}, %d, %d, %d, %s)",
		    type, (unsigned long long)a->config, cfg1, smp,
		    a->sample_type == PERF_SAMPLE_RAW ? ", sample_type=PERF_SAMPLE_RAW" : "",
		    wake, pid, cpu, group_fd, fl);
	return (int)ret;
}

int perf_open(struct sys *s, struct perf_event_attr *attr, int pid, int cpu,
	      int group_fd, unsigned long flags)
{
	return open_event(s, attr, pid, cpu, group_fd, flags, NULL, NULL);
}

int perf_open_tracepoint(struct sys *s, __u64 id, int cpu)
{
	return perf_open_tracepoint_pid(s, id, -1, cpu);
}

/* A tracepoint or a probe PMU's event: every hit a sample, each a wake-up. */
static int open_hits(struct sys *s, __u32 type, __u64 config, const char *target, __u64 offset,
		     int pid, int cpu, const char *pmu)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	a.config = config;
	a.config1 = (__u64)(uintptr_t)target;
	a.config2 = offset;
	a.sample_period = 1;
	a.wakeup_events = 1;
	return open_event(s, &a, pid, cpu, -1, 0, pmu, target);
}

int perf_open_tracepoint_pid(struct sys *s, __u64 id, int pid, int cpu)
{
	return open_hits(s, PERF_TYPE_TRACEPOINT, id, NULL, 0, pid, cpu, NULL);
}

/* A number from the PMU's file: "N\n" for type, "config:N..." for
 * format/retprobe (prefix "config:"); at most max. */
static int pmu_number(const char *pmu, const char *file, const char *prefix, unsigned long max,
		      char *err, size_t errlen)
{
	char path[128], buf[32], *end = NULL;
	size_t plen = strlen(prefix);
	unsigned long v = 0;
	int ret;

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/%s", pmu, file);
	ret = sys_read_text(path, buf, sizeof(buf), err, errlen);
	if (ret == -ENOENT && !plen)
		errorf(err, errlen, ret, "%s: this kernel has no %s PMU", path, pmu);
	if (ret)
		return ret;
	if (!strncmp(buf, prefix, plen))
		v = strtoul(buf + plen, &end, 10);
	if (!end || end == buf + plen || (!plen && *end && *end != '\n') || v > max)
		return errorf(err, errlen, -EINVAL, plen ? "%s: expected \"config:BIT\", found \"%.20s\""
			      : "%s: expected a number, found \"%.20s\"", path, buf);
	return (int)v;
}

int perf_pmu_type(const char *pmu, char *err, size_t errlen)
{
	return pmu_number(pmu, "type", "", INT32_MAX, err, errlen);
}

int perf_pmu_retprobe_bit(const char *pmu, char *err, size_t errlen)
{
	return pmu_number(pmu, "format/retprobe", "config:", 63, err, errlen);
}

/* The kprobe and uprobe PMUs take the target as a string pointer in config1
 * (kprobe_func / uprobe_path) and the offset in config2. In a dry run an
 * unreadable PMU is shown as type 0 rather than stopping the story. */
static int open_probe(struct sys *s, const char *pmu, const char *target, __u64 offset,
		      bool retprobe, int pid, int cpu, char *err, size_t errlen)
{
	int type, bit = 0;

	type = perf_pmu_type(pmu, err, errlen);
	if (type >= 0 && retprobe)
		bit = perf_pmu_retprobe_bit(pmu, err, errlen);
	if (type < 0 || bit < 0) {
		if (!s->dry_run)
			return type < 0 ? type : bit;
		type = 0;
		bit = 0;
	}
	return open_hits(s, (__u32)type, retprobe ? 1ULL << bit : 0, target, offset, pid, cpu, pmu);
}

int perf_open_kprobe(struct sys *s, const char *func, __u64 offset, bool retprobe,
		     int cpu, char *err, size_t errlen)
{
	return open_probe(s, "kprobe", func, offset, retprobe, -1, cpu, err, errlen);
}

int perf_open_uprobe(struct sys *s, const char *path, __u64 offset, bool retprobe,
		     int pid, int cpu, char *err, size_t errlen)
{
	return open_probe(s, "uprobe", path, offset, retprobe, pid, cpu, err, errlen);
}

static int perf_ioctl(struct sys *s, int fd, unsigned long req, const char *name,
		      unsigned long arg)
{
	int ret = 0;

	if (!s->dry_run && ioctl(fd, req, arg) < 0)
		ret = -errno;
	sys_explain(s, ret, "ioctl(%d, %s, %lu)", fd, name, arg);
	return ret;
}

int perf_set_bpf(struct sys *s, int perf_fd, int prog_fd)
{
	return perf_ioctl(s, perf_fd, PERF_EVENT_IOC_SET_BPF, "PERF_EVENT_IOC_SET_BPF",
			  (unsigned long)prog_fd);
}

int perf_enable(struct sys *s, int perf_fd)
{
	return perf_ioctl(s, perf_fd, PERF_EVENT_IOC_ENABLE, "PERF_EVENT_IOC_ENABLE", 0);
}

int perf_disable(struct sys *s, int perf_fd)
{
	return perf_ioctl(s, perf_fd, PERF_EVENT_IOC_DISABLE, "PERF_EVENT_IOC_DISABLE", 0);
}
