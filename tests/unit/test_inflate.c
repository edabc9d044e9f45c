/* common/inflate.c against zlib, the oracle: everything zlib compresses
 * (every level and strategy, stored, fixed and dynamic blocks, gzip headers
 * with every optional field) must come back byte for byte; truncated and
 * corrupted streams must be refused with a message, and where zlib itself
 * accepts a corrupted raw stream, both must agree on the bytes. */
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "common/inflate.h"

#define MAX_OUT (256u << 20)

struct buf {
	unsigned char *p;
	size_t n;
};

/* A small deterministic generator, so that failures can be replayed. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* Compress in[n] with zlib: windowBits 31 for gzip, -15 (or another
 * negative) for raw DEFLATE. head, when set, fills the gzip header's fields.
 * flush_every > 0 cuts the input into pieces ended by Z_FULL_FLUSH, which
 * writes empty stored blocks between them. */
static struct buf zcompress(const void *in, size_t n, int level, int wbits, int strategy,
			    gz_header *head, size_t flush_every)
{
	z_stream z;
	struct buf b;
	size_t cap, done = 0;
	int r;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, wbits, 8, strategy), Z_OK);
	if (head)
		assert_int_equal(deflateSetHeader(&z, head), Z_OK);
	cap = deflateBound(&z, n) + 64 + (flush_every ? 16 * (n / flush_every + 1) : 0);
	b.p = malloc(cap);
	assert_non_null(b.p);
	z.next_out = b.p;
	z.avail_out = cap;
	do {
		size_t piece = flush_every && n - done > flush_every ? flush_every : n - done;

		z.next_in = (unsigned char *)in + done;
		z.avail_in = piece;
		done += piece;
		r = deflate(&z, done == n ? Z_FINISH : Z_FULL_FLUSH);
		assert_true(r == Z_OK || r == Z_STREAM_END);
		assert_int_equal(z.avail_in, 0);
	} while (done < n);
	assert_int_equal(r, Z_STREAM_END);
	b.n = z.total_out;
	deflateEnd(&z);
	return b;
}

/* zlib's verdict on a raw stream: 0 and the bytes, or -1. */
static int zraw(const unsigned char *in, size_t n, struct buf *out)
{
	z_stream z;
	size_t cap = 1 << 16;
	int r = Z_OK;

	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, -15), Z_OK);
	out->p = malloc(cap);
	assert_non_null(out->p);
	z.next_in = (unsigned char *)in;
	z.avail_in = n;
	while (r == Z_OK) {
		if (z.total_out == cap) {
			out->p = realloc(out->p, cap *= 2);
			assert_non_null(out->p);
		}
		z.next_out = out->p + z.total_out;
		z.avail_out = cap - z.total_out;
		r = inflate(&z, Z_NO_FLUSH);
		if (r == Z_BUF_ERROR && z.avail_out)
			break;          /* input exhausted: truncated */
		if (r == Z_BUF_ERROR)
			r = Z_OK;
	}
	out->n = z.total_out;
	inflateEnd(&z);
	if (r != Z_STREAM_END) {
		free(out->p);
		out->p = NULL;
		return -1;
	}
	return 0;
}

static void expect_gunzip(const struct buf *gz, const void *want, size_t n)
{
	unsigned char *out = (unsigned char *)"x";
	size_t len = 1;
	char err[256] = "";
	int ret = infl_gunzip(gz->p, gz->n, MAX_OUT, &out, &len, err, sizeof(err));

	if (ret)
		fail_msg("infl_gunzip refused %zu bytes of zlib's gzip: %s", gz->n, err);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
	assert_int_equal(out[n], 0);
	free(out);
}

static void expect_raw(const struct buf *raw, const void *want, size_t n)
{
	unsigned char *out;
	size_t len, used;
	char err[256] = "";
	int ret = infl_raw(raw->p, raw->n, MAX_OUT, &out, &len, &used, err, sizeof(err));

	if (ret)
		fail_msg("infl_raw refused %zu bytes of zlib's raw deflate: %s", raw->n, err);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
	assert_int_equal(used, raw->n);
	free(out);
}

