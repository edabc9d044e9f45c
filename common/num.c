/* Decimal parsing without floating point; see num.h. */
#include "common/num.h"

#include <errno.h>
#include <stdbool.h>

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
