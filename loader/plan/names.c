/* Names of kernel enums for inspect, explain and errors. */
#include "loader/plan/object.h"
#include "bpf/sys.h"

#include <stdio.h>

/* bpf/explain.c's name of a type in lower case ("percpu_hash"), into buf
 * (the longest, RAW_TRACEPOINT_WRITABLE, has 23 characters), or "type N"
 * for a value past its list. */
static const char *lower(char buf[32], const char *name, uint32_t v)
{
	size_t i = 0;

	if (!name) {
		snprintf(buf, 32, "type %u", v);
		return buf;
	}
	for (; name[i] && i < 31; i++)
		buf[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] + 'a' - 'A') : name[i];
	buf[i] = 0;
	return buf;
}

/* Each a buffer of its own, so that a map's and a program's type can be
 * in one message. */
const char *plan_map_type_name(uint32_t type)
{
	static __thread char buf[32];

	return lower(buf, sys_map_type_name(type), type);
}

const char *plan_prog_type_name(uint32_t type)
{
	static __thread char buf[32];

	return type ? lower(buf, sys_prog_type_name(type), type) : "unknown";
}
