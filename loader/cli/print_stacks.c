/* Stack ids as frames, and the scratch-map rule (print_stacks.h). */
#include "loader/cli/print_stacks.h"
#include "loader/cli/json.h"

#include <stdlib.h>
#include <string.h>

/* Kernel addresses are in the upper half (x86-64, arm64). */
#define KERNEL_START 0xffff800000000000ull

/* 1 kernel, 0 user, -1 either (a bare stack_id); -2 not a stack id. */
static int stack_name_kind(const char *n)
{
	if (!strstr(n, "stack"))
		return -2;
	if (!strstr(n, "id") && strcmp(n, "kstack") && strcmp(n, "ustack") &&
	    strcmp(n, "kern_stack") && strcmp(n, "user_stack"))
		return -2;
	if (strstr(n, "kern") || n[0] == 'k')
		return 1;
	if (strstr(n, "user") || n[0] == 'u')
		return 0;
	return -1;
}

static bool int_member(const struct btf *btf, uint32_t type, int64_t *size)
{
	const struct btf_type *t = btf_type(btf, btf_skip_mods(btf, type));

	*size = btf_type_size(btf, type);
	return t && (btf_kind(t) == BTF_KIND_INT || btf_kind(t) == BTF_KIND_ENUM) &&
	       (*size == 4 || *size == 8);
}

size_t cli_stack_fields(const struct btf *btf, uint32_t type_id, struct cli_stack_fields *sf)
{
	const struct btf_type *t;

	memset(sf, 0, sizeof(*sf));
	sf->pid_off = -1;
	if (!btf || !type_id || !(t = btf_type(btf, btf_skip_mods(btf, type_id))) ||
	    btf_kind(t) != BTF_KIND_STRUCT)
		return 0;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const char *name = btf_str(btf, m->name_off);
		uint32_t off = btf_member_bit_offset(t, i) / 8;
		int64_t size;
		int kind;

		if (!name || !int_member(btf, m->type, &size) || btf_member_bitfield_size(t, i))
			continue;
		if (!strcmp(name, "tgid") || (!strcmp(name, "pid") && sf->pid_off < 0)) {
			sf->pid_off = (int)off;
			sf->pid_size = (int)size;
		}
		if ((kind = stack_name_kind(name)) == -2 || sf->n == CLI_MAX_STACK_FIELDS)
			continue;
		snprintf(sf->f[sf->n].name, sizeof(sf->f[sf->n].name), "%s", name);
		sf->f[sf->n].offset = off;
		sf->f[sf->n].size = (uint32_t)size;
		sf->f[sf->n].kernel = kind;
		sf->n++;
	}
	return sf->n;
}

int cli_stack_pid(const struct cli_stack_fields *sf, const uint8_t *data, size_t size)
{
	int32_t pid = 0;

	if (sf->pid_off < 0 || (size_t)sf->pid_off + 4 > size)
		return 0;
	memcpy(&pid, data + sf->pid_off, 4);
	return pid;
}

static void frame(FILE *out, struct cli_syms *syms, uint64_t addr, int kernel, int pid, bool json,
		  bool first)
{
	char sym[256];
	const char *file = NULL;
	bool k = kernel == 1 || (kernel == -1 && addr >= KERNEL_START);

	if (k)
		cli_sym_kernel(syms, addr, sym, sizeof(sym));
	else
		cli_sym_user(syms, pid, addr, sym, sizeof(sym), &file);
	if (json) {
		fprintf(out, "%s{\"addr\":\"%#llx\",\"sym\":", first ? "" : ",", (unsigned long long)addr);
		json_str(out, sym);
		fputc('}', out);
		return;
	}
	fprintf(out, "    %s", sym);
	if (file) {
		const char *base = strrchr(file, '/');

		fprintf(out, " [%s]", base ? base + 1 : file);
	}
	fputc('\n', out);
}

/* One stack: its frames, or why there are none. */
static void one_stack(FILE *out, struct cli_syms *syms, struct sys *s, const struct plan_map *sm,
		      const struct cli_stack_field *f, int64_t id, int pid, bool json)
{
	uint64_t *ips = NULL;
	uint32_t n = sm ? sm->value_size / 8 : 0;
	bool got = id >= 0 && n && (ips = calloc(n, 8)) && sys_map_lookup(s, sm->fd, &(uint32_t){ (uint32_t)id }, ips) == 0;

	if (json)
		fputc('[', out);
	else if (!got)
		fprintf(out, "    [%s: %s %lld]\n", f->name, id < 0 ? "missed stack," : "no stack", (long long)id);
	for (uint32_t i = 0; got && i < n && ips[i]; i++)
		frame(out, syms, ips[i], f->kernel, pid, json, i == 0);
	if (json)
		fputc(']', out);
	free(ips);
}

