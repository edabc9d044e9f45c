/* insn/disasm.c — one instruction to text, in llvm-objdump's (LLVM 14) syntax.
 *
 * The decoding follows the opcode tables of include/uapi/linux/bpf.h and
 * Documentation/bpf/standardization/instruction-set.rst. The spelling was
 * checked against llvm-objdump 14 on every opcode byte; where LLVM 14 prints
 * <unknown> (mod, jset, st, the v4 forms) the spelling of later LLVMs is used.
 */
#include "insn/insn.h"
#include "common/util.h"

#include <errno.h>
#include <inttypes.h>

/* Instruction set v4 (kernel 6.6), newer than the uapi headers we build with. */
#define INSN_MEMSX 0x80 /* LDX mode: sign-extending load */

static int invalid(struct str_out *o, int err, const char *why)
{
	o->pos = 0;
	if (o->len)
		o->buf[0] = 0;
	str_put(o, "invalid: %s", why);
	return err;
}

/* ALU operators by BPF_OP >> 4. NEG and END are not binary; 0xe0/0xf0
 * unused. "": none. The three tables hold the characters, not pointers
 * (a fifth of the bytes). */
static const char alu_ops[16][5] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=",
	"", "%=", "^=", "=", "s>>=", "", "", "",
};

/* Conditions of conditional jumps by BPF_OP >> 4; "": not a condition. */
static const char jmp_conds[16][4] = {
	"", "==", ">", ">=", "&", "!=", "s>", "s>=",
	"", "", "<", "<=", "s<", "s<=", "", "",
};

static const char atomic_names[16][4] = {
	[BPF_ADD >> 4] = "add", [BPF_OR >> 4] = "or",
	[BPF_AND >> 4] = "and", [BPF_XOR >> 4] = "xor",
};

static bool reg_ok(uint8_t r)
{
	return r <= 10;
}

static const char *name_of(const struct insn_names *names,
			   const struct bpf_insn *insns, size_t n, size_t i)
{
	return names && names->name ? names->name(names->ctx, insns, n, i) : NULL;
}

/* "r2 + 8" / "r10 - 8": a base register and a signed offset. */
static void put_addr(struct str_out *o, uint8_t reg, int16_t off)
{
	if (off < 0)
		str_put(o, "r%u - %d", reg, -(int)off);
	else
		str_put(o, "r%u + %d", reg, off);
}

static int disasm_alu(struct str_out *o, const struct bpf_insn *in)
{
	bool is64 = insn_class(in) == BPF_ALU64;
	char r = is64 ? 'r' : 'w';
	uint8_t op = insn_op(in), d = in->dst_reg, s = in->src_reg;
	bool x = insn_src(in) == BPF_X;

	if (!reg_ok(d))
		return invalid(o, -EINVAL, "destination register above r10");
	if (op == BPF_NEG) {
		str_put(o, "%c%u = -%c%u", r, d, r, d);
		return 1;
	}
	if (op == BPF_END) {
		const char *kind;

		if (in->imm != 16 && in->imm != 32 && in->imm != 64)
			return invalid(o, -EINVAL, "byte swap width is not 16, 32 or 64");
		if (is64 && x)
			return invalid(o, -EINVAL, "unknown opcode");
		/* BPF_ALU64 | BPF_END is v4's unconditional bswap. */
		kind = is64 ? "bswap" : x ? "be" : "le";
		str_put(o, "r%u = %s%d r%u", d, kind, in->imm, d);
		return 1;
	}
	if (!alu_ops[op >> 4][0])
		return invalid(o, -EINVAL, "unknown ALU operation");
	if (x && !reg_ok(s))
		return invalid(o, -EINVAL, "source register above r10");

	/* v4 puts signedness (div, mod) and sign-extension widths (mov) in off. */
	if (op == BPF_MOV && x && in->off) {
		if (in->off != 8 && in->off != 16 && !(is64 && in->off == 32))
			return invalid(o, -EINVAL, "movsx width is not 8, 16 or 32");
		str_put(o, "%c%u = (s%d)%c%u", r, d, in->off, r, s);
		return 1;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && in->off == 1) {
		str_put(o, "%c%u s%s ", r, d, alu_ops[op >> 4]);
	} else {
		str_put(o, "%c%u %s ", r, d, alu_ops[op >> 4]);
	}
	if (x)
		str_put(o, "%c%u", r, s);
	else
		str_put(o, "%d", in->imm);
	return 1;
}

