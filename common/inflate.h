/* common/ — small pieces more than one stage may need, with no knowledge of
 * BPF, ELF or the kernel.
 *
 * inflate: a DEFLATE decoder (RFC 1951) and the gzip file format around it
 * (RFC 1952), so that the static binary reads /proc/config.gz without zlib.
 *
 * The input is untrusted: every bit is read through one bounds-checked
 * reader, every back-reference is checked against what was written, Huffman
 * codes are checked for over-subscription, and the output is capped by the
 * caller. The whole output is kept in memory, so the 32 KiB window of the
 * format is the output buffer itself.
 *
 * Errors: 0 or a negative errno: -EINVAL for input that is not a valid
 * stream (with the input byte offset where decoding stopped), -EFBIG when the
 * output would pass max bytes, -ENOMEM. A message goes into err[errlen].
 */
#ifndef RAWBPF_INFLATE_H
#define RAWBPF_INFLATE_H

#include <stddef.h>

/* Decompress a gzip file: src[len] is one or more gzip members back to back
 * (RFC 1952 section 2.2), each checked against its CRC-32 and length. On
 * success *out is a malloc'd buffer of *outlen bytes followed by one NUL byte
 * (so text can be used as a string), owned by the caller; on error *out is
 * NULL. */
int infl_gunzip(const void *src, size_t len, size_t max,
		unsigned char **out, size_t *outlen, char *err, size_t errlen);

/* Decompress one raw DEFLATE stream (no gzip or zlib wrapper) starting at
 * src; *used gets the number of input bytes it spans (the last byte counted
 * whole). Output as for infl_gunzip. */
int infl_raw(const void *src, size_t len, size_t max,
	     unsigned char **out, size_t *outlen, size_t *used, char *err, size_t errlen);

#endif
