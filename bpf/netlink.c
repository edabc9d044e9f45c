/* A minimal rtnetlink client: the four tc requests of bpf/netlink.h. Message
 * layout: include/uapi/linux/netlink.h (nlmsghdr, nlattr, nlmsgerr and the
 * extended ack), rtnetlink.h (tcmsg, TCA_KIND, TCA_OPTIONS), pkt_cls.h
 * (TCA_BPF_*). */
#include "bpf/netlink.h"
#include "common/err.h"
#include "common/util.h"

#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#define CLSACT_HANDLE TC_H_MAKE(TC_H_CLSACT, 0)
#define REQ_SEQ 1               /* one request per socket */

_Static_assert(RTM_DELQDISC == RTM_NEWQDISC + 1 && RTM_DELTFILTER == RTM_NEWTFILTER + 1,
	       "each RTM_DEL follows its RTM_NEW");

/* One request under construction; attributes are appended at len. */
struct req {
	union { struct nlmsghdr nh; char buf[512]; } u;
	size_t len;
	bool overflow;
};

static struct tcmsg *req_init(struct req *r, __u16 type, __u16 flags, int ifindex,
			      __u32 parent, __u32 handle, __u32 info)
{
	struct tcmsg *tc;

	memset(r, 0, sizeof(*r));
	r->len = NLMSG_LENGTH(sizeof(*tc));
	r->u.nh.nlmsg_type = type;
	r->u.nh.nlmsg_flags = (__u16)(NLM_F_REQUEST | NLM_F_ACK | flags);
	r->u.nh.nlmsg_seq = REQ_SEQ;
	tc = NLMSG_DATA(&r->u.nh);
	tc->tcm_family = AF_UNSPEC;
	tc->tcm_ifindex = ifindex;
	tc->tcm_parent = parent;
	tc->tcm_handle = handle;
	tc->tcm_info = info;
	return tc;
}

static struct nlattr *attr_put(struct req *r, __u16 type, const void *data, size_t len)
{
	struct nlattr *a;

	if (r->overflow || NLMSG_ALIGN(r->len) + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(r->u.buf)) {
		r->overflow = true;
		return NULL;
	}
	r->len = NLMSG_ALIGN(r->len);
	a = (struct nlattr *)(r->u.buf + r->len);
	a->nla_type = type;
	a->nla_len = (__u16)(NLA_HDRLEN + len);
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->len += NLA_ALIGN(a->nla_len);
	return a;
}

static void attr_str(struct req *r, __u16 type, const char *s)
{
	attr_put(r, type, s, strlen(s) + 1);
}

static void attr_u32(struct req *r, __u16 type, __u32 v)
{
	attr_put(r, type, &v, sizeof(v));
}

static void nest_end(struct req *r, struct nlattr *nest)
{
	if (nest && !r->overflow)
		nest->nla_len = (__u16)(r->u.buf + r->len - (char *)nest);
}

/* The value of attribute type among the attributes in buf[off, end), or
 * NULL; *len its length. */
static const char *nl_attr(const char *buf, size_t off, size_t end, __u16 type, size_t *len)
{
	while (off + NLA_HDRLEN <= end) {
		struct nlattr a;

		memcpy(&a, buf + off, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > end - off)
			return NULL;
		if ((a.nla_type & NLA_TYPE_MASK) == type) {
			*len = a.nla_len - NLA_HDRLEN;
			return buf + off + NLA_HDRLEN;
		}
		off += NLA_ALIGN(a.nla_len);
	}
	return NULL;
}

/* The extended ack's NLMSGERR_ATTR_MSG, from off to end of buf. */
static void ack_msg(const char *buf, size_t off, size_t end, char *msg, size_t msglen)
{
	size_t len;
	const char *m = nl_attr(buf, off, end, NLMSGERR_ATTR_MSG, &len);

	if (m && msglen) {
		len = strnlen(m, len);
		len = len < msglen - 1 ? len : msglen - 1;
		memcpy(msg, m, len);
		msg[len] = 0;
	}
}

