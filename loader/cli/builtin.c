/* The built-in example of `rawbpf run` with no FILE: examples/execsnoop.bpf.c,
 * compiled by the Makefile and embedded here byte for byte, so a fresh
 * machine shows live events with nothing but the binary. */
#include "loader/cli/builtin.h"

#ifndef BUILTIN_OBJ
#error "BUILTIN_OBJ: the Makefile names the object to embed"
#endif

__asm__(".section .rodata\n"
	".balign 8\n"
	".global cli_builtin_start\n"
	"cli_builtin_start:\n"
	".incbin \"" BUILTIN_OBJ "\"\n"
	".global cli_builtin_end\n"
	"cli_builtin_end:\n"
	".previous\n");
