// SPDX-License-Identifier: GPL-2.0
/* Instruction forms of -mcpu=v3 for the disassembler test: 32-bit ALU (w
 * registers), JMP32, and the atomics (lock add/or/and/xor, fetch variants,
 * xchg, cmpxchg) in 32 and 64 bits. Built with BPF_CFLAGS += -mcpu=v3 (see
 * the Makefile). Meant to be disassembled, not run. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

volatile __u32 s32;
volatile __s32 ss32;
volatile __u64 s64;
__u64 a64;
__u32 a32;

static __attribute__((noinline)) __u32 alu32(__u32 a, __u32 b, __s32 s)
{
	__u32 r = a;

	r += b;  r += 7;
	r -= b;  r -= 0x12345;
	r *= b;  r *= 13;
	r /= b;  r /= 3;
	r |= b;  r |= 0x40;
	r &= b;  r &= 0xfff0;
	r <<= b; r <<= 3;
	r >>= b; r >>= 5;
	r ^= b;  r ^= -1;
	s >>= b; s >>= 2;
	s32 = -r;
	ss32 = s;
	s64 = (__u64)r << 32 | b;
	return r;
}

static __attribute__((noinline)) int jumps32(__u32 a, __u32 b, __s32 x, __s32 y)
{
	int n = 0;

	if (a == b) n += 1;
	if (a != 5) n += 2;
	if (a > b) n += 3;
	if (a >= 17) n += 4;
	if (a < b) n += 5;
	if (a <= 1000) n += 6;
	if (x > y) n += 7;
	if (x >= -3) n += 8;
	if (x < y) n += 9;
	if (x <= -100) n += 10;
	if (x > 12) n += 11;
	if (y < 0) n += 12;
	return n;
}

static __attribute__((noinline)) __u64 atomics(__u64 v, __u32 w)
{
	__u64 r = 0;

	__sync_fetch_and_add(&a64, v);
	__sync_fetch_and_or(&a64, v);
	__sync_fetch_and_and(&a64, v);
	__sync_fetch_and_xor(&a64, v);
	__sync_fetch_and_add(&a32, w);
	__sync_fetch_and_or(&a32, w);
	__sync_fetch_and_and(&a32, w);
	__sync_fetch_and_xor(&a32, w);
	r += __sync_fetch_and_add(&a64, v);
	r += __sync_fetch_and_or(&a64, v);
	r += __sync_fetch_and_and(&a64, v);
	r += __sync_fetch_and_xor(&a64, v);
	r += __sync_fetch_and_add(&a32, w);
	r += __sync_fetch_and_or(&a32, w);
	r += __sync_fetch_and_and(&a32, w);
	r += __sync_fetch_and_xor(&a32, w);
	r += __sync_lock_test_and_set(&a64, v);
	r += __sync_lock_test_and_set(&a32, w);
	r += __atomic_exchange_n(&a64, r, __ATOMIC_SEQ_CST);
	r += __sync_val_compare_and_swap(&a64, v, r);
	r += __sync_val_compare_and_swap(&a32, w, (__u32)r);
	return r;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int insn_v3(void *ctx)
{
	__u32 k = bpf_get_smp_processor_id();

	s64 = alu32(k, k + 1, -(__s32)k) + jumps32(k, s32, ss32, -7) + atomics(k, k);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
