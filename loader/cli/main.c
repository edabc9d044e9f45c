/* rawbpf — load a clang-compiled BPF object with raw syscalls, attach its
 * programs and print what they send. This file reads the command line and
 * hands over to one cmd_*() per command. */
#include "loader/cli/cli.h"
#include "loader/cli/builtin.h"
#include "loader/cli/json.h"
#include "common/err.h"
#include "common/num.h"
#include "common/util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

/* The help text is loader/cli/usage.txt, embedded gzip'd (builtin.c). */
static int print_usage(const struct cli *c)
{
	unsigned char *text;
	size_t len;
	char err[ERR_LEN];

	if (cli_unpack(cli_usage_gz_start, cli_usage_gz_end, &text, &len, err, sizeof(err)))
		return cli_error(c, EXIT_INPUT, "the help text: %s", err);
	fwrite(text, 1, len, stdout);
	free(text);
	return EXIT_OK;
}

/* One error, as "rawbpf: FILE: MESSAGE" on stderr, or with --json as one
 * JSON object on stdout (where a script reads the rest, as bpftool -j does):
 *   {"error":"MESSAGE","file":"FILE","command":"load","status":1}
 * file and command only when known. */
static void report(const struct cli *c, int status, const char *msg)
{
	if (c && c->json) {
		json_printf(stdout, "{\"error\":%j", msg);
		if (c->file)
			json_printf(stdout, ",\"file\":%j", c->file);
		if (c->cmd)
			json_printf(stdout, ",\"command\":%j", c->cmd);
		printf(",\"status\":%d}\n", status);
		fflush(stdout);
		return;
	}
	fputs("rawbpf: ", stderr);
	if (c && c->file)
		fprintf(stderr, "%s: ", c->file);
	fprintf(stderr, "%s\n", msg);
}

