/* btf_rawbpf — parse the kernel's BTF with rawbpf's btf_parse() and look
 * names up with btf_find() (whose first lookup of a kind builds that kind's
 * name index: the lookup time includes it). The file is read into memory
 * first, as libbpf's btf__parse() does (btf_parse() keeps pointing at the
 * caller's bytes; rawbpf's loader maps the file instead, section 2b); that
 * read is part of the parse time.
 *
 *   btf_rawbpf NAMES [BTF]     (BTF: /sys/kernel/btf/vmlinux)
 */
#include "btf/btf.h"
#include "btf_common.h"

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20, n = 0, got;
	char *buf = malloc(cap);

	if (!f || !buf)
		goto fail;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb)
				goto fail;
			buf = nb;
		}
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	if (f)
		fclose(f);
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *path = argc > 2 ? argv[2] : "/sys/kernel/btf/vmlinux";
	struct name *names;
	struct btf *btf;
	char err[256];
	uint64_t idsum = 0;
	int n, found = 0;
	long rss0;
	double t0, t1, t2, tfirst = 0;
	size_t len;
	void *data;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: btf_rawbpf NAMES [BTF]\n");
		return 2;
	}
	if ((n = read_names(argv[1], &names)) < 0) {
		perror(argv[1]);
		return 1;
	}
	rss0 = maxrss_kib();
	t0 = now_s();
	if (!(data = read_file(path, &len))) {
		perror(path);
		return 1;
	}
	if (btf_parse(data, len, &btf, err, sizeof(err))) {
		fprintf(stderr, "btf_rawbpf: %s: %s\n", path, err);
		return 1;
	}
	t1 = now_s();
	for (int i = 0; i < n; i++) {
		int64_t id = btf_find(btf, names[i].name, names[i].kind);

		if (id > 0) {
			found++;
			idsum += id;
		}
		if (i == 0)
			tfirst = now_s();
	}
	t2 = now_s();
	result_print("rawbpf", n, found, idsum, t1 - t0, tfirst - t1, t2 - t1, rss0, maxrss_kib());
	btf_free(btf);
	free(data);
	free(names);
	return 0;
}
