/* The probe of usdt_target with a semaphore: a 2-byte counter in section
 * .probes that a tracer increments to enable it (see usdt_target.c). */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short rawbpf_test_with_sema_semaphore __attribute__((section(".probes"), used));

__attribute__((noinline)) long usdt_target_sema(long a)
{
	if (rawbpf_test_with_sema_semaphore)
		STAP_PROBE1(rawbpf_test, with_sema, a);
	return 0;
}
