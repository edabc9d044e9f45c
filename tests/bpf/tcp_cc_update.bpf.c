/* examples/tcp_cc.bpf.c in a ".struct_ops" section: registered by the map
 * update itself, not by a link (tests/kernel/attach_beyond.sh). */
#define TCP_CC_SEC ".struct_ops"
#define TCP_CC_NAME "rawbpf_reno_u"
#include "examples/tcp_cc.bpf.c"
