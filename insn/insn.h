/* insn/ — struct bpf_insn: decode, encode, disassemble.
 *
 * The instruction format is the kernel's (include/uapi/linux/bpf.h,
 * Documentation/bpf/standardization/instruction-set.rst): 8-byte slots
 * { code, dst_reg:4, src_reg:4, off:16, imm:32 }, where code packs a class
 * (low 3 bits) with an op/mode and a source or size. ld_imm64 is the one
 * instruction that takes two slots. Nothing here reads files or makes syscalls;
 * every function works on an array the caller owns.
 */
#ifndef RAWBPF_INSN_H
#define RAWBPF_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

/* Fields of insn->code. Which of op/mode/size/src applies depends on the class:
 * ALU/ALU64/JMP/JMP32 use op and src, LD/LDX/ST/STX use mode and size. */
static inline uint8_t insn_class(const struct bpf_insn *in) { return BPF_CLASS(in->code); }
static inline uint8_t insn_op(const struct bpf_insn *in)    { return BPF_OP(in->code); }
static inline uint8_t insn_src(const struct bpf_insn *in)   { return BPF_SRC(in->code); }  /* BPF_K or BPF_X */
static inline uint8_t insn_mode(const struct bpf_insn *in)  { return BPF_MODE(in->code); }
static inline uint8_t insn_size(const struct bpf_insn *in)  { return BPF_SIZE(in->code); } /* BPF_B/H/W/DW */

/* Bytes moved by a load or store of size BPF_B/H/W/DW: 1, 2, 4 or 8. */
static inline unsigned insn_size_bytes(const struct bpf_insn *in)
{
	static const unsigned char bytes[4] = { 4, 2, 1, 8 }; /* BPF_W=0, H=0x08, B=0x10, DW=0x18 */
	return bytes[insn_size(in) >> 3];
}

/* First slot of a 64-bit immediate load (BPF_LD | BPF_IMM | BPF_DW). */
static inline bool insn_is_ld_imm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* A call: helper (src_reg 0), bpf-to-bpf (BPF_PSEUDO_CALL) or kfunc. */
static inline bool insn_is_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL);
}

/* bpf-to-bpf call: imm is the callee's slot index relative to the next slot. */
static inline bool insn_is_pseudo_call(const struct bpf_insn *in)
{
	return insn_is_call(in) && in->src_reg == BPF_PSEUDO_CALL;
}

static inline bool insn_is_kfunc_call(const struct bpf_insn *in)
{
	return insn_is_call(in) && in->src_reg == BPF_PSEUDO_KFUNC_CALL;
}

static inline bool insn_is_helper_call(const struct bpf_insn *in)
{
	return insn_is_call(in) && in->src_reg == 0;
}

/* ld_imm64 of a subprogram's address (callbacks for bpf_loop and friends):
 * imm is the function's slot index relative to the next instruction slot. */
static inline bool insn_is_pseudo_func(const struct bpf_insn *in)
{
	return insn_is_ld_imm64(in) && in->src_reg == BPF_PSEUDO_FUNC;
}

static inline bool insn_is_exit(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_EXIT);
}

/* A jump whose target is the slot i + 1 + off: goto and conditional jumps of
 * class JMP or JMP32 (not call, not exit). */
bool insn_is_jump(const struct bpf_insn *in);

/* The 64-bit value of an ld_imm64 pair: pair[0].imm is the low half,
 * pair[1].imm the high half. pair must hold two slots. */
uint64_t insn_ld_imm64_value(const struct bpf_insn *pair);

/* Rewrite an ld_imm64 pair in place, keeping dst_reg: src_reg selects what the
 * kernel makes of the immediate (0: a plain constant, BPF_PSEUDO_MAP_FD: imm_lo
 * is a map fd, BPF_PSEUDO_MAP_VALUE: imm_lo a map fd and imm_hi an offset into
 * its value, BPF_PSEUDO_FUNC: imm_lo a relative slot index, ...). The second
 * slot is reset to all zeros but its imm, as the kernel requires. */
void insn_set_ld_imm64(struct bpf_insn *pair, uint8_t src_reg,
		       uint32_t imm_lo, uint32_t imm_hi);

/* Rewrite a call as a bpf-to-bpf call to the slot at i + 1 + rel. */
void insn_set_pseudo_call(struct bpf_insn *in, int32_t rel);

/* ---- Disassembler -------------------------------------------------------
 *
 * Text is what `llvm-objdump -d` (LLVM 14) prints for the instructions clang 14
 * emits, without address, raw bytes or "<label>" annotations:
 *   r1 = *(u32 *)(r2 + 8)    *(u64 *)(r10 - 8) = r1    w1 += w2    r1 = -r1
 *   r1 = 123 ll              ld_pseudo\tr1, 1, 7       r1 = be16 r1
 *   if w1 s> 5 goto +3       call 6                    exit
 *   r0 = *(u8 *)skb[14]      r0 = *(u16 *)skb[r1]
 *   lock *(u64 *)(r1 + 0) += r2      r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)
 *   r2 = xchg_64(r1 + 0, r2)         r0 = cmpxchg_64(r1 + 0, r0, r2)
 * Immediates are signed decimal. 32-bit atomics use LLVM 14's alu32 spelling
 * (`lock *(u32 *)(r1 + 0) += w2`, `w2 = xchg32_32(r1 + 0, w2)`), the only one in
 * which that LLVM names them all. Forms LLVM 14 cannot print use the spelling
 * of later LLVMs: `r1 %= r2`, `if r1 & 4 goto +3`, `*(u32 *)(r1 + 0) = 5`,
 * v4's `r1 = *(s32 *)(r2 + 0)`, `r1 = (s8)r2`, `r1 s/= r2`, `r1 = bswap16 r1`,
 * `gotol +5`.
 */

/* Optional names for immediates, for output such as `r1 = events ll` or
 * `call bpf_map_lookup_elem`. name() is asked about each ld_imm64 and call;
 * it returns text that replaces the number (valid until the next call), or
 * NULL to keep the number. i is the slot index of the instruction. */
struct insn_names {
	const char *(*name)(void *ctx, const struct bpf_insn *insns, size_t n, size_t i);
	void *ctx;
};

/* Write instruction insns[i] as text into buf[len] (always NUL-terminated when
 * len > 0, truncated if too long). Returns the number of slots it spans (1, or
 * 2 for ld_imm64), or a negative errno with an explanation starting with
 * "invalid" in buf: -EINVAL for an unknown opcode, a register above r10 or an
 * ld_imm64 whose second slot is not a zero opcode; -ERANGE for i >= n or an
 * ld_imm64 that starts at the last slot. */
int insn_disasm(const struct bpf_insn *insns, size_t n, size_t i,
		char *buf, size_t len);

/* The same, with immediates of ld_imm64 and calls named through names (which
 * may be NULL). */
int insn_disasm_named(const struct bpf_insn *insns, size_t n, size_t i,
		      char *buf, size_t len, const struct insn_names *names);

#endif
