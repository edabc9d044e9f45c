/* bpf/'s attach paths beyond tracing, against the running kernel: an XDP link,
 * a tcx link, the rtnetlink clsact + bpf filter path (bpf/netlink.c), a
 * cgroup_skb link on a cgroup2 directory (bpf/cgroup.c), a task iterator
 * (BPF_LINK_CREATE + BPF_ITER_CREATE) and cgroup2 mounting.
 *
 * The process moves into a network namespace of its own (unshare), with a
 * veth pair whose peer end lives in a second namespace held by a child
 * process, so that pings cross the veth; both namespaces vanish with the
 * processes and nothing is left on the host. ip(8) and tc(8) set up and
 * inspect the namespace; the code under test uses neither.
 *
 * The programs are assembled here, except the iterator and the struct_ops
 * programs, which are tests/bpf/iter_task.bpf.o and structops_link.bpf.o
 * loaded through the C API (the loader does not attach them: this test does,
 * with bpf/ only).
 * With LINKS_EXPLAIN=FILE, every call made through struct sys is explained
 * into FILE (tests/kernel/links_strace.sh compares it with strace).
 * Needs root; skips otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/pkt_cls.h>

#include "btf/btf.h"
#include "common/util.h"
#include "loader/plan/object.h"         /* rb_object.btf_fd, read only */
#include "bpf/cgroup.h"
#include "bpf/netlink.h"
#include "bpf/sys.h"
#include "loader/rawbpf.h"

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_IMM(d, i)   I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)   I(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)   I(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_MEM(sz, d, o, i) I(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define LD_MAP_FD(d, fd)  I(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd), I(0, 0, 0, 0, 0)
#define CALL(h)           I(BPF_JMP | BPF_CALL, 0, 0, 0, h)
#define JEQ_IMM(d, i, o)  I(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define ATOMIC_ADD64(d, s) I(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, 0, BPF_ADD)
#define EXIT()            I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#define DEV "rbl0"              /* ours, in our namespace */
#define PEER_DEV "rbl1"         /* the peer's */
#define ADDR "10.211.0.1"
#define PEER "10.211.0.2"

static struct sys S;            /* real calls; explained with LINKS_EXPLAIN */
static char log_buf[65536];
static pid_t peer_pid;          /* holds the peer namespace */
static int peer_pipe = -1;      /* closing it ends the peer */
static int ifindex;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st != 0)
		print_message("# `%s` exited %d\n", cmd, st);
	return st;
}

/* The output of a shell command, in out[len]. */
static void sh_out(char *out, size_t len, const char *cmd)
{
	FILE *p = popen(cmd, "r");
	size_t n = p ? fread(out, 1, len - 1, p) : 0;

	out[n] = 0;
	if (p)
		pclose(p);
}

/* The peer: a child in a new network namespace, alive until peer_pipe closes. */
static int start_peer(void)
{
	int fds[2], ready[2];
	char c;

	if (pipe(fds) || pipe(ready))
		return -1;
	peer_pid = fork();
	if (peer_pid == 0) {
		close(fds[1]);
		close(ready[0]);
		c = unshare(CLONE_NEWNET) == 0 ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(1);
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	close(ready[1]);
	peer_pipe = fds[1];
	if (read(ready[0], &c, 1) != 1 || c != 'y')
		return -1;
	close(ready[0]);
	return 0;
}

static int setup(void **state)
{
	const char *ex = getenv("LINKS_EXPLAIN");

	if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0)
		return 0;       /* each test skips when ifindex is 0 */
	if (ex) {
		S.explain = fopen(ex, "we");
		if (S.explain)
			setvbuf(S.explain, NULL, _IOLBF, 0);
	}
	if (start_peer() ||
	    sh("ip link set lo up && ip link add " DEV " type veth peer name " PEER_DEV) ||
	    sh("ip link set " PEER_DEV " netns %d", (int)peer_pid) ||
	    sh("ip addr add " ADDR "/24 dev " DEV " && ip link set " DEV " up") ||
	    sh("nsenter -t %d -n sh -c 'ip addr add " PEER "/24 dev " PEER_DEV
	       " && ip link set " PEER_DEV " up && ip link set lo up'", (int)peer_pid))
		return -1;
	ifindex = (int)if_nametoindex(DEV);
	return ifindex > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	if (peer_pipe >= 0) {
		close(peer_pipe);
		waitpid(peer_pid, NULL, 0);
	}
	if (S.explain)
		fclose(S.explain);
	return 0;
}

