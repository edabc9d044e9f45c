/* btf/: parsing every kind, rejecting malformed blobs, queries, map
 * definitions, the DATASEC fix-up, the pretty printer and .BTF.ext, on
 * hand-made blobs, on clang-built objects (read with libelf) and on the
 * running kernel's BTF. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <glob.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <gelf.h>
#include <libelf.h>
#include "btf/btf.h"
#include "btf/internal.h"   /* btf_find_essential */
#include "tests/unit/btf_builder.h"

static char err[256];

/* ---- helpers ---- */

static void *read_file(const char *path, size_t *len)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	/* sysfs files report size 4096 or the real size; read to EOF. */
	size_t cap = 1 << 16, n = 0;
	buf = malloc(cap);
	for (;;) {
		ssize_t r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		r = read(fd, (char *)buf + n, cap - n);
		if (r <= 0)
			break;
		n += r;
	}
	(void)st;
	close(fd);
	*len = n;
	return buf;
}

struct obj {
	void *btf_data, *ext_data;
	size_t btf_len, ext_len;
	Elf *elf;
	int fd;
};

static void *copy_out(Elf_Data *d, size_t *len)
{
	void *p = malloc(d->d_size ? d->d_size : 1);

	memcpy(p, d->d_buf, d->d_size);
	*len = d->d_size;
	return p;
}

/* .BTF and .BTF.ext of an object, copied into aligned heap memory. */
static int obj_open(const char *path, struct obj *o)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	memset(o, 0, sizeof(*o));
	elf_version(EV_CURRENT);
	o->fd = open(path, O_RDONLY);
	if (o->fd < 0)
		return -1;
	o->elf = elf_begin(o->fd, ELF_C_READ, NULL);
	if (!o->elf || elf_getshdrstrndx(o->elf, &shstrndx))
		return -1;
	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		gelf_getshdr(scn, &sh);
		name = elf_strptr(o->elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".BTF"))
			o->btf_data = copy_out(elf_getdata(scn, NULL), &o->btf_len);
		else if (name && !strcmp(name, ".BTF.ext"))
			o->ext_data = copy_out(elf_getdata(scn, NULL), &o->ext_len);
	}
	return o->btf_data ? 0 : -1;
}

static void obj_close(struct obj *o)
{
	free(o->btf_data);
	free(o->ext_data);
	if (o->elf)
		elf_end(o->elf);
	if (o->fd >= 0)
		close(o->fd);
}

/* Section sizes and symbol offsets from libelf, for the DATASEC fix-up. */
static int64_t obj_sec_size(void *ctx, const char *sec)
{
	struct obj *o = ctx;
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	elf_getshdrstrndx(o->elf, &shstrndx);
	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (!strcmp(elf_strptr(o->elf, shstrndx, sh.sh_name), sec))
			return sh.sh_size;
	}
	return -1;
}

static int64_t obj_var_offset(void *ctx, const char *sec, const char *var)
{
	struct obj *o = ctx;
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	elf_getshdrstrndx(o->elf, &shstrndx);
	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t i;

		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			GElf_Shdr tsh;
			gelf_getsym(d, i, &s);
			if (strcmp(elf_strptr(o->elf, sh.sh_link, s.st_name), var))
				continue;
			if (s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE)
				continue;
			gelf_getshdr(elf_getscn(o->elf, s.st_shndx), &tsh);
			if (!strcmp(elf_strptr(o->elf, shstrndx, tsh.sh_name), sec))
				return s.st_value;
		}
	}
	return -1;
}

static struct btf *parse_ok(struct bb *b)
{
	struct btf *btf = NULL;
	size_t len;
	const void *p = bb_blob(b, &len);
	int ret = btf_parse(p, len, &btf, err, sizeof(err));

	if (ret)
		fail_msg("btf_parse: %s", err);
	return btf;
}

static int parse_err(struct bb *b, const char *want)
{
	struct btf *btf = NULL;
	int ret = btf_parse(b->blob, b->blen, &btf, err, sizeof(err));

	assert_null(btf);
	if (want && !strstr(err, want))
		fail_msg("error '%s' does not mention '%s'", err, want);
	return ret;
}

/* ---- every kind ---- */

struct kinds {
	uint32_t i_int, i_uint, i_char, i_ptr, i_arr, i_st, i_un, i_enum, i_fwd, i_td,
		 i_vol, i_const, i_restrict, i_proto, i_func, i_var, i_sec, i_float,
		 i_dtag, i_ttag, i_e64, i_bits;
};

static void build_kinds(struct bb *b, struct kinds *k)
{
	bb_init(b);
	k->i_int = bb_int(b, "int", 4, BTF_INT_SIGNED);
	k->i_uint = bb_int(b, "unsigned int", 4, 0);
	k->i_char = bb_int(b, "char", 1, BTF_INT_SIGNED | BTF_INT_CHAR);
	k->i_ptr = bb_ref(b, BTF_KIND_PTR, NULL, k->i_int);
	k->i_arr = bb_array(b, k->i_char, k->i_uint, 8);
	k->i_st = bb_struct(b, "st", false, 4, 24, true);
	bb_member(b, "a", k->i_int, 0, 0);
	bb_member(b, "name", k->i_arr, 32, 0);
	bb_member(b, "bits", k->i_uint, 96, 3);
	bb_member(b, "p", k->i_ptr, 128, 0);
	k->i_un = bb_struct(b, "un", true, 2, 4, false);
	bb_member(b, "x", k->i_int, 0, 0);
	bb_member(b, "y", k->i_uint, 0, 0);
	k->i_enum = bb_type(b, "color", BTF_KIND_ENUM, 2, 1, 4);
	bb_enumval(b, "RED", 1);
	bb_enumval(b, "NEG", -2);
	k->i_fwd = bb_type(b, "fwd", BTF_KIND_FWD, 0, 0, 0);
	k->i_td = bb_ref(b, BTF_KIND_TYPEDEF, "myint", k->i_int);
	k->i_vol = bb_ref(b, BTF_KIND_VOLATILE, NULL, k->i_td);
	k->i_const = bb_ref(b, BTF_KIND_CONST, NULL, k->i_vol);
	k->i_restrict = bb_ref(b, BTF_KIND_RESTRICT, NULL, k->i_ptr);
	k->i_proto = bb_type(b, NULL, BTF_KIND_FUNC_PROTO, 2, 0, k->i_int);
	bb_u32(b, bb_str(b, "a")); bb_u32(b, k->i_int);
	bb_u32(b, 0); bb_u32(b, 0);  /* ... */
	k->i_func = bb_type(b, "fn", BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 0, k->i_proto);
	k->i_var = bb_type(b, "glob", BTF_KIND_VAR, 0, 0, k->i_st);
	bb_u32(b, BTF_VAR_GLOBAL_ALLOCATED);
	k->i_sec = bb_type(b, ".data", BTF_KIND_DATASEC, 1, 0, 24);
	bb_u32(b, k->i_var); bb_u32(b, 0); bb_u32(b, 24);
	k->i_float = bb_type(b, "double", BTF_KIND_FLOAT, 0, 0, 8);
	k->i_dtag = bb_type(b, "tag", BTF_KIND_DECL_TAG, 0, 0, k->i_st);
	bb_u32(b, 1);
	k->i_ttag = bb_ref(b, BTF_KIND_TYPE_TAG, "user", k->i_int);
	k->i_e64 = bb_type(b, "big", BTF_KIND_ENUM64, 1, 0, 8);
	bb_u32(b, bb_str(b, "HUGE")); bb_u32(b, 0x1); bb_u32(b, 0x2);
	k->i_bits = 0;
}

