/* clone3_newns: create namespaces through clone3().
 *
 * clone3 takes its flags in a struct in memory, which a seccomp filter
 * cannot inspect; the only safe filter answer is ENOSYS for the whole call
 * (glibc then falls back to clone).  This passes CLONE_NEWUSER in
 * clone_args.  The child exits at once.
 *
 * @class kernel
 */
#include "common.h"
#include <sched.h>
#include <linux/sched.h>

static long
call(void *arg)
{
	struct clone_args ca;
	long pid;

	(void)arg;
	memset(&ca, 0, sizeof ca);
	ca.flags = CLONE_NEWUSER | CLONE_NEWNS;
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof ca);
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

int
main(void)
{
	surface_verdict("clone3(CLONE_NEWUSER|CLONE_NEWNS)", probe(call, NULL));
}
