/* What the rawbpf command carries inside it, each gzip'd by the Makefile
 * and unpacked by cli_unpack() when it is wanted:
 *   - the built-in example of `rawbpf run` with no FILE:
 *     examples/execsnoop.bpf.c, compiled, so a fresh machine shows live
 *     events with nothing but the binary;
 *   - the help text, loader/cli/usage.txt, as `rawbpf --help` prints it.
 * gzip more than halves both; the inflater is the one that reads
 * /proc/config.gz, so it costs nothing more. */
#include "loader/cli/builtin.h"
#include "common/inflate.h"

#ifndef BUILTIN_GZ
#error "BUILTIN_GZ: the Makefile names the folder of the gzip'd files"
#endif

#define EMBED(sym, file)                                                \
	__asm__(".section .rodata\n"                                    \
		".global " sym "_start\n" sym "_start:\n"               \
		".incbin \"" BUILTIN_GZ file "\"\n"                     \
		".global " sym "_end\n" sym "_end:\n"                   \
		".previous\n")

EMBED("cli_builtin_gz", "execsnoop.builtin.o.gz");
EMBED("cli_usage_gz", "usage.txt.gz");

int cli_unpack(const unsigned char *start, const unsigned char *end,
	       unsigned char **out, size_t *len, char *err, size_t errlen)
{
	/* Both are a few KiB; the cap only bounds a broken build. */
	return infl_gunzip(start, (size_t)(end - start), 1 << 20, out, len, err, errlen);
}