/* Every level, strategy and wrapper on one input. */
static void round_trips(const void *in, size_t n)
{
	static const int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };

	for (int level = 0; level <= 9; level++) {
		for (size_t k = 0; k < sizeof(strategies) / sizeof(strategies[0]); k++) {
			struct buf gz = zcompress(in, n, level, 31, strategies[k], NULL, 0);
			struct buf raw = zcompress(in, n, level, -15, strategies[k], NULL, 0);

			expect_gunzip(&gz, in, n);
			expect_raw(&raw, in, n);
			free(gz.p);
			free(raw.p);
			if (level != 6)
				break;          /* every strategy at one level is enough */
		}
	}
	/* Small windows, and full flushes (empty stored blocks between pieces). */
	struct buf w9 = zcompress(in, n, 9, -9, Z_DEFAULT_STRATEGY, NULL, 0);
	struct buf fl = zcompress(in, n, 6, 31, Z_DEFAULT_STRATEGY, NULL, 1000);

	expect_raw(&w9, in, n);
	expect_gunzip(&fl, in, n);
	free(w9.p);
	free(fl.p);
}

static unsigned char *random_bytes(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)rnd();
	return p;
}

/* Text shaped like a kernel config: CONFIG_ lines, comments, some values. */
static char *config_like(size_t lines, size_t *n)
{
	static const char *words[] = { "NET", "BPF", "KPROBES", "DEBUG_INFO", "BTF", "X86", "USB",
				       "SCHED", "CGROUP", "TRACING", "FTRACE", "IKCONFIG", "PROC" };
	size_t cap = lines * 64 + 1, len = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	for (size_t i = 0; i < lines; i++) {
		const char *a = words[rnd() % 13], *b = words[rnd() % 13];

		switch (rnd() % 5) {
		case 0:
			len += snprintf(s + len, cap - len, "# CONFIG_%s_%s is not set\n", a, b);
			break;
		case 1:
			len += snprintf(s + len, cap - len, "CONFIG_%s_%s_%zu=m\n", a, b, i);
			break;
		case 2:
			len += snprintf(s + len, cap - len, "CONFIG_%s_SIZE=%u\n", a, rnd() % 65536);
			break;
		case 3:
			len += snprintf(s + len, cap - len, "\n#\n# %s options\n#\n", b);
			break;
		default:
			len += snprintf(s + len, cap - len, "CONFIG_%s_%s=y\n", a, b);
		}
	}
	*n = len;
	return s;
}

