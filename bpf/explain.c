/* The --explain text of a bpf() call: the attr decoded in strace's notation,
 * showing the fields a reader needs to follow the load (not every field). */
#include "bpf/sys.h"
#include "common/util.h"

#include <stdint.h>
#include <string.h>

/* The names of enum values 0, 1, 2... without their common prefix, each
 * ended by a NUL (no table of pointers: 2 KiB less in the static binary).
 * tests/unit/test_explain_names.c checks them against the uapi header. */
static const char cmd_names[] =
	"MAP_CREATE\0" "MAP_LOOKUP_ELEM\0" "MAP_UPDATE_ELEM\0" "MAP_DELETE_ELEM\0"
	"MAP_GET_NEXT_KEY\0" "PROG_LOAD\0" "OBJ_PIN\0" "OBJ_GET\0" "PROG_ATTACH\0"
	"PROG_DETACH\0" "PROG_TEST_RUN\0" "PROG_GET_NEXT_ID\0" "MAP_GET_NEXT_ID\0"
	"PROG_GET_FD_BY_ID\0" "MAP_GET_FD_BY_ID\0" "OBJ_GET_INFO_BY_FD\0" "PROG_QUERY\0"
	"RAW_TRACEPOINT_OPEN\0" "BTF_LOAD\0" "BTF_GET_FD_BY_ID\0" "TASK_FD_QUERY\0"
	"MAP_LOOKUP_AND_DELETE_ELEM\0" "MAP_FREEZE\0" "BTF_GET_NEXT_ID\0"
	"MAP_LOOKUP_BATCH\0" "MAP_LOOKUP_AND_DELETE_BATCH\0" "MAP_UPDATE_BATCH\0"
	"MAP_DELETE_BATCH\0" "LINK_CREATE\0" "LINK_UPDATE\0" "LINK_GET_FD_BY_ID\0"
	"LINK_GET_NEXT_ID\0" "ENABLE_STATS\0" "ITER_CREATE\0" "LINK_DETACH\0"
	"PROG_BIND_MAP\0";

static const char map_type_names[] =
	"UNSPEC\0" "HASH\0" "ARRAY\0" "PROG_ARRAY\0" "PERF_EVENT_ARRAY\0" "PERCPU_HASH\0"
	"PERCPU_ARRAY\0" "STACK_TRACE\0" "CGROUP_ARRAY\0" "LRU_HASH\0" "LRU_PERCPU_HASH\0"
	"LPM_TRIE\0" "ARRAY_OF_MAPS\0" "HASH_OF_MAPS\0" "DEVMAP\0" "SOCKMAP\0" "CPUMAP\0"
	"XSKMAP\0" "SOCKHASH\0" "CGROUP_STORAGE\0" "REUSEPORT_SOCKARRAY\0"
	"PERCPU_CGROUP_STORAGE\0" "QUEUE\0" "STACK\0" "SK_STORAGE\0" "DEVMAP_HASH\0"
	"STRUCT_OPS\0" "RINGBUF\0" "INODE_STORAGE\0" "TASK_STORAGE\0" "BLOOM_FILTER\0"
	"USER_RINGBUF\0" "CGRP_STORAGE\0" "ARENA\0";

static const char prog_type_names[] =
	"UNSPEC\0" "SOCKET_FILTER\0" "KPROBE\0" "SCHED_CLS\0" "SCHED_ACT\0" "TRACEPOINT\0"
	"XDP\0" "PERF_EVENT\0" "CGROUP_SKB\0" "CGROUP_SOCK\0" "LWT_IN\0" "LWT_OUT\0"
	"LWT_XMIT\0" "SOCK_OPS\0" "SK_SKB\0" "CGROUP_DEVICE\0" "SK_MSG\0" "RAW_TRACEPOINT\0"
	"CGROUP_SOCK_ADDR\0" "LWT_SEG6LOCAL\0" "LIRC_MODE2\0" "SK_REUSEPORT\0"
	"FLOW_DISSECTOR\0" "CGROUP_SYSCTL\0" "RAW_TRACEPOINT_WRITABLE\0" "CGROUP_SOCKOPT\0"
	"TRACING\0" "STRUCT_OPS\0" "EXT\0" "LSM\0" "SK_LOOKUP\0" "SYSCALL\0" "NETFILTER\0";

