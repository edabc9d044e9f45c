/* bpf/link.c, bpf/netlink.c and bpf/cgroup.c without a kernel: what a dry run
 * explains for each kind of BPF_LINK_CREATE (and the attr size it would
 * pass), the netlink requests, the checks on a netlink answer (every length
 * against what was received), and the mountinfo parser. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <linux/netlink.h>

#include "bpf/cgroup.h"
#include "bpf/netlink.h"
#include "bpf/sys.h"

/* ---- explain of a dry run ---- */

static char *out;
static size_t out_len;

static struct sys dry(void)
{
	struct sys s = { .dry_run = true };

	free(out);
	out = NULL;
	s.explain = open_memstream(&out, &out_len);
	return s;
}

static const char *said(struct sys *s)
{
	fclose(s->explain);
	s->explain = NULL;
	return out;
}

static void explains(const struct sys_link_create *a, const char *want)
{
	struct sys s = dry();

	assert_int_equal(sys_link_create(&s, a), 1000);
	assert_string_equal(said(&s), want);
}

static void test_link_xdp_names_ifindex_and_passes_16(void **state)
{
	explains(&(struct sys_link_create){ .prog_fd = 5, .target_fd = 7, .attach_type = BPF_XDP },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_ifindex=7, "
		 "attach_type=BPF_XDP, flags=0}}, 16) = 1000\n");
}

static void test_link_cgroup_passes_16(void **state)
{
	explains(&(struct sys_link_create){ .prog_fd = 5, .target_fd = 9,
		 .attach_type = BPF_CGROUP_INET_EGRESS },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_fd=9, "
		 "attach_type=BPF_CGROUP_INET_EGRESS, flags=0}}, 16) = 1000\n");
}

static void test_link_tcx_relative_and_revision(void **state)
{
	explains(&(struct sys_link_create){ .prog_fd = 5, .target_fd = 7,
		 .attach_type = SYS_BPF_TCX_EGRESS, .flags = 8, .relative_fd = 6,
		 .expected_revision = 3 },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_ifindex=7, "
		 "attach_type=BPF_TCX_EGRESS, flags=0x8, tcx={relative_fd=6, "
		 "expected_revision=3}}}, 32) = 1000\n");
	explains(&(struct sys_link_create){ .prog_fd = 5, .target_fd = 7,
		 .attach_type = SYS_BPF_NETKIT_PEER },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_ifindex=7, "
		 "attach_type=BPF_NETKIT_PEER, flags=0, netkit={relative_fd=0, "
		 "expected_revision=0}}}, 32) = 1000\n");
}

static void test_link_iter_and_struct_ops(void **state)
{
	explains(&(struct sys_link_create){ .prog_fd = 5, .attach_type = BPF_TRACE_ITER },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_fd=0, "
		 "attach_type=BPF_TRACE_ITER, flags=0, iter_info=NULL, iter_info_len=0}}, 28) = 1000\n");
	explains(&(struct sys_link_create){ .prog_fd = 4, .attach_type = SYS_BPF_STRUCT_OPS },
		 "bpf(BPF_LINK_CREATE, {link_create={map_fd=4, target_fd=0, "
		 "attach_type=BPF_STRUCT_OPS, flags=0}}, 16) = 1000\n");
}

static void test_link_multi_probes_show_arrays(void **state)
{
	const char *syms[] = { "vfs_read", "vfs_write" };
	unsigned long offs[] = { 0x1130, 0x1180 };

	explains(&(struct sys_link_create){ .prog_fd = 5, .attach_type = BPF_TRACE_KPROBE_MULTI,
		 .kprobe_multi = { .flags = SYS_BPF_F_MULTI_RETURN, .cnt = 2, .syms = syms } },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_fd=0, "
		 "attach_type=BPF_TRACE_KPROBE_MULTI, flags=0, kprobe_multi={flags=0x1, cnt=2, "
		 "syms=[\"vfs_read\", \"vfs_write\"], addrs=NULL, cookies=NULL}}}, 48) = 1000\n");
	explains(&(struct sys_link_create){ .prog_fd = 5, .attach_type = SYS_BPF_TRACE_UPROBE_MULTI,
		 .uprobe_multi = { .path = "/bin/true", .offsets = offs, .cnt = 2, .pid = 42 } },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_fd=0, "
		 "attach_type=BPF_TRACE_UPROBE_MULTI, flags=0, uprobe_multi={path=\"/bin/true\", "
		 "offsets=[0x1130, 0x1180], ref_ctr_offsets=NULL, cookies=NULL, cnt=2, flags=0, "
		 "pid=42}}}, 60) = 1000\n");
}

