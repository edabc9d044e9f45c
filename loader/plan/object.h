/* loader/plan/object.h — the plan: everything the kernel will be asked,
 * built from the ELF and BTF before the first syscall (so `inspect` and
 * `--dry-run` need no root). The phases that follow (loader/load/,
 * loader/run/) fill in the kernel side: fds, ids, links.
 *
 * Internal to rawbpf; C programs use the opaque handles of rawbpf.h.
 */
#ifndef RAWBPF_OBJECT_H
#define RAWBPF_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/bpf.h>

#include "elf/elf.h"
#include "btf/btf.h"
#include "common/err.h"


/* How a program is attached, from its section name (secdef.c). */
enum plan_attach {
	PLAN_ATTACH_NONE,        /* loaded only (xdp, tc, socket, ...) */
	PLAN_ATTACH_TRACEPOINT,  /* target "CAT/NAME" */
	PLAN_ATTACH_KPROBE,      /* target "FUNC[+OFF]"; retprobe for kretprobe */
	PLAN_ATTACH_KSYSCALL,    /* target "NAME": the kernel's syscall wrapper */
	PLAN_ATTACH_UPROBE,      /* target "PATH:SYMBOL[+OFF]" */
	PLAN_ATTACH_RAW_TP,      /* target "NAME" */
	PLAN_ATTACH_TRACING,     /* tp_btf/fentry/fexit/fmod_ret/lsm/iter: BTF id at load */
	PLAN_ATTACH_PERF_EVENT,  /* --sample EVENT:FREQ on every CPU */
	PLAN_ATTACH_XDP,         /* each --dev IFNAME: a BPF_XDP link */
	PLAN_ATTACH_TC,          /* each --dev IFNAME, ingress or egress (egress) */
	PLAN_ATTACH_CGROUP,      /* --cgroup PATH (the cgroup2 root): expected_attach_type */
	PLAN_ATTACH_KPROBE_MULTI, /* target: a glob over available_filter_functions */
	PLAN_ATTACH_UPROBE_MULTI, /* target "PATH:GLOB" over PATH's function symbols */
	PLAN_ATTACH_STRUCT_OPS,  /* runs once its .struct_ops variable is registered */
};
/* plan_prog.prog_flags: BPF_F_XDP_HAS_FRAGS (5.18), not in the 6.1 headers
 * under every libc; include/uapi/linux/bpf.h. */
#define PLAN_F_XDP_HAS_FRAGS (1u << 5)

enum plan_reloc_kind {
	PLAN_RELOC_MAP,      /* ld_imm64 of a map: BPF_PSEUDO_MAP_FD */
	PLAN_RELOC_GLOBAL,   /* ld_imm64 of a global: BPF_PSEUDO_MAP_VALUE + off */
	PLAN_RELOC_CALL,     /* call of a subprogram: BPF_PSEUDO_CALL */
	PLAN_RELOC_FUNC,     /* ld_imm64 of a function address: BPF_PSEUDO_FUNC */
	PLAN_RELOC_KCONFIG,  /* ld_imm64 of a .kconfig extern: the .kconfig map value */
	PLAN_RELOC_KSYM,     /* ld_imm64 of a .ksyms variable, or a kfunc call */
};

struct plan_reloc {
	enum plan_reloc_kind kind;
	uint32_t insn;          /* instruction index inside its section */
	const char *sym;        /* the ELF symbol named by the relocation */
	int map;                /* PLAN_RELOC_MAP/GLOBAL/KCONFIG: index in obj->maps */
	uint32_t off;           /* GLOBAL/KCONFIG: byte offset in the map value */
	size_t target_sec;      /* CALL/FUNC: section of the callee */
	uint32_t target_insn;   /* CALL/FUNC: callee instruction index in target_sec */
};

/* A function in an executable section: a program (its own section) or a
 * subprogram (in .text, copied into each program that reaches it). */
struct plan_func {
	const char *name;
	size_t sec;             /* ELF section index */
	const char *sec_name;
	uint32_t off, cnt;      /* first instruction and count inside the section */
	const struct bpf_insn *insns; /* into the file: cnt instructions */
	struct plan_reloc *relocs;
	size_t nrelocs;
};

