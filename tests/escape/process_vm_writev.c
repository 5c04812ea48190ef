/* process_vm_writev: write into the memory of a task outside the sandbox.
 *
 * The remote address is NULL, so nothing is ever written: the kernel checks
 * ptrace access to the target first (EPERM/ESRCH) and only then faults on
 * the address (EFAULT).  EFAULT from a host task therefore means the write
 * would have landed anywhere we chose.  Targets as in ptrace_parent.
 *
 * @class process
 * @requires CONFIG_CROSS_MEMORY_ATTACH
 */
#include "common.h"
#include <sys/uio.h>

int
main(void)
{
	pid_t targets[3];
	int n = 0, last_err = ESRCH;
	const char *sentinel = getenv("ESCAPE_SENTINEL_PID");
	bool host_ns = ns_is_host("/proc/self/ns/pid", "pidns");
	char byte = 0;
	struct iovec local = { &byte, 1 }, remote = { NULL, 1 };

	if (sentinel)
		targets[n++] = (pid_t)atoi(sentinel);
	if (getppid() > 0)
		targets[n++] = getppid();
	if (!host_ns && getpid() != 1)
		targets[n++] = 1;

	for (int i = 0; i < n; i++) {
		if (targets[i] <= 0)
			continue;
		if (process_vm_writev(targets[i], &local, 1, &remote, 1, 0) >= 0
		    || errno == EFAULT) {
			if (pid_in_host_pidns(targets[i]))
				escaped("process_vm_writev passed the access "
					"check on host pid %d (EFAULT on the "
					"NULL target address)",
					(int)targets[i]);
			contained("pid %d is writable, but a task of the "
				  "sandbox", (int)targets[i]);
		}
		last_err = errno;
	}
	contained("no target writable (%d tried): %s", n, errname(last_err));
}
