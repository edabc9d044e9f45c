/* Sizing and trimming the kernel's load logs (see vlog.h). */
#include "loader/load/vlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t load_log_next_size(uint32_t size, uint32_t true_size)
{
	uint64_t next;

	if (size >= LOAD_LOG_MAX)
		return 0;
	/* 6.4+ says how much it needs; older kernels get one try at the most
	 * they take. */
	next = true_size > size ? true_size : LOAD_LOG_MAX;
	return next > LOAD_LOG_MAX ? LOAD_LOG_MAX : (uint32_t)next;
}

char *load_log_cut(const char *log, uint32_t size, uint32_t true_size)
{
	size_t len = strnlen(log, size), from = 0, hlen;
	char head[400], *out;

	if (len > LOAD_LOG_TAIL) {
		size_t start = len - LOAD_LOG_TAIL;

		/* From the next line start, unless the tail is one long line. */
		for (from = start; from < len && log[from - 1] != '\n'; from++)
			;
		if (from == len)
			from = start;
	}
	if (true_size)
		snprintf(head, sizeof(head),
			 "[verifier log cut: it is %u bytes, %u fit (the kernel takes at most %u); "
			 "the last %zu bytes follow]\n", true_size, size, LOAD_LOG_MAX, len - from);
	else
		snprintf(head, sizeof(head),
			 "[verifier log cut: it is longer than the %u bytes asked for, and this kernel "
			 "(before 6.4) keeps the start of a log that does not fit, so the reason at its "
			 "end is missing; the last %zu bytes kept follow]\n", size, len - from);
	hlen = strlen(head);
	out = malloc(hlen + len - from + 1);
	if (!out)
		return NULL;
	memcpy(out, head, hlen);
	memcpy(out + hlen, log + from, len - from);
	out[hlen + len - from] = '\0';
	return out;
}

void load_log_last_lines(const char *log, int n, char *out, size_t len)
{
	const char *end = log + strlen(log), *starts[8], *ends[8];
	int got = 0;
	size_t k = 0;

	if (n > 8)
		n = 8;
	/* Walk back over the lines, skipping empty ones. */
	while (got < n && end > log) {
		const char *e = end, *s;

		while (e > log && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == log)
			break;
		for (s = e; s > log && s[-1] != '\n'; s--)
			;
		starts[got] = s;
		ends[got++] = e;
		end = s;
	}
	if (len)
		out[0] = '\0';
	/* Oldest first; every piece clipped to what is left of out. */
	while (got-- > 0 && k + 1 < len) {
		size_t piece = (size_t)(ends[got] - starts[got]), sep = k ? 2 : 0;

		if (sep) {
			if (k + sep + 1 >= len)
				break;
			memcpy(out + k, "; ", sep);
			k += sep;
		}
		if (piece > len - k - 1)
			piece = len - k - 1;
		memcpy(out + k, starts[got], piece);
		k += piece;
		out[k] = '\0';
	}
}
