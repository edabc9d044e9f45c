/* insn/core_patch.c — write a CO-RE result into an instruction (see insn/core.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "insn/core.h"
#include "common/err.h"

/* -EINVAL with "CO-RE insn IDX (WHAT, KIND): " before the message, which
 * fmt makes of two numbers. */
static int refuse(char *err, size_t errlen, size_t idx, const struct btf_core_res *res,
		  const char *fmt, unsigned long long a, unsigned long long b)
{
	char msg[160];

	snprintf(msg, sizeof(msg), fmt, a, b);
	return errorf(err, errlen, -EINVAL, "CO-RE insn %zu (%s, %s): %s", idx, res->desc,
		      btf_core_kind_str(res->kind), msg);
}

static int size_code(uint32_t bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	case 8: return BPF_DW;
	}
	return -1;
}

static uint32_t size_bytes(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	default: return 8;
	}
}

static bool is_ld_imm64(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_DW | BPF_IMM);
}

static void poison(struct bpf_insn *insns, size_t n, size_t idx)
{
	bool wide = is_ld_imm64(&insns[idx]) && idx + 1 < n;

	memset(&insns[idx], 0, sizeof(insns[idx]));
	insns[idx].code = BPF_JMP | BPF_CALL;
	insns[idx].imm = INSN_CORE_POISON;
	if (wide) {
		memset(&insns[idx + 1], 0, sizeof(insns[idx + 1]));
		insns[idx + 1].code = BPF_ALU64 | BPF_MOV | BPF_K;
	}
}

bool insn_core_is_poison(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0 &&
	       insn->imm == INSN_CORE_POISON;
}

int insn_core_patch(struct bpf_insn *insns, size_t n, size_t idx,
		    const struct btf_core_res *res, char *err, size_t errlen)
{
	struct bpf_insn *in;
	uint8_t cls;

	if (idx >= n)
		return refuse(err, errlen, idx, res, "instruction index past the %llu instructions%.0llu",
			    n, 0);
	in = &insns[idx];
	cls = BPF_CLASS(in->code);
	if (res->poison) {
		poison(insns, n, idx);
		return 0;
	}
	if (is_ld_imm64(in)) {
		uint64_t cur;

		if (idx + 1 >= n)
			return refuse(err, errlen, idx, res, "ld_imm64 without its second slot%.0llu%.0llu", 0, 0);
		cur = (uint64_t)(uint32_t)in[1].imm << 32 | (uint32_t)in[0].imm;
		if (res->validate && cur != res->orig)
			return refuse(err, errlen, idx, res, "ld_imm64 holds %llu, expected %llu", cur, res->orig);
		in[0].imm = (int32_t)(uint32_t)res->val;
		in[1].imm = (int32_t)(uint32_t)(res->val >> 32);
		return 0;
	}
	if ((cls == BPF_ALU || cls == BPF_ALU64) && BPF_SRC(in->code) == BPF_K) {
		if (res->validate && (uint32_t)in->imm != (uint32_t)res->orig)
			return refuse(err, errlen, idx, res, "imm is %llu, expected %llu",
				    (uint32_t)in->imm, res->orig);
		if (res->val > UINT32_MAX && ((int64_t)res->val >= 0 || (int64_t)res->val < INT32_MIN))
			return refuse(err, errlen, idx, res, "value %llu does not fit a 32-bit immediate%.0llu",
				    res->val, 0);
		in->imm = (int32_t)(uint32_t)res->val;
		return 0;
	}
	if ((cls == BPF_LDX || cls == BPF_ST || cls == BPF_STX) && BPF_MODE(in->code) == BPF_MEM) {
		if (res->kind != BPF_CORE_FIELD_BYTE_OFFSET)
			return refuse(err, errlen, idx, res, "a memory access can only take a field offset%.0llu%.0llu", 0, 0);
		if (res->validate && (uint64_t)(int64_t)in->off != res->orig)
			return refuse(err, errlen, idx, res, "offset is %llu, expected %llu",
				    (unsigned long long)(int64_t)in->off, res->orig);
		if (res->val > INT16_MAX)
			return refuse(err, errlen, idx, res, "offset %llu does not fit 16 bits (max %llu)",
				    res->val, INT16_MAX);
		if (res->orig_sz && res->orig_sz != res->new_sz) {
			int code = size_code(res->new_sz);

			/* A field that cannot be read at its new size (see
			 * btf/core.h): poison this access only, so a program
			 * that never reaches it (a branch on the field's size
			 * or existence) still loads. */
			if (!res->size_ok) {
				poison(insns, n, idx);
				return 0;
			}
			if (size_bytes(in->code) != res->orig_sz)
				return refuse(err, errlen, idx, res, "access of %llu bytes on a %llu-byte field",
					    size_bytes(in->code), res->orig_sz);
			if (code < 0)
				return refuse(err, errlen, idx, res, "field is %llu bytes in the kernel, %llu here: no load or store of that size",
					    res->new_sz, res->orig_sz);
			in->code = (in->code & ~0x18) | code;
		}
		in->off = (int16_t)res->val;
		return 0;
	}
	return refuse(err, errlen, idx, res, "instruction code 0x%02llx cannot be relocated%.0llu",
		    in->code, 0);
}
