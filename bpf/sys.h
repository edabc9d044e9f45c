/* bpf/ — one thin wrapper per kernel command. Stages 5 to 7 of the pipeline.
 *
 * Everything that reaches the kernel goes through here: bpf() commands,
 * perf_event_open, ioctls, mmap, mount and tracefs writes. Nothing here knows
 * about ELF, the BTF layout or the command line.
 *
 * The caller owns a struct sys; there is no global state. With explain set,
 * each call prints one line in strace notation after it ran, with its result:
 *     bpf(BPF_MAP_FREEZE, {map_fd=4}, 4) = 0
 *     bpf(BPF_PROG_LOAD, {...}, 144) = -1 EACCES (Permission denied)
 * With dry_run set, calls that change kernel state are not made: the line is
 * printed with a fake result (fds count up from 1000, everything else 0), so
 * --dry-run shows the whole conversation without root. Reads of /sys and
 * tracefs files are still made when possible.
 *
 * Every bpf() wrapper memsets the whole union bpf_attr, fills only its own
 * fields and passes the size up to the end of the last field it knows, so
 * strace decodes the call and an older kernel accepts it (the kernel requires
 * only that bytes beyond its own union are zero).
 *
 * Errors: wrappers return a result >= 0 (an fd for the commands that create
 * objects) or a negative errno; errno is read once, in sys_bpf(). Nothing is
 * written to an error buffer: the caller knows which object it was making and
 * adds sys_hint() for refusals.
 */
#ifndef RAWBPF_SYS_H
#define RAWBPF_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/bpf.h>

struct sys {
	bool dry_run;
	FILE *explain;          /* NULL: silent */
	int next_fake_fd;       /* dry run; values below 1000 start at 1000 */
};

/* bpf(2) through syscall(__NR_bpf). Returns the result or -errno. For the
 * commands that create an fd the result is never 0, 1 or 2: such an fd is
 * moved above 2 (an initramfs may start with stdio closed, and a later
 * printf would then write into a map). */
long sys_bpf(struct sys *s, enum bpf_cmd cmd, union bpf_attr *attr, unsigned int size);

/* A hint for a refusal, naming the capability or sysctl involved, or NULL.
 * cmd is an enum bpf_cmd or SYS_PERF_EVENT_OPEN; err is a positive or
 * negative errno. */
#define SYS_PERF_EVENT_OPEN (-1)
const char *sys_hint(int cmd, int err);

/* The name the kernel will accept for obj: at most BPF_OBJ_NAME_LEN-1 bytes,
 * characters other than [A-Za-z0-9_.] replaced by '_'. */
void sys_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *src);

/* ---- map commands (bpf/map.c) ---- */

struct sys_map_create {
	__u32 map_type;         /* BPF_MAP_TYPE_* */
	__u32 key_size, value_size, max_entries, map_flags;
	const char *name;       /* may be NULL; passed through sys_obj_name() */
	__u32 inner_map_fd;     /* map-in-map; 0 when unused */
	__u32 btf_fd, btf_key_type_id, btf_value_type_id; /* 0 when unused */
	/* BPF_MAP_TYPE_STRUCT_OPS: the id of struct bpf_struct_ops_<name> in
	 * the kernel's BTF; value_size is its size, key_size 4, max_entries 1. */
	__u32 btf_vmlinux_value_type_id;
	__u64 map_extra;
};
/* map_flags of a struct_ops map registered through a BPF_STRUCT_OPS link
 * (.struct_ops.link, 6.4) rather than by its update; not in the 6.1 headers. */
#define SYS_BPF_F_LINK (1u << 13)
/* BPF_MAP_CREATE: the new map's fd, or -errno. */
int sys_map_create(struct sys *s, const struct sys_map_create *a);
/* BPF_MAP_LOOKUP_ELEM: 0 (value filled), -ENOENT, or -errno. */
int sys_map_lookup(struct sys *s, int map_fd, const void *key, void *value);
/* BPF_MAP_UPDATE_ELEM with BPF_ANY / BPF_NOEXIST / BPF_EXIST / BPF_F_LOCK. */
int sys_map_update(struct sys *s, int map_fd, const void *key, const void *value, __u64 flags);
int sys_map_delete(struct sys *s, int map_fd, const void *key);
/* BPF_MAP_GET_NEXT_KEY; key NULL for the first key. -ENOENT after the last. */
int sys_map_next_key(struct sys *s, int map_fd, const void *key, void *next_key);
/* BPF_MAP_FREEZE: no more writes from user space (.rodata). */
int sys_map_freeze(struct sys *s, int map_fd);

/* ---- programs and BTF (bpf/prog.c) ---- */