static void test_link_tracing_cookie_and_perf_event(void **state)
{
	explains(&(struct sys_link_create){ .prog_fd = 5, .attach_type = BPF_TRACE_FENTRY,
		 .target_btf_id = 77, .cookie = 9 },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_fd=0, "
		 "attach_type=BPF_TRACE_FENTRY, flags=0, target_btf_id=77, "
		 "tracing={cookie=9}}}, 32) = 1000\n");
	explains(&(struct sys_link_create){ .prog_fd = 5, .target_fd = 6,
		 .attach_type = BPF_PERF_EVENT },
		 "bpf(BPF_LINK_CREATE, {link_create={prog_fd=5, target_fd=6, "
		 "attach_type=BPF_PERF_EVENT, flags=0, perf_event={bpf_cookie=0}}}, 24) = 1000\n");
}

static void test_iter_create_and_link_detach(void **state)
{
	struct sys s = dry();

	assert_int_equal(sys_iter_create(&s, 8), 1000);
	assert_int_equal(sys_link_detach(&s, 8), 0);
	assert_string_equal(said(&s),
		"bpf(BPF_ITER_CREATE, {iter_create={link_fd=8, flags=0}}, 8) = 1000\n"
		"bpf(BPF_LINK_DETACH, {link_detach={link_fd=8}}, 4) = 0\n");
}

static void test_struct_ops_map_value_type_explained(void **state)
{
	struct sys s = dry();
	struct sys_map_create m = { .map_type = BPF_MAP_TYPE_STRUCT_OPS, .key_size = 4,
		.value_size = 256, .max_entries = 1, .name = "ca", .btf_vmlinux_value_type_id = 1234 };

	assert_int_equal(sys_map_create(&s, &m), 1000);
	assert_string_equal(said(&s),
		"bpf(BPF_MAP_CREATE, {map_type=BPF_MAP_TYPE_STRUCT_OPS, key_size=4, value_size=256, "
		"max_entries=1, map_flags=0, map_name=\"ca\", btf_vmlinux_value_type_id=1234}, 72) = 1000\n");
}

/* ---- netlink requests in a dry run ---- */

static void test_tc_requests_explained(void **state)
{
	struct sys s = dry();
	struct sys_tc_filter f = { .ifindex = 7, .prio = 1, .handle = 1 };
	char err[256];
	bool created = false;

	assert_int_equal(sys_tc_clsact_add(&s, 7, &created, err, sizeof(err)), 0);
	assert_true(created);
	assert_int_equal(sys_tc_bpf_add(&s, &f, 5, "drop", err, sizeof(err)), 0);
	assert_int_equal(sys_tc_bpf_del(&s, &f, err, sizeof(err)), 0);
	assert_int_equal(sys_tc_clsact_del(&s, 7, err, sizeof(err)), 0);
	assert_string_equal(said(&s),
		"sendmsg(NETLINK_ROUTE, RTM_NEWQDISC {ifindex=7, parent=TC_H_CLSACT, handle=0xffff0000, "
		"kind=\"clsact\"}, NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE|NLM_F_EXCL) = 0\n"
		"sendmsg(NETLINK_ROUTE, RTM_NEWTFILTER {ifindex=7, parent=TC_H_CLSACT:TC_H_MIN_INGRESS, "
		"handle=0x1, prio=1, protocol=ETH_P_ALL, kind=\"bpf\", options={fd=5, name=\"drop\", "
		"flags=TCA_BPF_FLAG_ACT_DIRECT}}, NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE|NLM_F_EXCL) = 0\n"
		"sendmsg(NETLINK_ROUTE, RTM_DELTFILTER {ifindex=7, parent=TC_H_CLSACT:TC_H_MIN_INGRESS, "
		"handle=0x1, prio=1, protocol=ETH_P_ALL, kind=\"bpf\"}, NLM_F_REQUEST|NLM_F_ACK) = 0\n"
		"sendmsg(NETLINK_ROUTE, RTM_DELQDISC {ifindex=7, parent=TC_H_CLSACT, handle=0xffff0000, "
		"kind=\"clsact\"}, NLM_F_REQUEST|NLM_F_ACK) = 0\n");
}

