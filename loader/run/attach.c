/* Attach: every loaded program to the event its section names.
 *
 *   tracepoint/CAT/NAME   tracefs events/CAT/NAME/id, perf_event_open
 *                         (PERF_TYPE_TRACEPOINT), PERF_EVENT_IOC_SET_BPF, ENABLE
 *   kprobe/FUNC[+OFF]     the kprobe PMU (or a tracefs kprobe_events entry),
 *   kretprobe/FUNC        then the same ioctls
 *   ksyscall/NAME         a kprobe on the kernel's wrapper of syscall NAME
 *   uprobe/PATH:SYM[+OFF] the uprobe PMU at SYM's file offset in PATH (or a
 *   uretprobe/...         tracefs uprobe_events entry)
 *   raw_tp/NAME           BPF_RAW_TRACEPOINT_OPEN
 *   tp_btf/ fentry/ ...   BPF_RAW_TRACEPOINT_OPEN with no name: the target
 *                         was fixed at load (attach_btf_id)
 *   perf_event            a sampling event per online CPU (--sample)
 * With --links, a perf event runs its program through BPF_LINK_CREATE
 * (BPF_PERF_EVENT) instead of PERF_EVENT_IOC_SET_BPF.
 *
 * The other families each have their own file (attach_kinds.h): xdp and tc
 * (attach_net.c), cgroups (attach_cgroup.c), iterators (attach_iter.c),
 * multi-probes (attach_multi.c), struct_ops (attach_structops.c).
 */
#include "loader/run/attach.h"
#include "loader/run/attach_usdt.h"
#include "loader/plan/targets.h"
#include "loader/run/attach_kinds.h"
#include "common/util.h"
#include "bpf/caps.h"
#include "bpf/cpus.h"
#include "bpf/perf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The prefix of the kernel's syscall entry points on this architecture
 * (arch/x86/include/asm/syscall_wrapper.h). */
#if defined(__x86_64__)
#define SYSCALL_PREFIX "__x64_sys_"
#elif defined(__aarch64__)
#define SYSCALL_PREFIX "__arm64_sys_"
#else
#define SYSCALL_PREFIX "sys_"
#endif

