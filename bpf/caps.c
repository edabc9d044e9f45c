/* Capabilities through capget(2) (include/uapi/linux/capability.h, version
 * 3: two 32-bit words per set), and the reasons for a refusal. */
#include "bpf/caps.h"
#include "bpf/sys.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#ifndef CAP_PERFMON
#define CAP_PERFMON 38          /* 5.8 */
#endif
#ifndef CAP_BPF
#define CAP_BPF 39              /* 5.8 */
#endif

bool sys_tracing_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct d[2];
	uint64_t eff;

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	eff = (uint64_t)d[1].effective << 32 | d[0].effective;
#define HAS(cap) ((eff >> (cap)) & 1)
	return HAS(CAP_SYS_ADMIN) || (HAS(CAP_BPF) && HAS(CAP_PERFMON));
#undef HAS
}

/* The selected mode of "none [integrity] confidentiality". */
static bool locked_down(const char *lockdown, char *mode, size_t len)
{
	const char *open = lockdown ? strchr(lockdown, '[') : NULL;
	size_t n = open ? strcspn(open + 1, "]") : 0;

	if (!open || n == 0 || n >= len || !strncmp(open + 1, "none", n))
		return false;
	memcpy(mode, open + 1, n);
	mode[n] = '\0';
	return true;
}

const char *sys_eperm_why(bool privileged, const char *lockdown, const char *paranoid,
			  char *buf, size_t len)
{
	char mode[32];
	int level = paranoid ? atoi(paranoid) : -1;

	if (!privileged) {
		snprintf(buf, len, "tracing programs need CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN): "
			 "run as root or grant them (setcap cap_bpf,cap_perfmon+ep)");
		return buf;
	}
	if (locked_down(lockdown, mode, sizeof(mode))) {
		snprintf(buf, len, "the capabilities are there; the kernel is locked down (%s, "
			 "/sys/kernel/security/lockdown) and refuses this to everyone: boot without "
			 "lockdown (Secure Boot turns it on in some distributions)", mode);
		return buf;
	}
	snprintf(buf, len, "the capabilities are there, so they are not the reason: the target may "
		 "not be traceable (notrace, blacklisted), fentry/fexit/lsm may lack a BPF trampoline "
		 "here, an LSM (SELinux, AppArmor) may deny it%s; see which call failed with "
		 "--explain, try another attach point",
		 level > 2 ? ", or kernel.perf_event_paranoid above 2 refuses even CAP_PERFMON "
			     "(a distribution patch: sysctl kernel.perf_event_paranoid=2)" : "");
	return buf;
}

const char *sys_eperm_hint(char *buf, size_t len)
{
	char lockdown[128], paranoid[16], err[128];
	bool have_lockdown = !sys_read_text("/sys/kernel/security/lockdown", lockdown,
					    sizeof(lockdown), err, sizeof(err));
	bool have_paranoid = !sys_read_text("/proc/sys/kernel/perf_event_paranoid", paranoid,
					    sizeof(paranoid), err, sizeof(err));

	return sys_eperm_why(sys_tracing_caps(), have_lockdown ? lockdown : NULL,
			     have_paranoid ? paranoid : NULL, buf, len);
}
