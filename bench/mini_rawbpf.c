/* mini_rawbpf — mini_libbpf.c's job through rawbpf.h: open an object, load
 * it, attach every program, print what its ring buffers deliver. Built
 * statically by bench/size.sh to compare sizes.
 *
 *   mini_rawbpf OBJ [SECONDS]      (SECONDS: 5)
 */
#include "loader/rawbpf.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void on_event(void *ctx, const char *map, int cpu, const void *data, uint32_t size)
{
	(void)ctx;
	(void)map;
	(void)cpu;
	(void)data;
	printf("record of %u bytes\n", size);
}

int main(int argc, char **argv)
{
	struct rb_object *obj = NULL;
	char err[512];
	time_t end;

	if (argc < 2) {
		fprintf(stderr, "usage: mini_rawbpf OBJ [SECONDS]\n");
		return 2;
	}
	end = time(NULL) + (argc > 2 ? atoi(argv[2]) : 5);
	if (rb_open(argv[1], &obj, err, sizeof(err)) ||
	    rb_load_object(obj, NULL, err, sizeof(err)) ||
	    rb_attach_all(obj, err, sizeof(err)) ||
	    rb_poll_open(obj, on_event, NULL, err, sizeof(err))) {
		fprintf(stderr, "mini_rawbpf: %s: %s\n", argv[1], err);
		rb_close(obj);
		return 1;
	}
	while (time(NULL) < end)
		rb_poll(obj, 100);
	rb_close(obj);
	return 0;
}