static void test_all_kinds(void **state)
{
	struct bb b;
	struct kinds k;
	struct btf *btf;
	char s[128];

	build_kinds(&b, &k);
	btf = parse_ok(&b);
	assert_int_equal(btf_nr_types(btf), k.i_e64 + 1);
	assert_null(btf_type(btf, 0));
	assert_null(btf_type(btf, k.i_e64 + 1));
	assert_string_equal(btf_type_name(btf, k.i_st), "st");
	assert_string_equal(btf_type_name(btf, k.i_ptr), "");
	assert_int_equal(btf_find(btf, "st", BTF_KIND_STRUCT), k.i_st);
	assert_int_equal(btf_find(btf, "un", BTF_KIND_UNION), k.i_un);
	assert_int_equal(btf_find(btf, "st", BTF_KIND_UNION), -ENOENT);
	assert_int_equal(btf_find(btf, "nope", BTF_KIND_STRUCT), -ENOENT);
	assert_int_equal(btf_find(btf, "big", BTF_KIND_ENUM64), k.i_e64);
	assert_int_equal(btf_skip_mods(btf, k.i_const), k.i_int);
	assert_int_equal(btf_skip_mods(btf, k.i_ttag), k.i_int);
	assert_int_equal(btf_type_size(btf, k.i_st), 24);
	assert_int_equal(btf_type_size(btf, k.i_arr), 8);
	assert_int_equal(btf_type_size(btf, k.i_const), 4);
	assert_int_equal(btf_type_size(btf, k.i_ptr), 8);
	assert_int_equal(btf_type_size(btf, k.i_var), 24);
	assert_int_equal(btf_type_size(btf, k.i_e64), 8);
	assert_true(btf_type_size(btf, k.i_func) < 0);
	assert_true(btf_type_size(btf, 0) < 0);
	assert_true(btf_type_size(btf, k.i_fwd) < 0);

	const struct btf_type *st = btf_type(btf, k.i_st);
	assert_int_equal(btf_member_bit_offset(st, 2), 96);
	assert_int_equal(btf_member_bitfield_size(st, 2), 3);
	assert_int_equal(btf_member_bit_offset(st, 1), 32);

	btf_type_str(btf, k.i_st, s, sizeof(s));
	assert_string_equal(s, "struct st");
	btf_type_str(btf, k.i_arr, s, sizeof(s));
	assert_string_equal(s, "char[8]");
	btf_type_str(btf, k.i_ptr, s, sizeof(s));
	assert_string_equal(s, "int *");
	btf_type_str(btf, k.i_const, s, sizeof(s));
	assert_string_equal(s, "const volatile myint");
	btf_type_str(btf, k.i_restrict, s, sizeof(s));
	assert_string_equal(s, "int * restrict");
	btf_type_str(btf, k.i_func, s, sizeof(s));
	assert_string_equal(s, "int fn(int, ...)");
	btf_type_str(btf, k.i_enum, s, sizeof(s));
	assert_string_equal(s, "enum color");
	/* Truncation still terminates and reports the needed length. */
	assert_int_equal(btf_type_str(btf, k.i_st, s, 4), 9);
	assert_string_equal(s, "str");
	btf_free(btf);
}

/* ---- malformed blobs ---- */

static void test_bad_header(void **state)
{
	struct bb b;
	struct btf *btf = NULL;
	size_t len;

	bb_init(&b);
	bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_blob(&b, &len);
	assert_int_equal(btf_parse(b.blob, 10, &btf, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "header"));

	bb_hdr(&b)->magic = 0x9feb;
	assert_int_equal(parse_err(&b, "magic"), -EINVAL);
	bb_blob(&b, &len);
	bb_hdr(&b)->version = 2;
	assert_int_equal(parse_err(&b, "version"), -EINVAL);
	bb_blob(&b, &len);
	bb_hdr(&b)->hdr_len = 1000;
	assert_int_equal(parse_err(&b, "header length"), -EINVAL);
	bb_blob(&b, &len);
	bb_hdr(&b)->type_len = 0xfffffff0;
	assert_int_equal(parse_err(&b, "past"), -EINVAL);
	bb_blob(&b, &len);
	bb_hdr(&b)->str_len += 100;
	assert_int_equal(parse_err(&b, "past"), -EINVAL);
	bb_blob(&b, &len);
	bb_hdr(&b)->type_off = 2;
	assert_int_equal(parse_err(&b, "aligned"), -EINVAL);
	bb_blob(&b, &len);
	bb_hdr(&b)->str_off = 4;   /* inside the type section */
	bb_hdr(&b)->str_len = 4;
	assert_int_equal(parse_err(&b, NULL), -EINVAL);
	bb_blob(&b, &len);
	b.blob[b.blen - 1] = 'x';  /* last string not terminated */
	assert_int_equal(parse_err(&b, "NUL"), -EINVAL);
	/* Overflowing offset + length. */
	bb_blob(&b, &len);
	bb_hdr(&b)->str_off = 0xffffffff;
	assert_int_equal(parse_err(&b, NULL), -EINVAL);
}

