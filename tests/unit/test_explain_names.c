/* bpf/explain.c: its lists of names (one string, a NUL after each name)
 * give each uapi enum value its own name, for every value the build
 * machine's <linux/bpf.h> has (the lists go further, to 6.18's); the
 * attach types' CG byte is "CGROUP_" in print. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "bpf/explain.c"
#include "loader/plan/object.h"

#include <errno.h>
#include <stdio.h>

struct name { uint32_t v; const char *name; };
#define C(v, s) { v, s }

static void check(const char *list, const struct name *n, size_t count, uint32_t last)
{
	for (size_t i = 0; i < count; i++) {
		const char *got = lookup(list, n[i].v);
		char full[64];

		if (got && *got == *CG) {
			snprintf(full, sizeof(full), "CGROUP_%s", got + 1);
			got = full;
		}
		if (!got || strcmp(got, n[i].name))
			fail_msg("value %u: \"%s\", want \"%s\"", n[i].v, got ? got : "(none)", n[i].name);
	}
	assert_null(lookup(list, last + 1));
}

#define CHECK(list, arr, last) check(list, arr, sizeof(arr) / sizeof(arr[0]), last)

static void test_names(void **state)
{
	static const struct name cmds[] = {
		C(BPF_MAP_CREATE, "MAP_CREATE"),
		C(BPF_MAP_LOOKUP_ELEM, "MAP_LOOKUP_ELEM"),
		C(BPF_MAP_UPDATE_ELEM, "MAP_UPDATE_ELEM"),
		C(BPF_MAP_DELETE_ELEM, "MAP_DELETE_ELEM"),
		C(BPF_MAP_GET_NEXT_KEY, "MAP_GET_NEXT_KEY"),
		C(BPF_PROG_LOAD, "PROG_LOAD"),
		C(BPF_OBJ_PIN, "OBJ_PIN"),
		C(BPF_OBJ_GET, "OBJ_GET"),
		C(BPF_PROG_ATTACH, "PROG_ATTACH"),
		C(BPF_PROG_DETACH, "PROG_DETACH"),
		C(BPF_PROG_TEST_RUN, "PROG_TEST_RUN"),
		C(BPF_PROG_GET_NEXT_ID, "PROG_GET_NEXT_ID"),
		C(BPF_MAP_GET_NEXT_ID, "MAP_GET_NEXT_ID"),
		C(BPF_PROG_GET_FD_BY_ID, "PROG_GET_FD_BY_ID"),
		C(BPF_MAP_GET_FD_BY_ID, "MAP_GET_FD_BY_ID"),
		C(BPF_OBJ_GET_INFO_BY_FD, "OBJ_GET_INFO_BY_FD"),
		C(BPF_PROG_QUERY, "PROG_QUERY"),
		C(BPF_RAW_TRACEPOINT_OPEN, "RAW_TRACEPOINT_OPEN"),
		C(BPF_BTF_LOAD, "BTF_LOAD"),
		C(BPF_BTF_GET_FD_BY_ID, "BTF_GET_FD_BY_ID"),
		C(BPF_TASK_FD_QUERY, "TASK_FD_QUERY"),
		C(BPF_MAP_LOOKUP_AND_DELETE_ELEM, "MAP_LOOKUP_AND_DELETE_ELEM"),
		C(BPF_MAP_FREEZE, "MAP_FREEZE"),
		C(BPF_BTF_GET_NEXT_ID, "BTF_GET_NEXT_ID"),
		C(BPF_MAP_LOOKUP_BATCH, "MAP_LOOKUP_BATCH"),
		C(BPF_MAP_LOOKUP_AND_DELETE_BATCH, "MAP_LOOKUP_AND_DELETE_BATCH"),
		C(BPF_MAP_UPDATE_BATCH, "MAP_UPDATE_BATCH"),
		C(BPF_MAP_DELETE_BATCH, "MAP_DELETE_BATCH"),
		C(BPF_LINK_CREATE, "LINK_CREATE"),
		C(BPF_LINK_UPDATE, "LINK_UPDATE"),
		C(BPF_LINK_GET_FD_BY_ID, "LINK_GET_FD_BY_ID"),
		C(BPF_LINK_GET_NEXT_ID, "LINK_GET_NEXT_ID"),
		C(BPF_ENABLE_STATS, "ENABLE_STATS"),
		C(BPF_ITER_CREATE, "ITER_CREATE"),
		C(BPF_LINK_DETACH, "LINK_DETACH"),
		C(BPF_PROG_BIND_MAP, "PROG_BIND_MAP"),
	}, maps[] = {
		C(BPF_MAP_TYPE_UNSPEC, "UNSPEC"),
		C(BPF_MAP_TYPE_HASH, "HASH"),
		C(BPF_MAP_TYPE_ARRAY, "ARRAY"),
		C(BPF_MAP_TYPE_PROG_ARRAY, "PROG_ARRAY"),
		C(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "PERF_EVENT_ARRAY"),
		C(BPF_MAP_TYPE_PERCPU_HASH, "PERCPU_HASH"),
		C(BPF_MAP_TYPE_PERCPU_ARRAY, "PERCPU_ARRAY"),
		C(BPF_MAP_TYPE_STACK_TRACE, "STACK_TRACE"),
		C(BPF_MAP_TYPE_CGROUP_ARRAY, "CGROUP_ARRAY"),
		C(BPF_MAP_TYPE_LRU_HASH, "LRU_HASH"),
		C(BPF_MAP_TYPE_LRU_PERCPU_HASH, "LRU_PERCPU_HASH"),
		C(BPF_MAP_TYPE_LPM_TRIE, "LPM_TRIE"),
		C(BPF_MAP_TYPE_ARRAY_OF_MAPS, "ARRAY_OF_MAPS"),
		C(BPF_MAP_TYPE_HASH_OF_MAPS, "HASH_OF_MAPS"),
		C(BPF_MAP_TYPE_DEVMAP, "DEVMAP"),
		C(BPF_MAP_TYPE_SOCKMAP, "SOCKMAP"),
		C(BPF_MAP_TYPE_CPUMAP, "CPUMAP"),
		C(BPF_MAP_TYPE_XSKMAP, "XSKMAP"),
		C(BPF_MAP_TYPE_SOCKHASH, "SOCKHASH"),
		C(BPF_MAP_TYPE_CGROUP_STORAGE, "CGROUP_STORAGE"),
		C(BPF_MAP_TYPE_REUSEPORT_SOCKARRAY, "REUSEPORT_SOCKARRAY"),
		C(BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE, "PERCPU_CGROUP_STORAGE"),
		C(BPF_MAP_TYPE_QUEUE, "QUEUE"),
		C(BPF_MAP_TYPE_STACK, "STACK"),
		C(BPF_MAP_TYPE_SK_STORAGE, "SK_STORAGE"),
		C(BPF_MAP_TYPE_DEVMAP_HASH, "DEVMAP_HASH"),
		C(BPF_MAP_TYPE_STRUCT_OPS, "STRUCT_OPS"),
		C(BPF_MAP_TYPE_RINGBUF, "RINGBUF"),
		C(BPF_MAP_TYPE_INODE_STORAGE, "INODE_STORAGE"),
		C(BPF_MAP_TYPE_TASK_STORAGE, "TASK_STORAGE"),
		C(BPF_MAP_TYPE_BLOOM_FILTER, "BLOOM_FILTER"),
		C(BPF_MAP_TYPE_USER_RINGBUF, "USER_RINGBUF"),
	}, progs[] = {
		C(BPF_PROG_TYPE_UNSPEC, "UNSPEC"),
		C(BPF_PROG_TYPE_SOCKET_FILTER, "SOCKET_FILTER"),
		C(BPF_PROG_TYPE_KPROBE, "KPROBE"),
		C(BPF_PROG_TYPE_SCHED_CLS, "SCHED_CLS"),
		C(BPF_PROG_TYPE_SCHED_ACT, "SCHED_ACT"),
		C(BPF_PROG_TYPE_TRACEPOINT, "TRACEPOINT"),
		C(BPF_PROG_TYPE_XDP, "XDP"),
		C(BPF_PROG_TYPE_PERF_EVENT, "PERF_EVENT"),
		C(BPF_PROG_TYPE_CGROUP_SKB, "CGROUP_SKB"),
		C(BPF_PROG_TYPE_CGROUP_SOCK, "CGROUP_SOCK"),
		C(BPF_PROG_TYPE_LWT_IN, "LWT_IN"),
		C(BPF_PROG_TYPE_LWT_OUT, "LWT_OUT"),
		C(BPF_PROG_TYPE_LWT_XMIT, "LWT_XMIT"),
		C(BPF_PROG_TYPE_SOCK_OPS, "SOCK_OPS"),
		C(BPF_PROG_TYPE_SK_SKB, "SK_SKB"),
		C(BPF_PROG_TYPE_CGROUP_DEVICE, "CGROUP_DEVICE"),
		C(BPF_PROG_TYPE_SK_MSG, "SK_MSG"),
		C(BPF_PROG_TYPE_RAW_TRACEPOINT, "RAW_TRACEPOINT"),
		C(BPF_PROG_TYPE_CGROUP_SOCK_ADDR, "CGROUP_SOCK_ADDR"),
		C(BPF_PROG_TYPE_LWT_SEG6LOCAL, "LWT_SEG6LOCAL"),
		C(BPF_PROG_TYPE_LIRC_MODE2, "LIRC_MODE2"),
		C(BPF_PROG_TYPE_SK_REUSEPORT, "SK_REUSEPORT"),
		C(BPF_PROG_TYPE_FLOW_DISSECTOR, "FLOW_DISSECTOR"),
		C(BPF_PROG_TYPE_CGROUP_SYSCTL, "CGROUP_SYSCTL"),
		C(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, "RAW_TRACEPOINT_WRITABLE"),
		C(BPF_PROG_TYPE_CGROUP_SOCKOPT, "CGROUP_SOCKOPT"),
		C(BPF_PROG_TYPE_TRACING, "TRACING"),
		C(BPF_PROG_TYPE_STRUCT_OPS, "STRUCT_OPS"),
		C(BPF_PROG_TYPE_EXT, "EXT"),
		C(BPF_PROG_TYPE_LSM, "LSM"),
		C(BPF_PROG_TYPE_SK_LOOKUP, "SK_LOOKUP"),
		C(BPF_PROG_TYPE_SYSCALL, "SYSCALL"),
	}, attach[] = {
		C(BPF_CGROUP_INET_INGRESS, "CGROUP_INET_INGRESS"),
		C(BPF_CGROUP_INET_EGRESS, "CGROUP_INET_EGRESS"),
		C(BPF_CGROUP_INET_SOCK_CREATE, "CGROUP_INET_SOCK_CREATE"),
		C(BPF_CGROUP_SOCK_OPS, "CGROUP_SOCK_OPS"),
		C(BPF_SK_SKB_STREAM_PARSER, "SK_SKB_STREAM_PARSER"),
		C(BPF_SK_SKB_STREAM_VERDICT, "SK_SKB_STREAM_VERDICT"),
		C(BPF_CGROUP_DEVICE, "CGROUP_DEVICE"),
		C(BPF_SK_MSG_VERDICT, "SK_MSG_VERDICT"),
		C(BPF_CGROUP_INET4_BIND, "CGROUP_INET4_BIND"),
		C(BPF_CGROUP_INET6_BIND, "CGROUP_INET6_BIND"),
		C(BPF_CGROUP_INET4_CONNECT, "CGROUP_INET4_CONNECT"),
		C(BPF_CGROUP_INET6_CONNECT, "CGROUP_INET6_CONNECT"),
		C(BPF_CGROUP_INET4_POST_BIND, "CGROUP_INET4_POST_BIND"),
		C(BPF_CGROUP_INET6_POST_BIND, "CGROUP_INET6_POST_BIND"),
		C(BPF_CGROUP_UDP4_SENDMSG, "CGROUP_UDP4_SENDMSG"),
		C(BPF_CGROUP_UDP6_SENDMSG, "CGROUP_UDP6_SENDMSG"),
		C(BPF_LIRC_MODE2, "LIRC_MODE2"),
		C(BPF_FLOW_DISSECTOR, "FLOW_DISSECTOR"),
		C(BPF_CGROUP_SYSCTL, "CGROUP_SYSCTL"),
		C(BPF_CGROUP_UDP4_RECVMSG, "CGROUP_UDP4_RECVMSG"),
		C(BPF_CGROUP_UDP6_RECVMSG, "CGROUP_UDP6_RECVMSG"),
		C(BPF_CGROUP_GETSOCKOPT, "CGROUP_GETSOCKOPT"),
		C(BPF_CGROUP_SETSOCKOPT, "CGROUP_SETSOCKOPT"),
		C(BPF_TRACE_RAW_TP, "TRACE_RAW_TP"),
		C(BPF_TRACE_FENTRY, "TRACE_FENTRY"),
		C(BPF_TRACE_FEXIT, "TRACE_FEXIT"),
		C(BPF_MODIFY_RETURN, "MODIFY_RETURN"),
		C(BPF_LSM_MAC, "LSM_MAC"),
		C(BPF_TRACE_ITER, "TRACE_ITER"),
		C(BPF_CGROUP_INET4_GETPEERNAME, "CGROUP_INET4_GETPEERNAME"),
		C(BPF_CGROUP_INET6_GETPEERNAME, "CGROUP_INET6_GETPEERNAME"),
		C(BPF_CGROUP_INET4_GETSOCKNAME, "CGROUP_INET4_GETSOCKNAME"),
		C(BPF_CGROUP_INET6_GETSOCKNAME, "CGROUP_INET6_GETSOCKNAME"),
		C(BPF_XDP_DEVMAP, "XDP_DEVMAP"),
		C(BPF_CGROUP_INET_SOCK_RELEASE, "CGROUP_INET_SOCK_RELEASE"),
		C(BPF_XDP_CPUMAP, "XDP_CPUMAP"),
		C(BPF_SK_LOOKUP, "SK_LOOKUP"),
		C(BPF_XDP, "XDP"),
		C(BPF_SK_SKB_VERDICT, "SK_SKB_VERDICT"),
		C(BPF_SK_REUSEPORT_SELECT, "SK_REUSEPORT_SELECT"),
		C(BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, "SK_REUSEPORT_SELECT_OR_MIGRATE"),
		C(BPF_PERF_EVENT, "PERF_EVENT"),
		C(BPF_TRACE_KPROBE_MULTI, "TRACE_KPROBE_MULTI"),
		C(BPF_LSM_CGROUP, "LSM_CGROUP"),
	};

	CHECK(cmd_names, cmds, 35);
	CHECK(map_type_names, maps, 33);
	CHECK(prog_type_names, progs, 32);
	CHECK(attach_type_names, attach, 57);
	assert_string_equal(sys_cmd_name(BPF_PROG_LOAD), "PROG_LOAD");
	assert_null(sys_cmd_name(-1));
}

/* The attach type as --explain prints it: CG expanded, others as listed,
 * a number past the list. */
