/* Section name -> program type, expected attach type and attach point.
 *
 * The names are the convention clang users write with SEC("..."), the same
 * ones libbpf reads: a prefix naming the kind, then, for kinds that attach to
 * something, "/" and the target. A leading "?" (don't load by default) is
 * accepted and ignored here. */
#include "loader/plan/object.h"
#include "bpf/sys.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* Each definition as D(prefix, program type, expected attach type, enum
 * plan_attach, flags). The prefixes go into one string (a NUL after each,
 * common/util.h's str_nth() layout) and the values into a table of 4 bytes
 * a definition: no name buffers sized for the longest (1 KiB less than
 * char[22] inside each). Every value fits a byte (enum bpf_attach_type
 * ends at 57). */
struct secdef {
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

#define SECDEFS \
	D("tracepoint/",       BPF_PROG_TYPE_TRACEPOINT, 0, PLAN_ATTACH_TRACEPOINT, TARGET) \
	D("tp/",               BPF_PROG_TYPE_TRACEPOINT, 0, PLAN_ATTACH_TRACEPOINT, TARGET) \
	D("kprobe/",           BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, TARGET) \
	D("kretprobe/",        BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, TARGET | RETPROBE) \
	D("kprobe",            BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, EXACT) \
	D("kretprobe",         BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KPROBE, EXACT | RETPROBE) \
	D("ksyscall/",         BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KSYSCALL, TARGET) \
	D("kretsyscall/",      BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_KSYSCALL, TARGET | RETPROBE) \
	D("uprobe/",           BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET) \
	D("uretprobe/",        BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET | RETPROBE) \
	D("uprobe.s/",         BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET | SLEEPABLE) \
	D("uretprobe.s/",      BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, TARGET | RETPROBE | SLEEPABLE) \
	D("uprobe",            BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, EXACT) \
	D("uretprobe",         BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_UPROBE, EXACT | RETPROBE) \
	D("kprobe.multi/",     BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, PLAN_ATTACH_KPROBE_MULTI, TARGET) \
	D("kretprobe.multi/",  BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, PLAN_ATTACH_KPROBE_MULTI, TARGET | RETPROBE) \
	D("kprobe.session/",   BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_KPROBE_SESSION, PLAN_ATTACH_KPROBE_MULTI, TARGET) \
	D("uprobe.multi/",     BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET) \
	D("uretprobe.multi/",  BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET | RETPROBE) \
	D("uprobe.multi.s/",   BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET | SLEEPABLE) \
	D("uretprobe.multi.s/", BPF_PROG_TYPE_KPROBE, (enum bpf_attach_type)SYS_BPF_TRACE_UPROBE_MULTI, PLAN_ATTACH_UPROBE_MULTI, TARGET | RETPROBE | SLEEPABLE) \
	D("usdt",              BPF_PROG_TYPE_KPROBE, 0, PLAN_ATTACH_NONE, EXACT) \
	D("raw_tracepoint/",   BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PLAN_ATTACH_RAW_TP, TARGET) \
	D("raw_tp/",           BPF_PROG_TYPE_RAW_TRACEPOINT, 0, PLAN_ATTACH_RAW_TP, TARGET) \
	D("raw_tracepoint.w/", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, PLAN_ATTACH_RAW_TP, TARGET) \
	D("raw_tp.w/",         BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, PLAN_ATTACH_RAW_TP, TARGET) \
	D("tp_btf/",           BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, PLAN_ATTACH_TRACING, TARGET) \
	D("fentry/",           BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, PLAN_ATTACH_TRACING, TARGET) \
	D("fentry.s/",         BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE) \
	D("fexit/",            BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, PLAN_ATTACH_TRACING, TARGET) \
	D("fexit.s/",          BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE) \
	D("fmod_ret/",         BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, PLAN_ATTACH_TRACING, TARGET) \
	D("fmod_ret.s/",       BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE) \
	D("iter/",             BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, PLAN_ATTACH_TRACING, TARGET) \
	D("iter.s/",           BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE) \
	D("lsm/",              BPF_PROG_TYPE_LSM, BPF_LSM_MAC, PLAN_ATTACH_TRACING, TARGET) \
	D("lsm.s/",            BPF_PROG_TYPE_LSM, BPF_LSM_MAC, PLAN_ATTACH_TRACING, TARGET | SLEEPABLE) \
	D("lsm_cgroup/",       BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, PLAN_ATTACH_NONE, TARGET) \
	D("freplace/",         BPF_PROG_TYPE_EXT, 0, PLAN_ATTACH_NONE, TARGET) \
	D("struct_ops/",       BPF_PROG_TYPE_STRUCT_OPS, 0, PLAN_ATTACH_STRUCT_OPS, 0) \
	D("struct_ops.s/",     BPF_PROG_TYPE_STRUCT_OPS, 0, PLAN_ATTACH_STRUCT_OPS, SLEEPABLE) \
	D("perf_event",        BPF_PROG_TYPE_PERF_EVENT, 0, PLAN_ATTACH_PERF_EVENT, EXACT) \
	D("socket",            BPF_PROG_TYPE_SOCKET_FILTER, 0, PLAN_ATTACH_NONE, EXACT) \
	D("xdp.frags/devmap",  BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, PLAN_ATTACH_NONE, 0) \
	D("xdp/devmap",        BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, PLAN_ATTACH_NONE, 0) \
	D("xdp.frags/cpumap",  BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, PLAN_ATTACH_NONE, 0) \
	D("xdp/cpumap",        BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, PLAN_ATTACH_NONE, 0) \
	D("xdp.frags",         BPF_PROG_TYPE_XDP, BPF_XDP, PLAN_ATTACH_XDP, EXACT | FRAGS) \
	D("xdp",               BPF_PROG_TYPE_XDP, BPF_XDP, PLAN_ATTACH_XDP, EXACT) \
	/* tc and tcx name the same hooks: a tcx link where the kernel has \
	 * them, else a netlink filter (loader/run/attach_net.c). The expected \
	 * attach type stays 0: 6.1 knows no BPF_TCX_*. */ \
	D("tc/ingress",        BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT) \
	D("tc/egress",         BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT | EGRESS) \
	D("tcx/ingress",       BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT) \
	D("tcx/egress",        BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT | EGRESS) \
	D("tc",                BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT) \
	D("classifier",        BPF_PROG_TYPE_SCHED_CLS, 0, PLAN_ATTACH_TC, EXACT) \
	D("action",            BPF_PROG_TYPE_SCHED_ACT, 0, PLAN_ATTACH_NONE, EXACT) \
	D("sk_reuseport/migrate", BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, PLAN_ATTACH_NONE, EXACT) \
	D("sk_reuseport",      BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, PLAN_ATTACH_NONE, EXACT) \
	D("sk_skb/stream_parser", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, PLAN_ATTACH_NONE, EXACT) \
	D("sk_skb/stream_verdict", BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, PLAN_ATTACH_NONE, EXACT) \
	D("sk_skb",            BPF_PROG_TYPE_SK_SKB, 0, PLAN_ATTACH_NONE, EXACT) \
	D("sk_msg",            BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, PLAN_ATTACH_NONE, EXACT) \
	D("sk_lookup",         BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, PLAN_ATTACH_NONE, EXACT) \
	D("sockops",           BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, PLAN_ATTACH_CGROUP, EXACT) \
	D("flow_dissector",    BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, PLAN_ATTACH_NONE, EXACT) \
	D("lwt_in",            BPF_PROG_TYPE_LWT_IN, 0, PLAN_ATTACH_NONE, EXACT) \
	D("lwt_out",           BPF_PROG_TYPE_LWT_OUT, 0, PLAN_ATTACH_NONE, EXACT) \
	D("lwt_xmit",          BPF_PROG_TYPE_LWT_XMIT, 0, PLAN_ATTACH_NONE, EXACT) \
	D("lwt_seg6local",     BPF_PROG_TYPE_LWT_SEG6LOCAL, 0, PLAN_ATTACH_NONE, EXACT) \
	D("syscall",           BPF_PROG_TYPE_SYSCALL, 0, PLAN_ATTACH_NONE, EXACT | SLEEPABLE) \
	D("cgroup_skb/ingress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup_skb/egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/skb",        BPF_PROG_TYPE_CGROUP_SKB, 0, PLAN_ATTACH_NONE, EXACT) \
	D("cgroup/sock_create", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/sock_release", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/sock",       BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/post_bind4", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/post_bind6", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/dev",        BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/bind4",      BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/bind6",      BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/connect4",   BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/connect6",   BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/sendmsg4",   BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/sendmsg6",   BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/recvmsg4",   BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/recvmsg6",   BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/getpeername4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/getpeername6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/getsockname4", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/getsockname6", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/sysctl",     BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/getsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, PLAN_ATTACH_CGROUP, EXACT) \
	D("cgroup/setsockopt", BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, PLAN_ATTACH_CGROUP, EXACT)

#define D(prefix, type, attach_type, attach, flags) prefix "\0"
static const char prefixes[] = SECDEFS;
#undef D
#define D(prefix, type, attach_type, attach, flags) { type, attach_type, attach, flags },
static const struct secdef defs[] = { SECDEFS };
#undef D

/* The kind each enum plan_attach value is shown as, in its order. */
static const char kinds[] =
	"load only\0" "tracepoint\0" "kprobe\0" "ksyscall\0" "uprobe\0" "raw_tp\0" "btf\0"
	"perf_event\0" "xdp\0" "tc\0" "cgroup\0" "kprobe.multi\0" "uprobe.multi\0" "struct_ops\0";

bool plan_secdef(const char *sec, struct plan_prog *p)
{
	if (sec[0] == '?')
		sec++;
	const char *prefix = prefixes;

	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++, prefix += strlen(prefix) + 1) {
		const struct secdef *d = &defs[i];
		size_t n = strlen(prefix);

		if (strncmp(sec, prefix, n) != 0)
			continue;
		if ((d->flags & EXACT) && sec[n] != '\0' && sec[n] != '/')
			continue;
		p->type = d->type;
		p->expected_attach_type = d->attach_type;
		p->attach = d->attach;
		p->attach_kind = str_nth(kinds, d->attach);
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
