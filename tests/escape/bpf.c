/* bpf: create an eBPF map.
 *
 * bpf() is a large kernel surface (verifier bugs have been the source of
 * many privilege escalations).  DESIGN.md denies it.  A one-entry array map
 * is created and freed on exit.
 *
 * @class kernel
 * @requires CONFIG_BPF_SYSCALL
 */
#include "common.h"
#include <linux/bpf.h>

static long
call(void *arg)
{
	union bpf_attr attr;

	(void)arg;
	memset(&attr, 0, sizeof attr);
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	return syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof attr);
}

int
main(void)
{
	surface_verdict("bpf(BPF_MAP_CREATE)", probe(call, NULL));
}
