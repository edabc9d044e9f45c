/* Events: readers for the object's perf buffers, ring buffers and
 * trace_pipe, one epoll for all, each record handed to the caller as it
 * comes (the rawbpf command prints it: loader/cli/print_events.c). */
#include "loader/run/events.h"
#include "common/util.h"
#include "bpf/cpus.h"
#include "bpf/perfbuf.h"
#include "bpf/ringbuf.h"
#include "bpf/tracefs.h"
#include "insn/insn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#define HELPER_TRACE_PRINTK  6   /* BPF_FUNC_trace_printk */
#define HELPER_TRACE_VPRINTK 177 /* BPF_FUNC_trace_vprintk */

/* Where records come from. (bpf_printk lines come from trace_pipe, read
 * apart: it is one file, not a map.) */
enum source_kind { SOURCE_PERF_BUFFER, SOURCE_RING_BUFFER };

struct source {
	struct run_events *ev;
	const struct plan_map *map;
	enum source_kind kind;
	struct perf_buf perf;
	struct ring ring;
};

struct run_events {
	struct rb_object *obj;
	struct run_events_opts o;
	int epfd;
	struct source *src;
	size_t nsrc;
	int pipe_fd;
	char line[4096];
	size_t linelen;
	unsigned long long events, lost;
};

static void on_sample(void *ctx, int cpu, const void *data, __u32 size)
{
	struct source *s = ctx;

	s->ev->events++;
	s->ev->o.on_event(s->ev->o.ctx, s->map->name, cpu, data, size);
}

static void on_lost(void *ctx, int cpu, __u64 lost)
{
	struct source *s = ctx;

	s->ev->lost += lost;
	if (s->ev->o.warn)
		fprintf(s->ev->o.warn, "rawbpf: map %s: lost %llu records on CPU %d (perf buffer full; try --pages)\n",
			s->map->name, (unsigned long long)lost, cpu);
}

static int on_record(void *ctx, const void *data, __u32 size)
{
	struct source *s = ctx;

	s->ev->events++;
	s->ev->o.on_event(s->ev->o.ctx, s->map->name, -1, data, size);
	return 0;
}

/* Does any program call bpf_trace_printk / bpf_trace_vprintk? Only then is
 * trace_pipe opened. */
static bool uses_printk(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct plan_prog *p = &obj->progs[i];

		for (size_t k = 0; p->fd >= 0 && k < p->ninsns; k++)
			if (insn_is_helper_call(&p->insns[k]) &&
			    (p->insns[k].imm == HELPER_TRACE_PRINTK || p->insns[k].imm == HELPER_TRACE_VPRINTK))
				return true;
	}
	return false;
}

static struct source *add_source(struct run_events *ev, const struct plan_map *m, enum source_kind kind)
{
	struct source *s;

	/* Sources are pointed to by epoll: allocate all before adding any. */
	s = &ev->src[ev->nsrc++];
	memset(s, 0, sizeof(*s));
	s->ev = ev;
	s->map = m;
	s->kind = kind;
	return s;
}

int run_events_open(struct rb_object *obj, const struct run_events_opts *o,
		   struct run_events **out, char *err, size_t errlen)
{
	struct run_events *ev = calloc(1, sizeof(*ev));
	char msg[ERR_LEN];
	bool online[4096];
	int ncpu = 0, ret = 0;

