/* vfprintf(), vsnprintf() and fputc() for the static binary only (`make static`
 * links this object before musl's libc.a, so musl's printf family, snprintf
 * included, formats through them): musl's vfprintf is 10.5 KiB, most of it exact floating-point
 * conversion and wide characters, which rawbpf does not need. The glibc
 * build does not link this file.
 *
 * What it does as musl does: flags "-+ #0", width and precision (also '*'),
 * lengths hh h l ll L j z t, conversions d i u o x X c s p n m %, %p as
 * %#lx (with a precision, at least 16 digits), "(null)" for a null %s.
 * Floating point (e f g, upper case too) goes through long double with at
 * most 19 significant digits, rounded to nearest, ties to even: exact for
 * %g's 6 digits in practice, not for a very long %f or %e. Not supported (the call fails with
 * EINVAL, as musl does for an unknown conversion): %a, positional arguments
 * ("%1$d"), wide characters (%lc, %ls).
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum {
	F_LEFT = 1, F_PLUS = 2, F_SPACE = 4, F_ALT = 8, F_ZERO = 16,
};

struct out {
	FILE *f;        /* NULL: into dst (vsnprintf) */
	char *dst;
	size_t room;    /* bytes dst still takes, its NUL kept apart */
	size_t n;
	int total;
	bool failed;
	char buf[256];
};

struct spec {
	unsigned flags;
	int width;
	int prec;       /* -1: none */
	char len;       /* 'H' hh, 'h', 'l', 'q' ll/L/j, 'z' z/t, 0 */
	char conv;
};

static void flush(struct out *o)
{
	size_t k = o->n < o->room ? o->n : o->room;

	if (!o->f) {
		if (k) {        /* dst may be NULL when n is 0 */
			memcpy(o->dst, o->buf, k);
			o->dst += k;
			o->room -= k;
		}
	} else if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n) {
		o->failed = true;
	}
	o->n = 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	o->total += (int)n;
	while (n) {
		size_t k = sizeof(o->buf) - o->n;

		if (k > n)
			k = n;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
		if (o->n == sizeof(o->buf))
			flush(o);
	}
}

static void pad(struct out *o, char c, int n)
{
	for (; n > 0; n--)
		put(o, &c, 1);
}

/* One converted field: PREFIX (sign, "0x"), ZEROS zeros, then BODY, padded
 * to the width as the flags say. */
static void field(struct out *o, const struct spec *sp, const char *prefix, int zeros,
		  const char *body, size_t blen)
{
	int plen = (int)strlen(prefix), w = plen + zeros + (int)blen;
	int fill = sp->width > w ? sp->width - w : 0;

	if (!(sp->flags & (F_LEFT | F_ZERO)))
		pad(o, ' ', fill);
	put(o, prefix, (size_t)plen);
	if (sp->flags & F_ZERO && !(sp->flags & F_LEFT))
		pad(o, '0', fill);
	pad(o, '0', zeros);
	put(o, body, blen);
	if (sp->flags & F_LEFT)
		pad(o, ' ', fill);
}

/* v in base (8, 10, 16) into the end of buf; returns where it starts. */
static char *utoa(uintmax_t v, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do
		*--end = digits[v % base];
	while (v /= base);
	return end;
}

static void integer(struct out *o, struct spec sp, uintmax_t v, bool neg)
{
	char buf[24], *end = buf + sizeof(buf), *s;
	const char *prefix = neg ? "-" : sp.flags & F_PLUS ? "+" : sp.flags & F_SPACE ? " " : "";
	char c = sp.conv;
	int n, zeros;

	if (c == 'p') {
		if (sp.prec >= 0)
			sp.prec = sp.prec > 16 ? sp.prec : 16;
		sp.flags |= F_ALT;
		c = 'x';
	}
	if (c == 'o' || c == 'x' || c == 'X' || c == 'u')
		prefix = "";
	s = utoa(v, c == 'o' ? 8 : c == 'x' || c == 'X' ? 16 : 10, c == 'X', end);
	if (!v && !sp.prec)
		s = end;        /* "%.0d" of 0 prints no digit */
	n = (int)(end - s);
	if (sp.flags & F_ALT && c == 'o' && sp.prec <= n && (!n || *s != '0'))
		sp.prec = n + 1;
	if (sp.flags & F_ALT && v && (c == 'x' || c == 'X'))
		prefix = c == 'x' ? "0x" : "0X";
	if (sp.prec >= 0)
		sp.flags &= ~(unsigned)F_ZERO;
	zeros = sp.prec > n ? sp.prec - n : 0;
	field(o, &sp, prefix, zeros, s, (size_t)n);
}

static const long double pow10_tab[] = { 1e1L, 1e2L, 1e4L, 1e8L, 1e16L, 1e32L, 1e64L, 1e128L, 1e256L };

/* 10^n for 0 <= n < 512. */
static long double pow10l_(int n)
{
	long double r = 1;

	for (int i = 0; n && i < 9; i++, n >>= 1)
		if (n & 1)
			r *= pow10_tab[i];
	return r;
}

