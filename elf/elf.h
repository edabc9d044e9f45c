/* elf/ — the hand-written ELF64 reader. Stage 1 of the pipeline.
 *
 * Reads a relocatable ELF64 object (EM_BPF, little-endian) from a buffer the
 * caller owns and keeps alive: section headers, section names, the symbol table
 * and SHT_REL entries. Nothing here knows about BPF programs, maps or the kernel.
 *
 * The file is untrusted. Every byte read from it goes through elf_bytes(), which
 * checks the range against the buffer; every count is checked before allocating.
 *
 * Errors: functions return 0 or a negative errno (-EINVAL for malformed input,
 * -ENOMEM, -ENOENT for "not found") and write one line into err[errlen] naming
 * the place (section index and name, offset) and what was expected.
 */
#ifndef RAWBPF_ELF_H
#define RAWBPF_ELF_H

#include <stddef.h>
#include <stdint.h>

struct elf_section {
	size_t index;
	const char *name;       /* points into the file's .shstrtab; never NULL */
	const uint8_t *data;    /* size bytes inside the file; NULL for SHT_NOBITS */
	/* The section header as the file has it (Elf64_Shdr, copied whole). */
	uint32_t name_off;      /* sh_name, into the section name table */
	uint32_t type;          /* SHT_* */
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

struct elf_symbol {
	const char *name;       /* points into the string table; never NULL */
	uint64_t value, size;
	uint8_t bind, type, visibility;
	uint32_t shndx;         /* section index, SHN_XINDEX already resolved */
};

struct elf_rel {
	uint64_t offset;        /* r_offset: byte offset inside the target section */
	uint32_t sym;           /* ELF64_R_SYM, checked < elf_file.nsym */
	uint32_t type;          /* ELF64_R_TYPE (R_BPF_*) */
};

struct elf_file {
	const uint8_t *buf;
	size_t len;
	struct elf_section *secs;
	size_t nsec;
	struct elf_symbol *syms; /* the SHT_SYMTAB's entries, index 0 included */
	size_t nsym;
	size_t symtab;          /* index of the SHT_SYMTAB section, 0 if none */
	size_t shstrndx;
};

/* Parse the headers, sections and symbols of buf[len]. On error *ef is left
 * empty (elf_close() is still safe). */
int elf_open(struct elf_file *ef, const void *buf, size_t len,
	     char *err, size_t errlen);
void elf_close(struct elf_file *ef);

/* The same for a program or shared library (ET_EXEC/ET_DYN, any machine):
 * what uprobes attach to. Its symbols are .symtab's, or .dynsym's when the
 * file is stripped. */
int elf_open_program(struct elf_file *ef, const void *buf, size_t len,
		     char *err, size_t errlen);
/* The file offset of function symbol name (where a uprobe goes), or 0. */
uint64_t elf_symbol_file_offset(const struct elf_file *ef, const char *name);

/* The one bounds-checked accessor: buf[off, off+size) if it lies in the file. */
const uint8_t *elf_bytes(const struct elf_file *ef, uint64_t off, uint64_t size);

/* The section with this name, or NULL. */
const struct elf_section *elf_section_by_name(const struct elf_file *ef,
					       const char *name);

/* A NUL-terminated string at off inside string-table section strtab, or NULL
 * when off is past the table or the string is not terminated inside it. */
const char *elf_string(const struct elf_file *ef, size_t strtab, uint64_t off);

/* The relocations of SHT_REL section rel_sec, decoded and checked (symbol index
 * in range). *out is malloc'd (NULL when there are none); free() it. */
int elf_rels(const struct elf_file *ef, size_t rel_sec, struct elf_rel **out,
	     size_t *n, char *err, size_t errlen);

/* The relocations that apply to section target (the SHT_REL section whose
 * sh_info names it), as elf_rels() gives them; *rel_name is that section's
 * name, for messages. None: 0 with *n = 0. Two such sections: an error. */
int elf_rels_of(const struct elf_file *ef, size_t target, struct elf_rel **out,
		size_t *n, const char **rel_name, char *err, size_t errlen);

#endif