static void need_net(void)
{
	if (!ifindex)
		skip();
}

static uint16_t csum(const void *data, size_t n)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* An echo reply to (id, seq) from PEER within ms milliseconds. */
static bool echo_reply(int fd, uint16_t id, uint16_t seq, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	unsigned char buf[256];

	while (poll(&pfd, 1, ms) == 1) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		struct icmphdr h;
		size_t ihl;

		if (n < (ssize_t)sizeof(struct ip))
			continue;
		ihl = (size_t)(buf[0] & 0xf) * 4;
		if ((size_t)n < ihl + sizeof(h))
			continue;
		memcpy(&h, buf + ihl, sizeof(h));
		if (h.type == ICMP_ECHOREPLY && ntohs(h.un.echo.id) == id &&
		    ntohs(h.un.echo.sequence) == seq && from.sin_addr.s_addr == inet_addr(PEER))
			return true;
	}
	return false;
}

/* Whether PEER answers a ping (three tries, 400 ms each): ICMP echo over a
 * raw socket, since iputils may not be installed. */
static bool ping_ok(void)
{
	static uint16_t seq;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = inet_addr(PEER) };
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	bool ok = false;

	assert_true(fd >= 0);
	for (int i = 0; i < 3 && !ok; i++) {
		struct icmphdr h = { .type = ICMP_ECHO };

		h.un.echo.id = htons(0x7262);
		h.un.echo.sequence = htons(++seq);
		h.checksum = csum(&h, sizeof(h));
		assert_int_equal(sendto(fd, &h, sizeof(h), 0, (struct sockaddr *)&to, sizeof(to)),
				 sizeof(h));
		ok = echo_reply(fd, 0x7262, seq, 400);
	}
	close(fd);
	return ok;
}

static int counter_map(void)
{
	struct sys_map_create m = { .map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4,
		.value_size = 8, .max_entries = 1, .name = "count" };
	int fd = sys_map_create(&S, &m);

	assert_true(fd >= 0);
	return fd;
}

static __u64 count_of(int map_fd)
{
	__u32 key = 0;
	__u64 v = 0;

	assert_int_equal(sys_map_lookup(&S, map_fd, &key, &v), 0);
	return v;
}

/* A program that adds 1 to the counter and returns ret. */
static int counting_prog(__u32 type, __u32 expected, int map_fd, int ret, const char *name)
{
	struct bpf_insn insns[] = {
		ST_MEM(BPF_W, BPF_REG_10, -4, 0),
		MOV64_REG(BPF_REG_2, BPF_REG_10),
		ADD64_IMM(BPF_REG_2, -4),
		LD_MAP_FD(BPF_REG_1, map_fd),
		CALL(BPF_FUNC_map_lookup_elem),
		JEQ_IMM(BPF_REG_0, 0, 2),
		MOV64_IMM(BPF_REG_1, 1),
		ATOMIC_ADD64(BPF_REG_0, BPF_REG_1),
		MOV64_IMM(BPF_REG_0, ret),
		EXIT(),
	};
	struct sys_prog_load p = { .prog_type = type, .insns = insns,
		.insn_cnt = sizeof(insns) / sizeof(insns[0]), .license = "GPL", .name = name,
		.expected_attach_type = expected, .log_buf = log_buf, .log_size = sizeof(log_buf) };
	int fd = sys_prog_load(&S, &p);

	if (fd < 0)
		print_error("%s: %s\n%s\n", name, strerror(-fd), log_buf);
	assert_true(fd >= 0);
	return fd;
}

