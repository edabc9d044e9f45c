/*
 * /init of the initramfs boot test: a tiny PID 1 that mounts /proc, /sys and
 * /dev, runs the steps listed in /steps, and powers the machine off.
 *
 * It does not mount tracefs or bpffs: finding them absent and mounting them is
 * rawbpf's job, and part of what the boot test checks.
 *
 * /steps, one per line ('#' starts a comment line):
 *   timeout SECONDS        timeout of the steps after this line (default 30)
 *   sleep SECONDS          pause (decimals allowed); background steps keep running
 *   wait                   wait until every background step has ended
 *   until NAME TEXT        wait (at most the timeout) until background step NAME
 *                          prints a line holding TEXT, e.g. rawbpf saying it has
 *                          attached; put it right after the '&' line, since only
 *                          lines printed after it are looked at
 *   NAME COMMAND ARGS...   run a step and wait for it to end
 *   &NAME COMMAND ARGS...  start a step in the background
 * Arguments are split on blanks; "double quotes" keep blanks in one argument.
 * A COMMAND without a '/' is one of this program's own tools (below), run by
 * executing this program again, so each one is a real exec the kernel sees.
 *
 * Console output:
 *   INIT: start uptime=1.23s kernel=RELEASE
 *   INIT: step NAME start pid=N
 *   NAME| a line the step printed (stdout and stderr)
 *   INIT: step NAME exit=N time=0.05s   (or signal=N; "timeout" is printed first)
 *   INIT: until NAME ok time=0.80s      (or "failed: ...")
 *   INIT: done steps=N failed=N uptime=4.56s
 *   INIT: poweroff
 *
 * As an ordinary process (PID != 1) it is a multi-call tool, to cause events:
 *   true | false | exit N | echo ARGS... | write FILE TEXT... | cat FILE...
 *   ls DIR | sleep SECONDS | spin MILLISECONDS | getppid N
 *   ids                        print "ids pid=N ppid=N" (to check a tracer's view)
 *   repeat N COMMAND ARGS...   run COMMAND N times, one after the other
 *   each COMMAND ARGS... [; COMMAND ARGS...]...
 *                              run each COMMAND once, in order; exit status
 *                              of the last
 *   bare COMMAND ARGS...       exec COMMAND in a new mount namespace where
 *                              /proc and /sys (with all under it) are unmounted,
 *                              as in an initramfs before anything is mounted
 *   insmod FILE...             load each kernel module with finit_module(2),
 *                              in order (dependencies first); "already
 *                              loaded" (EEXIST) counts as loaded
 *   ifup IFNAME                set IFF_UP on an interface (lo is down at boot)
 *   connect ADDR PORT MS       listen on ADDR:PORT (IPv4), connect to it
 *                              without blocking and wait at most MS ms for
 *                              the handshake; prints "connect ADDR:PORT ok"
 *                              or "... timeout after MS ms" (both exit 0),
 *                              so a step shows whether a tc program lets
 *                              the SYN through
 *   env NAME=VALUE... COMMAND ARGS...
 *                              exec COMMAND (same pid) with NAME set, e.g.
 *                              a step "NAME env RAWBPF_LEGACY_PROBES=1 /rawbpf ..."
 *   steps FILE                 run a steps file here, without mounts or poweroff
 * Build: musl-gcc -static -Os -o init init.c
 */
#define _GNU_SOURCE	/* memmem, unshare */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#define MAX_ARGS    32
#define MAX_STEPS   32	/* running at once */
#define LINE_MAX_   1024
#define STEPS_MAX   (64 * 1024)
#define TERM_GRACE  2000	/* ms between SIGTERM and SIGKILL on timeout */
#define EXIT_GRACE  500	/* ms to drain a pipe still held open by a grandchild */

struct step {
	char name[64];
	pid_t pid;		/* 0: slot free */
	int fd;			/* read end of the step's stdout/stderr, -1 once closed */
	int exited, status;
	int timed_out;
	const char *until_text;	/* set by "until": a line holding it sets seen */
	int seen;
	long start, deadline, exit_time;
	size_t len;
	char buf[LINE_MAX_];
};

