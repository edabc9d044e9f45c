/* extract_bpf — the BPF objects embedded in a program, as files.
 *
 *   extract_bpf PROGRAM OUTDIR
 *
 * A libbpf skeleton (bpftool gen skeleton) carries its BPF object as a byte
 * array inside the program's data: a whole ELF file with e_machine EM_BPF
 * (247). This finds every such ELF in PROGRAM, bounds it by its own headers
 * (the end of its section header table, or of its last section's bytes if
 * one lies further), checks it with the project's ELF reader, and writes it
 * to OUTDIR/NAME.bpf.o (NAME.2.bpf.o ... for more), NAME being PROGRAM's
 * file name. Prints one line per object: "PATH SIZE". Exit 0 when at least
 * one object was written, 1 when none was found or on error, 2 on usage.
 */
#include <elf.h>
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "elf/elf.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif

/* The size of the ELF object at buf[0, avail) from its headers, or 0 when it
 * is not a little-endian ELF64 EM_BPF relocatable object that fits. */
static size_t object_size(const uint8_t *buf, size_t avail)
{
	Elf64_Ehdr eh;
	uint64_t end;

	if (avail < sizeof(eh))
		return 0;
	memcpy(&eh, buf, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh.e_machine != EM_BPF || eh.e_type != ET_REL ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shnum == 0 || eh.e_shoff > avail ||
	    eh.e_shnum > (avail - eh.e_shoff) / sizeof(Elf64_Shdr))
		return 0;
	end = eh.e_shoff + (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr);
	for (size_t i = 0; i < eh.e_shnum; i++) {
		Elf64_Shdr sh;

		memcpy(&sh, buf + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL)
			continue;
		if (sh.sh_offset > avail || sh.sh_size > avail - sh.sh_offset)
			return 0;
		if (sh.sh_offset + sh.sh_size > end)
			end = sh.sh_offset + sh.sh_size;
	}
	return end;
}

static int write_object(const char *dir, const char *name, int nth,
			const uint8_t *obj, size_t size)
{
	char path[4096];
	FILE *f;
	int bad;

	if (nth == 1)
		snprintf(path, sizeof(path), "%s/%s.bpf.o", dir, name);
	else
		snprintf(path, sizeof(path), "%s/%s.%d.bpf.o", dir, name, nth);
	f = fopen(path, "wb");
	if (!f) {
		fprintf(stderr, "extract_bpf: %s: %s\n", path, strerror(errno));
		return 1;
	}
	bad = fwrite(obj, 1, size, f) != size;
	bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "extract_bpf: %s: write failed\n", path);
	else
		printf("%s %zu\n", path, size);
	return bad;
}

int main(int argc, char **argv)
{
	static const uint8_t magic[SELFMAG] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3 };
	unsigned char *buf;
	const uint8_t *p;
	char err[ERR_LEN];
	size_t len, off = 1;
	int found = 0, bad = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: extract_bpf PROGRAM OUTDIR\n");
		return 2;
	}
	if (read_whole_file(argv[1], &buf, &len, err, sizeof(err))) {
		fprintf(stderr, "extract_bpf: %s: %s\n", argv[1], err);
		return 1;
	}
	/* Offset 0 is the program's own header: start after it. */
	while (off < len && (p = memmem(buf + off, len - off, magic, sizeof(magic)))) {
		size_t at = p - buf, size = object_size(p, len - at);
		struct elf_file ef;

		off = at + 1;
		if (!size)
			continue;
		if (elf_open(&ef, p, size, err, sizeof(err))) {
			fprintf(stderr, "extract_bpf: %s: object at offset %zu: %s\n", argv[1], at, err);
			bad = 1;
			continue;
		}
		elf_close(&ef);
		bad |= write_object(argv[2], basename(argv[1]), ++found, p, size);
		off = at + size;
	}
	free(buf);
	if (!found)
		fprintf(stderr, "extract_bpf: %s: no embedded BPF object (ELF, e_machine %d)\n",
			argv[1], EM_BPF);
	return bad || !found;
}
