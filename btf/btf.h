/* btf/ — BTF and BTF.ext: types, map definitions, func/line info, CO-RE records.
 *
 * The kernel ABI followed is include/uapi/linux/btf.h and
 * Documentation/bpf/btf.rst. The input (an object's .BTF, or the kernel's
 * /sys/kernel/btf/vmlinux) is untrusted: every offset, length and type id read
 * from it is checked before use, and no walk recurses on attacker-controlled
 * depth without a limit (BTF_MAX_DEPTH).
 *
 * btf_parse() does not copy the bytes: the caller keeps data alive as long as
 * the struct btf. Only btf_fixup_datasec() makes a private copy, because it
 * changes sizes and offsets that clang leaves for the loader.
 *
 * Errors: 0 or a negative errno, one line in err[errlen] naming the type id,
 * byte offset and what was expected.
 */
#ifndef RAWBPF_BTF_H
#define RAWBPF_BTF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <linux/btf.h>

#define BTF_MAX_DEPTH 32

struct btf;

int btf_parse(const void *data, size_t len, struct btf **out,
	      char *err, size_t errlen);
void btf_free(struct btf *btf);

/* Number of type ids, void (0) included: valid ids are 0 .. n-1. */
uint32_t btf_nr_types(const struct btf *btf);
/* The type with this id; NULL for 0 (void) or out of range. */
const struct btf_type *btf_type(const struct btf *btf, uint32_t id);
/* The string at off in the string section; NULL when off is out of range. */
const char *btf_str(const struct btf *btf, uint32_t off);
/* The type's name, "" for anonymous types and void. */
const char *btf_type_name(const struct btf *btf, uint32_t id);
/* The first type with this name and kind (BTF_KIND_*); -ENOENT. A kind's
 * first lookups scan its types; later ones build and use an index of the
 * kind's names (btf/names.c). */
int64_t btf_find(const struct btf *btf, const char *name, int kind);
/* The type of the VAR named var in DATASEC ds (NULL: none), modifiers not
 * skipped; 0 when there is none. Of several of that name, the last. */
uint32_t btf_datasec_var(const struct btf *btf, const struct btf_type *ds, const char *var);
/* The index of struct or union t's first member named name, or -1. */
int btf_member_index(const struct btf *btf, const struct btf_type *t, const char *name);

/* Follow typedef, const, volatile, restrict and type_tag to the real type. */
uint32_t btf_skip_mods(const struct btf *btf, uint32_t id);
/* Size in bytes of a type (arrays multiplied out, typedefs followed);
 * negative errno for void, functions or malformed chains. */
int64_t btf_type_size(const struct btf *btf, uint32_t id);
/* The type written as C: "struct event", "unsigned int", "char[16]", "u64 *". */
int btf_type_str(const struct btf *btf, uint32_t id, char *buf, size_t len);

/* Accessors for the records that follow a struct btf_type. */
static inline uint16_t btf_kind(const struct btf_type *t) { return BTF_INFO_KIND(t->info); }
static inline uint16_t btf_vlen(const struct btf_type *t) { return BTF_INFO_VLEN(t->info); }
static inline bool btf_kflag(const struct btf_type *t) { return BTF_INFO_KFLAG(t->info); }
static inline const struct btf_member *btf_members(const struct btf_type *t) { return (const struct btf_member *)(t + 1); }
static inline const struct btf_param *btf_params(const struct btf_type *t) { return (const struct btf_param *)(t + 1); }
static inline const struct btf_enum *btf_enums(const struct btf_type *t) { return (const struct btf_enum *)(t + 1); }
static inline const struct btf_array *btf_array(const struct btf_type *t) { return (const struct btf_array *)(t + 1); }
static inline const struct btf_var_secinfo *btf_secinfos(const struct btf_type *t) { return (const struct btf_var_secinfo *)(t + 1); }
static inline const struct btf_var *btf_var(const struct btf_type *t) { return (const struct btf_var *)(t + 1); }
/* Member bit offset and bitfield size, whatever kflag says. */
uint32_t btf_member_bit_offset(const struct btf_type *t, uint32_t i);
uint32_t btf_member_bitfield_size(const struct btf_type *t, uint32_t i);

/* DATASEC fix-up: clang leaves a DATASEC's size and its variables' offsets at
 * 0; the loader knows them from the ELF section and symbols. For every DATASEC
 * whose size is 0, sec_size(ctx, name) gives the section size and
 * var_offset(ctx, section, var) each variable's offset (both return <0 when
 * unknown: an error naming the DATASEC and variable). Also turns the linkage of
 * extern variables and functions into forms the kernel accepts. */
