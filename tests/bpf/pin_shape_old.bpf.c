/* Maps pinned by name (LIBBPF_PIN_BY_NAME), in an older build's shape of
 * pin_shape.bpf.o's maps: value 8 bytes (not 4), ring 4 KiB (not 16 KiB).
 * tests/kernel/load_issue11.sh loads pin_shape_old.bpf.o to leave stale pins,
 * then pin_shape.bpf.o, which must refuse them rather than reuse them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_t_pin SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} rawbpf_t_pinrb SEC(".maps");

SEC("tp/syscalls/sys_enter_getppid")
int count(void *ctx)
{
	__u32 key = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *v = bpf_map_lookup_elem(&rawbpf_t_pin, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&rawbpf_t_pin, &key, &one, BPF_ANY);
	bpf_ringbuf_output(&rawbpf_t_pinrb, &key, sizeof(key), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