struct plan_prog {
	struct plan_func fn;
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	enum plan_attach attach;
	const char *attach_kind; /* the section prefix: "tracepoint", "kprobe", ... */
	char *target;           /* what to attach to (see enum plan_attach), or NULL */
	bool retprobe;
	bool sleepable;
	bool egress;            /* tc: the egress hook */
	uint32_t prog_flags;    /* BPF_PROG_LOAD flags the section asks for */
	/* Filled by later stages. */
	struct bpf_insn *insns; /* after relocation: program + its subprograms */
	size_t ninsns;
	void *func_info, *line_info;
	uint32_t nfunc_info, nline_info;
	uint32_t attach_btf_id;
	const char *st_ops_type, *st_ops_member; /* struct_ops: what it implements */
	int fd;
	uint32_t id;
	bool skip;              /* --only/--skip: neither loaded nor attached */
	char *not_loaded;       /* why it was not loaded (no target; refused under
	                         * --keep-going), malloc'd; NULL when loaded or skipped */
};

enum plan_map_origin {
	PLAN_MAP_LEGACY,          /* struct bpf_map_def in the "maps" section */
	PLAN_MAP_BTF,             /* a variable in ".maps" described by BTF */
	PLAN_MAP_GLOBAL,          /* .data, .rodata, .bss, .data.*, .rodata.* */
	PLAN_MAP_KCONFIG,         /* .kconfig externs */
};

struct plan_map {
	char *name;             /* the variable name, or the section name for globals */
	char kname[BPF_OBJ_NAME_LEN]; /* the name the kernel gets */
	enum plan_map_origin origin;
	size_t sec;             /* ELF section of the definition or the data */
	uint64_t sec_off;       /* offset of the definition inside sec */
	uint32_t type, key_size, value_size, max_entries, map_flags;
	uint32_t numa_node, pinning;
	uint64_t map_extra;
	uint32_t btf_key_type_id, btf_value_type_id;
	uint32_t def_type_id;   /* BTF maps: the struct type that defines the map */
	int inner;              /* index of the inner map template, or -1 */
	bool is_inner;          /* a template only: created for the outer map */
	/* Initial slots of a prog array or map-in-map ("values" in .maps). */
	struct plan_slot { uint32_t index; const char *target; } *slots;
	size_t nslots;
	/* Globals: the value the map is created with, then set with --set. */
	uint8_t *data;
	size_t data_size;
	bool readonly;          /* .rodata*: frozen after the initial value */
	bool unused;            /* a data section no instruction refers to: not created */
	/* Filled by later stages. */
	int fd;
	uint32_t id;
	bool reused;            /* taken from a pin instead of created */
};

/* A global variable: one place in a data section's map value. */
struct plan_var {
	const char *name;
	int map;                /* obj->maps index of its section's map */
	uint32_t off, size;
	uint32_t type_id;       /* BTF type, 0 without BTF */
	bool is_const;          /* const volatile in .rodata: a load-time knob */
};

/* An extern the object declares: __kconfig values and __ksym symbols. */
enum plan_extern_kind { PLAN_EXT_KCONFIG, PLAN_EXT_KSYM_TYPED, PLAN_EXT_KSYM_TYPELESS, PLAN_EXT_KFUNC };
struct plan_extern {
	const char *name;
	enum plan_extern_kind kind;
	bool weak;              /* may be missing: 0 (or an unreachable call) */
	uint32_t off, size;     /* .kconfig: place in the .kconfig map value */
	uint32_t type_id;       /* local BTF type of the value */
	uint64_t addr;          /* typeless __ksym: from /proc/kallsyms */
};

/* A variable of .struct_ops or .struct_ops.link: one structure of function
 * pointers to register (a BPF_MAP_TYPE_STRUCT_OPS map, loader/run/
 * attach_structops.c). Its initial bytes are the section's; each program
 * that fills a member is listed with the member's name. */
struct plan_struct_ops {
	const char *name;       /* the variable: the map's name */
	const char *type;       /* its struct in the object's BTF (tcp_congestion_ops) */
	uint32_t type_id;
	const uint8_t *data;    /* size bytes into the file; NULL for SHT_NOBITS */
	uint32_t size;
	bool link;              /* .struct_ops.link: registered by a BPF_STRUCT_OPS link */
	struct plan_st_prog { const char *member; size_t prog; } *progs;
	size_t nprogs;
};