static void test_attach_type_printed(void **state)
{
	union bpf_attr a;
	char buf[256];

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
	a.expected_attach_type = BPF_CGROUP_INET6_GETSOCKNAME;
	sys_attr_str(buf, sizeof(buf), BPF_PROG_LOAD, &a);
	assert_non_null(strstr(buf, ", expected_attach_type=BPF_CGROUP_INET6_GETSOCKNAME,"));
	a.expected_attach_type = BPF_LSM_CGROUP;
	sys_attr_str(buf, sizeof(buf), BPF_PROG_LOAD, &a);
	assert_non_null(strstr(buf, ", expected_attach_type=BPF_LSM_CGROUP,"));

	memset(&a, 0, sizeof(a));
	a.link_create.attach_type = BPF_CGROUP_INET_INGRESS;
	sys_attr_str(buf, sizeof(buf), BPF_LINK_CREATE, &a);
	assert_string_equal(buf, "{link_create={prog_fd=0, target_fd=0, "
			    "attach_type=BPF_CGROUP_INET_INGRESS, flags=0}}");
	a.link_create.attach_type = 1000;
	sys_attr_str(buf, sizeof(buf), BPF_LINK_CREATE, &a);
	assert_non_null(strstr(buf, ", attach_type=1000, "));
}

/* bpf/sys.c's errno names (a list of values and one string of names, no
 * longer a table of pointers indexed by errno): first, last, in between,
 * either sign, the kernel's ENOTSUPP, and none for an errno not listed. */
