/* The ELF64 reader: header, section table, names, symbols, SHT_REL entries.
 *
 * Layouts follow <elf.h> (System V gABI). Only ELFCLASS64, ELFDATA2LSB,
 * ET_REL and EM_BPF are accepted: that is what clang -target bpf writes.
 * Each structure is copied out of the file with memcpy, so the file buffer
 * needs no alignment.
 */
#include "elf/elf.h"
#include "common/err.h"

#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

const uint8_t *elf_bytes(const struct elf_file *ef, uint64_t off, uint64_t size)
{
	if (off > ef->len || size > ef->len - off)
		return NULL;
	return ef->buf + off;
}

const char *elf_string(const struct elf_file *ef, size_t strtab, uint64_t off)
{
	const struct elf_section *s;

	if (strtab >= ef->nsec)
		return NULL;
	s = &ef->secs[strtab];
	if (!s->data || off >= s->size)
		return NULL;
	if (!memchr(s->data + off, '\0', s->size - off))
		return NULL;
	return (const char *)s->data + off;
}

const struct elf_section *elf_section_by_name(const struct elf_file *ef,
					       const char *name)
{
	for (size_t i = 0; i < ef->nsec; i++)
		if (strcmp(ef->secs[i].name, name) == 0)
			return &ef->secs[i];
	return NULL;
}

void elf_close(struct elf_file *ef)
{
	free(ef->secs);
	free(ef->syms);
	memset(ef, 0, sizeof(*ef));
}

/* Check ELF header: identity, class, byte order, type, machine. */
static int check_header(const struct elf_file *ef, Elf64_Ehdr *eh, bool program,
			char *err, size_t errlen)
{
	const uint8_t *p = elf_bytes(ef, 0, sizeof(*eh));

	if (!p)
		return errorf(err, errlen, -EINVAL, "file is %zu bytes, shorter than an ELF64 header (%zu)",
			      ef->len, sizeof(*eh));
	memcpy(eh, p, sizeof(*eh));
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return errorf(err, errlen, -EINVAL, "not an ELF file (bad magic at offset 0)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return errorf(err, errlen, -EINVAL, "ELF class %u at offset %d: expected ELFCLASS64",
			      eh->e_ident[EI_CLASS], EI_CLASS);
	if (eh->e_ident[EI_DATA] == ELFDATA2MSB)
		return errorf(err, errlen, -EINVAL, "big-endian object (bpfeb): rawbpf reads only little-endian (bpfel) objects; compile with -target bpf on a little-endian host or -target bpfel");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return errorf(err, errlen, -EINVAL, "byte order %u at offset %d: expected ELFDATA2LSB",
			      eh->e_ident[EI_DATA], EI_DATA);
	if (program) {
		if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
			return errorf(err, errlen, -EINVAL, "ELF type %u: expected an executable or shared library",
				      eh->e_type);
	} else if (eh->e_type != ET_REL) {
		return errorf(err, errlen, -EINVAL, "ELF type %u: expected a relocatable object (ET_REL), as clang -c writes",
			      eh->e_type);
	}
	if (!program && eh->e_machine != EM_BPF)
		return errorf(err, errlen, -EINVAL, "machine %u: expected EM_BPF (%u); is this a BPF object (clang -target bpf)?",
			      eh->e_machine, EM_BPF);
	if (eh->e_shoff == 0)
		return errorf(err, errlen, -EINVAL, "no section header table (e_shoff is 0)");
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return errorf(err, errlen, -EINVAL, "e_shentsize %u: expected %zu",
			      eh->e_shentsize, sizeof(Elf64_Shdr));
	return 0;
}

#define SHDR_AT(m, f) (offsetof(struct elf_section, m) - offsetof(struct elf_section, name_off) == \
			offsetof(Elf64_Shdr, f))
_Static_assert(SHDR_AT(type, sh_type) && SHDR_AT(flags, sh_flags) && SHDR_AT(addr, sh_addr) &&
	       SHDR_AT(offset, sh_offset) && SHDR_AT(size, sh_size) && SHDR_AT(link, sh_link) &&
	       SHDR_AT(info, sh_info) && SHDR_AT(addralign, sh_addralign) &&
	       SHDR_AT(entsize, sh_entsize) &&
	       sizeof(struct elf_section) - offsetof(struct elf_section, name_off) == sizeof(Elf64_Shdr),
	       "struct elf_section ends with an Elf64_Shdr");

