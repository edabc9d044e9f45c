/* btf_libbpf — parse the kernel's BTF with libbpf's btf__parse() and look
 * names up with btf__find_by_name_kind().
 *
 *   btf_libbpf NAMES [BTF]     (BTF: /sys/kernel/btf/vmlinux)
 */
#include <bpf/btf.h>
#include <errno.h>

#include "btf_common.h"

int main(int argc, char **argv)
{
	const char *path = argc > 2 ? argv[2] : "/sys/kernel/btf/vmlinux";
	struct name *names;
	struct btf *btf;
	uint64_t idsum = 0;
	int n, found = 0;
	long rss0;
	double t0, t1, t2, tfirst = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: btf_libbpf NAMES [BTF]\n");
		return 2;
	}
	if ((n = read_names(argv[1], &names)) < 0) {
		perror(argv[1]);
		return 1;
	}
	rss0 = maxrss_kib();
	t0 = now_s();
	btf = btf__parse(path, NULL);
	if (!btf) {
		fprintf(stderr, "btf_libbpf: %s: %s\n", path, strerror(errno));
		return 1;
	}
	t1 = now_s();
	for (int i = 0; i < n; i++) {
		int id = btf__find_by_name_kind(btf, names[i].name, names[i].kind);

		if (id > 0) {
			found++;
			idsum += id;
		}
		if (i == 0)
			tfirst = now_s();
	}
	t2 = now_s();
	result_print("libbpf", n, found, idsum, t1 - t0, tfirst - t1, t2 - t1, rss0, maxrss_kib());
	btf__free(btf);
	free(names);
	return 0;
}