/* y >= 0 rounded to an integer, to nearest, ties to even. */
static uint64_t round_even(long double y)
{
	uint64_t u = (uint64_t)y;

	y -= (long double)u;
	return u + (y > 0.5L || (y == 0.5L && u & 1));
}

/* x > 0 scaled to an integer of n digits (1..19), rounded to nearest, ties
 * to even, for x = digits * 10^(e + 1 - n). *e is the decimal exponent
 * (10^e <= x < 10^(e+1)); it moves up when rounding carries. */
static uint64_t fp_digits(long double x, int n, int *e)
{
	long double y, lo = 1, hi;
	uint64_t u;
	int k;

	for (k = 0; k < n - 1; k++)
		lo *= 10;
	hi = lo * 10;
	for (;;) {
		k = *e + 1 - n;
		y = k >= 0 ? x / pow10l_(k) : x * pow10l_(-k);
		if (y < lo)
			--*e;
		else if (y >= hi)
			++*e;
		else
			break;
	}
	u = round_even(y);
	if ((long double)u >= hi) {
		u /= 10;
		++*e;
	}
	return u;
}

/* The decimal exponent of x > 0, roughly (fp_digits corrects it). */
static int fp_exp(long double x)
{
	int e = 0;

	for (int i = 8; i >= 0; i--) {
		if (x >= pow10_tab[i]) {
			x /= pow10_tab[i];
			e += 1 << i;
		} else if (x * pow10_tab[i] < 10) {
			x *= pow10_tab[i];
			e -= 1 << i;
		}
	}
	return e;
}

/* The digits of u then `trail` zeros, left-padded with zeros to n digits,
 * into buf, with a point after the first `point` (none when point >= n,
 * unless alt). */
static size_t fp_body(char *buf, uint64_t u, int trail, int n, int point, bool alt)
{
	char d[24], *s = utoa(u, 10, false, d + sizeof(d));
	int have = (int)(d + sizeof(d) - s) + trail;
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		if (i == point)
			buf[len++] = '.';
		buf[len++] = i < n - have || i >= n - trail ? '0' : s[i - (n - have)];
	}
	if (point >= n && alt)
		buf[len++] = '.';
	return len;
}

/* Drop the zeros at the end of a fraction, and its point when nothing is left. */
static size_t strip_zeros(const char *buf, size_t len)
{
	if (!memchr(buf, '.', len))
		return len;
	while (buf[len - 1] == '0')
		len--;
	return buf[len - 1] == '.' ? len - 1 : len;
}

/* %e, %f, %g of x >= 0 (finite) into buf; p is the precision. */
static size_t fp_text(char *buf, long double x, char c, int p, bool alt)
{
	int e = x > 0 ? fp_exp(x) : 0, n = c == 'e' ? p + 1 : p, trail = 0, point = 1;
	bool exp = c == 'e';
	uint64_t u = 0;
	size_t len;

	if (c == 'f' && x * pow10l_(p) < 1e19L) {
		u = round_even(x * pow10l_(p));
	} else if (x > 0) {
		u = fp_digits(x, c == 'f' ? 19 : n > 19 ? 19 : n, &e);
		trail = c == 'f' ? e + 1 + p - 19 : n > 19 ? n - 19 : 0;
	}
	if (c == 'f') {
		char d[24];

		n = (int)(d + sizeof(d) - utoa(u, 10, false, d + sizeof(d))) + trail;
		n = n > p + 1 ? n : p + 1;
		point = n - p;
	} else if (c == 'g' && e >= -4 && e < p) {
		point = e + 1;
		if (point <= 0) {
			n += 1 - point;
			point = 1;
		}
	} else {
		exp = true;
	}
	len = fp_body(buf, u, trail, n, point, alt);
	if (c == 'g' && !alt)
		len = strip_zeros(buf, len);
	if (exp) {
		char d[8], *s = utoa((uintmax_t)(e < 0 ? -e : e), 10, false, d + sizeof(d));

		buf[len++] = 'e';
		buf[len++] = e < 0 ? '-' : '+';
		if (d + sizeof(d) - s < 2)
			buf[len++] = '0';
		memcpy(buf + len, s, (size_t)(d + sizeof(d) - s));
		len += (size_t)(d + sizeof(d) - s);
	}
	return len;
}

