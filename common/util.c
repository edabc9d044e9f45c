#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

int read_whole_file(const char *path, unsigned char **buf, size_t *len,
		 char *err, size_t errlen)
{
	struct stat st;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return errorf(err, errlen, -errno, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return errorf(err, errlen, -EINVAL, "not a regular file");
	}
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf) {
		close(fd);
		return errorf(err, errlen, -ENOMEM, "out of memory reading %lld bytes",
			       (long long)st.st_size);
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, st.st_size - got);

		if (r <= 0) {
			int e = r < 0 ? errno : EIO;

			close(fd);
			free(*buf);
			*buf = NULL;
			return errorf(err, errlen, -e, "read failed: %s", strerror(e));
		}
		got += r;
	}
	close(fd);
	*len = got;
	return 0;
}

int map_whole_file(const char *path, struct file_bytes *fb, char *err, size_t errlen)
{
	struct stat st;
	void *m = MAP_FAILED;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	memset(fb, 0, sizeof(*fb));
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (fd >= 0)
		close(fd);
	if (m != MAP_FAILED) {
		fb->data = m;
		fb->map = m;
		fb->len = st.st_size;
		return 0;
	}
	/* Not mappable (a pipe, an older sysfs): read it. */
	ret = read_whole_file(path, &fb->owned, &fb->len, err, errlen);
	fb->data = fb->owned;
	return ret;
}

void unmap_whole_file(struct file_bytes *fb)
{
	if (fb->map)
		munmap(fb->map, fb->len);
	free(fb->owned);
	memset(fb, 0, sizeof(*fb));
}

void *array_push(void *arr_ptr, size_t *n, size_t sz)
{
	void **arr = arr_ptr;
	char *p = realloc(*arr, (*n + 1) * sz);

	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}

static void swap_bytes(char *a, char *b, size_t sz)
{
	while (sz--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Move element i of a heap of n down to its place. */
static void sift_down(char *base, size_t i, size_t n, size_t sz,
		      int (*cmp)(const void *, const void *, void *), void *ctx)
{
	for (size_t c; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && cmp(base + c * sz, base + (c + 1) * sz, ctx) < 0)
			c++;
		if (cmp(base + i * sz, base + c * sz, ctx) >= 0)
			return;
		swap_bytes(base + i * sz, base + c * sz, sz);
	}
}

static void heap_sort(char *b, size_t n, size_t sz,
		      int (*cmp)(const void *, const void *, void *), void *ctx)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(b, i, n, sz, cmp, ctx);
	while (n > 1) {
		swap_bytes(b, b + --n * sz, sz);
		sift_down(b, 0, n, sz, cmp, ctx);
	}
}

/* One pass of a bottom-up merge sort: the sorted runs of `width` elements
 * of src merged in pairs into dst, the left one first among equals. */
static void merge_pass(const char *src, char *dst, size_t n, size_t sz, size_t width,
		       int (*cmp)(const void *, const void *, void *), void *ctx)
{
	for (size_t lo = 0; lo < n; lo += 2 * width) {
		size_t mid = n - lo > width ? lo + width : n;
		size_t hi = n - mid > width ? mid + width : n;

		for (size_t i = lo, j = mid, k = lo; k < hi; k++) {
			size_t from = j >= hi || (i < mid && cmp(src + i * sz, src + j * sz, ctx) <= 0) ?
				      i++ : j++;

			memcpy(dst + k * sz, src + from * sz, sz);
		}
	}
}

void sort_r(void *base, size_t n, size_t sz,
	    int (*cmp)(const void *, const void *, void *), void *ctx)
{
	char *tmp = n > 1 && n <= SIZE_MAX / sz ? malloc(n * sz) : NULL, *src = base, *dst = tmp;

	if (!tmp) {
		heap_sort(base, n, sz, cmp, ctx);
		return;
	}
	for (size_t width = 1; width < n; width *= 2) {
		char *t = src;

		merge_pass(src, dst, n, sz, width, cmp, ctx);
		src = dst;
		dst = t;
	}
	if (src != base)
		memcpy(base, src, n * sz);
	free(tmp);
}

struct sort2 {
	int (*cmp)(const void *, const void *);
};

static int call2(const void *a, const void *b, void *ctx)
{
	return ((struct sort2 *)ctx)->cmp(a, b);
}

void sort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	sort_r(base, n, sz, call2, &(struct sort2){ cmp });
}

/* Whether c (1 to 255) is in the class named by p[0..len), of the C
 * locale: each name is followed by its ranges of characters, first and
 * last (no table of pointers to isalnum(), isalpha(), ...). */
