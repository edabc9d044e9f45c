/* Section name -> program type, expected attach type and attach point.
 *
 * The names are the convention clang users write with SEC("..."), the same
 * ones libbpf reads: a prefix naming the kind, then, for kinds that attach to
 * something, "/" and the target. A leading "?" (don't load by default) is
 * accepted and ignored here. */
#include "loader/object.h"

#include <stdlib.h>
#include <string.h>

struct secdef {
	const char *prefix;
	enum bpf_prog_type type;
	enum bpf_attach_type attach_type;
	enum rb_attach attach;
	unsigned flags;
};
#define EXACT     1u  /* the name is exactly the prefix, or prefix + "/..." */
#define RETPROBE  2u
#define SLEEPABLE 4u
#define TARGET    8u  /* the part after "/" is the attach target */

static const struct secdef defs[] = {
	{ "tracepoint/",      BPF_PROG_TYPE_TRACEPOINT, 0, RB_ATTACH_TRACEPOINT, TARGET },
	{ "tp/",              BPF_PROG_TYPE_TRACEPOINT, 0, RB_ATTACH_TRACEPOINT, TARGET },
	{ "kprobe/",          BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KPROBE, TARGET },
	{ "kretprobe/",       BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KPROBE, TARGET | RETPROBE },
	{ "kprobe",           BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KPROBE, EXACT },
	{ "kretprobe",        BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KPROBE, EXACT | RETPROBE },
	{ "ksyscall/",        BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KSYSCALL, TARGET },
	{ "kretsyscall/",     BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_KSYSCALL, TARGET | RETPROBE },
	{ "uprobe/",          BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, TARGET },
	{ "uretprobe/",       BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, TARGET | RETPROBE },
	{ "uprobe.s/",        BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, TARGET | SLEEPABLE },
	{ "uretprobe.s/",     BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, TARGET | RETPROBE | SLEEPABLE },
	{ "uprobe",           BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, EXACT },
	{ "uretprobe",        BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_UPROBE, EXACT | RETPROBE },
	{ "kprobe.multi/",    BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, RB_ATTACH_NONE, 0 },
	{ "kretprobe.multi/", BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, RB_ATTACH_NONE, RETPROBE },
	{ "usdt",             BPF_PROG_TYPE_KPROBE, 0, RB_ATTACH_NONE, EXACT },
	{ "raw_tracepoint/",  BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RB_ATTACH_RAW_TP, TARGET },
	{ "raw_tp/",          BPF_PROG_TYPE_RAW_TRACEPOINT, 0, RB_ATTACH_RAW_TP, TARGET },
	{ "raw_tracepoint.w/", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, RB_ATTACH_RAW_TP, TARGET },
	{ "raw_tp.w/",        BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, RB_ATTACH_RAW_TP, TARGET },
	{ "tp_btf/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, RB_ATTACH_TRACING, TARGET },
	{ "fentry/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, RB_ATTACH_TRACING, TARGET },
	{ "fentry.s/",        BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, RB_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "fexit/",           BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, RB_ATTACH_TRACING, TARGET },
	{ "fexit.s/",         BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, RB_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "fmod_ret/",        BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, RB_ATTACH_TRACING, TARGET },
	{ "fmod_ret.s/",      BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, RB_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "iter/",            BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, RB_ATTACH_TRACING, TARGET },
	{ "iter.s/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, RB_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "lsm/",             BPF_PROG_TYPE_LSM, BPF_LSM_MAC, RB_ATTACH_TRACING, TARGET },
	{ "lsm.s/",           BPF_PROG_TYPE_LSM, BPF_LSM_MAC, RB_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "lsm_cgroup/",      BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, RB_ATTACH_NONE, TARGET },
	{ "freplace/",        BPF_PROG_TYPE_EXT, 0, RB_ATTACH_NONE, TARGET },
	{ "struct_ops/",      BPF_PROG_TYPE_STRUCT_OPS, 0, RB_ATTACH_NONE, 0 },
	{ "struct_ops.s/",    BPF_PROG_TYPE_STRUCT_OPS, 0, RB_ATTACH_NONE, SLEEPABLE },
	{ "perf_event",       BPF_PROG_TYPE_PERF_EVENT, 0, RB_ATTACH_PERF_EVENT, EXACT },
	{ "socket",           BPF_PROG_TYPE_SOCKET_FILTER, 0, RB_ATTACH_NONE, EXACT },
	{ "xdp.frags/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, RB_ATTACH_NONE, 0 },
	{ "xdp/devmap",       BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, RB_ATTACH_NONE, 0 },
	{ "xdp.frags/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, RB_ATTACH_NONE, 0 },
	{ "xdp/cpumap",       BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, RB_ATTACH_NONE, 0 },
	{ "xdp.frags",        BPF_PROG_TYPE_XDP, BPF_XDP, RB_ATTACH_NONE, EXACT },
	{ "xdp",              BPF_PROG_TYPE_XDP, BPF_XDP, RB_ATTACH_NONE, EXACT },
	{ "tc",               BPF_PROG_TYPE_SCHED_CLS, 0, RB_ATTACH_NONE, EXACT },
	{ "classifier",       BPF_PROG_TYPE_SCHED_CLS, 0, RB_ATTACH_NONE, EXACT },
	{ "action",           BPF_PROG_TYPE_SCHED_ACT, 0, RB_ATTACH_NONE, EXACT },
	{ "sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, RB_ATTACH_NONE, EXACT },
	{ "sk_reuseport",     BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, RB_ATTACH_NONE, EXACT },
	{ "sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, RB_ATTACH_NONE, EXACT },
	{ "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, RB_ATTACH_NONE, EXACT },
	{ "sk_skb",           BPF_PROG_TYPE_SK_SKB, 0, RB_ATTACH_NONE, EXACT },
	{ "sk_msg",           BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, RB_ATTACH_NONE, EXACT },
	{ "sk_lookup",        BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, RB_ATTACH_NONE, EXACT },
	{ "sockops",          BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, RB_ATTACH_NONE, EXACT },
	{ "flow_dissector",   BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, RB_ATTACH_NONE, EXACT },
	{ "lwt_in",           BPF_PROG_TYPE_LWT_IN, 0, RB_ATTACH_NONE, EXACT },
	{ "lwt_out",          BPF_PROG_TYPE_LWT_OUT, 0, RB_ATTACH_NONE, EXACT },
	{ "lwt_xmit",         BPF_PROG_TYPE_LWT_XMIT, 0, RB_ATTACH_NONE, EXACT },
	{ "lwt_seg6local",    BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, RB_ATTACH_NONE, EXACT },
	{ "syscall",          BPF_PROG_TYPE_SYSCALL, 0, RB_ATTACH_NONE, EXACT | SLEEPABLE },
	{ "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, RB_ATTACH_NONE, EXACT },
	{ "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, RB_ATTACH_NONE, EXACT },
	{ "cgroup/skb",       BPF_PROG_TYPE_CGROUP_SKB, 0, RB_ATTACH_NONE, EXACT },
	{ "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, RB_ATTACH_NONE, EXACT },
	{ "cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, RB_ATTACH_NONE, EXACT },
	{ "cgroup/sock",      BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, RB_ATTACH_NONE, EXACT },
	{ "cgroup/post_bind4", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, RB_ATTACH_NONE, EXACT },
	{ "cgroup/post_bind6", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, RB_ATTACH_NONE, EXACT },
	{ "cgroup/dev",       BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, RB_ATTACH_NONE, EXACT },
	{ "cgroup/bind4",     BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, RB_ATTACH_NONE, EXACT },
	{ "cgroup/bind6",     BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, RB_ATTACH_NONE, EXACT },
	{ "cgroup/connect4",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, RB_ATTACH_NONE, EXACT },
	{ "cgroup/connect6",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, RB_ATTACH_NONE, EXACT },
	{ "cgroup/sendmsg4",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, RB_ATTACH_NONE, EXACT },
	{ "cgroup/sendmsg6",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, RB_ATTACH_NONE, EXACT },
	{ "cgroup/recvmsg4",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, RB_ATTACH_NONE, EXACT },
	{ "cgroup/recvmsg6",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, RB_ATTACH_NONE, EXACT },
	{ "cgroup/getpeername4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, RB_ATTACH_NONE, EXACT },
	{ "cgroup/getpeername6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, RB_ATTACH_NONE, EXACT },
	{ "cgroup/getsockname4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, RB_ATTACH_NONE, EXACT },
	{ "cgroup/getsockname6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, RB_ATTACH_NONE, EXACT },
	{ "cgroup/sysctl",    BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, RB_ATTACH_NONE, EXACT },
	{ "cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, RB_ATTACH_NONE, EXACT },
	{ "cgroup/setsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, RB_ATTACH_NONE, EXACT },
};

static const char *const kinds[] = {
	[RB_ATTACH_NONE] = "load only", [RB_ATTACH_TRACEPOINT] = "tracepoint",
	[RB_ATTACH_KPROBE] = "kprobe", [RB_ATTACH_KSYSCALL] = "ksyscall",
	[RB_ATTACH_UPROBE] = "uprobe", [RB_ATTACH_RAW_TP] = "raw_tp",
	[RB_ATTACH_TRACING] = "btf", [RB_ATTACH_PERF_EVENT] = "perf_event",
};

bool rb_secdef(const char *sec, struct rb_prog *p)
{
	if (sec[0] == '?')
		sec++;
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		const struct secdef *d = &defs[i];
		size_t n = strlen(d->prefix);

		if (strncmp(sec, d->prefix, n) != 0)
			continue;
		if ((d->flags & EXACT) && sec[n] != '\0' && sec[n] != '/')
			continue;
		p->type = d->type;
		p->expected_attach_type = d->attach_type;
		p->attach = d->attach;
		p->attach_kind = kinds[d->attach];
		p->retprobe = d->flags & RETPROBE;
		p->sleepable = d->flags & SLEEPABLE;
		if ((d->flags & TARGET) && sec[n])
			p->target = strdup(sec + n);
		else if ((d->flags & EXACT) && sec[n] == '/' && sec[n + 1])
			p->target = strdup(sec + n + 1);
		return true;
	}
	p->type = BPF_PROG_TYPE_UNSPEC;
	p->attach = RB_ATTACH_NONE;
	p->attach_kind = "unknown";
	return false;
}
