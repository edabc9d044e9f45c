/* What a tool's user space would do, from the command line: --attach,
 * --map, the sizes of maps left 0, programs that have no target, and the
 * table of what did not load or attach (--keep-going). */
#ifndef RAWBPF_CLI_TOOLS_H
#define RAWBPF_CLI_TOOLS_H

#include <stdio.h>
#include "loader/cli/cli.h"
#include "loader/plan/object.h"
#include "loader/run/attach.h"

/* --attach and --map into the plan, then defaults for maps sized 0 (a note
 * each), then every program that still has no target is skipped, with a
 * note that shows the --attach it needs. Exit status. */
int cli_apply_tools(struct cli *c, struct rb_object *obj);

/* The programs that were not loaded (no target; refused under --keep-going)
 * or did not attach (--keep-going), as a table on f: PROGRAM, TARGET,
 * REASON. Returns how many rows (nothing printed when 0). */
size_t cli_print_not_attached(const struct rb_object *obj, const struct run_links *l, FILE *f);

#endif
