#ifndef RAWBPF_BUILTIN_H
#define RAWBPF_BUILTIN_H

#include <stddef.h>

/* The embedded gzip files (loader/cli/builtin.c), each from _start up to
 * _end: the execsnoop object and the help text. */
extern const unsigned char cli_builtin_gz_start[], cli_builtin_gz_end[];
extern const unsigned char cli_usage_gz_start[], cli_usage_gz_end[];
#define CLI_BUILTIN_NAME "execsnoop.bpf.o (built in)"

/* Unpack one of them into *out (malloc'd, *len bytes and a NUL after them);
 * 0, or a negative errno with a message in err[errlen]. */
int cli_unpack(const unsigned char *start, const unsigned char *end,
	       unsigned char **out, size_t *len, char *err, size_t errlen);

#endif