int sys_nl_ack(const void *data, size_t n, __u32 seq, char *msg, size_t msglen)
{
	const char *buf = data;
	size_t off = 0;

	if (msglen)
		msg[0] = 0;
	while (off + NLMSG_HDRLEN <= n) {
		struct nlmsghdr nh;
		struct nlmsgerr e;
		size_t tlv;

		memcpy(&nh, buf + off, sizeof(nh));    /* buf need not be aligned */
		if (nh.nlmsg_len < NLMSG_HDRLEN || nh.nlmsg_len > n - off)
			return -EPROTO;
		if (nh.nlmsg_seq != seq) {
			off += NLMSG_ALIGN(nh.nlmsg_len);
			continue;
		}
		if (nh.nlmsg_type != NLMSG_ERROR || nh.nlmsg_len < NLMSG_LENGTH(sizeof(e)))
			return -EPROTO;
		memcpy(&e, buf + off + NLMSG_HDRLEN, sizeof(e));
		if (e.error > 0 || e.error < -4095)
			return -EPROTO;
		tlv = NLMSG_LENGTH(sizeof(e));
		if (!(nh.nlmsg_flags & NLM_F_CAPPED)) {
			/* The request came back whole after nlmsgerr. */
			if (e.msg.nlmsg_len < NLMSG_HDRLEN)
				return e.error;
			tlv += NLMSG_ALIGN(e.msg.nlmsg_len - NLMSG_HDRLEN);
		}
		if ((nh.nlmsg_flags & NLM_F_ACK_TLVS) && tlv <= nh.nlmsg_len)
			ack_msg(buf + off, tlv, nh.nlmsg_len, msg, msglen);
		return e.error;
	}
	return off == n ? -EAGAIN : -EPROTO;
}

static int nl_open(void)
{
	struct timeval tv = { .tv_sec = 5 };
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return -errno;
	/* Both are best effort (4.12 and 4.3): a shorter ack, and the
	 * kernel's reason in words. */
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Send r, wait for its answer; 0 or -errno with the kernel's words in kmsg. */
static int nl_transact(struct req *r, char *kmsg, size_t kmsglen)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK }, from;
	union { struct nlmsghdr nh; char buf[4096]; } ans;
	struct iovec iov = { .iov_base = r->u.buf, .iov_len = r->len };
	struct msghdr mh = { .msg_name = &to, .msg_namelen = sizeof(to), .msg_iov = &iov,
			     .msg_iovlen = 1 };
	int fd, ret = -EAGAIN;

	if (r->overflow)
		return -E2BIG;
	r->u.nh.nlmsg_len = (__u32)r->len;
	fd = nl_open();
	if (fd < 0)
		return fd;
	if (sendmsg(fd, &mh, 0) < 0)
		ret = -errno;
	while (ret == -EAGAIN) {
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, ans.buf, sizeof(ans.buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0) {
			ret = errno == EAGAIN ? -ETIMEDOUT : -errno;
			break;
		}
		if (fl != sizeof(from) || from.nl_pid != 0)
			continue;               /* not from the kernel */
		ret = sys_nl_ack(ans.buf, (size_t)n, REQ_SEQ, kmsg, kmsglen);
	}
	close(fd);
	return ret;
}

/* A tc request on ifindex: RTM_NEW<obj> (RTM_NEWQDISC, RTM_NEWTFILTER) with
 * NLM_F_CREATE|NLM_F_EXCL to add, else the RTM_DEL<obj> that follows it. */
static void tc_init(struct req *r, __u16 new_type, bool add, int ifindex, __u32 parent,
		    __u32 handle, __u32 info, const char *kind)
{
	req_init(r, add ? new_type : new_type + 1, add ? NLM_F_CREATE | NLM_F_EXCL : 0,
		 ifindex, parent, handle, info);
	attr_str(r, TCA_KIND, kind);
}

/* Run the tc request r (or not, in a dry run), print its explain line, and
 * on failure write "what: reason" into err. what names the device, as tc
 * would. */
