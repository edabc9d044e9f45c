/* num: decimal numbers from the command line and from kernel text files,
 * parsed without floating point (the static binary links no strtod or
 * scanf: musl's float parser alone is 6 KiB); and numbers written as text
 * without printf, for the per-event printers (btf/format.c,
 * loader/cli/print_events.c), where snprintf per field was most of the
 * cost of a record.
 *
 * The parsers return 0, or -EINVAL when s is not a number of the form
 * described, or -ERANGE when it is outside [min, max].
 */
#ifndef RAWBPF_NUM_H
#define RAWBPF_NUM_H

#include <stddef.h>
#include <stdint.h>

/* A whole decimal number: digits only, no sign, no spaces. */
int num_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* A decimal number with an optional fraction, "2", "0.5", ".25", "1.",
 * as an integer count of 10^-digits units: num_fixed("1.25", 3, ...) gives
 * 1250. Fraction digits past the digits-th are dropped (rounding toward
 * zero). min and max are in the same units. digits is at most 9. */
int num_fixed(const char *s, unsigned digits, uint64_t min, uint64_t max, uint64_t *out);

/* Writers: v at dst, no terminating NUL; they return the characters
 * written. dst must have room for NUM_U64_MAX characters. */
#define NUM_U64_MAX 20
/* Decimal, as "%llu". */
size_t num_put_u64(char *dst, uint64_t v);
/* Lower-case hex without "0x", as "%llx". */
size_t num_put_hex(char *dst, uint64_t v);

#endif
