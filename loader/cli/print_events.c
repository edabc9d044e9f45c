/* Printing events (see print_events.h). */
#include "loader/cli/print_events.h"
#include "loader/cli/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_printer_init(struct cli_printer *p, const struct rb_object *obj, const char *event_type,
		     bool json, FILE *out, char *err, size_t errlen)
{
	const char *name = event_type ? event_type : "event";
	int64_t id = obj->btf ? btf_find(obj->btf, name, BTF_KIND_STRUCT) : -1;

	memset(p, 0, sizeof(*p));
	p->out = out;
	p->json = json;
	p->btf = obj->btf;
	p->type_id = id > 0 ? id : -1;
	if (event_type && id <= 0)
		return errorf(err, errlen, -ENOENT, "--event-type %s: the object's BTF has no struct %s",
			      name, name);
	p->buflen = 4096;
	p->buf = malloc(p->buflen);
	if (!p->buf)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	return 0;
}

void cli_printer_free(struct cli_printer *p)
{
	free(p->buf);
	p->buf = NULL;
}

/* The wall clock as "SECONDS.MICROSECONDS", printed from integers (no
 * floating point in the static build). */
static void put_now(FILE *f)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(f, "%lld.%06ld", (long long)ts.tv_sec, ts.tv_nsec / 1000);
}

static void hexdump(FILE *f, const uint8_t *d, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		fprintf(f, "%02x%s", d[i], i + 1 < n ? " " : "");
}

/* The event as BTF decodes it into p->buf; -1 when it cannot. */
static int64_t format_event(struct cli_printer *p, const void *data, uint32_t size)
{
	int64_t need;

	if (p->type_id <= 0 || !p->buf)
		return -1;
	need = btf_format(p->btf, p->type_id, data, size, p->json, p->buf, p->buflen);
	if (need >= (int64_t)p->buflen) {
		char *b = realloc(p->buf, need + 1);

		if (!b)
			return -1;
		p->buf = b;
		p->buflen = need + 1;
		need = btf_format(p->btf, p->type_id, data, size, p->json, p->buf, p->buflen);
	}
	return need;
}

void cli_print_event(void *printer, const char *map, int cpu, const void *data, uint32_t size)
{
	struct cli_printer *p = printer;
	int64_t need = format_event(p, data, size);
	FILE *f = p->out;

	if (p->json) {
		fputs("{\"time\":", f);
		put_now(f);
		fputs(",\"cpu\":", f);
		if (cpu >= 0)
			fprintf(f, "%d", cpu);
		else
			fputs("null", f);
		fputs(",\"map\":", f);
		json_str(f, map);
		if (need >= 0) {
			fprintf(f, ",\"event\":%s}\n", p->buf);
		} else {
			fputs(",\"bytes\":\"", f);
			hexdump(f, data, size);
			fputs("\"}\n", f);
		}
	} else {
		if (cpu >= 0)
			fprintf(f, "%-8s cpu %-3d ", map, cpu);
		else
			fprintf(f, "%-8s ", map);
		if (need >= 0)
			fputs(p->buf, f);
		else
			hexdump(f, data, size);
		fputc('\n', f);
	}
}


void cli_print_printk(void *printer, const char *line)
{
	struct cli_printer *p = printer;

	if (p->json) {
		fputs("{\"time\":", p->out);
		put_now(p->out);
		fputs(",\"printk\":", p->out);
		json_str(p->out, line);
		fputs("}\n", p->out);
	} else {
		fprintf(p->out, "printk   %s\n", line);
	}
}
