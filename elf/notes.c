/* USDT probes: .note.stapsdt notes, PT_LOAD address translation, and the
 * argument specs. The note format is SystemTap's (sys/sdt.h, "Generic SDT
 * note"); the spec layout is libbpf's <bpf/usdt.bpf.h>. See elf/notes.h. */
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
#include <asm/ptrace.h>
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

/* ---- argument specs ---- */

/* x86-64 register names of every width to their struct pt_regs field.
 * The BPF side (usdt.bpf.h) reads 8 bytes at that offset and keeps the low
 * `size` bytes, so "eax", "ax" and "al" all name rax's slot. The high-byte
 * registers (ah, bh, ...) would need a shift, which the spec cannot say. */
struct usdt_reg {
	const char *names[4];
	int16_t off;
};

#if defined(__x86_64__)
#define REG(a, b, c, d, field) { { a, b, c, d }, offsetof(struct pt_regs, field) }
static const struct usdt_reg usdt_regs[] = {
	REG("rip", "eip", NULL, NULL, rip),
	REG("rax", "eax", "ax", "al", rax),
	REG("rbx", "ebx", "bx", "bl", rbx),
	REG("rcx", "ecx", "cx", "cl", rcx),
	REG("rdx", "edx", "dx", "dl", rdx),
	REG("rsi", "esi", "si", "sil", rsi),
	REG("rdi", "edi", "di", "dil", rdi),
	REG("rbp", "ebp", "bp", "bpl", rbp),
	REG("rsp", "esp", "sp", "spl", rsp),
	REG("r8", "r8d", "r8w", "r8b", r8),
	REG("r9", "r9d", "r9w", "r9b", r9),
	REG("r10", "r10d", "r10w", "r10b", r10),
	REG("r11", "r11d", "r11w", "r11b", r11),
	REG("r12", "r12d", "r12w", "r12b", r12),
	REG("r13", "r13d", "r13w", "r13b", r13),
	REG("r14", "r14d", "r14w", "r14b", r14),
	REG("r15", "r15d", "r15w", "r15b", r15),
};
#undef REG
#define NREGS (sizeof(usdt_regs) / sizeof(usdt_regs[0]))
#else
static const struct usdt_reg usdt_regs[1];
#define NREGS 0
#endif

/* Register name s[0, len) to its pt_regs offset; -1 when unknown. */
static int reg_offset(const char *s, size_t len)
{
	for (size_t i = 0; i < NREGS; i++)
		for (int k = 0; k < 4; k++) {
			const char *r = usdt_regs[i].names[k];

			if (r && strlen(r) == len && !memcmp(r, s, len))
				return usdt_regs[i].off;
		}
	return -1;
}

/* A decimal or 0x-hex integer, optionally negative, exactly filling s[0, len). */
static int parse_int(const char *s, size_t len, int64_t *v)
{
	char buf[32], *end;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	*v = strtoll(buf, &end, 0);
	return errno || *end ? -EINVAL : 0;
}

/* "%REG" at s[0, len): the register's name and offset in arg. */
static int parse_reg(const char *s, size_t len, struct elf_usdt_arg *arg,
		     char *err, size_t errlen)
{
	int off;

	if (len < 2 || s[0] != '%' || len - 1 >= sizeof(arg->reg))
		return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": expected a register as %%NAME",
			      (int)len, s);
	off = reg_offset(s + 1, len - 1);
	if (off < 0)
		return errorf(err, errlen, -EOPNOTSUPP, "USDT argument register \"%.*s\": not an x86-64 general-purpose register rawbpf reads",
			      (int)len, s);
	memcpy(arg->reg, s + 1, len - 1);
	arg->reg[len - 1] = '\0';
	arg->reg_off = off;
	return 0;
}

