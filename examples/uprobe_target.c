/*
 * uprobe_target — a small program for examples/uprobe.bpf.c to probe.
 *
 * Usage: uprobe_target [COUNT [A [B]]]   (defaults: 5 2 3)
 * Calls rawbpf_target_add(A, B) COUNT times and prints the last result.
 *
 * The function must stay a real, separately callable function with its own
 * symbol, or there is nothing to put a uprobe on. The Makefile builds this
 * file with -O1; `noinline` keeps calls as calls, and GCC's `noipa` also
 * stops specialised clones (`.constprop`, `.isra`) that callers would jump
 * to instead of the probed symbol. clang has no such cloning at -O1.
 */
#include <stdio.h>
#include <stdlib.h>

#if defined(__GNUC__) && !defined(__clang__)
#define PROBED __attribute__((noinline, noipa))
#else
#define PROBED __attribute__((noinline))
#endif

PROBED int rawbpf_target_add(int a, int b)
{
	return a + b;
}

int main(int argc, char **argv)
{
	int count = argc > 1 ? atoi(argv[1]) : 5;
	int a = argc > 2 ? atoi(argv[2]) : 2;
	int b = argc > 3 ? atoi(argv[3]) : 3;
	int r = 0;

	for (int i = 0; i < count; i++)
		r = rawbpf_target_add(a, b);
	printf("rawbpf_target_add(%d, %d) = %d, called %d times\n", a, b, r, count);
	return 0;
}