static int disasm_jmp(struct str_out *o, const struct bpf_insn *insns, size_t n,
		      size_t i, const struct insn_names *names)
{
	const struct bpf_insn *in = &insns[i];
	bool is64 = insn_class(in) == BPF_JMP;
	char r = is64 ? 'r' : 'w';
	uint8_t op = insn_op(in);
	bool x = insn_src(in) == BPF_X;
	const char *name;

	if (op == BPF_JA && !x) {
		/* JMP32 | JA is v4's long jump: the offset is in imm. */
		if (is64)
			str_put(o, "goto %+d", in->off);
		else
			str_put(o, "gotol %+d", in->imm);
		return 1;
	}
	if (op == BPF_CALL && is64) {
		if (x) {
			/* LLVM 14 encodes the callx target register in imm. */
			if (in->imm < 0 || in->imm > 10)
				return invalid(o, -EINVAL, "callx register above r10");
			str_put(o, "callx r%d", in->imm);
			return 1;
		}
		name = name_of(names, insns, n, i);
		if (name)
			str_put(o, "call %s", name);
		else
			str_put(o, "call %d", in->imm);
		return 1;
	}
	if (op == BPF_EXIT && is64 && !x) {
		str_put(o, "exit");
		return 1;
	}
	if (!jmp_conds[op >> 4][0])
		return invalid(o, -EINVAL, "unknown jump operation");
	if (!reg_ok(in->dst_reg) || (x && !reg_ok(in->src_reg)))
		return invalid(o, -EINVAL, "register above r10");
	str_put(o, "if %c%u %s ", r, in->dst_reg, jmp_conds[op >> 4]);
	if (x)
		str_put(o, "%c%u", r, in->src_reg);
	else
		str_put(o, "%d", in->imm);
	str_put(o, " goto %+d", in->off);
	return 1;
}

static int disasm_ld(struct str_out *o, const struct bpf_insn *insns, size_t n,
		     size_t i, const struct insn_names *names)
{
	const struct bpf_insn *in = &insns[i];
	uint8_t mode = insn_mode(in), size = insn_size(in);
	const char *name;

	if (insn_is_ld_imm64(in)) {
		const struct bpf_insn *hi = &insns[i + 1];

		if (i + 1 >= n)
			return invalid(o, -ERANGE, "ld_imm64 at the last slot has no second half");
		if (hi->code || hi->dst_reg || hi->src_reg || hi->off)
			return invalid(o, -EINVAL, "second slot of ld_imm64 is not zero but its imm");
		if (!reg_ok(in->dst_reg))
			return invalid(o, -EINVAL, "destination register above r10");
		name = name_of(names, insns, n, i);
		if (name)
			str_put(o, "r%u = %s ll", in->dst_reg, name);
		else if (in->src_reg)
			str_put(o, "ld_pseudo\tr%u, %u, %" PRIu32, in->dst_reg,
				in->src_reg, (uint32_t)in->imm);
		else
			str_put(o, "r%u = %" PRId64 " ll", in->dst_reg,
				(int64_t)insn_ld_imm64_value(in));
		return 2;
	}
	/* Legacy packet access (socket filters): the result is always r0. */
	if ((mode == BPF_ABS || mode == BPF_IND) && size != BPF_DW) {
		str_put(o, "r0 = *(u%u *)skb[", insn_size_bytes(in) * 8);
		if (mode == BPF_ABS) {
			str_put(o, "%d]", in->imm);
			return 1;
		}
		if (!reg_ok(in->src_reg))
			return invalid(o, -EINVAL, "source register above r10");
		/* The kernel reads at src + imm. LLVM 14 prints no immediate;
		 * clang always emits 0 there. */
		str_put(o, "r%u", in->src_reg);
		if (in->imm < 0)
			str_put(o, " - %" PRId64, -(int64_t)in->imm);
		else if (in->imm > 0)
			str_put(o, " + %d", in->imm);
		str_put(o, "]");
		return 1;
	}
	return invalid(o, -EINVAL, "unknown LD mode");
}

