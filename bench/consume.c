/* consume — one trial of bench/consume.sh: the CPU a consumer spends per
 * printed event, and how many of the produced events it printed.
 *
 *   consume rawbpf|libbpf ring|perf RATE SECONDS OBJ OUT ERR RAWBPF CONSUMER_LIBBPF PAGES
 *
 * A trigger process (pinned to CPU 0) calls getppid() RATE times a second
 * (0: as fast as it can) for SECONDS, each call one 32-byte event of OBJ
 * (bench/getppid_events.bpf.c). The consumer (pinned to CPU 1) is
 * `RAWBPF run OBJ --event-type event` or CONSUMER_LIBBPF, stdout into the
 * file OUT, stderr into ERR. Its CPU time is read from
 * /proc/PID/schedstat (nanoseconds on the CPU, user and system) and its
 * write() calls from /proc/PID/io (syscw) once it says it is attached and
 * again half a second after the trigger ended (after the drain, before
 * SIGINT): start-up, load and exit are not counted. Prints one line:
 *   peer= channel= rate= calls= produced= printed= cpu_ns= writes= seconds= full_said=
 * calls: getppid() calls made; produced: the producer's sent + dropped
 * (the @counts lines both consumers print at exit; a call can miss the
 * program when another BPF program runs on that CPU at the time);
 * full_said: the consumer's stderr says "records may have been dropped".
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	sched_setaffinity(0, sizeof(s), &s);
}

/* The trigger: held until a byte comes on go, then RATE getppid() a second
 * for SECONDS; the number of calls goes back on done. */
static pid_t trigger(double rate, double seconds, int *go_w, int *done_r)
{
	int go[2], done[2];
	pid_t pid;

	if (pipe(go) || pipe(done) || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		char c;
		uint64_t calls = 0;
		int64_t t0, end, t;

		pin(0);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		t0 = now_ns();
		end = t0 + (int64_t)(seconds * 1e9);
		while ((t = now_ns()) < end) {
			uint64_t due = rate > 0 ? (uint64_t)((t - t0) * rate / 1e9) : calls + 64;

			while (calls < due) {
				getppid();
				calls++;
			}
		}
		if (write(done[1], &calls, sizeof(calls)) != sizeof(calls))
			_exit(1);
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	*go_w = go[1];
	*done_r = done[0];
	return pid;
}

static pid_t consumer(char **argv, const char *out, const char *err)
{
	pid_t pid = fork();

	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		pin(1);
		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int grep_file(const char *path, const char *text)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	int found = 0;

	while (f && !found && fgets(buf, sizeof(buf), f))
		found = strstr(buf, text) != NULL;
	if (f)
		fclose(f);
	return found;
}

static uint64_t proc_u64(pid_t pid, const char *file, const char *key)
{
	char path[64], buf[256];
	unsigned long long v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(buf, sizeof(buf), f))
		if (!key || !strncmp(buf, key, strlen(key))) {
			sscanf(buf + (key ? strlen(key) : 0), "%llu", &v);
			break;
		}
	fclose(f);
	return v;
}

static uint64_t count_lines(const char *path, const char *text)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	uint64_t n = 0;

	while (f && fgets(buf, sizeof(buf), f))
		n += strstr(buf, text) != NULL;
	if (f)
		fclose(f);
	return n;
}

/* The value on the line of path that starts with key (the producer's
 * counters, printed by both consumers at exit), or 0. */
static uint64_t counter(const char *path, const char *key)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	unsigned long long v = 0;

	while (f && fgets(buf, sizeof(buf), f))
		if (!strncmp(buf, key, strlen(key)))
			v = strtoull(buf + strlen(key), NULL, 10);
	if (f)
		fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	char tgid[32], pages[16], *cargv[20];
	int go, done, i;
	uint64_t calls = 0, cpu0, cpu1, w0, w1;
	int64_t t0, t1;
	pid_t tp, cp;
	int ring;

	if (argc != 11) {
		fprintf(stderr, "usage: consume rawbpf|libbpf ring|perf RATE SECONDS OBJ OUT ERR RAWBPF CONSUMER_LIBBPF PAGES\n");
		return 2;
	}
	ring = !strcmp(argv[2], "ring");
	if ((tp = trigger(atof(argv[3]), atof(argv[4]), &go, &done)) < 0)
		return 1;
	snprintf(tgid, sizeof(tgid), "target_tgid=%d", (int)tp);
	snprintf(pages, sizeof(pages), "%s", argv[10]);
	i = 0;
	if (!strcmp(argv[1], "rawbpf")) {
		const char *a[] = { argv[8], "run", argv[5], "--set", tgid, "--set",
				    ring ? "use_ring=1" : "use_perf=1", "--event-type", "event",
				    "--no-printk", "--pages", pages, NULL };
		for (; a[i]; i++)
			cargv[i] = (char *)a[i];
	} else {
		const char *a[] = { argv[9], argv[5], argv[2], tgid + strlen("target_tgid="), pages, NULL };
		for (; a[i]; i++)
			cargv[i] = (char *)a[i];
	}
	cargv[i] = NULL;
	cp = consumer(cargv, argv[6], argv[7]);
	for (i = 0; i < 1000 && !grep_file(argv[7], "attached") && !grep_file(argv[7], "ready"); i++) {
		if (waitpid(cp, NULL, WNOHANG) == cp) {
			fprintf(stderr, "consume: the consumer exited before attaching (see %s)\n", argv[7]);
			return 1;
		}
		usleep(10000);
	}
	cpu0 = proc_u64(cp, "schedstat", NULL);
	w0 = proc_u64(cp, "io", "syscw: ");
	t0 = now_ns();
	if (write(go, "g", 1) != 1 || read(done, &calls, sizeof(calls)) != sizeof(calls))
		return 1;
	waitpid(tp, NULL, 0);
	usleep(500000);
	cpu1 = proc_u64(cp, "schedstat", NULL);
	w1 = proc_u64(cp, "io", "syscw: ");
	t1 = now_ns();
	kill(cp, SIGINT);
	waitpid(cp, NULL, 0);
	printf("peer=%s channel=%s rate=%s calls=%llu produced=%llu printed=%llu cpu_ns=%llu writes=%llu "
	       "seconds=%.3f full_said=%d\n", argv[1], argv[2], argv[3], (unsigned long long)calls,
	       (unsigned long long)(counter(argv[6], "@counts[0]: ") + counter(argv[6], "@counts[1]: ")),
	       (unsigned long long)count_lines(argv[6], "seq="), (unsigned long long)(cpu1 - cpu0),
	       (unsigned long long)(w1 - w0), (t1 - t0) / 1e9, grep_file(argv[7], "records may have been dropped"));
	return 0;
}
