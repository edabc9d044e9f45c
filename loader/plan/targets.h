/* What a tool's user space computes at run time, given on the command line
 * instead: attach targets (--attach PROG=TARGET), map shapes (--map
 * NAME.FIELD=N) and the sizes a map gets when its object says 0.
 *
 * All of it changes the plan before the load; nothing here calls the kernel.
 */
#ifndef RAWBPF_PLAN_TARGETS_H
#define RAWBPF_PLAN_TARGETS_H

#include <stdio.h>
#include "loader/plan/object.h"

/* Defaults for a map whose object says 0 where the kernel needs a number. */
#define PLAN_DEFAULT_ENTRIES 10240u
#define PLAN_STACK_FRAMES 127u      /* PERF_MAX_STACK_DEPTH: a stack map value is 127 u64 */

/* "PROG=TARGET": the program's target becomes TARGET. A kprobe-type program
 * given PATH:SYMBOL[+OFF] becomes a uprobe (a kretprobe a uretprobe); a bare
 * library name in PATH ("libc") is resolved (plan_lib_path). -ENOENT: no
 * such program; -EINVAL: not PROG=TARGET. */
int plan_set_target(struct rb_object *obj, const char *spec, char *err, size_t errlen);

/* "NAME.FIELD=N", FIELD one of max_entries, value_size, key_size, flags.
 * -ENOENT: no such map; -EINVAL otherwise (globals are set with --set). */
int plan_set_map_shape(struct rb_object *obj, const char *spec, char *err, size_t errlen);

/* Give every map whose object left a size 0 a sensible one (hash/array:
 * PLAN_DEFAULT_ENTRIES entries; stack trace value: PLAN_STACK_FRAMES x 8
 * bytes; perf event array: one per possible CPU, at create), each with a
 * note to notes (may be NULL) saying so and which --map changes it. */
void plan_map_defaults(struct rb_object *obj, FILE *notes);

/* A library named without a directory ("libc", "libc.so.6", "libjvm.so")
 * as a path: ld.so.cache's directories are searched the way the dynamic
 * linker's defaults are (/lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu,
 * /lib64, /usr/lib64, /lib, /usr/lib), for NAME, NAME.so, NAME.so.*, and
 * the same with "lib" in front. A name with a '/' is copied as it is.
 * -ENOENT when none is found. */
int plan_lib_path(const char *name, char *out, size_t len);

/* A USDT program: section "usdt" or "usdt/PATH:PROVIDER:NAME". */
bool plan_is_usdt(const struct plan_prog *p);

/* When p needs a target its section does not name (kprobe, uprobe with no
 * PATH:SYMBOL, fentry/fexit/tp_btf/raw_tp, tracepoint, usdt): the form of
 * the target it wants ("FUNCTION", "PATH:SYMBOL", ...), else NULL. */
const char *plan_missing_target(const struct plan_prog *p);

#endif