/* (a) XDP_PASS with a counter, on a BPF_XDP link: pings pass and are seen;
 * after BPF_LINK_DETACH (the fd still open), no longer seen. */
static void test_xdp_link_counts_pings(void **state)
{
	int map, prog, link;
	__u64 seen;

	need_net();
	map = counter_map();
	prog = counting_prog(BPF_PROG_TYPE_XDP, BPF_XDP, map, XDP_PASS, "xdp_count");
	link = sys_link_create(&S, &(struct sys_link_create){ .prog_fd = (__u32)prog,
		.target_fd = (__u32)ifindex, .attach_type = BPF_XDP });
	assert_true(link >= 0);
	assert_true(ping_ok());
	seen = count_of(map);
	assert_true(seen >= 1);
	assert_int_equal(sys_link_detach(&S, link), 0);
	assert_true(ping_ok());
	assert_int_equal(count_of(map), seen);
	close(link);
	close(prog);
	close(map);
}

/* (b) TC_ACT_SHOT on a tcx ingress link: pings fail while it is attached,
 * pass once the link is closed. */
static void test_tcx_link_drops_while_attached(void **state)
{
	int map, prog, link;

	need_net();
	map = counter_map();
	prog = counting_prog(BPF_PROG_TYPE_SCHED_CLS, SYS_BPF_TCX_INGRESS, map, TC_ACT_SHOT,
			     "tcx_drop");
	link = sys_link_create(&S, &(struct sys_link_create){ .prog_fd = (__u32)prog,
		.target_fd = (__u32)ifindex, .attach_type = SYS_BPF_TCX_INGRESS });
	if (link == -EINVAL)
		skip();         /* before 6.6: no tcx */
	assert_true(link >= 0);
	assert_false(ping_ok());
	assert_true(count_of(map) >= 1);
	close(link);
	assert_true(ping_ok());
	close(prog);
	close(map);
}

static bool shows(const char *cmd, const char *needle)
{
	char out[4096];

	sh_out(out, sizeof(out), cmd);
	return strstr(out, needle) != NULL;
}

/* (c) The netlink path: clsact + a direct-action bpf filter drops pings;
 * deleting the filter and the qdisc restores them and leaves nothing. */
static void test_netlink_clsact_filter_drops_and_cleans_up(void **state)
{
	struct sys_tc_filter f = { .ifindex = ifindex, .prio = 1, .handle = 1 };
	char err[256];
	bool created = false;
	int map, prog;

	need_net();
	map = counter_map();
	prog = counting_prog(BPF_PROG_TYPE_SCHED_CLS, 0, map, TC_ACT_SHOT, "cls_drop");
	assert_int_equal(sys_tc_clsact_add(&S, ifindex, &created, err, sizeof(err)), 0);
	assert_true(created);
	assert_int_equal(sys_tc_bpf_add(&S, &f, prog, "cls_drop", err, sizeof(err)), 0);
	assert_true(shows("tc filter show dev " DEV " ingress", "cls_drop"));
	assert_true(shows("tc filter show dev " DEV " ingress", "direct-action"));
	assert_false(ping_ok());
	assert_true(count_of(map) >= 1);
	assert_int_equal(sys_tc_bpf_del(&S, &f, err, sizeof(err)), 0);
	assert_true(ping_ok());
	assert_false(shows("tc filter show dev " DEV " ingress", "bpf"));
	assert_int_equal(sys_tc_clsact_del(&S, ifindex, err, sizeof(err)), 0);
	assert_false(shows("tc qdisc show dev " DEV, "clsact"));
	close(prog);
	close(map);
}