static int nl_run(struct sys *s, struct req *r, const char *obj, const char *body,
		  const char *what, char *err, size_t errlen)
{
	char kmsg[256] = "";
	bool add = r->u.nh.nlmsg_flags & NLM_F_EXCL;
	int ret = s->dry_run && !r->overflow ? 0 : nl_transact(r, kmsg, sizeof(kmsg));

	sys_explain(s, ret, "sendmsg(NETLINK_ROUTE, RTM_%s%s {%s}, NLM_F_REQUEST|NLM_F_ACK%s)",
		    add ? "NEW" : "DEL", obj, body, add ? "|NLM_F_CREATE|NLM_F_EXCL" : "");
	if (ret)
		errorf(err, errlen, ret, "%s: %s%s%s%s", what, strerror(-ret),
		       kmsg[0] ? " (kernel: " : "", kmsg, kmsg[0] ? ")" : "");
	return ret;
}

/* ioctl req (SIOCGIFINDEX, SIOCGIFNAME) on a socket made for it. */
static int if_ioctl(unsigned long req, struct ifreq *ifr)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -1;
	ret = ioctl(fd, req, ifr);
	close(fd);
	return ret;
}

unsigned int sys_if_index(const char *name)
{
	struct ifreq ifr;

	if (strlen(name) >= sizeof(ifr.ifr_name))
		return 0;       /* glibc's answer; musl's would look up a prefix */
	strcpy(ifr.ifr_name, name);
	return if_ioctl(SIOCGIFINDEX, &ifr) < 0 ? 0 : (unsigned int)ifr.ifr_ifindex;
}

/* The interface's name (if_indextoname()), else "ifindex N". */
static const char *dev_name(int ifindex, char buf[IF_NAMESIZE + 16])
{
	struct ifreq ifr;

	ifr.ifr_ifindex = ifindex;
	if (if_ioctl(SIOCGIFNAME, &ifr) == 0)
		snprintf(buf, IF_NAMESIZE + 16, "%.*s", (int)sizeof(ifr.ifr_name), ifr.ifr_name);
	else
		snprintf(buf, IF_NAMESIZE + 16, "ifindex %d", ifindex);
	return buf;
}

static int clsact(struct sys *s, int ifindex, bool add, char *err, size_t errlen)
{
	struct req r;
	char dev[IF_NAMESIZE + 16], body[128], what[96];

	tc_init(&r, RTM_NEWQDISC, add, ifindex, TC_H_CLSACT, CLSACT_HANDLE, 0, "clsact");
	snprintf(body, sizeof(body), "ifindex=%d, parent=TC_H_CLSACT, handle=%#x, kind=\"clsact\"",
		 ifindex, CLSACT_HANDLE);
	snprintf(what, sizeof(what), "tc qdisc %s dev %s clsact", add ? "add" : "del",
		 dev_name(ifindex, dev));
	return nl_run(s, &r, "QDISC", body, what, err, errlen);
}

int sys_tc_clsact_add(struct sys *s, int ifindex, bool *created, char *err, size_t errlen)
{
	char ignored[256];
	int ret = clsact(s, ifindex, true, ignored, sizeof(ignored));

	*created = ret == 0;
	if (ret == -EEXIST)
		return 0;       /* someone's clsact (or ours from before): keep it */
	if (ret)
		errorf(err, errlen, ret, "%s", ignored);
	return ret;
}

int sys_tc_clsact_del(struct sys *s, int ifindex, char *err, size_t errlen)
{
	return clsact(s, ifindex, false, err, errlen);
}

