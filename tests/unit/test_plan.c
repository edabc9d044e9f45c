/* The plan (loader/object): what plan_open finds in the objects the
 * project builds, section names -> program types (plan_secdef), and --set
 * (plan_set_global). No kernel.
 *
 * Instruction counts are not hard-coded (they change with clang's version):
 * the oracle is the ELF symbol of each function, whose st_size / 8 is its
 * instruction count and st_value / 8 its first instruction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader/plan/object.h"
#include "bpf/sys.h"
#include "loader/plan/set.h"
#include "tests/unit/btf_builder.h"
#include "tests/unit/objects.h"

#define BPF_LD_IMM64 (BPF_LD | BPF_DW | BPF_IMM)
#define BPF_CALL_INSN (BPF_JMP | BPF_CALL)

/* ---- helpers ---- */

static struct rb_object *open_obj(const char *rel)
{
	const char *o = getenv("O") ? getenv("O") : "build";
	char path[256], err[ERR_LEN];
	struct rb_object *obj = NULL;

	snprintf(path, sizeof(path), "%s/%s", o, rel);
	if (plan_open(&obj, path, err, sizeof(err)))
		fail_msg("plan_open %s: %s", path, err);
	assert_non_null(obj);
	return obj;
}

static const struct plan_prog *prog(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].fn.name, name))
			return &obj->progs[i];
	fail_msg("%s: no program %s", obj->path, name);
	return NULL;
}

static const struct plan_func *sub(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nsubs; i++)
		if (!strcmp(obj->subs[i].name, name))
			return &obj->subs[i];
	fail_msg("%s: no subprogram %s", obj->path, name);
	return NULL;
}

static const struct plan_map *map(const struct rb_object *obj, const char *name)
{
	int i = plan_map_index(obj, name);

	if (i < 0)
		fail_msg("%s: no map %s", obj->path, name);
	assert_true((size_t)i < obj->nmaps);
	assert_string_equal(obj->maps[i].name, name);
	return &obj->maps[i];
}

static const struct plan_var *var(const struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nvars; i++)
		if (!strcmp(obj->vars[i].name, name))
			return &obj->vars[i];
	fail_msg("%s: no global variable %s", obj->path, name);
	return NULL;
}

static const char *sec_name(const struct rb_object *obj, size_t sec)
{
	assert_true(sec < obj->elf.nsec);
	return obj->elf.secs[sec].name;
}

static const char *type_str(const struct rb_object *obj, uint32_t id)
{
	static char buf[128]; /* test-only scratch */

	assert_non_null(obj->btf);
	assert_int_equal(btf_type_str(obj->btf, id, buf, sizeof(buf)) < 0, 0);
	return buf;
}

/* The function's symbol agrees with its place and size in the plan. */
static void check_func_symbol(const struct rb_object *obj, const struct plan_func *fn)
{
	for (size_t i = 0; i < obj->elf.nsym; i++) {
		const struct elf_symbol *s = &obj->elf.syms[i];

		if (s->type != STT_FUNC || s->shndx != fn->sec || strcmp(s->name, fn->name))
			continue;
		if (fn->off != s->value / 8 || fn->cnt != s->size / 8)
			fail_msg("%s: %s: plan says insns %u..+%u, symbol says %llu..+%llu",
				 obj->path, fn->name, fn->off, fn->cnt,
				 (unsigned long long)s->value / 8, (unsigned long long)s->size / 8);
		assert_true(fn->cnt > 0);
		assert_ptr_equal(fn->insns, (const struct bpf_insn *)obj->elf.secs[fn->sec].data + fn->off);
		assert_string_equal(fn->sec_name, sec_name(obj, fn->sec));
		return;
	}
	fail_msg("%s: no STT_FUNC symbol for %s", obj->path, fn->name);
}

/* fn's relocation of this kind whose target (map, variable, callee) is named so. */
static const struct plan_reloc *reloc(const struct plan_func *fn, enum plan_reloc_kind kind,
				    const char *target_name, const struct rb_object *obj)
{
	for (size_t i = 0; i < fn->nrelocs; i++) {
		const struct plan_reloc *r = &fn->relocs[i];
		const char *t = NULL;

		if (r->kind != kind)
			continue;
		switch (kind) {
		case PLAN_RELOC_MAP:
			t = obj->maps[r->map].name;
			break;
		case PLAN_RELOC_GLOBAL:
			for (size_t v = 0; v < obj->nvars; v++)
				if (obj->vars[v].map == r->map && obj->vars[v].off == r->off)
					t = obj->vars[v].name;
			break;
		case PLAN_RELOC_CALL:
		case PLAN_RELOC_FUNC: {
			const struct plan_func *callee = plan_func_at(obj, r->target_sec, r->target_insn);

			t = callee ? callee->name : NULL;
			break;
		}
		default:
			t = r->sym;
		}
		if (t && !strcmp(t, target_name))
			return r;
	}
	fail_msg("%s: %s: no %d relocation to %s", obj->path, fn->name, kind, target_name);
	return NULL;
}

/* The instruction a relocation names is the kind it must be. */
static uint8_t reloc_code(const struct plan_func *fn, const struct plan_reloc *r)
{
	assert_true(r->insn >= fn->off && r->insn < fn->off + fn->cnt);
	return fn->insns[r->insn - fn->off].code;
}

/* ---- plan_mix: legacy + BTF maps, all globals, two programs per section ---- */

