/* insn/core.h — apply a resolved CO-RE relocation (btf/core.h) to the
 * instruction clang marked.
 *
 * The instruction must still hold the value computed from the object's own
 * BTF (res->orig, when res->validate); anything else means the relocation
 * does not describe this instruction, and patching it would silently corrupt
 * the program. Patched
 * forms (include/uapi/linux/bpf.h encodings):
 *
 *   ALU/ALU64 with an immediate (BPF_K)    imm          (e.g. r1 += offset)
 *   LDX/ST/STX BPF_MEM                     off, and for FIELD_BYTE_OFFSET the
 *                                          access size when the field's size
 *                                          changed (1, 2, 4 or 8 bytes; a
 *                                          field that may not change size,
 *                                          !res->size_ok, poisons it instead)
 *   LD_IMM64 (two slots)                   imm of both halves (64-bit value)
 *
 * A poison result replaces the instruction with a call to helper id
 * INSN_CORE_POISON, which no kernel has. The verifier checks a helper call
 * only on paths it explores, so an instruction behind a branch that CO-RE
 * itself made dead (bpf_core_field_exists() == 0, an `if` on a missing type)
 * loads fine: the verifier never visits it and removes it as dead code before
 * helper calls are resolved. Reached, it fails the load with "invalid func
 * unknown#195936382" at that instruction index, which the loader maps back
 * to the relocation's description (both behaviours checked on 6.18). An LD_IMM64's second slot becomes a
 * plain `r0 = 0` so the program stays well-formed for the verifier's first
 * pass, which rejects unknown opcodes even in dead code.
 */
#ifndef RAWBPF_INSN_CORE_H
#define RAWBPF_INSN_CORE_H

#include <stddef.h>
#include <linux/bpf.h>
#include "btf/core.h"

#define INSN_CORE_POISON 0x0badc07e   /* "bad CO-RE": 195936382 */

/* Patch insns[idx] (idx = relocation insn_off / 8 inside its section) with
 * res. 0, or -EINVAL naming the instruction, the relocation (res->desc) and
 * what was expected (wrong instruction class, value not the expected
 * original, new value out of the field's range, an access size that is not
 * the field's, no access of the new size). */
int insn_core_patch(struct bpf_insn *insns, size_t n, size_t idx,
		    const struct btf_core_res *res, char *err, size_t errlen);

/* True for an instruction poisoned by insn_core_patch(). */
bool insn_core_is_poison(const struct bpf_insn *insn);

#endif
