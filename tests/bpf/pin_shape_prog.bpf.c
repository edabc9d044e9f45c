/* A program named like pin_shape.bpf.o's map: `rawbpf load --pin /sys/fs/bpf`
 * pins it at /sys/fs/bpf/rawbpf_t_pin, where pin_shape.bpf.o looks for its
 * map (tests/kernel/load_issue11.sh). No maps of its own. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tp/syscalls/sys_enter_getppid")
int rawbpf_t_pin(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
