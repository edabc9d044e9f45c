/* Printing events (see print_events.h). */
#include "loader/cli/print_events.h"
#include "loader/cli/json.h"
#include "common/num.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	p->buflen = CLI_OUTPUT_BUFFER;
	p->buf = malloc(p->buflen);
	if (!p->buf)
		return errorf(err, errlen, -ENOMEM, "out of memory");
	return 0;
}

static struct format_plan {
	const struct btf *btf;
	uint32_t id;
	bool json;
	struct btf_fmt *f;
} format_plans[CLI_FORMAT_PLANS];
static unsigned format_next;

int cli_format_value(const struct btf *btf, uint32_t id, const void *data, size_t size, bool json,
		     char *buf, size_t len)
{
	struct format_plan *fp;
	int ret;

	for (unsigned i = 0; i < CLI_FORMAT_PLANS; i++) {
		fp = &format_plans[i];
		if (fp->f && fp->btf == btf && fp->id == id && fp->json == json &&
		    btf_fmt_size(fp->f) == size)
			return btf_fmt_run(fp->f, data, buf, len);
	}
	fp = &format_plans[format_next++ % CLI_FORMAT_PLANS];
	btf_fmt_free(fp->f);
	memset(fp, 0, sizeof(*fp));
	if ((ret = btf_fmt_prepare(btf, id, size, json, &fp->f)))
		return ret;
	fp->btf = btf;
	fp->id = id;
	fp->json = json;
	return btf_fmt_run(fp->f, data, buf, len);
}

void cli_put_value(const struct btf *btf, uint32_t id, const uint8_t *p, size_t size, bool json,
		   FILE *out)
{
	char small[1024], *big = NULL;
	const char *buf = small;
	int n = btf && id ? cli_format_value(btf, id, p, size, json, small, sizeof(small)) : -EINVAL;
	uint64_t num = 0;

	if (n >= (int)sizeof(small) && (big = malloc((size_t)n + 1)) &&
	    cli_format_value(btf, id, p, size, json, big, (size_t)n + 1) >= 0)
		buf = big;
	if (n >= 0) {
		fputs(buf, out);
	} else if (size == 1 || size == 2 || size == 4 || size == 8) {
		memcpy(&num, p, size);
		fprintf(out, "%llu", (unsigned long long)num);
	} else {
		fputs(json ? "\"" : "", out);
		for (size_t i = 0; i < size; i++)
			fprintf(out, "%02x", p[i]);
		fputs(json ? "\"" : "", out);
	}
	free(big);
}

void cli_format_forget(void)
{
	for (unsigned i = 0; i < CLI_FORMAT_PLANS; i++) {
		btf_fmt_free(format_plans[i].f);
		memset(&format_plans[i], 0, sizeof(format_plans[i]));
	}
}

void cli_printer_flush(struct cli_printer *p)
{
	if (p->pending && p->out)
		fwrite(p->buf, 1, p->pending, p->out);
	p->pending = 0;
}

void cli_printer_free(struct cli_printer *p)
{
	cli_printer_flush(p);
	cli_format_forget();
	for (unsigned i = 0; i < CLI_PRINTER_PLANS; i++) {
		btf_fmt_free(p->plans[i]);
		p->plans[i] = NULL;
	}
	free(p->buf);
	p->buf = NULL;
}

int cli_buffer_output(FILE *f, int fd)
{
	static char big[CLI_OUTPUT_BUFFER];

	if (isatty(fd)) {
		setvbuf(f, NULL, _IOLBF, 0);
		return _IOLBF;
	}
	setvbuf(f, big, _IOFBF, sizeof(big));
	return _IOFBF;
}

/* The line being built: p->buf[0, *pos), grown as needed. */
static bool room(struct cli_printer *p, size_t pos, size_t n)
{
	char *b;
	size_t len = p->buflen;

	if (pos + n <= len)
		return true;
	while (len < pos + n)
		len *= 2;
	if (!(b = realloc(p->buf, len)))
		return false;
	p->buf = b;
	p->buflen = len;
	return true;
}