static void test_bad_types(void **state)
{
	struct bb b;
	size_t len;
	uint32_t i;

	/* Truncated trailing records: a struct claiming 5 members with 1. */
	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_struct(&b, "s", false, 5, 4, false);
	bb_member(&b, "a", i, 0, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "vlen 5"), -EINVAL);

	/* Truncated type header. */
	bb_init(&b);
	bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_u32(&b, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "truncated"), -EINVAL);

	/* Unknown kind. */
	bb_init(&b);
	bb_type(&b, "x", 25, 0, 0, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "unknown kind 25"), -EINVAL);

	/* Reference past the last id. */
	bb_init(&b);
	bb_ref(&b, BTF_KIND_PTR, NULL, 7);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "type id 7"), -EINVAL);

	/* Array element past the last id. */
	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_array(&b, 9, i, 2);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "array element"), -EINVAL);

	/* Member type past the last id. */
	bb_init(&b);
	bb_struct(&b, "s", false, 1, 4, false);
	bb_member(&b, "a", 5, 0, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "member"), -EINVAL);

	/* Name past the strings. */
	bb_init(&b);
	bb_u32(&b, 5000); bb_u32(&b, BTF_KIND_FWD << 24); bb_u32(&b, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "name offset 5000"), -EINVAL);

	/* Member name past the strings. */
	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_struct(&b, "s", false, 1, 4, false);
	bb_u32(&b, 9999); bb_u32(&b, i); bb_u32(&b, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "member name"), -EINVAL);

	/* Int with more bits than bytes. */
	bb_init(&b);
	bb_type(&b, "int", BTF_KIND_INT, 0, 0, 2);
	bb_u32(&b, 32);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "int of size 2"), -EINVAL);

	/* FUNC pointing at something that is not a FUNC_PROTO. */
	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_type(&b, "f", BTF_KIND_FUNC, 0, 0, i);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "FUNC_PROTO"), -EINVAL);

	/* Enum of size 0 with values; without any it is a forward
	 * declaration ("enum e;"), which parses. */
	bb_init(&b);
	bb_type(&b, "e", BTF_KIND_ENUM, 1, 0, 0);
	bb_enumval(&b, "A", 1);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "enum of size 0"), -EINVAL);
	bb_init(&b);
	bb_type(&b, "e", BTF_KIND_ENUM, 0, 0, 0);
	btf_free(parse_ok(&b));

	/* DATASEC entry past the last id, VAR type, DECL_TAG target, proto param. */
	bb_init(&b);
	bb_type(&b, ".data", BTF_KIND_DATASEC, 1, 0, 4);
	bb_u32(&b, 3); bb_u32(&b, 0); bb_u32(&b, 4);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "section variable"), -EINVAL);
	bb_init(&b);
	bb_type(&b, "v", BTF_KIND_VAR, 0, 0, 3);
	bb_u32(&b, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "type id 3"), -EINVAL);
	bb_init(&b);
	bb_type(&b, "t", BTF_KIND_DECL_TAG, 0, 0, 3);
	bb_u32(&b, -1);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "decl tag"), -EINVAL);
	bb_init(&b);
	bb_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, 0, 0);
	bb_u32(&b, 0); bb_u32(&b, 8);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, "parameter"), -EINVAL);
	/* Enum64 record truncated. */
	bb_init(&b);
	bb_type(&b, "e", BTF_KIND_ENUM64, 2, 0, 8);
	bb_u32(&b, 0); bb_u32(&b, 0); bb_u32(&b, 0);
	bb_blob(&b, &len);
	assert_int_equal(parse_err(&b, NULL), -EINVAL);
}

static void test_loops(void **state)
{
	struct bb b;
	struct btf *btf;
	char s[64];

	/* typedef a -> typedef b -> typedef a: walks stop at BTF_MAX_DEPTH. */
	bb_init(&b);
	bb_ref(&b, BTF_KIND_TYPEDEF, "a", 2);
	bb_ref(&b, BTF_KIND_TYPEDEF, "b", 1);
	bb_ref(&b, BTF_KIND_PTR, NULL, 3);   /* pointer to itself */
	btf = parse_ok(&b);
	assert_true(btf_type_size(btf, 1) < 0);
	btf_skip_mods(btf, 1);
	assert_int_equal(btf_type_size(btf, 3), 8);
	assert_true(btf_type_str(btf, 3, s, sizeof(s)) < 0);
	btf_free(btf);
}

/* ---- the pretty printer ---- */

