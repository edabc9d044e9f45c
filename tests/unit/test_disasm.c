/* The disassembler against llvm-objdump (LLVM 14), instruction by instruction,
 * on every compiled BPF object, plus hand-built instructions clang rarely or
 * never emits, whose expected text was checked with llvm-objdump on an object
 * assembled by llvm-mc (or, for forms LLVM 14 cannot print, follows the
 * spelling of later LLVMs).
 *
 * Objects: every .bpf.o in $O/examples and $O/tests/bpf (O defaults to build),
 * read with libelf as an independent oracle of the section contents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "insn/insn.h"

#define MAX_OBJS 1024

/* ---- llvm-objdump output ------------------------------------------------ */

/* Run argv, return its stdout (NUL-terminated, malloc'd) or NULL if it could
 * not run or failed. */
static char *capture(char *const argv[])
{
	int fds[2], status;
	size_t len = 0, cap = 1 << 16;
	char *out;
	pid_t pid;
	ssize_t k;

	if (pipe(fds))
		return NULL;
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	out = malloc(cap);
	while (out && (k = read(fds[0], out + len, cap - len - 1)) > 0) {
		len += (size_t)k;
		if (cap - len < 2) {
			char *bigger = realloc(out, cap *= 2);
			if (!bigger) {
				free(out);
				out = NULL;
			}
			out = bigger;
		}
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (!out)
		return NULL;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		free(out);
		return NULL;
	}
	out[len] = 0;
	return out;
}

/* One instruction line of llvm-objdump: "   12:\tr1 = 0 ll". */
struct line {
	const char *sec; /* from the last "Disassembly of section NAME:" */
	size_t idx;
	const char *text; /* " <label>" of jump targets removed */
};

