/* mini_libbpf — the smallest libbpf loader of the job rawbpf-static does for
 * a minimal system: open an object, load it, attach every program, print
 * what its ring buffer delivers. Built statically by bench/size.sh to
 * compare sizes; mini_rawbpf.c is the same program against rawbpf.h.
 *
 *   mini_libbpf OBJ [SECONDS]      (SECONDS: 5)
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int on_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	(void)data;
	printf("record of %zu bytes\n", size);
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	struct ring_buffer *rb = NULL;
	time_t end;
	int err;

	if (argc < 2) {
		fprintf(stderr, "usage: mini_libbpf OBJ [SECONDS]\n");
		return 2;
	}
	end = time(NULL) + (argc > 2 ? atoi(argv[2]) : 5);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || (err = bpf_object__load(obj))) {
		fprintf(stderr, "mini_libbpf: %s: open or load failed\n", argv[1]);
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
		if (!bpf_program__attach(prog)) {
			fprintf(stderr, "mini_libbpf: attach %s: %s\n", bpf_program__name(prog),
				strerror(errno));
			return 1;
		}
	bpf_object__for_each_map(map, obj)
		if (bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF && !rb)
			rb = ring_buffer__new(bpf_map__fd(map), on_record, NULL, NULL);
	while (rb && time(NULL) < end)
		ring_buffer__poll(rb, 100);
	ring_buffer__free(rb);
	bpf_object__close(obj);
	return 0;
}