static void test_format(void **state)
{
	struct bb b;
	struct btf *btf;
	uint32_t i_int, i_uint, i_char, i_arr, i_en, i_in, i_st, i_bool, i_iarr, i_anon, i_ptr, i_short;
	char out[512];
	uint8_t v[48];
	int n;

	bb_init(&b);
	i_int = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	i_uint = bb_int(&b, "unsigned int", 4, 0);
	i_char = bb_int(&b, "char", 1, BTF_INT_SIGNED);
	i_arr = bb_array(&b, i_char, i_int, 8);
	i_en = bb_type(&b, "e", BTF_KIND_ENUM, 2, 0, 4);
	bb_enumval(&b, "ONE", 1);
	bb_enumval(&b, "TWO", 2);
	i_short = bb_int(&b, "short", 2, BTF_INT_SIGNED);
	i_in = bb_struct(&b, "in", false, 2, 4, false);
	bb_member(&b, "x", i_short, 0, 0);
	bb_member(&b, "y", i_short, 16, 0);
	i_bool = bb_int(&b, "_Bool", 1, BTF_INT_BOOL);
	i_iarr = bb_array(&b, i_uint, i_int, 2);
	i_anon = bb_struct(&b, NULL, true, 1, 4, false);
	bb_member(&b, "u", i_uint, 0, 0);
	i_ptr = bb_ref(&b, BTF_KIND_PTR, NULL, 0);
	i_st = bb_struct(&b, "ev", false, 10, 48, true);
	bb_member(&b, "pid", i_int, 0, 0);
	bb_member(&b, "comm", i_arr, 32, 0);
	bb_member(&b, "e", i_en, 96, 0);
	bb_member(&b, "in", i_in, 128, 0);
	bb_member(&b, "lo", i_uint, 160, 3);
	bb_member(&b, "hi", i_int, 163, 5);
	bb_member(&b, "ok", i_bool, 168, 0);
	bb_member(&b, "arr", i_iarr, 192, 0);
	bb_member(&b, NULL, i_anon, 256, 0);
	bb_member(&b, "p", i_ptr, 320, 0);
	btf = parse_ok(&b);

	memset(v, 0, sizeof(v));
	*(int *)v = -42;
	memcpy(v + 4, "ba\"s\th\0zz", 8);
	*(int *)(v + 12) = 2;
	*(short *)(v + 16) = 7;
	v[18] = 1;
	v[20] = 5 | (0x1e << 3);   /* lo = 5, hi = -2 (5 bits 11110) */
	v[21] = 1;
	*(unsigned *)(v + 24) = 10;
	*(unsigned *)(v + 28) = 20;
	*(unsigned *)(v + 32) = 99;
	*(uint64_t *)(v + 40) = 0xffff8880deadbeefULL;

	n = btf_format(btf, i_st, v, sizeof(v), false, out, sizeof(out));
	assert_string_equal(out, "pid=-42 comm=ba\"s\\x09h e=TWO in={x=7 y=1} lo=5 hi=-2 ok=true arr=[10,20] u=99 p=0xffff8880deadbeef");
	assert_int_equal(n, strlen(out));
	n = btf_format(btf, i_st, v, sizeof(v), true, out, sizeof(out));
	assert_string_equal(out, "{\"pid\":-42,\"comm\":\"ba\\\"s\\u0009h\",\"e\":\"TWO\",\"in\":{\"x\":7,\"y\":1},\"lo\":5,\"hi\":-2,\"ok\":true,\"arr\":[10,20],\"u\":99,\"p\":\"0xffff8880deadbeef\"}");
	/* A value too short: fields past the end print as ? */
	btf_format(btf, i_st, v, 8, false, out, sizeof(out));
	assert_string_equal(out, "pid=-42 comm=ba\"s e=? in=? lo=? hi=? ok=? arr=? p=?");
	/* Unknown enum value prints the number; truncated output terminates. */
	*(int *)(v + 12) = 9;
	n = btf_format(btf, i_st, v, sizeof(v), false, out, 10);
	assert_string_equal(out, "pid=-42 c");
	assert_true(n > 10);
	btf_format(btf, i_en, v + 12, 4, false, out, sizeof(out));
	assert_string_equal(out, "9");
	btf_free(btf);
}

/* ---- map definitions ---- */

static void test_map_def_handmade(void **state)
{
	struct bb b;
	struct btf *btf;
	struct btf_map_def d;
	uint32_t i_int, i_a1, i_a2, i_p1, i_p2, i_pi, i_s, i_bad;

	bb_init(&b);
	i_int = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	i_a1 = bb_array(&b, i_int, i_int, 2);        /* BPF_MAP_TYPE_ARRAY */
	i_a2 = bb_array(&b, i_int, i_int, 10);
	i_p1 = bb_ref(&b, BTF_KIND_PTR, NULL, i_a1);
	i_p2 = bb_ref(&b, BTF_KIND_PTR, NULL, i_a2);
	i_pi = bb_ref(&b, BTF_KIND_PTR, NULL, i_int);
	i_s = bb_struct(&b, NULL, false, 4, 32, false);
	bb_member(&b, "type", i_p1, 0, 0);
	bb_member(&b, "max_entries", i_p2, 64, 0);
	bb_member(&b, "key", i_pi, 128, 0);
	bb_member(&b, "value_size", i_p2, 192, 0);
	i_bad = bb_struct(&b, "m", false, 2, 16, false);
	bb_member(&b, "type", i_p1, 0, 0);
	bb_member(&b, "max_entires", i_p2, 64, 0);
	bb_struct(&b, "m2", false, 2, 16, false);
	bb_member(&b, "key", i_pi, 0, 0);
	bb_member(&b, "key_size", i_p2, 64, 0);
	bb_struct(&b, "m3", false, 1, 8, false);
	bb_member(&b, "max_entries", i_pi, 0, 0);
	btf = parse_ok(&b);

	assert_int_equal(btf_map_def_decode(btf, i_s, &d, err, sizeof(err)), 0);
	assert_int_equal(d.type, 2);
	assert_int_equal(d.max_entries, 10);
	assert_int_equal(d.key_size, 4);
	assert_int_equal(d.key_type_id, i_int);
	assert_int_equal(d.value_size, 10);
	assert_int_equal(d.value_type_id, 0);
	assert_int_equal(d.set, BTF_MAP_TYPE | BTF_MAP_MAX_ENTRIES | BTF_MAP_KEY | BTF_MAP_VALUE_SIZE);

	assert_int_equal(btf_map_def_decode(btf, i_bad, &d, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "unknown member 'max_entires'"));
	assert_int_equal(btf_map_def_decode(btf, i_bad + 1, &d, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "key_size 10"));
	assert_int_equal(btf_map_def_decode(btf, i_bad + 2, &d, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "__uint"));
	assert_int_equal(btf_map_def_decode(btf, i_int, &d, err, sizeof(err)), -EINVAL);
	btf_free(btf);
}

static uint32_t var_type_of(struct btf *btf, const char *name)
{
	int64_t id = btf_find(btf, name, BTF_KIND_VAR);

	assert_true(id > 0);
	return btf_type(btf, id)->type;
}

#define KINDS_OBJ "build/tests/bpf/btf_kinds.bpf.o"