static void floating(struct out *o, struct spec sp, long double x)
{
	char buf[1100];
	bool neg = signbit(x), upper = sp.conv < 'a';
	const char *prefix = neg ? "-" : sp.flags & F_PLUS ? "+" : sp.flags & F_SPACE ? " " : "";
	char c = (char)(sp.conv | 32);
	int p = sp.prec < 0 ? 6 : sp.prec > 500 ? 500 : sp.prec;
	size_t len;

	x = neg ? -x : x;
	if (x != x || x > LDBL_MAX) {
		sp.flags &= ~(unsigned)F_ZERO;
		field(o, &sp, prefix, 0, x != x ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
		return;
	}
	len = fp_text(buf, x, c, c == 'g' && !p ? 1 : p, sp.flags & F_ALT);
	for (size_t i = 0; upper && i < len; i++)
		buf[i] = buf[i] == 'e' ? 'E' : buf[i];
	field(o, &sp, prefix, 0, buf, len);
}

/* The flags, width, precision and length of the conversion at fmt (after
 * its '%'); returns where the conversion character is. */
static const char *parse(const char *fmt, struct spec *sp, va_list *ap)
{
	static const char flag_chars[] = "-+ #0";
	const char *q;

	*sp = (struct spec){ .prec = -1 };
	for (; *fmt && (q = strchr(flag_chars, *fmt)); fmt++)
		sp->flags |= 1u << (q - flag_chars);
	if (*fmt == '*') {
		sp->width = va_arg(*ap, int);
		fmt++;
		if (sp->width < 0) {
			sp->flags |= F_LEFT;
			sp->width = -sp->width;
		}
	}
	for (; *fmt >= '0' && *fmt <= '9'; fmt++)
		sp->width = sp->width * 10 + (*fmt - '0');
	if (*fmt == '.') {
		sp->prec = 0;
		if (*++fmt == '*') {
			sp->prec = va_arg(*ap, int);
			fmt++;
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			sp->prec = sp->prec * 10 + (*fmt - '0');
		if (sp->prec < 0)
			sp->prec = -1;
	}
	for (; *fmt && strchr("hlLjzt", *fmt); fmt++)
		sp->len = *fmt == 'h' ? (sp->len == 'h' ? 'H' : 'h') :
			  *fmt == 'l' && !sp->len ? 'l' : *fmt == 'z' || *fmt == 't' ? 'z' : 'q';
	sp->conv = *fmt;
	return fmt;
}

/* An integer argument of the conversion's length, as its magnitude. */
static uintmax_t int_arg(const struct spec *sp, va_list *ap, bool *neg)
{
	bool sign = sp->conv == 'd' || sp->conv == 'i';
	intmax_t v;

	if (sp->conv == 'p')
		return (uintptr_t)va_arg(*ap, void *);
	if (sp->len == 'q' || sp->len == 'l' || sp->len == 'z')
		v = sp->len == 'q' ? va_arg(*ap, long long) : va_arg(*ap, long);
	else
		v = va_arg(*ap, int);
	if (!sign) {
		uintmax_t u = sp->len == 'q' || sp->len == 'l' || sp->len == 'z' ? (uintmax_t)v : (unsigned)v;

		return sp->len == 'H' ? (unsigned char)u : sp->len == 'h' ? (unsigned short)u : u;
	}
	v = sp->len == 'H' ? (signed char)v : sp->len == 'h' ? (short)v : v;
	*neg = v < 0;
	return *neg ? -(uintmax_t)v : (uintmax_t)v;
}

/* One conversion; false when fmt has none this file knows. */
static bool convert(struct out *o, struct spec *sp, va_list *ap)
{
	const char *s;
	bool neg = false;
	uintmax_t u;
	char c;

	switch (sp->conv) {
	case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p':
		u = int_arg(sp, ap, &neg);
		integer(o, *sp, u, neg);
		return true;
	case 'e': case 'f': case 'g': case 'E': case 'F': case 'G':
		floating(o, *sp, sp->len == 'q' ? va_arg(*ap, long double) : va_arg(*ap, double));
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		field(o, sp, "", 0, &c, 1);
		return sp->len != 'l';
	case 's': case 'm':
		s = sp->conv == 'm' ? strerror(errno) : va_arg(*ap, const char *);
		s = s ? s : "(null)";
		field(o, sp, "", 0, s, sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s));
		return sp->len != 'l';
	case 'n':
		*va_arg(*ap, int *) = o->total;
		return true;
	case '%':
		put(o, "%", 1);
		return true;
	}
	return false;
}

static int format(struct out *o, const char *restrict fmt, va_list ap)
{
	int err = errno;
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		size_t lit = pct ? (size_t)(pct - fmt) : strlen(fmt);

		put(o, fmt, lit);
		if (!pct)
			break;
		fmt = parse(pct + 1, &sp, &aq);
		errno = err;    /* %m */
		if (!convert(o, &sp, &aq)) {
			va_end(aq);
			errno = EINVAL;
			return -1;
		}
		fmt++;
	}
	va_end(aq);
	flush(o);
	return o->failed ? -1 : o->total;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	struct out o = { .f = f };

	return format(&o, fmt, ap);
}

/* Straight into s, not through a FILE as musl's vsnprintf does (0.5 KiB
 * of musl less): at most n - 1 bytes and a NUL, the length it would have
 * had returned. */
int vsnprintf(char *restrict s, size_t n, const char *restrict fmt, va_list ap)
{
	struct out o = { .dst = s, .room = n ? n - 1 : 0 };
	int ret = format(&o, fmt, ap);

	if (n)
		*o.dst = 0;
	return ret;
}

/* One character through fwrite: musl's fputc has a path of its own past
 * the buffer (__overflow, 0.4 KiB together); rawbpf's printers write a few
 * characters at a time between longer texts. */
int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}
