/* CPU lists: Documentation/admin-guide/cputopology.rst ("0-3,5"). */
#include "bpf/cpus.h"
#include "common/err.h"
#include "bpf/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CPU_LIMIT 65536         /* far above any real machine: a sanity bound */

int sys_cpu_list_parse(const char *text, bool *set, int nset, char *err, size_t errlen)
{
	const char *p = text;
	long top = -1;

	if (set)
		memset(set, 0, (size_t)nset * sizeof(*set));
	while (*p && *p != '\n') {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;

		if (end == p || lo < 0 || lo >= CPU_LIMIT)
			goto bad;
		p = end;
		if (*p == '-') {
			hi = strtol(p + 1, &end, 10);
			if (end == p + 1 || hi < lo || hi >= CPU_LIMIT)
				goto bad;
			p = end;
		}
		for (long c = lo; set && c <= hi && c < nset; c++)
			set[c] = true;
		if (hi > top)
			top = hi;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			goto bad;
	}
	if (top < 0)
		goto bad;
	return (int)top + 1;
bad:
	return errorf(err, errlen, -EINVAL, "CPU list \"%.40s\": expected N or N-M, comma separated", text);
}

static int read_list(const char *path, bool *set, int nset, char *err, size_t errlen)
{
	char buf[4096];
	int ret = sys_read_text(path, buf, sizeof(buf), err, errlen);

	return ret ? ret : sys_cpu_list_parse(buf, set, nset, err, errlen);
}

int sys_cpus_possible(char *err, size_t errlen)
{
	return read_list("/sys/devices/system/cpu/possible", NULL, 0, err, errlen);
}

int sys_cpus_online(bool *set, int nset, char *err, size_t errlen)
{
	return read_list("/sys/devices/system/cpu/online", set, nset, err, errlen);
}

int sys_cpu_list_alloc(const char *text, bool **set, char *err, size_t errlen)
{
	int n = sys_cpu_list_parse(text, NULL, 0, err, errlen);

	*set = NULL;
	if (n < 0)
		return n;
	*set = calloc((size_t)n, sizeof(**set));
	if (!*set) {
		snprintf(err, errlen, "CPU list of %d CPUs: out of memory", n);
		return -ENOMEM;
	}
	return sys_cpu_list_parse(text, *set, n, err, errlen);
}

int sys_cpus_online_alloc(bool **set, char *err, size_t errlen)
{
	static const char path[] = "/sys/devices/system/cpu/online";
	char buf[4096];
	int ret = sys_read_text(path, buf, sizeof(buf), err, errlen);

	*set = NULL;
	return ret ? ret : sys_cpu_list_alloc(buf, set, err, errlen);
}
