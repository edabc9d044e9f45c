/* rawbpf.h — the loader as a C library (build/librawbpf.a).
 *
 * The same stages as the rawbpf command, for programs that load their own
 * BPF object the way libbpf users use a skeleton:
 *
 *     struct rb_object *obj;
 *     char err[512];
 *
 *     if (rb_open("prog.bpf.o", &obj, err, sizeof(err)) ||
 *         rb_set(obj, "target_pid", "1234", err, sizeof(err)) ||
 *         rb_load_object(obj, NULL, err, sizeof(err)) ||
 *         rb_attach_all(obj, err, sizeof(err)) ||
 *         rb_poll_open(obj, on_event, ctx, err, sizeof(err)))
 *             fprintf(stderr, "%s\n", err);
 *     while (running)
 *             rb_poll(obj, 100);
 *     rb_close(obj);
 *
 * Every function returns 0 (or a count, or an fd) or a negative errno, and
 * on error writes one line into err[errlen] naming the stage and place.
 * Nothing is kept in globals: objects are independent. An object is used by
 * one thread at a time.
 */
#ifndef RAWBPF_H
#define RAWBPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct rb_object;

/* Read and plan an object file (no syscall). */
int rb_open(const char *path, struct rb_object **obj, char *err, size_t errlen);
/* The same from memory; buf is copied. name is used in messages. */
int rb_open_mem(const void *buf, size_t len, const char *name, struct rb_object **obj,
		char *err, size_t errlen);

/* Set global variable NAME (.data, .rodata, .bss) before load, VALUE read by
 * its BTF type: "42", "0x2a", "true", "GREEN" (enum), "text" (char array). */
int rb_set(struct rb_object *obj, const char *name, const char *value, char *err, size_t errlen);

struct rb_options {
	FILE *explain;          /* one line per stage and syscall, or NULL */
	const char *kernel_btf; /* for CO-RE; NULL: /sys/kernel/btf/vmlinux */
	const char *pin_dir;    /* pin every program and map here, or NULL */
	bool legacy_probes;     /* tracefs kprobe/uprobe events even with a PMU */
	int pid;                /* uprobes: only this process (0: all) */
};

/* Create maps, set globals, load programs (opts may be NULL). On a verifier
 * refusal, rb_verifier_log() has the log. */
int rb_load_object(struct rb_object *obj, const struct rb_options *opts, char *err, size_t errlen);
const char *rb_verifier_log(const struct rb_object *obj);
/* Attach every loaded program by its section name. */
int rb_attach_all(struct rb_object *obj, char *err, size_t errlen);
void rb_detach_all(struct rb_object *obj);

/* fds of loaded programs and maps by name (maps: variable name, or ".bss",
 * ".data", ".rodata"...), or -ENOENT. */
int rb_prog_fd(const struct rb_object *obj, const char *name);
int rb_map_fd(const struct rb_object *obj, const char *name);
/* Map elements by map name; key and value are the map's sizes. */
int rb_map_lookup(struct rb_object *obj, const char *map, const void *key, void *value);
int rb_map_update(struct rb_object *obj, const char *map, const void *key, const void *value,
		  uint64_t flags);
int rb_map_delete(struct rb_object *obj, const char *map, const void *key);
/* key NULL: the first key; -ENOENT after the last. */
int rb_map_next_key(struct rb_object *obj, const char *map, const void *key, void *next_key);

/* Records from every perf buffer and ring buffer of the object: cpu is -1
 * for ring buffers. data is valid during the call only. */
typedef void (*rb_event_fn)(void *ctx, const char *map, int cpu, const void *data, uint32_t size);
int rb_poll_open(struct rb_object *obj, rb_event_fn fn, void *ctx, char *err, size_t errlen);
/* Buffer sizes (the rawbpf command's --pages and --ring-size): perf_pages
 * data pages per CPU for every perf event array, a power of 2 up to 65536
 * (0: keep, 8 by default), used by rb_poll_open(), so set before it;
 * ring_bytes for every ring buffer map, a power of 2, at least the page
 * size, at most 1 GiB (0: keep, as the object defines), used by
 * rb_load_object(), so set before it. -EINVAL for a bad size, -EBUSY when
 * too late. */
int rb_set_buffers(struct rb_object *obj, uint32_t perf_pages, uint32_t ring_bytes,
		   char *err, size_t errlen);
/* Wait up to timeout_ms (-1: forever) and deliver what arrived. Returns the
 * number of records delivered. */
int rb_poll(struct rb_object *obj, int timeout_ms);
/* Records the kernel could not write (perf buffers full). */
uint64_t rb_lost(const struct rb_object *obj);

/* Detach, unload, free. */
void rb_close(struct rb_object *obj);

#ifdef __cplusplus
}
#endif

#endif