static int disasm_atomic(struct str_out *o, const struct bpf_insn *in)
{
	bool is64 = insn_size(in) == BPF_DW;
	char r = is64 ? 'r' : 'w';
	unsigned bits = is64 ? 64 : 32;
	uint8_t d = in->dst_reg, s = in->src_reg;
	int32_t imm = in->imm;
	const char *op = NULL;

	if (insn_size(in) != BPF_W && !is64)
		return invalid(o, -EINVAL, "atomic operation on 8 or 16 bits");
	if (imm >= 0 && imm <= 0xff && !(imm & ~(0xf0 | BPF_FETCH)))
		op = atomic_names[imm >> 4][0] ? atomic_names[imm >> 4] : NULL;

	/* LLVM 14 spells them xchg_64/xchg32_32 and cmpxchg_64/cmpxchg32_32. */
	if (imm == BPF_XCHG) {
		str_put(o, "%c%u = xchg%s_%u(", r, s, is64 ? "" : "32", bits);
		put_addr(o, d, in->off);
		str_put(o, ", %c%u)", r, s);
	} else if (imm == BPF_CMPXCHG) {
		str_put(o, "%c0 = cmpxchg%s_%u(", r, is64 ? "" : "32", bits);
		put_addr(o, d, in->off);
		str_put(o, ", %c0, %c%u)", r, r, s);
	} else if (!op) {
		return invalid(o, -EINVAL, "unknown atomic operation");
	} else if (imm & BPF_FETCH) {
		str_put(o, "%c%u = atomic_fetch_%s((u%u *)(", r, s, op, bits);
		put_addr(o, d, in->off);
		str_put(o, "), %c%u)", r, s);
	} else {
		str_put(o, "lock *(u%u *)(", bits);
		put_addr(o, d, in->off);
		str_put(o, ") %s %c%u", alu_ops[imm >> 4], r, s);
	}
	return 1;
}

static int disasm_mem(struct str_out *o, const struct bpf_insn *in)
{
	uint8_t cls = insn_class(in), mode = insn_mode(in);
	unsigned bits = insn_size_bytes(in) * 8;

	if (!reg_ok(in->dst_reg) || (cls != BPF_ST && !reg_ok(in->src_reg)))
		return invalid(o, -EINVAL, "register above r10");
	if (cls == BPF_LDX) {
		if (mode != BPF_MEM && !(mode == INSN_MEMSX && bits < 64))
			return invalid(o, -EINVAL, "unknown LDX mode");
		str_put(o, "r%u = *(%c%u *)(", in->dst_reg, mode == BPF_MEM ? 'u' : 's', bits);
		put_addr(o, in->src_reg, in->off);
		str_put(o, ")");
		return 1;
	}
	if (cls == BPF_STX && mode == BPF_ATOMIC)
		return disasm_atomic(o, in);
	if (mode != BPF_MEM)
		return invalid(o, -EINVAL, "unknown store mode");
	str_put(o, "*(u%u *)(", bits);
	put_addr(o, in->dst_reg, in->off);
	str_put(o, ")");
	if (cls == BPF_STX)
		str_put(o, " = r%u", in->src_reg);
	else
		str_put(o, " = %d", in->imm);
	return 1;
}

int insn_disasm_named(const struct bpf_insn *insns, size_t n, size_t i,
		      char *buf, size_t len, const struct insn_names *names)
{
	struct str_out o = { buf, len, 0 };

	if (len)
		buf[0] = 0;
	if (!insns || i >= n)
		return invalid(&o, -ERANGE, "index past the last instruction");

	switch (insn_class(&insns[i])) {
	case BPF_ALU:
	case BPF_ALU64:
		return disasm_alu(&o, &insns[i]);
	case BPF_JMP:
	case BPF_JMP32:
		return disasm_jmp(&o, insns, n, i, names);
	case BPF_LD:
		return disasm_ld(&o, insns, n, i, names);
	default: /* BPF_LDX, BPF_ST, BPF_STX */
		return disasm_mem(&o, &insns[i]);
	}
}

int insn_disasm(const struct bpf_insn *insns, size_t n, size_t i,
		char *buf, size_t len)
{
	return insn_disasm_named(insns, n, i, buf, len, NULL);
}