/* Split dump in place into its instruction lines; returns how many. */
static size_t parse_dump(char *dump, struct line **out)
{
	static const char head[] = "Disassembly of section ";
	size_t n = 0, cap = 1024;
	struct line *v = malloc(cap * sizeof(*v));
	const char *sec = NULL;
	char *p = dump;

	assert_non_null(v);
	while (*p) {
		char *eol = strchr(p, '\n'), *q, *lt;
		unsigned long idx;

		if (eol)
			*eol = 0;
		if (!strncmp(p, head, sizeof(head) - 1)) {
			sec = p + sizeof(head) - 1;
			if (*sec && sec[strlen(sec) - 1] == ':')
				p[strlen(p) - 1] = 0;
		} else if (sec) {
			idx = strtoul(p, &q, 10);
			if (q != p && q[0] == ':' && q[1] == '\t') {
				/* Jump targets: "goto +3 <LBB0_2>". */
				lt = strrchr(q + 2, '<');
				if (lt && lt > q + 2 && lt[-1] == ' ' && !strchr(lt, ' ') &&
				    lt[strlen(lt) - 1] == '>')
					lt[-1] = 0;
				if (n == cap) {
					v = realloc(v, (cap *= 2) * sizeof(*v));
					assert_non_null(v);
				}
				v[n++] = (struct line){ sec, idx, q + 2 };
			}
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	*out = v;
	return n;
}

/* text[i]: what llvm-objdump printed for slot i of section sec, or NULL. */
static void section_lines(const struct line *v, size_t nv, const char *sec,
			  const char **text, size_t n, const char *path)
{
	memset(text, 0, n * sizeof(*text));
	for (size_t k = 0; k < nv; k++) {
		if (strcmp(v[k].sec, sec))
			continue;
		if (v[k].idx >= n)
			fail_msg("%s: section %s: llvm-objdump prints slot %zu of %zu: \"%s\"",
				 path, sec, v[k].idx, n, v[k].text);
		text[v[k].idx] = v[k].text;
	}
}

/* ---- one object ---------------------------------------------------------- */

static void check_object(void **state)
{
	const char *path = *state;
	char *argv[] = { "llvm-objdump", "-d", "-z", "--no-show-raw-insn",
			 (char *)path, NULL };
	char *argv32[] = { "llvm-objdump", "-d", "-z", "--no-show-raw-insn",
			   "--mattr=+alu32", (char *)path, NULL };
	char *dump, *dump32;
	struct line *lines, *lines32;
	size_t nlines, nlines32, shstrndx, checked = 0;
	Elf_Scn *scn = NULL;
	Elf *e;
	int fd;

	dump = capture(argv);
	if (!dump)
		skip(); /* llvm-objdump missing or failed: nothing to compare with */
	dump32 = capture(argv32);
	assert_non_null(dump32);
	nlines = parse_dump(dump, &lines);
	nlines32 = parse_dump(dump32, &lines32);

	assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	e = elf_begin(fd, ELF_C_READ, NULL);
	assert_non_null(e);
	assert_int_equal(elf_getshdrstrndx(e, &shstrndx), 0);

	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		struct bpf_insn *insns;
		const char *name, **text, **text32;
		size_t n, i;

		assert_non_null(gelf_getshdr(scn, &sh));
		if (sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_EXECINSTR) || !sh.sh_size)
			continue;
		name = elf_strptr(e, shstrndx, sh.sh_name);
		data = elf_getdata(scn, NULL);
		assert_non_null(name);
		assert_non_null(data);
		n = data->d_size / sizeof(*insns);
		insns = malloc(n * sizeof(*insns) + 1);
		text = malloc(n * sizeof(*text) + 1);
		text32 = malloc(n * sizeof(*text32) + 1);
		assert_true(insns && text && text32);
		memcpy(insns, data->d_buf, n * sizeof(*insns));
		section_lines(lines, nlines, name, text, n, path);
		section_lines(lines32, nlines32, name, text32, n, path);

		for (i = 0; i < n;) {
			const struct bpf_insn *in = &insns[i];
			char mine[256];
			const char *want;
			int k;

			/* LLVM 14 decodes 32-bit atomics right only with alu32. */
			bool alu32 = insn_class(in) == BPF_STX && insn_mode(in) == BPF_ATOMIC &&
				     insn_size(in) == BPF_W;

			k = insn_disasm(insns, n, i, mine, sizeof(mine));
			want = alu32 ? text32[i] : text[i];
			if (!want || k < 0 || strcmp(mine, want))
				fail_msg("%s: section %s: instruction %zu: llvm-objdump \"%s\", "
					 "insn_disasm \"%s\" (%d)", path, name, i,
					 want ? want : "(no line)", mine, k);
			if (k == 2 && text[i + 1])
				fail_msg("%s: section %s: instruction %zu: ld_imm64 spans 2 slots "
					 "but llvm-objdump prints slot %zu: \"%s\"",
					 path, name, i, i + 1, text[i + 1]);
			i += (size_t)k;
			checked++;
		}
		free(insns);
		free(text);
		free(text32);
	}
	elf_end(e);
	close(fd);
	free(lines);
	free(lines32);
	free(dump);
	free(dump32);
	print_message("# %s: %zu instructions match llvm-objdump\n", path, checked);
}

static void no_objects(void **state)
{
	(void)state;
	print_message("# no BPF objects under $O/examples or $O/tests/bpf: run make first\n");
	skip();
}

/* ---- hand-built instructions --------------------------------------------- */

#define I(c, d, s, o, i) { .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) }

struct one {
	struct bpf_insn in;
	const char *text;
};

