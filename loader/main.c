/* rawbpf — the command line. Placeholder until loader/cli lands. */
#include <stdio.h>
int main(void)
{
	puts("rawbpf " RAWBPF_VERSION);
	return 0;
}
