/* Minimal JSON output: strings escaped per RFC 8259. */
#ifndef RAWBPF_JSON_H
#define RAWBPF_JSON_H

#include <stdio.h>

void json_str(FILE *f, const char *s);

/* fprintf for JSON: fmt's text as it is, and for each conversion one
 * argument:
 *   %j  a string as a JSON string, quoted and escaped (json_str)
 *   %s  a string as it is (a separator, a literal such as null)
 *   %t  a bool (or int), as true or false
 *   %u  an unsigned int (or a non-negative int), in decimal
 * So an object reads in one line as it is printed:
 *   json_printf(f, "{\"name\":%j,\"insns\":%u}", p->name, p->cnt); */
void json_printf(FILE *f, const char *fmt, ...);

#endif
