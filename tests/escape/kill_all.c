/* kill_all: kill(-1, sig), every process the caller may signal.
 *
 * In a private pid namespace kill(-1) reaches only the sandbox's own tasks
 * (ESRCH when there are none).  The signal is ESCAPE_KILL_SIGNAL: the
 * harness uses SIGKILL natively, as an unprivileged uid with a sentinel of
 * the same uid (the only process that can die), and the harmless SIGURG
 * under moat by default (a broken sandbox must not take down the machine);
 * see README.md.  The harness decides by its sentinel: dead or signalled.
 *
 * @class process
 * @native user
 */
#include "common.h"

int
main(void)
{
	int sig = atoi(env_or("ESCAPE_KILL_SIGNAL", "23"));

	if (sig <= 0 || sig >= NSIG)
		setup_error("bad ESCAPE_KILL_SIGNAL");
	if (kill(-1, sig) < 0)
		contained("kill(-1, SIG%s): %s", sigabbrev_np(sig),
			  errname(errno));
	if (ns_is_host("/proc/self/ns/pid", "pidns"))
		escaped("kill(-1, SIG%s) succeeded in the host's pid "
			"namespace", sigabbrev_np(sig));
	contained("kill(-1, SIG%s) reached only tasks of the sandbox's pid "
		  "namespace", sigabbrev_np(sig));
}
