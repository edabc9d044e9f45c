/* wall — runs a command N times and reports its wall time, from fork to the
 * end of waitpid, so rawbpf and the libbpf loader are timed the same way
 * (process start and exit included) without a shell in between.
 *
 *   wall N CMD [ARG...]
 * The command's stdout and stderr go to /dev/null. Prints one line:
 * "runs N failed F min US median US max US". Exit 0 when every run exited 0,
 * 1 otherwise, 2 on usage errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int main(int argc, char **argv)
{
	int runs, failed = 0, i, st;
	long long *ns, t0;
	pid_t pid;

	if (argc < 3 || (runs = atoi(argv[1])) < 1 || runs > 100000) {
		fprintf(stderr, "usage: wall N CMD [ARG...]   (N in 1..100000)\n");
		return 2;
	}
	ns = calloc(runs, sizeof(*ns));
	if (!ns)
		return 1;
	for (i = 0; i < runs; i++) {
		t0 = now_ns();
		pid = fork();
		if (pid < 0) {
			perror("wall: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) < 0) {
			perror("wall: waitpid");
			return 1;
		}
		ns[i] = now_ns() - t0;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	qsort(ns, runs, sizeof(*ns), cmp_ll);
	printf("runs %d failed %d min %lld median %lld max %lld\n", runs, failed,
	       ns[0] / 1000, ns[runs / 2] / 1000, ns[runs - 1] / 1000);
	free(ns);
	return failed ? 1 : 0;
}
