/* The one way rawbpf reports an error, in every folder.
 *
 * A function that can fail returns 0 or a negative errno, and writes what went
 * wrong into a buffer its caller owns (err, errlen). The message names the
 * place (file, section, offset, program, map) and what was expected; the caller
 * may prefix it with its own context ("maps: ", "program X: ") and pass it up. */
#ifndef RAWBPF_COMMON_ERR_H
#define RAWBPF_COMMON_ERR_H

#include <stddef.h>

/* The size of an error buffer big enough for any message rawbpf writes. */
#define ERR_LEN 512

/* Format a message into err[errlen] (when err is not NULL) and return ret, so
 * a failure reads `return errorf(err, errlen, -EINVAL, "...", ...);`. */
int errorf(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
