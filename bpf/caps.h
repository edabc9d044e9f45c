/* Capabilities, and why a privileged operation was refused.
 *
 * Tracing programs (kprobe, tracepoint, perf_event, raw_tp, tracing, lsm,
 * struct_ops, ext) load only with CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN
 * (kernel/bpf/syscall.c, bpf_prog_load()); perf_event_open wants
 * CAP_PERFMON below kernel.perf_event_paranoid. A process that has them and
 * is still refused (EPERM, EACCES) is told the other reasons instead: kernel
 * lockdown, perf_event_paranoid, a target the kernel does not let be traced,
 * no BPF trampoline.
 */
#ifndef RAWBPF_CAPS_H
#define RAWBPF_CAPS_H

#include <stdbool.h>
#include <stddef.h>

/* Does this process have CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN, in its
 * effective set (capget(2))? false when capget fails. */
bool sys_tracing_caps(void);

/* The reason to give for a refused tracing program or perf event, into
 * buf[len] (returned). privileged: sys_tracing_caps(). lockdown: the text of
 * /sys/kernel/security/lockdown ("none [integrity] confidentiality"), NULL
 * if unknown; paranoid: kernel.perf_event_paranoid, or NULL. Pure: tests
 * call it with made-up values. */
const char *sys_eperm_why(bool privileged, const char *lockdown, const char *paranoid,
			  char *buf, size_t len);

/* The same for this process and this kernel. */
const char *sys_eperm_hint(char *buf, size_t len);

#endif
