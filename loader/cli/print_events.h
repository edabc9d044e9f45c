/* Printing what the programs send: one line per record (or one JSON object),
 * decoded by the object's BTF as `struct event` (or --event-type NAME), else
 * as hex; bpf_printk lines. The callbacks plug into
 * run_events_opts (loader/run/events.h). */
#ifndef RAWBPF_PRINT_EVENTS_H
#define RAWBPF_PRINT_EVENTS_H

#include <stdio.h>
#include "loader/plan/object.h"

struct cli_printer {
	FILE *out;              /* events and printk lines */
	bool json;
	const struct btf *btf;
	int32_t type_id;        /* the event struct, or -1: hex dump */
	char *buf;              /* one formatted event */
	size_t buflen;
};

/* Find the event type: event_type (NULL: "event", optional then). -ENOENT
 * when the object's BTF has no struct event_type. */
int cli_printer_init(struct cli_printer *p, const struct rb_object *obj, const char *event_type,
		     bool json, FILE *out, char *err, size_t errlen);
void cli_printer_free(struct cli_printer *p);

void cli_print_event(void *printer, const char *map, int cpu, const void *data, uint32_t size);
void cli_print_printk(void *printer, const char *line);

#endif