static bool in_class(const char *p, size_t len, int c)
{
	static const char classes[] =
		"alnum\0" "09AZaz\0" "alpha\0" "AZaz\0" "blank\0" "\t\t  \0"
		"cntrl\0" "\1\37\177\177\0" "digit\0" "09\0" "graph\0" "!~\0"
		"lower\0" "az\0" "print\0" " ~\0" "punct\0" "!/:@[`{~\0"
		"space\0" "\t\r  \0" "upper\0" "AZ\0" "xdigit\0" "09AFaf\0";

	for (const char *q = classes, *r; *q; q = r + strlen(r) + 1) {
		r = q + strlen(q) + 1;
		if (strlen(q) != len || strncmp(q, p, len))
			continue;
		for (; *r; r += 2)
			if (c >= (unsigned char)r[0] && c <= (unsigned char)r[1])
				return true;
		return false;
	}
	return false;
}

/* The bracket expression at *pp (after its '['): whether c matches it.
 * *pp moves past the ']'; NULL when the expression is not closed (then
 * the '[' is an ordinary character). */
static const char *bracket(const char *p, unsigned char c, bool *hit)
{
	bool neg = *p == '!' || *p == '^';
	const char *start;

	*hit = false;
	p += neg;
	start = p;
	for (; *p && (*p != ']' || p == start); p++) {
		const char *end;
		unsigned char lo = (unsigned char)*p, hi;

		if (p[0] == '[' && p[1] == ':' && (end = strstr(p + 2, ":]"))) {
			*hit |= in_class(p + 2, (size_t)(end - p - 2), c);
			p = end + 1;
			continue;
		}
		if (lo == '\\' && p[1])
			lo = (unsigned char)*++p;
		hi = lo;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			p += 2;
			hi = (unsigned char)(*p == '\\' && p[1] ? *++p : *p);
		}
		*hit |= lo <= c && c <= hi;
	}
	if (!*p)
		return NULL;
	*hit ^= neg;
	return p + 1;
}

bool glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	for (;;) {
		const char *next = pat + 1;
		bool hit = false;

		if (*pat == '*') {
			star = ++pat;
			resume = s;
			continue;
		}
		if (!*pat && !*s)
			return true;
		if (*s && *pat == '?')
			hit = true;
		else if (*s && *pat == '[' && (next = bracket(pat + 1, (unsigned char)*s, &hit)))
			;
		else if (*s && *pat == '\\' && pat[1])
			hit = pat[1] == *s, next = pat + 2;
		else
			next = pat + 1, hit = *s && *pat == *s;
		if (hit) {
			pat = next;
			s++;
		} else if (star && *resume) {
			pat = star;
			s = ++resume;
		} else {
			return false;
		}
	}
}

/* The lock's value: 0 free, 1 held, 2 held and someone may be waiting (so
 * the unlock must wake one). A taker that finds it held marks it 2 and
 * sleeps on the futex while it stays 2. */
void util_lock(util_lock_t *l)
{
	int v = 0;

	if (__atomic_compare_exchange_n(l, &v, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	while (__atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE) != 0)
		syscall(SYS_futex, l, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
}

void util_unlock(util_lock_t *l)
{
	if (__atomic_exchange_n(l, 0, __ATOMIC_RELEASE) == 2)
		syscall(SYS_futex, l, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

const char *str_nth(const char *names, unsigned v)
{
	for (; v && *names; v--)
		names += strlen(names) + 1;
	return *names ? names : NULL;
}

void str_put(struct str_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;    /* past len when cut: nothing more fits */
}

int lines_open(struct line_reader *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	return r->fd;
}

char *lines_next(struct line_reader *r)
{
	for (;;) {
		char *line = r->buf ? r->buf + r->start : NULL;
		char *nl = line ? memchr(line, '\n', r->end - r->start) : NULL;
		ssize_t n;

		if (nl) {
			*nl = 0;
			r->start = (size_t)(nl + 1 - r->buf);
			return line;
		}
		if (r->start) {         /* the line so far, to the front */
			memmove(r->buf, line, r->end - r->start);
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end + 1 >= r->cap) {
			char *b = realloc(r->buf, r->cap ? r->cap * 2 : 4096);

			if (!b)
				return NULL;
			r->buf = b;
			r->cap = r->cap ? r->cap * 2 : 4096;
		}
		n = read(r->fd, r->buf + r->end, r->cap - r->end - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {           /* the end, or an error: a last line without '\n' */
			if (!r->end)
				return NULL;
			r->buf[r->end] = 0;
			r->start = r->end;
			return r->buf;
		}
		r->end += (size_t)n;
	}
}

void lines_close(struct line_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	r->fd = -1;
	r->buf = NULL;
}
