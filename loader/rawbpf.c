/* The public C API (rawbpf.h): the CLI's stages behind opaque handles. */
#include "loader/rawbpf.h"
#include "loader/run/attach.h"
#include "loader/run/events.h"
#include "loader/load/load.h"
#include "loader/plan/set.h"
#include "common/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the API keeps beside the plan: how syscalls are made, attachments,
 * event readers. */
struct api_state {
	struct sys sys;
	struct rb_options opts;
	struct run_links links;
	struct run_events *ev;
	bool loaded;
	unsigned page_order;    /* perf buffers: 2^page_order pages per CPU */
	uint32_t ring_bytes;    /* every ring buffer map's size, 0: as defined */
};

/* Allocate the API's state beside the plan, once. */
static int ensure_api_state(struct rb_object *obj, char *err, size_t errlen)
{
	if (obj->api)
		return 0;
	obj->api = calloc(1, sizeof(struct api_state));
	if (!obj->api)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	obj->api->page_order = 3;
	return 0;
}

int rb_open(const char *path, struct rb_object **obj, char *err, size_t errlen)
{
	int ret = plan_open(obj, path, err, errlen);

	if (!ret && (ret = ensure_api_state(*obj, err, errlen))) {
		plan_free(*obj);
		*obj = NULL;
	}
	return ret;
}

int rb_open_mem(const void *buf, size_t len, const char *name, struct rb_object **obj,
		char *err, size_t errlen)
{
	uint8_t *copy = malloc(len ? len : 1);
	int ret;

	*obj = NULL;
	if (!copy)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	memcpy(copy, buf, len);
	ret = plan_parse(obj, name ? name : "(memory)", copy, len, err, errlen);
	if (!ret && (ret = ensure_api_state(*obj, err, errlen))) {
		plan_free(*obj);
		*obj = NULL;
	}
	return ret;
}

int rb_set(struct rb_object *obj, const char *name, const char *value, char *err, size_t errlen)
{
	struct api_state *a = obj->api;

	if (a->loaded)
		return errorf(err, errlen, -EBUSY, "--set %s: the object is already loaded", name);
	return plan_set_global(obj, name, value, err, errlen);
}

int rb_load_object(struct rb_object *obj, const struct rb_options *opts, char *err, size_t errlen)
{
	struct api_state *a = obj->api;
	struct load_opts o;
	int ret;

	if (a->loaded)
		return errorf(err, errlen, -EBUSY, "the object is already loaded");
	if (opts)
		a->opts = *opts;
	a->sys.explain = a->opts.explain;
	memset(&o, 0, sizeof(o));
	o.sys = &a->sys;
	o.explain = a->opts.explain;
	o.kernel_btf = a->opts.kernel_btf;
	o.pin_dir = a->opts.pin_dir;
	for (size_t i = 0; a->ring_bytes && i < obj->nmaps; i++)
		if (obj->maps[i].type == BPF_MAP_TYPE_RINGBUF)
			obj->maps[i].max_entries = a->ring_bytes;
	ret = load_object(obj, &o, err, errlen);
	a->loaded = ret == 0;
	return ret;
}

const char *rb_verifier_log(const struct rb_object *obj)
{
	return obj->log;
}

int rb_attach_all(struct rb_object *obj, char *err, size_t errlen)
{
	struct api_state *a = obj->api;
	struct run_attach_opts o;

	if (!a->loaded)
		return errorf(err, errlen, -EINVAL, "attach: load the object first");
	memset(&o, 0, sizeof(o));
	o.sys = &a->sys;
	o.explain = a->opts.explain;
	o.pid = a->opts.pid;
	o.legacy_probes = a->opts.legacy_probes;
	return run_attach(obj, &o, &a->links, err, errlen);
}

void rb_detach_all(struct rb_object *obj)
{
	struct api_state *a = obj->api;

	run_detach(&a->links, &a->sys);
}

int rb_prog_fd(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].fn.name, name))
			return obj->progs[i].fd >= 0 ? obj->progs[i].fd : -ENOENT;
	return -ENOENT;
}

