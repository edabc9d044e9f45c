/* skeleton — a C program that loads its BPF object through rawbpf.h, the way
 * libbpf users use a generated skeleton: open, set a global, load, attach,
 * poll. It watches its own write() calls with pidfilter.bpf.o.
 *
 * Run:    build/examples/skeleton [build/examples/pidfilter.bpf.o]
 * Output: "write #N: fd 1, 6 bytes" for each of its 3 writes, then
 *         "3 events, write_count = 3"; exit status 0 when both agree.
 */
#include <rawbpf.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The layout of `struct event` in pidfilter.bpf.c. */
struct event {
	uint32_t pid;
	uint32_t fd;
	uint64_t count;
	uint64_t total;
};

struct seen {
	struct event ev[8];
	int n;
};

/* Only keep the record: printing here would write(), which the program
 * reports, which would be printed... */
static void on_event(void *ctx, const char *map, int cpu, const void *data, uint32_t size)
{
	struct seen *s = ctx;

	if (size >= sizeof(struct event) && s->n < 8)
		memcpy(&s->ev[s->n++], data, sizeof(struct event));
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/examples/pidfilter.bpf.o";
	struct rb_object *obj;
	char err[512], pid[16];
	uint32_t key = 0;
	uint64_t count = 0;
	struct seen seen = { .n = 0 };

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (rb_open(path, &obj, err, sizeof(err)) ||
	    rb_set(obj, "target_pid", pid, err, sizeof(err)) ||
	    rb_load_object(obj, NULL, err, sizeof(err)) ||
	    rb_attach_all(obj, err, sizeof(err)) ||
	    rb_poll_open(obj, on_event, &seen, err, sizeof(err))) {
		fprintf(stderr, "skeleton: %s: %s\n", path, err);
		if (obj && rb_verifier_log(obj))
			fputs(rb_verifier_log(obj), stderr);
		rb_close(obj);
		return 1;
	}
	for (int i = 0; i < 3; i++)
		if (write(1, "hello\n", 6) != 6)
			return 1;
	while (seen.n < 3 && rb_poll(obj, 1000) > 0)
		;
	rb_map_lookup(obj, "write_count", &key, &count);
	rb_close(obj);
	for (int i = 0; i < seen.n; i++)
		fprintf(stderr, "write #%llu: fd %u, %llu bytes\n", (unsigned long long)seen.ev[i].total,
			seen.ev[i].fd, (unsigned long long)seen.ev[i].count);
	fprintf(stderr, "%d events, write_count = %llu\n", seen.n, (unsigned long long)count);
	return seen.n == 3 && count == 3 ? 0 : 1;
}
