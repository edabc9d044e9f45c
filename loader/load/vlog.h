/* The logs the kernel writes for BPF_PROG_LOAD and BPF_BTF_LOAD: how big a
 * buffer to ask for, and what to show of a log that did not fit or whose
 * reason is at its end. No syscalls here: load.c makes them. */
#ifndef RAWBPF_LOAD_VLOG_H
#define RAWBPF_LOAD_VLOG_H

#include <stddef.h>
#include <stdint.h>

/* The kernel refuses a log buffer it thinks too big with EINVAL (and an
 * empty log). kernel/bpf/log.c (bpf_verifier_log_attr_valid, 5.2 and later):
 * at most UINT_MAX >> 2 bytes; before 5.2 (kernel/bpf/verifier.c,
 * bpf_check) at most UINT_MAX >> 8 bytes, 16 MiB - 1. The first request fits
 * every kernel; only a retry asks for more. */
#define LOAD_LOG_FIRST ((uint32_t)(UINT32_MAX >> 8))
#define LOAD_LOG_MAX   ((uint32_t)(UINT32_MAX >> 2))
/* Of a log that did not fit, this much of its end is kept to show. */
#define LOAD_LOG_TAIL  (64u << 10)

/* After -ENOSPC with a buffer of size bytes: the size to ask for next, or 0
 * when no bigger request can help. true_size is what the kernel said the
 * whole log needs (log_true_size, 6.4 and later; 0 before). Never more than
 * LOAD_LOG_MAX. */
uint32_t load_log_next_size(uint32_t size, uint32_t true_size);

/* A log that did not fit in size bytes, for people: a first line saying it
 * was cut and what is missing, then its last LOAD_LOG_TAIL bytes at most
 * (from a line start). true_size as above (0: the kernel did not say; before
 * 6.4 it keeps the start of its log, so the end is missing). malloc'd; NULL
 * when out of memory. */
char *load_log_cut(const char *log, uint32_t size, uint32_t true_size);

/* The last n non-empty lines of log, joined by "; ", into out[len] (always
 * NUL-terminated; "" for an empty log). The kernel writes the reason for a
 * refusal last; its BTF log starts with the header it read ("magic: 0xeb9f"). */
void load_log_last_lines(const char *log, int n, char *out, size_t len);

#endif
