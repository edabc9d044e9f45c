/* elf/ — USDT probes: the .note.stapsdt notes of a program or shared library.
 *
 * A USDT probe (<sys/sdt.h>, SystemTap's "SDT" format) is a nop in the code
 * and an ELF note describing it. Each note in section .note.stapsdt has type
 * NT_STAPSDT (3), owner "stapsdt", and a descriptor of three native-width
 * addresses, then three NUL-terminated strings:
 *
 *   pc        the probe's address (link-time virtual address)
 *   base      the link-time address of section .stapsdt.base
 *   semaphore the address of a 2-byte counter that enables the probe, or 0
 *   provider\0 name\0 args\0
 *
 * Where a uprobe goes: when the file was moved after linking (prelink), the
 * section .stapsdt.base is no longer at `base`, and pc (and the semaphore)
 * move by the same difference. The kernel's uprobe takes a FILE offset
 * (perf_event_attr.config1 = path, config2 = offset): the address is turned
 * into one through the PT_LOAD program header that maps it, executable for
 * the probe and not executable for the semaphore, as libbpf's usdt.c does.
 * The semaphore's file offset is what the kernel's uprobe ref_ctr_offset
 * takes (it then increments the counter in every process that maps the file);
 * its address is for a writer through /proc/PID/mem instead.
 *
 * The notes' argument strings are parsed by loader/run/usdt_spec.c.
 *
 * The file is untrusted: every note, string and program header is read
 * through elf_bytes() and checked.
 */
#ifndef RAWBPF_ELF_NOTES_H
#define RAWBPF_ELF_NOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/elf.h"

struct elf_usdt_note {
	const char *provider, *name, *args; /* into the file; args may be "" */
	uint64_t pc, base, semaphore;       /* as written in the note */
	uint64_t addr;        /* pc moved by the .stapsdt.base difference */
	uint64_t offset;      /* addr as a file offset: where the uprobe goes */
	uint64_t sema_addr;   /* the semaphore's address, moved likewise; 0: none */
	uint64_t sema_offset; /* as a file offset (uprobe ref_ctr_offset); 0: none */
};

/* Every USDT note of program ef (opened with elf_open_program()). *out is
 * malloc'd (NULL and *n = 0 when the file has no .note.stapsdt); free() it.
 * -EINVAL names the note index and byte offset of a malformed note, or the
 * probe whose address no PT_LOAD segment maps. */
int elf_usdt_notes(const struct elf_file *ef, struct elf_usdt_note **out,
		   size_t *n, char *err, size_t errlen);

/* The file offset of virtual address addr through the PT_LOAD headers:
 * exec = true wants an executable segment, false a non-executable one.
 * -ENOENT when none maps addr inside its file bytes. */
int elf_vaddr_to_offset(const struct elf_file *ef, uint64_t addr, bool exec,
			uint64_t *offset, char *err, size_t errlen);

/* The reverse, for a symbolizer: the link-time address of file offset off
 * through the PT_LOAD header whose file bytes hold it (any flags).
 * -ENOENT when none does. */
int elf_offset_to_vaddr(const struct elf_file *ef, uint64_t off, uint64_t *vaddr);

#endif