int btf_fixup_datasec(struct btf *btf,
		      int64_t (*sec_size)(void *ctx, const char *sec),
		      int64_t (*var_offset)(void *ctx, const char *sec, const char *var),
		      void *ctx, char *err, size_t errlen);
/* Make FUNC id static (BTF_FUNC_STATIC): the verifier checks a global
 * function on its own, from its prototype alone, and a static one in the
 * context of each call; a hidden (STV_HIDDEN) function is static to the
 * loaded program. Makes the private copy if there is none yet. */
int btf_func_set_static(struct btf *btf, uint32_t id);
/* The raw bytes to hand to BPF_BTF_LOAD (header + types + strings). */
const void *btf_raw(const struct btf *btf, size_t *len);

/* A BTF-defined map (a variable in the .maps DATASEC, see libbpf's __uint,
 * __type, __array conventions: int (*name)[N] for numbers, T *name for types).
 * Bit n is the n-th member name of mapdef.c's list. */
#define BTF_MAP_TYPE        (1u << 0)
#define BTF_MAP_MAX_ENTRIES (1u << 1)
#define BTF_MAP_FLAGS       (1u << 2)
#define BTF_MAP_KEY_SIZE    (1u << 3)
#define BTF_MAP_VALUE_SIZE  (1u << 4)
#define BTF_MAP_NUMA_NODE   (1u << 5)
#define BTF_MAP_PINNING     (1u << 6)
#define BTF_MAP_EXTRA       (1u << 7)
#define BTF_MAP_KEY         (1u << 8)
#define BTF_MAP_VALUE       (1u << 9)
#define BTF_MAP_VALUES      (1u << 10)  /* __array(values, ...) */

struct btf_map_def {
	uint32_t set;                  /* BTF_MAP_* present in the definition */
	uint32_t type, max_entries, map_flags, numa_node, pinning;
	uint64_t map_extra;
	uint32_t key_size, value_size; /* from key_size/value_size or key/value types */
	uint32_t key_type_id, value_type_id; /* 0 when given only as sizes */
	/* __array(values, struct inner): the inner map's definition (map-in-map),
	 * or for a prog array, values_is_prog = true. nr_values is the array's
	 * declared length (initial slots, filled from .rel.maps). */
	bool has_inner, values_is_prog;
	uint32_t nr_values;
	uint32_t inner_type, inner_max_entries, inner_map_flags;
	uint32_t inner_key_size, inner_value_size, inner_key_type_id, inner_value_type_id;
};
/* Decode the map whose VAR has type var_type (a struct). Unknown members are
 * an error naming them. */
int btf_map_def_decode(const struct btf *btf, uint32_t var_type,
		       struct btf_map_def *def, char *err, size_t errlen);

/* Print a value of type id as "a=1 b=foo" (json: {"a":1,"b":"foo"}): structs
 * flattened one level with nested structs in braces, char arrays as strings,
 * integers in decimal, pointers in hex, enums by name. Output is always
 * terminated; returns the length that was needed (like snprintf) or -errno:
 * -E2BIG when the type needs more than 2^16 fields, elements and enumerators
 * visited (what was printed so far stays in buf). */
int btf_format(const struct btf *btf, uint32_t id, const void *data, size_t size,
	       bool json, char *buf, size_t len);

/* .BTF.ext: per-section func_info, line_info and CO-RE relocation records. */
struct btf_ext_sec {
	const char *sec_name;  /* the ELF section the records describe */
	uint32_t nrec;
	uint32_t rec_size;     /* >= the kernel struct's size; records may be larger */
	const uint8_t *recs;   /* nrec * rec_size bytes; insn_off is in bytes */
};
struct btf_ext {
	struct btf_ext_sec *func, *line, *core;
	uint32_t nfunc, nline, ncore;
	uint32_t func_rec_size, line_rec_size, core_rec_size;
};
/* Parse .BTF.ext; strings (section names, file names, access strings) are
 * looked up and checked in btf. */
int btf_ext_parse(const void *data, size_t len, const struct btf *btf,
		  struct btf_ext **out, char *err, size_t errlen);
void btf_ext_free(struct btf_ext *ext);
/* The records for one section, or NULL. */
const struct btf_ext_sec *btf_ext_find(const struct btf_ext_sec *secs, uint32_t n,
				       const char *sec_name);

#endif
