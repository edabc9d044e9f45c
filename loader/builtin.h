#ifndef RAWBPF_BUILTIN_H
#define RAWBPF_BUILTIN_H

/* The embedded execsnoop object: rb_builtin_start up to rb_builtin_end. */
extern const unsigned char rb_builtin_start[], rb_builtin_end[];
#define RB_BUILTIN_NAME "execsnoop.bpf.o (built in)"

#endif