/* enum bpf_attach_type of 6.18 (the 6.1 headers end at BPF_LSM_CGROUP). CG,
 * a byte 1, stands for the "CGROUP_" that starts half the names; put_enum()
 * prints it in full. */
#define CG "\1"
static const char attach_type_names[] =
	CG "INET_INGRESS\0" CG "INET_EGRESS\0" CG "INET_SOCK_CREATE\0" CG "SOCK_OPS\0"
	"SK_SKB_STREAM_PARSER\0" "SK_SKB_STREAM_VERDICT\0" CG "DEVICE\0"
	"SK_MSG_VERDICT\0" CG "INET4_BIND\0" CG "INET6_BIND\0" CG "INET4_CONNECT\0"
	CG "INET6_CONNECT\0" CG "INET4_POST_BIND\0" CG "INET6_POST_BIND\0"
	CG "UDP4_SENDMSG\0" CG "UDP6_SENDMSG\0" "LIRC_MODE2\0" "FLOW_DISSECTOR\0"
	CG "SYSCTL\0" CG "UDP4_RECVMSG\0" CG "UDP6_RECVMSG\0" CG "GETSOCKOPT\0"
	CG "SETSOCKOPT\0" "TRACE_RAW_TP\0" "TRACE_FENTRY\0" "TRACE_FEXIT\0"
	"MODIFY_RETURN\0" "LSM_MAC\0" "TRACE_ITER\0" CG "INET4_GETPEERNAME\0"
	CG "INET6_GETPEERNAME\0" CG "INET4_GETSOCKNAME\0" CG "INET6_GETSOCKNAME\0"
	"XDP_DEVMAP\0" CG "INET_SOCK_RELEASE\0" "XDP_CPUMAP\0" "SK_LOOKUP\0" "XDP\0"
	"SK_SKB_VERDICT\0" "SK_REUSEPORT_SELECT\0" "SK_REUSEPORT_SELECT_OR_MIGRATE\0"
	"PERF_EVENT\0" "TRACE_KPROBE_MULTI\0" "LSM_CGROUP\0" "STRUCT_OPS\0" "NETFILTER\0"
	"TCX_INGRESS\0" "TCX_EGRESS\0" "TRACE_UPROBE_MULTI\0" CG "UNIX_CONNECT\0"
	CG "UNIX_SENDMSG\0" CG "UNIX_RECVMSG\0" CG "UNIX_GETPEERNAME\0"
	CG "UNIX_GETSOCKNAME\0" "NETKIT_PRIMARY\0" "NETKIT_PEER\0"
	"TRACE_KPROBE_SESSION\0" "TRACE_UPROBE_SESSION\0";

/* The name of value v in a list of names, NULL past its end. */
#define lookup(names, v) str_nth(names, v)

const char *sys_cmd_name(int cmd)
{
	return cmd >= 0 ? lookup(cmd_names, (uint32_t)cmd) : NULL;
}

const char *sys_map_type_name(uint32_t type)
{
	return lookup(map_type_names, type);
}

const char *sys_prog_type_name(uint32_t type)
{
	return lookup(prog_type_names, type);
}

static void put_enum(struct str_out *o, const char *field, const char *prefix,
		     const char *names, uint32_t v)
{
	const char *name = lookup(names, v);

	if (name)
		str_put(o, "%s=%s%s%s", field, prefix, *name == *CG ? "CGROUP_" : "",
			name + (*name == *CG));
	else
		str_put(o, "%s=%u", field, v);
}

