/* `rawbpf run`: the main job. Open, load, attach, print events until Ctrl-C,
 * --duration, or COMMAND's exit; then detach, drain, print the maps, the
 * globals the programs write, and totals. With `-- COMMAND`, the command is started first but held before
 * exec, so --set NAME=@pid can give a global its pid, and released once
 * everything is attached: no event of it is missed. */
#include "loader/run/attach.h"
#include "loader/cli/builtin.h"
#include "loader/cli/cli.h"
#include "loader/cli/cmd.h"
#include "loader/run/events.h"
#include "loader/cli/print_events.h"
#include "loader/cli/print_maps.h"
#include "loader/cli/tools.h"
#include "loader/plan/set.h"
#include "loader/load/load.h"
#include "bpf/tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct child {
	pid_t pid;
	int hold;               /* write end: one byte releases the child */
};

/* Where COMMAND is, in buf: itself when it has a '/', else the first
 * executable of its name in PATH. Found before anything is loaded, so a
 * typo is a usage error, not a run that traces nothing; the child then
 * execs that file (execv, not execvp: the one checked is the one run). */
static bool findable(const char *cmd, char *buf, size_t len)
{
	const char *path = getenv("PATH") ? getenv("PATH") : "/bin:/usr/bin";

	if (strchr(cmd, '/')) {
		snprintf(buf, len, "%s", cmd);
		return access(cmd, X_OK) == 0;
	}
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, len, "%.*s/%s", (int)(n ? n : 1), n ? path : ".", cmd);
		if (access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* signal(sig, how) for SIG_IGN and SIG_DFL only, straight through
 * rt_sigaction: no handler ever runs, so none of what sigaction() sets up
 * for one (a restorer, the C library's own signals) is needed, and the
 * static binary links neither (0.8 KiB of musl). */
static void set_disposition(int sig, void (*how)(int))
{
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} ksa = { how, 0, NULL, 0 };

	syscall(SYS_rt_sigaction, sig, &ksa, NULL, sizeof(ksa.mask));
}

/* execv(file), and for a file the kernel cannot run (ENOEXEC: a script
 * without a "#!" line) the shell with file and the arguments, as POSIX
 * execvp() does. Returns only on failure, with errno set. */
static void exec_command(const char *file, char **argv)
{
	size_t n = 0;
	char **sh;

	execv(file, argv);
	if (errno != ENOEXEC)
		return;
	while (argv[n])
		n++;
	sh = calloc(n + 2, sizeof(*sh));
	if (!sh)
		return;
	sh[0] = "sh";
	sh[1] = (char *)file;
	for (size_t i = 1; i < n; i++)
		sh[i + 1] = argv[i];
	execv("/bin/sh", sh);
	errno = ENOEXEC;
}

/* Fork COMMAND, held in the child until release(). The child has the
 * signal mask rawbpf had before blocking. */
static int start_held(const char *file, char **argv, const sigset_t *orig, struct child *ch)
{
	int p[2];
	char go;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	ch->pid = fork();
	if (ch->pid < 0) {
		close(p[0]);
		close(p[1]);
		return -errno;
	}
	if (ch->pid == 0) {
		close(p[1]);
		/* EOF instead of a byte: rawbpf failed, do not run. */
		if (read(p[0], &go, 1) != 1)
			_exit(127);
		/* rawbpf blocks SIGINT/SIGTERM/SIGCHLD and ignores SIGPIPE;
		 * the command gets what it would have had without rawbpf. An
		 * ignored disposition survives exec, a caught one does not. */
		set_disposition(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, orig, NULL);
		exec_command(file, argv);
		fprintf(stderr, "rawbpf: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(p[0]);
	ch->hold = p[1];
	return 0;
}

static void release(struct child *ch)
{
	if (ch->hold >= 0) {
		if (write(ch->hold, "g", 1) != 1)
			fprintf(stderr, "rawbpf: releasing COMMAND: %s\n", strerror(errno));
		close(ch->hold);
		ch->hold = -1;
	}
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- The plan and the load: shared with `rawbpf load` (cmd.h) ---- */

int cli_open(struct cli *c, struct rb_object **out)
{
	char err[ERR_LEN];
	struct rb_object *obj;

	if (plan_open(&obj, c->file, err, sizeof(err)))
		return cli_fail(c, EXIT_INPUT, err);
	*out = obj;
	return EXIT_OK;
}

int cli_prepare(struct cli *c, struct rb_object *obj, int cmd_pid)
{
	char err[ERR_LEN], pid[16];

	for (int i = 0; i < c->nsets; i++) {
		char *eq = strchr(c->sets[i], '=');
		const char *val = eq + 1;
		int ret;

		*eq = '\0';
		if (!strcmp(val, "@pid")) {
			if (cmd_pid <= 0) {
				*eq = '=';
				return cli_error(c, EXIT_USAGE, "--set %s: @pid needs '-- COMMAND' to give a pid",
						 c->sets[i]);
			}
			snprintf(pid, sizeof(pid), "%d", cmd_pid);
			val = pid;
		}
		ret = plan_set_global(obj, c->sets[i], val, err, sizeof(err));
		*eq = '=';
		if (ret)
			return cli_fail(c, EXIT_USAGE, err);
	}
	for (int i = 0; i < c->nonly + c->nskip; i++) {
		const char *name = i < c->nonly ? c->only[i] : c->skip[i - c->nonly];
		bool found = false;

		for (size_t k = 0; k < obj->nprogs; k++)
			found |= !strcmp(obj->progs[k].fn.name, name);
		if (!found)
			return cli_error(c, EXIT_USAGE, "--%s %s: the object has no program of that name",
					 i < c->nonly ? "only" : "skip", name);
	}
	for (size_t k = 0; k < obj->nprogs; k++) {
		struct plan_prog *p = &obj->progs[k];
		bool listed = false;

		for (int i = 0; i < c->nonly; i++)
			listed |= !strcmp(p->fn.name, c->only[i]);
		p->skip = c->nonly && !listed;
		for (int i = 0; i < c->nskip; i++)
			p->skip |= !strcmp(p->fn.name, c->skip[i]);
	}
	return cli_apply_tools(c, obj);
}

int cli_load(struct cli *c, struct rb_object *obj, struct sys *s)
{
	struct load_opts o;
	char err[ERR_LEN];

	memset(&o, 0, sizeof(o));
	o.sys = s;
	o.explain = s->explain;
	o.kernel_btf = c->btf;
	o.pin_dir = c->pin;
	o.keep_going = c->keep_going;
	if (load_object(obj, &o, err, sizeof(err)) == 0)
		return EXIT_OK;
	if (obj->log && obj->log[0]) {
		fputs(obj->log, stderr);
		if (obj->log[strlen(obj->log) - 1] != '\n')
			fputc('\n', stderr);
	}
	return cli_fail(c, obj->refused ? EXIT_KERNEL : EXIT_INPUT, err);
}

/* ---- The job ---- */

/* Everything one `rawbpf run` holds, released in one place (job_end). */
struct job {
	struct cli *c;
	struct sys sys;
	struct rb_object *obj;
	struct child child;
	sigset_t mask, orig;    /* the signals read from sfd; the mask before */
	int sfd;
	struct run_events *ev;
	struct cli_printer printer;
	bool batch;             /* stdout is not a terminal: events printed in batches */
	struct run_links links;
	size_t not_attached;    /* rows of the not-attached table: exit 4 */
};

/* An initramfs may have neither /proc nor /sys yet. */
static int mount_missing(struct job *j)
{
	char err[ERR_LEN];

	if ((access("/proc/self", F_OK) || access("/sys/kernel", F_OK)) &&
	    sys_mount_proc_sys(&j->sys, err, sizeof(err)) < 0)
		return cli_fail(j->c, EXIT_INPUT, err);
	return EXIT_OK;
}

/* The file named on the command line, or the built-in example. */
static int open_object(struct job *j)
{
	struct cli *c = j->c;
	char err[ERR_LEN];
	unsigned char *buf;
	size_t len;

	if (c->file)
		return cli_open(c, &j->obj);
	c->file = CLI_BUILTIN_NAME;
	/* plan_parse takes the unpacked copy over. */
	if (cli_unpack(cli_builtin_gz_start, cli_builtin_gz_end, &buf, &len, err, sizeof(err)) ||
	    plan_parse(&j->obj, CLI_BUILTIN_NAME, buf, len, err, sizeof(err)))
		return cli_fail(c, EXIT_INPUT, err);
	return EXIT_OK;
}

/* SIGINT, SIGTERM and SIGCHLD arrive through a signalfd read in the event
 * loop; a reader of our output that goes away is EPIPE, not death. */
static int catch_signals(struct job *j)
{
	sigemptyset(&j->mask);
	sigaddset(&j->mask, SIGINT);
	sigaddset(&j->mask, SIGTERM);
	sigaddset(&j->mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &j->mask, &j->orig);
	set_disposition(SIGPIPE, SIG_IGN);
	j->sfd = signalfd(-1, &j->mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (j->sfd < 0)
		return cli_error(j->c, EXIT_INPUT, "signalfd: %s", strerror(errno));
	return EXIT_OK;
}

/* COMMAND is forked now and held before exec, so its pid can be --set. */
static int start_command(struct job *j)
{
	char **cmd = j->c->command, file[4096];
	int ret;

	if (!cmd)
		return EXIT_OK;
	if (!findable(cmd[0], file, sizeof(file)))
		return cli_error(j->c, EXIT_USAGE, "-- %s: No such file or directory (or not executable)%s",
				 cmd[0], strchr(cmd[0], '/') ? "" : ", looked for in PATH");
	if (!j->c->dry_run && (ret = start_held(file, cmd, &j->orig, &j->child)))
		return cli_error(j->c, EXIT_USAGE, "starting %s: %s", cmd[0], strerror(-ret));
	return EXIT_OK;
}

/* Readers for the perf buffers, ring buffers and trace_pipe, opened before
 * anything is attached so that no event is missed. */
static int open_events(struct job *j)
{
	struct cli *c = j->c;
	struct run_events_opts eo;
	char err[ERR_LEN];
	unsigned order = 0;

	if (cli_printer_init(&j->printer, j->obj, c->event_type, c->json, stdout, err, sizeof(err)))
		return cli_fail(c, EXIT_USAGE, err);
	j->printer.batch = j->batch;
	while ((1u << order) < (unsigned)c->pages)
		order++;
	memset(&eo, 0, sizeof(eo));
	eo.sys = &j->sys;
	eo.printk = !c->no_printk;
	eo.page_order = order;
	eo.on_event = cli_print_event;
	eo.on_printk = cli_print_printk;
	eo.ctx = &j->printer;
	eo.warn = stderr;
	if (run_events_open(j->obj, &eo, &j->ev, err, sizeof(err)))
		return cli_fail(c, EXIT_KERNEL, err);
	return EXIT_OK;
}

static int attach_programs(struct job *j)
{
	struct cli *c = j->c;
	struct run_attach_opts ao;
	const char *legacy = getenv("RAWBPF_LEGACY_PROBES"), *tcnl = getenv("RAWBPF_TC_NETLINK");
	char err[ERR_LEN], missed[64] = "";
	size_t attached, loaded_only;

	memset(&ao, 0, sizeof(ao));
	ao.sys = &j->sys;
	ao.explain = j->sys.explain;
	ao.notes = stderr;
	ao.pid = c->pid;
	ao.sample = c->sample;
	ao.legacy_probes = legacy && !strcmp(legacy, "1");
	ao.keep_going = c->keep_going;
	ao.tc_netlink = tcnl && !strcmp(tcnl, "1");
	ao.perf_links = c->links;
	ao.devs = c->devs;
	ao.ndevs = c->ndevs;
	ao.xdp_mode = c->xdp_mode;
	ao.cgroup = c->cgroup;
	if (run_attach(j->obj, &ao, &j->links, err, sizeof(err)))
		return cli_fail(c, EXIT_KERNEL, err);
	attached = run_links_attached(&j->links);
	loaded_only = run_links_loaded_only(&j->links);
	j->not_attached = cli_print_not_attached(j->obj, &j->links, stderr);
	if (j->not_attached && !attached && !c->dry_run)
		return cli_error(c, EXIT_KERNEL, "no program attached (see the table above)");
	if (loaded_only)
		snprintf(err, sizeof(err), ", %zu loaded only (not attached: see above)", loaded_only);
	if (j->not_attached)
		snprintf(missed, sizeof(missed), ", %zu not attached (the table above)", j->not_attached);
	fprintf(stderr, "rawbpf: %s: attached %zu program%s%s%s%s; %s\n", c->file, attached,
		attached == 1 ? "" : "s", loaded_only ? err : "", missed, c->dry_run ? " (dry run)" : "",
		c->command ? "running the command" : c->duration_ms ? "running for --duration" :
		"Ctrl-C to stop");
	/* Iterators print what they see once now, then at each --interval. */
	if (run_iters_print(&j->links, &j->sys, stdout, err, sizeof(err)))
		return cli_fail(c, EXIT_KERNEL, err);
	return EXIT_OK;
}

/* Milliseconds for epoll_wait until `until` (monotonic ms, -1: never): 0
 * when it has passed (a negative timeout would block for ever), else one
 * more than the wait, so that the deadline has passed on waking. */
static int timeout_ms(int64_t until, int64_t now)
{
	if (until < 0)
		return -1;
	if (until <= now)
		return 0;
	return until - now >= INT_MAX ? INT_MAX : (int)(until - now) + 1;
}

/* A signal read from the signalfd: true when it is time to stop (SIGINT,
 * SIGTERM, or COMMAND's exit). */
static bool stop_signal(struct job *j)
{
	struct signalfd_siginfo si;

	while (read(j->sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo != SIGCHLD)
			return true;
		if (j->child.pid > 0 && waitpid(j->child.pid, NULL, WNOHANG) == j->child.pid)
			return true;
	}
	return false;
}

/* epoll_wait for what comes next, the output flushed before it blocks. A
 * reader that caught up with a fast producer finds the next records already
 * there (a look with timeout 0): it reads on without a write(2) per pass,
 * which would be a write per few records. After a settle (a sleep, the
 * producer slower) the output is flushed, as before any wait, unless a ring
 * still holds (events.h: it is read again without waiting). Before it
 * blocks, the rings give back what they hold, and records that came
 * meanwhile are read first. */
static int wait_events(struct job *j, struct epoll_event *got, int timeout)
{
	int epfd = run_events_fd(j->ev), n = 0;

	if (run_events_more(j->ev))
		return epoll_wait(epfd, got, 16, 0);
	if (run_events_settle(j->ev)) {
		if (run_events_held(j->ev))
			return epoll_wait(epfd, got, 16, 0);
	} else if ((n = epoll_wait(epfd, got, 16, 0)) != 0) {
		return n;
	}
	cli_printer_flush(&j->printer);
	fflush(stdout);         /* about to block */
	return epoll_wait(epfd, got, 16, run_events_release(j->ev) ? 0 : timeout);
}

/* Wait for events, signals and the clock until it is time to stop. Each
 * poll hands over a bounded batch (RUN_EVENTS_BUDGET per buffer) and the
 * signalfd is read after every batch: a tracer whose own output makes more
 * events (write(2) traced, events printed) never drains, and must still
 * stop on Ctrl-C. */
static void event_loop(struct job *j)
{
	struct cli *c = j->c;
	int epfd = run_events_fd(j->ev);
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &j->sfd };
	int64_t start = monotonic_ms(), next_print = start + (int64_t)c->interval_ms;

	epoll_ctl(epfd, EPOLL_CTL_ADD, j->sfd, &e);
	for (;;) {
		struct epoll_event got[16];
		int64_t t = monotonic_ms(), until = -1;
		int n;

		if (c->duration_ms && t >= start + (int64_t)c->duration_ms)
			return;
		if (c->duration_ms)
			until = start + (int64_t)c->duration_ms;
		if (c->interval_ms && (until < 0 || next_print < until))
			until = next_print;
		n = wait_events(j, got, run_events_timeout(j->ev, timeout_ms(until, t)));
		if (n < 0 && errno != EINTR)
			return;
		run_events_poll(j->ev);
		/* epoll reports the signalfd even with timeout 0 (between
		 * batches): read it only then. */
		while (n-- > 0)
			if (got[n].data.ptr == &j->sfd && stop_signal(j))
				return;
		if (c->interval_ms && monotonic_ms() >= next_print) {
			char err[ERR_LEN];

			cli_printer_flush(&j->printer);
			if (run_iters_print(&j->links, &j->sys, stdout, err, sizeof(err)))
				cli_fail(c, EXIT_KERNEL, err);
			cli_print_maps_sel(j->obj, &j->sys, c->json, stdout, c->maps, NULL);
			next_print += (int64_t)c->interval_ms;
		}
	}
}

/* Detach first, then drain what is already in the buffers, for half a
 * second at most (trace_pipe carries every program's bpf_printk, not only
 * ours, and the reader of our output may be slow), print the maps and
 * globals (print_maps.c) and the totals. */
static void finish(struct job *j)
{
	struct run_events_counts n;
	int64_t end = monotonic_ms() + 500;

	run_detach(&j->links, &j->sys);
	do
		run_events_poll(j->ev);
	while (run_events_more(j->ev) && monotonic_ms() < end);
	cli_printer_flush(&j->printer);
	cli_print_maps_sel(j->obj, &j->sys, j->c->json, stdout, j->c->maps, stderr);
	fflush(stdout);
	run_events_counts(j->ev, &n);
	cli_print_totals(stderr, &n);
}

/* The one unwind: whatever the stages got, in reverse order. */
static void job_end(struct job *j)
{
	struct child *ch = &j->child;

	if (ch->pid > 0) {
		if (ch->hold >= 0) {
			close(ch->hold);  /* never released: it exits without exec */
			ch->hold = -1;
		} else if (waitpid(ch->pid, NULL, WNOHANG) == 0) {
			/* Stopped by a signal or --duration while COMMAND runs:
			 * end it as timeout(1) would. */
			kill(ch->pid, SIGTERM);
		}
		waitpid(ch->pid, NULL, 0);
	}
	run_detach(&j->links, &j->sys);
	run_events_close(j->ev);
	cli_printer_free(&j->printer);
	if (j->obj)
		load_release(j->obj, &j->sys);
	plan_free(j->obj);
	if (j->sfd >= 0)
		close(j->sfd);
	fflush(stdout);
}

int cmd_run(struct cli *c)
{
	struct job j = { .c = c, .sfd = -1, .child = { .pid = -1, .hold = -1 } };
	int ret;

	j.sys.dry_run = c->dry_run;
	j.sys.explain = (c->explain || c->dry_run) ? stderr : NULL;
	/* Line by line for a person at a terminal; full buffers into a file
	 * or a pipe, flushed before the event loop blocks and at the end. */
	j.batch = cli_buffer_output(stdout, STDOUT_FILENO) == _IOFBF;

	/* Open: the file (or the built-in example) becomes the plan. */
	if ((ret = mount_missing(&j)) || (ret = open_object(&j)))
		goto out;
	/* Prepare: signals caught; COMMAND started, held before exec. */
	if ((ret = catch_signals(&j)) || (ret = start_command(&j)))
		goto out;
	/* Load: --set, --only/--skip, --ring-size, then maps, globals, programs. */
	if ((ret = cli_prepare(c, j.obj, c->dry_run ? 1 : j.child.pid)))
		goto out;
	for (size_t i = 0; c->ring_size && i < j.obj->nmaps; i++)
		if (j.obj->maps[i].type == BPF_MAP_TYPE_RINGBUF)
			j.obj->maps[i].max_entries = c->ring_size;
	if ((ret = cli_load(c, j.obj, &j.sys)))
		goto out;
	/* Attach: event readers first, so nothing sent is missed. */
	if ((ret = open_events(&j)) || (ret = attach_programs(&j)) || c->dry_run)
		goto out;
	/* Run: COMMAND goes; events are printed until the end. */
	release(&j.child);
	event_loop(&j);
	/* Finish: detach, drain, maps and globals, totals. */
	finish(&j);
	if (j.not_attached)
		ret = EXIT_PARTIAL;
out:
	job_end(&j);
	return ret;
}
