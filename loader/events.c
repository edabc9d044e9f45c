/* Events: readers for the object's perf buffers, ring buffers and
 * trace_pipe, one epoll for all, each record printed as it comes. */
#include "loader/events.h"
#include "loader/json.h"
#include "loader/util.h"
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
#include <time.h>
#include <unistd.h>

#define HELPER_TRACE_PRINTK  6   /* BPF_FUNC_trace_printk */
#define HELPER_TRACE_VPRINTK 177 /* BPF_FUNC_trace_vprintk */

struct source {
	struct rb_events *ev;
	const struct rb_map *map;
	int kind;               /* 0 perf, 1 ring, 2 trace_pipe */
	struct perf_buf perf;
	struct ring ring;
};

struct rb_events {
	struct rb_object *obj;
	struct rb_events_opts o;
	int epfd;
	int32_t type_id;        /* the event struct, or -1: hex dump */
	struct source *src;
	size_t nsrc;
	int pipe_fd;
	char line[4096];
	size_t linelen;
	unsigned long long events, lost;
	char *buf;              /* formatted event */
	size_t buflen;
};

/* The wall clock as "SECONDS.MICROSECONDS", printed from integers. */
static void put_now(FILE *f)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(f, "%lld.%06ld", (long long)ts.tv_sec, ts.tv_nsec / 1000);
}

static void hexdump(FILE *f, const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		fprintf(f, "%02x%s", d[i], i + 1 < n ? " " : "");
}

static void print_event(struct rb_events *ev, const struct rb_map *m, int cpu,
			const void *data, uint32_t size)
{
	FILE *f = ev->o.out;
	int64_t need = -1;

	ev->events++;
	if (ev->o.on_event) {
		ev->o.on_event(ev->o.ctx, m->name, cpu, data, size);
		return;
	}
	if (ev->type_id > 0) {
		need = btf_format(ev->obj->btf, ev->type_id, data, size, ev->o.json, ev->buf, ev->buflen);
		if (need >= (int64_t)ev->buflen) {
			char *b = realloc(ev->buf, need + 1);

			if (b) {
				ev->buf = b;
				ev->buflen = need + 1;
				need = btf_format(ev->obj->btf, ev->type_id, data, size, ev->o.json,
						  ev->buf, ev->buflen);
			}
		}
	}
	if (ev->o.json) {
		fputs("{\"time\":", f);
		put_now(f);
		fputs(",\"cpu\":", f);
		if (cpu >= 0)
			fprintf(f, "%d", cpu);
		else
			fputs("null", f);
		fputs(",\"map\":", f);
		json_str(f, m->name);
		if (need >= 0) {
			fprintf(f, ",\"event\":%s}\n", ev->buf);
		} else {
			fputs(",\"bytes\":\"", f);
			hexdump(f, data, size);
			fputs("\"}\n", f);
		}
	} else {
		if (cpu >= 0)
			fprintf(f, "%-8s cpu %-3d ", m->name, cpu);
		else
			fprintf(f, "%-8s ", m->name);
		if (need >= 0)
			fputs(ev->buf, f);
		else
			hexdump(f, data, size);
		fputc('\n', f);
	}
}

static void on_sample(void *ctx, int cpu, const void *data, __u32 size)
{
	struct source *s = ctx;

	print_event(s->ev, s->map, cpu, data, size);
}

static void on_lost(void *ctx, int cpu, __u64 lost)
{
	struct source *s = ctx;

	s->ev->lost += lost;
	fprintf(s->ev->o.warn, "rawbpf: map %s: lost %llu records on CPU %d (perf buffer full; try --pages)\n",
		s->map->name, (unsigned long long)lost, cpu);
}

static int on_record(void *ctx, const void *data, __u32 size)
{
	struct source *s = ctx;

	print_event(s->ev, s->map, -1, data, size);
	return 0;
}

/* Does any program call bpf_trace_printk / bpf_trace_vprintk? Only then is
 * trace_pipe opened. */
static bool uses_printk(const struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct rb_prog *p = &obj->progs[i];

		for (size_t k = 0; p->fd >= 0 && k < p->ninsns; k++)
			if (insn_is_helper_call(&p->insns[k]) &&
			    (p->insns[k].imm == HELPER_TRACE_PRINTK || p->insns[k].imm == HELPER_TRACE_VPRINTK))
				return true;
	}
	return false;
}

static struct source *add_source(struct rb_events *ev, const struct rb_map *m, int kind)
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

int rb_events_open(struct rb_object *obj, const struct rb_events_opts *o,
		   struct rb_events **out, char *err, size_t errlen)
{
	struct rb_events *ev = calloc(1, sizeof(*ev));
	char msg[RB_ERRLEN];
	bool online[4096];
	int ncpu = 0, ret = 0;