struct sys_prog_load {
	__u32 prog_type;        /* BPF_PROG_TYPE_* */
	const struct bpf_insn *insns;
	__u32 insn_cnt;
	const char *license;
	const char *name;       /* may be NULL; passed through sys_obj_name() */
	__u32 kern_version;     /* only kprobes on kernels before 5.0 look at it */
	__u32 prog_flags;
	__u32 expected_attach_type;
	__u32 prog_btf_fd;      /* 0: no BTF; the next two need it */
	const void *func_info;  __u32 func_info_rec_size, func_info_cnt;
	const void *line_info;  __u32 line_info_rec_size, line_info_cnt;
	__u32 attach_btf_id, attach_btf_obj_fd; /* fentry/fexit/lsm/tp_btf */
	char *log_buf;          /* NULL: no verifier log */
	__u32 log_size, log_level;
	/* Output: bytes the whole log needed, NUL included, when the kernel
	 * reports it (6.4 and later); 0 otherwise. */
	__u32 log_true_size;
};
/* BPF_PROG_LOAD: the program's fd, or -errno (-EACCES: the verifier said no,
 * the reason is in log_buf; -ENOSPC: log_buf was too small). */
int sys_prog_load(struct sys *s, struct sys_prog_load *a);

struct sys_btf_load {
	const void *data;
	__u32 size;
	char *log_buf;          /* NULL: no log */
	__u32 log_size, log_level;
	__u32 log_true_size;    /* output, as for sys_prog_load */
};
/* BPF_BTF_LOAD: the BTF object's fd, or -errno (-EINVAL: see log_buf). */
int sys_btf_load(struct sys *s, struct sys_btf_load *a);

/* ---- pinning, info (bpf/obj.c) ---- */

int sys_obj_pin(struct sys *s, int fd, const char *path);
/* BPF_OBJ_GET: the pinned object's fd. */
int sys_obj_get(struct sys *s, const char *path, __u32 file_flags);
/* BPF_OBJ_GET_INFO_BY_FD into info (struct bpf_map_info, bpf_prog_info,
 * bpf_btf_info or bpf_link_info); *len in: its size, out: bytes filled. */
int sys_obj_info(struct sys *s, int fd, void *info, __u32 *len);
/* What kind of BPF object fd is: "map", "prog", "link", "btf"... into
 * kind[len], read from /proc/self/fd. 0; -EBADF when fd is not a BPF object;
 * -ENOENT and the like when /proc is not mounted; in a dry run -ENOENT. */
int sys_obj_kind(struct sys *s, int fd, char *kind, size_t len);

/* ---- attaching (bpf/link.c) ---- */

/* Attach types newer than Debian's 6.1 uapi headers (enum bpf_attach_type in
 * include/uapi/linux/bpf.h of 6.18), under our own names so that newer headers
 * do not clash. */
enum {
	SYS_BPF_STRUCT_OPS = 44,        /* 6.4: .struct_ops.link */
	SYS_BPF_NETFILTER = 45,         /* 6.4 */
	SYS_BPF_TCX_INGRESS = 46,       /* 6.6 */
	SYS_BPF_TCX_EGRESS = 47,
	SYS_BPF_TRACE_UPROBE_MULTI = 48, /* 6.6 */
	SYS_BPF_NETKIT_PRIMARY = 54,    /* 6.7 */
	SYS_BPF_NETKIT_PEER = 55,
	SYS_BPF_TRACE_KPROBE_SESSION = 56, /* 6.10 */
	SYS_BPF_TRACE_UPROBE_SESSION = 57, /* 6.13 */
};
/* link_create.{kprobe,uprobe}_multi.flags: a return probe. */
#define SYS_BPF_F_MULTI_RETURN 1u
/* BPF_MAP_TYPE_STRUCT_OPS is in the 6.1 headers; BPF_PROG_TYPE_NETFILTER is not. */

/* One BPF_LINK_CREATE; attach_type is the tag that says which of the
 * trailing groups is read. Unused groups stay zero. */
