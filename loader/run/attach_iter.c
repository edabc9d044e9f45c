/* Iterators (iter/task, iter/bpf_map, iter/tcp, ...): BPF_LINK_CREATE
 * (BPF_TRACE_ITER) makes the link; each BPF_ITER_CREATE on it gives an fd
 * whose read() runs the program over the kernel's objects once, returning
 * what it wrote with bpf_seq_printf() and 0 at the end. rawbpf reads it once
 * after attaching and again at every --interval (cmd_run.c).
 *
 * Iterators over the elements of one map (iter/bpf_map_elem, sockmap,
 * bpf_sk_storage_map) need that map in union bpf_iter_link_info; rawbpf
 * gives none, and the kernel refuses them. */
#include "loader/run/attach_kinds.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int run_attach_iter(struct run_attachment *a, const struct plan_prog *p,
		    const struct run_attach_opts *o, char *err, size_t errlen)
{
	int fd = sys_link_create(o->sys, &(struct sys_link_create){ .prog_fd = (__u32)p->fd,
		.attach_type = BPF_TRACE_ITER });

	if (fd < 0)
		return errorf(err, errlen, fd, "iter/%s: BPF_LINK_CREATE: %s%s", p->target, strerror(-fd),
			       fd == -EINVAL && p->target && strstr(p->target, "map") ?
			       " (an iterator over one map's elements needs that map: rawbpf gives none)" : "");
	if (run_add_fd(a, fd))
		return errorf(err, errlen, -ENOMEM, "out of memory");
	a->iter = true;
	return 0;
}

/* One pass of the iterator behind link: read to the end into out. */
static int iter_read(struct sys *s, int link, FILE *out, char *err, size_t errlen)
{
	char buf[4096];
	int fd = sys_iter_create(s, link);
	ssize_t n;

	if (fd < 0)
		return errorf(err, errlen, fd, "BPF_ITER_CREATE: %s", strerror(-fd));
	if (s->dry_run)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			break;
	if (n < 0)
		n = -errno;
	close(fd);
	fflush(out);
	return n < 0 ? errorf(err, errlen, (int)n, "reading the iterator: %s", strerror((int)-n)) : 0;
}

int run_iters_print(struct run_links *l, struct sys *s, FILE *out, char *err, size_t errlen)
{
	int first = 0;

	for (size_t i = 0; i < l->n; i++) {
		char msg[ERR_LEN];
		int ret;

		if (!l->a[i].iter || !l->a[i].nfds)
			continue;
		ret = iter_read(s, l->a[i].fds[0], out, msg, sizeof(msg));
		if (ret && !first)
			first = errorf(err, errlen, ret, "%s", msg);
	}
	return first;
}
