/* Printing the global variables the programs write: those of .bss, .data
 * and .data.* (not .rodata*, which the programs only read, nor .kconfig),
 * each by name with its BTF type, read back from its section's map (one
 * BPF_MAP_LOOKUP_ELEM of key 0 per section), after the maps: at exit and
 * every --interval.
 *
 * Text:
 *   @total (.data, __u64): 42                   a scalar or a struct: a line
 *   @counts (.bss, __u64[10], 2 non-zero):      an array: a line per element
 *   @counts[1]: 20                              that is not all zero
 *   @counts[3]: 7
 *   @hists (.bss, struct hist[10], 1 non-zero): an array of structs holding
 *   @hists[3]:                                  a histogram (print_hist.h):
 *        value ... distribution                 one under each index
 *   @hist (.bss, __u32[26]):                    a counter array named like a
 *        value ... distribution                 histogram: one histogram
 *
 * JSON, one object a line beside the maps' {"map":...} objects:
 *   {"global":"total","section":".data","type":"__u64","value":42}
 *   {"global":"counts","section":".bss","type":"__u64[10]",
 *    "entries":[{"key":1,"value":20},{"key":3,"value":7}]}
 * with "hist":[...] (print_hist.h) after a value that holds one in use.
 *
 * Which: by default every one that is not all zero, and a note to notes
 * (may be NULL) names the all-zero ones. sel ("NAME,...", --maps) picks
 * variables by name, or all of a section by its name (.bss); those print
 * even when zero. */
#ifndef RAWBPF_PRINT_GLOBALS_H
#define RAWBPF_PRINT_GLOBALS_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "bpf/sys.h"

void cli_print_globals(const struct rb_object *obj, struct sys *s, bool json, FILE *out, const char *sel,
		       FILE *notes);
/* One variable whose bytes are val (v->size of them), as above; sec names
 * its section. */
void cli_print_global(const struct rb_object *obj, const struct plan_var *v, const char *sec,
		      const uint8_t *val, bool json, FILE *out);

#endif
