#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
