#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int read_whole_file(const char *path, unsigned char **buf, size_t *len,
		 char *err, size_t errlen)
{
	struct stat st;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return errorf(err, errlen, -errno, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return errorf(err, errlen, -EINVAL, "not a regular file");
	}
	*buf = malloc(st.st_size ? st.st_size : 1);
	if (!*buf) {
		close(fd);
		return errorf(err, errlen, -ENOMEM, "out of memory reading %lld bytes",
			       (long long)st.st_size);
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, st.st_size - got);

		if (r <= 0) {
			int e = r < 0 ? errno : EIO;

			close(fd);
			free(*buf);
			*buf = NULL;
			return errorf(err, errlen, -e, "read failed: %s", strerror(e));
		}
		got += r;
	}
	close(fd);
	*len = got;
	return 0;
}

int map_whole_file(const char *path, struct file_bytes *fb, char *err, size_t errlen)
{
	struct stat st;
	void *m = MAP_FAILED;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	memset(fb, 0, sizeof(*fb));
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (fd >= 0)
		close(fd);
	if (m != MAP_FAILED) {
		fb->data = m;
		fb->map = m;
		fb->len = st.st_size;
		return 0;
	}
	/* Not mappable (a pipe, an older sysfs): read it. */
	ret = read_whole_file(path, &fb->owned, &fb->len, err, errlen);
	fb->data = fb->owned;
	return ret;
}

void unmap_whole_file(struct file_bytes *fb)
{
	if (fb->map)
		munmap(fb->map, fb->len);
	free(fb->owned);
	memset(fb, 0, sizeof(*fb));
}

void *array_push(void *arr_ptr, size_t *n, size_t sz)
{
	void **arr = arr_ptr;
	char *p = realloc(*arr, (*n + 1) * sz);

	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * sz, 0, sz);
	return p + (*n)++ * sz;
}
