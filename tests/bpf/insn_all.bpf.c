// SPDX-License-Identifier: GPL-2.0
/* Instruction forms for the disassembler test (tests/unit/test_disasm.c),
 * compiled at clang's default -mcpu (v1: no alu32, no jmp32, no atomics but
 * the 64-bit lock add). Each function pushes clang towards a group of opcodes;
 * the programs are meant to be disassembled, not run. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The LLVM intrinsics behind BPF_LD | BPF_ABS / BPF_IND (socket filters). */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

__u64 total = 1;                 /* .data */
__u64 seen;                      /* .bss */
const volatile __u64 limit = 99; /* .rodata */
volatile __u64 sink;
volatile __s64 ssink;

/* Every 64-bit ALU operation, with a register and an immediate operand. */
static __attribute__((noinline)) __u64 alu64(__u64 a, __u64 b, __s64 s)
{
	__u64 r = a;

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
	sink = -r;
	ssink = s;
	return r + 0x123456789abcdefULL + (__u64)-2;
}

/* Loads and stores of every size, with positive and negative offsets. */
static __attribute__((noinline)) __u64 mem(volatile __u8 *p)
{
	volatile __u64 buf[4] = {};
	volatile __u8 *b = (volatile __u8 *)buf;

	*(volatile __u8 *)(b + 1) = p[0];
	*(volatile __u16 *)(b + 2) = *(volatile __u16 *)(p + 2);
	*(volatile __u32 *)(b + 4) = *(volatile __u32 *)(p + 4);
	buf[1] = *(volatile __u64 *)(p + 8);
	buf[2] = 0x1122334455667788ULL;
	return buf[0] + buf[1] + *(volatile __u32 *)(b + 4) + *(volatile __u16 *)(b + 2);
}

/* Every 64-bit condition, signed and unsigned, against registers and immediates. */
static __attribute__((noinline)) int jumps(__u64 a, __u64 b, __s64 x, __s64 y)
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

static __attribute__((noinline)) __u64 swaps(__u64 v)
{
	sink = __builtin_bswap16((__u16)v);
	sink = __builtin_bswap32((__u32)v);
	return __builtin_bswap64(v);
}

static long loop_cb(__u32 i, void *ctx)
{
	*(__u64 *)ctx += i;
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int insn_all(void *ctx)
{
	__u32 key = bpf_get_smp_processor_id();
	__u64 one = 1, *v, acc = 0;

	v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_ANY);
	bpf_loop(4, loop_cb, &acc, 0);
	seen += alu64(total, key | 1, -(__s64)key);
	seen += mem((volatile __u8 *)ctx);
	seen += jumps(key, limit, key, -5) + swaps(acc);
	return 0;
}

SEC("socket")
int insn_skb(struct __sk_buff *skb)
{
	__u64 proto = load_half(skb, 12);
	__u64 ihl = load_byte(skb, 14) & 0xf;

	if (proto != 0x0800)
		return 0;
	return load_word(skb, 26) + load_half(skb, ihl * 4 + 14) + load_byte(skb, skb->len - 1);
}

char LICENSE[] SEC("license") = "GPL";
