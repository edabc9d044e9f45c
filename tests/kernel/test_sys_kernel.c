/* bpf/ against the running kernel: maps, program and BTF loading, attaching
 * to a tracepoint, ring and perf buffers fed by a real program, tracefs probe
 * events, pinning. Needs root and a BPF-capable kernel; skips otherwise.
 * The programs are assembled here by hand, so nothing but bpf/ is tested. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/btf.h>

#include "bpf/cpus.h"
#include "bpf/perf.h"
#include "bpf/perfbuf.h"
#include "bpf/ringbuf.h"
#include "bpf/sys.h"
#include "bpf/tracefs.h"

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)   I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV32_IMM(d, i)   I(BPF_ALU | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)   I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)   I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_MEM(sz, d, o, i) I(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define LD_MAP_FD(d, fd)  I(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd), I(0, 0, 0, 0, 0)
#define CALL(h)           I(BPF_JMP | BPF_CALL, 0, 0, 0, h)
#define JEQ_IMM(d, i, o)  I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define ATOMIC_ADD64(d, s) I(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, 0, BPF_ADD)
#define EXIT()            I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static struct sys S;    /* silent, real calls */
static char log_buf[65536];

static void need_root(void)
{
	if (geteuid() != 0)
		skip();
}

static int load(__u32 type, const struct bpf_insn *insns, __u32 n, const char *name)
{
	struct sys_prog_load p = { .prog_type = type, .insns = insns, .insn_cnt = n,
		.license = "GPL", .name = name, .log_buf = log_buf, .log_size = sizeof(log_buf) };
	int fd = sys_prog_load(&S, &p);

	if (fd < 0)
		print_error("%s: %s\n%s\n", name, strerror(-fd), log_buf);
	return fd;
}

static void getpid_times(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_getpid);
}

static long getpid_tp_id(void)
{
	char root[128], err[256];
	long id;

	assert_int_equal(sys_tracefs(&S, root, sizeof(root), err, sizeof(err)), 0);
	id = sys_tracefs_tp_id(&S, root, "syscalls", "sys_enter_getpid", err, sizeof(err));
	if (id < 0)
		print_error("%s\n", err);
	assert_true(id > 0);
	return id;
}

static int array_map(__u32 value_size, const char *name)
{
	struct sys_map_create m = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = value_size, .max_entries = 1, .name = name };
	int fd = sys_map_create(&S, &m);

	assert_true(fd > 2);
	return fd;
}

static void test_map_basics(void **state)
{
	__u32 key = 0, next;
	__u64 v = 5, out = 0;
	struct bpf_map_info info;
	__u32 len = sizeof(info);
	int fd;

	need_root();
	fd = array_map(8, "rawbpf-test");
	assert_int_equal(sys_map_update(&S, fd, &key, &v, BPF_ANY), 0);
	assert_int_equal(sys_map_lookup(&S, fd, &key, &out), 0);
	assert_int_equal(out, 5);
	assert_int_equal(sys_map_next_key(&S, fd, NULL, &next), 0);
	assert_int_equal(next, 0);
	assert_int_equal(sys_map_next_key(&S, fd, &key, &next), -ENOENT);
	assert_int_equal(sys_map_delete(&S, fd, &key), -EINVAL);        /* arrays cannot */
	memset(&info, 0, sizeof(info));
	assert_int_equal(sys_obj_info(&S, fd, &info, &len), 0);
	assert_string_equal(info.name, "rawbpf_test");
	assert_int_equal(info.max_entries, 1);
	assert_int_equal(info.value_size, 8);
	assert_int_equal(sys_map_freeze(&S, fd), 0);
	assert_int_equal(sys_map_update(&S, fd, &key, &v, BPF_ANY), -EPERM);
	close(fd);
}

