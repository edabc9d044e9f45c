/* USDT argument specs into libbpf's layout (see usdt_spec.h). */
#include "loader/run/usdt_spec.h"
#include "common/err.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <asm/ptrace.h>

/* x86-64 register names of every width to their struct pt_regs field.
 * The BPF side (usdt.bpf.h) reads 8 bytes at that offset and keeps the low
 * `size` bytes, so "eax", "ax" and "al" all name rax's slot. The high-byte
 * registers (ah, bh, ...) would need a shift, which the spec cannot say. */
struct usdt_reg {
	char names[4][5];       /* "": none; characters, not pointers (half the bytes) */
	int16_t off;
};

#if defined(__x86_64__)
#define REG(a, b, c, d, field) { { a, b, c, d }, offsetof(struct pt_regs, field) }
static const struct usdt_reg usdt_regs[] = {
	REG("rip", "eip", "", "", rip),
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

			if (r[0] && strlen(r) == len && !memcmp(r, s, len))
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
static int parse_reg(const char *s, size_t len, struct run_usdt_arg *arg,
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
static int parse_operand(const char *s, size_t len, struct run_usdt_arg *arg,
			 char *err, size_t errlen)
{
	const char *open;

	if (len && s[0] == '$') {
		arg->type = RUN_USDT_ARG_CONST;
		if (parse_int(s + 1, len - 1, &arg->val_off))
			return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": expected a decimal or 0x constant after $",
				      (int)len, s);
		return 0;
	}
	if (len && s[0] == '%') {
		arg->type = RUN_USDT_ARG_REG;
		return parse_reg(s, len, arg, err, errlen);
	}
	open = memchr(s, '(', len);
	if (!open || s[len - 1] != ')')
		return errorf(err, errlen, -EINVAL, "USDT argument \"%.*s\": expected $IMM, %%REG or DISP(%%REG)",
			      (int)len, s);
	if (memchr(open, ',', s + len - open))
		return errorf(err, errlen, -EOPNOTSUPP, "USDT argument \"%.*s\": an index register (BASE,INDEX,SCALE) is not supported",
			      (int)len, s);
	arg->type = RUN_USDT_ARG_REG_DEREF;
	arg->val_off = 0;
	if (open > s && parse_int(s, open - s, &arg->val_off))
		return errorf(err, errlen, -EOPNOTSUPP, "USDT argument \"%.*s\": displacement is not a number (symbols and %%rip-relative forms are not supported)",
			      (int)len, s);
	return parse_reg(open + 1, s + len - 1 - (open + 1), arg, err, errlen);
}

int run_usdt_parse_arg(const char *spec, size_t len, struct run_usdt_arg *arg,
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

int run_usdt_fill_spec(const char *args, uint64_t cookie,
		       struct run_usdt_spec *spec, char *err, size_t errlen)
{
	const char *s = args;
	int ret;

	memset(spec, 0, sizeof(*spec));
	spec->usdt_cookie = cookie;
	for (;;) {
		struct run_usdt_arg a;
		struct run_usdt_arg_spec *o;
		size_t len;

		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return 0;
		for (len = 0; s[len] && !isspace((unsigned char)s[len]); len++)
			;
		if (spec->arg_cnt == RUN_USDT_MAX_ARGS)
			return errorf(err, errlen, -E2BIG, "USDT arguments \"%s\": more than %d",
				      args, RUN_USDT_MAX_ARGS);
		ret = run_usdt_parse_arg(s, len, &a, err, errlen);
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
_Static_assert(sizeof(struct run_usdt_arg_spec) == 16, "__bpf_usdt_arg_spec is 16 bytes");
_Static_assert(offsetof(struct run_usdt_arg_spec, reg_off) == 12, "reg_off at 12");
_Static_assert(offsetof(struct run_usdt_arg_spec, arg_bitshift) == 15, "arg_bitshift at 15");
_Static_assert(offsetof(struct run_usdt_spec, usdt_cookie) == 192, "usdt_cookie at 192");
_Static_assert(offsetof(struct run_usdt_spec, arg_cnt) == 200, "arg_cnt at 200");
_Static_assert(sizeof(struct run_usdt_spec) == 208, "__bpf_usdt_spec is 208 bytes");
