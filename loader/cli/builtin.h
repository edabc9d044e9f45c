#ifndef RAWBPF_BUILTIN_H
#define RAWBPF_BUILTIN_H

/* The embedded execsnoop object: cli_builtin_start up to cli_builtin_end. */
extern const unsigned char cli_builtin_start[], cli_builtin_end[];
#define CLI_BUILTIN_NAME "execsnoop.bpf.o (built in)"

#endif