static void add(struct cli_printer *p, size_t *pos, const char *s, size_t n)
{
	if (!room(p, *pos, n))
		return;
	memcpy(p->buf + *pos, s, n);
	*pos += n;
}

/* Decimal. */
static void add_num(struct cli_printer *p, size_t *pos, unsigned long long v)
{
	char tmp[NUM_U64_MAX];

	add(p, pos, tmp, num_put_u64(tmp, v));
}

/* The wall clock as "SECONDS.MICROSECONDS", printed from integers (no
 * floating point in the static build). */
static void add_now(struct cli_printer *p, size_t *pos)
{
	struct timespec ts;
	char tmp[NUM_U64_MAX];

	clock_gettime(CLOCK_REALTIME, &ts);
	add_num(p, pos, ts.tv_sec);
	/* 1000000 + microseconds: the six digits zero-padded, after a '1' */
	num_put_u64(tmp, 1000000 + ts.tv_nsec / 1000);
	tmp[0] = '.';
	add(p, pos, tmp, 7);
}

static void add_hex(struct cli_printer *p, size_t *pos, const uint8_t *d, uint32_t n)
{
	static const char digits[] = "0123456789abcdef";

	if (!room(p, *pos, 3 * (size_t)n))
		return;
	for (uint32_t i = 0; i < n; i++) {
		p->buf[(*pos)++] = digits[d[i] >> 4];
		p->buf[(*pos)++] = digits[d[i] & 15];
		if (i + 1 < n)
			p->buf[(*pos)++] = ' ';
	}
}

/* The map's part of the line, kept while the records come from one map:
 * "NAME    " padded to 8 as "%-8s ", or ,"map":"NAME" for JSON. */
static void set_map(struct cli_printer *p, const char *map)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m;

	if (p->map == map)
		return;
	p->map = map;
	p->prefix_len = 0;
	/* open_memstream, not fmemopen: the static binary has the one already */
	m = open_memstream(&text, &len);
	if (m) {
		if (p->json) {
			json_printf(m, ",\"map\":%j", map);
		} else {
			fprintf(m, "%-8s ", map);
		}
		if (fclose(m) == 0 && len < sizeof(p->prefix)) {
			memcpy(p->prefix, text, len + 1);
			p->prefix_len = len;
		}
		free(text);
	}
	if (!p->prefix_len)
		p->map = NULL;  /* too long to keep: built again for each record */
}

/* The plan for records of this size: one per size, prepared on first use. */
static const struct btf_fmt *plan(struct cli_printer *p, uint32_t size)
{
	struct btf_fmt **slot;

	for (unsigned i = 0; i < CLI_PRINTER_PLANS; i++)
		if (p->plans[i] && btf_fmt_size(p->plans[i]) == size)
			return p->plans[i];
	slot = &p->plans[p->next_plan++ % CLI_PRINTER_PLANS];
	btf_fmt_free(*slot);
	*slot = NULL;
	btf_fmt_prepare(p->btf, p->type_id, size, p->json, slot);
	return *slot;
}

/* The event as BTF decodes it (plan f), added at *pos; false (nothing
 * added) when it cannot be decoded. */
static bool add_event(struct cli_printer *p, size_t *pos, const struct btf_fmt *f,
		      const void *data, uint32_t size)
{
	int need;

	if (!f)
		return false;
	need = btf_fmt_run(f, data, p->buf + *pos, p->buflen - *pos);
	if (need >= 0 && (size_t)need >= p->buflen - *pos) {
		if (!room(p, *pos, (size_t)need + 1))
			return false;
		need = btf_fmt_run(f, data, p->buf + *pos, p->buflen - *pos);
	}
	if (need < 0)
		return false;
	*pos += need;
	return true;
}