	*out = NULL;
	if (!ev)
		return rb_fail(err, errlen, -ENOMEM, "out of memory");
	ev->obj = obj;
	ev->o = *o;
	ev->pipe_fd = -1;
	ev->type_id = -1;
	ev->src = calloc(obj->nmaps + 1, sizeof(*ev->src));
	ev->buflen = 4096;
	ev->buf = malloc(ev->buflen);
	ev->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!ev->src || !ev->buf || ev->epfd < 0) {
		rb_events_close(ev);
		return rb_fail(err, errlen, -ENOMEM, "out of memory or epoll_create1 failed");
	}
	if (obj->btf) {
		const char *name = o->event_type ? o->event_type : "event";
		int64_t id = btf_find(obj->btf, name, BTF_KIND_STRUCT);

		if (id > 0)
			ev->type_id = id;
		else if (o->event_type) {
			rb_events_close(ev);
			return rb_fail(err, errlen, -ENOENT, "--event-type %s: the object's BTF has no struct %s",
				       name, name);
		}
	}
	for (size_t i = 0; i < obj->nmaps && !ret; i++) {
		const struct rb_map *m = &obj->maps[i];
		struct source *s;

		if (m->fd < 0 || m->is_inner)
			continue;
		if (m->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
			if (!ncpu && (ncpu = sys_cpus_online(online, 4096, msg, sizeof(msg))) < 0) {
				ret = rb_fail(err, errlen, ncpu, "%s", msg);
				break;
			}
			s = add_source(ev, m, 0);
			perf_buf_init(&s->perf, o->sys, on_sample, on_lost, s);
			ret = perf_buf_open(&s->perf, m->fd, online, ncpu < (int)m->max_entries ? ncpu : (int)m->max_entries,
					    o->page_order, msg, sizeof(msg));
			if (!ret)
				ret = perf_buf_epoll_add(&s->perf, ev->epfd, s);
			if (ret)
				ret = rb_fail(err, errlen, ret, "perf buffer of map %s: %s", m->name, msg);
		} else if (m->type == BPF_MAP_TYPE_RINGBUF) {
			s = add_source(ev, m, 1);
			ret = ring_open(&s->ring, o->sys, m->fd, m->max_entries, on_record, s, msg, sizeof(msg));
			if (!ret)
				ret = ring_epoll_add(&s->ring, ev->epfd, s);
			if (ret)
				ret = rb_fail(err, errlen, ret, "ring buffer of map %s: %s", m->name, msg);
		}
	}
	if (!ret && o->printk && uses_printk(obj)) {
		char root[256], path[300];

		if (o->tracefs)
			snprintf(root, sizeof(root), "%s", o->tracefs);
		else if ((ret = sys_tracefs(o->sys, root, sizeof(root), msg, sizeof(msg))) < 0)
			ret = rb_fail(err, errlen, ret, "trace_pipe for bpf_printk: %s", msg);
		if (!ret) {
			struct epoll_event e = { .events = EPOLLIN };

			snprintf(path, sizeof(path), "%s/trace_pipe", root);
			ev->pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (ev->pipe_fd < 0 && !o->sys->dry_run)
				ret = rb_fail(err, errlen, -errno, "%s: %s (use --no-printk to go without)",
					      path, strerror(errno));
			if (ev->pipe_fd >= 0) {
				e.data.ptr = NULL;
				epoll_ctl(ev->epfd, EPOLL_CTL_ADD, ev->pipe_fd, &e);
			}
		}
	}
	if (ret) {
		rb_events_close(ev);
		return ret;
	}
	*out = ev;
	return 0;
}

static void read_pipe(struct rb_events *ev)
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
			if (ev->o.json) {
				fputs("{\"time\":", ev->o.out);
				put_now(ev->o.out);
				fputs(",\"printk\":", ev->o.out);
				json_str(ev->o.out, start);
				fputs("}\n", ev->o.out);
			} else {
				fprintf(ev->o.out, "printk   %s\n", start);
			}
			start = nl + 1;
		}
		ev->linelen -= start - ev->line;
		memmove(ev->line, start, ev->linelen);
		if (ev->linelen == sizeof(ev->line) - 1)
			ev->linelen = 0; /* a line longer than the buffer: drop it */
	}
}

int rb_events_poll(struct rb_events *ev)
{
	unsigned long long before = ev->events;

	for (size_t i = 0; i < ev->nsrc; i++) {
		struct source *s = &ev->src[i];

		if (s->kind == 0)
			perf_buf_read(&s->perf);
		else
			ring_consume(&s->ring);
	}
	if (ev->pipe_fd >= 0)
		read_pipe(ev);
	if (ev->o.out)
		fflush(ev->o.out);
	return (int)(ev->events - before);
}

int rb_events_wait(struct rb_events *ev, int timeout_ms)
{
	struct epoll_event got[8];

	if (epoll_wait(ev->epfd, got, 8, timeout_ms) < 0 && errno != EINTR)
		return -errno;
	return rb_events_poll(ev);
}

int rb_events_fd(const struct rb_events *ev)
{
	return ev->epfd;
}

bool rb_events_any(const struct rb_events *ev)
{
	return ev->nsrc || ev->pipe_fd >= 0;
}

void rb_events_totals(const struct rb_events *ev, unsigned long long *events,
		      unsigned long long *lost)
{
	*events = ev->events;
	*lost = ev->lost;
}

void rb_events_close(struct rb_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->nsrc; i++) {
		if (ev->src[i].kind == 0)
			perf_buf_close(&ev->src[i].perf);
		else
			ring_close(&ev->src[i].ring);
	}
	if (ev->pipe_fd >= 0)
		close(ev->pipe_fd);
	if (ev->epfd >= 0)
		close(ev->epfd);
	free(ev->src);
	free(ev->buf);
	free(ev);
}
