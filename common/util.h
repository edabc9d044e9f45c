/* Small helpers every folder may use: reading a file, growing an array.
 * Errors through common/err.h. */
#ifndef RAWBPF_UTIL_H
#define RAWBPF_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include "common/err.h"

/* Read a whole file into malloc'd memory. */
int read_whole_file(const char *path, unsigned char **buf, size_t *len,
		 char *err, size_t errlen);

/* A whole file's bytes, read-only: mmap'd where the file allows it (a
 * regular file; /sys/kernel/btf/vmlinux since Linux 6.16, which otherwise
 * reads in 4 KiB pieces, sysfs's limit per read() of a binary attribute),
 * else read into malloc'd memory (read_whole_file). */
struct file_bytes {
	const unsigned char *data;
	size_t len;
	void *map;              /* the mapping, or NULL */
	unsigned char *owned;   /* the malloc'd copy, or NULL */
};
int map_whole_file(const char *path, struct file_bytes *fb, char *err, size_t errlen);
void unmap_whole_file(struct file_bytes *fb);

/* A file read line by line through a buffer of its own, not a stdio FILE
 * (the static binary then links none of musl's fopen, fgets, getline,
 * fread): /proc/kallsyms, /proc/PID/maps, tracefs lists, mountinfo.
 *   struct line_reader r;
 *   if (lines_open(&r, path) < 0) ... errno says why
 *   while ((line = lines_next(&r))) ...
 *   lines_close(&r);
 * A line comes without its '\n', whole however long (the buffer grows; at
 * the end of the file, or when out of memory, lines_next returns NULL). */
struct line_reader {
	int fd;
	char *buf;
	size_t cap, start, end;
};
int lines_open(struct line_reader *r, const char *path);
char *lines_next(struct line_reader *r);
void lines_close(struct line_reader *r);

/* Grow *arr (of *n elements of size sz) by one zeroed element; NULL on ENOMEM. */
void *array_push(void *arr_ptr, size_t *n, size_t sz);

/* The v-th name (from 0) of a list of names each ended by a NUL, the list
 * ended by an empty one ("A\0" "B\0"); NULL past its end. A table of
 * pointers costs 8 bytes a name more. */
const char *str_nth(const char *names, unsigned v);

/* Text built piece by piece into buf[len] (the disassembler's, --explain's):
 * str_put appends fmt formatted; what does not fit is dropped, never
 * overflows, and buf stays NUL-terminated (when len > 0). Start with
 * { buf, len, 0 } and buf[0] = 0. */
struct str_out {
	char *buf;
	size_t len, pos;
};
void str_put(struct str_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A lock for the caches shared between objects (btf/names.c's index and
 * memo, loader/load/kbtf.c's kernel BTF): 0 is unlocked, so a zeroed or
 * static one needs no initialisation nor destruction. Not recursive. A
 * futex, not pthread_mutex_t, whose timed, robust and priority-inheriting
 * kinds cost the static binary 2.3 KiB of musl. */
typedef int util_lock_t;
void util_lock(util_lock_t *l);
void util_unlock(util_lock_t *l);

/* qsort(), qsort_r() without libc's (2 KiB in the static binary): a merge
 * sort, stable (equal elements keep their order, as with glibc's qsort,
 * which printers rely on), O(n log n); when no memory is left for its
 * buffer, a heap sort, not stable. */
void sort_r(void *base, size_t n, size_t sz,
	    int (*cmp)(const void *, const void *, void *), void *ctx);
void sort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *));

/* fnmatch(pat, s, 0) == 0 without libc's (3.5 KiB, and 13 KiB of wide
 * character tables it pulls in): '*', '?', bracket expressions with
 * ranges, '!' or '^' negation and [:class:] names, '\' quoting. */
bool glob_match(const char *pat, const char *s);

#endif
