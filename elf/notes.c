/* USDT probes: .note.stapsdt notes and PT_LOAD address translation. The
 * note format is SystemTap's (sys/sdt.h, "Generic SDT note"). See
 * elf/notes.h; the argument strings are parsed in loader/run/usdt_spec.c. */
#include "elf/notes.h"
#include "common/err.h"
#include "common/util.h"

#include <ctype.h>
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#endif

#define NT_STAPSDT 3
#define STAPSDT_OWNER "stapsdt"

/* ---- program headers ---- */

/* Program header i of the file, copied out; -EINVAL when the table is not
 * in the file. PN_XNUM (0xffff) means the count is in section 0's sh_info. */
static int read_phdr(const struct elf_file *ef, size_t i, Elf64_Phdr *ph, size_t *count)
{
	const uint8_t *p = elf_bytes(ef, 0, sizeof(Elf64_Ehdr));
	Elf64_Ehdr eh;

	if (!p)
		return -EINVAL;
	memcpy(&eh, p, sizeof(eh));
	*count = eh.e_phnum;
	if (eh.e_phnum == PN_XNUM && ef->nsec)
		*count = ef->secs[0].info;
	if (i >= *count)
		return -ENOENT;
	if (eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    i > (UINT64_MAX - eh.e_phoff) / sizeof(*ph))
		return -EINVAL;
	p = elf_bytes(ef, eh.e_phoff + i * sizeof(*ph), sizeof(*ph));
	if (!p)
		return -EINVAL;
	memcpy(ph, p, sizeof(*ph));
	return 0;
}

int elf_vaddr_to_offset(const struct elf_file *ef, uint64_t addr, bool exec,
			uint64_t *offset, char *err, size_t errlen)
{
	size_t count = 1;
	Elf64_Phdr ph;
	int ret;

	for (size_t i = 0; i < count; i++) {
		ret = read_phdr(ef, i, &ph, &count);
		if (ret == -ENOENT)
			break;
		if (ret)
			return errorf(err, errlen, ret, "program header %zu lies outside the file (%zu bytes) or has the wrong size",
				      i, ef->len);
		if (ph.p_type != PT_LOAD || !!(ph.p_flags & PF_X) != exec)
			continue;
		/* Only bytes backed by the file have a file offset (p_filesz,
		 * not p_memsz: the rest is zero-filled .bss). */
		if (addr < ph.p_vaddr || addr - ph.p_vaddr >= ph.p_filesz)
			continue;
		*offset = addr - ph.p_vaddr + ph.p_offset;
		return 0;
	}
	return errorf(err, errlen, -ENOENT, "no %s PT_LOAD segment maps address 0x%" PRIx64 " from the file",
		      exec ? "executable" : "non-executable", addr);
}

int elf_offset_to_vaddr(const struct elf_file *ef, uint64_t off, uint64_t *vaddr)
{
	size_t count = 1;
	Elf64_Phdr ph;

	for (size_t i = 0; i < count; i++) {
		if (read_phdr(ef, i, &ph, &count))
			break;
		if (ph.p_type != PT_LOAD || off < ph.p_offset || off - ph.p_offset >= ph.p_filesz)
			continue;
		*vaddr = off - ph.p_offset + ph.p_vaddr;
		return 0;
	}
	return -ENOENT;
}

/* ---- notes ---- */

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* The descriptor: three addresses, then provider, name and args strings,
 * each terminated inside the descriptor. */
static int decode_desc(const uint8_t *d, uint64_t dlen, struct elf_usdt_note *u)
{
	const char *s = (const char *)d + 24, *end = (const char *)d + dlen;
	const char **str[3] = { &u->provider, &u->name, &u->args };

	if (dlen < 24)
		return -EINVAL;
	memcpy(&u->pc, d, 8);
	memcpy(&u->base, d + 8, 8);
	memcpy(&u->semaphore, d + 16, 8);
	u->args = "";
	for (int k = 0; k < 3; k++) {
		const char *nul;

		/* Old notes without an argument string stop after the name. */
		if (k == 2 && s == end)
			break;
		nul = s < end ? memchr(s, '\0', end - s) : NULL;
		if (!nul)
			return -EINVAL;
		*str[k] = s;
		s = nul + 1;
	}
	return 0;
}