static int filter(struct sys *s, const struct sys_tc_filter *f, bool add, int prog_fd,
		  const char *name, char *err, size_t errlen)
{
	struct req r;
	char dev[IF_NAMESIZE + 16], body[256], what[160];
	const char *hook = f->egress ? "egress" : "ingress";
	__u32 parent = TC_H_MAKE(TC_H_CLSACT, f->egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS);
	int n;

	snprintf(what, sizeof(what), "tc filter %s dev %s %s prio %u handle %#x bpf",
		 add ? "add" : "del", dev_name(f->ifindex, dev), hook, f->prio, f->handle);
	if (!f->prio || !f->handle)
		return errorf(err, errlen, -EINVAL, "%s: prio and handle must be set", what);
	tc_init(&r, RTM_NEWTFILTER, add, f->ifindex, parent, f->handle,
		TC_H_MAKE((__u32)f->prio << 16, htons(ETH_P_ALL)), "bpf");
	n = snprintf(body, sizeof(body), "ifindex=%d, parent=TC_H_CLSACT:TC_H_MIN_%s, handle=%#x, "
		     "prio=%u, protocol=ETH_P_ALL, kind=\"bpf\"", f->ifindex,
		     f->egress ? "EGRESS" : "INGRESS", f->handle, f->prio);
	if (add) {
		struct nlattr *opt = attr_put(&r, TCA_OPTIONS | NLA_F_NESTED, NULL, 0);

		attr_u32(&r, TCA_BPF_FD, (__u32)prog_fd);
		attr_str(&r, TCA_BPF_NAME, name ? name : "rawbpf");
		attr_u32(&r, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
		nest_end(&r, opt);
		snprintf(body + n, sizeof(body) - (size_t)n, ", options={fd=%d, name=\"%.64s\", "
			 "flags=TCA_BPF_FLAG_ACT_DIRECT}", prog_fd, name ? name : "rawbpf");
	}
	return nl_run(s, &r, "TFILTER", body, what, err, errlen);
}

int sys_tc_bpf_add(struct sys *s, const struct sys_tc_filter *f, int prog_fd,
		   const char *name, char *err, size_t errlen)
{
	return filter(s, f, true, prog_fd, name, err, errlen);
}

int sys_tc_bpf_del(struct sys *s, const struct sys_tc_filter *f, char *err, size_t errlen)
{
	return filter(s, f, false, -1, NULL, err, errlen);
}

/* ---- the clean-up of filters a killed run left ---- */

/* One RTM_NEWTFILTER of a dump: a bpf filter whose name is prefix<pid> of
 * a process that is gone goes into dead[*n] (at most max). */
static void dead_filter(const char *buf, size_t len, const char *prefix, bool egress,
			struct sys_tc_filter *dead, size_t *n, size_t max)
{
	struct tcmsg tc;
	const char *kind, *opt, *name;
	size_t klen, olen, nlen, plen = strlen(prefix);
	char nm[64], *end;
	long pid;

	if (len < NLMSG_LENGTH(sizeof(tc)) || *n >= max)
		return;
	memcpy(&tc, buf + NLMSG_HDRLEN, sizeof(tc));
	kind = nl_attr(buf, NLMSG_LENGTH(sizeof(tc)), len, TCA_KIND, &klen);
	opt = nl_attr(buf, NLMSG_LENGTH(sizeof(tc)), len, TCA_OPTIONS, &olen);
	if (!kind || klen < 4 || memcmp(kind, "bpf", 4) || !opt || !tc.tcm_handle)
		return;
	name = nl_attr(opt, 0, olen, TCA_BPF_NAME, &nlen);
	if (!name || nlen >= sizeof(nm))
		return;
	memcpy(nm, name, nlen);
	nm[nlen] = 0;
	if (strncmp(nm, prefix, plen))
		return;
	pid = strtol(nm + plen, &end, 10);
	if (end == nm + plen || *end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return;
	dead[(*n)++] = (struct sys_tc_filter){ .ifindex = tc.tcm_ifindex, .egress = egress,
		.prio = (__u16)(TC_H_MAJ(tc.tcm_info) >> 16), .handle = tc.tcm_handle };
}

/* Send the dump request r and give each answer of type `type` to each();
 * 0 at its end, or -errno. */
static int nl_dump(struct req *r, __u16 type, void (*each)(const char *msg, size_t len, void *ctx),
		   void *ctx)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	char ans[32768];
	int fd, ret = 0;

	r->u.nh.nlmsg_flags &= (__u16)~NLM_F_ACK;
	r->u.nh.nlmsg_len = (__u32)r->len;
	if ((fd = nl_open()) < 0)
		return fd;
	if (sendto(fd, r->u.buf, r->len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		ret = -errno;
	while (!ret) {
		ssize_t got = recv(fd, ans, sizeof(ans), 0);
		size_t off = 0;

		if (got <= 0)
			ret = got < 0 ? -errno : -EPROTO;
		while (!ret && off + NLMSG_HDRLEN <= (size_t)got) {
			struct nlmsghdr nh;

			memcpy(&nh, ans + off, sizeof(nh));
			if (nh.nlmsg_len < NLMSG_HDRLEN || nh.nlmsg_len > (size_t)got - off)
				ret = -EPROTO;
			else if (nh.nlmsg_type == NLMSG_DONE)
				ret = 1;
			else if (nh.nlmsg_type == NLMSG_ERROR)
				ret = sys_nl_ack(ans + off, nh.nlmsg_len, nh.nlmsg_seq, NULL, 0) ?: 1;
			else if (nh.nlmsg_type == type)
				each(ans + off, nh.nlmsg_len, ctx);
			off += NLMSG_ALIGN(nh.nlmsg_len);
		}
	}
	close(fd);
	return ret == 1 ? 0 : ret;
}

struct dead_ctx {
	const char *prefix;
	bool egress;
	struct sys_tc_filter *dead;
	size_t n, max;
};

static void each_filter(const char *msg, size_t len, void *ctx)
{
	struct dead_ctx *d = ctx;

	dead_filter(msg, len, d->prefix, d->egress, d->dead, &d->n, d->max);
}

struct link_list {
	int *v;
	size_t n;
	bool failed;
};

/* One RTM_NEWLINK of a dump: its interface index, appended to the list. */
static void each_link(const char *msg, size_t len, void *ctx)
{
	struct ifinfomsg ifi;
	struct link_list *l = ctx;
	int *slot;

	if (len < NLMSG_LENGTH(sizeof(ifi)))
		return;
	memcpy(&ifi, msg + NLMSG_HDRLEN, sizeof(ifi));
	slot = array_push(&l->v, &l->n, sizeof(*l->v));
	if (slot)
		*slot = ifi.ifi_index;
	l->failed |= !slot;
}

int sys_tc_bpf_clean_dead(struct sys *s, const char *prefix, char *err, size_t errlen)
{
	struct sys_tc_filter dead[64];
	struct dead_ctx d = { .prefix = prefix, .dead = dead, .max = sizeof(dead) / sizeof(dead[0]) };
	struct link_list links = { 0 };
	struct req r;
	int removed = 0, ret;

	/* Every interface (an RTM_GETLINK dump: an ifinfomsg of zeros, which
	 * begins as a tcmsg of zeros does), then its two clsact hooks. */
	req_init(&r, RTM_GETLINK, NLM_F_DUMP, 0, 0, 0, 0);
	r.len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	ret = nl_dump(&r, RTM_NEWLINK, each_link, &links);
	if (ret || links.failed) {
		free(links.v);
		return errorf(err, errlen, ret ?: -ENOMEM, "RTM_GETLINK dump: %s", strerror(ret ? -ret : ENOMEM));
	}
	for (size_t i = 0; i < links.n; i++)
		for (d.egress = false;; d.egress = true) {
			req_init(&r, RTM_GETTFILTER, NLM_F_DUMP, links.v[i],
				 TC_H_MAKE(TC_H_CLSACT, d.egress ? TC_H_MIN_EGRESS : TC_H_MIN_INGRESS), 0, 0);
			nl_dump(&r, RTM_NEWTFILTER, each_filter, &d);
			if (d.egress)
				break;
		}
	free(links.v);
	for (size_t i = 0; i < d.n; i++)
		if (sys_tc_bpf_del(s, &dead[i], err, errlen) == 0)
			removed++;
	return removed;
}
