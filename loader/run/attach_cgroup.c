/* cgroup programs (cgroup_skb/, cgroup/sock_create, cgroup/connect4,
 * cgroup/sysctl, cgroup/dev, sockops, ...): BPF_LINK_CREATE with the
 * cgroup directory's fd as target and the program's expected attach type
 * (BPF_CGROUP_INET_INGRESS, ...). The link goes with its fd, so nothing
 * outlives rawbpf. The cgroup is --cgroup PATH, else the root of the
 * cgroup v2 hierarchy (mounted when none is: bpf/cgroup.c; the mount stays,
 * as a tracefs mount does). */
#include "loader/run/attach_kinds.h"
#include "bpf/cgroup.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

int run_attach_cgroup(struct run_attachment *a, const struct plan_prog *p,
		      const struct run_attach_opts *o, char *err, size_t errlen)
{
	char dir[PATH_MAX], msg[ERR_LEN];
	const char *path = o->cgroup;
	int cfd, fd, ret;

	if (!path) {
		if ((ret = sys_cgroup2(o->sys, dir, sizeof(dir), msg, sizeof(msg))) < 0)
			return errorf(err, errlen, ret, "cgroup2: %s", msg);
		path = dir;
	}
	cfd = sys_cgroup_open(o->sys, path, msg, sizeof(msg));
	if (cfd < 0)
		return errorf(err, errlen, cfd, "--cgroup %s: %s", path, msg);
	fd = sys_link_create(o->sys, &(struct sys_link_create){ .prog_fd = (__u32)p->fd,
		.target_fd = (__u32)cfd, .attach_type = p->expected_attach_type });
	/* The link holds the cgroup; the directory fd is not needed after.
	 * A dry run's stand-in fd (1000 and up) is no fd of ours. */
	if (!o->sys->dry_run || cfd < 1000)
		close(cfd);
	if (fd < 0)
		return errorf(err, errlen, fd, "cgroup %s: BPF_LINK_CREATE: %s%s", path, strerror(-fd),
			       fd == -EINVAL ? " (is it a cgroup v2 directory?)" : "");
	return run_add_fd(a, fd) ? errorf(err, errlen, -ENOMEM, "out of memory") : 0;
}
