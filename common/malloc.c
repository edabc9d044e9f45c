/* malloc(), free(), calloc(), realloc() for the static binary only (`make
 * static` links this object before musl's libc.a, which supports replacing
 * its allocator: musl's own then stays out, 8.5 KiB). The glibc build does
 * not link this file.
 *
 * Blocks up to 128 KiB come in power-of-two sizes (32 bytes to 128 KiB, a
 * 16-byte header included) carved from 1 MiB mappings, and a freed block
 * goes on its size's list for the next malloc of that size; nothing is given
 * back to the kernel. A larger block is a mapping of its own, unmapped by
 * free() and grown by realloc() with mremap() (no copy). One spin lock
 * guards the lists: rawbpf starts no threads, a program linking
 * librawbpf.a links libc's allocator, not this one.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#define HDR 16                  /* the header: the size class, or the mapping's length */
#define MIN_SHIFT 5
#define MAX_SHIFT 17
#define ARENA ((size_t)1 << 20)

static void *free_list[MAX_SHIFT + 1];
static char *arena_pos, *arena_end;
static char lock;

static void take(void)
{
	while (__atomic_test_and_set(&lock, __ATOMIC_ACQUIRE))
		;
}

static void give(void)
{
	__atomic_clear(&lock, __ATOMIC_RELEASE);
}

static void *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* A block of 1 << s bytes, header included; NULL when memory is out. */
static size_t *small_block(unsigned s)
{
	size_t *h, len = (size_t)1 << s;

	take();
	h = free_list[s];
	if (h) {
		free_list[s] = *(void **)(h + 2);
	} else {
		if ((size_t)(arena_end - arena_pos) < len) {
			char *a = map(ARENA);

			if (a) {
				arena_pos = a;
				arena_end = a + ARENA;
			}
		}
		if ((size_t)(arena_end - arena_pos) >= len) {
			h = (size_t *)arena_pos;
			arena_pos += len;
		}
	}
	give();
	return h;
}

void *malloc(size_t n)
{
	size_t *h;
	unsigned s = MIN_SHIFT;

	if (n > ((size_t)1 << MAX_SHIFT) - HDR) {
		size_t len = (n + HDR + 4095) & ~(size_t)4095;

		h = len > n ? map(len) : NULL;
		s = 0;
		if (h)
			h[0] = len;
	} else {
		while (((size_t)1 << s) - HDR < n)
			s++;
		h = small_block(s);
		if (h)
			h[0] = s;
	}
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	return h + 2;
}

void free(void *p)
{
	size_t *h;

	if (!p)
		return;
	h = (size_t *)p - 2;
	if (h[0] > MAX_SHIFT) {
		munmap(h, h[0]);
		return;
	}
	take();
	*(void **)p = free_list[h[0]];
	free_list[h[0]] = h;
	give();
}

void *calloc(size_t m, size_t n)
{
	size_t len;
	void *p;

	if (__builtin_mul_overflow(m, n, &len)) {
		errno = ENOMEM;
		return NULL;
	}
	p = malloc(len);
	if (p && ((size_t *)p)[-2] <= MAX_SHIFT)
		memset(p, 0, len);      /* a new mapping is zeros already */
	return p;
}

void *realloc(void *p, size_t n)
{
	size_t *h, have, len;
	void *q;

	if (!p)
		return malloc(n);
	h = (size_t *)p - 2;
	have = h[0] > MAX_SHIFT ? h[0] - HDR : ((size_t)1 << h[0]) - HDR;
	if (n <= have && (h[0] <= MAX_SHIFT || n > have / 2))
		return p;
	len = (n + HDR + 4095) & ~(size_t)4095;
	if (h[0] > MAX_SHIFT && n > ((size_t)1 << MAX_SHIFT) - HDR && len > n) {
		h = mremap(h, h[0], len, MREMAP_MAYMOVE);
		if (h == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		h[0] = len;
		return h + 2;
	}
	q = malloc(n);
	if (q) {
		memcpy(q, p, n < have ? n : have);
		free(p);
	}
	return q;
}