/* A user pointer to a C string, printed like strace: quoted, escaped, cut. */
static void put_str(struct str_out *o, const char *field, uint64_t ptr)
{
	const char *p = (const char *)(uintptr_t)ptr;
	const char *eq = *field ? "=" : "";     /* "" inside an array */
	size_t i;

	if (!p) {
		str_put(o, "%s%sNULL", field, eq);
		return;
	}
	str_put(o, "%s%s\"", field, eq);
	for (i = 0; p[i] && i < 64; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '"' || c == '\\')
			str_put(o, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			str_put(o, "%c", c);
		else
			str_put(o, "\\x%02x", c);
	}
	str_put(o, p[i] ? "\"..." : "\"");
}

static void put_name(struct str_out *o, const char *field, const char *name)
{
	str_put(o, ", %s=\"%.*s\"", field, (int)BPF_OBJ_NAME_LEN, name);
}

static void put_elem_flags(struct str_out *o, uint64_t f)
{
	const char *base = (f & 3) == BPF_NOEXIST ? "BPF_NOEXIST" :
			   (f & 3) == BPF_EXIST ? "BPF_EXIST" : "BPF_ANY";

	if (f & ~(uint64_t)(3 | BPF_F_LOCK))
		str_put(o, ", flags=%#llx", (unsigned long long)f);
	else
		str_put(o, ", flags=%s%s", base, f & BPF_F_LOCK ? "|BPF_F_LOCK" : "");
}

/* A user array of n values (strings when str), like strace: at most 8
 * shown, then "...". */
static void put_array(struct str_out *o, const char *field, uint64_t ptr, uint32_t n,
		      size_t elem, bool str)
{
	const unsigned char *p = (const unsigned char *)(uintptr_t)ptr;

	if (!p) {
		str_put(o, ", %s=NULL", field);
		return;
	}
	str_put(o, ", %s=[", field);
	for (uint32_t i = 0; i < n && i < 8; i++) {
		uint64_t v = 0;

		memcpy(&v, p + i * elem, elem);         /* little-endian x86-64 */
		if (i)
			str_put(o, ", ");
		if (str)
			put_str(o, "", v);
		else
			str_put(o, "%#llx", (unsigned long long)v);
	}
	str_put(o, n > 8 ? ", ...]" : "]");
}

static void put_map_create(struct str_out *o, const union bpf_attr *a)
{
	put_enum(o, "map_type", "BPF_MAP_TYPE_", map_type_names, a->map_type);
	str_put(o, ", key_size=%u, value_size=%u, max_entries=%u, map_flags=%#x",
		a->key_size, a->value_size, a->max_entries, a->map_flags);
	if (a->inner_map_fd)
		str_put(o, ", inner_map_fd=%u", a->inner_map_fd);
	put_name(o, "map_name", a->map_name);
	if (a->btf_fd)
		str_put(o, ", btf_fd=%u, btf_key_type_id=%u, btf_value_type_id=%u",
			a->btf_fd, a->btf_key_type_id, a->btf_value_type_id);
	if (a->btf_vmlinux_value_type_id)
		str_put(o, ", btf_vmlinux_value_type_id=%u", a->btf_vmlinux_value_type_id);
	if (a->map_extra)
		str_put(o, ", map_extra=%llu", (unsigned long long)a->map_extra);
}

/* LOOKUP, UPDATE, DELETE and GET_NEXT_KEY share the key/value fields. */
static void put_map_elem(struct str_out *o, int cmd, const union bpf_attr *a)
{
	str_put(o, "map_fd=%u, key=%#llx", a->map_fd, (unsigned long long)a->key);
	if (cmd == BPF_MAP_GET_NEXT_KEY)
		str_put(o, ", next_key=%#llx", (unsigned long long)a->next_key);
	else if (cmd != BPF_MAP_DELETE_ELEM)
		str_put(o, ", value=%#llx", (unsigned long long)a->value);
	if (cmd == BPF_MAP_UPDATE_ELEM)
		put_elem_flags(o, a->flags);
}