static void test_object_kinds(void **state)
{
	struct obj o;
	struct btf *btf;
	struct btf_ext *ext;
	struct btf_map_def d;
	char out[512];
	int64_t id;

	if (obj_open(KINDS_OBJ, &o)) {
		obj_close(&o);
		skip();
	}
	assert_int_equal(btf_parse(o.btf_data, o.btf_len, &btf, err, sizeof(err)), 0);

	assert_int_equal(btf_map_def_decode(btf, var_type_of(btf, "events"), &d, err, sizeof(err)), 0);
	assert_int_equal(d.type, 1 /* BPF_MAP_TYPE_HASH */);
	assert_int_equal(d.max_entries, 128);
	assert_int_equal(d.map_flags, 1 /* BPF_F_NO_PREALLOC */);
	assert_int_equal(d.key_size, 4);
	id = btf_find(btf, "event", BTF_KIND_STRUCT);
	assert_int_equal(d.value_type_id, id);
	assert_int_equal(d.value_size, btf_type_size(btf, id));

	assert_int_equal(btf_map_def_decode(btf, var_type_of(btf, "outer"), &d, err, sizeof(err)), 0);
	assert_int_equal(d.type, 12 /* BPF_MAP_TYPE_ARRAY_OF_MAPS */);
	assert_true(d.has_inner);
	assert_false(d.values_is_prog);
	assert_int_equal(d.inner_type, 2);
	assert_int_equal(d.inner_max_entries, 4);
	assert_int_equal(d.inner_key_size, 4);
	assert_int_equal(d.inner_value_size, 8);
	assert_int_equal(d.value_size, 4);

	assert_int_equal(btf_map_def_decode(btf, var_type_of(btf, "jumps"), &d, err, sizeof(err)), 0);
	assert_int_equal(d.type, 3 /* BPF_MAP_TYPE_PROG_ARRAY */);
	assert_true(d.values_is_prog);
	assert_int_equal(d.key_size, 4);
	assert_int_equal(d.value_size, 4);

	assert_int_equal(btf_map_def_decode(btf, var_type_of(btf, "perf"), &d, err, sizeof(err)), 0);
	assert_int_equal(d.set, BTF_MAP_TYPE | BTF_MAP_KEY_SIZE | BTF_MAP_VALUE_SIZE);

	btf_type_str(btf, var_type_of(btf, "config"), out, sizeof(out));
	assert_string_equal(out, "const volatile int");
	id = btf_find(btf, "flags", BTF_KIND_STRUCT);
	assert_true(id > 0);
	assert_int_equal(btf_member_bit_offset(btf_type(btf, id), 1), 3);
	assert_int_equal(btf_member_bitfield_size(btf_type(btf, id), 1), 5);

	/* The event struct printed from bytes. */
	{
		uint8_t ev[64] = { 0 };
		int64_t eid = btf_find(btf, "event", BTF_KIND_STRUCT);
		*(int *)ev = 5;
		memcpy(ev + 4, "cat", 4);
		*(int *)(ev + 20) = -3;
		ev[24] = 2 | 3 << 3;
		btf_format(btf, eid, ev, sizeof(ev), false, out, sizeof(out));
		assert_string_equal(out, "pid=5 comm=cat color=BLUE fl={a=2 b=3 c=0 tail=0} u={i=0 bytes=} ts=0 ptr=0x0 x=0 y=0 arr=[0,0,0]");
	}

	/* .BTF.ext: func_info and line_info for the one program section. */
	assert_non_null(o.ext_data);
	assert_int_equal(btf_ext_parse(o.ext_data, o.ext_len, btf, &ext, err, sizeof(err)), 0);
	assert_int_equal(ext->nfunc, 1);
	assert_string_equal(ext->func[0].sec_name, "tracepoint/syscalls/sys_enter_execve");
	assert_int_equal(ext->func[0].nrec, 1);
	assert_int_equal(ext->func_rec_size, 8);
	assert_true(ext->nline >= 1);
	assert_true(ext->line[0].nrec > 3);
	assert_non_null(btf_ext_find(ext->line, ext->nline, "tracepoint/syscalls/sys_enter_execve"));
	assert_null(btf_ext_find(ext->line, ext->nline, "nope"));
	btf_ext_free(ext);

	/* Fix-up with the object's sections and symbols. */
	assert_int_equal(btf_fixup_datasec(btf, obj_sec_size, obj_var_offset, &o, err, sizeof(err)), 0);
	{
		int64_t sec = btf_find(btf, ".maps", BTF_KIND_DATASEC);
		const struct btf_type *t = btf_type(btf, sec);
		const struct btf_var_secinfo *vs = btf_secinfos(t);
		uint32_t i;
		size_t rlen;
		const void *raw;
		struct btf *again;

		assert_int_equal(t->size, obj_sec_size(&o, ".maps"));
		for (i = 1; i < btf_vlen(t); i++)
			assert_true(vs[i].offset >= vs[i - 1].offset + vs[i - 1].size);
		sec = btf_find(btf, ".bss", BTF_KIND_DATASEC);
		t = btf_type(btf, sec);
		assert_int_equal(t->size, 72);
		assert_int_equal(btf_secinfos(t)[1].offset, 64);

		raw = btf_raw(btf, &rlen);
		assert_int_equal(btf_parse(raw, rlen, &again, err, sizeof(err)), 0);
		assert_int_equal(btf_nr_types(again), btf_nr_types(btf));
		btf_free(again);
	}
	btf_free(btf);
	obj_close(&o);
}

/* Every object built so far parses, with its .BTF.ext. */
static void test_all_objects(void **state)
{
	glob_t g;
	size_t i, n = 0;

	if (glob("build/examples/*.bpf.o", 0, NULL, &g) && glob("build/tests/bpf/*.bpf.o", 0, NULL, &g))
		skip();
	glob("build/tests/bpf/*.bpf.o", GLOB_APPEND, NULL, &g);
	for (i = 0; i < g.gl_pathc; i++) {
		struct obj o;
		struct btf *btf;
		struct btf_ext *ext;

		if (obj_open(g.gl_pathv[i], &o)) {
			obj_close(&o);
			continue;
		}
		if (btf_parse(o.btf_data, o.btf_len, &btf, err, sizeof(err)))
			fail_msg("%s: %s", g.gl_pathv[i], err);
		if (o.ext_data && btf_ext_parse(o.ext_data, o.ext_len, btf, &ext, err, sizeof(err)))
			fail_msg("%s: .BTF.ext: %s", g.gl_pathv[i], err);
		if (o.ext_data)
			btf_ext_free(ext);
		if (btf_fixup_datasec(btf, obj_sec_size, obj_var_offset, &o, err, sizeof(err)))
			fail_msg("%s: fix-up: %s", g.gl_pathv[i], err);
		btf_free(btf);
		obj_close(&o);
		n++;
	}
	globfree(&g);
	assert_true(n > 0);
}

