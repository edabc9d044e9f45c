/* wall — runs commands N times each and reports their wall time, from fork
 * to the end of waitpid, so rawbpf and the libbpf loader are timed the same
 * way (process start and exit included) without a shell in between.
 *
 *   wall N CMD [ARG...] [--- CMD [ARG...]]...
 * Several commands, separated by "---", run in turn (A B A B ...), so a busy
 * machine slows them alike. Their stdout and stderr go to /dev/null. Prints
 * one line per command: "runs N failed F min US median US max US".
 * Exit 0 when every run exited 0, 1 otherwise, 2 on usage errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Fork, exec argv with output to /dev/null, wait. Returns the wall time in
 * ns, or -1 when fork or waitpid failed; *ok is set when it exited 0. */
static long long run_once(char **argv, int *ok)
{
	long long t0 = now_ns();
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	*ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	return now_ns() - t0;
}

#define MAX_CMDS 8

int main(int argc, char **argv)
{
	char **cmd[MAX_CMDS];
	long long *ns[MAX_CMDS];
	int failed[MAX_CMDS] = { 0 };
	int runs, ncmd = 0, i, c, ok, any_failed = 0;

	if (argc < 3 || (runs = atoi(argv[1])) < 1 || runs > 100000) {
		fprintf(stderr, "usage: wall N CMD [ARG...] [--- CMD [ARG...]]...   (N in 1..100000)\n");
		return 2;
	}
	/* Split argv[2..] at each "---" into NULL-terminated commands. */
	cmd[ncmd++] = argv + 2;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "---") != 0)
			continue;
		argv[i] = NULL;
		if (ncmd == MAX_CMDS || i + 1 >= argc) {
			fprintf(stderr, "wall: at most %d commands, none empty\n", MAX_CMDS);
			return 2;
		}
		cmd[ncmd++] = argv + i + 1;
	}
	for (c = 0; c < ncmd; c++) {
		if (!cmd[c][0]) {
			fprintf(stderr, "wall: empty command\n");
			return 2;
		}
		ns[c] = calloc(runs, sizeof(**ns));
		if (!ns[c])
			return 1;
	}
	for (i = 0; i < runs; i++) {
		for (c = 0; c < ncmd; c++) {
			ns[c][i] = run_once(cmd[c], &ok);
			if (ns[c][i] < 0) {
				perror("wall");
				return 1;
			}
			if (!ok)
				failed[c]++;
		}
	}
	for (c = 0; c < ncmd; c++) {
		qsort(ns[c], runs, sizeof(**ns), cmp_ll);
		printf("runs %d failed %d min %lld median %lld max %lld\n", runs,
		       failed[c], ns[c][0] / 1000, ns[c][runs / 2] / 1000,
		       ns[c][runs - 1] / 1000);
		any_failed |= failed[c] != 0;
		free(ns[c]);
	}
	return any_failed ? 1 : 0;
}