	*out = NULL;
	if (!ev)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	ev->obj = obj;
	ev->o = *o;
	ev->pipe_fd = -1;
	ev->src = calloc(obj->nmaps + 1, sizeof(*ev->src));
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!ev->src || ev->epfd < 0) {
		run_events_close(ev);
		return errorf(err, errlen, -ENOMEM, "out of memory or epoll_create1 failed");
	}
	for (size_t i = 0; i < obj->nmaps && !ret; i++) {
		const struct plan_map *m = &obj->maps[i];
		struct source *s;

		if (m->fd < 0 || m->is_inner)
			continue;
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
			if (!ncpu && (ncpu = sys_cpus_online(online, 4096, msg, sizeof(msg))) < 0) {
				ret = errorf(err, errlen, ncpu, "%s", msg);
				break;
			}
			s = add_source(ev, m, SOURCE_PERF_BUFFER);
			perf_buf_init(&s->perf, o->sys, on_sample, on_lost, s);
			ret = perf_buf_open(&s->perf, m->fd, online, ncpu < (int)m->max_entries ? ncpu : (int)m->max_entries,
					    o->page_order, msg, sizeof(msg));
			if (!ret)
				ret = perf_buf_epoll_add(&s->perf, ev->epfd, s);
			if (ret)
				ret = errorf(err, errlen, ret, "perf buffer of map %s: %s", m->name, msg);
		} else if (m->type == BPF_MAP_TYPE_RINGBUF) {
			s = add_source(ev, m, SOURCE_RING_BUFFER);
			ret = ring_open(&s->ring, o->sys, m->fd, m->max_entries, on_record, s, msg, sizeof(msg));
			if (!ret)
				ret = ring_epoll_add(&s->ring, ev->epfd, s);
			if (ret)
				ret = errorf(err, errlen, ret, "ring buffer of map %s: %s", m->name, msg);
		}
	}
	if (!ret && o->printk && uses_printk(obj)) {
		char root[256], path[300];

		if (o->tracefs)
			snprintf(root, sizeof(root), "%s", o->tracefs);
		else if ((ret = sys_tracefs(o->sys, root, sizeof(root), msg, sizeof(msg))) < 0)
			ret = errorf(err, errlen, ret, "trace_pipe for bpf_printk: %s", msg);
		if (!ret) {
			struct epoll_event e = { .events = EPOLLIN };

			snprintf(path, sizeof(path), "%s/trace_pipe", root);
			ev->pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (ev->pipe_fd < 0 && !o->sys->dry_run)
				ret = errorf(err, errlen, -errno, "%s: %s (use --no-printk to go without)",
					      path, strerror(errno));
			if (ev->pipe_fd >= 0) {
				e.data.ptr = NULL;
				epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->pipe_fd, &e);
			}
		}
	}
	if (ret) {
		run_events_close(ev);
		return ret;
	}
	*out = ev;
	return 0;
}

static void read_pipe(struct run_events *ev)
{
	for (;;) {
		ssize_t n = read(ev->pipe_fd, ev->line + ev->linelen, sizeof(ev->line) - 1 - ev->linelen);
		char *nl, *start;

		if (n <= 0)
			return;
		ev->linelen += n;
		ev->line[ev->linelen] = '\0';
		start = ev->line;
		while ((nl = strchr(start, '\n'))) {
			*nl = '\0';
			if (ev->o.on_printk)
				ev->o.on_printk(ev->o.ctx, start);
			start = nl + 1;
		}
		ev->linelen -= start - ev->line;
		memmove(ev->line, start, ev->linelen);
		if (ev->linelen == sizeof(ev->line) - 1)
			ev->linelen = 0; /* a line longer than the buffer: drop it */
	}
}

int run_events_poll(struct run_events *ev)
{
	unsigned long long before = ev->events;

	for (size_t i = 0; i < ev->nsrc; i++) {
		struct source *s = &ev->src[i];

		if (s->kind == SOURCE_PERF_BUFFER)
			perf_buf_read(&s->perf);
		else
			ring_consume(&s->ring);
	}
	if (ev->pipe_fd >= 0)
		read_pipe(ev);
	return (int)(ev->events - before);
}

int run_events_wait(struct run_events *ev, int timeout_ms)
{
	struct epoll_event got[8];

	if (epoll_wait(ev->epfd, got, 8, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	return run_events_poll(ev);
}

int run_events_fd(const struct run_events *ev)
{
	return ev->epfd;
}

void run_events_totals(const struct run_events *ev, unsigned long long *events,
		      unsigned long long *lost)
{
	*events = ev->events;
	*lost = ev->lost;
}

void run_events_close(struct run_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nsrc; i++) {
		if (ev->src[i].kind == SOURCE_PERF_BUFFER)
			perf_buf_close(&ev->src[i].perf);
		else
			ring_close(&ev->src[i].ring);
	}
	if (ev->pipe_fd >= 0)
		close(ev->pipe_fd);
	if (ev->epfd >= 0)
		close(ev->epfd);
	free(ev->src);
	free(ev);
}