static void test_small_inputs(void **state)
{
	static const char *texts[] = { "", "a", "hello, world\n", "abababababababababababababab",
				       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		round_trips(texts[i], strlen(texts[i]));
	/* Every length from 0 to 300 of random and of repetitive bytes. */
	for (size_t n = 0; n <= 300; n++) {
		unsigned char *r = random_bytes(n);
		struct buf gz = zcompress(r, n, (int)(n % 10), 31, Z_DEFAULT_STRATEGY, NULL, 0);

		expect_gunzip(&gz, r, n);
		free(gz.p);
		for (size_t i = 0; i < n; i++)
			r[i] = "abc"[i % 3 == 0 ? 0 : rnd() % 3];
		gz = zcompress(r, n, (int)(9 - n % 10), 31, Z_DEFAULT_STRATEGY, NULL, 0);
		expect_gunzip(&gz, r, n);
		free(gz.p);
		free(r);
	}
}

static void test_large_inputs(void **state)
{
	size_t n;
	char *cfg = config_like(8000, &n);
	unsigned char *r = random_bytes(300000);

	round_trips(cfg, n);
	round_trips(r, 300000);             /* incompressible: stored blocks */
	free(cfg);
	free(r);
	/* 4 MiB mixing text, runs and noise: long matches, all distances. */
	n = 4u << 20;
	r = malloc(n);
	assert_non_null(r);
	for (size_t i = 0; i < n;) {
		size_t k = 1 + rnd() % 2000;

		if (k > n - i)
			k = n - i;
		switch (rnd() % 3) {
		case 0:
			memset(r + i, (int)rnd(), k);
			break;
		case 1:
			for (size_t j = 0; j < k; j++)
				r[i + j] = (unsigned char)rnd();
			break;
		default: {
			size_t d = 1 + rnd() % 32768;

			for (size_t j = 0; j < k; j++)
				r[i + j] = i + j >= d ? r[i + j - d] : 'x';
		}
		}
		i += k;
	}
	for (int level = 1; level <= 9; level += 4) {
		struct buf gz = zcompress(r, n, level, 31, Z_DEFAULT_STRATEGY, NULL, 0);

		expect_gunzip(&gz, r, n);
		free(gz.p);
	}
	free(r);
}

/* Read a file whole; with gz, through zlib's gzread (the oracle). */
static int slurp(const char *path, bool gz, struct buf *b)
{
	size_t cap = 64u << 20;
	long n = -1;

	b->p = malloc(cap);
	assert_non_null(b->p);
	if (gz) {
		gzFile z = gzopen(path, "rb");

		if (z) {
			n = gzread(z, b->p, (unsigned)cap);
			gzclose(z);
		}
	} else {
		FILE *f = fopen(path, "rb");

		if (f) {
			n = (long)fread(b->p, 1, cap, f);
			fclose(f);
		}
	}
	if (n <= 0) {
		free(b->p);
		return -1;
	}
	b->n = (size_t)n;
	return 0;
}

/* The kernel configs this machine has: /proc/config.gz and any
 * /boot/config-*.gz as the kernel or Debian compressed them, and every
 * config's text compressed here at every level. */
static void test_real_configs(void **state)
{
	glob_t g;
	size_t seen = 0;

	if (glob("/boot/config-*", 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *path = g.gl_pathv[i];
			size_t l = strlen(path);
			bool gz = l > 3 && !strcmp(path + l - 3, ".gz");
			struct buf text, file;

			if (slurp(path, gz, &text))
				continue;
			if (gz && slurp(path, false, &file) == 0) {
				expect_gunzip(&file, text.p, text.n);
				free(file.p);
			}
			round_trips(text.p, text.n);
			free(text.p);
			seen++;
		}
		globfree(&g);
	}
	{
		struct buf text, file;

		if (slurp("/proc/config.gz", true, &text) == 0) {
			assert_int_equal(slurp("/proc/config.gz", false, &file), 0);
			expect_gunzip(&file, text.p, text.n);
			round_trips(text.p, text.n);
			free(file.p);
			free(text.p);
			seen++;
		}
	}
	print_message("# %zu kernel configs\n", seen);
	if (!seen)
		skip();
}

/* Every optional gzip header field, and members back to back. */
static void test_gzip_headers(void **state)
{
	static const char text[] = "CONFIG_BPF=y\nCONFIG_BPF_SYSCALL=y\n";
	unsigned char extra[] = "AB\x02\x00xy";
	gz_header h;
	struct buf a, b, both;

	memset(&h, 0, sizeof(h));
	h.text = 1;
	h.time = 1234567;
	h.os = 3;
	h.extra = extra;
	h.extra_len = sizeof(extra) - 1;
	h.name = (unsigned char *)"config";
	h.comment = (unsigned char *)"a comment";
	h.hcrc = 1;
	a = zcompress(text, sizeof(text) - 1, 9, 31, Z_DEFAULT_STRATEGY, &h, 0);
	expect_gunzip(&a, text, sizeof(text) - 1);

	/* The header CRC is checked. */
	both.p = malloc(a.n);
	assert_non_null(both.p);
	memcpy(both.p, a.p, a.n);
	both.p[12] ^= 1;                        /* inside the extra field */
	{
		unsigned char *out;
		size_t len;
		char err[256] = "";

		assert_int_equal(infl_gunzip(both.p, a.n, MAX_OUT, &out, &len, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, "header CRC"));
		assert_null(out);
	}
	free(both.p);

	/* Two members: the output is both texts. */
	b = zcompress("second\n", 7, 1, 31, Z_DEFAULT_STRATEGY, NULL, 0);
	both.n = a.n + b.n;
	both.p = malloc(both.n);
	assert_non_null(both.p);
	memcpy(both.p, a.p, a.n);
	memcpy(both.p + a.n, b.p, b.n);
	expect_gunzip(&both, "CONFIG_BPF=y\nCONFIG_BPF_SYSCALL=y\nsecond\n", sizeof(text) - 1 + 7);
	free(both.p);
	free(a.p);
	free(b.p);
}

static int gunzip_err(const void *p, size_t n, size_t max, char *err, size_t errlen)
{
	unsigned char *out = (unsigned char *)"x";
	size_t len = 99;
	int ret;

	err[0] = '\0';
	ret = infl_gunzip(p, n, max, &out, &len, err, errlen);
	if (ret) {
		assert_null(out);
		assert_int_equal(len, 0);
		assert_true(err[0] != '\0');
		assert_null(strchr(err, '\n'));
	} else {
		free(out);
	}
	return ret;
}

static void expect_refused(const void *p, size_t n, int want, const char *msg)
{
	char err[256];

	assert_int_equal(gunzip_err(p, n, MAX_OUT, err, sizeof(err)), want);
	if (!strstr(err, msg))
		fail_msg("message \"%s\" does not say \"%s\"", err, msg);
}

/* Every prefix of a stream is refused; so is every one-bit change that
 * changes the output (the CRC-32 or a decoding error catches it). */
static void test_truncated_and_flipped(void **state)
{
	size_t n;
	char *cfg = config_like(300, &n), err[256];
	struct buf gz = zcompress(cfg, n, 9, 31, Z_DEFAULT_STRATEGY, NULL, 0);
	struct buf st = zcompress(cfg, n, 0, 31, Z_DEFAULT_STRATEGY, NULL, 0);

	for (size_t k = 0; k < gz.n; k++)
		assert_int_equal(gunzip_err(gz.p, k, MAX_OUT, err, sizeof(err)), -EINVAL);
	for (size_t k = 0; k < st.n; k += 7)
		assert_int_equal(gunzip_err(st.p, k, MAX_OUT, err, sizeof(err)), -EINVAL);
	for (size_t k = 0; k < gz.n * 8; k++) {
		unsigned char *out;
		size_t len;
		int ret;

		gz.p[k / 8] ^= 1u << (k % 8);
		ret = infl_gunzip(gz.p, gz.n, MAX_OUT, &out, &len, err, sizeof(err));
		gz.p[k / 8] ^= 1u << (k % 8);
		if (ret == 0) {
			/* MTIME, XFL, OS, the FTEXT flag and the padding bits
			 * after the last block do not change the data. */
			assert_int_equal(len, n);
			assert_memory_equal(out, cfg, n);
			free(out);
		}
	}
	free(gz.p);
	free(st.p);
	free(cfg);
}

/* Random changes to raw streams: where zlib accepts the result, the same
 * bytes; where zlib refuses, a refusal. */
static void test_corrupt_raw_agrees_with_zlib(void **state)
{
	size_t n;
	char *cfg = config_like(200, &n);
	struct buf raw[3] = {
		zcompress(cfg, n, 9, -15, Z_DEFAULT_STRATEGY, NULL, 0),
		zcompress(cfg, n, 6, -15, Z_FIXED, NULL, 0),
		zcompress(cfg, 300, 0, -15, Z_DEFAULT_STRATEGY, NULL, 0),
	};
	unsigned accepted = 0, refused = 0;

	for (int r = 0; r < 3; r++) {
		unsigned char *m = malloc(raw[r].n);

		assert_non_null(m);
		for (int iter = 0; iter < 3000; iter++) {
			struct buf z;
			unsigned char *out;
			size_t len, used;
			char err[256] = "";
			int zr, ours;

			memcpy(m, raw[r].p, raw[r].n);
			for (int k = 1 + rnd() % 3; k > 0; k--) {
				size_t at = rnd() % (iter < 1500 ? 40 : raw[r].n);

				m[at] = rnd() % 2 ? m[at] ^ (1u << rnd() % 8) : (unsigned char)rnd();
			}
			zr = zraw(m, raw[r].n, &z);
			ours = infl_raw(m, raw[r].n, MAX_OUT, &out, &len, &used, err, sizeof(err));
			if (zr == 0) {
				if (ours)
					fail_msg("zlib accepts a changed stream (round %d.%d), infl_raw does not: %s",
						 r, iter, err);
				assert_int_equal(len, z.n);
				assert_memory_equal(out, z.p, len);
				free(out);
				free(z.p);
				accepted++;
			} else {
				if (!ours)
					fail_msg("zlib refuses a changed stream (round %d.%d), infl_raw accepts it",
						 r, iter);
				assert_int_equal(ours, -EINVAL);
				assert_true(err[0] != '\0');
				refused++;
			}
		}
		free(m);
		free(raw[r].p);
	}
	print_message("# %u changed streams accepted by both, %u refused by both\n", accepted, refused);
	free(cfg);
}

/* Hand-made bad streams, each refused for its own reason. */
static void test_refusals(void **state)
{
	static const unsigned char hdr[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	unsigned char g[64];
	char err[256];
	struct buf ok = zcompress("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 40, 9, 31, Z_DEFAULT_STRATEGY, NULL, 0);

	expect_refused("", 0, -EINVAL, "shorter than a gzip header");
	expect_refused("PK\3\4 not gzip at all", 20, -EINVAL, "not gzip");
	memcpy(g, hdr, 10);
	g[2] = 7;
	expect_refused(g, 10, -EINVAL, "compression method 7");
	g[2] = 8;
	g[3] = 0x20;
	expect_refused(g, 10, -EINVAL, "reserved bits");
	g[3] = 8;                               /* FNAME without its zero byte */
	memcpy(g + 10, "name", 4);
	expect_refused(g, 14, -EINVAL, "no terminating zero");
	g[3] = 4;                               /* FEXTRA longer than the file */
	g[10] = 200;
	g[11] = 0;
	expect_refused(g, 14, -EINVAL, "extra field");
	g[3] = 0;
	g[10] = 0x07;                           /* last block, type 3 */
	expect_refused(g, 11, -EINVAL, "block type 3");
	g[10] = 0x01;                           /* last, stored: LEN 5, NLEN not ~5 */
	memcpy(g + 11, "\x05\x00\x00\x00", 4);
	expect_refused(g, 15, -EINVAL, "complement");
	/* Fixed block: a match at distance 1 with nothing written yet. The
	 * bits: BFINAL 1, BTYPE 01, length symbol 257 (7-bit code 0000001),
	 * distance symbol 0 (5-bit code 00000). */
	{
		/* Write the bits one at a time, least significant first. */
		static const int bits[] = { 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0 };

		memset(g + 10, 0, 8);
		for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			g[10 + i / 8] |= bits[i] << (i % 8);
	}
	expect_refused(g, 18, -EINVAL, "distance of 1 bytes, but only 0 written");
	/* A valid member followed by junk. */
	memcpy(g, ok.p, ok.n);
	memcpy(g + ok.n, "junk after it", 13);
	expect_refused(g, ok.n + 13, -EINVAL, "not gzip");
	expect_refused(g, ok.n + 4, -EINVAL, "shorter than a gzip header");
	/* CRC and ISIZE of the trailer. */
	memcpy(g, ok.p, ok.n);
	g[ok.n - 8] ^= 1;
	expect_refused(g, ok.n, -EINVAL, "CRC32");
	g[ok.n - 8] ^= 1;
	g[ok.n - 4] ^= 1;
	expect_refused(g, ok.n, -EINVAL, "trailer says");
	g[ok.n - 4] ^= 1;
	/* The output cap. */
	assert_int_equal(gunzip_err(ok.p, ok.n, 40, err, sizeof(err)), 0);
	assert_int_equal(gunzip_err(ok.p, ok.n, 39, err, sizeof(err)), -EFBIG);
	assert_non_null(strstr(err, "passes 39 bytes"));
	free(ok.p);
}

/* A raw stream's used count stops at its last byte. */
static void test_raw_used(void **state)
{
	struct buf raw = zcompress("hello hello hello", 17, 6, -15, Z_DEFAULT_STRATEGY, NULL, 0);
	unsigned char *p = malloc(raw.n + 5), *out;
	size_t len, used;
	char err[256];

	assert_non_null(p);
	memcpy(p, raw.p, raw.n);
	memcpy(p + raw.n, "trail", 5);
	assert_int_equal(infl_raw(p, raw.n + 5, MAX_OUT, &out, &len, &used, err, sizeof(err)), 0);
	assert_int_equal(used, raw.n);
	assert_int_equal(len, 17);
	assert_memory_equal(out, "hello hello hello", 17);
	free(out);
	free(p);
	free(raw.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_inputs),
		cmocka_unit_test(test_large_inputs),
		cmocka_unit_test(test_real_configs),
		cmocka_unit_test(test_gzip_headers),
		cmocka_unit_test(test_truncated_and_flipped),
		cmocka_unit_test(test_corrupt_raw_agrees_with_zlib),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_raw_used),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