/* Move pc and the semaphore by the .stapsdt.base difference (prelink), and
 * find their file offsets. */
static int locate(const struct elf_file *ef, struct elf_usdt_note *u,
		  char *err, size_t errlen)
{
	const struct elf_section *b = elf_section_by_name(ef, ".stapsdt.base");
	uint64_t diff = b && u->base ? b->addr - u->base : 0;

	char why[ERR_LEN];

	u->addr = u->pc + diff;
	if (elf_vaddr_to_offset(ef, u->addr, true, &u->offset, why, sizeof(why)))
		return errorf(err, errlen, -EINVAL, "USDT %s:%s: probe: %s",
			      u->provider, u->name, why);
	if (!u->semaphore)
		return 0;
	u->sema_addr = u->semaphore + diff;
	if (elf_vaddr_to_offset(ef, u->sema_addr, false, &u->sema_offset, why, sizeof(why)))
		return errorf(err, errlen, -EINVAL, "USDT %s:%s: semaphore: %s",
			      u->provider, u->name, why);
	return 0;
}

/* Walk the note section: each entry is namesz, descsz, type (4 bytes each),
 * the owner name and the descriptor, each padded to the section's alignment
 * (4, or 8 for sections aligned so). */
static int walk_notes(const struct elf_file *ef, const struct elf_section *s,
		      struct elf_usdt_note **out, size_t *n, char *err, size_t errlen)
{
	uint64_t a = s->addralign == 8 ? 8 : 4, off = 0;
	struct elf_usdt_note *u;

	for (size_t idx = 0; off < s->size; idx++) {
		uint32_t h[3];
		const uint8_t *name, *desc;
		uint64_t doff;

		if (s->size - off < sizeof(h))
			return errorf(err, errlen, -EINVAL, "%s: note %zu at offset %" PRIu64 ": header runs past the section end",
				      s->name, idx, off);
		memcpy(h, s->data + off, sizeof(h));
		doff = off + sizeof(h) + align_up(h[0], a);
		if (align_up(h[0], a) > s->size - off - sizeof(h) ||
		    align_up(h[1], a) > s->size - doff)
			return errorf(err, errlen, -EINVAL, "%s: note %zu at offset %" PRIu64 ": name size %u and descriptor size %u run past the section end",
				      s->name, idx, off, h[0], h[1]);
		name = s->data + off + sizeof(h);
		desc = s->data + doff;
		off = doff + align_up(h[1], a);
		if (h[2] != NT_STAPSDT || h[0] != sizeof(STAPSDT_OWNER) ||
		    memcmp(name, STAPSDT_OWNER, sizeof(STAPSDT_OWNER)))
			continue;
		u = array_push(out, n, sizeof(**out));
		if (!u)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		if (decode_desc(desc, h[1], u))
			return errorf(err, errlen, -EINVAL, "%s: note %zu: descriptor of %u bytes: expected 3 addresses and provider, name and argument strings",
				      s->name, idx, h[1]);
	}
	return 0;
}

int elf_usdt_notes(const struct elf_file *ef, struct elf_usdt_note **out,
		   size_t *n, char *err, size_t errlen)
{
	const struct elf_section *s = elf_section_by_name(ef, ".note.stapsdt");
	int ret;

	*out = NULL;
	*n = 0;
	if (!s || !s->data)
		return 0;
	if (s->type != SHT_NOTE)
		return errorf(err, errlen, -EINVAL, "%s: section type %u: expected SHT_NOTE",
			      s->name, s->type);
	ret = walk_notes(ef, s, out, n, err, errlen);
	for (size_t i = 0; !ret && i < *n; i++)
		ret = locate(ef, &(*out)[i], err, errlen);
	if (ret) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return ret;
}
