/* cgroup v2 for cgroup-attached programs (cgroup_skb, cgroup_sock, sockops,
 * sysctl, lsm_cgroup...): find the unified hierarchy, or mount one.
 *
 * A machine may boot with only v1 hierarchies (a tmpfs at /sys/fs/cgroup
 * holding cgroup mounts per controller); BPF attaches to v2 cgroups only, and
 * a v2 hierarchy can be mounted alongside (it holds the controllers v1 does
 * not use). The mount and mkdir go through struct sys like the tracefs mount
 * of bpf/tracefs.c: shown on the explain stream, skipped in a dry run.
 *
 * Errors: 0 (or an fd) or a negative errno, with one line in err naming the
 * path. */
#ifndef RAWBPF_CGROUP_H
#define RAWBPF_CGROUP_H

#include <stddef.h>
#include "bpf/sys.h"

/* The first cgroup2 mount listed in MOUNTINFO (/proc/self/mountinfo format,
 * Documentation/filesystems/proc.rst), into dir[len], octal escapes undone.
 * 0, -ENOENT when there is none, -errno when the file cannot be read,
 * -ENAMETOOLONG when the path does not fit. */
int sys_cgroup2_find(const char *mountinfo, char *dir, size_t len);

/* A cgroup2 directory: the mounted one, else a new mount at /sys/fs/cgroup
 * when nothing is mounted there, else at /sys/fs/cgroup/unified (made if
 * missing) beside the v1 hierarchies mounted there. */
int sys_cgroup2(struct sys *s, char *dir, size_t len, char *err, size_t errlen);

/* open(path, O_RDONLY|O_DIRECTORY): the target_fd of a cgroup link. Reads
 * are made in a dry run too; a fake fd stands in when it fails there. */
int sys_cgroup_open(struct sys *s, const char *path, char *err, size_t errlen);

#endif
