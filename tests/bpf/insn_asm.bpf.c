// SPDX-License-Identifier: GPL-2.0
/* Instruction forms clang's code generator rarely picks (le*, every jump
 * condition in both widths and both operand kinds, ld_abs/ld_ind of every size),
 * written in LLVM's BPF assembler syntax so that the disassembler test sees
 * each of them in a real object. Meant to be disassembled, not run. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int insn_asm(struct __sk_buff *skb)
{
	asm volatile(
		"r6 = r1\n"
		"r1 = le16 r1\n"
		"r1 = le32 r1\n"
		"r1 = le64 r1\n"
		"r1 = be16 r1\n"
		"r1 = be32 r1\n"
		"r1 = be64 r1\n"
		"r2 = -r2\n"
		"r3 = 2147483647\n"
		"r3 = -2147483648\n"
		"r4 = -1 ll\n"
		"r4 = 9223372036854775807 ll\n"
		"r0 = *(u8 *)skb[0]\n"
		"r0 = *(u16 *)skb[-1]\n"
		"r0 = *(u32 *)skb[65535]\n"
		"r0 = *(u8 *)skb[r3]\n"
		"r0 = *(u16 *)skb[r4]\n"
		"r0 = *(u32 *)skb[r5]\n"
		"if r1 == r2 goto +0\n"
		"if r1 != r2 goto +0\n"
		"if r1 > r2 goto +0\n"
		"if r1 >= r2 goto +0\n"
		"if r1 < r2 goto +0\n"
		"if r1 <= r2 goto +0\n"
		"if r1 s> r2 goto +0\n"
		"if r1 s>= r2 goto +0\n"
		"if r1 s< r2 goto +0\n"
		"if r1 s<= r2 goto +0\n"
		"if r1 == -1 goto +0\n"
		"if r1 != 0 goto +0\n"
		"if r1 > 1 goto +0\n"
		"if r1 >= 2 goto +0\n"
		"if r1 < 3 goto +0\n"
		"if r1 <= 4 goto +0\n"
		"if r1 s> -5 goto +0\n"
		"if r1 s>= 6 goto +0\n"
		"if r1 s< -7 goto +0\n"
		"if r1 s<= 8 goto +0\n"
		"if w1 == w2 goto +0\n"
		"if w1 != w2 goto +0\n"
		"if w1 > w2 goto +0\n"
		"if w1 >= w2 goto +0\n"
		"if w1 < w2 goto +0\n"
		"if w1 <= w2 goto +0\n"
		"if w1 s> w2 goto +0\n"
		"if w1 s>= w2 goto +0\n"
		"if w1 s< w2 goto +0\n"
		"if w1 s<= w2 goto +0\n"
		"if w1 == -1 goto +0\n"
		"if w1 != 0 goto +0\n"
		"if w1 > 1 goto +0\n"
		"if w1 >= 2 goto +0\n"
		"if w1 < 3 goto +0\n"
		"if w1 <= 4 goto +0\n"
		"if w1 s> -5 goto +0\n"
		"if w1 s>= 6 goto +0\n"
		"if w1 s< -7 goto +0\n"
		"if w1 s<= 8 goto +0\n"
		"w1 = -w1\n"
		"w1 s>>= 31\n"
		"w1 = w2\n"
		"w1 = -1\n"
		"*(u8 *)(r10 - 1) = r1\n"
		"*(u16 *)(r10 - 4) = r1\n"
		"*(u32 *)(r10 - 8) = r1\n"
		"r1 = *(u8 *)(r10 - 1)\n"
		"r1 = *(u16 *)(r10 - 4)\n"
		"r1 = *(u32 *)(r10 - 8)\n"
		"r1 = *(u64 *)(r6 + 32767)\n"
		"lock *(u64 *)(r10 - 8) += r1\n"
		::: "r0", "r1", "r2", "r3", "r4", "r5", "r6", "memory");
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
