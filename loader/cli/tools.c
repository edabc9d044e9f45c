/* --attach, --map, target-less programs, the not-attached table (tools.h). */
#include "loader/cli/tools.h"
#include "loader/plan/targets.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A program whose section names no target, and that got none: not loaded
 * (an fentry program cannot even load without one), with the option to
 * give it. */
static int skip_targetless(struct rb_object *obj)
{
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct plan_prog *p = &obj->progs[i];
		const char *form = p->skip ? NULL : plan_missing_target(p);
		char why[512];

		if (!form)
			continue;
		snprintf(why, sizeof(why), "section %s names no target: give one with --attach %s=%s",
			 p->fn.sec_name, p->fn.name, form);
		fprintf(stderr, "rawbpf: program %s: not loaded: %s\n", p->fn.name, why);
		p->skip = true;
		free(p->not_loaded);
		if (!(p->not_loaded = strdup(why)))
			return -ENOMEM;
	}
	return 0;
}

int cli_apply_tools(struct cli *c, struct rb_object *obj)
{
	char err[ERR_LEN];
	int ret;

	for (int i = 0; i < c->nattach; i++)
		if ((ret = plan_set_target(obj, c->attach[i], err, sizeof(err))))
			return cli_fail(c, ret == -ENOMEM ? EXIT_INPUT : EXIT_USAGE, err);
	for (int i = 0; i < c->nmapshapes; i++)
		if ((ret = plan_set_map_shape(obj, c->mapshapes[i], err, sizeof(err))))
			return cli_fail(c, EXIT_USAGE, err);
	plan_map_defaults(obj, stderr);
	if (skip_targetless(obj))
		return cli_error(c, EXIT_INPUT, "out of memory");
	return EXIT_OK;
}

static void row(FILE *f, size_t *n, const struct plan_prog *p, const char *what, const char *why)
{
	if ((*n)++ == 0)
		fprintf(f, "rawbpf: not attached:\n  %-24s %-32s %s\n", "PROGRAM", "TARGET", "REASON");
	fprintf(f, "  %-24s %-32s %s%s\n", p->fn.name, p->target && *p->target ? p->target : p->fn.sec_name,
		what, why);
}

size_t cli_print_not_attached(const struct rb_object *obj, const struct run_links *l, FILE *f)
{
	size_t n = 0;

	for (size_t i = 0; i < obj->nprogs; i++)
		if (obj->progs[i].not_loaded)
			row(f, &n, &obj->progs[i], "not loaded: ", obj->progs[i].not_loaded);
	for (size_t i = 0; l && i < l->n; i++)
		if (l->a[i].failed)
			row(f, &n, &obj->progs[l->a[i].prog], "", l->a[i].failed);
	return n;
}