static void test_tc_filter_without_prio_refused(void **state)
{
	struct sys s = { .dry_run = true };
	char err[256];

	assert_int_equal(sys_tc_bpf_add(&s, &(struct sys_tc_filter){ .ifindex = 7, .handle = 1 },
					5, NULL, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "prio and handle must be set"));
}

/* ---- netlink answers ---- */

/* An NLMSG_ERROR answer in buf: error, flags, then extra bytes after
 * nlmsgerr (the echoed payload and/or TLVs); returns its length. */
static size_t answer(uint32_t *buf, int error, __u16 flags, __u32 echoed_len,
		     const void *extra, size_t extra_len)
{
	struct nlmsghdr nh = { .nlmsg_type = NLMSG_ERROR, .nlmsg_flags = flags, .nlmsg_seq = 1 };
	struct nlmsgerr e = { .error = error };
	size_t len = NLMSG_LENGTH(sizeof(e)) + extra_len;

	e.msg.nlmsg_len = echoed_len;
	e.msg.nlmsg_seq = 1;
	nh.nlmsg_len = (__u32)len;
	memcpy(buf, &nh, sizeof(nh));
	memcpy((char *)buf + NLMSG_HDRLEN, &e, sizeof(e));
	if (extra_len)
		memcpy((char *)buf + NLMSG_LENGTH(sizeof(e)), extra, extra_len);
	return len;
}

/* An NLMSGERR_ATTR_MSG attribute holding s, padded, in out; its length. */
static size_t msg_attr(char *out, const char *s)
{
	struct nlattr a = { .nla_type = NLMSGERR_ATTR_MSG, .nla_len = (__u16)(NLA_HDRLEN + strlen(s) + 1) };

	memset(out, 0, NLA_ALIGN(a.nla_len));
	memcpy(out, &a, sizeof(a));
	memcpy(out + NLA_HDRLEN, s, strlen(s) + 1);
	return NLA_ALIGN(a.nla_len);
}

static void test_nl_ack_zero_is_success(void **state)
{
	uint32_t buf[64];
	char msg[64];
	size_t n = answer(buf, 0, NLM_F_CAPPED, NLMSG_HDRLEN, NULL, 0);

	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
}

static void test_nl_ack_error_with_reason(void **state)
{
	uint32_t buf[64];
	char tlv[64], msg[64];
	size_t t = msg_attr(tlv, "Filter already exists");
	size_t n = answer(buf, -EEXIST, NLM_F_CAPPED | NLM_F_ACK_TLVS, NLMSG_HDRLEN, tlv, t);

	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EEXIST);
	assert_string_equal(msg, "Filter already exists");
	/* A short msg buffer gets a cut, terminated reason. */
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, 7), -EEXIST);
	assert_string_equal(msg, "Filter");
}

/* Without NLM_F_CAPPED the request comes back after nlmsgerr, TLVs after it. */
static void test_nl_ack_uncapped_echo_skipped(void **state)
{
	uint32_t buf[64];
	char extra[128], msg[64];
	size_t t;

	memset(extra, 'A', 12);         /* the echoed request's payload */
	t = msg_attr(extra + 12, "no such device");
	assert_int_equal(sys_nl_ack(buf, answer(buf, -ENODEV, NLM_F_ACK_TLVS,
				    NLMSG_HDRLEN + 12, extra, 12 + t), 1, msg, sizeof(msg)), -ENODEV);
	assert_string_equal(msg, "no such device");
}

static void test_nl_ack_lengths_beyond_received_refused(void **state)
{
	uint32_t buf[64];
	char tlv[64], msg[64];
	size_t t = msg_attr(tlv, "reason");
	size_t n = answer(buf, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, NLMSG_HDRLEN, tlv, t);

	/* The message says it is longer than what recv() returned. */
	assert_int_equal(sys_nl_ack(buf, n - 4, 1, msg, sizeof(msg)), -EPROTO);
	/* Too short to hold a struct nlmsgerr. */
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN + 2;
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EPROTO);
	/* Shorter than its own header. */
	((struct nlmsghdr *)buf)->nlmsg_len = 3;
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EPROTO);
	/* A few bytes, not a header. */
	assert_int_equal(sys_nl_ack(buf, 5, 1, msg, sizeof(msg)), -EPROTO);
}

