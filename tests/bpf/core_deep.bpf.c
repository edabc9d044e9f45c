/* A type whose TYPE_MATCHES walk used to take time exponential in its depth:
 * six levels of structs, each with 40 pointers to the next level. Every
 * relocation of this object is resolved by `rawbpf inspect` against the
 * object's own BTF (to describe it), so inspect itself walked 40^5 paths
 * (31 s on the development VM). The rules now compare a struct behind a
 * pointer by name and kind only, and bound every walk (btf/core_rules.c,
 * MATCH_*): the same inspect takes milliseconds.
 *
 * clang 14 cannot emit TYPE_MATCHES: as for core_matches.bpf.c, the build
 * turns the TYPE_EXISTS records into TYPE_MATCHES (tests/tools/core_kind). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define TEN(T, p) T *p##0, *p##1, *p##2, *p##3, *p##4, *p##5, *p##6, *p##7, *p##8, *p##9
#define FORTY(T) TEN(T, a); TEN(T, b); TEN(T, c); TEN(T, d)

struct deep6 { int leaf; };
struct deep5 { FORTY(struct deep6); };
struct deep4 { FORTY(struct deep5); };
struct deep3 { FORTY(struct deep4); };
struct deep2 { FORTY(struct deep3); };
struct deep1 { FORTY(struct deep2); };
/* The same shape embedded instead of pointed to: a DAG of 2^5 paths that
 * matching visits member by member (bounded by MATCH_BUDGET). */
struct wide4 { struct deep6 x, y; };
struct wide3 { struct wide4 x, y; };
struct wide2 { struct wide3 x, y; };
struct wide1 { struct wide2 x, y; };

int answers;
/* Globals of every level, so that clang writes each struct in full into the
 * BTF (a struct met only behind a pointer would be a forward declaration). */
struct deep2 level2;
struct deep3 level3;
struct deep4 level4;
struct deep5 level5;

SEC("xdp")
int deep(struct xdp_md *ctx)
{
	answers = bpf_core_type_exists(struct deep1) + bpf_core_type_exists(struct wide1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