int cli_error(const struct cli *c, int status, const char *fmt, ...)
{
	char msg[4 * ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	report(c, status, msg);
	return status;
}

int cli_fail(const struct cli *c, int status, const char *msg)
{
	report(c, status, msg);
	return status;
}

static int usage_error(const struct cli *c, const char *fmt, const char *arg)
{
	char msg[4 * ERR_LEN];

	snprintf(msg, sizeof(msg), fmt, arg);
	report(c && c->json ? c : NULL, EXIT_USAGE, msg);
	if (!c || !c->json)
		fputs("Try 'rawbpf --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/* The version and what this binary was built with, for bug reports:
 * "rawbpf 0.1.0 (static, musl)". A static binary has no program
 * interpreter, so the kernel's auxiliary vector gives it AT_BASE 0. musl
 * (the static build's C library) defines no macro of its own: a libc that
 * is not glibc is taken to be musl, the only other one the Makefile uses. */
static void print_version(void)
{
	const char *libc = "musl", *san = "";

#ifdef __GLIBC__
	libc = "glibc";
#endif
#if defined(__SANITIZE_ADDRESS__)
	san = ", ASan";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	san = ", ASan";
#endif
#endif
	printf("rawbpf %s (%s, %s%s)\n", RAWBPF_VERSION, getauxval(AT_BASE) ? "dynamic" : "static", libc, san);
}

static bool push(char ***arr, int *n, char *v)
{
	char **p = realloc(*arr, (*n + 1) * sizeof(*p));

	if (!p)
		return false;
	p[(*n)++] = v;
	*arr = p;
	return true;
}


enum { O_SET = 256, O_PIN, O_BTF, O_EXPLAIN, O_DRY, O_ONLY, O_SKIP, O_PID, O_SAMPLE,
       O_PAGES, O_RING_SIZE, O_ETYPE, O_JSON, O_NOPRINTK, O_INTERVAL, O_DURATION, O_ATTACH,
       O_MAP, O_KEEP_GOING, O_MAPS, O_DEV, O_XDP_MODE, O_CGROUP, O_LINKS, O_HELP, O_VERSION,
       O_END };

/* The long options in the order of their values (O_SET, O_PIN, ...), each
 * name after its has_arg ('0' no_argument, '1' required, '2' optional):
 * one string, made into getopt_long's table by long_options() (a table of
 * struct option is 32 bytes a name). */
static const char longnames[] =
	"1set\0" "1pin\0" "2btf\0" "0explain\0" "0dry-run\0" "1only\0" "1skip\0"
	"1pid\0" "1sample\0" "1pages\0" "1ring-size\0" "1event-type\0" "0json\0"
	"0no-printk\0" "1interval\0" "1duration\0" "1attach\0" "1map\0"
	"0keep-going\0" "1maps\0" "1dev\0" "1xdp-mode\0" "1cgroup\0" "0links\0"
	"0help\0" "0version";

static void long_options(struct option lo[O_END - O_SET + 1])
{
	const char *p = longnames;
	int i;

	for (i = 0; i < O_END - O_SET; i++) {
		lo[i] = (struct option){ p + 1, *p - '0', NULL, O_SET + i };
		p += strlen(p) + 1;
	}
	lo[i] = (struct option){ 0 };
}

/* "--btf FILE" as well as "--btf=FILE": an optional argument may only be
 * joined, so a following word that is a readable file and not an object
 * (an object file is never BTF) is joined to it here, before getopt. Doing
 * it inside getopt's loop depended on glibc: musl permutes each option to
 * the front as it returns it, so argv[optind] is not the word after it.
 * Returns the new argc (argv[argc] is NULL), or -1 when out of memory; the
 * joined strings go into *joined, one per --btf, for main() to free. */
static int btf_joined(int argc, char **argv, char ***joined, int *njoined)
{
	for (int i = 1; i + 1 < argc; i++) {
		const char *f = argv[i + 1];
		char *j;

		if (strcmp(argv[i], "--btf") || f[0] == '-' || strstr(f, ".o") || access(f, R_OK))
			continue;
		j = malloc(strlen(f) + sizeof("--btf="));
		if (!j || !push(joined, njoined, j)) {
			free(j);
			return -1;
		}
		memcpy(j, "--btf=", 6);
		strcpy(j + 6, f);
		argv[i] = j;
		memmove(&argv[i + 1], &argv[i + 2], (size_t)(argc - i - 2) * sizeof(*argv));
		argv[--argc] = NULL;
	}
	return argc;
}

/* The options that only set a field of struct cli: a string (optarg), a
 * flag (true), or a list (optarg appended, the count after it), indexed by
 * the option's value less O_SET; kind 0: the option is parsed in parse(). */
enum { F_STR = 1, F_FLAG, F_LIST };
#define STR(f) { F_STR, offsetof(struct cli, f), 0 }
#define FLAG(f) { F_FLAG, offsetof(struct cli, f), 0 }
#define LIST(f, n) { F_LIST, offsetof(struct cli, f), offsetof(struct cli, n) }
static const struct { unsigned char kind, off, noff; } fields[O_END - O_SET] = {
	[O_SET - O_SET] = LIST(sets, nsets),
	[O_PIN - O_SET] = STR(pin),
	[O_EXPLAIN - O_SET] = FLAG(explain),
	[O_DRY - O_SET] = FLAG(dry_run),
	[O_ONLY - O_SET] = LIST(only, nonly),
	[O_SKIP - O_SET] = LIST(skip, nskip),
	[O_SAMPLE - O_SET] = STR(sample),
	[O_ETYPE - O_SET] = STR(event_type),
	[O_JSON - O_SET] = FLAG(json),
	[O_NOPRINTK - O_SET] = FLAG(no_printk),
	[O_ATTACH - O_SET] = LIST(attach, nattach),
	[O_MAP - O_SET] = LIST(mapshapes, nmapshapes),
	[O_KEEP_GOING - O_SET] = FLAG(keep_going),
	[O_MAPS - O_SET] = STR(maps),
	[O_DEV - O_SET] = LIST(devs, ndevs),
	[O_CGROUP - O_SET] = STR(cgroup),
	[O_LINKS - O_SET] = FLAG(links),
};
#undef STR
#undef FLAG
#undef LIST
_Static_assert(sizeof(struct cli) <= 256, "fields[]: an offset in a byte");

/* 1 when opt only sets a field (fields[]), 0 when not, else the usage
 * error's status. */
static int field_option(struct cli *c, int opt)
{
	char *f;

	if (opt < O_SET || opt >= O_END)
		return 0;
	f = (char *)c + fields[opt - O_SET].off;
	switch (fields[opt - O_SET].kind) {
	case F_STR:
		*(const char **)f = optarg;
		return 1;
	case F_FLAG:
		*(bool *)f = true;
		return 1;
	case F_LIST:
		if (!push((char ***)f, (int *)((char *)c + fields[opt - O_SET].noff), optarg))
			return usage_error(c, "%s", "out of memory");
		return 1;
	}
	return 0;
}

static int parse(struct cli *c, int argc, char **argv)
{
	struct option longopts[O_END - O_SET + 1];
	uint64_t v;
	int opt, r;

	/* '+': stop at the first non-option? No: options may follow FILE, so
	 * let getopt permute, but never past "--" (COMMAND's own options). */
	long_options(longopts);
	while ((opt = getopt_long(argc, argv, "hV", longopts, NULL)) != -1) {
		if (opt == O_SET && !strchr(optarg, '='))
			return usage_error(c, "--set '%s': expected NAME=VALUE", optarg);
		if ((r = field_option(c, opt)) == 1)
			continue;
		if (r)
			return r;
		switch (opt) {
		case 'h':
		case O_HELP:
			exit(print_usage(c));
		case 'V':
		case O_VERSION:
			print_version();
			exit(EXIT_OK);
		case O_BTF:
			/* A bare --btf (disasm) means the running kernel's;
			 * "--btf FILE" became "--btf=FILE" in btf_joined(). */
			c->btf = optarg ? optarg : "/sys/kernel/btf/vmlinux";
			break;
		case O_PID:
			if (num_u64(optarg, 1, INT_MAX, &v))
				return usage_error(c, "--pid '%s': expected a process id", optarg);
			c->pid = (int)v;
			break;
		case O_PAGES:
			if (num_u64(optarg, 1, 1 << 16, &v) || (v & (v - 1)))
				return usage_error(c, "--pages '%s': expected a power of 2 (1, 2, 4, ... 65536)", optarg);
			c->pages = (int)v;
			break;
		case O_RING_SIZE:
			/* BPF_MAP_TYPE_RINGBUF: max_entries a power of 2 and a
			 * multiple of the page size (kernel/bpf/ringbuf.c). */
			if (num_u64(optarg, (uint64_t)getpagesize(), 1u << 30, &v) || (v & (v - 1)))
				return usage_error(c, "--ring-size '%s': expected a power of 2, at least the page size, at most 1073741824",
						   optarg);
			c->ring_size = (uint32_t)v;
			break;
		case O_INTERVAL:
			/* Seconds, kept in milliseconds. */
			if (num_fixed(optarg, 3, 10, 1000000000ull, &c->interval_ms))
				return usage_error(c, "--interval '%s': expected seconds (0.01 and up)", optarg);
			break;
		case O_DURATION:
			if (num_fixed(optarg, 3, 10, 1000000000000ull, &c->duration_ms))
				return usage_error(c, "--duration '%s': expected seconds (0.01 and up)", optarg);
			break;
		case O_XDP_MODE:
			if (strcmp(optarg, "skb") && strcmp(optarg, "native"))
				return usage_error(c, "--xdp-mode '%s': expected skb or native", optarg);
			c->xdp_mode = optarg;
			break;
		default:
			return usage_error(c, "unrecognized option '%s'", argv[optind - 1]);
		}
	}
	return -1;
}

/* The commands, in the order of C_RUN, C_LOAD, C_INSPECT, C_DISASM. */
static const char commands[] = "run\0load\0inspect\0disasm\0";
enum { C_RUN, C_LOAD, C_INSPECT, C_DISASM };

int main(int argc, char **argv)
{
	struct cli c = { .pages = 64 };
	int dashdash = argc, ret, npos, njoined = 0, cmd;
	char **pos, **joined = NULL;

	/* Everything after "--" is COMMAND for `run`. --json is known before
	 * the options are read, so that a usage error is JSON too. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			dashdash = i;
			break;
		}
		c.json |= !strcmp(argv[i], "--json");
	}
	if (dashdash < argc) {
		c.command = &argv[dashdash + 1];
		argv[dashdash] = NULL;
		if (!c.command[0])
			return usage_error(&c, "%s", "'--' must be followed by a COMMAND to run");
	}
	opterr = 0;  /* our own messages, which start with "rawbpf:" */
	dashdash = btf_joined(dashdash, argv, &joined, &njoined);
	ret = dashdash < 0 ? usage_error(&c, "%s", "out of memory") : parse(&c, dashdash, argv);
	if (ret >= 0)
		goto out;
	pos = &argv[optind];
	npos = dashdash - optind;

	/* The command: run unless the first operand names one. */
	for (cmd = C_DISASM; cmd > C_RUN && (npos < 1 || strcmp(pos[0], str_nth(commands, cmd))); cmd--)
		;
	c.cmd = str_nth(commands, cmd);
	if (npos > 0 && !strcmp(pos[0], c.cmd)) {
		pos++;
		npos--;
	}
	if (npos > 0)
		c.file = pos[0];
	if (cmd == C_DISASM && npos == 2) {
		c.prog = pos[1];
		npos--;
	}
	if (npos > 1)
		ret = usage_error(&c, "unexpected argument '%s'", pos[1]);
	else if (!c.file && cmd != C_RUN)
		ret = usage_error(&c, "%s: missing FILE.o", c.cmd);
	else if (c.command && cmd != C_RUN)
		ret = usage_error(&c, "%s: '-- COMMAND' goes with run only", c.cmd);
	else if (cmd == C_INSPECT)
		ret = cmd_inspect(&c);
	else if (cmd == C_DISASM)
		ret = cmd_disasm(&c);
	else if (cmd == C_LOAD)
		ret = cmd_load(&c);
	else
		ret = cmd_run(&c);
out:
	free(c.sets);
	free(c.only);
	free(c.skip);
	free(c.attach);
	free(c.mapshapes);
	free(c.devs);
	for (int i = 0; i < njoined; i++)
		free(joined[i]);
	free(joined);
	return ret;
}