/* The operand after '@': $IMM, %REG or [DISP](%REG). */
static int parse_operand(const char *s, size_t len, struct elf_usdt_arg *arg,
			 char *err, size_t errlen)
{
	const char *open;

	if (len && s[0] == '$') {
		arg->type = ELF_USDT_ARG_CONST;
		if (parse_int(s + 1, len - 1, &arg->val_off))
			return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": expected a decimal or 0x constant after $",
				      (int)len, s);
		return 0;
	}
	if (len && s[0] == '%') {
		arg->type = ELF_USDT_ARG_REG;
		return parse_reg(s, len, arg, err, errlen);
	}
	open = memchr(s, '(', len);
	if (!open || s[len - 1] != ')')
		return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": expected $IMM, %%REG or DISP(%%REG)",
			      (int)len, s);
	if (memchr(open, ',', s + len - open))
		return errorf(err, errlen, -EOPNOTSUPP, "USDT argument \"%.*s\": an index register (BASE,INDEX,SCALE) is not supported",
			      (int)len, s);
	arg->type = ELF_USDT_ARG_REG_DEREF;
	arg->val_off = 0;
	if (open > s && parse_int(s, open - s, &arg->val_off))
		return errorf(err, errlen, -EOPNOTSUPP, "USDT argument \"%.*s\": displacement is not a number (symbols and %%rip-relative forms are not supported)",
			      (int)len, s);
	return parse_reg(open + 1, s + len - 1 - (open + 1), arg, err, errlen);
}

int elf_usdt_parse_arg(const char *spec, size_t len, struct elf_usdt_arg *arg,
		       char *err, size_t errlen)
{
	const char *at = memchr(spec, '@', len);
	int64_t size;

	memset(arg, 0, sizeof(*arg));
	if (!at || parse_int(spec, at - spec, &size))
		return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": expected SIZE@OPERAND",
			      (int)len, spec);
	arg->is_signed = size < 0;
	arg->size = size < -8 || size > 8 ? 0 : (int)(size < 0 ? -size : size);
	if (arg->size != 1 && arg->size != 2 && arg->size != 4 && arg->size != 8)
		return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": size %" PRId64 ": expected 1, 2, 4 or 8 (negative when signed)",
			      (int)len, spec, size);
	return parse_operand(at + 1, spec + len - (at + 1), arg, err, errlen);
}

int elf_usdt_fill_spec(const char *args, uint64_t cookie,
		       struct elf_usdt_spec *spec, char *err, size_t errlen)
{
	const char *s = args;
	int ret;

	memset(spec, 0, sizeof(*spec));
	spec->usdt_cookie = cookie;
	for (;;) {
		struct elf_usdt_arg a;
		struct elf_usdt_arg_spec *o;
		size_t len;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return 0;
		for (len = 0; s[len] && !isspace((unsigned char)s[len]); len++)
			;
		if (spec->arg_cnt == ELF_USDT_MAX_ARGS)
			return errorf(err, errlen, -E2BIG, "USDT arguments \"%s\": more than %d",
				      args, ELF_USDT_MAX_ARGS);
		ret = elf_usdt_parse_arg(s, len, &a, err, errlen);
		if (ret)
			return ret;
		o = &spec->args[spec->arg_cnt++];
		o->arg_type = a.type;
		o->val_off = (uint64_t)a.val_off;
		o->reg_off = a.reg_off;
		o->arg_signed = a.is_signed;
		o->arg_bitshift = (int8_t)(64 - 8 * a.size);
		s += len;
	}
}

/* The layout usdt.bpf.h compiles to: any drift breaks BPF_USDT readers. */
_Static_assert(sizeof(struct elf_usdt_arg_spec) == 16, "__bpf_usdt_arg_spec is 16 bytes");
_Static_assert(offsetof(struct elf_usdt_arg_spec, reg_off) == 12, "reg_off at 12");
_Static_assert(offsetof(struct elf_usdt_arg_spec, arg_bitshift) == 15, "arg_bitshift at 15");
_Static_assert(offsetof(struct elf_usdt_spec, usdt_cookie) == 192, "usdt_cookie at 192");
_Static_assert(offsetof(struct elf_usdt_spec, arg_cnt) == 200, "arg_cnt at 200");
_Static_assert(sizeof(struct elf_usdt_spec) == 208, "__bpf_usdt_spec is 208 bytes");
