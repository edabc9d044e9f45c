/* Writes the malformed regression inputs of tests/data/malformed/ from the
 * valid tests/data/tiny.o, one file per bug class that ELF and BTF loaders
 * have had (libbpf's OSS-Fuzz reports among them):
 *
 *   mkmalformed tests/data/tiny.o tests/data/malformed
 *
 * Each case copies the object and changes one field; tests/unit/
 * test_malformed.c names the message each must be refused with. Run by
 * tests/fuzz/mkmalformed.sh; the outputs are committed, so this runs only
 * when a case is added.
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>

#include "btf/btf.h"
#include "elf/elf.h"

static uint8_t *base;
static size_t base_len;
static struct elf_file ef;
static const char *outdir;

static void die(const char *what)
{
	fprintf(stderr, "mkmalformed: %s\n", what);
	exit(1);
}

static const struct elf_section *sec(const char *name)
{
	const struct elf_section *s = elf_section_by_name(&ef, name);

	if (!s)
		die(name);
	return s;
}

static const struct elf_section *prog_sec(void)
{
	return sec("tracepoint/syscalls/sys_enter_getpid");
}

static const struct elf_section *prog_rel(void)
{
	return sec(".reltracepoint/syscalls/sys_enter_getpid");
}

/* Offsets of fields inside the copy. */
static uint64_t shdr_off(size_t i)
{
	Elf64_Ehdr eh;

	memcpy(&eh, base, sizeof(eh));
	return eh.e_shoff + i * sizeof(Elf64_Shdr);
}
#define SHDR_FIELD(i, f) (shdr_off(i) + offsetof(Elf64_Shdr, f))
#define EHDR_FIELD(f) offsetof(Elf64_Ehdr, f)
#define SYM_FIELD(i, f) (ef.secs[ef.symtab].offset + (i) * sizeof(Elf64_Sym) + offsetof(Elf64_Sym, f))
#define REL_FIELD(s, i, f) ((s)->offset + (i) * sizeof(Elf64_Rel) + offsetof(Elf64_Rel, f))

static void put(uint8_t *b, uint64_t off, const void *v, size_t n)
{
	if (off + n > base_len)
		die("patch past the end");
	memcpy(b + off, v, n);
}
static void put16(uint8_t *b, uint64_t off, uint16_t v) { put(b, off, &v, 2); }
static void put32(uint8_t *b, uint64_t off, uint32_t v) { put(b, off, &v, 4); }
static void put64(uint8_t *b, uint64_t off, uint64_t v) { put(b, off, &v, 8); }

static void emit(const char *name, const uint8_t *b)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.o", outdir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b, 1, base_len, f) != base_len || fclose(f))
		die(path);
}

/* Index of the first symbol named name. */
static size_t sym(const char *name)
{
	for (size_t i = 0; i < ef.nsym; i++)
		if (!strcmp(ef.syms[i].name, name))
			return i;
	die(name);
	return 0;
}

/* A BTF type's offset in the file: btf_parse keeps pointers into the bytes. */
static uint64_t btf_type_off(const struct btf *btf, const char *name, int kind)
{
	int64_t id = btf_find(btf, name, kind);

	if (id <= 0)
		die(name);
	return (uint64_t)((const uint8_t *)btf_type(btf, id) - base);
}

