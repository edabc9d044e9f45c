/* `rawbpf inspect` and `rawbpf disasm`: the plan, without the kernel. */
#include "loader/cli/cli.h"
#include "loader/cli/cmd.h"
#include "loader/cli/print_disasm.h"
#include "loader/cli/print_plan.h"
#include "loader/load/kbtf.h"

#include <errno.h>

int cmd_inspect(struct cli *c)
{
	struct rb_object *obj;
	int ret;

	if ((ret = cli_open(c, &obj)))
		return ret;
	cli_inspect(obj, c->json, stdout);
	plan_free(obj);
	return EXIT_OK;
}

int cmd_disasm(struct cli *c)
{
	struct rb_object *obj;
	char err[ERR_LEN];
	int ret;

	if ((ret = cli_open(c, &obj)))
		return ret;
	ret = cli_disasm(obj, c->prog, c->btf, stdout, err, sizeof(err));
	load_kernel_btf_free(obj);  /* --btf: read for CO-RE */
	plan_free(obj);
	if (ret == -ENOENT && c->prog)
		return cli_fail(c, EXIT_USAGE, err);
	if (ret)
		return cli_fail(c, EXIT_INPUT, err);
	return EXIT_OK;
}
