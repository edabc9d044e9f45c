/* DEFLATE (RFC 1951) and gzip (RFC 1952) decoding; see inflate.h.
 *
 * A DEFLATE stream is a series of blocks, each stored, compressed with the
 * fixed Huffman codes of RFC 1951 3.2.6, or with codes sent at the start of
 * the block (3.2.7). Bits are packed starting at a byte's least significant
 * bit; Huffman codes are sent most significant bit first, so a code read from
 * the bit buffer arrives bit-reversed, which the lookup table accounts for.
 */
#include "common/inflate.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXBITS  15             /* longest Huffman code (3.2.2) */
#define FASTBITS 9              /* codes up to this long are found in one lookup */
#define NLITLEN  288            /* literal/length alphabet, 286 and 287 unused */
#define NDIST    32             /* distance alphabet, 30 and 31 unused */

struct infl {
	const uint8_t *in;
	size_t inlen, pos;      /* next input byte to load into bits */
	uint64_t bits;          /* loaded, not yet consumed, least significant first */
	unsigned nbits;
	unsigned past;          /* zero bytes loaded after the end of the input */
	uint8_t *out;
	size_t n, cap, max;     /* bytes written, allocated (one kept for the NUL), cap */
	char *err;
	size_t errlen;
};

/* A canonical Huffman code (3.2.2): how many codes of each length, the
 * symbols in code order, and for the first FASTBITS bits of input a direct
 * answer: (length << 9) | symbol, or 0 when the code is longer (or unused). */
struct huff {
	uint16_t count[MAXBITS + 1];
	uint16_t sym[NLITLEN];
	uint16_t fast[1 << FASTBITS];
};