static void add_map(struct cli_printer *p, size_t *pos, const char *map)
{
	if (p->map != map)
		set_map(p, map);
	if (p->prefix_len) {
		add(p, pos, p->prefix, p->prefix_len);
	} else {        /* a name too long for the prefix: rare, slow */
		add(p, pos, ",\"map\":\"", p->json ? 8 : 0);
		add(p, pos, map, strlen(map));
		add(p, pos, p->json ? "\"" : " ", 1);
	}
}

static void add_json_event(struct cli_printer *p, size_t *pos, const char *map, int cpu,
			   const struct btf_fmt *f, const void *data, uint32_t size)
{
	size_t at;

	add(p, pos, "{\"time\":", 8);
	add_now(p, pos);
	add(p, pos, ",\"cpu\":", 7);
	if (cpu >= 0)
		add_num(p, pos, cpu);
	else
		add(p, pos, "null", 4);
	add_map(p, pos, map);
	at = *pos;
	add(p, pos, ",\"event\":", 9);
	if (!add_event(p, pos, f, data, size)) {
		*pos = at;
		add(p, pos, ",\"bytes\":\"", 10);
		add_hex(p, pos, data, size);
		add(p, pos, "\"", 1);
	}
	add(p, pos, "}\n", 2);
}

/* The text line's "cpu N   " ("cpu %-3d "), at d. */
static size_t put_cpu(char *d, int cpu)
{
	size_t n = 4 + num_put_u64(d + 4, (unsigned)cpu);

	memcpy(d, "cpu ", 4);
	while (n < 4 + 3)
		d[n++] = ' ';
	d[n++] = ' ';
	return n;
}

/* A line is built at the end of what is pending: in room for the longest
 * line the plan can print, so nothing on the way needs to grow the buffer
 * and the plan takes its fast path. */
void cli_print_event(void *printer, const char *map, int cpu, const void *data, uint32_t size)
{
	struct cli_printer *p = printer;
	const struct btf_fmt *f = p->type_id > 0 ? plan(p, size) : NULL;
	size_t want = CLI_LINE_ROOM + (f ? btf_fmt_max(f) : 3 * (size_t)size), pos;

	if (p->pending && p->pending + want > p->buflen)
		cli_printer_flush(p);
	pos = p->pending;
	if (!room(p, pos, want))
		return;
	if (p->json) {
		add_json_event(p, &pos, map, cpu, f, data, size);
	} else {
		if (p->map != map)
			set_map(p, map);
		if (p->prefix_len) {    /* in the room wanted: the prefix, the CPU */
			memcpy(p->buf + pos, p->prefix, sizeof(p->prefix));
			pos += p->prefix_len;
		} else {
			add_map(p, &pos, map);
		}
		if (cpu >= 0 && room(p, pos, 32))
			pos += put_cpu(p->buf + pos, cpu);
		if (!add_event(p, &pos, f, data, size))
			add_hex(p, &pos, data, size);
		add(p, &pos, "\n", 1);
	}
	p->pending = pos;
	if (!p->batch)
		cli_printer_flush(p);
}

void cli_print_printk(void *printer, const char *line)
{
	struct cli_printer *p = printer;

	cli_printer_flush(p);           /* the events before it go first */
	if (p->json) {
		size_t pos = 0;

		add(p, &pos, "{\"time\":", 8);
		add_now(p, &pos);
		fwrite(p->buf, 1, pos, p->out);
		json_printf(p->out, ",\"printk\":%j}\n", line);
	} else {
		fprintf(p->out, "printk   %s\n", line);
	}
}

void cli_print_totals(FILE *f, const struct run_events_counts *n)
{
	fprintf(f, "rawbpf: %llu event%s", n->events, n->events == 1 ? "" : "s");
	if (n->perf || !n->ring)
		fprintf(f, ", %llu lost", n->lost);
	if (n->ring && n->ring_full)
		fprintf(f, "; ring buffer events: found full %llu time%s; records may have been dropped",
			n->ring_full, n->ring_full == 1 ? "" : "s");
	else if (n->ring)
		fputs("; ring buffer events: never found full", f);
	fputc('\n', f);
}
