/* Decimal parsing without floating point, and numbers as text; see num.h. */
#include "common/num.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* Digits from *s into *v (multiplied up by 10 each), stopping at the first
 * non-digit. false on overflow. */
static bool digits_into(const char **s, uint64_t *v, unsigned *n)
{
	for (; **s >= '0' && **s <= '9'; (*s)++, (*n)++) {
		unsigned d = (unsigned)(**s - '0');

		if (*v > (UINT64_MAX - d) / 10)
			return false;
		*v = *v * 10 + d;
	}
	return true;
}

int num_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	unsigned n = 0;

	if (!digits_into(&s, &v, &n))
		return -ERANGE;
	if (!n || *s)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int num_fixed(const char *s, unsigned digits, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	unsigned whole = 0, frac = 0;

	if (!digits_into(&s, &v, &whole))
		return -ERANGE;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, frac++) {
			if (frac >= digits)
				continue;
			if (v > (UINT64_MAX - 9) / 10)
				return -ERANGE;
			v = v * 10 + (unsigned)(*s - '0');
		}
	}
	if (!whole && !frac)
		return -EINVAL;
	if (*s)
		return -EINVAL;
	/* Scale what was written up to digits fraction digits. */
	for (; frac < digits; frac++) {
		if (v > UINT64_MAX / 10)
			return -ERANGE;
		v *= 10;
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* "00" to "99": two digits per division. */
static const char num_pairs[201] =
	"00010203040506070809101112131415161718192021222324"
	"25262728293031323334353637383940414243444546474849"
	"50515253545556575859606162636465666768697071727374"
	"75767778798081828384858687888990919293949596979899";

/* How many decimal digits v has (1 for 0): log2 from the leading zeros,
 * times log10(2) as 1233/4096, then one comparison. */
static unsigned dec_digits(uint64_t v)
{
	static const uint64_t pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
		10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
		100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
	};
	unsigned t = ((64 - (unsigned)__builtin_clzll(v | 1)) * 1233) >> 12;

	return t + ((v | 1) >= pow10[t]);
}

static void put_pair(char *d, uint32_t v)
{
	memcpy(d, num_pairs + 2 * v, 2);
}

/* v (below 10^4) as 4 digits, zero-padded. */
static void put4(char *d, uint32_t v)
{
	uint32_t h = v / 100;

	put_pair(d, h);
	put_pair(d + 2, v - h * 100);
}

/* v (below 10^8) as the n (1..8) digits ending at end. */
static void put_small(char *end, uint32_t v, unsigned n)
{
	uint32_t h;

	if (n > 4) {
		h = v / 10000;
		put4(end - 4, v - h * 10000);
		end -= 4;
		v = h;
		n -= 4;
	}
	if (n > 2) {
		h = v / 100;
		put_pair(end - 2, v - h * 100);
		end -= 2;
		v = h;
		n -= 2;
	}
	if (n == 2)
		put_pair(end - 2, v);
	else
		end[-1] = (char)('0' + v);
}

/* Eight digits at a time, each eight as two fours: the divisions of one
 * four do not wait for the other's. */
size_t num_put_u64(char *dst, uint64_t v)
{
	unsigned n, k;

	if (v < 10) {
		*dst = (char)('0' + v);
		return 1;
	}
	n = k = dec_digits(v);
	for (; k > 8; k -= 8) {
		uint64_t q = v / 100000000;
		uint32_t r = (uint32_t)(v - q * 100000000), h = r / 10000;

		put4(dst + k - 8, h);
		put4(dst + k - 4, r - h * 10000);
		v = q;
	}
	put_small(dst + k, (uint32_t)v, k);
	return n;
}

size_t num_put_hex(char *dst, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	unsigned n = (64 - (unsigned)__builtin_clzll(v | 1) + 3) / 4;

	for (unsigned i = n; i > 0; i--, v >>= 4)
		dst[i - 1] = digits[v & 15];
	return n;
}
