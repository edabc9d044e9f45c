/* loader/run/usdt_spec — the argument specs of a USDT probe, for libbpf's
 * <bpf/usdt.bpf.h>.
 *
 * A probe's argument string (elf/notes.h reads it from .note.stapsdt) holds
 * one spec per argument, separated by spaces, in the form SIZE@OPERAND
 * (x86-64 assembler syntax): SIZE is 1, 2, 4 or 8 bytes, negative for a
 * signed value; OPERAND is $IMM (a constant), %REG (a register) or
 * DISP(%REG) (memory at register + displacement). run_usdt_fill_spec()
 * turns it into the layout that libbpf's <bpf/usdt.bpf.h> reads from its
 * __bpf_usdt_specs map, so BPF objects built with that header (BPF_USDT)
 * read their arguments.
 */
#ifndef RAWBPF_RUN_USDT_SPEC_H
#define RAWBPF_RUN_USDT_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The layout of libbpf's struct __bpf_usdt_arg_spec and __bpf_usdt_spec
 * (<bpf/usdt.bpf.h>, compiled for BPF: an enum is 4 bytes). The values of
 * arg_type are its enum __bpf_usdt_arg_type. */
#define RUN_USDT_MAX_ARGS 12
enum run_usdt_arg_type {
	RUN_USDT_ARG_CONST = 0,     /* the value is val_off */
	RUN_USDT_ARG_REG = 1,       /* the register at reg_off in struct pt_regs */
	RUN_USDT_ARG_REG_DEREF = 2, /* user memory at that register + val_off */
};
struct run_usdt_arg_spec {
	uint64_t val_off;
	uint32_t arg_type;    /* enum run_usdt_arg_type */
	int16_t reg_off;      /* offsetof(struct pt_regs, REG) (x86-64 uapi) */
	uint8_t arg_signed;   /* sign-extend from the argument's size */
	int8_t arg_bitshift;  /* 64 - 8 * size: the bits cleared or extended */
};
struct run_usdt_spec {
	struct run_usdt_arg_spec args[RUN_USDT_MAX_ARGS];
	uint64_t usdt_cookie;
	int16_t arg_cnt;
};

/* One argument, parsed: what the spec holds, plus the size and register
 * name a person reads. */
struct run_usdt_arg {
	int size;             /* bytes: 1, 2, 4 or 8 */
	bool is_signed;
	enum run_usdt_arg_type type;
	char reg[8];          /* "rdi", "eax" ...; "" for a constant */
	int16_t reg_off;
	int64_t val_off;      /* constant, or displacement */
};

/* Parse one spec ("-4@%eax", "8@-8(%rbp)", "4@$5") of note args.
 * -EINVAL for malformed text, -EOPNOTSUPP for forms rawbpf does not read
 * (an index register, %rip-relative symbols, a register of another arch). */
int run_usdt_parse_arg(const char *spec, size_t len, struct run_usdt_arg *arg,
		       char *err, size_t errlen);

/* Parse every argument of args into spec (zeroed first; usdt_cookie set to
 * cookie). More than RUN_USDT_MAX_ARGS arguments is -E2BIG. */
int run_usdt_fill_spec(const char *args, uint64_t cookie,
		       struct run_usdt_spec *spec, char *err, size_t errlen);

#endif