struct runner {
	const char *self;	/* path to exec this program as a tool */
	int sigfd;		/* signalfd for SIGCHLD: wakes poll() when a child ends */
	sigset_t oldmask;
	long timeout_ms;
	int nsteps, nfailed;
	struct step steps[MAX_STEPS];
};

static long now_ms(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* One write per line, so kernel messages on the same console do not split it. */
static void say(const char *fmt, ...)
{
	char line[LINE_MAX_ + 128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	while (write(1, line, n) < 0 && errno == EINTR)
		;
}

/* Seconds as "1.5" to milliseconds; -1 when not a number >= 0. */
static long parse_ms(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < 0 || v > 86400)
		return -1;
	return (long)(v * 1000);
}

/* ---- the tools: things a step runs to make the kernel see an event ---- */

static int tool_cat(int argc, char **argv)
{
	char buf[4096];
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		ssize_t n;

		if (fd < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			if (write(1, buf, n) != n)
				break;
		close(fd);
	}
	return rc;
}

static int tool_write(int argc, char **argv)
{
	int fd;

	if (argc < 2)
		return 2;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fprintf(stderr, "write: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		if (i > 2 && write(fd, " ", 1) != 1)
			break;
		if (write(fd, argv[i], strlen(argv[i])) < 0)
			break;
	}
	if (write(fd, "\n", 1) != 1) {
		close(fd);
		return 1;
	}
	return close(fd) ? 1 : 0;
}

static int tool_ls(int argc, char **argv)
{
	DIR *d = opendir(argc > 1 ? argv[1] : ".");
	struct dirent *e;

	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", argc > 1 ? argv[1] : ".", strerror(errno));
		return 1;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			printf("%s\n", e->d_name);
	closedir(d);
	return 0;
}

/*
 * exec argv[0]: a path, or one of our tools when it has no '/'. argv[-1] must
 * be writable: a tool is run as "init TOOL ARGS...". Returns only on failure.
 */
static void exec_command(char **argv, const char *self)
{
	if (strchr(argv[0], '/')) {
		execv(argv[0], argv);
	} else {
		argv[-1] = (char *)"init";
		execv(self, argv - 1);
	}
}

/* Fork, exec argv (see exec_command), wait: the child's exit status, or 128 +
 * signal, or -1 when fork fails. */
static int run_child(char **argv, const char *self, const char *who)
{
	int st;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		exec_command(argv, self);
		fprintf(stderr, "%s: %s: %s\n", who, argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int tool_repeat(int argc, char **argv, const char *self)
{
	long n;
	int rc = 0;

	if (argc < 3 || (n = atol(argv[1])) < 0)
		return 2;
	for (long i = 0; i < n; i++)
		if (run_child(argv + 2, self, "repeat"))
			rc = 1;
	return rc;
}

static int tool_each(int argc, char **argv, const char *self)
{
	int rc = 0, i = 1;

	while (i < argc) {
		int j = i;

		while (j < argc && strcmp(argv[j], ";"))
			j++;
		argv[j] = NULL;	/* argv[argc] is NULL already */
		if (j > i)
			rc = run_child(argv + i, self, "each");
		i = j + 1;
	}
	return rc < 0 ? 1 : rc;
}

static int tool_bare(int argc, char **argv, const char *self)
{
	if (argc < 2)
		return 2;
	/* Private propagation first, so the unmounts stay in this namespace. */
	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		fprintf(stderr, "bare: new mount namespace: %s\n", strerror(errno));
		return 1;
	}
	/* MNT_DETACH takes what is mounted below along (tracefs, bpffs). */
	if (umount2("/sys", MNT_DETACH) < 0 || umount2("/proc", MNT_DETACH) < 0) {
		fprintf(stderr, "bare: umount: %s\n", strerror(errno));
		return 1;
	}
	exec_command(argv + 1, self);
	fprintf(stderr, "bare: %s: %s\n", argv[1], strerror(errno));
	return 127;
}

static int tool_env(int argc, char **argv, const char *self)
{
	int i = 1;

	for (; i < argc && strchr(argv[i], '='); i++)
		if (putenv(argv[i]))
			return 1;
	if (i == argc)
		return 2;
	exec_command(argv + i, self);
	fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
	return 127;
}

static int tool_insmod(int argc, char **argv)
{
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		long ret = fd < 0 ? -1 : syscall(SYS_finit_module, fd, "", 0);
		int e = errno;

		if (ret == 0 || e == EEXIST) {
			printf("insmod %s: %s\n", argv[i], ret == 0 ? "loaded" : "already loaded");
		} else {
			printf("insmod %s: %s\n", argv[i], strerror(e));
			rc = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	return rc;
}

static int tool_ifup(int argc, char **argv)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (argc != 2 || strlen(argv[1]) >= IFNAMSIZ)
		return 2;
	strcpy(ifr.ifr_name, argv[1]);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto fail;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		goto fail;
	printf("ifup %s: up\n", argv[1]);
	close(fd);
	return 0;
fail:
	printf("ifup %s: %s\n", argv[1], strerror(errno));
	return 1;
}

static int tool_connect(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, err = 0, l, c, n;
	socklen_t len = sizeof(err);
	long ms;
	struct pollfd p;

	if (argc != 4 || inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 ||
	    (ms = atol(argv[3])) <= 0)
		return 2;
	sa.sin_port = htons((unsigned short)atoi(argv[2]));
	l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (l < 0 || c < 0 || setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(l, (struct sockaddr *)&sa, sizeof(sa)) || listen(l, 4) ||
	    (connect(c, (struct sockaddr *)&sa, sizeof(sa)) && errno != EINPROGRESS)) {
		printf("connect %s:%s: %s\n", argv[1], argv[2], strerror(errno));
		return 1;
	}
	p = (struct pollfd){ .fd = c, .events = POLLOUT };
	n = poll(&p, 1, (int)ms);
	if (n < 0)
		err = errno;
	else if (n == 1 && getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len))
		err = errno;
	if (n == 0)
		printf("connect %s:%s timeout after %ld ms\n", argv[1], argv[2], ms);
	else if (!err)
		printf("connect %s:%s ok\n", argv[1], argv[2]);
	else
		printf("connect %s:%s: %s\n", argv[1], argv[2], strerror(err));
	close(c);
	close(l);
	return err ? 1 : 0;
}

/* The tools that set up the kernel (modules, interfaces) or test a network
 * path; -1 when t is none of them. */
static int tool_system(const char *t, int argc, char **argv)
{
	if (!strcmp(t, "insmod"))
		return tool_insmod(argc, argv);
	if (!strcmp(t, "ifup"))
		return tool_ifup(argc, argv);
	if (!strcmp(t, "connect"))
		return tool_connect(argc, argv);
	return -1;
}

static int run_steps(struct runner *r, const char *path);

static int tool(int argc, char **argv, const char *self)
{
	const char *t = argv[0];
	int rc = tool_system(t, argc, argv);

	if (rc >= 0)
		return rc;
	if (!strcmp(t, "true"))
		return 0;
	if (!strcmp(t, "false"))
		return 1;
	if (!strcmp(t, "exit"))
		return argc > 1 ? atoi(argv[1]) : 0;
	if (!strcmp(t, "echo")) {
		for (int i = 1; i < argc; i++)
			printf("%s%s", i > 1 ? " " : "", argv[i]);
		printf("\n");
		return 0;
	}
	if (!strcmp(t, "cat"))
		return tool_cat(argc, argv);
	if (!strcmp(t, "write"))
		return tool_write(argc, argv);
	if (!strcmp(t, "ls"))
		return tool_ls(argc, argv);
	if (!strcmp(t, "sleep")) {
		long ms = argc > 1 ? parse_ms(argv[1]) : -1;
		struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

		if (ms < 0)
			return 2;
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
		return 0;
	}
	if (!strcmp(t, "spin")) {
		long end = now_ms(CLOCK_MONOTONIC) + (argc > 1 ? atol(argv[1]) : 100);
		volatile unsigned long x = 0;

		while (now_ms(CLOCK_MONOTONIC) < end)
			for (int i = 0; i < 100000; i++)
				x += i;
		return 0;
	}
	if (!strcmp(t, "getppid")) {
		long n = argc > 1 ? atol(argv[1]) : 1;

		for (long i = 0; i < n; i++)
			getppid();
		return 0;
	}
	if (!strcmp(t, "ids")) {
		printf("ids pid=%d ppid=%d\n", (int)getpid(), (int)getppid());
		return 0;
	}
	if (!strcmp(t, "repeat"))
		return tool_repeat(argc, argv, self);
	if (!strcmp(t, "each"))
		return tool_each(argc, argv, self);
	if (!strcmp(t, "env"))
		return tool_env(argc, argv, self);
	if (!strcmp(t, "bare"))
		return tool_bare(argc, argv, self);
	if (!strcmp(t, "steps")) {
		static struct runner r;	/* large; not on the stack */

		if (argc < 2)
			return 2;
		r.self = self;
		return run_steps(&r, argv[1]) ? 1 : 0;
	}
	fprintf(stderr, "init: unknown tool '%s'\n", t);
	return 127;
}

/* ---- the step runner ---- */

static void emit(struct step *s, const char *p, size_t n)
{
	say("%s| %.*s", s->name, (int)n, p);
	if (s->until_text && memmem(p, n, s->until_text, strlen(s->until_text)))
		s->seen = 1;
}

/* Print every complete line buffered for s; with flush, the partial one too. */
static void drain_lines(struct step *s, int flush)
{
	size_t start = 0;

	for (size_t i = 0; i < s->len; i++) {
		if (s->buf[i] == '\n') {
			emit(s, s->buf + start, i - start);
			start = i + 1;
		}
	}
	if (start == 0 && s->len == sizeof(s->buf)) {
		emit(s, s->buf, s->len);	/* a line longer than the buffer */
		start = s->len;
	}
	if (flush && start < s->len) {
		emit(s, s->buf + start, s->len - start);
		start = s->len;
	}
	memmove(s->buf, s->buf + start, s->len - start);
	s->len -= start;
}

static void close_output(struct step *s)
{
	drain_lines(s, 1);
	close(s->fd);
	s->fd = -1;
}

static void finish(struct runner *r, struct step *s)
{
	long t = s->exit_time - s->start;

	if (WIFSIGNALED(s->status))
		say("INIT: step %s signal=%d time=%ld.%02lds", s->name, WTERMSIG(s->status),
		    t / 1000, t % 1000 / 10);
	else
		say("INIT: step %s exit=%d time=%ld.%02lds", s->name, WEXITSTATUS(s->status),
		    t / 1000, t % 1000 / 10);
	if (s->timed_out || !WIFEXITED(s->status) || WEXITSTATUS(s->status))
		r->nfailed++;
	s->pid = 0;
}

/*
 * Move output from the steps' pipes to the console, reap children, enforce
 * timeouts, for at most ms milliseconds (ms >= 0) or until `until` (when not
 * NULL) has finished or has printed its until_text; until == NULL with ms < 0
 * means until every step has finished.
 */
static void pump(struct runner *r, struct step *until, long ms)
{
	long end = ms >= 0 ? now_ms(CLOCK_MONOTONIC) + ms : LONG_MAX;

	for (;;) {
		struct pollfd pfd[MAX_STEPS + 1];
		struct step *who[MAX_STEPS + 1];
		long now = now_ms(CLOCK_MONOTONIC), wait = end - now;
		int n = 0, busy = 0;

		for (int i = 0; i < MAX_STEPS; i++) {
			struct step *s = &r->steps[i];

			if (!s->pid)
				continue;
			if (!s->exited && now >= s->deadline) {
				if (!s->timed_out) {
					say("INIT: step %s timeout", s->name);
					s->timed_out = 1;
					kill(-s->pid, SIGTERM);
					s->deadline = now + TERM_GRACE;
				} else {
					kill(-s->pid, SIGKILL);
					s->deadline = LONG_MAX;
				}
			}
			if (s->exited && s->fd >= 0 && now >= s->exit_time + EXIT_GRACE)
				close_output(s);
			if (s->exited && s->fd < 0) {
				finish(r, s);
				continue;
			}
			busy = 1;
			if (!s->exited && s->deadline - now < wait)
				wait = s->deadline - now;
			if (s->exited && s->exit_time + EXIT_GRACE - now < wait)
				wait = s->exit_time + EXIT_GRACE - now;
			if (s->fd >= 0) {
				pfd[n].fd = s->fd;
				pfd[n].events = POLLIN;
				who[n++] = s;
			}
		}
		if (until ? !until->pid || until->seen : (ms < 0 && !busy))
			return;
		if (now >= end)
			return;
		pfd[n].fd = r->sigfd;
		pfd[n].events = POLLIN;
		who[n++] = NULL;
		if (wait < 0)
			wait = 0;
		if (poll(pfd, n, wait > 60000 ? 60000 : (int)wait) < 0 && errno != EINTR)
			return;
		for (int i = 0; i < n; i++) {
			struct step *s = who[i];
			ssize_t got;

			if (!pfd[i].revents)
				continue;
			if (!s) {
				struct signalfd_siginfo si;

				while (read(r->sigfd, &si, sizeof(si)) > 0)
					;
				continue;
			}
			got = read(s->fd, s->buf + s->len, sizeof(s->buf) - s->len);
			if (got > 0) {
				s->len += got;
				drain_lines(s, 0);
			} else if (got == 0 || errno != EINTR) {
				close_output(s);
			}
		}
		/* Reap every child, including orphans PID 1 inherits. */
		for (;;) {
			int st;
			pid_t pid = waitpid(-1, &st, WNOHANG);

			if (pid <= 0)
				break;
			for (int i = 0; i < MAX_STEPS; i++) {
				struct step *s = &r->steps[i];

				if (s->pid == pid && !s->exited) {
					s->exited = 1;
					s->status = st;
					s->exit_time = now_ms(CLOCK_MONOTONIC);
				}
			}
		}
	}
}

static int split(char *p, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || argc == MAX_ARGS)
			break;
		if (*p == '"') {
			argv[argc++] = ++p;
			while (*p && *p != '"')
				p++;
		} else {
			argv[argc++] = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
		}
		if (*p)
			*p++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

static struct step *start_step(struct runner *r, const char *name, char **argv)
{
	struct step *s = NULL;
	int pfd[2];

	for (int i = 0; i < MAX_STEPS && !s; i++)
		if (!r->steps[i].pid)
			s = &r->steps[i];
	if (!s) {
		say("INIT: step %s: more than %d steps running", name, MAX_STEPS);
		r->nfailed++;
		return NULL;
	}
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		say("INIT: step %s: pipe: %s", name, strerror(errno));
		r->nfailed++;
		return NULL;
	}
	r->nsteps++;
	s->start = now_ms(CLOCK_MONOTONIC);
	s->deadline = s->start + r->timeout_ms;
	s->pid = fork();
	if (s->pid < 0) {
		say("INIT: step %s: fork: %s", name, strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		s->pid = 0;
		r->nfailed++;
		return NULL;
	}
	if (s->pid > 0)
		say("INIT: step %s start pid=%d", s->name, (int)s->pid);
	if (s->pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		/* Own process group, so a timeout kills what the step started too. */
		setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &r->oldmask, NULL);
		if (null >= 0)
			dup2(null, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		exec_command(argv, r->self);
		dprintf(2, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(s->pid, s->pid);	/* also here: a timeout may come before the child runs */
	close(pfd[1]);
	s->fd = pfd[0];
	return s;
}

static void wait_line(struct runner *r, const char *name, const char *text)
{
	struct step *s = NULL;
	long t0 = now_ms(CLOCK_MONOTONIC), t;

	for (int i = 0; i < MAX_STEPS && !s; i++)
		if (r->steps[i].pid && !strcmp(r->steps[i].name, name))
			s = &r->steps[i];
	if (!s) {
		say("INIT: until %s failed: no such step running", name);
		r->nfailed++;
		return;
	}
	s->until_text = text;
	s->seen = 0;
	pump(r, s, r->timeout_ms);
	s->until_text = NULL;
	t = now_ms(CLOCK_MONOTONIC) - t0;
	if (s->seen) {
		say("INIT: until %s ok time=%ld.%02lds", name, t / 1000, t % 1000 / 10);
		return;
	}
	say("INIT: until %s failed: %s after %ld.%02lds", name,
	    s->pid ? "no such line" : "step ended", t / 1000, t % 1000 / 10);
	r->nfailed++;
}

static int run_steps(struct runner *r, const char *path)
{
	static char text[STEPS_MAX + 1];
	char *line, *next;
	ssize_t len = 0, n;
	int fd;
	sigset_t chld;

	r->timeout_ms = 30000;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		say("INIT: %s: %s", path, strerror(errno));
		return -1;
	}
	while (len < STEPS_MAX && (n = read(fd, text + len, STEPS_MAX - len)) > 0)
		len += n;
	close(fd);
	text[len] = '\0';

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &r->oldmask);
	r->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (r->sigfd < 0) {
		say("INIT: signalfd: %s", strerror(errno));
		return -1;
	}

	for (line = text; line && *line; line = next) {
		char *args[MAX_ARGS + 2], **argv = args + 1;	/* args[0]: room for "init" */
		int argc, bg;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		argc = split(line, argv);
		if (argc == 0 || argv[0][0] == '#')
			continue;
		if (!strcmp(argv[0], "wait") && argc == 1) {
			pump(r, NULL, -1);
		} else if (!strcmp(argv[0], "sleep") && argc == 2 && parse_ms(argv[1]) >= 0) {
			pump(r, NULL, parse_ms(argv[1]));
		} else if (!strcmp(argv[0], "timeout") && argc == 2 && parse_ms(argv[1]) > 0) {
			r->timeout_ms = parse_ms(argv[1]);
		} else if (!strcmp(argv[0], "until") && argc == 3) {
			wait_line(r, argv[1], argv[2]);
		} else if (argc >= 2) {
			struct step *s;

			bg = argv[0][0] == '&';
			s = start_step(r, argv[0] + bg, argv + 1);
			if (s && !bg)
				pump(r, s, -1);
		} else {
			say("INIT: %s: cannot read line '%s'", path, argv[0]);
			r->nfailed++;
		}
	}
	pump(r, NULL, -1);	/* background steps nobody waited for */
	close(r->sigfd);
	return r->nfailed ? -1 : 0;
}

/* ---- PID 1 ---- */

static void mount_one(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL) < 0 && errno != EBUSY)
		say("INIT: mount %s on %s: %s", type, dir, strerror(errno));
}

static void boot(void)
{
	static struct runner r;
	struct utsname u;
	long up;
	int fd;

	mount_one("devtmpfs", "/dev", "devtmpfs");
	/* The cpio has no /dev/console node, so the kernel gave us no stdio. */
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	uname(&u);
	up = now_ms(CLOCK_BOOTTIME);
	/* The firmware's last terminal reset has no newline after it. */
	say("");
	say("INIT: start uptime=%ld.%02lds kernel=%s", up / 1000, up % 1000 / 10, u.release);

	r.self = "/init";
	run_steps(&r, "/steps");
	up = now_ms(CLOCK_BOOTTIME);
	say("INIT: done steps=%d failed=%d uptime=%ld.%02lds", r.nsteps, r.nfailed,
	    up / 1000, up % 1000 / 10);
	say("INIT: poweroff");
	sync();
	reboot(RB_POWER_OFF);
	say("INIT: reboot: %s", strerror(errno));
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	static char self[PATH_MAX];
	ssize_t n;

	if (getpid() == 1)
		boot();
	if (argc < 2) {
		fprintf(stderr, "usage: %s TOOL ARGS... (see the top of init.c)\n", argv[0]);
		return 2;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	return tool(argc - 1, argv + 1, self);
}
