/* Steps shared by the load and run commands (in cmd_run.c, the main job). */
#ifndef RAWBPF_CMD_H
#define RAWBPF_CMD_H

#include "loader/cli/cli.h"
#include "loader/plan/object.h"
#include "bpf/sys.h"

/* Read and plan c->file (exit status on error, message printed). */
int cli_open(struct cli *c, struct rb_object **out);
/* Apply --set (cmd_pid for @pid, 0 if none), --only and --skip. */
int cli_prepare(struct cli *c, struct rb_object *obj, int cmd_pid);
/* The load stages; on refusal prints the verifier log and returns 3. */
int cli_load(struct cli *c, struct rb_object *obj, struct sys *s);

#endif
