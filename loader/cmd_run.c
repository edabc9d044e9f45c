/* `rawbpf run`: the main job. Load, attach, print events until Ctrl-C,
 * --duration, or COMMAND's exit; then detach, drain, print the maps and
 * totals. With `-- COMMAND`, the command is started first but held before
 * exec, so --set NAME=@pid can give a global its pid, and released once
 * everything is attached: no event of it is missed. */
#include "loader/attach.h"
#include "loader/builtin.h"
#include "loader/cli.h"
#include "loader/cmd.h"
#include "loader/events.h"
#include "loader/load.h"
#include "bpf/tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct child {
	pid_t pid;
	int hold;               /* write end: one byte releases the child */
};

/* Where execvp() will find COMMAND, so a typo is a usage error before
 * anything is loaded, not a run that traces nothing. */
static bool findable(const char *cmd)
{
	const char *path = getenv("PATH") ? getenv("PATH") : "/bin:/usr/bin";
	char buf[4096];

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0;
	while (*path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(n ? n : 1), n ? path : ".", cmd);
		if (access(buf, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* Fork COMMAND, held in the child until release(). The child has the
 * signal mask rawbpf had before blocking. */
static int start_held(char **argv, const sigset_t *orig, struct child *ch)
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
		sigprocmask(SIG_SETMASK, orig, NULL);
		execvp(argv[0], argv);
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
			perror("rawbpf: releasing COMMAND");
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

static int open_object(struct cli *c, struct rb_object **obj)
{
	char err[RB_ERRLEN];

	if (c->file)
		return cli_open(c, obj);
	c->file = RB_BUILTIN_NAME;
	if (rb_object_parse(obj, RB_BUILTIN_NAME, (uint8_t *)rb_builtin_start,
			    rb_builtin_end - rb_builtin_start, true, err, sizeof(err)))
		return cli_error(c, EXIT_INPUT, "%s", err);
	return EXIT_OK;
}

/* Wait for events, signals and the clock until it is time to stop. */
static void event_loop(struct cli *c, struct rb_object *obj, struct sys *s, struct rb_events *ev,
		       int sfd, struct child *ch)
{
	int epfd = rb_events_fd(ev);
	struct epoll_event e = { .events = EPOLLIN, .data.ptr = &sfd };
	int64_t start = monotonic_ms(), next_print = start + (int64_t)c->interval_ms;

	epoll_ctl(epfd, EPOLL_CTL_ADD, sfd, &e);
	for (;;) {
		struct epoll_event got[16];
		int64_t t = monotonic_ms(), wait = -1;  /* ms; -1: no deadline */
		int n;

		if (c->duration_ms) {
			if (t >= start + (int64_t)c->duration_ms)
				return;
			wait = start + (int64_t)c->duration_ms - t;
		}
		if (c->interval_ms && (wait < 0 || next_print - t < wait))
			wait = next_print - t > 0 ? next_print - t : 0;
		/* One more millisecond, so that the deadline has passed on waking. */
		n = epoll_wait(epfd, got, 16, wait < 0 ? -1 : wait >= INT_MAX ? INT_MAX : (int)wait + 1);
		if (n < 0 && errno != EINTR)
			return;
		rb_events_poll(ev);
		for (int i = 0; i < n; i++) {
			struct signalfd_siginfo si;

			if (got[i].data.ptr != &sfd || read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			if (si.ssi_signo == SIGCHLD) {
				if (ch->pid > 0 && waitpid(ch->pid, NULL, WNOHANG) == ch->pid)
					return;
			} else {
				return;  /* SIGINT, SIGTERM */
			}
		}
		if (c->interval_ms && monotonic_ms() >= next_print) {
			rb_print_maps(obj, s, c->json, stdout);
			next_print += (int64_t)c->interval_ms;
		}
	}
}

int cmd_run(struct cli *c)
{
	struct sys s = { .dry_run = c->dry_run, .explain = (c->explain || c->dry_run) ? stderr : NULL };
	struct child ch = { .pid = -1, .hold = -1 };
	struct rb_links links;
	struct rb_events *ev = NULL;
	struct rb_object *obj = NULL;
	struct rb_attach_opts ao;
	struct rb_events_opts eo;
	sigset_t mask, orig;
	char err[RB_ERRLEN];
	unsigned long long events, lost;
	unsigned order = 0;
	int ret, sfd = -1;

	memset(&links, 0, sizeof(links));
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* An initramfs may have neither /proc nor /sys yet. */
	if (access("/proc/self", F_OK) || access("/sys/kernel", F_OK)) {
		if (sys_mount_proc_sys(&s, err, sizeof(err)) < 0)
			return cli_error(c, EXIT_INPUT, "%s", err);
	}
	if ((ret = open_object(c, &obj)))
		return ret;

	/* Signals arrive through a signalfd in the event loop. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &orig);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		ret = cli_error(c, EXIT_INPUT, "signalfd: %s", strerror(errno));
		goto out;
	}
	if (c->command && !findable(c->command[0])) {
		ret = cli_error(c, EXIT_USAGE, "-- %s: No such file or directory (or not executable)%s",
				c->command[0], strchr(c->command[0], '/') ? "" : ", looked for in PATH");
		goto out;
	}
	if (c->command && !c->dry_run && (ret = start_held(c->command, &orig, &ch))) {
		ret = cli_error(c, EXIT_USAGE, "starting %s: %s", c->command[0], strerror(-ret));
		goto out;
	}
	if ((ret = cli_prepare(c, obj, c->dry_run ? 1 : ch.pid)) || (ret = cli_load(c, obj, &s)))
		goto out;

	while ((1u << order) < (unsigned)c->pages)
		order++;
	memset(&eo, 0, sizeof(eo));
	eo.sys = &s;
	eo.out = stdout;
	eo.warn = stderr;
	eo.event_type = c->event_type;
	eo.json = c->json;
	eo.printk = !c->no_printk;
	eo.page_order = order;
	if ((ret = rb_events_open(obj, &eo, &ev, err, sizeof(err)))) {
		ret = cli_error(c, ret == -ENOENT && c->event_type ? EXIT_USAGE : EXIT_KERNEL, "%s", err);
		goto out;
	}
	memset(&ao, 0, sizeof(ao));
	ao.sys = &s;
	ao.explain = s.explain;
	ao.notes = stderr;
	ao.pid = c->pid;
	ao.sample = c->sample;
	ao.legacy_probes = getenv("RAWBPF_LEGACY_PROBES") && !strcmp(getenv("RAWBPF_LEGACY_PROBES"), "1");
	if (rb_attach(obj, &ao, &links, err, sizeof(err))) {
		ret = cli_error(c, EXIT_KERNEL, "%s", err);
		goto out;
	}
	fprintf(stderr, "rawbpf: %s: attached %zu program%s%s; %s\n", c->file, links.n,
		links.n == 1 ? "" : "s", c->dry_run ? " (dry run)" : "",
		c->command ? "running the command" : c->duration_ms ? "running for --duration" :
		"Ctrl-C to stop");
	if (c->dry_run)
		goto out;
	release(&ch);
	event_loop(c, obj, &s, ev, sfd, &ch);

	/* Detach first, then drain what is already in the buffers. (The
	 * readers were opened before attaching, so no event was missed.) */
	rb_detach(&links, &s);
	rb_events_poll(ev);
	rb_print_maps(obj, &s, c->json, stdout);
	rb_events_totals(ev, &events, &lost);
	fprintf(stderr, "rawbpf: %llu event%s, %llu lost\n", events, events == 1 ? "" : "s", lost);
	ret = EXIT_OK;
out:
	if (ch.pid > 0) {
		if (ch.hold >= 0) {
			close(ch.hold);  /* never released: it exits without exec */
			ch.hold = -1;
		} else if (waitpid(ch.pid, NULL, WNOHANG) == 0) {
			/* Stopped by a signal or --duration while COMMAND runs:
			 * end it as timeout(1) would. */
			kill(ch.pid, SIGTERM);
		}
		waitpid(ch.pid, NULL, 0);
	}
	rb_detach(&links, &s);
	rb_events_close(ev);
	if (obj)
		rb_unload(obj);
	rb_object_free(obj);
	if (sfd >= 0)
		close(sfd);
	return ret;
}
