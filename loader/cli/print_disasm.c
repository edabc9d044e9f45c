/* `rawbpf disasm`: each function's instructions as llvm-objdump writes them,
 * with what each relocation points at, and the C source line above the
 * instructions it produced (from .BTF.ext line_info). */
#include "loader/cli/print_disasm.h"
#include "loader/cli/print_plan.h"
#include "insn/insn.h"
#include "loader/load/core.h"
#include "common/util.h"

#include <stdlib.h>

#include <errno.h>
#include <string.h>

/* The line_info record for instruction i of section sec, or NULL. */
static const struct bpf_line_info *line_at(const struct rb_object *obj, size_t sec, uint32_t i)
{
	const struct btf_ext_sec *ls;

	if (!obj->ext)
		return NULL;
	ls = btf_ext_find(obj->ext->line, obj->ext->nline, obj->elf.secs[sec].name);
	for (uint32_t k = 0; ls && k < ls->nrec; k++) {
		const struct bpf_line_info *l = (const void *)(ls->recs + (size_t)k * ls->rec_size);

		if (l->insn_off == i * sizeof(struct bpf_insn))
			return l;
	}
	return NULL;
}

static const struct plan_reloc *reloc_at(const struct plan_func *fn, uint32_t i)
{
	for (size_t k = 0; k < fn->nrelocs; k++)
		if (fn->relocs[k].insn == i)
			return &fn->relocs[k];
	return NULL;
}

static void disasm_func(const struct rb_object *obj, const struct plan_func *fn,
			const struct bpf_insn *insns, const char *what, FILE *f)
{
	char text[128], target[256];

	fprintf(f, "%s %s, section %s, %u instructions\n", what, fn->name, fn->sec_name, fn->cnt);
	for (uint32_t i = 0; i < fn->cnt;) {
		const struct bpf_line_info *l = line_at(obj, fn->sec, fn->off + i);
		const struct plan_reloc *r = reloc_at(fn, fn->off + i);
		int n;

		if (l) {
			const char *src = btf_str(obj->btf, l->line_off);
			const char *file = btf_str(obj->btf, l->file_name_off);
			const char *base = file && strrchr(file, '/') ? strrchr(file, '/') + 1 : file;

			if (src && *src)
				fprintf(f, "; %s  [%s:%u]\n", src, base ? base : "?",
					BPF_LINE_INFO_LINE_NUM(l->line_col));
		}
		n = insn_disasm(insns, fn->cnt, i, text, sizeof(text));
		if (n <= 0) {
			fprintf(f, "%6u: <invalid instruction, code %#x>\n", i, insns[i].code);
			n = 1;
		} else if (r) {
			cli_reloc_target(obj, r, target, sizeof(target));
			fprintf(f, "%6u: %-40s ; %s\n", i, text, target);
		} else {
			fprintf(f, "%6u: %s\n", i, text);
		}
		i += n;
	}
	fputc('\n', f);
}

/* With kernel BTF: the instructions as CO-RE leaves them for this kernel. */
static int show(struct rb_object *obj, const struct plan_func *fn, const char *what, bool core,
		FILE *f, char *err, size_t errlen)
{
	struct bpf_insn *copy;
	int ret;

	if (!core) {
		disasm_func(obj, fn, fn->insns, what, f);
		return 0;
	}
	copy = malloc(fn->cnt * sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, fn->insns, fn->cnt * sizeof(*copy));
	ret = load_core_apply(obj, fn->name, fn, copy, err, errlen);
	if (!ret)
		disasm_func(obj, fn, copy, what, f);
	free(copy);
	return ret;
}

int cli_disasm(struct rb_object *obj, const char *prog, const char *kernel_btf, FILE *f,
	      char *err, size_t errlen)
{
	bool found = false, core = kernel_btf != NULL;
	int ret = 0;

	obj->kernel_btf_path = kernel_btf;
	for (size_t i = 0; i < obj->nprogs + obj->nsubs && !ret; i++) {
		bool sub = i >= obj->nprogs;
		const struct plan_func *fn = cli_func(obj, i);

		if (prog && strcmp(prog, fn->name) != 0)
			continue;
		ret = show(obj, fn, sub ? "subprogram" : "program", core, f, err, errlen);
		found = true;
	}
	if (ret)
		return ret;
	return found ? 0 : errorf(err, errlen, -ENOENT, "disasm: no program or subprogram named %s", prog);
}