static void put_prog_load(struct str_out *o, const union bpf_attr *a)
{
	put_enum(o, "prog_type", "BPF_PROG_TYPE_", prog_type_names, a->prog_type);
	str_put(o, ", insn_cnt=%u, ", a->insn_cnt);
	put_str(o, "license", a->license);
	if (a->log_buf)
		str_put(o, ", log_level=%u, log_size=%u", a->log_level, a->log_size);
	put_name(o, "prog_name", a->prog_name);
	if (a->expected_attach_type) {
		str_put(o, ", ");
		put_enum(o, "expected_attach_type", "BPF_", attach_type_names,
			 a->expected_attach_type);
	}
	if (a->prog_btf_fd)
		str_put(o, ", prog_btf_fd=%u, func_info_cnt=%u, line_info_cnt=%u",
			a->prog_btf_fd, a->func_info_cnt, a->line_info_cnt);
	if (a->attach_btf_id)
		str_put(o, ", attach_btf_id=%u", a->attach_btf_id);
	if (a->attach_btf_obj_fd)
		str_put(o, ", attach_btf_obj_fd=%u", a->attach_btf_obj_fd);
	str_put(o, ", ...");
}

static void put_btf_load(struct str_out *o, const union bpf_attr *a)
{
	str_put(o, "btf=%#llx, btf_size=%u", (unsigned long long)a->btf, a->btf_size);
	if (a->btf_log_buf)
		str_put(o, ", btf_log_level=%u, btf_log_size=%u",
			a->btf_log_level, a->btf_log_size);
}

/* OBJ_PIN and OBJ_GET: a bpffs path, and for a pin the fd. */
static void put_obj_path(struct str_out *o, int cmd, const union bpf_attr *a)
{
	put_str(o, "pathname", a->pathname);
	if (cmd == BPF_OBJ_PIN)
		str_put(o, ", bpf_fd=%u", a->bpf_fd);
	if (a->file_flags)
		str_put(o, ", file_flags=%#x", a->file_flags);
}

/* BPF_LINK_CREATE, read through the 6.18 layout (struct sys_link_attr). The
 * member printed is the one attach_type selects, as in bpf/link.c. */
