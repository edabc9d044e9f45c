/* Printing the maps the programs filled, at the end of a run (and every
 * --interval). */
#ifndef RAWBPF_PRINT_MAPS_H
#define RAWBPF_PRINT_MAPS_H

#include <stdio.h>
#include "loader/plan/object.h"
#include "bpf/sys.h"

/* Print hash/array/per-CPU maps the programs fill (not globals), decoded by
 * BTF and sorted by value (largest last). */
void cli_print_maps(struct rb_object *obj, struct sys *s, bool json, FILE *out);
/* The same for the maps named in sel ("NAME,NAME"), or when sel is NULL all
 * but scratch maps (print_stacks.h), with a note to notes (may be NULL) of
 * what was left out. Histograms and stack ids are printed as such. Then the
 * global variables the programs write, chosen by sel too
 * (print_globals.h). */
void cli_print_maps_sel(struct rb_object *obj, struct sys *s, bool json, FILE *out, const char *sel,
			FILE *notes);

/* Is name one of the comma-separated names of list ("a,b,c")? */
bool cli_listed(const char *list, const char *name);

#endif
