#ifndef RAWBPF_DISASM_H
#define RAWBPF_DISASM_H

#include <stdio.h>
#include "loader/object.h"

/* Disassemble every program and subprogram, or only the one named prog
 * (-ENOENT when there is none). */
int rb_disasm(const struct rb_object *obj, const char *prog, FILE *f);

#endif
