/* tracefs, bpffs, /proc and /sys: the file systems the loader needs, found
 * or mounted (an initramfs starts with none of them), and the legacy
 * kprobe_events / uprobe_events interface for kernels without probe PMUs.
 *
 * Mounts and writes to tracefs go through struct sys: they are shown on the
 * explain stream ("mount(...) = 0") and skipped in a dry run. Reads are made
 * in a dry run too; when they fail there, the dry run goes on with a
 * placeholder (tracepoint id 0) so the rest of the story is still shown.
 *
 * Probe event names are rawbpf_<ns>_<pid>_<n>: ns is the inode of the pid
 * namespace (/proc/self/ns/pid), so two processes with the same pid in two
 * namespaces differ; n counts every probe this process made (not per object:
 * two objects in one process must not collide). The name stays recognisable
 * so that sys_probe_clean_dead() can remove entries left by a rawbpf process
 * that was killed before it cleaned up.
 *
 * Errors: 0 (or the value described) or a negative errno, with one line in
 * err[errlen] naming the path and what was expected.
 */
#ifndef RAWBPF_TRACEFS_H
#define RAWBPF_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "bpf/sys.h"

/* statfs(path) says a file system of this magic number is mounted there. */
bool sys_fs_is(const char *path, unsigned long magic);

/* mount(src, dir, type, 0, NULL) and mkdir(dir, 0555) (an existing dir is
 * fine), each with its explain line, and on failure "mount -t TYPE SRC DIR:
 * REASON" or "mkdir DIR: REASON" in err; in a dry run, only the line. */
int sys_mount(struct sys *s, const char *src, const char *dir, const char *type,
	      char *err, size_t errlen);
int sys_mkdir(struct sys *s, const char *dir, char *err, size_t errlen);

/* Find tracefs: /sys/kernel/tracing if tracefs is mounted there; else mount
 * it there; else /sys/kernel/debug/tracing if present. root[len] receives the
 * directory. */
int sys_tracefs(struct sys *s, char *root, size_t len, char *err, size_t errlen);

/* The id of tracepoint CAT:NAME, from ROOT/events/CAT/NAME/id; >= 0. */
long sys_tracefs_tp_id(struct sys *s, const char *root, const char *cat,
		       const char *name, char *err, size_t errlen);

struct sys_probe {
	bool uprobe;
	char group[16];         /* "kprobes" or "uprobes" */
	char event[48];         /* rawbpf_<ns>_<pid>_<n>: at most 36 bytes */
};
/* Create a legacy probe event: a kprobe at func+offset, or a uprobe at
 * path:offset (a file offset), or their return probes, named with the next
 * number of this process. Returns its tracepoint id (for
 * perf_open_tracepoint()); p records what sys_probe_remove() needs. */
long sys_probe_add(struct sys *s, const char *root, struct sys_probe *p, bool uprobe,
		   bool retprobe, const char *target, __u64 offset, char *err, size_t errlen);
/* Remove it again; the perf event using it must be closed first (-EBUSY). */
int sys_probe_remove(struct sys *s, const char *root, const struct sys_probe *p,
		     char *err, size_t errlen);
/* Remove the entries provably left behind: rawbpf_<ns>_<pid>_* of this pid
 * namespace whose process no longer exists. Entries of live processes, of
 * other namespaces (their pids mean nothing here), of the old unnamespaced
 * form and everyone else's stay. Returns how many were removed. */
int sys_probe_clean_dead(struct sys *s, const char *root, char *err, size_t errlen);
/* Is event name EVENT (no group) one that clean-up may remove, for a process
 * self in pid namespace ns? gone(pid) says whether pid has no process
 * (NULL: kill(pid, 0) fails with ESRCH). */
bool sys_probe_is_stale(const char *event, unsigned long ns, int self, bool (*gone)(int pid));
/* The inode number of this process's pid namespace; 0 if /proc cannot say. */
unsigned long sys_pid_ns(void);

/* Make sure bpffs is mounted at /sys/fs/bpf (for pinning). */
int sys_bpffs(struct sys *s, char *err, size_t errlen);
/* Mount /proc and /sys when they are missing (an initramfs init). */
int sys_mount_proc_sys(struct sys *s, char *err, size_t errlen);

#endif
