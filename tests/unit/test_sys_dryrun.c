/* The explain / dry-run machinery of bpf/, the hints, names and CPU lists:
 * nothing here reaches the kernel's bpf() or perf_event_open. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bpf/cpus.h"
#include "bpf/perf.h"
#include "bpf/ringbuf.h"
#include "bpf/sys.h"

struct capture { char *text; size_t len; FILE *f; struct sys s; };

static void start(struct capture *c)
{
	memset(c, 0, sizeof(*c));
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	c->s.dry_run = true;
	c->s.explain = c->f;
}

static const char *text(struct capture *c)
{
	fflush(c->f);
	return c->text;
}

static void stop(struct capture *c)
{
	fclose(c->f);
	free(c->text);
}

static void test_explain_lines(void **state)
{
	struct capture c;
	struct sys_map_create m = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = 4, .max_entries = 1, .name = "counts" };
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct sys_prog_load p = { .prog_type = BPF_PROG_TYPE_TRACEPOINT, .insns = insns,
		.insn_cnt = 2, .license = "GPL", .name = "handle_exec" };
	int map, prog, pfd;

	start(&c);
	map = sys_map_create(&c.s, &m);
	prog = sys_prog_load(&c.s, &p);
	pfd = perf_open_tracepoint(&c.s, 712, 0);
	assert_int_equal(map, 1000);
	assert_int_equal(prog, 1001);
	assert_int_equal(pfd, 1002);
	assert_int_equal(perf_set_bpf(&c.s, pfd, prog), 0);
	assert_int_equal(sys_map_freeze(&c.s, map), 0);
	assert_string_equal(text(&c),
		"bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_ARRAY, key_size=4, value_size=4, "
		"max_entries=1, map_flags=0, map_name=\"counts\"}, 72) = 1000\n"
		"bpf(BPF_PROG_LOAD, {prog_type=BPF_PROG_TYPE_TRACEPOINT, insn_cnt=2, "
		"license=\"GPL\", prog_name=\"handle_exec\", ...}, 144) = 1001\n"
		"perf_event_open({type=PERF_TYPE_TRACEPOINT, config=712, sample_period=1, "
		"wakeup_events=1, ...}, -1, 0, -1, PERF_FLAG_FD_CLOEXEC) = 1002\n"
		"ioctl(1002, PERF_EVENT_IOC_SET_BPF, 1001) = 0\n"
		"bpf(BPF_MAP_FREEZE, {map_fd=1000}, 4) = 0\n");
	stop(&c);
}

static void test_explain_error(void **state)
{
	struct capture c;

	start(&c);
	sys_explain(&c.s, -EPERM, "bpf(BPF_PROG_LOAD, {...}, 144)");
	sys_explain(&c.s, -524, "bpf(BPF_LINK_CREATE, {...}, 24)");
	assert_string_equal(text(&c),
		"bpf(BPF_PROG_LOAD, {...}, 144) = -1 EPERM (Operation not permitted)\n"
		"bpf(BPF_LINK_CREATE, {...}, 24) = -1 ENOTSUPP (Operation not supported by this kernel)\n");
	stop(&c);
}

/* Without --explain a dry run prints nothing: stdout and stderr (the two
 * places an explain line could go) are sent to a file during the calls, and
 * the file must stay empty. */
static void test_silent_without_explain(void **state)
{
	struct sys s = { .dry_run = true };
	struct sys_map_create m = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = 4, .max_entries = 1, .name = "quiet" };
	FILE *sink = tmpfile();
	int saved_out, saved_err;
	long written;

	assert_non_null(sink);
	fflush(stdout);
	fflush(stderr);
	saved_out = dup(1);
	saved_err = dup(2);
	assert_true(saved_out >= 0 && saved_err >= 0);
	assert_true(dup2(fileno(sink), 1) == 1 && dup2(fileno(sink), 2) == 2);

	assert_int_equal(sys_map_create(&s, &m), 1000);
	assert_int_equal(sys_raw_tp_open(&s, "sched_switch", 1000), 1001);
	assert_int_equal(sys_obj_pin(&s, 1000, "/sys/fs/bpf/x"), 0);
	sys_explain(&s, -EPERM, "bpf(BPF_PROG_LOAD, {...}, 144)");
	fflush(stdout);
	fflush(stderr);

	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	fseek(sink, 0, SEEK_END);
	written = ftell(sink);
	fclose(sink);
	assert_int_equal(written, 0);
}