static void test_plan_mix_programs(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/plan_mix.bpf.o");
	const struct plan_prog *first = prog(obj, "first"), *second = prog(obj, "second");
	const struct elf_section *s;

	assert_int_equal(obj->nprogs, 2);
	assert_string_equal(obj->license, "GPL");
	assert_non_null(obj->btf);
	assert_non_null(obj->ext);
	for (size_t i = 0; i < 2; i++) {
		const struct plan_prog *p = &obj->progs[i];

		assert_int_equal(p->type, BPF_PROG_TYPE_TRACEPOINT);
		assert_int_equal(p->attach, PLAN_ATTACH_TRACEPOINT);
		assert_string_equal(p->attach_kind, "tracepoint");
		assert_string_equal(p->target, "syscalls/sys_enter_getpid");
		assert_string_equal(p->fn.sec_name, "tracepoint/syscalls/sys_enter_getpid");
		assert_false(p->retprobe);
		check_func_symbol(obj, &p->fn);
	}
	/* Two programs share one section and split it between them. */
	assert_int_equal(first->fn.sec, second->fn.sec);
	s = &obj->elf.secs[first->fn.sec];
	assert_int_equal(first->fn.cnt + second->fn.cnt, s->size / 8);
	assert_true(first->fn.off + first->fn.cnt <= second->fn.off ||
		    second->fn.off + second->fn.cnt <= first->fn.off);

	assert_int_equal(obj->nsubs, 2);
	for (size_t i = 0; i < obj->nsubs; i++) {
		assert_string_equal(obj->subs[i].sec_name, ".text");
		check_func_symbol(obj, &obj->subs[i]);
	}
	sub(obj, "add_one");
	sub(obj, "cb");
	plan_free(obj);
}

static void test_plan_mix_maps(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/plan_mix.bpf.o");
	const struct plan_map *m;
	int32_t i32;
	uint64_t zero[1] = { 0 };

	assert_int_equal(obj->nmaps, 6);

	m = map(obj, "legacy_counts");
	assert_int_equal(m->origin, PLAN_MAP_LEGACY);
	assert_string_equal(sec_name(obj, m->sec), "maps");
	assert_int_equal(m->type, BPF_MAP_TYPE_ARRAY);
	assert_int_equal(m->key_size, 4);
	assert_int_equal(m->value_size, 8);
	assert_int_equal(m->max_entries, 4);
	assert_int_equal(m->map_flags, 0);
	assert_int_equal(m->btf_key_type_id, 0);
	assert_int_equal(m->btf_value_type_id, 0);
	assert_string_equal(m->kname, "legacy_counts");

	m = map(obj, "btf_hash");
	assert_int_equal(m->origin, PLAN_MAP_BTF);
	assert_string_equal(sec_name(obj, m->sec), ".maps");
	assert_int_equal(m->type, BPF_MAP_TYPE_HASH);
	assert_int_equal(m->key_size, 4);
	assert_int_equal(m->value_size, 8);
	assert_int_equal(m->max_entries, 128);
	assert_string_equal(type_str(obj, m->btf_key_type_id), "__u32");
	assert_string_equal(type_str(obj, m->btf_value_type_id), "__u64");
	assert_int_equal(m->inner, -1);
	assert_false(m->is_inner);

	/* Globals: one single-entry array per data section, mmapable; .rodata
	 * also read-only for programs, and frozen at load. */
	static const struct { const char *name; uint32_t size; bool ro; } g[] = {
		{ ".data", 4, false }, { ".rodata", 4, true },
		{ ".data.custom", 4, false }, { ".bss", 8, false },
	};
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		m = map(obj, g[i].name);
		assert_int_equal(m->origin, PLAN_MAP_GLOBAL);
		assert_string_equal(sec_name(obj, m->sec), g[i].name);
		assert_int_equal(m->type, BPF_MAP_TYPE_ARRAY);
		assert_int_equal(m->key_size, 4);
		assert_int_equal(m->max_entries, 1);
		assert_int_equal(m->value_size, g[i].size);
		assert_int_equal(m->data_size, g[i].size);
		assert_non_null(m->data);
		assert_int_equal(m->readonly, g[i].ro);
		assert_int_equal(m->map_flags, BPF_F_MMAPABLE | (g[i].ro ? BPF_F_RDONLY_PROG : 0));
		assert_int_not_equal(m->btf_value_type_id, 0); /* the DATASEC */
	}
	/* Initial values from the file; .bss is zeros. */
	memcpy(&i32, map(obj, ".data")->data, 4);
	assert_int_equal(i32, 7);
	memcpy(&i32, map(obj, ".rodata")->data, 4);
	assert_int_equal(i32, 3);
	memcpy(&i32, map(obj, ".data.custom")->data, 4);
	assert_int_equal(i32, 11);
	assert_memory_equal(map(obj, ".bss")->data, zero, 8);
	assert_string_equal(map(obj, ".rodata")->kname, "plan_mix.rodata");
	assert_string_equal(map(obj, ".bss")->kname, "plan_mix.bss");
	plan_free(obj);
}

static void test_plan_mix_vars(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/plan_mix.bpf.o");
	static const struct {
		const char *name, *sec, *type;
		uint32_t off, size;
		bool is_const;
	} want[] = {
		{ "counter", ".data", "int", 0, 4, false },
		{ "knob", ".rodata", "const volatile int", 0, 4, true },
		{ "custom", ".data.custom", "int", 0, 4, false },
		{ "zeroed", ".bss", "long", 0, 8, false },
	};

	assert_int_equal(obj->nvars, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct plan_var *v = var(obj, want[i].name);

		assert_true(v->map >= 0 && (size_t)v->map < obj->nmaps);
		assert_string_equal(obj->maps[v->map].name, want[i].sec);
		assert_int_equal(v->off, want[i].off);
		assert_int_equal(v->size, want[i].size);
		assert_int_equal(v->is_const, want[i].is_const);
		assert_string_equal(type_str(obj, v->type_id), want[i].type);
	}
	plan_free(obj);
}

