/* Histograms as the BCC / libbpf-tools print them, and how to find one in a
 * map value by its BTF type.
 *
 * A log2 histogram is an array of counters where slot i counts values in
 * [2^i, 2^(i+1)), slot 0 also counting 0: the rows read "0 -> 1", "2 -> 3",
 * "4 -> 7" ... up to the last slot that is not zero. A linear histogram
 * counts values in [base + i*step, base + (i+1)*step) and prints the start of
 * each non-zero slot. The bars are '*', 40 wide (20 when a log2 histogram has
 * more than 33 slots in use), the longest bar for the largest count.
 *
 * JSON keeps the numbers, one object per row the text prints:
 *   [{"from":4,"to":7,"count":30},...]
 * An all-zero histogram prints nothing as text and [] as JSON.
 */
#ifndef RAWBPF_CLI_PRINT_HIST_H
#define RAWBPF_CLI_PRINT_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct btf;

/* unit names the values ("usecs", "nsecs", "kbytes"); n slots (at most 64
 * are read for a log2 histogram: slot 63 ends at 2^64 - 1). */
void cli_print_log2_hist(FILE *f, const uint64_t *vals, size_t n, const char *unit);
void cli_print_linear_hist(FILE *f, const uint64_t *vals, size_t n,
			   uint64_t base, uint64_t step, const char *unit);
void cli_json_log2_hist(FILE *f, const uint64_t *vals, size_t n);
void cli_json_linear_hist(FILE *f, const uint64_t *vals, size_t n,
			  uint64_t base, uint64_t step);

/* Where a histogram lies in a value of some BTF type. */
struct cli_hist_field {
	const char *name;     /* the member's name; "" for a bare array */
	uint32_t offset;      /* bytes from the start of the value */
	uint32_t count;       /* slots */
	uint32_t elem_size;   /* 4 or 8: __u32 or __u64 counters */
};

/* Does type_id (typedefs and modifiers skipped) hold a histogram? Either a
 * struct with a member that is an array of unsigned 4- or 8-byte integers
 * named like one (slots, hist, hists, histogram, buckets, dist, or ending in
 * _slots / _hist), as libbpf-tools' `struct hist { __u32 slots[N]; }`; or such
 * an array itself (funclatency's global `__u32 hist[N]`). The first such
 * member wins. 0 and *field filled; -ENOENT when there is none. */
int cli_hist_field(const struct btf *btf, uint32_t type_id, struct cli_hist_field *field);

/* Is s a histogram's name: slots, hist, hists, histogram, buckets, dist, or
 * ending in _slots / _hist? */
bool cli_hist_name(const char *s);

/* Is the histogram of field, in the map or variable named owner, linear?
 * When owner or the field says so ("lin" in the name): libbpf-tools name
 * their log2 ones hist, hists or slots. */
bool cli_hist_linear(const char *owner, const struct cli_hist_field *field);

/* The counters of field from a value of size bytes into out[field->count]:
 * -EINVAL when the field does not fit in size. */
int cli_hist_read(const struct cli_hist_field *field, const void *value, size_t size,
		  uint64_t *out);

/* Does field, in a value of size bytes, count anything? An empty histogram
 * (a tool run in a mode that fills the value's other fields) prints as a
 * plain value instead. */
bool cli_hist_used(const struct cli_hist_field *field, const uint8_t *value, size_t size);

/* The histogram of field in value: log2, or linear (base 0, step 1), as text
 * or as JSON ("[]" when it does not fit in size). */
void cli_put_hist(FILE *out, const struct cli_hist_field *field, bool linear,
		  const uint8_t *value, size_t size, bool json);

#endif
