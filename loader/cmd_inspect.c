/* `rawbpf inspect` and `rawbpf disasm`: the plan, without the kernel. */
#include "loader/cli.h"
#include "loader/disasm.h"
#include "loader/inspect.h"

#include <errno.h>

int cmd_inspect(struct cli *c)
{
	struct rb_object *obj;
	char err[RB_ERRLEN];

	if (rb_object_open(&obj, c->file, err, sizeof(err)))
		return cli_error(c, EXIT_INPUT, "%s", err);
	rb_inspect(obj, c->json, stdout);
	rb_object_free(obj);
	return EXIT_OK;
}

int cmd_disasm(struct cli *c)
{
	struct rb_object *obj;
	char err[RB_ERRLEN];
	int ret;

	if (rb_object_open(&obj, c->file, err, sizeof(err)))
		return cli_error(c, EXIT_INPUT, "%s", err);
	ret = rb_disasm(obj, c->prog, c->btf, stdout, err, sizeof(err));
	rb_object_free(obj);
	if (ret == -ENOENT && c->prog)
		return cli_error(c, EXIT_USAGE, "%s", err);
	if (ret)
		return cli_error(c, EXIT_INPUT, "%s", err);
	return EXIT_OK;
}
