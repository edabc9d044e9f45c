#include "loader/cli.h"
int cmd_run(struct cli *c) { return cli_error(c, EXIT_USAGE, "run: not built yet"); }