static int fail(struct infl *s, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct infl *s, int ret, const char *fmt, ...)
{
	/* The byte holding the next bit not yet consumed (the input's length
	 * when the zero bytes past its end were reached). */
	size_t at = s->pos + s->past - (s->nbits + 7) / 8;
	va_list ap;
	int k = 0;

	if (s->err && s->errlen) {
		if (ret == -EINVAL)
			k = snprintf(s->err, s->errlen, "input byte %zu: ", at < s->inlen ? at : s->inlen);
		if (k < 0 || (size_t)k >= s->errlen)
			k = 0;
		va_start(ap, fmt);
		vsnprintf(s->err + k, s->errlen - k, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* Have at least n (<= 32) bits loaded. Past the end of the input, zero bytes
 * are loaded and counted, so that a Huffman lookup may peek ahead near the
 * end; consuming any of them is the truncation that take() and decode() catch. */
static void need(struct infl *s, unsigned n)
{
	while (s->nbits < n) {
		uint64_t b = 0;

		if (s->pos < s->inlen)
			b = s->in[s->pos++];
		else
			s->past++;
		s->bits |= b << s->nbits;
		s->nbits += 8;
	}
}

static int drop(struct infl *s, unsigned n)
{
	s->bits >>= n;
	s->nbits -= n;
	if (s->nbits < 8 * s->past)
		return fail(s, -EINVAL, "the input ends inside the stream");
	return 0;
}

static int take(struct infl *s, unsigned n, unsigned *v)
{
	need(s, n);
	*v = (unsigned)(s->bits & ((1ull << n) - 1));
	return drop(s, n);
}

/* Room for k more output bytes and the NUL after them. */
static int room(struct infl *s, size_t k)
{
	size_t want, cap;
	uint8_t *p;

	if (k > s->max - s->n)
		return fail(s, -EFBIG, "the output passes %zu bytes", s->max);
	want = s->n + k + 1;
	if (want <= s->cap)
		return 0;
	cap = s->cap ? s->cap : 4096;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	if (cap > s->max + 1)
		cap = s->max + 1;
	p = realloc(s->out, cap);
	if (!p)
		return fail(s, -ENOMEM, "out of memory for %zu output bytes", cap);
	s->out = p;
	s->cap = cap;
	return 0;
}

/* Build the code for symbols 0..n-1 with the given code lengths (0: unused).
 * An over-subscribed set is never valid; an incomplete one only when it is a
 * single code of one bit, or no code at all (a block of literals only sends
 * no distance codes), and only where partial allows it, as zlib does. */
static int build(struct infl *s, struct huff *h, const uint8_t *len, unsigned n, bool partial,
		 const char *what)
{
	uint16_t offs[MAXBITS + 2];
	unsigned code = 0, idx = 0;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned i = 0; i < n; i++)
		h->count[len[i]]++;
	h->count[0] = 0;
	for (unsigned l = 1; l <= MAXBITS; l++) {
		left = 2 * left - h->count[l];
		if (left < 0)
			return fail(s, -EINVAL, "%s code lengths are over-subscribed", what);
	}
	if (left > 0) {
		unsigned longer = 0;

		for (unsigned l = 2; l <= MAXBITS; l++)
			longer += h->count[l];
		if (!partial || longer)
			return fail(s, -EINVAL, "%s code lengths are incomplete", what);
	}
	offs[1] = 0;
	for (unsigned l = 1; l <= MAXBITS; l++)
		offs[l + 1] = offs[l] + h->count[l];
	for (unsigned i = 0; i < n; i++)
		if (len[i])
			h->sym[offs[len[i]]++] = i;

	/* Codes of one length are consecutive numbers, in symbol order; the
	 * first code of length l+1 is (last code of length l, plus one) * 2. */
	memset(h->fast, 0, sizeof(h->fast));
	for (unsigned l = 1; l <= FASTBITS; l++, code <<= 1) {
		for (unsigned k = 0; k < h->count[l]; k++, code++) {
			unsigned rev = 0;

			for (unsigned b = 0; b < l; b++)
				rev |= ((code >> b) & 1) << (l - 1 - b);
			for (unsigned i = rev; i < (1u << FASTBITS); i += 1u << l)
				h->fast[i] = (uint16_t)(l << 9 | h->sym[idx]);
			idx++;
		}
	}
	return 0;
}

/* The next symbol of code h. */
static int decode(struct infl *s, const struct huff *h, unsigned *sym)
{
	unsigned e, len = 0;

	need(s, MAXBITS);
	e = h->fast[s->bits & ((1u << FASTBITS) - 1)];
	if (e) {
		len = e >> 9;
		*sym = e & 511;
	} else {
		/* A longer code: walk the lengths, one input bit at a time. At
		 * length l the codes are first..first+count-1, in h->sym from
		 * index on. */
		unsigned code = 0, first = 0, index = 0;

		for (unsigned l = 1; l <= MAXBITS; l++) {
			code |= (unsigned)(s->bits >> (l - 1)) & 1;
			if (code >= first && code - first < h->count[l]) {
				*sym = h->sym[index + code - first];
				len = l;
				break;
			}
			index += h->count[l];
			first = (first + h->count[l]) << 1;
			code <<= 1;
		}
		if (!len)
			return fail(s, -EINVAL, "a bit sequence that is no Huffman code of the block");
	}
	return drop(s, len);
}

/* Lengths and distances (3.2.5) follow one pattern: the first few (8
 * lengths, 4 distances) take no extra bits, then every group of four
 * lengths (two distances) one extra bit more than the group before, each
 * symbol's base the end of the previous symbol's range. So length symbol
 * 257 + i (i < 28) is (4 + i % 4) << e, plus 3, with e = i / 4 - 1 extra bits,
 * and distance symbol i is (2 + i % 2) << e, plus 1, with e = i / 2 - 1;
 * 285 is 258 with none. The value of symbol i, its extra bits read, in *v. */
static int length_or_distance(struct infl *s, unsigned i, bool dist, unsigned *v)
{
	unsigned group = dist ? 2 : 4, first = dist ? 1 : 3, e = 0, base;
	int ret;

	if (!dist && i == 28) {
		*v = 258;
		return 0;
	}
	if (i < 2 * group) {
		base = first + i;
	} else {
		e = i / group - 1;
		base = ((group + i % group) << e) + first;
	}
	ret = take(s, e, v);
	*v += base;
	return ret;
}

/* The symbols of one compressed block, up to its end-of-block code. */
static int codes(struct infl *s, const struct huff *lit, const struct huff *dist)
{
	for (;;) {
		unsigned sym, len, d;
		int ret = decode(s, lit, &sym);

		if (ret)
			return ret;
		if (sym < 256) {
			if ((ret = room(s, 1)))
				return ret;
			s->out[s->n++] = (uint8_t)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		if (sym > 285)
			return fail(s, -EINVAL, "length symbol %u (286 and 287 are not used)", sym);
		if ((ret = length_or_distance(s, sym - 257, false, &len)) ||
		    (ret = decode(s, dist, &sym)))
			return ret;
		if (sym > 29)
			return fail(s, -EINVAL, "distance symbol %u (30 and 31 are not used)", sym);
		if ((ret = length_or_distance(s, sym, true, &d)))
			return ret;
		if (d > s->n)
			return fail(s, -EINVAL, "a distance of %u bytes, but only %zu written", d, s->n);
		if ((ret = room(s, len)))
			return ret;
		/* Byte by byte: the source may overlap what is being written
		 * (a distance shorter than the length repeats a pattern). */
		for (uint8_t *p = s->out + s->n, *end = p + len; p < end; p++)
			*p = p[-(ptrdiff_t)d];
		s->n += len;
	}
}

/* A stored block (3.2.4): from the next byte boundary, LEN, its one's
 * complement NLEN, then LEN bytes as they are. */
static int stored(struct infl *s)
{
	unsigned len, nlen;
	int ret;

	if ((ret = drop(s, s->nbits % 8)) || (ret = take(s, 16, &len)) || (ret = take(s, 16, &nlen)))
		return ret;
	if (len != (~nlen & 0xffff))
		return fail(s, -EINVAL, "stored block length %u does not match its complement %u",
			    len, nlen);
	if ((ret = room(s, len)))
		return ret;
	/* Whole bytes may still sit in the bit buffer; they come first. */
	for (; len && s->nbits; len--) {
		unsigned b;

		if ((ret = take(s, 8, &b)))
			return ret;
		s->out[s->n++] = (uint8_t)b;
	}
	if (len > s->inlen - s->pos)
		return fail(s, -EINVAL, "the input ends inside a stored block");
	memcpy(s->out + s->n, s->in + s->pos, len);
	s->n += len;
	s->pos += len;
	return 0;
}

/* The fixed codes (3.2.6). Distances get all 32 five-bit codes, so that the
 * code is complete; symbols 30 and 31 are refused when they appear. */
static int fixed(struct infl *s)
{
	struct huff lit, dist;
	uint8_t len[NLITLEN];
	int ret;

	memset(len, 8, 144);
	memset(len + 144, 9, 112);
	memset(len + 256, 7, 24);
	memset(len + 280, 8, 8);
	if ((ret = build(s, &lit, len, NLITLEN, false, "fixed literal/length")))
		return ret;
	memset(len, 5, NDIST);
	if ((ret = build(s, &dist, len, NDIST, false, "fixed distance")))
		return ret;
	return codes(s, &lit, &dist);
}

/* A block with its own codes (3.2.7): the counts HLIT, HDIST, HCLEN, the
 * code length code's lengths in a fixed order, then the literal/length and
 * distance code lengths coded with it, runs (16, 17, 18) included. */
static int dynamic(struct infl *s)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2,
					   14, 1, 15 };
	struct huff lit, dist;
	uint8_t len[NLITLEN + NDIST];
	unsigned nlit, ndist, ncode, i;
	int ret;

	if ((ret = take(s, 5, &nlit)) || (ret = take(s, 5, &ndist)) || (ret = take(s, 4, &ncode)))
		return ret;
	nlit += 257;
	ndist += 1;
	ncode += 4;
	if (nlit > 286 || ndist > 30)
		return fail(s, -EINVAL, "%u literal/length and %u distance codes (at most 286 and 30)",
			    nlit, ndist);
	memset(len, 0, 19);
	for (i = 0; i < ncode; i++) {
		unsigned v;

		if ((ret = take(s, 3, &v)))
			return ret;
		len[order[i]] = (uint8_t)v;
	}
	if ((ret = build(s, &lit, len, 19, false, "code length")))
		return ret;
	for (i = 0; i < nlit + ndist;) {
		unsigned sym, rep, v, val = 0;

		if ((ret = decode(s, &lit, &sym)))
			return ret;
		if (sym < 16) {
			len[i++] = (uint8_t)sym;
			continue;
		}
		/* 16: the last length 3 to 6 times (2 bits more), 17: zero 3
		 * to 10 times (3 bits), 18: zero 11 to 138 times (7 bits). */
		if (sym == 16) {
			if (i == 0)
				return fail(s, -EINVAL, "code length 16 (repeat) with nothing to repeat");
			val = len[i - 1];
		}
		if ((ret = take(s, sym == 18 ? 7 : sym - 14, &v)))
			return ret;
		rep = (sym == 18 ? 11 : 3) + v;
		if (rep > nlit + ndist - i)
			return fail(s, -EINVAL, "code length repeat past the %u lengths", nlit + ndist);
		memset(len + i, (int)val, rep);
		i += rep;
	}
	if (!len[256])
		return fail(s, -EINVAL, "no code for end-of-block (256)");
	if ((ret = build(s, &lit, len, nlit, true, "literal/length")) ||
	    (ret = build(s, &dist, len + nlit, ndist, true, "distance")))
		return ret;
	return codes(s, &lit, &dist);
}

/* One DEFLATE stream from s->pos: blocks until the one marked last. After it
 * the unused whole bytes of the bit buffer go back to the input. */
static int stream(struct infl *s)
{
	unsigned last = 0, type;
	int ret;

	s->bits = 0;
	s->nbits = 0;
	s->past = 0;
	while (!last) {
		if ((ret = take(s, 1, &last)) || (ret = take(s, 2, &type)))
			return ret;
		if (type == 0)
			ret = stored(s);
		else if (type == 1)
			ret = fixed(s);
		else if (type == 2)
			ret = dynamic(s);
		else
			ret = fail(s, -EINVAL, "block type 3 (reserved)");
		if (ret)
			return ret;
	}
	s->pos -= s->nbits / 8 - s->past;
	s->bits = 0;
	s->nbits = 0;
	s->past = 0;
	return 0;
}

static void start(struct infl *s, const void *src, size_t len, size_t max, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->in = src;
	s->inlen = len;
	s->max = max < SIZE_MAX - 1 ? max : SIZE_MAX - 1;       /* room for the NUL */
	s->err = err;
	s->errlen = errlen;
}

static int finish(struct infl *s, int ret, unsigned char **out, size_t *outlen)
{
	if (!ret)
		ret = room(s, 0);
	if (ret) {
		free(s->out);
		*out = NULL;
		*outlen = 0;
		return ret;
	}
	s->out[s->n] = '\0';
	*out = s->out;
	*outlen = s->n;
	return 0;
}

int infl_raw(const void *src, size_t len, size_t max,
	     unsigned char **out, size_t *outlen, size_t *used, char *err, size_t errlen)
{
	struct infl s;
	int ret;

	start(&s, src, len, max, err, errlen);
	ret = stream(&s);
	*used = s.pos;
	return finish(&s, ret, out, outlen);
}

/* CRC-32 of gzip (ISO 3309, reflected polynomial 0xedb88320), continued
 * from crc over p[n]; the 1 KiB table is built per call rather than kept in
 * the binary. */
static uint32_t crc32_of(uint32_t crc, const uint8_t *p, size_t n)
{
	uint32_t t[256];

	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
		t[i] = c;
	}
	crc = ~crc;
	while (n--)
		crc = t[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Skip a zero-terminated field of the header (FNAME, FCOMMENT). */
static int skip_string(struct infl *s, const char *what)
{
	const uint8_t *z = memchr(s->in + s->pos, 0, s->inlen - s->pos);

	if (!z)
		return fail(s, -EINVAL, "the gzip header's %s has no terminating zero byte", what);
	s->pos = (size_t)(z - s->in) + 1;
	return 0;
}

/* One member (RFC 1952 2.3): a 10-byte header, the optional fields its FLG
 * byte announces, a DEFLATE stream, then CRC32 and ISIZE of the data. */
static int member(struct infl *s)
{
	enum { FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16 };
	size_t start = s->pos, from = s->n;
	const uint8_t *h = s->in + s->pos;
	unsigned flg;
	int ret;

	if (s->inlen - s->pos < 10)
		return fail(s, -EINVAL, "%zu bytes left, shorter than a gzip header (10)",
			    s->inlen - s->pos);
	if (h[0] != 0x1f || h[1] != 0x8b)
		return fail(s, -EINVAL, "not gzip: magic %02x %02x, expected 1f 8b", h[0], h[1]);
	if (h[2] != 8)
		return fail(s, -EINVAL, "gzip compression method %u, expected 8 (deflate)", h[2]);
	flg = h[3];
	if (flg & 0xe0)
		return fail(s, -EINVAL, "gzip flags 0x%02x: reserved bits set", flg);
	s->pos += 10;
	if (flg & FEXTRA) {
		size_t xlen;

		if (s->inlen - s->pos < 2)
			return fail(s, -EINVAL, "the input ends inside the gzip header");
		xlen = s->in[s->pos] | s->in[s->pos + 1] << 8;
		if (s->inlen - s->pos - 2 < xlen)
			return fail(s, -EINVAL, "the gzip extra field (%zu bytes) passes the end", xlen);
		s->pos += 2 + xlen;
	}
	if ((flg & FNAME) && (ret = skip_string(s, "file name")))
		return ret;
	if ((flg & FCOMMENT) && (ret = skip_string(s, "comment")))
		return ret;
	if (flg & FHCRC) {
		unsigned want;

		if (s->inlen - s->pos < 2)
			return fail(s, -EINVAL, "the input ends inside the gzip header");
		want = s->in[s->pos] | s->in[s->pos + 1] << 8;
		if ((crc32_of(0, s->in + start, s->pos - start) & 0xffff) != want)
			return fail(s, -EINVAL, "gzip header CRC mismatch");
		s->pos += 2;
	}
	if ((ret = stream(s)))
		return ret;
	if (s->inlen - s->pos < 8)
		return fail(s, -EINVAL, "the input ends before the gzip trailer (CRC32, ISIZE)");
	/* An empty member may leave the output unallocated (CRC-32 of nothing: 0). */
	if ((s->n > from ? crc32_of(0, s->out + from, s->n - from) : 0) != le32(s->in + s->pos))
		return fail(s, -EINVAL, "CRC32 of the data does not match the gzip trailer's");
	if ((uint32_t)(s->n - from) != le32(s->in + s->pos + 4))
		return fail(s, -EINVAL, "%zu bytes of data, the gzip trailer says %u (mod 2^32)",
			    s->n - from, le32(s->in + s->pos + 4));
	s->pos += 8;
	return 0;
}

int infl_gunzip(const void *src, size_t len, size_t max,
		unsigned char **out, size_t *outlen, char *err, size_t errlen)
{
	struct infl s;
	int ret;

	start(&s, src, len, max, err, errlen);
	do
		ret = member(&s);
	while (!ret && s.pos < s.inlen);
	return finish(&s, ret, out, outlen);
}
