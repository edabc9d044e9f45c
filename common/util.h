/* Small helpers every folder may use: reading a file, growing an array.
 * Errors through common/err.h. */
#ifndef RAWBPF_UTIL_H
#define RAWBPF_UTIL_H

#include <stddef.h>
#include "common/err.h"

/* Read a whole file into malloc'd memory. */
int read_whole_file(const char *path, unsigned char **buf, size_t *len,
		 char *err, size_t errlen);

/* Grow *arr (of *n elements of size sz) by one zeroed element; NULL on ENOMEM. */
void *array_push(void *arr_ptr, size_t *n, size_t sz);

#endif