static void test_obj_name(void **state)
{
	char n[BPF_OBJ_NAME_LEN];

	sys_obj_name(n, "my-map.with.long_name");
	assert_string_equal(n, "my_map.with.lon");
	sys_obj_name(n, NULL);
	assert_string_equal(n, "");
	sys_obj_name(n, ".rodata");
	assert_string_equal(n, ".rodata");
}

static void test_hints(void **state)
{
	assert_non_null(strstr(sys_hint(BPF_MAP_CREATE, -EPERM), "CAP_BPF"));
	assert_non_null(strstr(sys_hint(BPF_PROG_LOAD, EPERM), "kernel.unprivileged_bpf_disabled"));
	assert_non_null(strstr(sys_hint(SYS_PERF_EVENT_OPEN, EACCES), "CAP_PERFMON"));
	assert_non_null(strstr(sys_hint(SYS_PERF_EVENT_OPEN, -EPERM), "kernel.perf_event_paranoid"));
	assert_non_null(strstr(sys_hint(BPF_PROG_LOAD, EACCES), "verifier"));
	assert_null(sys_hint(BPF_MAP_LOOKUP_ELEM, ENOENT));
}

static void test_cpu_lists(void **state)
{
	bool set[8];
	char err[128];

	assert_int_equal(sys_cpu_list_parse("0-3,5\n", set, 8, err, sizeof(err)), 6);
	assert_true(set[0] && set[3] && !set[4] && set[5] && !set[6]);
	assert_int_equal(sys_cpu_list_parse("0", NULL, 0, err, sizeof(err)), 1);
	assert_int_equal(sys_cpu_list_parse("0-63", set, 8, err, sizeof(err)), 64);
	assert_true(set[7]);
	assert_int_equal(sys_cpu_list_parse("", set, 8, err, sizeof(err)), -EINVAL);
	assert_int_equal(sys_cpu_list_parse("3-1", set, 8, err, sizeof(err)), -EINVAL);
	assert_int_equal(sys_cpu_list_parse("0-3,x", set, 8, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "0-3,x"));
	assert_true(sys_cpus_possible(err, sizeof(err)) >= 1);
	assert_true(sys_cpus_online(set, 8, err, sizeof(err)) >= 1);
}

static void test_fd_above_stdio(void **state)
{
	int saved = dup(0), null = open("/dev/null", O_RDONLY);
	long fd;

	assert_true(saved > 2 && null >= 0);
	assert_int_equal(dup2(null, 0), 0);
	fd = sys_fd_above_stdio(0);
	assert_true(fd > 2);
	assert_int_equal(fcntl(0, F_GETFD), -1);        /* the low one is closed */
	assert_true(fcntl((int)fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(sys_fd_above_stdio(7), 7);
	assert_int_equal(sys_fd_above_stdio(-EBADF), -EBADF);
	close((int)fd);
	dup2(saved, 0);
	close(saved);
	close(null);
}

static void test_dry_ring(void **state)
{
	struct capture c;
	struct ring r;
	char err[128];

	start(&c);
	assert_int_equal(ring_open(&r, &c.s, 1000, 4096 * 4, NULL, NULL, err, sizeof(err)), 0);
	assert_int_equal(ring_consume(&r), 0);
	assert_non_null(strstr(text(&c), "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, 1000, 0) = "));
	ring_close(&r);
	assert_int_equal(ring_open(&r, &c.s, 1000, 1000, NULL, NULL, err, sizeof(err)), -EINVAL);
	stop(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_explain_lines),
		cmocka_unit_test(test_explain_error),
		cmocka_unit_test(test_silent_without_explain),
		cmocka_unit_test(test_obj_name),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_cpu_lists),
		cmocka_unit_test(test_fd_above_stdio),
		cmocka_unit_test(test_dry_ring),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
