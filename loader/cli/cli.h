/* The command line: options shared by every command, and one function per
 * command (cmd_*.c). Exit statuses: 0 ok, 1 bad input, 2 usage, 3 the kernel
 * refused (verifier log printed), 4 (run) some programs were not loaded or
 * not attached (--keep-going, or no target given): the table at start says which. */
#ifndef RAWBPF_CLI_H
#define RAWBPF_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_KERNEL = 3, EXIT_PARTIAL = 4 };

struct cli {
	const char *cmd;
	const char *file;       /* NULL: the built-in example (run only) */
	const char *prog;       /* disasm PROGRAM */
	char **sets;            /* --set NAME=VALUE, in order */
	int nsets;
	char **only, **skip;    /* --only/--skip PROG */
	int nonly, nskip;
	const char *pin;        /* --pin DIR */
	const char *btf;        /* --btf FILE */
	const char *event_type; /* --event-type NAME */
	const char *sample;     /* --sample EVENT:FREQ */
	int pid;                /* --pid */
	int pages;              /* --pages N (per-CPU perf buffer pages, power of 2) */
	uint32_t ring_size;     /* --ring-size BYTES (every ring buffer map), 0: as defined */
	uint64_t interval_ms;   /* --interval SEC, 0 if none */
	uint64_t duration_ms;   /* --duration SEC, 0 if none */
	bool json, explain, dry_run, no_printk;
	char **attach;          /* --attach PROG=TARGET */
	int nattach;
	char **mapshapes;       /* --map NAME.FIELD=N */
	int nmapshapes;
	const char *maps;       /* --maps NAME,...: the maps printed (NULL: the default) */
	bool keep_going;        /* --keep-going */
	char **devs;            /* --dev IFNAME (xdp, tc), repeatable */
	int ndevs;
	const char *xdp_mode;   /* --xdp-mode skb|native */
	const char *cgroup;     /* --cgroup PATH */
	bool links;             /* --links: perf events through BPF_LINK_CREATE */
	char **command;         /* after "--" */
};

int cmd_inspect(struct cli *c);
int cmd_disasm(struct cli *c);
int cmd_load(struct cli *c);
int cmd_run(struct cli *c);

/* "rawbpf: FILE: MESSAGE" on stderr (--json: one object on stdout);
 * returns status. cli_fail: the message as it is (an err buffer). */
int cli_error(const struct cli *c, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int cli_fail(const struct cli *c, int status, const char *msg);

#endif