static void test_prog_load(void **state)
{
	struct bpf_insn ok[] = { MOV64_IMM(0, 0), EXIT() };
	struct bpf_insn bad[] = { EXIT() };     /* r0 never set */
	struct sys_prog_load p = { .prog_type = BPF_PROG_TYPE_SOCKET_FILTER, .insns = bad,
		.insn_cnt = 1, .license = "GPL", .name = "bad", .log_buf = log_buf,
		.log_size = sizeof(log_buf) };
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int fd;

	need_root();
	fd = load(BPF_PROG_TYPE_SOCKET_FILTER, ok, 2, "ret0");
	assert_true(fd > 2);
	memset(&info, 0, sizeof(info));
	assert_int_equal(sys_obj_info(&S, fd, &info, &len), 0);
	assert_string_equal(info.name, "ret0");
	assert_int_equal(info.type, BPF_PROG_TYPE_SOCKET_FILTER);
	close(fd);

	assert_int_equal(sys_prog_load(&S, &p), -EACCES);
	assert_non_null(strstr(log_buf, "R0"));
	/* 6.4+ reports the log's full size, NUL included. */
	assert_int_equal(p.log_true_size, strlen(log_buf) + 1);
}

static void test_btf_load(void **state)
{
	struct {
		struct btf_header h;
		__u32 type[4];
		char str[5];
	} __attribute__((packed)) b = {
		{ BTF_MAGIC, BTF_VERSION, 0, sizeof(struct btf_header), 0, 16, 16, 5 },
		{ 1, BTF_KIND_INT << 24, 4, BTF_INT_SIGNED << 24 | 32 },
		"\0int",
	};
	struct sys_btf_load l = { .data = &b, .size = sizeof(b), .log_buf = log_buf,
		.log_size = sizeof(log_buf) };
	int fd;

	need_root();
	fd = sys_btf_load(&S, &l);
	assert_true(fd > 2);
	close(fd);
	b.type[3] = BTF_INT_SIGNED << 24 | 33;  /* 33 bits in 4 bytes */
	assert_int_equal(sys_btf_load(&S, &l), -EINVAL);
	assert_true(strlen(log_buf) > 0);
}

