/* tc through rtnetlink, for kernels without tcx links (before 6.6): the
 * clsact qdisc and a direct-action "bpf" filter on its ingress or egress hook,
 * as `tc qdisc add dev D clsact` and `tc filter add dev D ingress prio P
 * handle H bpf da fd F` would make them (include/uapi/linux/rtnetlink.h,
 * pkt_sched.h, pkt_cls.h).
 *
 * Each call opens a NETLINK_ROUTE socket, sends one request with NLM_F_ACK,
 * reads the kernel's NLMSG_ERROR answer (every length checked against what
 * was received) and closes the socket. With explain set, each request is one
 * line in strace-like notation, its result the answer's error:
 *     sendmsg(NETLINK_ROUTE, RTM_NEWQDISC {ifindex=7, parent=TC_H_CLSACT,
 *             handle=0xffff0000, kind="clsact"}, NLM_F_REQUEST|NLM_F_ACK|
 *             NLM_F_CREATE|NLM_F_EXCL) = 0
 * A dry run sends nothing and reports success.
 *
 * Errors: 0 or a negative errno, with one line in err naming the device, the
 * request and the kernel's reason (its extended ack message when it gave one).
 */
#ifndef RAWBPF_NETLINK_H
#define RAWBPF_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "bpf/sys.h"

/* One bpf filter: where it is and the name it is deleted by. prio and handle
 * must be nonzero: with 0 the kernel picks them and the filter could not be
 * named again. */
struct sys_tc_filter {
	int ifindex;
	bool egress;            /* false: ingress */
	__u16 prio;             /* tc "pref" */
	__u32 handle;
};

/* RTM_NEWQDISC clsact on ifindex. *created: whether this call made it (it
 * already existed: 0 with *created false), i.e. whether it is ours to delete. */
int sys_tc_clsact_add(struct sys *s, int ifindex, bool *created, char *err, size_t errlen);
/* RTM_DELQDISC clsact: removes every filter left on it too, so only for a
 * qdisc sys_tc_clsact_add() created. */
int sys_tc_clsact_del(struct sys *s, int ifindex, char *err, size_t errlen);
/* RTM_NEWTFILTER "bpf" with TCA_BPF_FLAG_ACT_DIRECT (the program's return is
 * the TC_ACT_* verdict), protocol ETH_P_ALL, on clsact's ingress or egress.
 * NLM_F_EXCL: an existing filter at the same prio and handle is an error, not
 * replaced. name is shown by `tc filter show` (may be NULL). */
int sys_tc_bpf_add(struct sys *s, const struct sys_tc_filter *f, int prog_fd,
		   const char *name, char *err, size_t errlen);
/* RTM_DELTFILTER of that filter. */
int sys_tc_bpf_del(struct sys *s, const struct sys_tc_filter *f, char *err, size_t errlen);

/* Filters outlive the process that made them. Remove every bpf filter on
 * a clsact hook of any interface whose name (TCA_BPF_NAME) is prefix<pid>
 * for a pid that no longer runs: what a killed run left. The dumps
 * (RTM_GETTFILTER, NLM_F_DUMP) are reads, made in a dry run too and not
 * shown; each delete is a sys_tc_bpf_del(). Returns how many were removed,
 * or -errno. */
int sys_tc_bpf_clean_dead(struct sys *s, const char *prefix, char *err, size_t errlen);

/* The answer to request seq in buf[n] (what one recv() returned): 0 for an
 * ACK, the kernel's -errno for a refusal (its extended-ack message, if any,
 * into msg[msglen], "" otherwise), -EAGAIN when buf holds no answer to seq,
 * -EPROTO when a length does not fit in what was received or the answer is
 * not an NLMSG_ERROR. Shown here for the unit tests. */
int sys_nl_ack(const void *buf, size_t n, __u32 seq, char *msg, size_t msglen);

/* The index of network interface name, 0 when there is none (what
 * if_nametoindex() returns; SIOCGIFINDEX, as glibc's and musl's do, with
 * one helper for this and SIOCGIFNAME: the static binary has neither of
 * musl's two). */
unsigned int sys_if_index(const char *name);

#endif
