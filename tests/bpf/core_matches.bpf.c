/* bpf_core_type_matches() of kernel types and of local definitions made to
 * match or not, answered into an XDP test-run packet: byte i is the answer
 * for check i (tests/kernel/core_matches.sh compares rawbpf with libbpf).
 *
 * clang 14 cannot emit TYPE_MATCHES, so this is written with
 * bpf_core_type_exists() and the build (Makefile, tests/tools/core_kind.c)
 * turns every TYPE_EXISTS record of .BTF.ext into TYPE_MATCHES: the
 * instruction is the same (an immediate 1 or 0), only the question differs. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* Local definitions: flavours of kernel types that match or do not. */
struct list_head___bad {                /* prev is a long, not a pointer: no */
	struct list_head___bad *next;
	long prev;
};
struct task_struct___small {            /* two of the kernel's members: yes */
	int pid;
	int tgid;
};
struct task_struct___wrongsign {        /* pid is signed in the kernel: no */
	unsigned int pid;
};
enum bpf_map_type___extra {             /* an enumerator the kernel lacks: no */
	BPF_MAP_TYPE_HASH___x = 1,
	RAWBPF_MAP_TYPE_NO_SUCH = 99,
};
enum bpf_map_type___sub {               /* a subset, other values: yes */
	BPF_MAP_TYPE_ARRAY___y = 7,
	BPF_MAP_TYPE_HASH___y = 8,
};
struct inode___other {
	int not_visited;                /* behind a pointer: only the name counts */
};
struct file___ptr {                     /* yes */
	struct inode___other *f_inode;
};
struct sk_buff___missing {              /* no such member: no */
	int rawbpf_no_such_member;
};
struct rawbpf_no_such_type {            /* no candidate: no */
	int x;
};
union bpf_attr___flavor {               /* union, embedded struct member: yes */
	struct {
		__u32 map_type;
		__u32 key_size;
	};
};
struct callback_head___narrow {         /* func pointer with one param: yes */
	struct callback_head___narrow *next;
	void (*func)(struct callback_head *);
};
struct callback_head___wide {           /* func pointer with two params: no */
	struct callback_head___wide *next;
	void (*func)(struct callback_head *, int);
};

#define N_CHECKS 40
#define M(i, T) d[i] = bpf_core_type_exists(T)

SEC("xdp")
int matches(struct xdp_md *ctx)
{
	__u8 *d = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;

	if ((void *)(d + N_CHECKS) > (void *)end)
		return XDP_ABORTED;
	M(0, struct task_struct);
	M(1, struct list_head);
	M(2, struct sk_buff);
	M(3, struct file);
	M(4, struct page);
	M(5, struct inode);
	M(6, struct mm_struct);
	M(7, struct sock);
	M(8, struct net_device);
	M(9, struct bpf_prog);
	M(10, struct cred);
	M(11, struct dentry);
	M(12, struct super_block);
	M(13, struct cgroup);
	M(14, union bpf_attr);
	M(15, enum bpf_map_type);
	M(16, struct hlist_node);
	M(17, struct rb_node);
	M(18, struct callback_head);
	M(19, u64);
	M(20, struct bpf_map);
	M(21, struct seq_file);
	M(22, enum bpf_prog_type);
	M(23, struct pt_regs);
	M(24, struct xdp_md);
	M(25, struct list_head___bad);
	M(26, struct task_struct___small);
	M(27, struct task_struct___wrongsign);
	M(28, enum bpf_map_type___extra);
	M(29, enum bpf_map_type___sub);
	M(30, struct file___ptr);
	M(31, struct sk_buff___missing);
	M(32, struct rawbpf_no_such_type);
	M(33, union bpf_attr___flavor);
	M(34, struct callback_head___narrow);
	M(35, struct callback_head___wide);
	M(36, struct vm_area_struct);
	M(37, struct bio);
	M(38, struct socket);
	M(39, struct kobject);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
