/* Small helpers shared by the loader's files. */
#ifndef RAWBPF_UTIL_H
#define RAWBPF_UTIL_H

#include <stddef.h>

/* Write a message into err[errlen] and return ret (a negative errno). */
int rb_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Read a whole file into malloc'd memory. */
int rb_read_file(const char *path, unsigned char **buf, size_t *len,
		 char *err, size_t errlen);

/* Grow *arr (of *n elements of size sz) by one zeroed element; NULL on ENOMEM. */
void *rb_push(void *arr_ptr, size_t *n, size_t sz);

#endif