static int read_shdr(const struct elf_file *ef, const Elf64_Ehdr *eh, size_t i,
		     Elf64_Shdr *sh)
{
	const uint8_t *p;

	if (i > (UINT64_MAX - eh->e_shoff) / sizeof(*sh))
		return -EINVAL;
	p = elf_bytes(ef, eh->e_shoff + i * sizeof(*sh), sizeof(*sh));
	if (!p)
		return -EINVAL;
	memcpy(sh, p, sizeof(*sh));
	return 0;
}

/* Count sections and find the name table, honouring extended numbering: when
 * there are SHN_LORESERVE or more sections, e_shnum is 0 and the count lives in
 * section 0's sh_size; when the name table index is too big, e_shstrndx is
 * SHN_XINDEX and the index lives in section 0's sh_link. */
static int section_counts(const struct elf_file *ef, const Elf64_Ehdr *eh,
			  size_t *nsec, size_t *shstrndx, char *err, size_t errlen)
{
	Elf64_Shdr sh0;

	if (read_shdr(ef, eh, 0, &sh0))
		return errorf(err, errlen, -EINVAL, "section header 0 at offset %llu lies past the end of the file (%zu bytes)",
			      (unsigned long long)eh->e_shoff, ef->len);
	*nsec = eh->e_shnum ? eh->e_shnum : sh0.sh_size;
	*shstrndx = eh->e_shstrndx == SHN_XINDEX ? sh0.sh_link : eh->e_shstrndx;
	if (*nsec == 0 || *nsec > (ef->len - eh->e_shoff) / sizeof(Elf64_Shdr))
		return errorf(err, errlen, -EINVAL, "section count %zu: the table at offset %llu would run past the end of the file (%zu bytes)",
			      *nsec, (unsigned long long)eh->e_shoff, ef->len);
	if (*shstrndx == SHN_UNDEF || *shstrndx >= *nsec)
		return errorf(err, errlen, -EINVAL, "section name table index %zu: expected 1..%zu",
			      *shstrndx, *nsec - 1);
	return 0;
}

/* Load section table: every header copied, every data range checked. */
static int read_sections(struct elf_file *ef, const Elf64_Ehdr *eh, size_t nsec,
			 char *err, size_t errlen)
{
	Elf64_Shdr sh;

	ef->secs = calloc(nsec, sizeof(*ef->secs));
	if (!ef->secs)
		return -ENOMEM;
	ef->nsec = nsec;
	for (size_t i = 0; i < nsec; i++) {
		struct elf_section *s = &ef->secs[i];

		if (read_shdr(ef, eh, i, &sh))
			return errorf(err, errlen, -EINVAL, "section header %zu lies past the end of the file", i);
		s->index = i;
		s->name = "";
		memcpy(&s->name_off, &sh, sizeof(sh));
		if (sh.sh_type == SHT_NOBITS || sh.sh_type == SHT_NULL)
			continue;
		s->data = elf_bytes(ef, sh.sh_offset, sh.sh_size);
		if (!s->data)
			return errorf(err, errlen, -EINVAL, "section %zu: data at offset %llu, size %llu, runs past the end of the file (%zu bytes)",
				      i, (unsigned long long)sh.sh_offset,
				      (unsigned long long)sh.sh_size, ef->len);
	}
	return 0;
}

/* Name sections from the section name table. */
static int name_sections(struct elf_file *ef, char *err, size_t errlen)
{
	const struct elf_section *st = &ef->secs[ef->shstrndx];

	if (st->type != SHT_STRTAB)
		return errorf(err, errlen, -EINVAL, "section name table (section %zu) has type %u: expected SHT_STRTAB",
			      ef->shstrndx, st->type);
	for (size_t i = 0; i < ef->nsec; i++) {
		struct elf_section *s = &ef->secs[i];
		const char *name = elf_string(ef, ef->shstrndx, s->name_off);

		if (!name)
			return errorf(err, errlen, -EINVAL, "section %zu: name offset %u is outside the name table or unterminated",
				      i, s->name_off);
		s->name = name;
	}
	return 0;
}

