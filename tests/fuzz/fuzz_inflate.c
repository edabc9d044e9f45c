/* libFuzzer target: the inflater (common/inflate.c) on arbitrary bytes, as
 * a gzip file and as a raw DEFLATE stream, with zlib as the oracle for the
 * raw stream: whatever zlib decodes, infl_raw must decode to the same bytes,
 * and whatever zlib refuses, infl_raw must refuse with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/inflate.h"

#define CAP (1u << 20)

/* zlib's answer for a raw stream, up to CAP bytes: 1 decoded (*out, *len),
 * 0 refused, -1 past CAP (no verdict). */
static int zlib_raw(const uint8_t *in, size_t n, uint8_t *out, size_t *len)
{
	z_stream z;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		abort();
	z.next_in = (uint8_t *)in;
	z.avail_in = (unsigned)n;
	z.next_out = out;
	z.avail_out = CAP;
	r = inflate(&z, Z_FINISH);
	*len = z.total_out;
	inflateEnd(&z);
	if (r == Z_STREAM_END)
		return 1;
	if (r == Z_BUF_ERROR && z.avail_out == 0)
		return -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t zout[CAP];
	unsigned char *out;
	size_t len, used, zlen;
	char err[256];
	int ret, z;

	/* An exact-size copy lets ASan catch reads one past the end. */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);

	err[0] = '\0';
	ret = infl_gunzip(copy, size, CAP, &out, &len, err, sizeof(err));
	if (ret == 0) {
		if (out[len] != '\0')
			abort();
		free(out);
	} else if (!err[0] || out) {
		abort();
	}

	err[0] = '\0';
	ret = infl_raw(copy, size, CAP, &out, &len, &used, err, sizeof(err));
	z = zlib_raw(copy, size, zout, &zlen);
	if (ret == 0) {
		if (used > size || z == 0 || (z == 1 && (zlen != len || memcmp(zout, out, len))))
			abort();
		free(out);
	} else if (!err[0] || out || z == 1) {
		abort();
	}
	free(copy);
	return 0;
}