struct sys_link_create {
	__u32 prog_fd;          /* SYS_BPF_STRUCT_OPS: the struct_ops map's fd */
	__u32 target_fd;        /* perf event fd, cgroup fd; an ifindex for XDP,
				 * tcx and netkit; 0 for iterators, multi-probes
				 * and struct_ops */
	__u32 attach_type;      /* BPF_PERF_EVENT, BPF_TRACE_FENTRY, BPF_XDP... */
	__u32 flags;            /* XDP_FLAGS_*; tcx/netkit: BPF_F_BEFORE... */
	__u32 target_btf_id;    /* BPF_TRACE_* on a BPF program target */
	__u64 cookie;           /* BPF_PERF_EVENT, and fentry/fexit/fmod_ret/
				 * lsm (6.0): bpf_get_attach_cookie() */
	/* tcx and netkit: the neighbour named by BPF_F_BEFORE/AFTER in flags,
	 * and the chain revision to expect (0: any). */
	__u32 relative_fd;
	__u64 expected_revision;
	/* BPF_TRACE_ITER: a union bpf_iter_link_info, or NULL. */
	const void *iter_info;
	__u32 iter_info_len;
	/* BPF_TRACE_KPROBE_MULTI and _SESSION: symbols or addresses. */
	struct {
		__u32 flags;    /* SYS_BPF_F_MULTI_RETURN */
		__u32 cnt;
		const char *const *syms;
		const unsigned long *addrs;
		const __u64 *cookies;
	} kprobe_multi;
	/* SYS_BPF_TRACE_UPROBE_MULTI and _SESSION: file offsets in path. */
	struct {
		const char *path;
		const unsigned long *offsets, *ref_ctr_offsets;
		const __u64 *cookies;
		__u32 cnt, flags, pid;
	} uprobe_multi;
};
/* BPF_LINK_CREATE: the link's fd. The size passed ends at the last field the
 * attach type uses (16 for XDP, cgroups, struct_ops), so strace decodes it
 * and kernels that predate the later members accept it. */
int sys_link_create(struct sys *s, const struct sys_link_create *a);
/* BPF_RAW_TRACEPOINT_OPEN: tp NULL for tp_btf/fentry/fexit/lsm programs, whose
 * target was named at load time. Returns the link fd. */
int sys_raw_tp_open(struct sys *s, const char *tp, int prog_fd);
/* BPF_ITER_CREATE (5.8): a readable fd of an iterator link; each open runs
 * the program over the objects once (read() until it returns 0). */
int sys_iter_create(struct sys *s, int link_fd);
/* BPF_LINK_DETACH (5.9): detach while the fd stays open; 0 or -errno. */
int sys_link_detach(struct sys *s, int link_fd);

/* link_create as kernel 6.18 lays it out (include/uapi/linux/bpf.h): the
 * 6.1 headers lack map_fd, tcx, uprobe_multi and netkit. Shared with
 * explain.c, which decodes it from the attr. */
struct sys_link_attr {
	__u32 prog_fd;          /* or map_fd */
	__u32 target_fd;        /* or target_ifindex */
	__u32 attach_type;
	__u32 flags;
	union {
		__u32 target_btf_id;
		struct { __aligned_u64 iter_info; __u32 iter_info_len; } iter;
		struct { __aligned_u64 bpf_cookie; } perf_event;
		struct {
			__u32 flags, cnt;
			__aligned_u64 syms, addrs, cookies;
		} kprobe_multi;
		struct { __u32 target_btf_id; __aligned_u64 cookie; } tracing;
		struct { __u32 relative_fd; __aligned_u64 expected_revision; } tcx; /* and netkit */
		struct {
			__aligned_u64 path, offsets, ref_ctr_offsets, cookies;
			__u32 cnt, flags, pid;
		} uprobe_multi;
	};
};

/* ---- shared by the files of bpf/: explain and dry-run machinery ---- */

/* Bytes of union bpf_attr up to the end of field f: the size argument. */
#define SYS_ATTR_END(f) \
	(offsetof(union bpf_attr, f) + sizeof(((union bpf_attr *)0)->f))

/* Print "CALL = RESULT" to s->explain (nothing when it is NULL). CALL is
 * fmt formatted; ret < 0 is printed as "-1 ENAME (message)". */
void sys_explain(struct sys *s, long ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The next fake fd of a dry run. */
int sys_fake_fd(struct sys *s);
/* Move fd 0..2 above 2 (closing the low one); other values pass through.
 * Returns the fd or -errno. */
long sys_fd_above_stdio(long fd);
/* Symbolic names, or NULL when unknown. */
const char *sys_errno_name(int err);
/* The uapi name of a bpf() command, a map or a program type without its
 * prefix ("PROG_LOAD" for BPF_PROG_LOAD, "PERCPU_HASH" for
 * BPF_MAP_TYPE_PERCPU_HASH), NULL past the end of bpf/explain.c's list. */
const char *sys_cmd_name(int cmd);
const char *sys_map_type_name(uint32_t type);
const char *sys_prog_type_name(uint32_t type);
/* Write the decoded attr of cmd, "{...}", into buf. */
void sys_attr_str(char *buf, size_t len, int cmd, const union bpf_attr *attr);

/* Read a small text file (sysfs, tracefs) into buf[len], NUL-terminated.
 * 0, or -errno with "PATH: reason" in err; an empty file is -EIO. */
int sys_read_text(const char *path, char *buf, size_t len, char *err, size_t errlen);

/* mmap through the explain/dry-run machinery. In a dry run the memory is
 * anonymous and zeroed, so ring readers see empty rings. 0 or -errno. */
int sys_mmap(struct sys *s, void **out, size_t len, int prot, int flags, int fd, long off);
int sys_munmap(struct sys *s, void *addr, size_t len);

#endif
