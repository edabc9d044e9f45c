/* libFuzzer target: the ELF reader (elf/) on arbitrary bytes.
 *
 * Opens the bytes as an object, then touches everything elf_open() promised
 * is inside the file: every section's data, every name, every symbol, and the
 * entries of every SHT_REL section. ASan turns a broken promise into a crash.
 */
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "elf/elf.h"

/* Read every byte so ASan sees an out-of-bounds range; the sum keeps the
 * reads from being optimised away. */
static volatile uint8_t sink;

static void touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s ^= b[i];
	sink = s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_file ef;
	char err[256];

	if (elf_open(&ef, data, size, err, sizeof(err))) {
		if (!err[0])
			abort(); /* every refusal says why */
		return 0;
	}
	for (size_t i = 0; i < ef.nsec; i++) {
		const struct elf_section *s = &ef.secs[i];

		touch(s->name, strlen(s->name));
		if (s->data)
			touch(s->data, s->size);
		if (elf_section_by_name(&ef, s->name) == NULL)
			abort();
		if (s->type == SHT_STRTAB)
			for (uint64_t off = 0; off < s->size && off < 64; off++) {
				const char *str = elf_string(&ef, i, off);

				if (str)
					touch(str, strlen(str));
			}
	}
	for (size_t i = 0; i < ef.nsym; i++)
		touch(ef.syms[i].name, strlen(ef.syms[i].name));
	for (size_t i = 0; i < ef.nsec; i++) {
		struct elf_rel *rels;
		size_t n;

		if (ef.secs[i].type != SHT_REL)
			continue;
		err[0] = '\0';
		if (elf_rels(&ef, i, &rels, &n, err, sizeof(err))) {
			if (!err[0])
				abort();
			continue;
		}
		for (size_t k = 0; k < n; k++)
			if (rels[k].sym >= ef.nsym)
				abort();
			else
				touch(ef.syms[rels[k].sym].name, 1);
		free(rels);
	}
	elf_close(&ef);
	return 0;
}
