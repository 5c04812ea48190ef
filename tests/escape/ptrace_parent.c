/* ptrace_parent: attach to a task outside the sandbox.
 *
 * A tracer owns its tracee: registers, memory, syscalls.  The targets are
 * the harness's sentinel (ESCAPE_SENTINEL_PID), our parent, and pid 1 when
 * pid 1 is not the host's init.  PTRACE_SEIZE does not stop the tracee and
 * the kernel detaches it when we exit, so the native run leaves the target
 * as it was.  An attach counts only if the target is in the host's pid
 * namespace (ESCAPE_HOST_IDS pidns); DESIGN.md denies ptrace outright.
 *
 * @class process
 */
#include "common.h"
#include <sys/ptrace.h>

int
main(void)
{
	pid_t targets[3];
	int n = 0, last_err = ESRCH;
	const char *sentinel = getenv("ESCAPE_SENTINEL_PID");
	bool host_ns = ns_is_host("/proc/self/ns/pid", "pidns");

	if (sentinel)
		targets[n++] = (pid_t)atoi(sentinel);
	if (getppid() > 0)
		targets[n++] = getppid();
	/* Never the host's init: natively pid 1 runs the machine. */
	if (!host_ns && getpid() != 1)
		targets[n++] = 1;

	for (int i = 0; i < n; i++) {
		if (targets[i] <= 0)
			continue;
		if (ptrace(PTRACE_SEIZE, targets[i], NULL, NULL) < 0) {
			last_err = errno;
			continue;
		}
		if (pid_in_host_pidns(targets[i]))
			escaped("PTRACE_SEIZE of host pid %d succeeded",
				(int)targets[i]);
		contained("seized pid %d, but it is a task of the sandbox",
			  (int)targets[i]);
	}
	contained("no attach (%d targets, parent %d): %s", n, (int)getppid(),
		  errname(last_err));
}