/* A second clsact is not ours to delete; a second filter at the same prio
 * and handle is refused, not replaced, and the message names the device. */
static void test_netlink_existing_not_replaced(void **state)
{
	struct sys_tc_filter f = { .ifindex = ifindex, .egress = true, .prio = 7, .handle = 3 };
	char err[256] = "";
	bool created = false;
	int map, prog;

	need_net();
	map = counter_map();
	prog = counting_prog(BPF_PROG_TYPE_SCHED_CLS, 0, map, TC_ACT_OK, "cls_ok");
	assert_int_equal(sys_tc_clsact_add(&S, ifindex, &created, err, sizeof(err)), 0);
	assert_true(created);
	assert_int_equal(sys_tc_clsact_add(&S, ifindex, &created, err, sizeof(err)), 0);
	assert_false(created);
	assert_int_equal(sys_tc_bpf_add(&S, &f, prog, "cls_ok", err, sizeof(err)), 0);
	assert_int_equal(sys_tc_bpf_add(&S, &f, prog, "cls_ok", err, sizeof(err)), -EEXIST);
	print_message("# %s\n", err);
	assert_non_null(strstr(err, "dev " DEV " egress prio 7"));
	assert_int_equal(sys_tc_bpf_del(&S, &f, err, sizeof(err)), 0);
	assert_int_equal(sys_tc_bpf_del(&S, &f, err, sizeof(err)), -ENOENT);
	assert_int_equal(sys_tc_clsact_del(&S, ifindex, err, sizeof(err)), 0);
	assert_int_equal(sys_tc_bpf_add(&S, &(struct sys_tc_filter){ .ifindex = 99999,
		.prio = 1, .handle = 1 }, prog, NULL, err, sizeof(err)), -ENODEV);
	assert_non_null(strstr(err, "dev ifindex 99999"));
	close(prog);
	close(map);
}

/* Send n UDP datagrams to 127.0.0.1:9 (discard). */
static void udp_send(int n)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	for (int i = 0; fd >= 0 && i < n; i++)
		sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	if (fd >= 0)
		close(fd);
}