int rb_map_fd(const struct rb_object *obj, const char *name)
{
	int i = plan_map_index(obj, name);

	return i < 0 ? i : obj->maps[i].fd >= 0 ? obj->maps[i].fd : -ENOENT;
}

int rb_map_lookup(struct rb_object *obj, const char *map, const void *key, void *value)
{
	int fd = rb_map_fd(obj, map);

	return fd < 0 ? fd : sys_map_lookup(&obj->api->sys, fd, key, value);
}

int rb_map_update(struct rb_object *obj, const char *map, const void *key, const void *value,
		  uint64_t flags)
{
	int fd = rb_map_fd(obj, map);

	return fd < 0 ? fd : sys_map_update(&obj->api->sys, fd, key, value, flags);
}

int rb_map_delete(struct rb_object *obj, const char *map, const void *key)
{
	int fd = rb_map_fd(obj, map);

	return fd < 0 ? fd : sys_map_delete(&obj->api->sys, fd, key);
}

int rb_map_next_key(struct rb_object *obj, const char *map, const void *key, void *next_key)
{
	int fd = rb_map_fd(obj, map);

	return fd < 0 ? fd : sys_map_next_key(&obj->api->sys, fd, key, next_key);
}

int rb_poll_open(struct rb_object *obj, rb_event_fn fn, void *ctx, char *err, size_t errlen)
{
	struct api_state *a = obj->api;
	struct run_events_opts o;

	if (!a->loaded)
		return errorf(err, errlen, -EINVAL, "poll: load the object first");
	if (a->ev)
		return errorf(err, errlen, -EBUSY, "poll: already open");
	memset(&o, 0, sizeof(o));
	o.sys = &a->sys;
	o.warn = stderr;
	o.page_order = a->page_order;
	o.on_event = fn;
	o.ctx = ctx;
	return run_events_open(obj, &o, &a->ev, err, errlen);
}

int rb_set_buffers(struct rb_object *obj, uint32_t perf_pages, uint32_t ring_bytes,
		   char *err, size_t errlen)
{
	struct api_state *a = obj->api;
	uint32_t page = (uint32_t)sysconf(_SC_PAGESIZE);

	if (perf_pages && (perf_pages > 1u << 16 || (perf_pages & (perf_pages - 1))))
		return errorf(err, errlen, -EINVAL, "perf buffer: %u pages per CPU: expected a power "
			      "of 2 (1, 2, 4, ... 65536)", perf_pages);
	if (ring_bytes && (ring_bytes < page || ring_bytes > 1u << 30 || (ring_bytes & (ring_bytes - 1))))
		return errorf(err, errlen, -EINVAL, "ring buffer: %u bytes: expected a power of 2, at "
			      "least the page size (%u), at most 1073741824", ring_bytes, page);
	if (perf_pages && a->ev)
		return errorf(err, errlen, -EBUSY, "perf buffer pages: the buffers are already open "
			      "(rb_poll_open)");
	if (ring_bytes && a->loaded)
		return errorf(err, errlen, -EBUSY, "ring buffer size: the object is already loaded");
	if (perf_pages)
		a->page_order = (unsigned)__builtin_ctz(perf_pages);
	if (ring_bytes)
		a->ring_bytes = ring_bytes;
	return 0;
}

int rb_poll(struct rb_object *obj, int timeout_ms)
{
	return obj->api->ev ? run_events_wait(obj->api->ev, timeout_ms) : -EINVAL;
}

uint64_t rb_lost(const struct rb_object *obj)
{
	unsigned long long events = 0, lost = 0;

	if (obj->api->ev)
		run_events_totals(obj->api->ev, &events, &lost);
	return lost;
}

void rb_close(struct rb_object *obj)
{
	struct api_state *a;

	if (!obj)
		return;
	a = obj->api;
	if (a) {
		run_detach(&a->links, &a->sys);
		run_events_close(a->ev);
		load_release(obj, &a->sys);
	}
	free(a);
	obj->api = NULL;
	plan_free(obj);
}