static void test_nl_ack_attr_beyond_message_ignored(void **state)
{
	uint32_t buf[64];
	char tlv[64], msg[64];
	size_t t = msg_attr(tlv, "reason");
	size_t n;

	((struct nlattr *)tlv)->nla_len = 200;  /* past the message's end */
	n = answer(buf, -EINVAL, NLM_F_CAPPED | NLM_F_ACK_TLVS, NLMSG_HDRLEN, tlv, t);
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "");
	/* An echoed length that points past the message: no TLVs read. */
	t = msg_attr(tlv, "reason");
	n = answer(buf, -EINVAL, NLM_F_ACK_TLVS, 4000, tlv, t);
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "");
}

static void test_nl_ack_other_answers(void **state)
{
	uint32_t buf[64];
	char msg[64];
	size_t n = answer(buf, 0, NLM_F_CAPPED, NLMSG_HDRLEN, NULL, 0);

	assert_int_equal(sys_nl_ack(buf, n, 2, msg, sizeof(msg)), -EAGAIN);    /* not ours */
	((struct nlmsghdr *)buf)->nlmsg_type = NLMSG_DONE;
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EPROTO);
	n = answer(buf, 5, NLM_F_CAPPED, NLMSG_HDRLEN, NULL, 0);              /* positive error */
	assert_int_equal(sys_nl_ack(buf, n, 1, msg, sizeof(msg)), -EPROTO);
}

/* ---- mountinfo ---- */

static char mi_path[64];

static const char *mountinfo(const char *text)
{
	int fd;

	snprintf(mi_path, sizeof(mi_path), "/tmp/test_bpf_links.%d", (int)getpid());
	fd = open(mi_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return mi_path;
}

static void test_cgroup2_found_in_mountinfo(void **state)
{
	char dir[64];
	const char *p = mountinfo(
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu\n"
		"33 31 0:38 / /sys/fs/cgroup/uni\\040fied rw,relatime shared:10 - cgroup2 cgroup2 rw\n");

	assert_int_equal(sys_cgroup2_find(p, dir, sizeof(dir)), 0);
	assert_string_equal(dir, "/sys/fs/cgroup/uni fied");
	assert_int_equal(sys_cgroup2_find(p, dir, 10), -ENAMETOOLONG);
	unlink(p);
}

static void test_cgroup2_absent_or_malformed(void **state)
{
	char dir[64];
	const char *p = mountinfo(
		"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
		"33 - cgroup2 cgroup2 rw\n"
		"34 31 0:38 / - cgroup2 cgroup2 rw\n"
		"cgroup2 /x\n");

	assert_int_equal(sys_cgroup2_find(p, dir, sizeof(dir)), -ENOENT);
	unlink(p);
	assert_int_equal(sys_cgroup2_find("/nonexistent/mountinfo", dir, sizeof(dir)), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link_xdp_names_ifindex_and_passes_16),
		cmocka_unit_test(test_link_cgroup_passes_16),
		cmocka_unit_test(test_link_tcx_relative_and_revision),
		cmocka_unit_test(test_link_iter_and_struct_ops),
		cmocka_unit_test(test_link_multi_probes_show_arrays),
		cmocka_unit_test(test_link_tracing_cookie_and_perf_event),
		cmocka_unit_test(test_iter_create_and_link_detach),
		cmocka_unit_test(test_struct_ops_map_value_type_explained),
		cmocka_unit_test(test_tc_requests_explained),
		cmocka_unit_test(test_tc_filter_without_prio_refused),
		cmocka_unit_test(test_nl_ack_zero_is_success),
		cmocka_unit_test(test_nl_ack_error_with_reason),
		cmocka_unit_test(test_nl_ack_uncapped_echo_skipped),
		cmocka_unit_test(test_nl_ack_lengths_beyond_received_refused),
		cmocka_unit_test(test_nl_ack_attr_beyond_message_ignored),
		cmocka_unit_test(test_nl_ack_other_answers),
		cmocka_unit_test(test_cgroup2_found_in_mountinfo),
		cmocka_unit_test(test_cgroup2_absent_or_malformed),
	};
	int ret = cmocka_run_group_tests(tests, NULL, NULL);

	free(out);
	return ret;
}
