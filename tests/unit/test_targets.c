/* What stands in for a tool's user space, in the plan (loader/plan/targets.c):
 * --attach, --map, the defaults of maps sized 0, library names, and which
 * programs still lack a target. No kernel. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "loader/plan/targets.h"

static struct rb_object *open_obj(const char *rel)
{
	char path[512], err[ERR_LEN];
	struct rb_object *obj = NULL;

	snprintf(path, sizeof(path), "%s/%s", getenv("O") ? getenv("O") : "build", rel);
	assert_int_equal(plan_open(&obj, path, err, sizeof(err)), 0);
	return obj;
}

static struct plan_prog *prog(struct rb_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nprogs; i++)
		if (!strcmp(obj->progs[i].fn.name, name))
			return &obj->progs[i];
	fail_msg("no program %s", name);
	return NULL;
}

/* gethostlatency's case: a kprobe section's program given PATH:SYMBOL
 * attaches as a uprobe, with libc found by its bare name. */
static void kprobe_given_file_becomes_uprobe(void **state)
{
	struct rb_object *obj = open_obj("examples/kprobe_count.bpf.o");
	struct plan_prog *p = &obj->progs[0];
	char err[ERR_LEN], spec[256];

	(void)state;
	snprintf(spec, sizeof(spec), "%s=libc:getaddrinfo", p->fn.name);
	assert_int_equal(plan_set_target(obj, spec, err, sizeof(err)), 0);
	assert_int_equal(p->attach, PLAN_ATTACH_UPROBE);
	assert_non_null(strstr(p->target, "/libc.so.6:getaddrinfo"));
	assert_int_equal(plan_set_target(obj, "nosuch=x", err, sizeof(err)), -ENOENT);
	assert_int_equal(plan_set_target(obj, "noequals", err, sizeof(err)), -EINVAL);
	plan_free(obj);
}

/* libc.so in /usr/lib/x86_64-linux-gnu is a linker script: the ELF file
 * libc.so.6 is what a uprobe needs. */
static void lib_path_skips_linker_scripts(void **state)
{
	char path[512];

	(void)state;
	assert_int_equal(plan_lib_path("libc", path, sizeof(path)), 0);
	assert_non_null(strstr(path, "libc.so.6"));
	assert_int_equal(plan_lib_path("c", path, sizeof(path)), 0);
	assert_non_null(strstr(path, "libc.so.6"));
	assert_int_equal(plan_lib_path("rawbpf_no_such_library", path, sizeof(path)), -ENOENT);
	assert_int_equal(plan_lib_path("/bin/sh", path, sizeof(path)), 0);
	assert_string_equal(path, "/bin/sh");
}

static void map_shape_set_and_checked(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/usdt_args.bpf.o");
	char err[ERR_LEN];
	int mi = plan_map_index(obj, "__bpf_usdt_specs");

	(void)state;
	assert_true(mi >= 0);
	assert_int_equal(plan_set_map_shape(obj, "__bpf_usdt_specs.max_entries=7", err, sizeof(err)), 0);
	assert_int_equal(obj->maps[mi].max_entries, 7);
	assert_int_equal(plan_set_map_shape(obj, "__bpf_usdt_specs.colour=7", err, sizeof(err)), -EINVAL);
	assert_int_equal(plan_set_map_shape(obj, "nosuch.max_entries=7", err, sizeof(err)), -ENOENT);
	assert_int_equal(plan_set_map_shape(obj, "__bpf_usdt_specs.max_entries=x", err, sizeof(err)), -EINVAL);
	/* Globals are the section's shape; --set changes their values. */
	assert_int_equal(plan_set_map_shape(obj, ".bss.max_entries=2", err, sizeof(err)) < 0, 1);
	plan_free(obj);
}

/* offcputime's stack map: value_size and max_entries 0 in the object. */
static void zero_sized_maps_get_defaults(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/usdt_args.bpf.o");
	int mi = plan_map_index(obj, "__bpf_usdt_specs");
	char *buf = NULL;
	size_t len = 0;
	FILE *notes = open_memstream(&buf, &len);

	(void)state;
	obj->maps[mi].type = BPF_MAP_TYPE_STACK_TRACE;
	obj->maps[mi].value_size = 0;
	obj->maps[mi].max_entries = 0;
	plan_map_defaults(obj, notes);
	fclose(notes);
	assert_int_equal(obj->maps[mi].value_size, PLAN_STACK_FRAMES * 8);
	assert_int_equal(obj->maps[mi].max_entries, PLAN_DEFAULT_ENTRIES);
	assert_non_null(strstr(buf, "--map __bpf_usdt_specs.value_size=N"));
	assert_non_null(strstr(buf, "--map __bpf_usdt_specs.max_entries=N"));
	free(buf);
	plan_free(obj);
}

/* SEC("usdt") names no file: the program needs --attach. */
static void usdt_without_target_is_missing_one(void **state)
{
	struct rb_object *obj = open_obj("tests/bpf/usdt_args.bpf.o");
	struct plan_prog *p = prog(obj, "registers");
	char err[ERR_LEN];

	(void)state;
	assert_true(plan_is_usdt(p));
	assert_string_equal(plan_missing_target(p), "PATH:PROVIDER:NAME");
	assert_int_equal(plan_set_target(obj, "registers=/bin/true:prov:name", err, sizeof(err)), 0);
	assert_null(plan_missing_target(p));
	plan_free(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kprobe_given_file_becomes_uprobe),
		cmocka_unit_test(lib_path_skips_linker_scripts),
		cmocka_unit_test(map_shape_set_and_checked),
		cmocka_unit_test(zero_sized_maps_get_defaults),
		cmocka_unit_test(usdt_without_target_is_missing_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
