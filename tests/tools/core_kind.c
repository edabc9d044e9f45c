/* core_kind IN.o OUT.o FROM TO: copy a BPF object, changing the kind of
 * every CO-RE relocation record of kind FROM in .BTF.ext to TO.
 *
 * The tests use it to make relocation kinds that clang 14 cannot emit:
 * bpf_core_type_exists() (BPF_CORE_TYPE_EXISTS, 8) and
 * bpf_core_type_matches() (BPF_CORE_TYPE_MATCHES, 12) both become an
 * instruction loading an immediate 0 or 1 with a record naming the type and
 * access string "0", so rewriting the kind turns one question into the
 * other. Layout: struct btf_ext_header (include/uapi/linux/btf.h has none;
 * see Documentation/bpf/btf.rst, ".BTF.ext section"), then in the CO-RE
 * part a u32 record size and, per ELF section, a u32 section name offset,
 * a u32 record count and the records (struct bpf_core_relo,
 * include/uapi/linux/bpf.h). Prints how many records it changed. */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

struct ext_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len;
	uint32_t line_info_off, line_info_len;
	uint32_t core_relo_off, core_relo_len;
};

static int die(const char *msg)
{
	fprintf(stderr, "core_kind: %s\n", msg);
	return 1;
}

/* True when [off, off + len) lies inside a buffer of size. */
static int inside(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

int main(int argc, char **argv)
{
	FILE *f;
	uint8_t *buf;
	long size;
	Elf64_Ehdr eh;
	const Elf64_Shdr *sh, *strsh;
	struct ext_header xh;
	uint8_t *ext = NULL;
	uint64_t ext_len = 0, off, end;
	uint32_t from, to, rec_size, changed = 0, i;

	if (argc != 5)
		return die("usage: core_kind IN.o OUT.o FROM TO");
	from = strtoul(argv[3], NULL, 0);
	to = strtoul(argv[4], NULL, 0);
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		return die("cannot read the input object");
	buf = malloc(size);
	if (!buf || fread(buf, 1, size, f) != (size_t)size)
		return die("cannot read the input object");
	fclose(f);

	if (!inside(0, sizeof(eh), size))
		return die("not an ELF file");
	memcpy(&eh, buf, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_shentsize != sizeof(Elf64_Shdr) ||
	    !inside(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr), size) ||
	    eh.e_shstrndx >= eh.e_shnum || eh.e_shoff % 8)
		return die("not a little-endian ELF64 object with a section table");
	sh = (const Elf64_Shdr *)(buf + eh.e_shoff);
	strsh = &sh[eh.e_shstrndx];
	if (!inside(strsh->sh_offset, strsh->sh_size, size))
		return die("section name table past the end of the file");
	for (i = 0; i < eh.e_shnum; i++) {
		if (sh[i].sh_name >= strsh->sh_size ||
		    strnlen((const char *)buf + strsh->sh_offset + sh[i].sh_name,
			    strsh->sh_size - sh[i].sh_name) == strsh->sh_size - sh[i].sh_name)
			continue;
		if (strcmp((const char *)buf + strsh->sh_offset + sh[i].sh_name, ".BTF.ext"))
			continue;
		if (!inside(sh[i].sh_offset, sh[i].sh_size, size))
			return die(".BTF.ext past the end of the file");
		ext = buf + sh[i].sh_offset;
		ext_len = sh[i].sh_size;
	}
	if (!ext || ext_len < sizeof(xh))
		return die("no .BTF.ext section with CO-RE records");
	memcpy(&xh, ext, sizeof(xh));
	if (xh.magic != 0xeB9F || xh.hdr_len < sizeof(xh) ||
	    !inside(xh.hdr_len, (uint64_t)xh.core_relo_off + xh.core_relo_len, ext_len) ||
	    xh.core_relo_len < 4)
		return die(".BTF.ext header has no CO-RE part");
	off = (uint64_t)xh.hdr_len + xh.core_relo_off;
	end = off + xh.core_relo_len;
	memcpy(&rec_size, ext + off, 4);
	if (rec_size < sizeof(struct bpf_core_relo))
		return die("CO-RE record size smaller than struct bpf_core_relo");
	off += 4;
	while (off < end) {
		uint32_t hdr[2], n;

		if (!inside(off, 8, end))
			return die("CO-RE section header past the end");
		memcpy(hdr, ext + off, 8);
		off += 8;
		n = hdr[1];
		if (!inside(off, (uint64_t)n * rec_size, end))
			return die("CO-RE records past the end");
		for (; n; n--, off += rec_size) {
			struct bpf_core_relo r;

			memcpy(&r, ext + off, sizeof(r));
			if (r.kind != from)
				continue;
			r.kind = to;
			memcpy(ext + off, &r, sizeof(r));
			changed++;
		}
	}

	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, size, f) != (size_t)size || fclose(f))
		return die("cannot write the output object");
	free(buf);
	printf("%u\n", changed);
	return 0;
}