static void note(FILE *f, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

int run_add_fd(struct run_attachment *a, int fd)
{
	int *p = realloc(a->fds, (a->nfds + 1) * sizeof(*p));

	if (!p) {
		if (fd >= 0 && fd < 1000)
			close(fd);
		return -ENOMEM;
	}
	a->fds = p;
	a->fds[a->nfds++] = fd;
	return 0;
}

int run_need_tracefs(struct run_links *l, struct sys *s, char *err, size_t errlen)
{
	char msg[ERR_LEN];
	int ret;

	if (l->tracefs[0] || (ret = sys_tracefs(s, l->tracefs, sizeof(l->tracefs), msg, sizeof(msg))) >= 0)
		return 0;
	return errorf(err, errlen, ret, "tracefs: %s", msg);
}

/* 0 when perf_event_open gave an fd; else the error, with why it may have
 * been refused. */
static int perf_open_failed(int fd, const char *what, char *err, size_t errlen)
{
	char why[600];
	const char *hint;

	if (fd >= 0)
		return 0;
	hint = sys_hint(SYS_PERF_EVENT_OPEN, fd);
	/* A refusal with the capabilities at hand has other reasons. */
	if ((fd == -EPERM || fd == -EACCES) && sys_tracing_caps())
		hint = sys_eperm_hint(why, sizeof(why));
	return errorf(err, errlen, fd, "%s: perf_event_open: %s%s%s", what, strerror(-fd),
		       hint ? "; " : "", hint ? hint : "");
}

/* The perf event pfd (perf_event_open's answer: an error is returned as
 * perf_open_failed() tells it) now belongs to a: it runs prog_fd (SET_BPF,
 * or a BPF_PERF_EVENT link with --links) and is enabled (it was opened
 * disabled). */
static int run_prog_on_perf_event(const struct run_attach_opts *o, struct run_attachment *a, int pfd,
				  int prog_fd, const char *what, char *err, size_t errlen)
{
	struct sys *s = o->sys;
	int ret;

	if (perf_open_failed(pfd, what, err, errlen))
		return pfd;
	ret = run_add_fd(a, pfd);
	if (ret)
		return errorf(err, errlen, ret, "out of memory");
	if (o->perf_links) {
		int lfd = sys_link_create(s, &(struct sys_link_create){ .prog_fd = (__u32)prog_fd,
			.target_fd = (__u32)pfd, .attach_type = BPF_PERF_EVENT });

		if (lfd < 0)
			return errorf(err, errlen, lfd, "%s: BPF_LINK_CREATE BPF_PERF_EVENT: %s", what,
				       strerror(-lfd));
		if (run_add_fd(a, lfd))
			return errorf(err, errlen, -ENOMEM, "out of memory");
		ret = 0;
	} else {
		ret = perf_set_bpf(s, pfd, prog_fd);
	}
	if (ret >= 0)
		ret = perf_enable(s, pfd);
	if (ret < 0)
		return errorf(err, errlen, ret, "%s: %s", what, strerror(-ret));
	return 0;
}

static int attach_tracepoint(struct run_links *l, struct run_attachment *a, const struct plan_prog *p,
			     const struct run_attach_opts *o, char *err, size_t errlen)
{
	struct sys *s = o->sys;
	char cat[128], msg[ERR_LEN];
	const char *slash = strchr(p->target, '/');
	long id;
	int fd;

	if (!slash || slash == p->target || !slash[1] || (size_t)(slash - p->target) >= sizeof(cat))
		return errorf(err, errlen, -EINVAL, "tracepoint \"%s\": expected CATEGORY/NAME", p->target);
	memcpy(cat, p->target, slash - p->target);
	cat[slash - p->target] = '\0';
	if (run_need_tracefs(l, s, err, errlen))
		return -ENOENT;
	id = sys_tracefs_tp_id(s, l->tracefs, cat, slash + 1, msg, sizeof(msg));
	if (id < 0)
		return errorf(err, errlen, id, "%s", msg);
	fd = perf_open_tracepoint(s, id, 0);
	return run_prog_on_perf_event(o, a, fd, p->fd, p->target, err, errlen);
}

/* FUNC+OFF or PATH:SYM+OFF: split off "+OFF". */
static int split_offset(const char *target, char *name, size_t len, uint64_t *off)
{
	const char *plus = strrchr(target, '+');
	size_t n = plus ? (size_t)(plus - target) : strlen(target);
	char *end;

	*off = 0;
	if (n == 0 || n >= len)
		return -EINVAL;
	memcpy(name, target, n);
	name[n] = '\0';
	if (plus) {
		errno = 0;
		*off = strtoull(plus + 1, &end, 0);
		if (errno || end == plus + 1 || *end)
			return -EINVAL;
	}
	return 0;
}

/* The target files of uprobes, uprobe.multi and USDT probes are read with
 * the project's own ELF reader. */
int run_open_target(const char *what, const char *path, struct elf_file *ef, unsigned char **buf,
		    char *err, size_t errlen)
{
	size_t len;
	char msg[ERR_LEN];
	int ret = read_whole_file(path, buf, &len, msg, sizeof(msg));

	if (!ret && (ret = elf_open_program(ef, *buf, len, msg, sizeof(msg))))
		free(*buf);
	return ret ? errorf(err, errlen, ret, "%s target %s: %s", what, path, msg) : 0;
}

/* A uprobe's file offset: SYM looked up with the project's own ELF reader. */
static int uprobe_offset(const char *path, const char *sym, uint64_t add, uint64_t *off,
			 char *err, size_t errlen)
{
	struct elf_file ef;
	unsigned char *buf;
	int ret = run_open_target("uprobe", path, &ef, &buf, err, errlen);

	if (ret)
		return ret;
	*off = elf_symbol_file_offset(&ef, sym);
	elf_close(&ef);
	free(buf);
	if (!*off)
		return errorf(err, errlen, -ENOENT, "uprobe target %s: no function symbol %s", path, sym);
	*off += add;
	return 0;
}

static int attach_probe(struct run_links *l, struct run_attachment *a, const struct plan_prog *p,
			const struct run_attach_opts *o, char *err, size_t errlen)
{
	bool uprobe = p->attach == PLAN_ATTACH_UPROBE;
	char target[512], path[512], msg[ERR_LEN];
	const char *what = uprobe ? "uprobe" : "kprobe";
	uint64_t off;
	int fd, ret;

	if (!p->target || !*p->target)
		return errorf(err, errlen, -EINVAL, "section %s names no %s target", p->fn.sec_name, what);
	if (p->attach == PLAN_ATTACH_KSYSCALL) {
		snprintf(target, sizeof(target), SYSCALL_PREFIX "%s", p->target);
		off = 0;
	} else if (split_offset(p->target, target, sizeof(target), &off)) {
		return errorf(err, errlen, -EINVAL, "%s \"%s\": expected %s[+OFFSET]", what, p->target,
			       uprobe ? "PATH:SYMBOL" : "FUNCTION");
	}
	if (uprobe) {
		char *colon = strrchr(target, ':');

		if (!colon || colon == target)
			return errorf(err, errlen, -EINVAL, "uprobe \"%s\": expected PATH:SYMBOL[+OFFSET]",
				       p->target);
		*colon = '\0';
		if (plan_lib_path(target, path, sizeof(path)))  /* "libc": its path */
			snprintf(path, sizeof(path), "%s", target);
		ret = uprobe_offset(path, colon + 1, off, &off, err, errlen);
		if (ret)
			return ret;
	}
	/* The PMU first (one perf_event_open, nothing in tracefs); the
	 * tracefs probe interface for kernels without it, or when asked. */
	if (!o->legacy_probes && perf_pmu_type(what, msg, sizeof(msg)) >= 0) {
		fd = uprobe ? perf_open_uprobe(o->sys, path, off, p->retprobe, o->pid ? o->pid : -1,
					       o->pid ? -1 : 0, msg, sizeof(msg))
			    : perf_open_kprobe(o->sys, target, off, p->retprobe, 0, msg, sizeof(msg));
		return run_prog_on_perf_event(o, a, fd, p->fd, p->target, err, errlen);
	}
	if ((ret = run_need_tracefs(l, o->sys, err, errlen)))
		return ret;
	snprintf(msg, sizeof(msg), "%s/%s_events", l->tracefs, what);
	if (!uprobe && !o->sys->dry_run && access(msg, F_OK))
		return errorf(err, errlen, -EOPNOTSUPP,
			       "this kernel has no kprobes (CONFIG_KPROBES is off): it has neither the kprobe PMU nor %s",
			       msg);
	if (l->nprobes == 0)
		sys_probe_clean_dead(o->sys, l->tracefs, msg, sizeof(msg));
	{
		long id = sys_probe_add(o->sys, l->tracefs, &a->probe, uprobe, p->retprobe,
					uprobe ? path : target, off, msg, sizeof(msg));

		l->nprobes++;
		if (id < 0)
			return errorf(err, errlen, id, "%s", msg);
		a->has_probe = true;
		/* --pid: that process on any CPU; else every process, the
		 * event on CPU 0 (the program still runs on every CPU). */
		fd = uprobe && o->pid ? perf_open_tracepoint_pid(o->sys, id, o->pid, -1)
				      : perf_open_tracepoint(o->sys, id, 0);
	}
	return run_prog_on_perf_event(o, a, fd, p->fd, p->target, err, errlen);
}

/* --sample EVENT:FREQ for perf_event programs. */
static int attach_sampling(struct run_attachment *a, const struct plan_prog *p,
			   const struct run_attach_opts *o, char *err, size_t errlen)
{
	/* The events by name, each with its type (high 4 bits) and config. */
	static const char names[] = "cpu-clock\0task-clock\0page-faults\0context-switches\0"
				    "cycles\0instructions\0cache-misses\0";
#define EV(type, config) (unsigned char)((type) << 4 | (config))
	static const unsigned char events[] = {
		EV(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK),
		EV(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK),
		EV(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS),
		EV(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES),
		EV(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES),
		EV(PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS),
		EV(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES),
	};
#undef EV
	const char *spec = o->sample ? o->sample : "cpu-clock:99", *name;
	const char *colon = strchr(spec, ':');
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
	unsigned long freq = 99;
	bool *online;
	char msg[ERR_LEN], *end;
	int ncpu, ei = -1, ret = 0;

	for (int i = 0; (name = str_nth(names, i)); i++)
		if (strlen(name) == n && !strncmp(name, spec, n))
			ei = i;
	if (colon) {
		errno = 0;
		freq = strtoul(colon + 1, &end, 10);
		if (errno || end == colon + 1 || *end || freq == 0)
			ei = -1;
	}
	if (ei < 0)
		return errorf(err, errlen, -EINVAL,
			       "--sample %s: expected EVENT:FREQ with EVENT one of cpu-clock, task-clock, page-faults, context-switches, cycles, instructions, cache-misses",
			       spec);
	ncpu = sys_cpus_online_alloc(&online, msg, sizeof(msg));
	if (ncpu < 0)
		return errorf(err, errlen, ncpu, "%s", msg);
	for (int cpu = 0; cpu < ncpu && !ret; cpu++) {
		struct perf_event_attr attr;
		int fd;

		if (!online[cpu])
			continue;
		memset(&attr, 0, sizeof(attr));
		attr.type = events[ei] >> 4;
		attr.config = events[ei] & 15;
		attr.sample_freq = freq;
		attr.freq = 1;
		fd = perf_open(o->sys, &attr, -1, cpu, -1, 0);
		ret = run_prog_on_perf_event(o, a, fd, p->fd, spec, err, errlen);
	}
	free(online);
	return ret;
}

/* Why a program of a kind rawbpf does not attach stays loaded only, and
 * what to do instead. */
static void loaded_only(char *why, size_t len, const struct plan_prog *p)
{
	const char *type = plan_prog_type_name(p->type);

	if (p->attach == PLAN_ATTACH_XDP || p->attach == PLAN_ATTACH_TC)
		snprintf(why, len, "%s programs attach to a network interface: give --dev IFNAME", type);
	else if (p->type == BPF_PROG_TYPE_XDP)
		snprintf(why, len, "%s programs of section %s run from a map (devmap, cpumap) that refers to them",
			 type, p->fn.sec_name);
	else if (p->type == BPF_PROG_TYPE_SCHED_ACT)
		snprintf(why, len, "%s programs are tc actions: pin it (--pin) and use tc(8)", type);
	else
		snprintf(why, len, "rawbpf does not attach %s programs (section %s)", type, p->fn.sec_name);
}

/* lsm/HOOK runs only where the BPF LSM is active: "bpf" in the list of
 * /sys/kernel/security/lsm. Elsewhere the program would attach and never
 * run, so it is an error that says how to enable it. When securityfs is not
 * mounted the list cannot be read, and the kernel decides. */
int run_lsm_check(const char *lsm_file, char *err, size_t errlen)
{
	char list[512], msg[ERR_LEN];

	if (sys_read_text(lsm_file, list, sizeof(list), msg, sizeof(msg)))
		return 0;
	list[strcspn(list, "\n")] = '\0';
	for (const char *p = list; *p; p += *p == ',') {       /* "a,b,bpf" */
		size_t n = strcspn(p, ",");

		if (n == 3 && !memcmp(p, "bpf", 3))
			return 0;
		p += n;
	}
	return errorf(err, errlen, -EOPNOTSUPP,
		       "the BPF LSM is not active (%s: %s): boot with lsm=%s%sbpf on the kernel command line (the kernel needs CONFIG_BPF_LSM)",
		       lsm_file, list, list, list[0] ? "," : "");
}

/* tp_btf/ fentry/ fexit/ fmod_ret/ lsm/: BPF_RAW_TRACEPOINT_OPEN (the
 * target was fixed at load); iter/: an iterator link. */
static int attach_btf(struct run_attachment *a, const struct plan_prog *p,
		      const struct run_attach_opts *o, char *err, size_t errlen)
{
	int fd;

	if (p->expected_attach_type == BPF_TRACE_ITER)
		return run_attach_iter(a, p, o, err, errlen);
	if (p->expected_attach_type == BPF_LSM_MAC && !o->sys->dry_run &&
	    (fd = run_lsm_check("/sys/kernel/security/lsm", err, errlen)))
		return fd;
	fd = sys_raw_tp_open(o->sys, p->attach == PLAN_ATTACH_RAW_TP ? p->target : NULL, p->fd);
	if (fd < 0)
		return errorf(err, errlen, fd, "BPF_RAW_TRACEPOINT_OPEN %s: %s", p->target, strerror(-fd));
	return run_add_fd(a, fd) ? errorf(err, errlen, -ENOMEM, "out of memory") : 0;
}

static int attach_one(struct rb_object *obj, struct run_links *l, struct run_attachment *a,
		      const struct plan_prog *p, const struct run_attach_opts *o,
		      char *err, size_t errlen)
{
	switch (p->attach) {
	case PLAN_ATTACH_TRACEPOINT:
		return attach_tracepoint(l, a, p, o, err, errlen);
	case PLAN_ATTACH_KPROBE:
	case PLAN_ATTACH_KSYSCALL:
	case PLAN_ATTACH_UPROBE:
		return attach_probe(l, a, p, o, err, errlen);
	case PLAN_ATTACH_RAW_TP:
	case PLAN_ATTACH_TRACING:
		return attach_btf(a, p, o, err, errlen);
	case PLAN_ATTACH_PERF_EVENT:
		return attach_sampling(a, p, o, err, errlen);
	case PLAN_ATTACH_XDP:
	case PLAN_ATTACH_TC:
		if (!run_net_has_dev(o))
			break;
		return p->attach == PLAN_ATTACH_XDP ? run_attach_xdp(a, p, o, err, errlen)
						    : run_attach_tc(obj, l, a, p, o, err, errlen);
	case PLAN_ATTACH_CGROUP:
		return run_attach_cgroup(a, p, o, err, errlen);
	case PLAN_ATTACH_KPROBE_MULTI:
		return run_attach_kprobe_multi(l, a, p, o, err, errlen);
	case PLAN_ATTACH_UPROBE_MULTI:
		return run_attach_uprobe_multi(a, p, o, err, errlen);
	case PLAN_ATTACH_STRUCT_OPS:
		return 0;       /* with its structure: run_struct_ops_register() */
	case PLAN_ATTACH_NONE:
		break;
	}
	loaded_only(a->loaded_only, sizeof(a->loaded_only), p);
	return 0;
}

/* --keep-going: what a attached so far is closed; why it failed is kept. */
static int attach_failed(struct run_attachment *a, struct sys *s, const char *msg)
{
	for (size_t k = 0; k < a->nfds; k++)
		if (a->fds[k] >= 0 && !s->dry_run)
			close(a->fds[k]);
	a->nfds = 0;
	a->failed = strdup(msg);
	return a->failed ? 0 : -ENOMEM;
}

/* The "== attach:" line of --explain: the kind and the target. */
static void explain_attach(FILE *f, const struct plan_prog *p, const struct run_attach_opts *o)
{
	const char *kind = p->retprobe ? (p->attach == PLAN_ATTACH_UPROBE ? "uretprobe" :
					  p->attach == PLAN_ATTACH_UPROBE_MULTI ? "uretprobe.multi" :
					  p->attach == PLAN_ATTACH_KPROBE_MULTI ? "kretprobe.multi" : "kretprobe")
				       : p->attach_kind;

	if (!f)
		return;
	fprintf(f, "== attach: %s to %s", p->fn.name, kind);
	if (p->attach == PLAN_ATTACH_XDP || p->attach == PLAN_ATTACH_TC) {
		if (p->attach == PLAN_ATTACH_TC)
			fprintf(f, " %s", p->egress ? "egress" : "ingress");
		for (int i = 0; i < o->ndevs; i++)
			fprintf(f, "%s%s", i ? ", " : " of ", o->devs[i]);
	} else if (p->attach == PLAN_ATTACH_CGROUP) {
		fprintf(f, " %s of %s", p->fn.sec_name, o->cgroup ? o->cgroup : "the cgroup v2 root");
	} else if (p->st_ops_type) {
		fprintf(f, " %s.%s", p->st_ops_type, p->st_ops_member);
	} else {
		fprintf(f, " %s", p->target ? p->target : "");
	}
	fputc('\n', f);
}

int run_attach(struct rb_object *obj, const struct run_attach_opts *o, struct run_links *l,
	      char *err, size_t errlen)
{
	char msg[ERR_LEN];

	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct plan_prog *p = &obj->progs[i];
		struct run_attachment *a;
		int ret;

		if (p->skip || p->fd < 0)
			continue;
		a = array_push(&l->a, &l->n, sizeof(*a));
		if (!a)
			return errorf(err, errlen, -ENOMEM, "out of memory");
		a->prog = i;
		explain_attach(o->explain, p, o);
		ret = plan_is_usdt(p) ? run_attach_usdt(obj, l, a, p, o, msg, sizeof(msg))
				      : attach_one(obj, l, a, p, o, msg, sizeof(msg));
		if (ret && o->keep_going)
			ret = attach_failed(a, o->sys, msg);
		if (ret)
			return errorf(err, errlen, ret, "attach: program %s (section %s): %s",
				       p->fn.name, p->fn.sec_name, msg);
		if (a->loaded_only[0])
			note(o->notes, "rawbpf: program %s: loaded, not attached: %s", p->fn.name,
			     a->loaded_only);
	}
	return run_struct_ops_register(obj, o, l, err, errlen);
}

size_t run_links_loaded_only(const struct run_links *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += l->a[i].loaded_only[0] != '\0';
	return n;
}

size_t run_links_attached(const struct run_links *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += !l->a[i].loaded_only[0] && !l->a[i].failed;
	return n;
}

void run_detach(struct run_links *l, struct sys *s)
{
	char msg[ERR_LEN];

	for (size_t i = 0; i < l->n; i++) {
		struct run_attachment *a = &l->a[i];

		for (size_t k = 0; k < a->nfds; k++)
			if (a->fds[k] >= 0 && !s->dry_run)
				close(a->fds[k]);
		free(a->fds);
		free(a->failed);
		/* The probe entry is busy until its perf event is closed. */
		if (a->has_probe)
			sys_probe_remove(s, l->tracefs, &a->probe, msg, sizeof(msg));
		run_tc_detach(a, s);
	}
	free(l->a);
	l->a = NULL;
	l->n = 0;
	run_clsact_detach(l, s);
	run_struct_ops_unregister(l, s);
}
