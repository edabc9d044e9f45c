/* The peer of rawbpf-static for size: a libbpf light skeleton of the same
 * execsnoop object (bpftool gen skeleton -L), which needs no libbpf at run
 * time either: the object and a loader program are embedded, and
 * bpf/skel_internal.h (libbpf-dev, header only) makes the syscalls. This
 * opens and loads it, attaches the tracepoint by hand (libbpf 1.1 light
 * skeletons do not attach tracepoints), and waits for a signal. It reads no
 * events and has no CLI: a lower bound for a loader of this one object. */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "execsnoop.lskel.h"   /* bpftool gen skeleton -L, by bench/size.sh */

int main(void)
{
	struct execsnoop *skel = execsnoop__open_and_load();
	struct perf_event_attr a;
	char buf[32] = "";
	int fd, pfd;

	if (!skel) {
		fprintf(stderr, "load failed\n");
		return 1;
	}
	fd = open("/sys/kernel/tracing/events/syscalls/sys_enter_execve/id", O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		return 1;
	close(fd);
	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_TRACEPOINT;
	a.size = sizeof(a);
	a.config = strtoul(buf, NULL, 10);
	a.sample_period = 1;
	a.wakeup_events = 1;
	pfd = syscall(__NR_perf_event_open, &a, -1, 0, -1, 0);
	if (pfd < 0 || ioctl(pfd, PERF_EVENT_IOC_SET_BPF, skel->progs.handle_execve.prog_fd) ||
	    ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0)) {
		fprintf(stderr, "attach failed\n");
		return 1;
	}
	puts("attached");
	pause();
	execsnoop__destroy(skel);
	return 0;
}
