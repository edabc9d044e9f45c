/* usdt_hotspot — the probes a JVM's libjvm.so has for garbage collection
 * (provider hotspot: gc__begin, gc__end, mem__pool__gc__begin,
 * mem__pool__gc__end), for running libbpf-tools' javagc object against a
 * <sys/sdt.h> program in tests/kernel/run_usdt.sh and libbpf_tools_run.sh.
 *
 * Usage: usdt_hotspot [N [MS]]   N collections (default 20), MS
 * milliseconds apart (default 50), each lasting about 1 ms.
 */
#include <stdlib.h>
#include <sys/sdt.h>
#include <time.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20;
	long ms = argc > 2 ? atol(argv[2]) : 50;

	for (int i = 0; i < n; i++) {
		DTRACE_PROBE1(hotspot, gc__begin, i);
		DTRACE_PROBE2(hotspot, mem__pool__gc__begin, "heap", i);
		sleep_ms(1);
		DTRACE_PROBE2(hotspot, mem__pool__gc__end, "heap", i);
		DTRACE_PROBE1(hotspot, gc__end, i);
		sleep_ms(ms);
	}
	return 0;
}