/* Checked against llvm-objdump 14 (llvm-mc assembled the raw words). */
static const struct one llvm14[] = {
	{ I(BPF_ALU | BPF_ADD | BPF_K, 1, 0, 0, 5), "w1 += 5" },
	{ I(BPF_ALU | BPF_ADD | BPF_K, 1, 0, 0, -5), "w1 += -5" },
	{ I(BPF_ALU64 | BPF_SUB | BPF_X, 1, 2, 0, 0), "r1 -= r2" },
	{ I(BPF_ALU | BPF_ARSH | BPF_X, 3, 4, 0, 0), "w3 s>>= w4" },
	{ I(BPF_ALU64 | BPF_ARSH | BPF_K, 3, 0, 0, 63), "r3 s>>= 63" },
	{ I(BPF_ALU | BPF_NEG, 1, 0, 0, 0), "w1 = -w1" },
	{ I(BPF_ALU64 | BPF_NEG, 7, 0, 0, 0), "r7 = -r7" },
	{ I(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, (int32_t)0x80000000), "r1 = -2147483648" },
	{ I(BPF_ALU | BPF_MOV | BPF_K, 1, 0, 0, -1), "w1 = -1" },
	{ I(BPF_ALU | BPF_MOV | BPF_X, 10, 9, 0, 0), "w10 = w9" },
	{ I(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 16), "r1 = le16 r1" },
	{ I(BPF_ALU | BPF_END | BPF_TO_LE, 1, 0, 0, 64), "r1 = le64 r1" },
	{ I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 32), "r1 = be32 r1" },
	{ I(BPF_LDX | BPF_MEM | BPF_W, 1, 10, -32768, 0), "r1 = *(u32 *)(r10 - 32768)" },
	{ I(BPF_LDX | BPF_MEM | BPF_B, 1, 2, 32767, 0), "r1 = *(u8 *)(r2 + 32767)" },
	{ I(BPF_STX | BPF_MEM | BPF_H, 1, 2, 0, 0), "*(u16 *)(r1 + 0) = r2" },
	{ I(BPF_STX | BPF_MEM | BPF_DW, 10, 1, -8, 0), "*(u64 *)(r10 - 8) = r1" },
	{ I(BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, -5), "r0 = *(u32 *)skb[-5]" },
	{ I(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, 14), "r0 = *(u8 *)skb[14]" },
	{ I(BPF_LD | BPF_IND | BPF_H, 0, 3, 0, 0), "r0 = *(u16 *)skb[r3]" },
	{ I(BPF_JMP | BPF_JA, 0, 0, -32768, 0), "goto -32768" },
	{ I(BPF_JMP | BPF_JA, 0, 0, 0, 0), "goto +0" },
	{ I(BPF_JMP | BPF_JGE | BPF_K, 1, 0, 3, 5), "if r1 >= 5 goto +3" },
	{ I(BPF_JMP | BPF_JSLE | BPF_X, 1, 2, -3, 0), "if r1 s<= r2 goto -3" },
	{ I(BPF_JMP32 | BPF_JSGT | BPF_K, 1, 0, 3, 5), "if w1 s> 5 goto +3" },
	{ I(BPF_JMP32 | BPF_JSGE | BPF_X, 1, 2, 3, 0), "if w1 s>= w2 goto +3" },
	{ I(BPF_JMP32 | BPF_JLE | BPF_K, 1, 0, 1, -5), "if w1 <= -5 goto +1" },
	{ I(BPF_JMP32 | BPF_JNE | BPF_X, 1, 2, 1, 0), "if w1 != w2 goto +1" },
	{ I(BPF_JMP | BPF_CALL, 0, 0, 0, 5), "call 5" },
	{ I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1), "call -1" },
	{ I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, 2147483647), "call 2147483647" },
	{ I(BPF_JMP | BPF_CALL | BPF_X, 0, 0, 0, 3), "callx r3" },
	{ I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0), "exit" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 3, BPF_OR), "lock *(u64 *)(r1 + 3) |= r2" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 3, BPF_AND | BPF_FETCH),
	  "r2 = atomic_fetch_and((u64 *)(r1 + 3), r2)" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, -3, BPF_XCHG), "r2 = xchg_64(r1 - 3, r2)" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 3, BPF_CMPXCHG), "r0 = cmpxchg_64(r1 + 3, r0, r2)" },
	/* 32-bit atomics as `llvm-objdump --mattr=+alu32` prints them. */
	{ I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 3, BPF_ADD), "lock *(u32 *)(r1 + 3) += w2" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 3, BPF_XOR), "lock *(u32 *)(r1 + 3) ^= w2" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 3, BPF_ADD | BPF_FETCH),
	  "w2 = atomic_fetch_add((u32 *)(r1 + 3), w2)" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 3, BPF_XCHG), "w2 = xchg32_32(r1 + 3, w2)" },
	{ I(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 3, BPF_CMPXCHG), "w0 = cmpxchg32_32(r1 + 3, w0, w2)" },
};

