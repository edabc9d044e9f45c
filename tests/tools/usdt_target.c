/* usdt_target — a program with USDT probes, for tests/unit/test_usdt.c.
 *
 * Its probes cover the argument forms the note parser reads: constants
 * ($N), registers of several widths, memory (DISP(%REG)), signed and
 * unsigned sizes. usdt_target_sema.c adds one probe with a semaphore
 * (sys/sdt.h decides per file, at include time, whether probes have one).
 * The test compares what elf_usdt_notes() finds with `readelf -n`.
 *
 * Usage: usdt_target [N]   fires every probe N times (default 1).
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/sdt.h>

long usdt_target_sema(long a);

/* volatile locals live in memory, so their arguments read as DISP(%REG). */
__attribute__((noinline)) static long fire(long a, int b, short c, char d)
{
	volatile int64_t mem = a * 3;
	volatile int32_t neg = -b;

	DTRACE_PROBE(rawbpf_test, no_args);
	DTRACE_PROBE2(rawbpf_test, constants, 5, -7);
	DTRACE_PROBE4(rawbpf_test, registers, a, b, c, d);
	DTRACE_PROBE2(rawbpf_test, memory, mem, neg);
	DTRACE_PROBE3(rawbpf_test, unsigned_args, (uint64_t)a, (uint32_t)b, (uint8_t)d);
	return mem + neg + usdt_target_sema(a);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	long sum = 0;

	for (int i = 0; i < n; i++)
		sum += fire(argc + i, argc * 2, (short)-argc, (char)argc);
	return sum == 12345;
}
