/* Seed extractor for the BTF fuzz targets, built on the project's own ELF
 * reader:
 *
 *   extract OBJ BTF_OUT EXT_OUT
 *
 * writes OBJ's .BTF section to BTF_OUT and, for fuzz_btf_ext, a split input
 * to EXT_OUT: a little-endian u32 N, N bytes of .BTF, then .BTF.ext. A file
 * without .BTF (or .BTF.ext) gets no BTF_OUT (or EXT_OUT). Exit 1 on error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "elf/elf.h"

static int write_parts(const char *path, const void *a, size_t alen,
		       const void *b, size_t blen, const void *c, size_t clen)
{
	FILE *f = fopen(path, "wb");
	int bad;

	if (!f) {
		perror(path);
		return 1;
	}
	bad = fwrite(a, 1, alen, f) != alen || fwrite(b, 1, blen, f) != blen ||
	      fwrite(c, 1, clen, f) != clen;
	bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "extract: %s: write failed\n", path);
	return bad;
}

int main(int argc, char **argv)
{
	const struct elf_section *b, *x;
	struct elf_file ef;
	char err[256];
	uint8_t *buf;
	long len;
	FILE *f;
	int ret = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: extract OBJ BTF_OUT EXT_OUT\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		perror(argv[1]);
		return 1;
	}
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != (size_t)len) {
		fprintf(stderr, "extract: %s: read failed\n", argv[1]);
		return 1;
	}
	fclose(f);
	if (elf_open(&ef, buf, len, err, sizeof(err))) {
		fprintf(stderr, "extract: %s: %s\n", argv[1], err);
		return 1;
	}
	b = elf_section_by_name(&ef, ".BTF");
	x = elf_section_by_name(&ef, ".BTF.ext");
	if (b && b->data) {
		uint32_t n = (uint32_t)b->size;

		ret |= write_parts(argv[2], b->data, b->size, "", 0, "", 0);
		if (x && x->data)
			ret |= write_parts(argv[3], &n, sizeof(n), b->data, b->size,
					   x->data, x->size);
	}
	elf_close(&ef);
	free(buf);
	return ret;
}