/* counts[0] += 1 on every call. */
static int counting_prog(int map)
{
	struct bpf_insn p[] = {
		ST_MEM(BPF_W, 10, -4, 0),
		MOV64_REG(2, 10), ADD64_IMM(2, -4),
		LD_MAP_FD(1, map),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(0, 0, 2),
		MOV64_IMM(1, 1),
		ATOMIC_ADD64(0, 1),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	return load(BPF_PROG_TYPE_TRACEPOINT, p, sizeof(p) / sizeof(p[0]), "count_getpid");
}

static void test_tracepoint_set_bpf(void **state)
{
	__u32 key = 0;
	__u64 n = 0;
	int map, prog, pfd;

	need_root();
	map = array_map(8, "counts");
	prog = counting_prog(map);
	assert_true(prog > 2);
	pfd = perf_open_tracepoint(&S, (__u64)getpid_tp_id(), 0);
	assert_true(pfd > 2);
	assert_int_equal(perf_set_bpf(&S, pfd, prog), 0);
	assert_int_equal(perf_enable(&S, pfd), 0);
	getpid_times(3);
	assert_int_equal(sys_map_lookup(&S, map, &key, &n), 0);
	assert_true(n >= 3);
	assert_int_equal(perf_disable(&S, pfd), 0);
	close(pfd);
	close(prog);
	close(map);
}

static void test_tracepoint_link(void **state)
{
	__u32 key = 0;
	__u64 n = 0;
	int map, prog, pfd, link;
	struct sys_link_create l = { .attach_type = BPF_PERF_EVENT };

	need_root();
	map = array_map(8, "counts");
	prog = counting_prog(map);
	pfd = perf_open_tracepoint(&S, (__u64)getpid_tp_id(), 0);
	assert_true(prog > 2 && pfd > 2);
	l.prog_fd = (__u32)prog;
	l.target_fd = (__u32)pfd;
	link = sys_link_create(&S, &l);
	assert_true(link > 2);
	getpid_times(2);
	assert_int_equal(sys_map_lookup(&S, map, &key, &n), 0);
	assert_true(n >= 2);
	close(link);
	close(pfd);
	close(prog);
	close(map);
}

static void test_raw_tp(void **state)
{
	struct bpf_insn p[] = { MOV64_IMM(0, 0), EXIT() };
	int prog, link;

	need_root();
	prog = load(BPF_PROG_TYPE_RAW_TRACEPOINT, p, 2, "raw");
	assert_true(prog > 2);
	link = sys_raw_tp_open(&S, "sys_enter", prog);
	assert_true(link > 2);
	close(link);
	close(prog);
}

static int count_42(void *ctx, const void *data, __u32 size)
{
	__u64 v;

	if (size != 8)
		return -EINVAL;
	memcpy(&v, data, 8);
	if (v != 42)
		return -EINVAL;
	++*(int *)ctx;
	return 0;
}

static void test_ringbuf(void **state)
{
	struct sys_map_create m = { .map_type = BPF_MAP_TYPE_RINGBUF,
		.max_entries = 4 * 4096, .name = "events" };
	struct ring r;
	char err[256];
	int map, prog, pfd, seen = 0, ep;
	struct epoll_event ev;

	need_root();
	map = sys_map_create(&S, &m);
	assert_true(map > 2);
	{
		struct bpf_insn p[] = {
			ST_MEM(BPF_DW, 10, -8, 42),
			LD_MAP_FD(1, map),
			MOV64_REG(2, 10), ADD64_IMM(2, -8),
			MOV64_IMM(3, 8),
			MOV64_IMM(4, 0),
			CALL(BPF_FUNC_ringbuf_output),
			MOV64_IMM(0, 0),
			EXIT(),
		};
		prog = load(BPF_PROG_TYPE_TRACEPOINT, p, sizeof(p) / sizeof(p[0]), "ring_getpid");
	}
	assert_true(prog > 2);
	assert_int_equal(ring_open(&r, &S, map, 4 * 4096, count_42, &seen, err, sizeof(err)), 0);
	ep = epoll_create1(EPOLL_CLOEXEC);
	assert_int_equal(ring_epoll_add(&r, ep, &r), 0);
	pfd = perf_open_tracepoint(&S, (__u64)getpid_tp_id(), 0);
	assert_int_equal(perf_set_bpf(&S, pfd, prog), 0);
	assert_int_equal(perf_enable(&S, pfd), 0);
	getpid_times(2);
	assert_int_equal(epoll_wait(ep, &ev, 1, 1000), 1);
	assert_ptr_equal(ev.data.ptr, &r);
	assert_true(ring_consume(&r) >= 2);
	assert_true(seen >= 2);
	close(pfd);
	close(ep);
	ring_close(&r);
	close(prog);
	close(map);
}

struct perf_seen { int n; };

static void perf_sample(void *ctx, int cpu, const void *data, __u32 size)
{
	__u64 v;

	assert_true(size >= 8);
	memcpy(&v, data, 8);
	assert_int_equal(v, 42);
	((struct perf_seen *)ctx)->n++;
}

static void test_perfbuf(void **state)
{
	char err[256];
	bool online[1024];
	int possible, prog, pfd, map, ep;
	struct perf_buf b;
	struct perf_seen seen = { 0 };
	struct epoll_event ev;

	need_root();
	possible = sys_cpus_possible(err, sizeof(err));
	assert_true(possible > 0 && possible <= 1024);
	assert_true(sys_cpus_online(online, 1024, err, sizeof(err)) > 0);
	{
		struct sys_map_create m = { .map_type = BPF_MAP_TYPE_PERF_EVENT_ARRAY,
			.key_size = 4, .value_size = 4, .max_entries = (__u32)possible,
			.name = "perf_events" };
		map = sys_map_create(&S, &m);
	}
	assert_true(map > 2);
	{
		struct bpf_insn p[] = {
			MOV64_REG(6, 1),
			ST_MEM(BPF_DW, 10, -8, 42),
			MOV64_REG(1, 6),
			LD_MAP_FD(2, map),
			MOV32_IMM(3, -1),       /* BPF_F_CURRENT_CPU, zero-extended */
			MOV64_REG(4, 10), ADD64_IMM(4, -8),
			MOV64_IMM(5, 8),
			CALL(BPF_FUNC_perf_event_output),
			MOV64_IMM(0, 0),
			EXIT(),
		};
		prog = load(BPF_PROG_TYPE_TRACEPOINT, p, sizeof(p) / sizeof(p[0]), "perf_getpid");
	}
	assert_true(prog > 2);
	assert_int_equal(perf_buf_init(&b, &S, perf_sample, NULL, &seen), 0);
	if (perf_buf_open(&b, map, online, possible, 2, err, sizeof(err)))
		fail_msg("%s", err);
	ep = epoll_create1(EPOLL_CLOEXEC);
	assert_int_equal(perf_buf_epoll_add(&b, ep, &b), 0);
	pfd = perf_open_tracepoint(&S, (__u64)getpid_tp_id(), 0);
	assert_int_equal(perf_set_bpf(&S, pfd, prog), 0);
	assert_int_equal(perf_enable(&S, pfd), 0);
	getpid_times(2);
	/* The ring wakes its reader when a quarter of it is filled (watermark),
	 * which two records do not do: like the event loop, read after a short
	 * wait whatever epoll says. */
	epoll_wait(ep, &ev, 1, 100);
	assert_true(perf_buf_read(&b) >= 2);
	assert_true(seen.n >= 2);
	close(pfd);
	close(ep);
	perf_buf_close(&b);
	close(prog);
	close(map);
}

static bool events_file_has(const char *root, const char *name)
{
	char path[256], line[512];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/uprobe_events", root);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		found |= strstr(line, name) != NULL;
	fclose(f);
	return found;
}

static void test_uprobe_events(void **state)
{
	char root[128], err[256], exe[512], dead[64], line[700], path[256];
	struct sys_probe p;
	ssize_t n;
	long id;
	pid_t child;
	int fd;

	need_root();
	assert_int_equal(sys_tracefs(&S, root, sizeof(root), err, sizeof(err)), 0);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = 0;
	id = sys_probe_add(&S, root, &p, true, false, exe, 0, err, sizeof(err));
	if (id < 0)
		fail_msg("%s", err);
	assert_true(id > 0);
	assert_true(events_file_has(root, p.event));
	assert_int_equal(sys_probe_remove(&S, root, &p, err, sizeof(err)), 0);
	assert_false(events_file_has(root, p.event));

	/* An entry left by a rawbpf process that died. */
	child = fork();
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	snprintf(dead, sizeof(dead), "rawbpf_%lu_%d_0", sys_pid_ns(), (int)child);
	snprintf(line, sizeof(line), "p:uprobes/%s %s:0x0", dead, exe);
	snprintf(path, sizeof(path), "%s/uprobe_events", root);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	close(fd);
	/* and one of ours, alive: it must stay */
	assert_true(sys_probe_add(&S, root, &p, true, false, exe, 0, err, sizeof(err)) > 0);
	assert_true(events_file_has(root, dead));
	assert_true(sys_probe_clean_dead(&S, root, err, sizeof(err)) >= 1);
	assert_false(events_file_has(root, dead));
	assert_true(events_file_has(root, p.event));
	assert_int_equal(sys_probe_remove(&S, root, &p, err, sizeof(err)), 0);
}

static void test_pin(void **state)
{
	char err[256], path[128];
	int map, got;
	__u32 key = 0;
	__u64 v = 9, out = 0;

	need_root();
	assert_int_equal(sys_bpffs(&S, err, sizeof(err)), 0);
	map = array_map(8, "pinned");
	assert_int_equal(sys_map_update(&S, map, &key, &v, BPF_ANY), 0);
	snprintf(path, sizeof(path), "/sys/fs/bpf/rawbpf_test_%d", (int)getpid());
	assert_int_equal(sys_obj_pin(&S, map, path), 0);
	got = sys_obj_get(&S, path, 0);
	assert_true(got > 2);
	assert_int_equal(sys_map_lookup(&S, got, &key, &out), 0);
	assert_int_equal(out, 9);
	assert_int_equal(unlink(path), 0);
	close(got);
	close(map);
}

static int say_why(void **state)
{
	if (geteuid() != 0)
		print_message("# kernel tests need root (euid %d): skipped\n", (int)geteuid());
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_basics),
		cmocka_unit_test(test_prog_load),
		cmocka_unit_test(test_btf_load),
		cmocka_unit_test(test_tracepoint_set_bpf),
		cmocka_unit_test(test_tracepoint_link),
		cmocka_unit_test(test_raw_tp),
		cmocka_unit_test(test_ringbuf),
		cmocka_unit_test(test_perfbuf),
		cmocka_unit_test(test_uprobe_events),
		cmocka_unit_test(test_pin),
	};
	return cmocka_run_group_tests(tests, say_why, NULL);
}