static void test_plan_mix_relocs(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/plan_mix.bpf.o");
	const struct plan_func *first = &prog(obj, "first")->fn, *second = &prog(obj, "second")->fn;
	const struct plan_func *add_one = sub(obj, "add_one"), *cb = sub(obj, "cb");
	const struct plan_reloc *r;

	assert_int_equal(first->nrelocs, 4);
	r = reloc(first, PLAN_RELOC_MAP, "legacy_counts", obj);
	assert_int_equal(reloc_code(first, r), BPF_LD_IMM64);
	r = reloc(first, PLAN_RELOC_GLOBAL, "custom", obj);
	assert_int_equal(reloc_code(first, r), BPF_LD_IMM64);
	assert_string_equal(obj->maps[r->map].name, ".data.custom");
	assert_int_equal(r->off, 0);
	r = reloc(first, PLAN_RELOC_CALL, "add_one", obj);
	assert_int_equal(reloc_code(first, r), BPF_CALL_INSN);
	assert_int_equal(r->target_sec, add_one->sec);
	assert_int_equal(r->target_insn, add_one->off);
	r = reloc(first, PLAN_RELOC_FUNC, "cb", obj);
	assert_int_equal(reloc_code(first, r), BPF_LD_IMM64);
	assert_int_equal(r->target_sec, cb->sec);
	assert_int_equal(r->target_insn, cb->off);

	assert_int_equal(second->nrelocs, 2);
	r = reloc(second, PLAN_RELOC_MAP, "btf_hash", obj);
	assert_int_equal(reloc_code(second, r), BPF_LD_IMM64);
	r = reloc(second, PLAN_RELOC_CALL, "add_one", obj);
	assert_int_equal(reloc_code(second, r), BPF_CALL_INSN);

	assert_int_equal(add_one->nrelocs, 2);
	r = reloc(add_one, PLAN_RELOC_GLOBAL, "counter", obj);
	assert_string_equal(obj->maps[r->map].name, ".data");
	r = reloc(add_one, PLAN_RELOC_GLOBAL, "knob", obj);
	assert_string_equal(obj->maps[r->map].name, ".rodata");
	assert_int_equal(reloc_code(add_one, r), BPF_LD_IMM64);

	assert_int_equal(cb->nrelocs, 1);
	r = reloc(cb, PLAN_RELOC_GLOBAL, "zeroed", obj);
	assert_string_equal(obj->maps[r->map].name, ".bss");
	plan_free(obj);
}

/* ---- the examples ---- */

