#ifndef RAWBPF_DISASM_H
#define RAWBPF_DISASM_H

#include <stdio.h>
#include "loader/plan/object.h"

/* Disassemble every program and subprogram, or only the one named prog
 * (-ENOENT when there is none). With kernel_btf (a path), the instructions
 * after CO-RE relocation against that kernel BTF. */
int cli_disasm(struct rb_object *obj, const char *prog, const char *kernel_btf, FILE *f,
	      char *err, size_t errlen);

#endif