/* A CO-RE relocation record, kept in the plan for inspect and load. */
struct btf_core_res;
struct api_state;
struct load_kbtf;

struct plan_core {
	size_t sec;
	uint32_t insn;          /* instruction index inside sec */
	struct bpf_core_relo rec;
};

struct rb_object {
	char *path;
	uint8_t *buf;           /* the whole file, owned */
	size_t len;
	struct elf_file elf;
	struct btf *btf;        /* NULL when the object has no .BTF */
	struct btf_ext *ext;    /* NULL when it has no .BTF.ext */
	char license[128];
	uint32_t kern_version;  /* from the "version" section, 0 if none */

	struct plan_prog *progs;
	size_t nprogs;
	struct plan_func *subs;   /* functions in .text */
	size_t nsubs;
	struct plan_map *maps;
	size_t nmaps;
	struct plan_var *vars;
	size_t nvars;
	struct plan_core *cores;
	size_t ncores;
	struct plan_extern *externs;
	size_t nexterns;
	struct plan_struct_ops *st_ops;
	size_t nst_ops;
	bool kallsyms_read;

	int btf_fd;
	struct btf_core_res *core_res; /* per CO-RE record, resolved at load */
	FILE *core_explain;     /* --explain: each CO-RE result */
	struct load_kbtf *kbtf; /* the kernel's BTF: read on first use and freed
	                         * by loader/load/ (kbtf.c, load_release) */
	const char *kernel_btf_path; /* --btf FILE, or NULL for the default */
	char *log;              /* the verifier's log of the last refusal */
	bool refused;           /* the last error was the kernel's refusal */
	struct api_state *api;     /* the C API's state (loader/rawbpf.c), or NULL */
};

/* Build the plan from buf, a malloc'd copy of the file, which it takes over
 * (freed by plan_free, or here on error). path names the file in messages. */
int plan_parse(struct rb_object **out, const char *path, uint8_t *buf,
		    size_t len, char *err, size_t errlen);
void plan_free(struct rb_object *obj);
/* Read the file at path and build its plan. Messages start with the stage
 * that failed: "read: ...", "elf: ...", "maps: ...". */
int plan_open(struct rb_object **out, const char *path, char *err, size_t errlen);

/* Stages of the plan, in the order plan_parse runs them (after reading the
 * ELF sections and symbols), each in its own file. */
int plan_btf(struct rb_object *obj, char *err, size_t errlen);       /* plan.c: types, func/line info, CO-RE records, the BTF fix-up */
int plan_license(struct rb_object *obj, char *err, size_t errlen);   /* plan.c */
int plan_maps(struct rb_object *obj, char *err, size_t errlen);      /* maps.c: legacy "maps", BTF ".maps" */
int plan_globals(struct rb_object *obj, char *err, size_t errlen);   /* globals.c: a map per data section */
/* plan_kconfig (externs.c, declared in externs.h): the .kconfig map */
int plan_programs(struct rb_object *obj, char *err, size_t errlen);  /* programs.c */
int plan_relocs(struct rb_object *obj, char *err, size_t errlen);    /* relocs.c */
int plan_struct_ops(struct rb_object *obj, char *err, size_t errlen); /* structops.c */


/* Section name -> program type and attach point (secdef.c). Returns false for
 * names it does not know. */
bool plan_secdef(const char *sec, struct plan_prog *p);

/* .data, .rodata, .bss, .data.*, .rodata.*: sections that become global maps. */
bool plan_is_data_section(const char *name);
/* A new one-element array map of size bytes, all zero, for a data section
 * or .kconfig (globals.c); NULL when out of memory. */
struct plan_map *plan_data_map(struct rb_object *obj, const char *name, enum plan_map_origin origin,
			   uint32_t size, bool readonly);

/* Lookups. */
int plan_map_index(const struct rb_object *obj, const char *name);
const struct plan_func *plan_func_at(const struct rb_object *obj, size_t sec, uint32_t insn);
/* A map or program type's name in lower case ("percpu_hash", "kprobe";
 * program type 0: "unknown"), or "type N": a thread's buffer of its own for
 * each of the two, valid until its next call. */
const char *plan_map_type_name(uint32_t type);
const char *plan_prog_type_name(uint32_t type);

#endif