struct want_prog {
	const char *name;
	enum bpf_prog_type type;
	enum plan_attach attach;
	const char *target;   /* NULL: none */
	bool retprobe;
};
struct want_map {
	const char *name;
	enum plan_map_origin origin;
	uint32_t type;
};
static const struct {
	const char *file;
	struct want_prog progs[3];
	struct want_map maps[6];
	const char *subs[4];
} examples[] = {
	{ "examples/bootstrap.bpf.o",
	  { { "on_exec", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "sched/sched_process_exec", 0 },
	    { "on_exit", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "sched/sched_process_exit", 0 } },
	  { { "exec_time", PLAN_MAP_BTF, BPF_MAP_TYPE_HASH }, { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF },
	    { ".rodata", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY }, { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/exec_perf.bpf.o",
	  { { "exec_perf", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_enter_execve", 0 } },
	  { { "exec_events", PLAN_MAP_LEGACY, BPF_MAP_TYPE_PERF_EVENT_ARRAY },
	    { ".rodata", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY }, { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/execsnoop.bpf.o",
	  { { "handle_execve", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_enter_execve", 0 } },
	  { { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF }, { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/globals.bpf.o",
	  { { "globals", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_enter_execve", 0 },
	    { "globals_exit", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_exit_execve", 0 } },
	  { { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF }, { ".rodata", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY },
	    { ".data", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY }, { ".data.custom", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY },
	    { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/kprobe_count.bpf.o",
	  { { "count_execve", BPF_PROG_TYPE_KPROBE, PLAN_ATTACH_KPROBE, "__x64_sys_execve", 0 } },
	  { { "exec_count", PLAN_MAP_LEGACY, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/pidfilter.bpf.o",
	  { { "pidfilter", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_enter_write", 0 } },
	  { { "watch_pid", PLAN_MAP_BTF, BPF_MAP_TYPE_ARRAY }, { "write_count", PLAN_MAP_BTF, BPF_MAP_TYPE_ARRAY },
	    { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF }, { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/profile.bpf.o",
	  { { "profile", BPF_PROG_TYPE_PERF_EVENT, PLAN_ATTACH_PERF_EVENT, NULL, 0 } },
	  { { "samples", PLAN_MAP_BTF, BPF_MAP_TYPE_HASH } },
	  { NULL } },
	{ "examples/rawtp.bpf.o",
	  { { "rawtp_exec", BPF_PROG_TYPE_RAW_TRACEPOINT, PLAN_ATTACH_RAW_TP, "sched_process_exec", 0 } },
	  { { "exec_stats", PLAN_MAP_BTF, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/ringbuf.bpf.o",
	  { { "ringbuf_enter", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_enter_execve", 0 },
	    { "ringbuf_exit", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_exit_execve", 0 } },
	  { { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF }, { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/subprog.bpf.o",
	  { { "on_exec_enter", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_enter_execve", 0 },
	    { "on_exec_exit", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "syscalls/sys_exit_execve", 0 } },
	  { { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF }, { "call_count", PLAN_MAP_BTF, BPF_MAP_TYPE_ARRAY },
	    { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { "report_exec", "bump", "add_index", NULL } },
	{ "examples/syscount.bpf.o",
	  { { "syscount", BPF_PROG_TYPE_TRACEPOINT, PLAN_ATTACH_TRACEPOINT, "raw_syscalls/sys_enter", 0 } },
	  { { "syscalls", PLAN_MAP_BTF, BPF_MAP_TYPE_PERCPU_HASH } },
	  { NULL } },
	{ "examples/tpbtf.bpf.o",
	  { { "tpbtf_exec", BPF_PROG_TYPE_TRACING, PLAN_ATTACH_TRACING, "sched_process_exec", 0 } },
	  { { "exec_stats", PLAN_MAP_BTF, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
	{ "examples/uprobe.bpf.o",
	  { { "add_entry", BPF_PROG_TYPE_KPROBE, PLAN_ATTACH_UPROBE,
	      "build/examples/uprobe_target:rawbpf_target_add", 0 },
	    { "add_return", BPF_PROG_TYPE_KPROBE, PLAN_ATTACH_UPROBE,
	      "build/examples/uprobe_target:rawbpf_target_add", 1 } },
	  { { "events", PLAN_MAP_BTF, BPF_MAP_TYPE_RINGBUF }, { ".bss", PLAN_MAP_GLOBAL, BPF_MAP_TYPE_ARRAY } },
	  { NULL } },
};

static void test_examples(void **state)
{
	for (size_t e = 0; e < sizeof(examples) / sizeof(examples[0]); e++) {
		struct rb_object *obj = open_obj(examples[e].file);
		size_t n;

		for (n = 0; n < 3 && examples[e].progs[n].name; n++) {
			const struct want_prog *w = &examples[e].progs[n];
			const struct plan_prog *p = prog(obj, w->name);

			if (p->type != w->type || p->attach != w->attach || p->retprobe != w->retprobe)
				fail_msg("%s: %s: type %d attach %d retprobe %d, expected %d %d %d",
					 examples[e].file, w->name, p->type, p->attach, p->retprobe,
					 w->type, w->attach, w->retprobe);
			if (w->target)
				assert_string_equal(p->target, w->target);
			else
				assert_null(p->target);
			check_func_symbol(obj, &p->fn);
			/* A program alone in its section fills it. */
			if (obj->nprogs == 1 || strcmp(obj->progs[0].fn.sec_name, obj->progs[1].fn.sec_name))
				assert_int_equal(p->fn.cnt, obj->elf.secs[p->fn.sec].size / 8);
		}
		if (obj->nprogs != n)
			fail_msg("%s: %zu programs, expected %zu", examples[e].file, obj->nprogs, n);

		for (n = 0; n < 6 && examples[e].maps[n].name; n++) {
			const struct want_map *w = &examples[e].maps[n];
			const struct plan_map *m = map(obj, w->name);

			if (m->origin != w->origin || m->type != w->type)
				fail_msg("%s: map %s: origin %d type %u, expected %d %u", examples[e].file,
					 w->name, m->origin, m->type, w->origin, w->type);
			assert_string_equal(sec_name(obj, m->sec),
					    w->origin == PLAN_MAP_LEGACY ? "maps" :
					    w->origin == PLAN_MAP_BTF ? ".maps" : w->name);
		}
		if (obj->nmaps != n)
			fail_msg("%s: %zu maps, expected %zu", examples[e].file, obj->nmaps, n);

		for (n = 0; n < 4 && examples[e].subs[n]; n++)
			check_func_symbol(obj, sub(obj, examples[e].subs[n]));
		if (obj->nsubs != n)
			fail_msg("%s: %zu subprograms, expected %zu", examples[e].file, obj->nsubs, n);
		plan_free(obj);
	}
}

static void test_globals_example(void **state)
{
	struct rb_object *obj = open_obj("examples/globals.bpf.o");
	const struct plan_var *v;
	uint32_t u32;
	uint64_t u64;

	v = var(obj, "knob_multiplier");
	assert_string_equal(obj->maps[v->map].name, ".rodata");
	assert_true(v->is_const);
	assert_int_equal(v->size, 4);
	memcpy(&u32, obj->maps[v->map].data + v->off, 4);
	assert_int_equal(u32, 2);
	v = var(obj, "knob_tag");
	assert_int_equal(v->size, 8);
	assert_string_equal((const char *)obj->maps[v->map].data + v->off, "rawbpf");
	v = var(obj, "data_counter");
	assert_false(v->is_const);
	memcpy(&u64, obj->maps[v->map].data + v->off, 8);
	assert_int_equal(u64, 100);
	v = var(obj, "custom_value");
	assert_string_equal(obj->maps[v->map].name, ".data.custom");
	memcpy(&u32, obj->maps[v->map].data + v->off, 4);
	assert_int_equal(u32, 0xc0ffee);
	v = var(obj, "exec_seen"); /* static: a local symbol, still a variable */
	assert_string_equal(obj->maps[v->map].name, ".bss");
	v = var(obj, "last");
	assert_string_equal(type_str(obj, v->type_id), "struct event");
	assert_int_equal(v->size, 48);

	/* Kernel names: object base name + section, cut to 15 characters. */
	assert_string_equal(map(obj, ".rodata")->kname, "globals.rodata");
	assert_string_equal(map(obj, ".data.custom")->kname, "glo.data.custom");
	assert_string_equal(map(obj, "events")->kname, "events");

	/* A static variable's relocation names the section symbol. */
	reloc(&prog(obj, "globals")->fn, PLAN_RELOC_GLOBAL, "exec_seen", obj);
	reloc(&prog(obj, "globals")->fn, PLAN_RELOC_MAP, "events", obj);
	reloc(&prog(obj, "globals_exit")->fn, PLAN_RELOC_GLOBAL, "last", obj);
	plan_free(obj);
}

/* `const volatile char knob_tag[8]`: clang puts the qualifiers on the
 * element type (VAR -> ARRAY -> CONST -> VOLATILE -> char), and the knob is
 * as constant as knob_multiplier. */
static void test_const_array_is_const(void **state)
{
	struct rb_object *obj = open_obj("examples/globals.bpf.o");

	assert_string_equal(type_str(obj, var(obj, "knob_tag")->type_id), "const volatile char[8]");
	assert_true(var(obj, "knob_tag")->is_const);
	plan_free(obj);
}

/* Every object the project builds: the plan is self-consistent. */
static void test_all_objects_consistent(void **state)
{
	glob_t g;
	size_t n = test_objects(&g);
	char err[ERR_LEN];

	assert_true(n > 10);
	for (size_t i = 0; i < n; i++) {
		struct rb_object *obj = NULL;

		if (plan_open(&obj, g.gl_pathv[i], err, sizeof(err)))
			fail_msg("%s: %s", g.gl_pathv[i], err);
		for (size_t k = 0; k < obj->nprogs + obj->nsubs; k++) {
			const struct plan_func *fn = k < obj->nprogs ? &obj->progs[k].fn
								   : &obj->subs[k - obj->nprogs];

			check_func_symbol(obj, fn);
			for (size_t j = 0; j < fn->nrelocs; j++) {
				const struct plan_reloc *r = &fn->relocs[j];
				uint8_t code = reloc_code(fn, r);

				switch (r->kind) {
				case PLAN_RELOC_KCONFIG: /* no .kconfig map is planned yet: map -1 */
					assert_int_equal(code, BPF_LD_IMM64);
					assert_true(r->map == -1 || (size_t)r->map < obj->nmaps);
					break;
				case PLAN_RELOC_MAP:
				case PLAN_RELOC_GLOBAL:
					assert_int_equal(code, BPF_LD_IMM64);
					assert_true(r->map >= 0 && (size_t)r->map < obj->nmaps);
					if (r->kind == PLAN_RELOC_GLOBAL)
						assert_true(r->off < obj->maps[r->map].data_size);
					break;
				case PLAN_RELOC_CALL:
				case PLAN_RELOC_FUNC:
					assert_int_equal(code, r->kind == PLAN_RELOC_CALL ? BPF_CALL_INSN : BPF_LD_IMM64);
					assert_non_null(plan_func_at(obj, r->target_sec, r->target_insn));
					break;
				case PLAN_RELOC_KSYM:
					break;
				}
			}
		}
		for (size_t k = 0; k < obj->nvars; k++) {
			const struct plan_var *v = &obj->vars[k];

			assert_true(v->map >= 0 && (size_t)v->map < obj->nmaps);
			assert_true(v->off <= obj->maps[v->map].data_size &&
				    v->size <= obj->maps[v->map].data_size - v->off);
		}
		plan_free(obj);
	}
	globfree(&g);
}

static void test_open_errors(void **state)
{
	struct rb_object *obj = NULL;
	char err[ERR_LEN];

	assert_int_equal(plan_open(&obj, "/nonexistent/x.bpf.o", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "read:"));
	assert_true(plan_open(&obj, "Makefile", err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "elf:"));
}

/* ---- plan_secdef ---- */

static void test_secdef(void **state)
{
	static const struct {
		const char *sec;
		bool known;
		enum bpf_prog_type type;
		enum bpf_attach_type eat;
		enum plan_attach attach;
		const char *kind, *target;
		bool retprobe;
	} t[] = {
		{ "tracepoint/syscalls/sys_enter_execve", 1, BPF_PROG_TYPE_TRACEPOINT, 0,
		  PLAN_ATTACH_TRACEPOINT, "tracepoint", "syscalls/sys_enter_execve", 0 },
		{ "tp/sched/sched_switch", 1, BPF_PROG_TYPE_TRACEPOINT, 0,
		  PLAN_ATTACH_TRACEPOINT, "tracepoint", "sched/sched_switch", 0 },
		{ "kprobe/do_unlinkat", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, "kprobe", "do_unlinkat", 0 },
		{ "kprobe/tcp_v4_connect+4", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, "kprobe", "tcp_v4_connect+4", 0 },
		{ "kretprobe/do_unlinkat", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, "kprobe", "do_unlinkat", 1 },
		{ "ksyscall/execve", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KSYSCALL, "ksyscall", "execve", 0 },
		{ "kretsyscall/execve", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KSYSCALL, "ksyscall", "execve", 1 },
		{ "uprobe//usr/lib/libc.so.6:malloc", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, "uprobe",
		  "/usr/lib/libc.so.6:malloc", 0 },
		{ "uretprobe/bin/sh:main+0x10", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, "uprobe",
		  "bin/sh:main+0x10", 1 },
		{ "uprobe", 1, BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, "uprobe", NULL, 0 },
		{ "raw_tp/sched_switch", 1, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PLAN_ATTACH_RAW_TP, "raw_tp",
		  "sched_switch", 0 },
		{ "raw_tracepoint/sys_enter", 1, BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PLAN_ATTACH_RAW_TP, "raw_tp",
		  "sys_enter", 0 },
		{ "tp_btf/sched_process_exec", 1, BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, PLAN_ATTACH_TRACING,
		  "btf", "sched_process_exec", 0 },
		{ "fentry/do_unlinkat", 1, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, PLAN_ATTACH_TRACING, "btf",
		  "do_unlinkat", 0 },
		{ "fexit/do_unlinkat", 1, BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, PLAN_ATTACH_TRACING, "btf",
		  "do_unlinkat", 0 },
		{ "perf_event", 1, BPF_PROG_TYPE_PERF_EVENT, 0, PLAN_ATTACH_PERF_EVENT, "perf_event", NULL, 0 },
		{ "xdp", 1, BPF_PROG_TYPE_XDP, BPF_XDP, PLAN_ATTACH_XDP, "xdp", NULL, 0 },
		{ "tc", 1, BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, "tc", NULL, 0 },
		{ "socket", 1, BPF_PROG_TYPE_SOCKET_FILTER, 0, PLAN_ATTACH_NONE, "load only", NULL, 0 },
		{ "?tp/x/y", 1, BPF_PROG_TYPE_TRACEPOINT, 0, PLAN_ATTACH_TRACEPOINT, "tracepoint", "x/y", 0 },
		{ "no_such_kind/x", 0, BPF_PROG_TYPE_UNSPEC, 0, PLAN_ATTACH_NONE, "unknown", NULL, 0 },
		{ ".text", 0, BPF_PROG_TYPE_UNSPEC, 0, PLAN_ATTACH_NONE, "unknown", NULL, 0 },
		/* An exact name is not a prefix: "xdpfoo" and "tcx" are no xdp or tc. */
		{ "xdpfoo", 0, BPF_PROG_TYPE_UNSPEC, 0, PLAN_ATTACH_NONE, "unknown", NULL, 0 },
		{ "tcx", 0, BPF_PROG_TYPE_UNSPEC, 0, PLAN_ATTACH_NONE, "unknown", NULL, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct plan_prog p;
		bool known;

		memset(&p, 0, sizeof(p));
		known = plan_secdef(t[i].sec, &p);
		if (known != t[i].known || p.type != t[i].type || p.expected_attach_type != t[i].eat ||
		    p.attach != t[i].attach || p.retprobe != t[i].retprobe)
			fail_msg("%s: known %d type %d eat %d attach %d retprobe %d; expected %d %d %d %d %d",
				 t[i].sec, known, p.type, p.expected_attach_type, p.attach, p.retprobe,
				 t[i].known, t[i].type, t[i].eat, t[i].attach, t[i].retprobe);
		assert_string_equal(p.attach_kind, t[i].kind);
		if (t[i].target) {
			if (!p.target || strcmp(p.target, t[i].target))
				fail_msg("%s: target \"%s\", expected \"%s\"", t[i].sec,
					 p.target ? p.target : "(null)", t[i].target);
		} else if (p.target) {
			fail_msg("%s: target \"%s\", expected none", t[i].sec, p.target);
		}
		free(p.target);
	}
}

/* Issue 14: the kinds rawbpf attaches beyond tracing, with the details the
 * attach stage reads (hook direction, load flags, kind names inspect shows). */
static void test_secdef_attach_beyond(void **state)
{
	static const struct {
		const char *sec;
		enum plan_attach attach;
		uint32_t eat;
		const char *kind, *target;
		bool egress, retprobe;
		uint32_t prog_flags;
	} t[] = {
		{ "xdp.frags", PLAN_ATTACH_XDP, BPF_XDP, "xdp", NULL, 0, 0, PLAN_F_XDP_HAS_FRAGS },
		{ "xdp/devmap", PLAN_ATTACH_NONE, BPF_XDP_DEVMAP, "load only", NULL, 0, 0, 0 },
		{ "xdp.frags/cpumap", PLAN_ATTACH_NONE, BPF_XDP_CPUMAP, "load only", NULL, 0, 0, 0 },
		{ "tc/ingress", PLAN_ATTACH_TC, 0, "tc", NULL, 0, 0, 0 },
		{ "tc/egress", PLAN_ATTACH_TC, 0, "tc", NULL, 1, 0, 0 },
		{ "tcx/ingress", PLAN_ATTACH_TC, 0, "tc", NULL, 0, 0, 0 },
		{ "tcx/egress", PLAN_ATTACH_TC, 0, "tc", NULL, 1, 0, 0 },
		{ "classifier", PLAN_ATTACH_TC, 0, "tc", NULL, 0, 0, 0 },
		{ "cgroup_skb/egress", PLAN_ATTACH_CGROUP, BPF_CGROUP_INET_EGRESS, "cgroup", NULL, 0, 0, 0 },
		{ "cgroup/connect6", PLAN_ATTACH_CGROUP, BPF_CGROUP_INET6_CONNECT, "cgroup", NULL, 0, 0, 0 },
		{ "cgroup/sock", PLAN_ATTACH_CGROUP, BPF_CGROUP_INET_SOCK_CREATE, "cgroup", NULL, 0, 0, 0 },
		{ "sockops", PLAN_ATTACH_CGROUP, BPF_CGROUP_SOCK_OPS, "cgroup", NULL, 0, 0, 0 },
		{ "cgroup/skb", PLAN_ATTACH_NONE, 0, "load only", NULL, 0, 0, 0 },
		{ "kprobe.multi/tcp_*", PLAN_ATTACH_KPROBE_MULTI, BPF_TRACE_KPROBE_MULTI, "kprobe.multi", "tcp_*", 0, 0, 0 },
		{ "kretprobe.multi/vfs_read", PLAN_ATTACH_KPROBE_MULTI, BPF_TRACE_KPROBE_MULTI, "kprobe.multi", "vfs_read", 0, 1, 0 },
		{ "kprobe.session/do_*", PLAN_ATTACH_KPROBE_MULTI, SYS_BPF_TRACE_KPROBE_SESSION, "kprobe.session", "do_*", 0, 0, 0 },
		{ "uprobe.multi//bin/sh:str*", PLAN_ATTACH_UPROBE_MULTI, SYS_BPF_TRACE_UPROBE_MULTI, "uprobe.multi", "/bin/sh:str*", 0, 0, 0 },
		{ "uretprobe.multi/a:b", PLAN_ATTACH_UPROBE_MULTI, SYS_BPF_TRACE_UPROBE_MULTI, "uprobe.multi", "a:b", 0, 1, 0 },
		{ "struct_ops/cc_init", PLAN_ATTACH_STRUCT_OPS, 0, "struct_ops", NULL, 0, 0, 0 },
		{ "iter/task", PLAN_ATTACH_TRACING, BPF_TRACE_ITER, "iter", "task", 0, 0, 0 },
		{ "lsm/file_open", PLAN_ATTACH_TRACING, BPF_LSM_MAC, "lsm", "file_open", 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct plan_prog p;

		memset(&p, 0, sizeof(p));
		assert_true(plan_secdef(t[i].sec, &p));
		if (p.attach != t[i].attach || p.expected_attach_type != t[i].eat || p.egress != t[i].egress ||
		    p.retprobe != t[i].retprobe || p.prog_flags != t[i].prog_flags || strcmp(p.attach_kind, t[i].kind) ||
		    (t[i].target ? !p.target || strcmp(p.target, t[i].target) : p.target != NULL))
			fail_msg("%s: attach %d eat %d kind %s target %s egress %d retprobe %d flags %#x", t[i].sec,
				 p.attach, p.expected_attach_type, p.attach_kind, p.target ? p.target : "-",
				 p.egress, p.retprobe, p.prog_flags);
		free(p.target);
	}
}

/* struct_ops variables become plan entries: the section's bytes, link or
 * not, and which program fills which member (what attach_structops.c
 * builds the kernel's value from). */
static void test_struct_ops_variables_planned(void **state)
{
	static const char *const objs[] = { "examples/tcp_cc.bpf.o", "tests/bpf/tcp_cc_update.bpf.o" };

	for (int k = 0; k < 2; k++) {
		struct rb_object *obj = open_obj(objs[k]);
		const struct plan_struct_ops *st;
		const char *want[] = { "ssthresh", "reno_ssthresh", "cong_avoid", "reno_cong_avoid",
				       "undo_cwnd", "reno_undo_cwnd" };
		size_t found = 0;

		assert_int_equal(obj->nst_ops, 1);
		st = &obj->st_ops[0];
		assert_string_equal(st->name, "rawbpf_reno");
		assert_string_equal(st->type, "tcp_congestion_ops");
		assert_int_equal(st->link, k == 0);
		assert_non_null(st->data);
		assert_true(st->size > 100);
		/* The name member holds the bytes the object gave it. */
		assert_non_null(memmem(st->data, st->size, k ? "rawbpf_reno_u" : "rawbpf_reno", 11));
		assert_int_equal(st->nprogs, 3);
		for (size_t i = 0; i < st->nprogs; i++)
			for (size_t w = 0; w < 6; w += 2)
				found += !strcmp(st->progs[i].member, want[w]) &&
					 !strcmp(obj->progs[st->progs[i].prog].fn.name, want[w + 1]);
		assert_int_equal(found, 3);
		plan_free(obj);
	}
}

/* ---- plan_set_global ---- */

/* A plan with one .data map and one variable per type, from hand-made BTF. */
struct fake {
	struct bb bb;
	struct rb_object obj;
	struct plan_map map;
	struct plan_var vars[16];
	uint8_t data[128];
};

static void fake_var(struct fake *f, const char *name, uint32_t type, uint32_t size)
{
	struct plan_var *v = &f->vars[f->obj.nvars];
	uint32_t off = 0;

	for (size_t i = 0; i < f->obj.nvars; i++)
		off = f->vars[i].off + f->vars[i].size;
	off = (off + 7) & ~7u;
	assert_true(off + size <= sizeof(f->data) && f->obj.nvars < 16);
	v->name = name;
	v->map = 0;
	v->off = off;
	v->size = size;
	v->type_id = type;
	f->obj.nvars++;
}

static struct fake *fake_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct bb *b;
	uint32_t s8, u8, s16, u16, s32, u32, s64, u64, bl, ch, arr, en, cv;
	const void *blob;
	size_t len;
	char err[256];

	assert_non_null(f);
	b = &f->bb;
	bb_init(b);
	s8 = bb_int(b, "signed char", 1, BTF_INT_SIGNED);
	u8 = bb_int(b, "unsigned char", 1, 0);
	s16 = bb_int(b, "short", 2, BTF_INT_SIGNED);
	u16 = bb_int(b, "unsigned short", 2, 0);
	s32 = bb_int(b, "int", 4, BTF_INT_SIGNED);
	u32 = bb_int(b, "unsigned int", 4, 0);
	s64 = bb_int(b, "long", 8, BTF_INT_SIGNED);
	u64 = bb_int(b, "unsigned long", 8, 0);
	bl = bb_int(b, "_Bool", 1, BTF_INT_BOOL);
	ch = bb_int(b, "char", 1, BTF_INT_SIGNED);
	arr = bb_array(b, ch, s32, 8);
	en = bb_type(b, "color", BTF_KIND_ENUM, 3, 0, 4);
	bb_enumval(b, "RED", 0);
	bb_enumval(b, "GREEN", 1);
	bb_enumval(b, "BLUE", 7);
	cv = bb_ref(b, BTF_KIND_VOLATILE, NULL, u32);
	cv = bb_ref(b, BTF_KIND_CONST, NULL, cv);
	blob = bb_blob(b, &len);
	if (btf_parse(blob, len, &f->obj.btf, err, sizeof(err)))
		fail_msg("btf_parse: %s", err);

	f->obj.maps = &f->map;
	f->obj.nmaps = 1;
	f->obj.vars = f->vars;
	f->map.name = (char *)".data";
	f->map.origin = PLAN_MAP_GLOBAL;
	f->map.data = f->data;
	f->map.data_size = sizeof(f->data);
	fake_var(f, "v_s8", s8, 1);
	fake_var(f, "v_u8", u8, 1);
	fake_var(f, "v_s16", s16, 2);
	fake_var(f, "v_u16", u16, 2);
	fake_var(f, "v_s32", s32, 4);
	fake_var(f, "v_u32", u32, 4);
	fake_var(f, "v_s64", s64, 8);
	fake_var(f, "v_u64", u64, 8);
	fake_var(f, "v_bool", bl, 1);
	fake_var(f, "v_str", arr, 8);
	fake_var(f, "v_enum", en, 4);
	fake_var(f, "v_knob", cv, 4);
	return f;
}

static void fake_free(struct fake *f)
{
	btf_free(f->obj.btf);
	free(f);
}

static const uint8_t *at(struct fake *f, const char *name)
{
	for (size_t i = 0; i < f->obj.nvars; i++)
		if (!strcmp(f->vars[i].name, name))
			return f->data + f->vars[i].off;
	fail_msg("no variable %s", name);
	return NULL;
}

static int set(struct fake *f, const char *name, const char *value, char *err, size_t errlen)
{
	return plan_set_global(&f->obj, name, value, err, errlen);
}

/* name holds want (little-endian) and the byte after it is untouched. */
static void check_written(struct fake *f, const char *name, const char *value, uint64_t want)
{
	const uint8_t *p = at(f, name);
	uint32_t size = 0;
	uint64_t got = 0;

	for (size_t k = 0; k < f->obj.nvars; k++)
		if (!strcmp(f->vars[k].name, name))
			size = f->vars[k].size;
	memcpy(&got, p, size);
	if (got != want)
		fail_msg("--set %s=%s wrote 0x%llx, expected 0x%llx", name, value,
			 (unsigned long long)got, (unsigned long long)want);
	if (p + size < f->data + sizeof(f->data))
		assert_int_equal(p[size], 0xaa);
}

static void test_set_ints(void **state)
{
	struct fake *f = fake_new();
	char err[ERR_LEN];
	static const struct {
		const char *name, *value;
		int ret;
		uint64_t want; /* the variable's bytes, little-endian, when ret == 0 */
	} t[] = {
		{ "v_s8", "-128", 0, 0x80 }, { "v_s8", "127", 0, 0x7f },
		{ "v_s8", "128", -ERANGE, 0 }, { "v_s8", "-129", -ERANGE, 0 },
		{ "v_u8", "255", 0, 0xff }, { "v_u8", "0xff", 0, 0xff },
		{ "v_u8", "256", -ERANGE, 0 }, { "v_u8", "-1", -ERANGE, 0 },
		{ "v_s16", "-32768", 0, 0x8000 }, { "v_s16", "32768", -ERANGE, 0 },
		{ "v_u16", "65535", 0, 0xffff }, { "v_u16", "65536", -ERANGE, 0 },
		{ "v_s32", "-1", 0, 0xffffffff }, { "v_s32", "2147483647", 0, 0x7fffffff },
		{ "v_s32", "2147483648", -ERANGE, 0 }, { "v_s32", "010", 0, 8 },
		{ "v_u32", "4294967295", 0, 0xffffffff }, { "v_u32", "4294967296", -ERANGE, 0 },
		{ "v_s64", "-9223372036854775808", 0, 0x8000000000000000ull },
		{ "v_s64", "9223372036854775808", -ERANGE, 0 },
		{ "v_u64", "18446744073709551615", 0, ~0ull },
		{ "v_u64", "18446744073709551616", -ERANGE, 0 },
		{ "v_u64", "-1", -ERANGE, 0 },
		{ "v_s32", "12abc", -ERANGE, 0 }, { "v_s32", "", -ERANGE, 0 },
		{ "v_knob", "42", 0, 42 }, /* const volatile: modifiers skipped */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int ret;

		memset(f->data, 0xaa, sizeof(f->data));
		err[0] = '\0';
		ret = set(f, t[i].name, t[i].value, err, sizeof(err));
		if (ret != t[i].ret)
			fail_msg("--set %s=%s: %d (%s), expected %d", t[i].name, t[i].value, ret, err,
				 t[i].ret);
		if (ret) {
			assert_non_null(strstr(err, t[i].name));
			continue;
		}
		check_written(f, t[i].name, t[i].value, t[i].want);
	}
	fake_free(f);
}

static void test_set_bool_string_enum(void **state)
{
	struct fake *f = fake_new();
	char err[ERR_LEN];
	int32_t e;

	assert_int_equal(set(f, "v_bool", "true", err, sizeof(err)), 0);
	assert_int_equal(*at(f, "v_bool"), 1);
	assert_int_equal(set(f, "v_bool", "false", err, sizeof(err)), 0);
	assert_int_equal(*at(f, "v_bool"), 0);
	assert_int_equal(set(f, "v_bool", "1", err, sizeof(err)), 0);
	assert_int_equal(*at(f, "v_bool"), 1);
	assert_int_equal(set(f, "v_bool", "yes", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "bool"));

	memset(f->data, 0xaa, sizeof(f->data));
	assert_int_equal(set(f, "v_str", "hi", err, sizeof(err)), 0);
	assert_memory_equal(at(f, "v_str"), "hi\0\0\0\0\0\0", 8);
	assert_int_equal(set(f, "v_str", "1234567", err, sizeof(err)), 0);
	assert_memory_equal(at(f, "v_str"), "1234567", 8);
	/* 8 characters leave no room for the NUL. */
	assert_int_equal(set(f, "v_str", "12345678", err, sizeof(err)), -ERANGE);
	assert_non_null(strstr(err, "v_str"));

	assert_int_equal(set(f, "v_enum", "BLUE", err, sizeof(err)), 0);
	memcpy(&e, at(f, "v_enum"), 4);
	assert_int_equal(e, 7);
	assert_int_equal(set(f, "v_enum", "GREEN", err, sizeof(err)), 0);
	memcpy(&e, at(f, "v_enum"), 4);
	assert_int_equal(e, 1);
	assert_int_equal(set(f, "v_enum", "2", err, sizeof(err)), 0);
	memcpy(&e, at(f, "v_enum"), 4);
	assert_int_equal(e, 2);
	assert_int_equal(set(f, "v_enum", "PURPLE", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "PURPLE"));
	fake_free(f);
}

static void test_set_unknown_lists_variables(void **state)
{
	struct fake *f = fake_new();
	char err[ERR_LEN];

	assert_int_equal(set(f, "nosuch", "1", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "nosuch"));
	for (size_t i = 0; i < f->obj.nvars; i++)
		if (!strstr(err, f->vars[i].name))
			fail_msg("'%s' does not list %s", err, f->vars[i].name);
	fake_free(f);
}

/* On a real object: the new value lands in the map's initial bytes. */
static void test_set_on_object(void **state)
{
	struct rb_object *obj = open_obj("examples/globals.bpf.o");
	const struct plan_var *v = var(obj, "knob_multiplier");
	char err[ERR_LEN];
	uint32_t u32;

	assert_int_equal(plan_set_global(obj, "knob_multiplier", "3", err, sizeof(err)), 0);
	memcpy(&u32, obj->maps[v->map].data + v->off, 4);
	assert_int_equal(u32, 3);
	assert_int_equal(plan_set_global(obj, "knob_multiplier", "-3", err, sizeof(err)), -ERANGE);
	assert_int_equal(plan_set_global(obj, "knob_tag", "toolongtag", err, sizeof(err)), -ERANGE);
	assert_int_equal(plan_set_global(obj, "knob_tag", "abc", err, sizeof(err)), 0);
	v = var(obj, "knob_tag");
	assert_memory_equal(obj->maps[v->map].data + v->off, "abc\0\0\0\0\0", 8);
	assert_int_equal(plan_set_global(obj, "last", "1", err, sizeof(err)), -EINVAL);
	assert_int_equal(plan_set_global(obj, "nosuch", "1", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "knob_multiplier"));
	assert_non_null(strstr(err, "data_counter"));
	plan_free(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_mix_programs),
		cmocka_unit_test(test_plan_mix_maps),
		cmocka_unit_test(test_plan_mix_vars),
		cmocka_unit_test(test_plan_mix_relocs),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_globals_example),
		cmocka_unit_test(test_const_array_is_const),
		cmocka_unit_test(test_all_objects_consistent),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_secdef),
		cmocka_unit_test(test_secdef_attach_beyond),
		cmocka_unit_test(test_struct_ops_variables_planned),
		cmocka_unit_test(test_set_ints),
		cmocka_unit_test(test_set_bool_string_enum),
		cmocka_unit_test(test_set_unknown_lists_variables),
		cmocka_unit_test(test_set_on_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