/* Read symbol table: the one SHT_SYMTAB of a relocatable object, or for a
 * program (uprobe targets) its SHT_SYMTAB, else its SHT_DYNSYM when stripped. */
static int read_symbols(struct elf_file *ef, uint32_t type, char *err, size_t errlen)
{
	const struct elf_section *ss = NULL, *xs = NULL;

	for (size_t i = 0; i < ef->nsec; i++) {
		if (ef->secs[i].type != type)
			continue;
		if (ss)
			return errorf(err, errlen, -EINVAL, "sections %zu and %zu are both SHT_SYMTAB: expected one",
				      ss->index, i);
		ss = &ef->secs[i];
	}
	if (!ss)
		return 0;
	for (size_t i = 0; i < ef->nsec; i++)
		if (ef->secs[i].type == SHT_SYMTAB_SHNDX && ef->secs[i].link == ss->index)
			xs = &ef->secs[i];
	if (ss->entsize != sizeof(Elf64_Sym))
		return errorf(err, errlen, -EINVAL, "symbol table %s: entry size %llu, expected %zu",
			      ss->name, (unsigned long long)ss->entsize, sizeof(Elf64_Sym));
	if (ss->size % sizeof(Elf64_Sym))
		return errorf(err, errlen, -EINVAL, "symbol table %s: size %llu is not a multiple of %zu",
			      ss->name, (unsigned long long)ss->size, sizeof(Elf64_Sym));
	if (ss->link >= ef->nsec || ef->secs[ss->link].type != SHT_STRTAB)
		return errorf(err, errlen, -EINVAL, "symbol table %s: sh_link %u is not a string table",
			      ss->name, ss->link);
	ef->symtab = ss->index;
	ef->nsym = ss->size / sizeof(Elf64_Sym);
	if (ef->nsym == 0)
		return 0;
	ef->syms = calloc(ef->nsym, sizeof(*ef->syms));
	if (!ef->syms)
		return -ENOMEM;
	for (size_t i = 0; i < ef->nsym; i++) {
		struct elf_symbol *y = &ef->syms[i];
		Elf64_Sym sym;

		memcpy(&sym, ss->data + i * sizeof(sym), sizeof(sym));
		y->name = elf_string(ef, ss->link, sym.st_name);
		if (!y->name)
			return errorf(err, errlen, -EINVAL, "symbol %zu: name offset %u is outside string table %s or unterminated",
				      i, sym.st_name, ef->secs[ss->link].name);
		y->value = sym.st_value;
		y->size = sym.st_size;
		y->bind = ELF64_ST_BIND(sym.st_info);
		y->type = ELF64_ST_TYPE(sym.st_info);
		y->visibility = ELF64_ST_VISIBILITY(sym.st_other);
		y->shndx = sym.st_shndx;
		if (sym.st_shndx == SHN_XINDEX) {
			uint32_t x;

			if (!xs || !xs->data || (i + 1) * sizeof(x) > xs->size)
				return errorf(err, errlen, -EINVAL, "symbol %zu (%s): SHN_XINDEX without an SHT_SYMTAB_SHNDX entry",
					      i, y->name);
			memcpy(&x, xs->data + i * sizeof(x), sizeof(x));
			y->shndx = x;
		}
		if (y->shndx >= ef->nsec && y->shndx < SHN_LORESERVE)
			return errorf(err, errlen, -EINVAL, "symbol %zu (%s): section index %u, but there are %zu sections",
				      i, y->name, y->shndx, ef->nsec);
	}
	return 0;
}

static int open_any(struct elf_file *ef, const void *buf, size_t len, bool program,
		    char *err, size_t errlen)
{
	Elf64_Ehdr eh;
	size_t nsec = 0;
	int ret;

	memset(ef, 0, sizeof(*ef));
	ef->buf = buf;
	ef->len = len;
	if ((ret = check_header(ef, &eh, program, err, errlen)) ||
	    (ret = section_counts(ef, &eh, &nsec, &ef->shstrndx, err, errlen)) ||
	    (ret = read_sections(ef, &eh, nsec, err, errlen)) ||
	    (ret = name_sections(ef, err, errlen)) ||
	    (ret = read_symbols(ef, SHT_SYMTAB, err, errlen)) ||
	    (program && !ef->symtab && (ret = read_symbols(ef, SHT_DYNSYM, err, errlen)))) {
		elf_close(ef);
		if (ret == -ENOMEM)
			errorf(err, errlen, ret, "out of memory");
		return ret;
	}
	return 0;
}

