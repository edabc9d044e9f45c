/* Printing values by their BTF type, prepared once per type and size (see
 * btf/format.c): a reader printing a stream of events of one type walks the
 * type once, not once per event. btf_format() (btf/btf.h) is the one-shot
 * form of the same. */
#ifndef RAWBPF_BTF_FORMAT_H
#define RAWBPF_BTF_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "btf/btf.h"

struct btf_fmt;

/* The plan for printing a value of type id that is size bytes long (fields
 * past size print as "?" / null). btf must outlive it. 0, -EINVAL (no such
 * type) or -ENOMEM. */
int btf_fmt_prepare(const struct btf *btf, uint32_t id, size_t size, bool json,
		    struct btf_fmt **out);
/* Print data (the size bytes the plan was prepared for) into buf[len]:
 * exactly what btf_format() prints, with its return value. */
int btf_fmt_run(const struct btf_fmt *f, const void *data, char *buf, size_t len);
/* The room (len) with which btf_fmt_run never truncates and takes its
 * fast path: the longest text the plan can print, and a few bytes more. */
size_t btf_fmt_max(const struct btf_fmt *f);
/* The value size the plan was prepared for. */
size_t btf_fmt_size(const struct btf_fmt *f);
void btf_fmt_free(struct btf_fmt *f);

#endif
