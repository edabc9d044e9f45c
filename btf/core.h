/* btf/core.h — resolve one CO-RE relocation against the target kernel's BTF.
 *
 * clang records, for each instruction whose immediate or offset depends on a
 * kernel type layout, a struct bpf_core_relo (include/uapi/linux/bpf.h) in
 * .BTF.ext: the local (object) type id, an access string ("0:1:2": array
 * index into the root, then member or element indexes) and a kind (enum
 * bpf_core_relo_kind, all 13 handled). Resolution:
 *
 *   1. Walk the access string through the local type: the field's local bit
 *      offset, size and the chain of member names (anonymous members and
 *      array indexes included).
 *   2. Candidates: target types of the same kind whose essential name equals
 *      the local one. The essential name drops a "___flavor" suffix, so
 *      `struct task_struct___old` matches the kernel's `task_struct`.
 *   3. Each candidate is walked by member name (looking through anonymous
 *      structs/unions) with compatible field types; ones that do not fit are
 *      dropped. All surviving candidates must give the same value, or the
 *      relocation is ambiguous (an error).
 *   4. None survived: existence kinds and type relocations give 0 (the
 *      size and target id of a type the kernel lacks are 0); field and enum
 *      value kinds give a poison result (the instruction is made to fail
 *      verification if reached, see insn/core.h).
 *
 * Nothing here touches instructions; insn_core_patch() applies the result.
 */
#ifndef RAWBPF_BTF_CORE_H
#define RAWBPF_BTF_CORE_H

#include <linux/bpf.h>
#include "btf/btf.h"

#define BTF_CORE_MAX_ACCESS 64

struct btf_core_res {
	uint32_t kind;          /* enum bpf_core_relo_kind */
	bool poison;            /* no candidate fits: poison the instruction.
				 * Never for type relocations (TYPE_*), which
				 * then give 0 as libbpf's do */
	uint64_t orig;          /* the value clang wrote (computed from local BTF) */
	/* false for bitfield offset/size/shift kinds: clang picks the load
	 * from the IR storage unit, which BTF does not record, so the
	 * instruction's current value cannot be predicted; the four values
	 * computed here are consistent with each other instead. */
	bool validate;
	uint64_t val;           /* the value for the target kernel */
	/* FIELD_BYTE_OFFSET of a non-bitfield: the size a load/store of the
	 * field uses (an array field: its element's) in the local and target
	 * BTF. A load/store of orig_sz bytes becomes new_sz bytes. Only
	 * pointers and unsigned integers may change size (the zero-extending
	 * load keeps the value); for any other field whose size changed
	 * (signed integers, enums, floats, structs, arrays) size_ok = false
	 * and insn_core_patch() poisons the load/store. */
	uint32_t orig_sz, new_sz;
	bool size_ok;
	uint32_t target_id;     /* the matched target type, 0 if none */
	char desc[192];         /* in source terms: "task_struct.real_parent",
				 * "struct sk_buff", "enum bpf_map_type::BPF_MAP_TYPE_HASH" */
	char target[128];       /* the target type as C with its id:
				 * "struct task_struct [142]" or "(none)" */
};

/* Human name of a relocation kind: "field byte offset", "type exists"... */
const char *btf_core_kind_str(uint32_t kind);

/* Resolve relo against target. Returns 0 with *res filled (possibly poison),
 * or a negative errno for a malformed record (type id, access string, kind)
 * or an ambiguous match, with a message naming the relocation. */
int btf_core_resolve(const struct btf *local, const struct btf *target,
		     const struct bpf_core_relo *relo, struct btf_core_res *res,
		     char *err, size_t errlen);

/* Length of the essential name: "task_struct___old" -> 11. */
size_t btf_core_essential_len(const char *name);

#endif
