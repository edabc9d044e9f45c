/* libFuzzer target: the whole plan stage on arbitrary bytes.
 *
 * plan_parse() runs every stage that needs no kernel (ELF, BTF, license,
 * maps, globals, programs, relocations). On success the plan is printed the
 * way `rawbpf inspect` and `rawbpf disasm` print it, and each program is
 * relocated the way the load stage does before PROG_LOAD (no CO-RE: that
 * needs the kernel's BTF). The DATASEC fix-up is part of the plan.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/cli/print_disasm.h"
#include "loader/cli/print_plan.h"
#include "loader/plan/object.h"
#include "loader/load/kbtf.h"
#include "loader/load/relocate.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_object *obj;
	char err[ERR_LEN];
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	err[0] = '\0';
	if (plan_parse(&obj, "fuzz.o", buf, size, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort(); /* one line, always */
		return 0;
	}
	cli_inspect(obj, false, devnull);
	cli_inspect(obj, true, devnull);
	cli_disasm(obj, NULL, NULL, devnull, err, sizeof(err));
	/* Relocation without the kernel: CO-RE would read vmlinux BTF on
	 * every input, which the CO-RE unit tests cover instead. */
	obj->ncores = 0;
	for (size_t i = 0; i < obj->nprogs; i++)
		load_relocate(obj, &obj->progs[i], err, sizeof(err));
	load_kernel_btf_free(obj);  /* read for __ksym externs */
	plan_free(obj);
	return 0;
}