static void put_link_create(struct str_out *o, const union bpf_attr *attr)
{
	struct sys_link_attr l;
	uint32_t t;
	bool ifindex;

	memcpy(&l, attr, sizeof(l));
	t = l.attach_type;
	ifindex = t == BPF_XDP || (t >= SYS_BPF_TCX_INGRESS && t <= SYS_BPF_TCX_EGRESS) ||
		  t == SYS_BPF_NETKIT_PRIMARY || t == SYS_BPF_NETKIT_PEER;
	str_put(o, "link_create={%s=%u, %s=%u, ",
		t == SYS_BPF_STRUCT_OPS ? "map_fd" : "prog_fd", l.prog_fd,
		ifindex ? "target_ifindex" : "target_fd", l.target_fd);
	put_enum(o, "attach_type", "BPF_", attach_type_names, t);
	str_put(o, ", flags=%#x", l.flags);
	if (t == BPF_PERF_EVENT) {
		str_put(o, ", perf_event={bpf_cookie=%llu}",
			(unsigned long long)l.perf_event.bpf_cookie);
	} else if (t == BPF_TRACE_ITER) {
		if (l.iter.iter_info)
			str_put(o, ", iter_info=%#llx", (unsigned long long)l.iter.iter_info);
		else
			str_put(o, ", iter_info=NULL");
		str_put(o, ", iter_info_len=%u", l.iter.iter_info_len);
	} else if (t == BPF_TRACE_KPROBE_MULTI || t == SYS_BPF_TRACE_KPROBE_SESSION) {
		str_put(o, ", kprobe_multi={flags=%#x, cnt=%u", l.kprobe_multi.flags,
			l.kprobe_multi.cnt);
		put_array(o, "syms", l.kprobe_multi.syms, l.kprobe_multi.cnt, 8, true);
		put_array(o, "addrs", l.kprobe_multi.addrs, l.kprobe_multi.cnt, 8, false);
		put_array(o, "cookies", l.kprobe_multi.cookies, l.kprobe_multi.cnt, 8, false);
		str_put(o, "}");
	} else if (t == SYS_BPF_TRACE_UPROBE_MULTI || t == SYS_BPF_TRACE_UPROBE_SESSION) {
		str_put(o, ", uprobe_multi={");
		put_str(o, "path", l.uprobe_multi.path);
		put_array(o, "offsets", l.uprobe_multi.offsets, l.uprobe_multi.cnt, 8, false);
		put_array(o, "ref_ctr_offsets", l.uprobe_multi.ref_ctr_offsets,
			  l.uprobe_multi.cnt, 8, false);
		put_array(o, "cookies", l.uprobe_multi.cookies, l.uprobe_multi.cnt, 8, false);
		str_put(o, ", cnt=%u, flags=%#x, pid=%u}", l.uprobe_multi.cnt,
			l.uprobe_multi.flags, l.uprobe_multi.pid);
	} else if (ifindex && t != BPF_XDP) {
		str_put(o, ", %s={relative_fd=%u, expected_revision=%llu}",
			t <= SYS_BPF_TCX_EGRESS ? "tcx" : "netkit", l.tcx.relative_fd,
			(unsigned long long)l.tcx.expected_revision);
	} else if (l.target_btf_id) {
		str_put(o, ", target_btf_id=%u", l.target_btf_id);
		if (l.tracing.cookie)
			str_put(o, ", tracing={cookie=%llu}",
				(unsigned long long)l.tracing.cookie);
	}
	str_put(o, "}");
}

void sys_attr_str(char *buf, size_t len, int cmd, const union bpf_attr *a)
{
	struct str_out o = { buf, len, 0 };

	if (len)
		buf[0] = 0;
	str_put(&o, "{");
	switch (cmd) {
	case BPF_MAP_CREATE:
		put_map_create(&o, a);
		break;
	case BPF_MAP_LOOKUP_ELEM: case BPF_MAP_UPDATE_ELEM:
	case BPF_MAP_DELETE_ELEM: case BPF_MAP_GET_NEXT_KEY:
		put_map_elem(&o, cmd, a);
		break;
	case BPF_MAP_FREEZE:
		str_put(&o, "map_fd=%u", a->map_fd);
		break;
	case BPF_PROG_LOAD:
		put_prog_load(&o, a);
		break;
	case BPF_BTF_LOAD:
		put_btf_load(&o, a);
		break;
	case BPF_OBJ_PIN: case BPF_OBJ_GET:
		put_obj_path(&o, cmd, a);
		break;
	case BPF_OBJ_GET_INFO_BY_FD:
		str_put(&o, "info={bpf_fd=%u, info_len=%u, info=%#llx}", a->info.bpf_fd,
			a->info.info_len, (unsigned long long)a->info.info);
		break;
	case BPF_LINK_CREATE:
		put_link_create(&o, a);
		break;
	case BPF_ITER_CREATE:
		str_put(&o, "iter_create={link_fd=%u, flags=%#x}", a->iter_create.link_fd,
			a->iter_create.flags);
		break;
	case BPF_LINK_DETACH:
		str_put(&o, "link_detach={link_fd=%u}", a->link_detach.link_fd);
		break;
	case BPF_RAW_TRACEPOINT_OPEN:
		str_put(&o, "raw_tracepoint={");
		put_str(&o, "name", a->raw_tracepoint.name);
		str_put(&o, ", prog_fd=%u}", a->raw_tracepoint.prog_fd);
		break;
	default:
		str_put(&o, "...");
	}
	str_put(&o, "}");
}
