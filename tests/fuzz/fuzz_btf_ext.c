/* libFuzzer target: .BTF.ext parsing.
 *
 * The input is split: a little-endian u32 N, then N bytes of .BTF, then the
 * .BTF.ext bytes. The seeds (tests/fuzz/extract.c) are real objects' pairs,
 * so the fuzzer starts from a valid BTF whose strings the records name, and
 * may change either half.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"

static volatile uint8_t sink;

static void walk(const struct btf_ext_sec *secs, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct btf_ext_sec *s = &secs[i];
		uint8_t x = 0;

		x ^= (uint8_t)strlen(s->sec_name);
		for (size_t k = 0; k < (size_t)s->nrec * s->rec_size; k++)
			x ^= s->recs[k];
		sink = x;
		if (btf_ext_find(secs, n, s->sec_name) == NULL)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct btf *btf = NULL;
	struct btf_ext *ext = NULL;
	uint8_t *b, *x;
	uint32_t blen;
	size_t xlen;
	char err[256];

	if (size < 4)
		return 0;
	memcpy(&blen, data, 4);
	if (blen > size - 4)
		return 0;
	xlen = size - 4 - blen;
	/* Exact-size copies, so a read one past either half is caught. */
	b = malloc(blen ? blen : 1);
	x = malloc(xlen ? xlen : 1);
	if (!b || !x)
		goto out;
	memcpy(b, data + 4, blen);
	memcpy(x, data + 4 + blen, xlen);
	if (btf_parse(b, blen, &btf, err, sizeof(err)))
		goto out;
	err[0] = '\0';
	if (btf_ext_parse(x, xlen, btf, &ext, err, sizeof(err))) {
		if (!err[0])
			abort();
		goto out;
	}
	walk(ext->func, ext->nfunc);
	walk(ext->line, ext->nline);
	walk(ext->core, ext->ncore);
	btf_ext_free(ext);
out:
	btf_free(btf);
	free(b);
	free(x);
	return 0;
}