int main(int argc, char **argv)
{
	const struct elf_section *s;
	struct btf *btf;
	char err[256];
	uint8_t *b;
	FILE *f;
	long n;

	if (argc != 3)
		die("usage: mkmalformed tests/data/tiny.o OUTDIR");
	outdir = argv[2];
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		die(argv[1]);
	base_len = n;
	base = malloc(base_len);
	b = malloc(base_len);
	if (!base || !b || fread(base, 1, base_len, f) != base_len)
		die(argv[1]);
	fclose(f);
	if (elf_open(&ef, base, base_len, err, sizeof(err)))
		die(err);
	s = sec(".BTF");
	if (btf_parse(s->data, s->size, &btf, err, sizeof(err)))
		die(err);

#define CASE(name) for (int once_ = (memcpy(b, base, base_len), 1); once_; once_ = 0, emit(name, b))

	/* ELF: entry sizes of 0 (a division by zero for a reader that divides
	 * the section size by sh_entsize). */
	CASE("symtab_entsize0")
		put64(b, SHDR_FIELD(ef.symtab, sh_entsize), 0);
	CASE("rel_entsize0")
		put64(b, SHDR_FIELD(prog_rel()->index, sh_entsize), 0);
	/* Extended section numbering: e_shnum 0 sends the reader to section 0's
	 * sh_size, which lies; e_shstrndx SHN_XINDEX to its sh_link, which lies. */
	CASE("xindex_shnum_lies") {
		put16(b, EHDR_FIELD(e_shnum), 0);
		put64(b, SHDR_FIELD(0, sh_size), 0xffffffffu);
	}
	CASE("xindex_shstrndx_lies") {
		put16(b, EHDR_FIELD(e_shstrndx), SHN_XINDEX);
		put32(b, SHDR_FIELD(0, sh_link), 1000);
	}
	/* A section whose data lies past the end of the file. */
	CASE("section_past_eof")
		put64(b, SHDR_FIELD(sec(".maps")->index, sh_offset), base_len - 8);
	/* .BTF with no bytes in the file. */
	CASE("btf_nobits")
		put32(b, SHDR_FIELD(sec(".BTF")->index, sh_type), SHT_NOBITS);
	/* A relocation section for a section that has no bytes (.bss). */
	CASE("rel_target_nobits")
		put32(b, SHDR_FIELD(prog_rel()->index, sh_info), sec(".bss")->index);
	/* The license string runs to the end of its section. */
	CASE("license_unterminated") {
		s = sec("license");
		memset(b + s->offset, 'A', s->size);
	}
	/* DATASEC .rodata: vlen far beyond the type section; a variable placed
	 * past the section's (nonzero) size. */
	CASE("datasec_vlen_huge") {
		uint64_t t = btf_type_off(btf, ".rodata", BTF_KIND_DATASEC);

		put32(b, t + 4, (uint32_t)BTF_KIND_DATASEC << 24 | 0xffff);
	}
	CASE("datasec_var_past_size") {
		uint64_t t = btf_type_off(btf, ".rodata", BTF_KIND_DATASEC);

		put32(b, t + 8, 4);                               /* size */
		put32(b, t + 12 + 4, 4096);                        /* secinfo[0].offset */
	}
	/* .BTF.ext: func_info offset + length wraps around 2^32. */
	CASE("btf_ext_len_overflow") {
		s = sec(".BTF.ext");
		put32(b, s->offset + 8, 0xfffffff0u);              /* func_info_off */
		put32(b, s->offset + 12, 0x20);                    /* func_info_len */
	}
	/* A CO-RE record for an instruction past its section. */
	CASE("core_insn_past_section") {
		struct btf_ext *ext;
		const struct elf_section *x = sec(".BTF.ext");

		if (btf_ext_parse(x->data, x->size, btf, &ext, err, sizeof(err)) || !ext->ncore)
			die("no CO-RE records");
		put32(b, (uint64_t)(ext->core[0].recs - base), (uint32_t)prog_sec()->size);
		btf_ext_free(ext);
	}
	/* Relocations: past the end of the program's section; on an
	 * instruction that is neither ld_imm64 nor a call; naming a symbol past
	 * the symbol table. */
	CASE("reloc_past_program")
		put64(b, REL_FIELD(prog_rel(), 0, r_offset), prog_sec()->size + 8);
	CASE("reloc_not_ld_imm64") {
		const struct bpf_insn *in = (const struct bpf_insn *)prog_sec()->data;
		size_t i = 0;

		while (in[i].code == (BPF_LD | BPF_IMM | BPF_DW) || in[i].code == (BPF_JMP | BPF_CALL))
			i += in[i].code == (BPF_JMP | BPF_CALL) ? 1 : 2;
		put64(b, REL_FIELD(prog_rel(), 0, r_offset), i * 8);
	}
	CASE("reloc_symbol_past_table")
		put64(b, REL_FIELD(prog_rel(), 0, r_info), ELF64_R_INFO(ef.nsym + 5, 1));
	/* A relocation section for .maps whose entry is no slot of a map's
	 * "values" (its message once read the freed entry). */
	CASE("maps_rel_not_slot")
		put32(b, SHDR_FIELD(sec(".rel.text")->index, sh_info), sec(".maps")->index);
	/* Symbols: a section index past the table; a name past the strings. */
	CASE("symbol_shndx_past_table")
		put16(b, SYM_FIELD(sym("counts"), st_shndx), (uint16_t)(ef.nsec + 3));
	CASE("symbol_name_past_strtab")
		put32(b, SYM_FIELD(sym("counts"), st_name), 0x7fffffff);
	/* A newline in a name that the refusal quotes: the message stays one
	 * line ("function ?n_getpid ..."). */
	CASE("func_name_newline") {
		size_t y = sym("on_getpid");

		put64(b, SYM_FIELD(y, st_size), prog_sec()->size + 8);
		b[ef.secs[ef.secs[ef.symtab].link].offset +
		  (uint64_t)(ef.syms[y].name - (const char *)ef.secs[ef.secs[ef.symtab].link].data)] = '\n';
	}
	/* A function symbol whose size runs past its section. */
	CASE("func_past_section")
		put64(b, SYM_FIELD(sym("on_getpid"), st_size), prog_sec()->size + 8);

	/* The type of .rodata's knob loops (const -> volatile -> const): it once
	 * hung the globals stage; the DATASEC fix-up refuses it first. */
	CASE("btf_const_loop") {
		int64_t var = btf_find(btf, "knob", BTF_KIND_VAR);
		uint32_t cid = var > 0 ? btf_type(btf, var)->type : 0;
		const struct btf_type *ct = btf_type(btf, cid);

		if (!ct || btf_kind(ct) != BTF_KIND_CONST ||
		    btf_kind(btf_type(btf, ct->type)) != BTF_KIND_VOLATILE)
			die("knob is not const volatile");
		put32(b, (uint64_t)((const uint8_t *)btf_type(btf, ct->type) - base) + 8, cid);
	}

	btf_free(btf);
	elf_close(&ef);
	free(base);
	free(b);
	return 0;
}