/* Forms LLVM 14 prints as <unknown>: the spelling of later LLVMs. */
static const struct one later[] = {
	{ I(BPF_ALU64 | BPF_MOD | BPF_X, 1, 2, 0, 0), "r1 %= r2" },
	{ I(BPF_ALU | BPF_MOD | BPF_K, 1, 0, 0, 7), "w1 %= 7" },
	{ I(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 3, 4), "if r1 & 4 goto +3" },
	{ I(BPF_JMP32 | BPF_JSET | BPF_X, 1, 2, -1, 0), "if w1 & w2 goto -1" },
	{ I(BPF_ST | BPF_MEM | BPF_W, 1, 0, 0, 5), "*(u32 *)(r1 + 0) = 5" },
	{ I(BPF_ST | BPF_MEM | BPF_DW, 10, 0, -16, -1), "*(u64 *)(r10 - 16) = -1" },
	{ I(BPF_LD | BPF_IND | BPF_W, 0, 2, 0, -5), "r0 = *(u32 *)skb[r2 - 5]" },
	/* Instruction set v4. */
	{ I(BPF_LDX | 0x80 | BPF_W, 1, 2, 4, 0), "r1 = *(s32 *)(r2 + 4)" },
	{ I(BPF_LDX | 0x80 | BPF_B, 1, 2, -1, 0), "r1 = *(s8 *)(r2 - 1)" },
	{ I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 8, 0), "r1 = (s8)r2" },
	{ I(BPF_ALU64 | BPF_MOV | BPF_X, 1, 2, 32, 0), "r1 = (s32)r2" },
	{ I(BPF_ALU | BPF_MOV | BPF_X, 1, 2, 16, 0), "w1 = (s16)w2" },
	{ I(BPF_ALU64 | BPF_DIV | BPF_X, 1, 2, 1, 0), "r1 s/= r2" },
	{ I(BPF_ALU | BPF_MOD | BPF_K, 1, 0, 1, 3), "w1 s%= 3" },
	{ I(BPF_ALU64 | BPF_END | BPF_TO_LE, 1, 0, 0, 16), "r1 = bswap16 r1" },
	{ I(BPF_JMP32 | BPF_JA, 0, 0, 0, 100000), "gotol +100000" },
};

static void check_table(const struct one *t, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		char buf[128];
		int r = insn_disasm(&t[k].in, 1, 0, buf, sizeof(buf));

		if (r != 1 || strcmp(buf, t[k].text))
			fail_msg("case %zu: want \"%s\", got \"%s\" (%d)", k, t[k].text, buf, r);
	}
}

static void hand_llvm14(void **state)
{
	(void)state;
	check_table(llvm14, sizeof(llvm14) / sizeof(llvm14[0]));
}

static void hand_later(void **state)
{
	(void)state;
	check_table(later, sizeof(later) / sizeof(later[0]));
}