/* ---- fix-up of extern declarations ---- */

static int64_t no_size(void *ctx, const char *sec) { return -1; }
static int64_t no_off(void *ctx, const char *sec, const char *var) { return -1; }
static int64_t data_size(void *ctx, const char *sec) { return strcmp(sec, ".data") ? -1 : 16; }
static int64_t data_off(void *ctx, const char *sec, const char *var)
{
	return !strcmp(var, "b") ? 0 : !strcmp(var, "a") ? 8 : -1;
}

static void test_fixup_externs(void **state)
{
	struct bb b;
	struct btf *btf;
	uint32_t i_int, i_ll, i_proto, i_kf, i_cfg, i_sym, i_ks, i_kc, i_a, i_b, i_d;
	const struct btf_type *t;
	const void *raw;
	size_t len, rlen;
	uint8_t orig[4096];

	bb_init(&b);
	i_int = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	i_ll = bb_int(&b, "long long", 8, BTF_INT_SIGNED);
	i_proto = bb_type(&b, NULL, BTF_KIND_FUNC_PROTO, 1, 0, i_int);
	bb_u32(&b, 0); bb_u32(&b, i_int);   /* unnamed parameter */
	i_kf = bb_type(&b, "bpf_kfunc", BTF_KIND_FUNC, BTF_FUNC_EXTERN, 0, i_proto);
	i_cfg = bb_type(&b, "CONFIG_HZ", BTF_KIND_VAR, 0, 0, i_ll);
	bb_u32(&b, BTF_VAR_GLOBAL_EXTERN);
	i_sym = bb_type(&b, "some_sym", BTF_KIND_VAR, 0, 0, 0);   /* typeless ksym */
	bb_u32(&b, BTF_VAR_GLOBAL_EXTERN);
	i_a = bb_type(&b, "a", BTF_KIND_VAR, 0, 0, i_ll);
	bb_u32(&b, BTF_VAR_GLOBAL_ALLOCATED);
	i_b = bb_type(&b, "b", BTF_KIND_VAR, 0, 0, i_int);
	bb_u32(&b, BTF_VAR_STATIC);
	i_ks = bb_type(&b, ".ksyms", BTF_KIND_DATASEC, 2, 0, 0);
	bb_u32(&b, i_kf); bb_u32(&b, 0); bb_u32(&b, 0);
	bb_u32(&b, i_sym); bb_u32(&b, 0); bb_u32(&b, 0);
	i_kc = bb_type(&b, ".kconfig", BTF_KIND_DATASEC, 1, 0, 0);
	bb_u32(&b, i_cfg); bb_u32(&b, 0); bb_u32(&b, 8);
	i_d = bb_type(&b, ".data", BTF_KIND_DATASEC, 2, 0, 0);
	bb_u32(&b, i_a); bb_u32(&b, 0); bb_u32(&b, 8);
	bb_u32(&b, i_b); bb_u32(&b, 0); bb_u32(&b, 4);
	btf = parse_ok(&b);
	bb_blob(&b, &len);
	memcpy(orig, b.blob, len);

	/* .data has no size here: an error naming it. */
	assert_int_equal(btf_fixup_datasec(btf, no_size, no_off, NULL, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'.data'"));
	btf_free(btf);

	btf = parse_ok(&b);
	assert_int_equal(btf_fixup_datasec(btf, data_size, data_off, NULL, err, sizeof(err)), 0);
	/* The caller's bytes are untouched; the raw blob is a private copy. */
	assert_memory_equal(b.blob, orig, len);
	raw = btf_raw(btf, &rlen);
	assert_ptr_not_equal(raw, b.blob);

	t = btf_type(btf, i_kf);
	assert_int_equal(btf_vlen(t), BTF_FUNC_STATIC);
	assert_string_equal(btf_str(btf, btf_params(btf_type(btf, i_proto))[0].name_off), "arg");
	t = btf_type(btf, i_cfg);
	assert_int_equal(btf_var(t)->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	assert_int_equal(t->type, i_ll);
	t = btf_type(btf, i_sym);
	assert_int_equal(btf_var(t)->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	assert_int_equal(t->type, i_int);   /* void became int */
	t = btf_type(btf, i_ks);
	assert_int_equal(t->size, 8);
	assert_int_equal(btf_kind(btf_type(btf, btf_secinfos(t)[0].type)), BTF_KIND_VAR);
	assert_int_equal(btf_secinfos(t)[1].offset, 4);
	t = btf_type(btf, i_kc);
	assert_int_equal(t->size, 8);
	t = btf_type(btf, i_d);
	assert_int_equal(t->size, 16);
	/* sorted by offset: b (0) then a (8) */
	assert_int_equal(btf_secinfos(t)[0].type, i_b);
	assert_int_equal(btf_secinfos(t)[1].type, i_a);
	assert_int_equal(btf_secinfos(t)[1].offset, 8);
	/* The copy parses and has the appended dummy VAR. */
	{
		struct btf *again;
		assert_int_equal(btf_parse(raw, rlen, &again, err, sizeof(err)), 0);
		assert_int_equal(btf_nr_types(again), i_d + 2);
		assert_true(btf_find(again, "__rawbpf_extern_func", BTF_KIND_VAR) > 0);
		btf_free(again);
	}
	btf_free(btf);

	/* Nothing to change: btf_raw is the caller's buffer. */
	bb_init(&b);
	bb_int(&b, "int", 4, BTF_INT_SIGNED);
	btf = parse_ok(&b);
	assert_int_equal(btf_fixup_datasec(btf, no_size, no_off, NULL, err, sizeof(err)), 0);
	raw = btf_raw(btf, &rlen);
	assert_ptr_equal(raw, b.blob);
	assert_int_equal(rlen, b.blen);
	btf_free(btf);
}

/* ---- .BTF.ext ---- */

struct ext_blob {
	uint8_t b[512];
	uint32_t n;
};

static void ext_u32(struct ext_blob *e, uint32_t v)
{
	memcpy(e->b + e->n, &v, 4);
	e->n += 4;
}

/* header (24 bytes, 32 with CO-RE) + func block with one section of nfunc records. */
static void ext_build(struct ext_blob *e, uint32_t name_off, uint32_t rec_size, uint32_t nrec,
		      uint32_t claimed, uint32_t type_id, bool core)
{
	uint32_t i, j, hdr = core ? 32 : 24, flen;

	memset(e, 0, sizeof(*e));
	flen = 4 + 8 + nrec * rec_size;
	e->b[0] = 0x9f; e->b[1] = 0xeb; e->b[2] = 1; e->b[3] = 0;
	e->n = 4;
	ext_u32(e, hdr);
	ext_u32(e, 0); ext_u32(e, flen);   /* func_info */
	ext_u32(e, flen); ext_u32(e, 0);   /* line_info: empty */
	if (core) {
		ext_u32(e, flen); ext_u32(e, 4 + 8 + 16);
	}
	ext_u32(e, rec_size);
	ext_u32(e, name_off); ext_u32(e, claimed);
	for (i = 0; i < nrec; i++) {
		ext_u32(e, i * 8);
		ext_u32(e, type_id);
		for (j = 8; j < rec_size; j += 4)
			ext_u32(e, 0);
	}
	if (core) {
		ext_u32(e, 16);
		ext_u32(e, name_off); ext_u32(e, 1);
		ext_u32(e, 0); ext_u32(e, type_id); ext_u32(e, name_off); ext_u32(e, 0);
	}
}

static void test_ext(void **state)
{
	struct bb b;
	struct btf *btf;
	struct btf_ext *ext;
	struct ext_blob e;
	uint32_t sec;

	bb_init(&b);
	bb_int(&b, "int", 4, BTF_INT_SIGNED);
	sec = bb_str(&b, "tp/x");
	btf = parse_ok(&b);

	ext_build(&e, sec, 8, 2, 2, 1, false);
	if (btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(ext->nfunc, 1);
	assert_int_equal(ext->func[0].nrec, 2);
	assert_string_equal(ext->func[0].sec_name, "tp/x");
	assert_int_equal(ext->nline, 0);
	assert_int_equal(ext->ncore, 0);
	btf_ext_free(ext);

	/* Larger records than the kernel struct are fine. */
	ext_build(&e, sec, 12, 2, 2, 1, true);
	if (btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(ext->func_rec_size, 12);
	assert_int_equal(ext->ncore, 1);
	assert_int_equal(ext->core[0].nrec, 1);
	btf_ext_free(ext);

	/* rec_size smaller than struct bpf_func_info. */
	ext_build(&e, sec, 4, 2, 2, 1, false);
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "rec_size 4"));
	/* A count past the block. */
	ext_build(&e, sec, 8, 2, 3, 1, false);
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "overrun"));
	/* A count whose product overflows 32 bits. */
	ext_build(&e, sec, 8, 2, 0x20000001, 1, false);
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	/* Section name past the strings. */
	ext_build(&e, 999, 8, 2, 2, 1, false);
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "section name"));
	/* Type id out of range. */
	ext_build(&e, sec, 8, 2, 2, 7, false);
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "type id 7"));
	/* Block length past the data; overflowing offset + length. */
	ext_build(&e, sec, 8, 2, 2, 1, false);
	e.b[12] = 0xff;
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	ext_build(&e, sec, 8, 2, 2, 1, false);
	memset(e.b + 8, 0xff, 4);
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	/* Bad magic, short header. */
	ext_build(&e, sec, 8, 2, 2, 1, false);
	e.b[0] = 0;
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	ext_build(&e, sec, 8, 2, 2, 1, false);
	assert_int_equal(btf_ext_parse(e.b, 6, btf, &ext, err, sizeof(err)), -EINVAL);
	ext_build(&e, sec, 8, 2, 2, 1, false);
	e.b[4] = 8;
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	/* CO-RE record with a kind past BPF_CORE_TYPE_MATCHES. */
	ext_build(&e, sec, 8, 2, 2, 1, true);
	e.b[e.n - 4] = 13;
	assert_int_equal(btf_ext_parse(e.b, e.n, btf, &ext, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "core_relo"));
	btf_free(btf);
}

