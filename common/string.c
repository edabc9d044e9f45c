/* strstr() for the static binary only (`make static` links this object
 * before musl's libc.a): musl's is the two-way algorithm, 1.3 KiB, linear
 * in the worst case; rawbpf looks for short needles in names and in
 * verifier logs, where the simple search below is as good. The glibc build
 * does not link this file. */
#include <string.h>

char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);

	for (;; h++) {
		if (!strncmp(h, n, len))
			return (char *)h;
		if (!*h)
			return NULL;
	}
}
