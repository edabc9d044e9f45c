/* `rawbpf load`: the plan, then the load stages; print what the kernel now
 * holds, and release it (unless pinned). */
#include "loader/cli/cli.h"
#include "loader/cli/cmd.h"
#include "loader/cli/json.h"
#include "loader/cli/tools.h"
#include "loader/load/load.h"
#include "loader/plan/set.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int cli_open(struct cli *c, struct rb_object **out)
{
	char err[ERR_LEN];
	struct rb_object *obj;

	if (plan_open(&obj, c->file, err, sizeof(err)))
		return cli_error(c, EXIT_INPUT, "%s", err);
	*out = obj;
	return EXIT_OK;
}

int cli_prepare(struct cli *c, struct rb_object *obj, int cmd_pid)
{
	char err[ERR_LEN], pid[16];

	for (int i = 0; i < c->nsets; i++) {
		char *eq = strchr(c->sets[i], '=');
		const char *val = eq + 1;
		int ret;

		*eq = '\0';
		if (!strcmp(val, "@pid")) {
			if (cmd_pid <= 0) {
				*eq = '=';
				return cli_error(c, EXIT_USAGE, "--set %s: @pid needs '-- COMMAND' to give a pid",
						 c->sets[i]);
			}
			snprintf(pid, sizeof(pid), "%d", cmd_pid);
			val = pid;
		}
		ret = plan_set_global(obj, c->sets[i], val, err, sizeof(err));
		*eq = '=';
		if (ret)
			return cli_error(c, EXIT_USAGE, "%s", err);
	}
	for (int i = 0; i < c->nonly + c->nskip; i++) {
		const char *name = i < c->nonly ? c->only[i] : c->skip[i - c->nonly];
		bool found = false;

		for (size_t k = 0; k < obj->nprogs; k++)
			found |= !strcmp(obj->progs[k].fn.name, name);
		if (!found)
			return cli_error(c, EXIT_USAGE, "--%s %s: the object has no program of that name",
					 i < c->nonly ? "only" : "skip", name);
	}
	for (size_t k = 0; k < obj->nprogs; k++) {
		struct plan_prog *p = &obj->progs[k];
		bool listed = false;

		for (int i = 0; i < c->nonly; i++)
			listed |= !strcmp(p->fn.name, c->only[i]);
		p->skip = c->nonly && !listed;
		for (int i = 0; i < c->nskip; i++)
			p->skip |= !strcmp(p->fn.name, c->skip[i]);
	}
	return cli_apply_tools(c, obj);
}

int cli_load(struct cli *c, struct rb_object *obj, struct sys *s)
{
	struct load_opts o;
	char err[ERR_LEN];

	memset(&o, 0, sizeof(o));
	o.sys = s;
	o.explain = s->explain;
	o.kernel_btf = c->btf;
	o.pin_dir = c->pin;
	o.keep_going = c->keep_going;
	if (load_object(obj, &o, err, sizeof(err)) == 0)
		return EXIT_OK;
	if (obj->log && obj->log[0]) {
		fputs(obj->log, stderr);
		if (obj->log[strlen(obj->log) - 1] != '\n')
			fputc('\n', stderr);
	}
	return cli_error(c, obj->refused ? EXIT_KERNEL : EXIT_INPUT, "%s", err);
}

/* Kernel ids, so the user can find the objects with bpftool. */
static uint32_t id_of(struct sys *s, int fd, bool prog)
{
	struct bpf_prog_info pi;
	struct bpf_map_info mi;
	__u32 len = prog ? sizeof(pi) : sizeof(mi);

	memset(&pi, 0, sizeof(pi));
	memset(&mi, 0, sizeof(mi));
	if (s->dry_run || fd < 0 || sys_obj_info(s, fd, prog ? (void *)&pi : (void *)&mi, &len) < 0)
		return 0;
	return prog ? pi.id : mi.id;
}