/* ---- the running kernel ---- */

/* ---- finding types by name (btf/names.c) ---- */

/* One index per kind, keyed by the essential name: a struct, a union and a
 * typedef of one name, flavours and near-flavours ("x__" is not one), a
 * name given twice (the lower id wins), names that are not there, and
 * enough names of one kind that probe chains run into each other. */
static void test_find_index_per_kind(void **state)
{
	uint32_t i, s1, u, s2, fl, td, x2, x1, many[300];
	struct btf *btf;
	struct bb b;
	char name[16];

	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	s1 = bb_struct(&b, "foo", false, 0, 4, false);
	u = bb_struct(&b, "foo", true, 0, 4, false);
	fl = bb_struct(&b, "foo___v2", false, 0, 4, false);
	s2 = bb_struct(&b, "foo", false, 0, 8, false);
	td = bb_ref(&b, BTF_KIND_TYPEDEF, "foo", i);
	x2 = bb_struct(&b, "x__", false, 0, 4, false);
	x1 = bb_struct(&b, "x_", false, 0, 4, false);
	for (uint32_t k = 0; k < 300; k++) {
		snprintf(name, sizeof(name), "n%u", k);
		many[k] = bb_struct(&b, name, false, 0, 4, false);
	}
	btf = parse_ok(&b);
	assert_int_equal(btf_find(btf, "foo", BTF_KIND_STRUCT), s1);
	assert_true(s2 > s1);
	assert_int_equal(btf_find(btf, "foo", BTF_KIND_UNION), u);
	assert_int_equal(btf_find(btf, "foo", BTF_KIND_TYPEDEF), td);
	assert_int_equal(btf_find(btf, "foo___v2", BTF_KIND_STRUCT), fl);
	assert_int_equal(btf_find(btf, "foo___v3", BTF_KIND_STRUCT), -ENOENT);
	assert_int_equal(btf_find(btf, "x__", BTF_KIND_STRUCT), x2);
	assert_int_equal(btf_find(btf, "x_", BTF_KIND_STRUCT), x1);
	assert_int_equal(btf_find(btf, "x", BTF_KIND_STRUCT), -ENOENT);
	assert_int_equal(btf_find(btf, "foo", BTF_KIND_ENUM), -ENOENT);
	assert_int_equal(btf_find(btf, "int", BTF_KIND_INT), i);
	assert_int_equal(btf_find(btf, "", BTF_KIND_STRUCT), -ENOENT);
	assert_int_equal(btf_find(btf, "foo", 40), -ENOENT);
	for (uint32_t k = 0; k < 300; k++) {
		snprintf(name, sizeof(name), "n%u", k);
		assert_int_equal(btf_find(btf, name, BTF_KIND_STRUCT), many[k]);
	}
	btf_free(btf);
}

