/* `rawbpf load`: the plan, then the load stages; print what the kernel now
 * holds, and release it (unless pinned). */
#include "loader/cli/cli.h"
#include "loader/cli/cmd.h"
#include "loader/cli/json.h"
#include "loader/load/load.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

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
		json_printf(stdout, "%s%j", dir ? "," : "", path);
	}
	fputc(']', stdout);
}

/* One document: {"file":..., "dry_run":..., "programs":[{"name", "id",
 * "type", "insns", "pins"}], "maps":[{"name", "id", "type", "kernel_name",
 * "reused", "pins"}]}. ids are 0 in a dry run. */
static void print_json(struct cli *c, struct rb_object *obj, struct sys *s)
{
	const char *sep = "";

	json_printf(stdout, "{\"file\":%j,\"dry_run\":%t,\"programs\":[", c->file, s->dry_run);
	for (size_t i = 0; i < obj->nprogs; i++) {
		struct plan_prog *p = &obj->progs[i];

		if (p->skip)
			continue;
		json_printf(stdout, "%s{\"name\":%j,\"id\":%u,\"type\":%j,\"insns\":%u,", sep, p->fn.name,
			    id_of(s, p->fd, true), plan_prog_type_name(p->type), (unsigned)p->ninsns);
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
		json_printf(stdout, "%s{\"name\":%j,\"id\":%u,\"type\":%j,\"kernel_name\":%j,\"reused\":%t,", sep,
			    m->name, id_of(s, m->fd, false), plan_map_type_name(m->type), m->kname, m->reused);
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
