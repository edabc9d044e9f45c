/* Plan the programs: every function symbol in an executable section. A
 * section other than .text may hold several programs; each gets the type and
 * attach point its section name gives (secdef.c). Functions in .text are
 * subprograms: they are never loaded alone, but copied into every program
 * that calls them (relocate.c). */
#include "loader/plan/object.h"
#include "common/util.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int plan_function(struct rb_object *obj, const struct elf_section *s,
		     const struct elf_symbol *y, struct plan_func *fn,
		     char *err, size_t errlen)
{
	const size_t isz = sizeof(struct bpf_insn);

	if (y->value % isz || y->size % isz || y->size == 0 ||
	    y->value > s->size || y->size > s->size - y->value)
		return errorf(err, errlen, -EINVAL,
			       "section %s: function %s at offset %llu, size %llu: not whole instructions inside the section (%llu bytes)",
			       s->name, y->name, (unsigned long long)y->value,
			       (unsigned long long)y->size, (unsigned long long)s->size);
	fn->name = y->name;
	fn->sec = s->index;
	fn->sec_name = s->name;
	fn->off = y->value / isz;
	fn->cnt = y->size / isz;
	fn->insns = (const struct bpf_insn *)(s->data + y->value);
	return 0;
}

int plan_programs(struct rb_object *obj, char *err, size_t errlen)
{
	for (size_t i = 0; i < obj->elf.nsec; i++) {
		const struct elf_section *s = &obj->elf.secs[i];
		bool text = strcmp(s->name, ".text") == 0;

		if (s->type != SHT_PROGBITS || !(s->flags & SHF_EXECINSTR) || s->size == 0)
			continue;
		if (s->size % sizeof(struct bpf_insn))
			return errorf(err, errlen, -EINVAL,
				       "section %s: %llu bytes, not a whole number of 8-byte instructions",
				       s->name, (unsigned long long)s->size);
		/* Functions point into the file bytes as struct bpf_insn arrays. */
		if ((uintptr_t)s->data % _Alignof(struct bpf_insn))
			return errorf(err, errlen, -EINVAL,
				       "section %s: instructions at file offset %llu are not %zu-byte aligned",
				       s->name, (unsigned long long)s->offset,
				       _Alignof(struct bpf_insn));
		for (size_t k = 0; k < obj->elf.nsym; k++) {
			const struct elf_symbol *y = &obj->elf.syms[k];
			struct plan_func *fn;
			int ret;

			if (y->shndx != i || y->type != STT_FUNC)
				continue;
			if (text) {
				fn = array_push(&obj->subs, &obj->nsubs, sizeof(*fn));
			} else {
				struct plan_prog *p = array_push(&obj->progs, &obj->nprogs, sizeof(*p));

				if (!p)
					return errorf(err, errlen, -ENOMEM, "out of memory");
				p->fd = -1;
				plan_secdef(s->name, p);
				fn = &p->fn;
			}
			if (!fn)
				return errorf(err, errlen, -ENOMEM, "out of memory");
			ret = plan_function(obj, s, y, fn, err, errlen);
			if (ret)
				return ret;
		}
	}
	return 0;
}