static void print_text(struct cli *c, struct rb_object *obj, struct sys *s)
{
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct plan_prog *p = &obj->progs[i];

		if (p->skip)
			continue;
		printf("program %-24s id %-6u %-16s %zu insns%s\n", p->fn.name, id_of(s, p->fd, true),
		       plan_prog_type_name(p->type), p->ninsns, s->dry_run ? " (dry run)" : "");
	}
	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];

		if (m->fd < 0)
			continue;
		printf("map     %-24s id %-6u %-16s kernel name %s%s\n", m->name, id_of(s, m->fd, false),
		       plan_map_type_name(m->type), m->kname, m->reused ? " (reused pin)" : "");
	}
	if (c->pin)
		printf("pinned under %s\n", c->pin);
}

/* The pins of one program or map, as a JSON array: DIR/NAME for --pin DIR
 * (a '.' becomes '_', as the pins stage names them: bpffs refuses dots),
 * and /sys/fs/bpf/NAME for a map declared with pinning by name. */
static void json_pins(const char *dir, const char *name, bool by_name)
{
	char path[PATH_MAX];

	fputs("\"pins\":[", stdout);
	if (dir && (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) < sizeof(path)) {
		for (char *d = path + strlen(dir) + 1; *d; d++)
			*d = *d == '.' ? '_' : *d;
		json_str(stdout, path);
	}
	if (by_name && (size_t)snprintf(path, sizeof(path), "/sys/fs/bpf/%s", name) < sizeof(path)) {
		fputs(dir ? "," : "", stdout);
		json_str(stdout, path);
	}
	fputc(']', stdout);
}

/* One document: {"file":..., "dry_run":..., "programs":[{"name", "id",
 * "type", "insns", "pins"}], "maps":[{"name", "id", "type", "kernel_name",
 * "reused", "pins"}]}. ids are 0 in a dry run. */
static void print_json(struct cli *c, struct rb_object *obj, struct sys *s)
{
	const char *sep = "";

	fputs("{\"file\":", stdout);
	json_str(stdout, c->file);
	printf(",\"dry_run\":%s,\"programs\":[", s->dry_run ? "true" : "false");
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct plan_prog *p = &obj->progs[i];

		if (p->skip)
			continue;
		printf("%s{\"name\":", sep);
		json_str(stdout, p->fn.name);
		printf(",\"id\":%u,\"type\":\"%s\",\"insns\":%zu,", id_of(s, p->fd, true),
		       plan_prog_type_name(p->type), p->ninsns);
		json_pins(c->pin, p->fn.name, false);
		fputc('}', stdout);
		sep = ",";
	}
	fputs("],\"maps\":[", stdout);
	sep = "";
	for (size_t i = 0; i < obj->nmaps; i++) {
		struct plan_map *m = &obj->maps[i];

		if (m->fd < 0)
			continue;
		printf("%s{\"name\":", sep);
		json_str(stdout, m->name);
		printf(",\"id\":%u,\"type\":\"%s\",\"kernel_name\":", id_of(s, m->fd, false),
		       plan_map_type_name(m->type));
		json_str(stdout, m->kname);
		printf(",\"reused\":%s,", m->reused ? "true" : "false");
		json_pins(m->is_inner ? NULL : c->pin, m->name, m->pinning == 1);
		fputc('}', stdout);
		sep = ",";
	}
	fputs("]}\n", stdout);
}

int cmd_load(struct cli *c)
{
	struct sys s = { .dry_run = c->dry_run, .explain = (c->explain || c->dry_run) ? stderr : NULL };
	struct rb_object *obj;
	int ret;

	if ((ret = cli_open(c, &obj)))
		return ret;
	if ((ret = cli_prepare(c, obj, 0)) || (ret = cli_load(c, obj, &s))) {
		plan_free(obj);
		return ret;
	}
	if (c->json)
		print_json(c, obj, &s);
	else
		print_text(c, obj, &s);
	load_release(obj, &s);
	plan_free(obj);
	return EXIT_OK;
}
