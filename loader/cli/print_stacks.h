/* Stacks and scratch maps, for the map printer (print_maps.c).
 *
 * Stack ids: a member of a map's key or value struct that is a 4- or 8-byte
 * integer named like a stack id (stack_id, kern_stack_id, user_stack_id,
 * kernel_stack_id, ustack, kstack, stackid ...) is looked up in the object's
 * BPF_MAP_TYPE_STACK_TRACE map and printed as symbolized frames: kernel
 * ones from /proc/kallsyms, user ones from the mappings of the process
 * named by the struct's tgid member (else pid), "func+0xoff" (symbolize.h).
 * A negative id (-EFAULT, -EEXIST: bpf_get_stackid() failed) prints as
 * "[missed kernel stack]".
 *
 * Scratch maps, left out of the default printout: a hash map that a
 * program deletes from (bpf_map_delete_elem) and whose key is one integer
 * (4 or 8 bytes: a pid, a tid, a pointer) holds in-flight state, such as
 * start timestamps, not results. So are <bpf/usdt.bpf.h>'s __bpf_usdt_*
 * maps, which rawbpf itself fills.
 */
#ifndef RAWBPF_CLI_PRINT_STACKS_H
#define RAWBPF_CLI_PRINT_STACKS_H

#include <stdbool.h>
#include <stdio.h>
#include "loader/plan/object.h"
#include "loader/cli/symbolize.h"
#include "bpf/sys.h"

#define CLI_MAX_STACK_FIELDS 4

struct cli_stack_field {
	char name[32];
	uint32_t offset, size;
	int kernel;             /* 1 kernel, 0 user, -1 by each address */
};

/* The stack id members of a struct type, and its tgid/pid member. */
struct cli_stack_fields {
	struct cli_stack_field f[CLI_MAX_STACK_FIELDS];
	size_t n;
	int pid_off, pid_size;  /* -1: none */
};

/* Members of BTF type type_id that hold stack ids: 0 when there is none. */
size_t cli_stack_fields(const struct btf *btf, uint32_t type_id, struct cli_stack_fields *sf);

/* Print the stacks whose ids fields name in data (size bytes), each frame a
 * line indented by 4 (text) or as ,"stacks":{"NAME":[{"addr":..,"sym":..}]}
 * (json). pid_data holds the pid member (the key's, or data itself).
 * stack_map: the stack trace map (NULL: ids only). */
void cli_print_stacks(FILE *out, struct cli_syms *syms, struct sys *s, const struct plan_map *stack_map,
		      const struct cli_stack_fields *sf, const uint8_t *data, size_t size, int pid,
		      bool json);

/* The pid of a struct by sf (0 when it has none, or size is short). */
int cli_stack_pid(const struct cli_stack_fields *sf, const uint8_t *data, size_t size);

/* Every frame of stack trace map m (not per key): for a stack map that no
 * other map refers to. */
void cli_print_stack_map(FILE *out, struct cli_syms *syms, struct sys *s, const struct plan_map *m,
			 bool json);

/* The scratch rule above. */
bool cli_map_is_scratch(const struct rb_object *obj, const struct plan_map *m);

#endif
