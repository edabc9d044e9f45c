#include "loader/cli/json.h"

#include <stdarg.h>

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void json_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			fputc(*fmt, f);
		} else if (*++fmt == 'j' || *fmt == 's') {
			const char *s = va_arg(ap, const char *);

			if (*fmt == 'j')
				json_str(f, s);
			else
				fputs(s, f);
		} else {
			unsigned v = va_arg(ap, unsigned);

			if (*fmt == 't')
				fputs(v ? "true" : "false", f);
			else
				fprintf(f, "%u", v);
		}
	}
	va_end(ap);
}
