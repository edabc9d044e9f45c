/* libFuzzer target: the whole plan stage on arbitrary bytes.
 *
 * rb_object_parse() runs every stage that needs no kernel (ELF, BTF, license,
 * maps, globals, programs, relocations). On success the plan is printed the
 * way `rawbpf inspect` and `rawbpf disasm` print it, and each program is
 * relocated the way the load stage does before PROG_LOAD (no CO-RE: that
 * needs the kernel's BTF), after the DATASEC fix-up.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/disasm.h"
#include "loader/inspect.h"
#include "loader/object.h"
#include "loader/relocate.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	return devnull ? 0 : -1;
}

static int64_t sec_size(void *ctx, const char *name)
{
	const struct elf_section *s = elf_section_by_name(&((struct rb_object *)ctx)->elf, name);

	return s ? (int64_t)s->size : -1;
}

static int64_t var_offset(void *ctx, const char *sec, const char *var)
{
	const struct rb_object *obj = ctx;
	const struct elf_section *s = elf_section_by_name(&obj->elf, sec);

	for (size_t i = 0; s && i < obj->elf.nsym; i++)
		if (obj->elf.syms[i].shndx == s->index && !strcmp(obj->elf.syms[i].name, var))
			return (int64_t)obj->elf.syms[i].value;
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_object *obj;
	char err[RB_ERRLEN];
	uint8_t *buf = malloc(size ? size : 1);

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	err[0] = '\0';
	if (rb_object_parse(&obj, "fuzz.o", buf, size, false, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort(); /* one line, always */
		return 0;
	}
	rb_inspect(obj, false, devnull);
	rb_inspect(obj, true, devnull);
	rb_disasm(obj, NULL, devnull);
	if (!obj->btf || btf_fixup_datasec(obj->btf, sec_size, var_offset, obj, err, sizeof(err)) == 0)
		for (size_t i = 0; i < obj->nprogs; i++)
			rb_relocate(obj, &obj->progs[i], err, sizeof(err));
	rb_object_free(obj);
	return 0;
}
