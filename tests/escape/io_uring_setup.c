/* io_uring_setup: create an io_uring instance.
 *
 * io_uring operations (openat, connect, ...) run in kernel workers that
 * seccomp never sees, so one ring bypasses the whole filter.  DESIGN.md
 * denies it.  The ring is created and closed, nothing is submitted.
 *
 * @class kernel
 * @requires CONFIG_IO_URING
 */
#include "common.h"
#include <linux/io_uring.h>

static long
call(void *arg)
{
	struct io_uring_params p;

	(void)arg;
	memset(&p, 0, sizeof p);
	return syscall(SYS_io_uring_setup, 4, &p);
}

int
main(void)
{
	surface_verdict("io_uring_setup", probe(call, NULL));
}
