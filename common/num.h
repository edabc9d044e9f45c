/* num: decimal numbers from the command line and from kernel text files,
 * parsed without floating point (the static binary links no strtod or
 * scanf: musl's float parser alone is 6 KiB); and numbers written as text
 * without printf, for the per-event printers (btf/format.c,
 * loader/cli/print_events.c), where snprintf per field was most of the
 * cost of a record.
 *
 * The parsers return 0, or -EINVAL when s is not a number of the form
 * described, or -ERANGE when it is outside [min, max].
 */
#ifndef RAWBPF_NUM_H
#define RAWBPF_NUM_H

#include <stddef.h>
#include <stdint.h>

/* A whole decimal number: digits only, no sign, no spaces. */
int num_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* A decimal number with an optional fraction, "2", "0.5", ".25", "1.",
 * as an integer count of 10^-digits units: num_fixed("1.25", 3, ...) gives
 * 1250. Fraction digits past the digits-th are dropped (rounding toward
 * zero). min and max are in the same units. digits is at most 9. */
int num_fixed(const char *s, unsigned digits, uint64_t min, uint64_t max, uint64_t *out);

/* Writers: v at dst, no terminating NUL; they return the characters
 * written. dst must have room for NUM_U64_MAX characters. Inline: a
 * record's fields are printed by these. */
#define NUM_U64_MAX 20

extern const char num_pairs[201];       /* "00" to "99" */
extern const uint64_t num_pow10[20];

/* How many decimal digits v has (1 for 0): log2 from the leading zeros,
 * times log10(2) as 1233/4096, then one comparison. */
static inline unsigned num_digits(uint64_t v)
{
	unsigned t = ((64 - (unsigned)__builtin_clzll(v | 1)) * 1233) >> 12;

	return t + ((v | 1) >= num_pow10[t]);
}

static inline void num_pair(char *d, uint32_t v)
{
	__builtin_memcpy(d, num_pairs + 2 * v, 2);
}

/* v (below 10^4) as 4 digits, zero-padded: two divisions side by side. */
static inline void num_put4(char *d, uint32_t v)
{
	uint32_t h = v / 100;

	num_pair(d, h);
	num_pair(d + 2, v - h * 100);
}

/* v (below 10^8) as the n (1..8) digits ending at end. */
static inline void num_put_small(char *end, uint32_t v, unsigned n)
{
	uint32_t h;

	if (n > 4) {
		h = v / 10000;
		num_put4(end - 4, v - h * 10000);
		end -= 4;
		v = h;
		n -= 4;
	}
	if (n > 2) {
		h = v / 100;
		num_pair(end - 2, v - h * 100);
		end -= 2;
		v = h;
		n -= 2;
	}
	if (n == 2)
		num_pair(end - 2, v);
	else
		end[-1] = (char)('0' + v);
}

/* Decimal, as "%llu": eight digits at a time, each eight as two fours
 * (the divisions of one four do not wait for the other's). */
static inline size_t num_put_u64(char *dst, uint64_t v)
{
	unsigned n, k;

	if (v < 10) {
		*dst = (char)('0' + v);
		return 1;
	}
	n = k = num_digits(v);
	for (; k > 8; k -= 8) {
		uint64_t q = v / 100000000;
		uint32_t r = (uint32_t)(v - q * 100000000), h = r / 10000;

		num_put4(dst + k - 8, h);
		num_put4(dst + k - 4, r - h * 10000);
		v = q;
	}
	num_put_small(dst + k, (uint32_t)v, k);
	return n;
}

/* Lower-case hex without "0x", as "%llx". */
size_t num_put_hex(char *dst, uint64_t v);

#endif
