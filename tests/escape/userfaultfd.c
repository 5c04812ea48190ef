/* userfaultfd: create a userfaultfd.
 *
 * userfaultfd lets a task stall the kernel in the middle of a copy from
 * user memory for as long as it likes: the standard tool to widen kernel
 * race windows in exploits.  DESIGN.md denies it.
 *
 * @class kernel
 * @requires CONFIG_USERFAULTFD
 */
#include "common.h"

static long
call(void *arg)
{
	(void)arg;
	return syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
}

int
main(void)
{
	surface_verdict("userfaultfd", probe(call, NULL));
}
