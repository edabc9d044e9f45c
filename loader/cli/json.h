/* Minimal JSON output: strings escaped per RFC 8259. */
#ifndef RAWBPF_JSON_H
#define RAWBPF_JSON_H

#include <stdio.h>

void json_str(FILE *f, const char *s);

#endif