/* The one-walk parse leaves a func whose prototype comes after it to the
 * record-by-record checks: such BTF is valid and still parses, with every
 * type findable; a func whose "prototype" is not one is still refused. */
static void test_parse_func_before_its_prototype(void **state)
{
	uint32_t i, f, p, s;
	struct btf *btf;
	struct bb b;

	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	f = bb_ref(&b, BTF_KIND_FUNC, "f", 3);
	p = bb_type(&b, NULL, BTF_KIND_FUNC_PROTO, 0, 0, i);
	s = bb_struct(&b, "s", false, 1, 4, false);
	bb_member(&b, "a", i, 0, 0);
	assert_int_equal(p, 3);
	btf = parse_ok(&b);
	assert_int_equal(btf_nr_types(btf), 5);
	assert_int_equal(btf_find(btf, "f", BTF_KIND_FUNC), f);
	assert_int_equal(btf_find(btf, "s", BTF_KIND_STRUCT), s);
	assert_int_equal(btf_find(btf, "int", BTF_KIND_INT), i);
	btf_free(btf);

	bb_init(&b);
	i = bb_int(&b, "int", 4, BTF_INT_SIGNED);
	bb_ref(&b, BTF_KIND_FUNC, "f", 3);
	bb_struct(&b, "s", false, 0, 4, false);
	bb_blob(&b, &(size_t){ 0 });
	assert_int_equal(parse_err(&b, "expected a FUNC_PROTO"), -EINVAL);
}

static void test_vmlinux(void **state)
{
	struct btf *btf;
	size_t len = 0;
	void *data = read_file("/sys/kernel/btf/vmlinux", &len);
	int64_t ts;
	const struct btf_type *t;
	uint32_t i;
	bool found = false;
	char s[64];

	if (!data || !len) {
		free(data);
		skip();
	}
	assert_int_equal(btf_parse(data, len, &btf, err, sizeof(err)), 0);
	assert_true(btf_nr_types(btf) > 10000);
	ts = btf_find(btf, "task_struct", BTF_KIND_STRUCT);
	assert_true(ts > 0);
	t = btf_type(btf, ts);
	for (i = 0; i < btf_vlen(t); i++) {
		if (strcmp(btf_str(btf, btf_members(t)[i].name_off), "pid"))
			continue;
		found = true;
		assert_int_equal(btf_type_size(btf, btf_members(t)[i].type), 4);
		btf_type_str(btf, btf_members(t)[i].type, s, sizeof(s));
		assert_string_equal(s, "pid_t");
	}
	assert_true(found);
	btf_free(btf);
	free(data);
}

/* A kind's first lookups scan the types, later ones use the kind's index
 * (btf/names.c): on the kernel's BTF, where both happen, each name gets the
 * same answer from a fresh parse (scanned) as from one whose indexes are
 * built, and so do CO-RE's candidate lists, asked twice (kept answers). */
static void test_vmlinux_scan_then_index(void **state)
{
	static const struct { const char *name; int kind; } names[] = {
		{ "task_struct", BTF_KIND_STRUCT }, { "list_head", BTF_KIND_STRUCT },
		{ "mm_struct", BTF_KIND_STRUCT }, { "sk_buff", BTF_KIND_STRUCT },
		{ "no_such_struct_here", BTF_KIND_STRUCT }, { "bpf_iter_task", BTF_KIND_FUNC },
		{ "schedule", BTF_KIND_FUNC }, { "no_such_function_here", BTF_KIND_FUNC },
		{ "pid_t", BTF_KIND_TYPEDEF }, { "bpf_map_type", BTF_KIND_ENUM },
	};
	size_t len = 0, i;
	void *data = read_file("/sys/kernel/btf/vmlinux", &len);
	uint32_t *ids[2], n[2];
	struct btf *fresh, *warm;

	if (!data || !len) {
		free(data);
		skip();
	}
	assert_int_equal(btf_parse(data, len, &warm, err, sizeof(err)), 0);
	for (int r = 0; r < 64; r++)   /* past every kind's share of scans */
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			btf_find(warm, names[i].name, names[i].kind);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(btf_parse(data, len, &fresh, err, sizeof(err)), 0);
		assert_int_equal(btf_find(fresh, names[i].name, names[i].kind),
				 btf_find(warm, names[i].name, names[i].kind));
		assert_true(strstr(names[i].name, "no_such") ||
			    btf_find(warm, names[i].name, names[i].kind) > 0);
		btf_free(fresh);
	}
	assert_int_equal(btf_parse(data, len, &fresh, err, sizeof(err)), 0);
	for (int r = 0; r < 2; r++) {
		uint32_t kinds = 1u << BTF_KIND_STRUCT | 1u << BTF_KIND_UNION;

		assert_int_equal(btf_find_essential(fresh, "task_struct___mine", kinds, &ids[0], &n[0]), 0);
		assert_int_equal(btf_find_essential(warm, "task_struct", kinds, &ids[1], &n[1]), 0);
		assert_int_equal(n[0], n[1]);
		assert_true(n[0] >= 1);
		assert_memory_equal(ids[0], ids[1], n[0] * sizeof(uint32_t));
		assert_int_equal(ids[0][0], btf_find(warm, "task_struct", BTF_KIND_STRUCT));
		free(ids[0]);
		free(ids[1]);
	}
	btf_free(fresh);
	btf_free(warm);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_kinds),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_types),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_map_def_handmade),
		cmocka_unit_test(test_object_kinds),
		cmocka_unit_test(test_all_objects),
		cmocka_unit_test(test_fixup_externs),
		cmocka_unit_test(test_ext),
		cmocka_unit_test(test_find_index_per_kind),
		cmocka_unit_test(test_parse_func_before_its_prototype),
		cmocka_unit_test(test_vmlinux),
		cmocka_unit_test(test_vmlinux_scan_then_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
