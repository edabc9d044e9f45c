/* Test helper: every BPF object the project builds, plus tests/data objects. */
#ifndef RAWBPF_TEST_OBJECTS_H
#define RAWBPF_TEST_OBJECTS_H

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills g with the objects; returns how many. Free with globfree(). */
static inline size_t test_objects(glob_t *g)
{
	const char *o = getenv("O") ? getenv("O") : "build";
	char pat[256];
	int flags = 0;

	memset(g, 0, sizeof(*g));
	snprintf(pat, sizeof(pat), "%s/examples/*.bpf.o", o);
	glob(pat, flags, NULL, g);
	flags = GLOB_APPEND;
	snprintf(pat, sizeof(pat), "%s/tests/bpf/*.bpf.o", o);
	glob(pat, flags, NULL, g);
	glob("tests/data/*.o", flags, NULL, g);
	return g->gl_pathc;
}

/* The whole file in malloc'd memory, or NULL. */
static inline void *test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? n : 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = n;
	}
	fclose(f);
	return buf;
}

#endif
