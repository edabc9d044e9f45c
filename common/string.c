/* String functions for the static binary only (`make static` links this
 * object before musl's libc.a, whose own then stay out). The glibc build
 * does not link this file.
 *
 * strstr: musl's is the two-way algorithm, 1.3 KiB, linear in the worst
 * case; rawbpf looks for short needles in names and in verifier logs, where
 * the simple search below is as good.
 * strtol, strtoul, strtoll, strtoull: musl's go through its scanf number
 * reader (2.4 KiB); these are the C standard's, in 0.4 KiB.
 * getdelim (and so getline): a character at a time, 0.2 KiB instead of 1.
 * strspn, strcspn: musl's build a 256-bit set first (0.4 KiB for both);
 * rawbpf's sets are a few characters long, the plain loops do.
 * strcpy, strncpy, atoi: musl's go through stpcpy and stpncpy, word at a
 * time, and atoi has its own digit loop (0.5 KiB); rawbpf copies names.
 * strchr, getenv: musl's go through strchrnul, word at a time (0.3 KiB);
 * rawbpf looks for a character in short names and reads three variables.
 * strdup: through strndup, which rawbpf uses too (musl's has its own copy).
 * strrchr: one pass (musl's is strlen, then __memrchr back).
 * strcmp, strncmp, memcmp: musl's loops, a byte at a time as theirs, in
 * fewer bytes (-Oz) and seen by LTO, so their callers keep the registers
 * they do not touch (-1 KiB with the callers).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

char *strcpy(char *restrict d, const char *restrict s)
{
	return memcpy(d, s, strlen(s) + 1);
}

char *strncpy(char *restrict d, const char *restrict s, size_t n)
{
	size_t len = strnlen(s, n);

	memcpy(d, s, len);
	memset(d + len, 0, n - len);
	return d;
}

char *strdup(const char *s)
{
	return strndup(s, PTRDIFF_MAX);  /* no object is longer */
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *l = (const unsigned char *)a, *r = (const unsigned char *)b;

	for (; *l == *r && *l; l++, r++)
		;
	return *l - *r;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *l = (const unsigned char *)a, *r = (const unsigned char *)b;

	if (!n--)
		return 0;
	for (; *l && *l == *r && n; l++, r++, n--)
		;
	return *l - *r;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *l = a, *r = b;

	for (; n && *l == *r; n--, l++, r++)
		;
	return n ? *l - *r : 0;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do
		if (*s == (char)c)
			last = s;
	while (*s++);
	return (char *)last;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

extern char **environ;

char *getenv(const char *name)
{
	size_t n = strlen(name);

	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

size_t strspn(const char *s, const char *set)
{
	size_t i = 0;

	while (s[i] && strchr(set, s[i]))
		i++;
	return i;
}

size_t strcspn(const char *s, const char *set)
{
	size_t i = 0;

	while (s[i] && !strchr(set, s[i]))
		i++;
	return i;
}

char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);

	for (;; h++) {
		if (!strncmp(h, n, len))
			return (char *)h;
		if (!*h)
			return NULL;
	}
}

/* The number at s in base (0: by its prefix, 0x or 0), as strtoull reads
 * it; *neg says it had a '-'. A magnitude above lim (lim_neg with a '-')
 * gives that limit and ERANGE. */
static unsigned long long scan(const char *s, char **end, int base, unsigned long long lim,
			       unsigned long long lim_neg, bool *neg)
{
	const char *p = s, *first;
	unsigned long long v = 0;
	bool over = false;

	while (isspace((unsigned char)*p))
		p++;
	*neg = *p == '-';
	p += *p == '-' || *p == '+';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		*neg = false;
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (first = p;; p++) {
		int c = (unsigned char)*p, d = isdigit(c) ? c - '0' : isalpha(c) ? (c | 32) - 'a' + 10 : 99;

		if (d >= base)
			break;
		over |= v > (ULLONG_MAX - (unsigned)d) / (unsigned)base;
		v = v * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(p == first ? s : p);
	lim = *neg ? lim_neg : lim;
	if (over || v > lim) {
		errno = ERANGE;
		*neg = false;
		return lim;
	}
	return v;
}

unsigned long long strtoull(const char *restrict s, char **restrict end, int base)
{
	bool neg;
	unsigned long long v = scan(s, end, base, ULLONG_MAX, ULLONG_MAX, &neg);

	return neg ? -v : v;
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	bool neg;
	unsigned long long v = scan(s, end, base, LLONG_MAX, (unsigned long long)LLONG_MAX + 1, &neg);

	if (v > LLONG_MAX)
		return LLONG_MIN;       /* -2^63, given or clamped to */
	return neg ? -(long long)v : (long long)v;
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return strtoull(s, end, base);
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	return strtoll(s, end, base);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

ssize_t getdelim(char **restrict s, size_t *restrict n, int delim, FILE *restrict f)
{
	size_t i = 0;
	int c;

	if (!s || !n) {
		errno = EINVAL;
		return -1;
	}
	for (;;) {
		if (!*s || i + 2 > *n) {
			size_t m = i + 2 > *n * 2 ? i + 128 : *n * 2;
			char *t = realloc(*s, m);

			if (!t) {
				errno = ENOMEM;
				return -1;
			}
			*s = t;
			*n = m;
		}
		if ((c = getc(f)) == EOF)
			break;
		(*s)[i++] = (char)c;
		if (c == delim)
			break;
	}
	(*s)[i] = 0;
	return i ? (ssize_t)i : -1;
}