static void ld_imm64(void **state)
{
	struct bpf_insn p[] = {
		I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 123), I(0, 0, 0, 0, 0),
		I(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 0), I(0, 0, 0, 0, (int32_t)0xffffffff),
		I(BPF_LD | BPF_IMM | BPF_DW, 3, 0, 0, 0), I(0, 0, 0, 0, 0x7fffffff),
		I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, -1), I(0, 0, 0, 0, 0),
		I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_VALUE, 0, 7), I(0, 0, 0, 0, 9),
	};
	static const char *const want[] = {
		"r1 = 123 ll", "r2 = -4294967296 ll", "r3 = 9223372032559808512 ll",
		"ld_pseudo\tr1, 1, 4294967295", "ld_pseudo\tr1, 2, 7",
	};
	size_t n = sizeof(p) / sizeof(p[0]);
	char buf[64];

	(void)state;
	for (size_t i = 0; i < n; i += 2) {
		assert_int_equal(insn_disasm(p, n, i, buf, sizeof(buf)), 2);
		assert_string_equal(buf, want[i / 2]);
	}
	assert_true(insn_is_ld_imm64(&p[0]));
	assert_false(insn_is_pseudo_func(&p[0]));
	assert_int_equal(insn_ld_imm64_value(&p[2]), 0xffffffff00000000ULL);

	insn_set_ld_imm64(&p[0], BPF_PSEUDO_FUNC, 5, 0);
	assert_true(insn_is_pseudo_func(&p[0]));
	assert_int_equal(p[0].dst_reg, 1);
	assert_int_equal(insn_disasm(p, n, 0, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "ld_pseudo\tr1, 4, 5");
	insn_set_ld_imm64(&p[0], 0, 0x89abcdef, 0x01234567);
	assert_int_equal(insn_ld_imm64_value(&p[0]), 0x0123456789abcdefULL);
	assert_int_equal(insn_disasm(p, n, 0, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "r1 = 81985529216486895 ll");
}

static void invalid(void **state)
{
	struct bpf_insn trunc[] = { I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
				    I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 1) };
	struct bpf_insn badhi[] = { I(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 1),
				    I(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0) };
	struct bpf_insn bad[] = {
		I(0x00, 0, 0, 0, 0),                               /* LD | IMM | W */
		I(BPF_ALU64 | 0xe0, 1, 0, 0, 0),                   /* no such ALU op */
		I(BPF_ALU | BPF_END | BPF_TO_BE, 1, 0, 0, 8),      /* 8-bit swap */
		I(BPF_JMP | 0xf0, 1, 0, 0, 0),                     /* no such jump */
		I(BPF_JMP32 | BPF_CALL, 0, 0, 0, 1),               /* call is JMP only */
		I(BPF_ALU64 | BPF_MOV | BPF_X, 11, 1, 0, 0),       /* r11 */
		I(BPF_LDX | BPF_MEM | BPF_W, 1, 12, 0, 0),         /* r12 */
		I(BPF_STX | BPF_ATOMIC | BPF_DW, 1, 2, 0, 0x02),   /* no such atomic */
		I(BPF_STX | BPF_ATOMIC | BPF_B, 1, 2, 0, BPF_ADD), /* 8-bit atomic */
		I(BPF_LD | BPF_ABS | BPF_DW, 0, 0, 0, 0),          /* 64-bit ld_abs */
		I(BPF_LDX | BPF_IMM | BPF_W, 1, 2, 0, 0),          /* LDX | IMM */
	};
	char buf[128];

	(void)state;
	assert_int_equal(insn_disasm(trunc, 2, 1, buf, sizeof(buf)), -ERANGE);
	assert_memory_equal(buf, "invalid", 7);
	assert_int_equal(insn_disasm(trunc, 2, 2, buf, sizeof(buf)), -ERANGE);
	assert_memory_equal(buf, "invalid", 7);
	assert_int_equal(insn_disasm(badhi, 2, 0, buf, sizeof(buf)), -EINVAL);
	assert_memory_equal(buf, "invalid", 7);
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		int r = insn_disasm(bad, sizeof(bad) / sizeof(bad[0]), k, buf, sizeof(buf));

		if (r != -EINVAL || strncmp(buf, "invalid", 7))
			fail_msg("bad[%zu]: want -EINVAL and \"invalid...\", got %d \"%s\"", k, r, buf);
	}
}