int elf_open(struct elf_file *ef, const void *buf, size_t len, char *err, size_t errlen)
{
	return open_any(ef, buf, len, false, err, errlen);
}

int elf_open_program(struct elf_file *ef, const void *buf, size_t len, char *err, size_t errlen)
{
	return open_any(ef, buf, len, true, err, errlen);
}

uint64_t elf_symbol_file_offset(const struct elf_file *ef, const char *name)
{
	for (size_t i = 0; i < ef->nsym; i++) {
		const struct elf_symbol *y = &ef->syms[i];
		const struct elf_section *s;

		if (y->type != STT_FUNC || strcmp(y->name, name) || y->shndx == SHN_UNDEF ||
		    y->shndx >= ef->nsec)
			continue;
		s = &ef->secs[y->shndx];
		if (y->value < s->addr || y->value - s->addr >= s->size)
			continue;
		return y->value - s->addr + s->offset;
	}
	return 0;
}

int elf_rels(const struct elf_file *ef, size_t rel_sec, struct elf_rel **out,
	     size_t *n, char *err, size_t errlen)
{
	const struct elf_section *rs;
	size_t cnt;

	*out = NULL;
	*n = 0;
	if (rel_sec >= ef->nsec || ef->secs[rel_sec].type != SHT_REL)
		return errorf(err, errlen, -EINVAL, "section %zu is not SHT_REL", rel_sec);
	rs = &ef->secs[rel_sec];
	if (rs->entsize != sizeof(Elf64_Rel) || rs->size % sizeof(Elf64_Rel))
		return errorf(err, errlen, -EINVAL, "relocation section %s: entry size %llu and size %llu, expected entries of %zu bytes",
			      rs->name, (unsigned long long)rs->entsize,
			      (unsigned long long)rs->size, sizeof(Elf64_Rel));
	if (rs->link != ef->symtab || !ef->symtab)
		return errorf(err, errlen, -EINVAL, "relocation section %s: sh_link %u is not the symbol table",
			      rs->name, rs->link);
	cnt = rs->size / sizeof(Elf64_Rel);
	if (cnt == 0)
		return 0;
	*out = calloc(cnt, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < cnt; i++) {
		Elf64_Rel r;

		memcpy(&r, rs->data + i * sizeof(r), sizeof(r));
		(*out)[i].offset = r.r_offset;
		(*out)[i].sym = ELF64_R_SYM(r.r_info);
		(*out)[i].type = ELF64_R_TYPE(r.r_info);
		if ((*out)[i].sym >= ef->nsym) {
			free(*out);
			*out = NULL;
			return errorf(err, errlen, -EINVAL, "relocation section %s, entry %zu: symbol index %u, but the symbol table has %zu",
				      rs->name, i, (unsigned)ELF64_R_SYM(r.r_info), ef->nsym);
		}
	}
	*n = cnt;
	return 0;
}

int elf_rels_of(const struct elf_file *ef, size_t target, struct elf_rel **out,
		size_t *n, const char **rel_name, char *err, size_t errlen)
{
	size_t found = ef->nsec;

	*out = NULL;
	*n = 0;
	*rel_name = NULL;
	for (size_t r = 0; r < ef->nsec; r++) {
		if (ef->secs[r].type != SHT_REL || ef->secs[r].info != target)
			continue;
		if (found != ef->nsec)
			return errorf(err, errlen, -EINVAL, "sections %s and %s both relocate section %zu, expected one",
				      ef->secs[found].name, ef->secs[r].name, target);
		found = r;
	}
	if (found == ef->nsec)
		return 0;
	*rel_name = ef->secs[found].name;
	return elf_rels(ef, found, out, n, err, errlen);
}