static void test_errno_names(void **state)
{
	assert_string_equal(sys_errno_name(EPERM), "EPERM");
	assert_string_equal(sys_errno_name(-EPERM), "EPERM");
	assert_string_equal(sys_errno_name(-E2BIG), "E2BIG");
	assert_string_equal(sys_errno_name(-EACCES), "EACCES");
	assert_string_equal(sys_errno_name(-EINVAL), "EINVAL");
	assert_string_equal(sys_errno_name(-EOPNOTSUPP), "EOPNOTSUPP");
	assert_string_equal(sys_errno_name(-EBADFD), "EBADFD");
	assert_string_equal(sys_errno_name(-524), "ENOTSUPP");
	assert_null(sys_errno_name(-EDOM));
	assert_null(sys_errno_name(0));
	assert_null(sys_errno_name(-200));
}

/* plan/names.c's lower-case names, from the lists above. */
static void test_type_names(void **state)
{
	assert_string_equal(plan_map_type_name(BPF_MAP_TYPE_PERCPU_HASH), "percpu_hash");
	assert_string_equal(plan_map_type_name(BPF_MAP_TYPE_UNSPEC), "unspec");
	assert_string_equal(plan_map_type_name(33), "arena");
	assert_string_equal(plan_map_type_name(34), "type 34");
	assert_string_equal(plan_prog_type_name(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE),
			    "raw_tracepoint_writable");
	assert_string_equal(plan_prog_type_name(BPF_PROG_TYPE_UNSPEC), "unknown");
	assert_string_equal(plan_prog_type_name(1000), "type 1000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_attach_type_printed),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_type_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
