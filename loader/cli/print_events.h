/* Printing what the programs send: one line per record (or one JSON object),
 * decoded by the object's BTF as `struct event` (or --event-type NAME), else
 * as hex; bpf_printk lines. The callbacks plug into
 * run_events_opts (loader/run/events.h).
 *
 * Each line is built in memory: the type is walked once per record size (a
 * btf_fmt plan, btf/format.h). A line goes to stdio in one fwrite, or, in
 * batch mode (stdout not a terminal), lines gather in the printer's buffer
 * and go to stdio CLI_OUTPUT_BUFFER bytes at a time (cli_printer_flush):
 * stdout is fully buffered unless it is a terminal (cli_buffer_output), so
 * a stream of records into a file or a pipe costs one write(2) per buffer,
 * not per record, and one fwrite per buffer too. */
#ifndef RAWBPF_PRINT_EVENTS_H
#define RAWBPF_PRINT_EVENTS_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "btf/format.h"
#include "loader/run/events.h"

#define CLI_PRINTER_PLANS 4     /* record sizes remembered (perf pads, ring does not) */

struct cli_printer {
	FILE *out;              /* events and printk lines */
	bool json;
	bool batch;             /* lines wait in buf for cli_printer_flush */
	const struct btf *btf;
	int32_t type_id;        /* the event struct, or -1: hex dump */
	char *buf;              /* the lines not handed to out yet, and the next */
	size_t buflen;
	size_t pending;         /* buf[0, pending): lines not handed to out yet */
	struct btf_fmt *plans[CLI_PRINTER_PLANS];
	unsigned next_plan;     /* the slot a new size replaces */
	const char *map;        /* the map whose name is in prefix */
	char prefix[64];        /* "NAME     " or ,"map":"NAME" */
	size_t prefix_len;
};

/* Find the event type: event_type (NULL: "event", optional then). -ENOENT
 * when the object's BTF has no struct event_type. */
int cli_printer_init(struct cli_printer *p, const struct rb_object *obj, const char *event_type,
		     bool json, FILE *out, char *err, size_t errlen);
/* Flushes what is pending first. */
void cli_printer_free(struct cli_printer *p);
/* Hand the pending lines to p->out (batch mode). Call it before anything
 * else is written to p->out, and before p->out is flushed. */
void cli_printer_flush(struct cli_printer *p);

void cli_print_event(void *printer, const char *map, int cpu, const void *data, uint32_t size);
void cli_print_printk(void *printer, const char *line);

/* btf_format() (btf/btf.h), through a plan prepared once for each (btf,
 * type, size, json) and kept: the map printer prints every entry of a map,
 * at every --interval, with the same few types. Plans are kept for
 * CLI_FORMAT_PLANS combinations, until cli_format_forget() (which
 * cli_printer_free calls: before the object's BTF is freed). */
#define CLI_FORMAT_PLANS 8
int cli_format_value(const struct btf *btf, uint32_t id, const void *data, size_t size, bool json,
		     char *buf, size_t len);
void cli_format_forget(void);
/* A value of type id (0: none) printed to out by BTF, however long (a
 * longer one is formatted again into a buffer of its size), else as a
 * number (1, 2, 4 or 8 bytes) or in hex. */
void cli_put_value(const struct btf *btf, uint32_t id, const uint8_t *p, size_t size, bool json,
		   FILE *out);

/* The totals line: "rawbpf: N events, M lost" (M: what the perf buffers
 * reported lost), and for ring buffers, whose losses the kernel does not
 * count, whether they were found full: "; ring buffer events: found full K
 * times; records may have been dropped" or "; ring buffer events: never
 * found full". Without perf buffers there is no "M lost": nothing counted
 * it. */
void cli_print_totals(FILE *f, const struct run_events_counts *n);

/* Buffer f (the stream on fd) for a person or for a program: line-buffered
 * when fd is a terminal, so each event shows as it comes; fully buffered
 * (CLI_OUTPUT_BUFFER bytes) otherwise, the caller flushing it before it
 * blocks waiting for events and at exit. Returns the mode set (_IOLBF or
 * _IOFBF). Call before anything is written to f. */
#define CLI_OUTPUT_BUFFER 65536
/* Room for a line's own parts (the map prefix, copied as its whole array,
 * the CPU, the JSON time), past the event's. */
#define CLI_LINE_ROOM 128
int cli_buffer_output(FILE *f, int fd);

#endif
