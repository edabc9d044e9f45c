/* Section name -> program type, expected attach type and attach point.
 *
 * The names are the convention clang users write with SEC("..."), the same
 * ones libbpf reads: a prefix naming the kind, then, for kinds that attach to
 * something, "/" and the target. A leading "?" (don't load by default) is
 * accepted and ignored here. */
#include "loader/plan/object.h"
#include "bpf/sys.h"

#include <stdlib.h>
#include <string.h>

/* 26 bytes, the name inside (not a pointer to it): the table is 1 KiB
 * smaller. Every value below fits a byte (enum bpf_attach_type ends at 57). */
struct secdef {
	char prefix[22];
	unsigned char type;             /* enum bpf_prog_type */
	unsigned char attach_type;      /* enum bpf_attach_type */
	unsigned char attach;           /* enum plan_attach */
	unsigned char flags;
};
#define EXACT     1u  /* the name is exactly the prefix, or prefix + "/..." */
#define RETPROBE  2u
#define SLEEPABLE 4u
#define TARGET    8u  /* the part after "/" is the attach target */
#define EGRESS   16u  /* tc: the egress hook (else ingress) */
#define FRAGS    32u  /* xdp.frags: loaded with BPF_F_XDP_HAS_FRAGS */

static const struct secdef defs[] = {
	{ "tracepoint/",      BPF_PROG_TYPE_TRACEPOINT, 0, PLAN_ATTACH_TRACEPOINT, TARGET },
	{ "tp/",              BPF_PROG_TYPE_TRACEPOINT, 0, PLAN_ATTACH_TRACEPOINT, TARGET },
	{ "kprobe/",          BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, TARGET },
	{ "kretprobe/",       BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, TARGET | RETPROBE },
	{ "kprobe",           BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, EXACT },
	{ "kretprobe",        BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, EXACT | RETPROBE },
	{ "ksyscall/",        BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KSYSCALL, TARGET },
	{ "kretsyscall/",     BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KSYSCALL, TARGET | RETPROBE },
	{ "uprobe/",          BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET },
	{ "uretprobe/",       BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET | RETPROBE },
	{ "uprobe.s/",        BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET | SLEEPABLE },
	{ "uretprobe.s/",     BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET | RETPROBE | SLEEPABLE },
	{ "uprobe",           BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, EXACT },
	{ "uretprobe",        BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, EXACT | RETPROBE },
	{ "kprobe.multi/",    BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, PLAN_ATTACH_KPROBE_MULTI, TARGET },
	{ "kretprobe.multi/", BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, PLAN_ATTACH_KPROBE_MULTI, TARGET | RETPROBE },
	{ "kprobe.session/",  BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_KPROBE_SESSION, PLAN_ATTACH_KPROBE_MULTI, TARGET },
	{ "uprobe.multi/",    BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET },
	{ "uretprobe.multi/", BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET | RETPROBE },
	{ "uprobe.multi.s/",  BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET | SLEEPABLE },
	{ "uretprobe.multi.s/", BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI,
	  TARGET | RETPROBE | SLEEPABLE },
	{ "usdt",             BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_NONE, EXACT },
	{ "raw_tracepoint/",  BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PLAN_ATTACH_RAW_TP, TARGET },
	{ "raw_tp/",          BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PLAN_ATTACH_RAW_TP, TARGET },
	{ "raw_tracepoint.w/", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, PLAN_ATTACH_RAW_TP, TARGET },
	{ "raw_tp.w/",        BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, PLAN_ATTACH_RAW_TP, TARGET },
	{ "tp_btf/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, PLAN_ATTACH_TRACING, TARGET },
	{ "fentry/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, PLAN_ATTACH_TRACING, TARGET },
	{ "fentry.s/",        BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "fexit/",           BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, PLAN_ATTACH_TRACING, TARGET },
	{ "fexit.s/",         BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "fmod_ret/",        BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, PLAN_ATTACH_TRACING, TARGET },
	{ "fmod_ret.s/",      BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "iter/",            BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, PLAN_ATTACH_TRACING, TARGET },
	{ "iter.s/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "lsm/",             BPF_PROG_TYPE_LSM, BPF_LSM_MAC, PLAN_ATTACH_TRACING, TARGET },
	{ "lsm.s/",           BPF_PROG_TYPE_LSM, BPF_LSM_MAC, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE },
	{ "lsm_cgroup/",      BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, PLAN_ATTACH_NONE, TARGET },
	{ "freplace/",        BPF_PROG_TYPE_EXT, 0, PLAN_ATTACH_NONE, TARGET },
	{ "struct_ops/",      BPF_PROG_TYPE_STRUCT_OPS, 0, PLAN_ATTACH_STRUCT_OPS, 0 },
	{ "struct_ops.s/",    BPF_PROG_TYPE_STRUCT_OPS, 0, PLAN_ATTACH_STRUCT_OPS, SLEEPABLE },
	{ "perf_event",       BPF_PROG_TYPE_PERF_EVENT, 0, PLAN_ATTACH_PERF_EVENT, EXACT },
	{ "socket",           BPF_PROG_TYPE_SOCKET_FILTER, 0, PLAN_ATTACH_NONE, EXACT },
	{ "xdp.frags/devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, PLAN_ATTACH_NONE, 0 },
	{ "xdp/devmap",       BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, PLAN_ATTACH_NONE, 0 },
	{ "xdp.frags/cpumap", BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, PLAN_ATTACH_NONE, 0 },
	{ "xdp/cpumap",       BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, PLAN_ATTACH_NONE, 0 },
	{ "xdp.frags",        BPF_PROG_TYPE_XDP, BPF_XDP, PLAN_ATTACH_XDP, EXACT | FRAGS },
	{ "xdp",              BPF_PROG_TYPE_XDP, BPF_XDP, PLAN_ATTACH_XDP, EXACT },
	/* tc and tcx name the same hooks: a tcx link where the kernel has
	 * them, else a netlink filter (loader/run/attach_net.c). The expected
	 * attach type stays 0: 6.1 knows no BPF_TCX_*. */
	{ "tc/ingress",       BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT },
	{ "tc/egress",        BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT | EGRESS },
	{ "tcx/ingress",      BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT },
	{ "tcx/egress",       BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT | EGRESS },
	{ "tc",               BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT },
	{ "classifier",       BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT },
	{ "action",           BPF_PROG_TYPE_SCHED_ACT, 0, PLAN_ATTACH_NONE, EXACT },
	{ "sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, PLAN_ATTACH_NONE, EXACT },
	{ "sk_reuseport",     BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, PLAN_ATTACH_NONE, EXACT },
	{ "sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, PLAN_ATTACH_NONE, EXACT },
	{ "sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, PLAN_ATTACH_NONE, EXACT },
	{ "sk_skb",           BPF_PROG_TYPE_SK_SKB, 0, PLAN_ATTACH_NONE, EXACT },
	{ "sk_msg",           BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, PLAN_ATTACH_NONE, EXACT },
	{ "sk_lookup",        BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, PLAN_ATTACH_NONE, EXACT },
	{ "sockops",          BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, PLAN_ATTACH_CGROUP, EXACT },
	{ "flow_dissector",   BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, PLAN_ATTACH_NONE, EXACT },
	{ "lwt_in",           BPF_PROG_TYPE_LWT_IN, 0, PLAN_ATTACH_NONE, EXACT },
	{ "lwt_out",          BPF_PROG_TYPE_LWT_OUT, 0, PLAN_ATTACH_NONE, EXACT },
	{ "lwt_xmit",         BPF_PROG_TYPE_LWT_XMIT, 0, PLAN_ATTACH_NONE, EXACT },
	{ "lwt_seg6local",    BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, PLAN_ATTACH_NONE, EXACT },
	{ "syscall",          BPF_PROG_TYPE_SYSCALL, 0, PLAN_ATTACH_NONE, EXACT | SLEEPABLE },
	{ "cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/skb",       BPF_PROG_TYPE_CGROUP_SKB, 0, PLAN_ATTACH_NONE, EXACT },
	{ "cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/sock",      BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/post_bind4", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/post_bind6", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/dev",       BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/bind4",     BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/bind6",     BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/connect4",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/connect6",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/sendmsg4",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/sendmsg6",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/recvmsg4",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/recvmsg6",  BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/getpeername4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/getpeername6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/getsockname4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/getsockname6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/sysctl",    BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, PLAN_ATTACH_CGROUP, EXACT },
	{ "cgroup/setsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, PLAN_ATTACH_CGROUP, EXACT },
};

static const char *const kinds[] = {
	[PLAN_ATTACH_NONE] = "load only", [PLAN_ATTACH_TRACEPOINT] = "tracepoint",
	[PLAN_ATTACH_KPROBE] = "kprobe", [PLAN_ATTACH_KSYSCALL] = "ksyscall",
	[PLAN_ATTACH_UPROBE] = "uprobe", [PLAN_ATTACH_RAW_TP] = "raw_tp",
	[PLAN_ATTACH_TRACING] = "btf", [PLAN_ATTACH_PERF_EVENT] = "perf_event",
	[PLAN_ATTACH_XDP] = "xdp", [PLAN_ATTACH_TC] = "tc", [PLAN_ATTACH_CGROUP] = "cgroup",
	[PLAN_ATTACH_KPROBE_MULTI] = "kprobe.multi", [PLAN_ATTACH_UPROBE_MULTI] = "uprobe.multi",
	[PLAN_ATTACH_STRUCT_OPS] = "struct_ops",
};

bool plan_secdef(const char *sec, struct plan_prog *p)
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
		p->egress = d->flags & EGRESS;
		p->prog_flags = (d->flags & FRAGS) ? PLAN_F_XDP_HAS_FRAGS : 0;
		/* Iterators and LSM hooks attach differently from the other
		 * BTF-targeted programs (attach_iter.c, the BPF LSM check). */
		if (d->attach_type == BPF_TRACE_ITER)
			p->attach_kind = "iter";
		else if (d->attach_type == BPF_LSM_MAC)
			p->attach_kind = "lsm";
		else if (d->attach_type == (enum bpf_attach_type)SYS_BPF_TRACE_KPROBE_SESSION)
			p->attach_kind = "kprobe.session";
		if ((d->flags & TARGET) && sec[n])
			p->target = strdup(sec + n);
		else if ((d->flags & EXACT) && sec[n] == '/' && sec[n + 1])
			p->target = strdup(sec + n + 1);
		return true;
	}
	p->type = BPF_PROG_TYPE_UNSPEC;
	p->attach = PLAN_ATTACH_NONE;
	p->attach_kind = "unknown";
	return false;
}