/* A child that joins cgroup dir and sends n datagrams; 0 when it did. */
static int child_in_cgroup(const char *dir, int n)
{
	char path[400];
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int fd;

		snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0", 1) != 1)
			_exit(1);
		close(fd);
		udp_send(n);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* (e) cgroup_skb egress on a cgroup of our own counts what a process in it
 * sends, and not what we send from outside it. */
static void test_cgroup_skb_link_counts_member_packets(void **state)
{
	char root[256], dir[300], err[256];
	int map, prog, cg, link;

	need_net();
	assert_int_equal(sys_cgroup2(&S, root, sizeof(root), err, sizeof(err)), 0);
	snprintf(dir, sizeof(dir), "%s/rawbpf_links_%d", root, (int)getpid());
	assert_true(mkdir(dir, 0755) == 0 || errno == EEXIST);
	cg = sys_cgroup_open(&S, dir, err, sizeof(err));
	assert_true(cg >= 0);
	map = counter_map();
	prog = counting_prog(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, map, 1, "cg_count");
	link = sys_link_create(&S, &(struct sys_link_create){ .prog_fd = (__u32)prog,
		.target_fd = (__u32)cg, .attach_type = BPF_CGROUP_INET_EGRESS });
	assert_true(link >= 0);
	udp_send(3);
	assert_int_equal(count_of(map), 0);
	assert_int_equal(child_in_cgroup(dir, 5), 0);
	assert_true(count_of(map) >= 5);
	close(link);
	close(prog);
	close(map);
	close(cg);
	assert_int_equal(rmdir(dir), 0);
}

/* (d) iter/task through BPF_LINK_CREATE + BPF_ITER_CREATE: our pid is in
 * what the iterator prints. */
static void test_iter_task_lists_this_process(void **state)
{
	const char *o = getenv("O") ? getenv("O") : "build";
	char path[256], err[512], want[64];
	static char out[1 << 20];
	struct rb_object *obj = NULL;
	size_t len = 0;
	ssize_t n;
	int prog, link, it;

	if (geteuid() != 0)
		skip();
	snprintf(path, sizeof(path), "%s/tests/bpf/iter_task.bpf.o", o);
	if (rb_open(path, &obj, err, sizeof(err)) || rb_load_object(obj, NULL, err, sizeof(err)))
		fail_msg("%s", err);
	prog = rb_prog_fd(obj, "dump_task");
	assert_true(prog >= 0);
	link = sys_link_create(&S, &(struct sys_link_create){ .prog_fd = (__u32)prog,
		.attach_type = BPF_TRACE_ITER });
	assert_true(link >= 0);
	it = sys_iter_create(&S, link);
	assert_true(it >= 0);
	while (len < sizeof(out) - 1 && (n = read(it, out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = 0;
	snprintf(want, sizeof(want), "pid=%d comm=test_links\n", (int)getpid());
	assert_non_null(strstr(out, want));
	close(it);
	close(link);
	rb_close(obj);
}

/* The byte offset of member name in struct id of btf; -1 when absent. */
static long member_off(const struct btf *btf, uint32_t id, const char *name)
{
	const struct btf_type *t = btf_type(btf, id);
	const struct btf_member *m = (const struct btf_member *)(t + 1);

	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		const char *n = btf_str(btf, m[i].name_off);

		if (n && !strcmp(n, name))
			return (long)(BTF_INFO_KFLAG(t->info) ?
				      BTF_MEMBER_BIT_OFFSET(m[i].offset) : m[i].offset) / 8;
	}
	return -1;
}

static bool tcp_cc_listed(const char *name)
{
	char buf[1024], err[256];

	if (sys_read_text("/proc/sys/net/ipv4/tcp_available_congestion_control", buf,
			  sizeof(buf), err, sizeof(err)))
		return false;
	return strstr(buf, name) != NULL;
}

/* The value of bpf_struct_ops_tcp_congestion_ops: { common, data }, data's
 * three required members set to prog fds, its name to name. */
static void *tcp_ca_value(const struct btf *btf, uint32_t vid, const int fds[3], const char *name)
{
	static const char *const members[] = { "ssthresh", "cong_avoid", "undo_cwnd" };
	int64_t size = btf_type_size(btf, vid), ops = btf_find(btf, "tcp_congestion_ops", BTF_KIND_STRUCT);
	long data = member_off(btf, vid, "data");
	char *v;

	assert_true(size > 0 && ops > 0 && data > 0);
	v = calloc(1, (size_t)size);
	assert_non_null(v);
	for (int i = 0; i < 3; i++) {
		long off = member_off(btf, (uint32_t)ops, members[i]);
		__u64 fd = (__u64)fds[i];

		assert_true(off >= 0);
		memcpy(v + data + off, &fd, sizeof(fd));
	}
	strcpy(v + data + member_off(btf, (uint32_t)ops, "name"), name);
	return v;
}

/* struct_ops: a BPF_MAP_TYPE_STRUCT_OPS map typed by the kernel's
 * bpf_struct_ops_tcp_congestion_ops, filled with BPF_MAP_UPDATE_ELEM and
 * registered by a BPF_STRUCT_OPS link: the congestion control is listed
 * while the link lives, and not after. */
static void test_struct_ops_link_registers_tcp_ca(void **state)
{
	const char *o = getenv("O") ? getenv("O") : "build";
	char path[256], err[512], name[16];
	struct rb_object *obj = NULL;
	struct btf *btf = NULL;
	unsigned char *raw = NULL;
	size_t raw_len = 0;
	int fds[3], map, link, tries = 0;
	__u32 key = 0;
	int64_t vid;
	void *value;

	if (geteuid() != 0)
		skip();
	snprintf(path, sizeof(path), "%s/tests/bpf/structops_link.bpf.o", o);
	if (rb_open(path, &obj, err, sizeof(err)) || rb_load_object(obj, NULL, err, sizeof(err)))
		fail_msg("%s", err);
	fds[0] = rb_prog_fd(obj, "rb_ssthresh");
	fds[1] = rb_prog_fd(obj, "rb_cong_avoid");
	fds[2] = rb_prog_fd(obj, "rb_undo_cwnd");
	assert_true(fds[0] >= 0 && fds[1] >= 0 && fds[2] >= 0);
	if (read_whole_file("/sys/kernel/btf/vmlinux", &raw, &raw_len, err, sizeof(err)) ||
	    btf_parse(raw, raw_len, &btf, err, sizeof(err)))
		fail_msg("%s", err);
	vid = btf_find(btf, "bpf_struct_ops_tcp_congestion_ops", BTF_KIND_STRUCT);
	assert_true(vid > 0);
	snprintf(name, sizeof(name), "rb_%d", (int)getpid() % 1000000);
	value = tcp_ca_value(btf, (uint32_t)vid, fds, name);
	map = sys_map_create(&S, &(struct sys_map_create){ .map_type = BPF_MAP_TYPE_STRUCT_OPS,
		.key_size = 4, .value_size = (__u32)btf_type_size(btf, (uint32_t)vid), .max_entries = 1,
		.map_flags = SYS_BPF_F_LINK, .name = "rawbpf_lnk", .btf_fd = (__u32)obj->btf_fd,
		.btf_vmlinux_value_type_id = (__u32)vid });
	assert_true(map >= 0);
	assert_int_equal(sys_map_update(&S, map, &key, value, 0), 0);
	assert_false(tcp_cc_listed(name));
	link = sys_link_create(&S, &(struct sys_link_create){ .prog_fd = (__u32)map,
		.attach_type = SYS_BPF_STRUCT_OPS });
	assert_true(link >= 0);
	assert_true(tcp_cc_listed(name));
	close(link);
	while (tcp_cc_listed(name) && tries++ < 50)
		usleep(20000);  /* unregistered when the last reference goes */
	assert_false(tcp_cc_listed(name));
	close(map);
	free(value);
	btf_free(btf);
	free(raw);
	rb_close(obj);
}

/* sys_cgroup2 mounts one when none is mounted: in a mount namespace of a
 * child, without the host's cgroup2 mounts, the mount made appears in
 * /proc/self/mountinfo and is a cgroup2. */
static void test_cgroup2_mounted_when_missing(void **state)
{
	pid_t pid;
	int st;

	if (geteuid() != 0)
		skip();
	pid = fork();
	if (pid == 0) {
		struct sys s = { 0 };
		char dir[256], err[256];
		struct statfs sf;

		if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(2);
		while (sys_cgroup2_find("/proc/self/mountinfo", dir, sizeof(dir)) == 0)
			if (umount2(dir, MNT_DETACH))
				_exit(3);
		if (sys_cgroup2(&s, dir, sizeof(dir), err, sizeof(err)))
			_exit(4);
		if (statfs(dir, &sf) || sf.f_type != 0x63677270)
			_exit(5);
		_exit(sys_cgroup2_find("/proc/self/mountinfo", dir, sizeof(dir)) == 0 ? 0 : 6);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xdp_link_counts_pings),
		cmocka_unit_test(test_tcx_link_drops_while_attached),
		cmocka_unit_test(test_netlink_clsact_filter_drops_and_cleans_up),
		cmocka_unit_test(test_netlink_existing_not_replaced),
		cmocka_unit_test(test_cgroup_skb_link_counts_member_packets),
		cmocka_unit_test(test_iter_task_lists_this_process),
		cmocka_unit_test(test_struct_ops_link_registers_tcp_ca),
		cmocka_unit_test(test_cgroup2_mounted_when_missing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