void cli_print_stacks(FILE *out, struct cli_syms *syms, struct sys *s, const struct plan_map *stack_map,
		      const struct cli_stack_fields *sf, const uint8_t *data, size_t size, int pid,
		      bool json)
{
	size_t order[CLI_MAX_STACK_FIELDS], n = 0;

	/* Kernel frames first, as offcputime and bpftrace print them. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < sf->n; i++)
			if ((sf->f[i].kernel == 1) == (pass == 0))
				order[n++] = i;
	if (json)
		fputs(",\"stacks\":{", out);
	for (size_t i = 0; i < n; i++) {
		const struct cli_stack_field *f = &sf->f[order[i]];
		int64_t id = 0;

		if (f->offset + f->size > size)
			continue;
		if (f->size == 4) {
			int32_t v;

			memcpy(&v, data + f->offset, 4);
			id = v;
		} else {
			memcpy(&id, data + f->offset, 8);
		}
		if (json) {
			json_printf(out, "%s%j:", i ? "," : "", f->name);
		} else if (i) {
			fputs("    --\n", out);
		}
		one_stack(out, syms, s, stack_map, f, id, pid, json);
	}
	if (json)
		fputc('}', out);
}

void cli_print_stack_map(FILE *out, struct cli_syms *syms, struct sys *s, const struct plan_map *m,
			 bool json)
{
	struct cli_stack_field f = { .name = "stack_id", .kernel = -1 };
	uint32_t key, prev = 0;
	bool first = true;

	if (json) {
		json_printf(out, "{\"map\":%j,\"stacks\":[", m->name);
	} else {
		fprintf(out, "\n@%s (stack_trace):\n", m->name);
	}
	while (sys_map_next_key(s, m->fd, first ? NULL : &prev, &key) == 0) {
		if (json)
			fprintf(out, "%s{\"id\":%u,\"frames\":", first ? "" : ",", key);
		else
			fprintf(out, "@%s[%u]:\n", m->name, key);
		one_stack(out, syms, s, m, &f, key, 0, json);
		if (json)
			fputc('}', out);
		prev = key;
		first = false;
	}
	if (json)
		fputs("]}\n", out);
}

/* Does a program call bpf_map_delete_elem with map fd in r1? The call
 * follows the ld_imm64 of the map within a few instructions (r2 = key). */
static bool deletes_from(const struct plan_prog *p, int fd)
{
	for (size_t i = 0; i + 1 < p->ninsns; i++) {
		const struct bpf_insn *in = &p->insns[i];

		if (in->code != (BPF_LD | BPF_DW | BPF_IMM) || in->src_reg != BPF_PSEUDO_MAP_FD ||
		    in->imm != fd || in->dst_reg != BPF_REG_1)
			continue;
		for (size_t k = i + 2; k < p->ninsns && k < i + 10; k++) {
			const struct bpf_insn *c = &p->insns[k];

			if (c->code == (BPF_JMP | BPF_CALL)) {
				if (c->src_reg == 0 && c->imm == BPF_FUNC_map_delete_elem)
					return true;
				break;
			}
		}
	}
	return false;
}

bool cli_map_is_scratch(const struct rb_object *obj, const struct plan_map *m)
{
	const struct btf_type *t;

	/* The USDT machinery's (usdt.bpf.h): rawbpf filled them. */
	if (!strncmp(m->name, "__bpf_usdt_", 11))
		return true;
	if (m->type != BPF_MAP_TYPE_HASH && m->type != BPF_MAP_TYPE_LRU_HASH &&
	    m->type != BPF_MAP_TYPE_PERCPU_HASH && m->type != BPF_MAP_TYPE_LRU_PERCPU_HASH)
		return false;
	if (m->key_size != 4 && m->key_size != 8)
		return false;
	if (obj->btf && m->btf_key_type_id &&
	    (t = btf_type(obj->btf, btf_skip_mods(obj->btf, m->btf_key_type_id))) &&
	    btf_kind(t) != BTF_KIND_INT && btf_kind(t) != BTF_KIND_PTR && btf_kind(t) != BTF_KIND_ENUM)
		return false;
	for (size_t i = 0; i < obj->nprogs; i++)
		if (obj->progs[i].fd >= 0 && obj->progs[i].insns && deletes_from(&obj->progs[i], m->fd))
			return true;
	return false;
}
