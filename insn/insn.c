/* insn/insn.c — decoding and encoding helpers for struct bpf_insn.
 * The layout and the ld_imm64 rules follow include/uapi/linux/bpf.h. */
#include "insn/insn.h"

#include <string.h>

bool insn_is_jump(const struct bpf_insn *in)
{
	uint8_t cls = insn_class(in), op = insn_op(in);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return false;
	return op != BPF_CALL && op != BPF_EXIT && !(cls == BPF_JMP32 && op == BPF_JA);
}

uint64_t insn_ld_imm64_value(const struct bpf_insn *pair)
{
	return (uint64_t)(uint32_t)pair[0].imm | (uint64_t)(uint32_t)pair[1].imm << 32;
}

void insn_set_ld_imm64(struct bpf_insn *pair, uint8_t src_reg,
		       uint32_t imm_lo, uint32_t imm_hi)
{
	uint8_t dst = pair[0].dst_reg;

	memset(pair, 0, 2 * sizeof(*pair));
	pair[0].code = BPF_LD | BPF_IMM | BPF_DW;
	pair[0].dst_reg = dst;
	pair[0].src_reg = src_reg;
	pair[0].imm = (int32_t)imm_lo;
	pair[1].imm = (int32_t)imm_hi;
}

void insn_set_pseudo_call(struct bpf_insn *in, int32_t rel)
{
	in->code = BPF_JMP | BPF_CALL;
	in->dst_reg = 0;
	in->src_reg = BPF_PSEUDO_CALL;
	in->off = 0;
	in->imm = rel;
}