static void truncation(void **state)
{
	struct bpf_insn in = I(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 8, 0);
	char buf[8];

	(void)state;
	assert_int_equal(insn_disasm(&in, 1, 0, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "r1 = *(");
	assert_int_equal(insn_disasm(&in, 1, 0, buf, 1), 1);
	assert_string_equal(buf, "");
	assert_int_equal(insn_disasm(&in, 1, 0, NULL, 0), 1);
}

static const char *namer(void *ctx, const struct bpf_insn *insns, size_t n, size_t i)
{
	(void)ctx;
	(void)n;
	if (insn_is_ld_imm64(&insns[i]))
		return i == 0 ? "events" : NULL;
	if (insn_is_helper_call(&insns[i]))
		return "bpf_map_lookup_elem";
	return NULL;
}

static void names(void **state)
{
	struct bpf_insn p[] = {
		I(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0, 4), I(0, 0, 0, 0, 0),
		I(BPF_LD | BPF_IMM | BPF_DW, 2, 0, 0, 8), I(0, 0, 0, 0, 0),
		I(BPF_JMP | BPF_CALL, 0, 0, 0, 1),
		I(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 2),
		I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	struct insn_names nm = { namer, NULL };
	size_t n = sizeof(p) / sizeof(p[0]);
	char buf[64];

	(void)state;
	assert_int_equal(insn_disasm_named(p, n, 0, buf, sizeof(buf), &nm), 2);
	assert_string_equal(buf, "r1 = events ll");
	assert_int_equal(insn_disasm_named(p, n, 2, buf, sizeof(buf), &nm), 2);
	assert_string_equal(buf, "r2 = 8 ll");
	assert_int_equal(insn_disasm_named(p, n, 4, buf, sizeof(buf), &nm), 1);
	assert_string_equal(buf, "call bpf_map_lookup_elem");
	assert_int_equal(insn_disasm_named(p, n, 5, buf, sizeof(buf), &nm), 1);
	assert_string_equal(buf, "call 2");
	assert_int_equal(insn_disasm_named(p, n, 6, buf, sizeof(buf), NULL), 1);
	assert_string_equal(buf, "exit");
}

static void predicates(void **state)
{
	struct bpf_insn call = I(BPF_JMP | BPF_CALL, 0, 0, 0, 1);
	struct bpf_insn jmp = I(BPF_JMP32 | BPF_JLT | BPF_K, 1, 0, 2, 3);
	struct bpf_insn ldx = I(BPF_LDX | BPF_MEM | BPF_H, 1, 2, 0, 0);

	(void)state;
	assert_true(insn_is_call(&call));
	assert_true(insn_is_helper_call(&call));
	assert_false(insn_is_pseudo_call(&call));
	assert_false(insn_is_jump(&call));
	insn_set_pseudo_call(&call, -7);
	assert_true(insn_is_pseudo_call(&call));
	assert_false(insn_is_kfunc_call(&call));
	assert_int_equal(call.imm, -7);
	assert_true(insn_is_jump(&jmp));
	assert_int_equal(insn_class(&jmp), BPF_JMP32);
	assert_int_equal(insn_op(&jmp), BPF_JLT);
	assert_int_equal(insn_src(&jmp), BPF_K);
	assert_int_equal(insn_mode(&ldx), BPF_MEM);
	assert_int_equal(insn_size(&ldx), BPF_H);
	assert_int_equal(insn_size_bytes(&ldx), 2);
	assert_true(insn_is_exit(&(struct bpf_insn)I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)));
}

int main(void)
{
	static const char *const patterns[] = { "examples/*.bpf.o", "tests/bpf/*.bpf.o" };
	static struct CMUnitTest tests[MAX_OBJS + 16] = {
		cmocka_unit_test(hand_llvm14),
		cmocka_unit_test(hand_later),
		cmocka_unit_test(ld_imm64),
		cmocka_unit_test(invalid),
		cmocka_unit_test(truncation),
		cmocka_unit_test(names),
		cmocka_unit_test(predicates),
	};
	const char *o = getenv("O") ? getenv("O") : "build";
	size_t count = 7, objs = 0;
	glob_t g[2];
	int rc;

	for (int k = 0; k < 2; k++) {
		char pat[512];

		snprintf(pat, sizeof(pat), "%s/%s", o, patterns[k]);
		memset(&g[k], 0, sizeof(g[k]));
		if (glob(pat, 0, NULL, &g[k])) {
			globfree(&g[k]);
			memset(&g[k], 0, sizeof(g[k]));
			continue;
		}
		for (size_t j = 0; j < g[k].gl_pathc && objs < MAX_OBJS; j++, objs++)
			tests[count++] = (struct CMUnitTest){
				.name = g[k].gl_pathv[j],
				.test_func = check_object,
				.initial_state = g[k].gl_pathv[j],
			};
	}
	if (!objs)
		tests[count++] = (struct CMUnitTest)cmocka_unit_test(no_objects);
	rc = _cmocka_run_group_tests("disasm", tests, count, NULL, NULL);
	globfree(&g[0]);
	globfree(&g[1]);
	return rc;
}
