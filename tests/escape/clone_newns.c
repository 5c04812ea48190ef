/* clone_newns: create namespaces through clone() flags.
 *
 * clone is a "pass" syscall with an argument check on its flags
 * (DESIGN.md).  This calls the raw syscall with CLONE_NEWUSER, CLONE_NEWNS
 * and friends, as a filter that checked only unshare() would miss.  The
 * child exits at once.
 *
 * @class kernel
 */
#include "common.h"
#include <sched.h>

static long
call(void *arg)
{
	unsigned long flags = (unsigned long)(uintptr_t)arg | SIGCHLD;
	long pid = syscall(SYS_clone, flags, 0, NULL, NULL, 0);

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid;
}

int
main(void)
{
	static const struct {
		unsigned long flag;
		const char *name;
	} flags[] = {
		{ CLONE_NEWUSER, "CLONE_NEWUSER" },
		{ CLONE_NEWNS, "CLONE_NEWNS" },
		{ CLONE_NEWNET, "CLONE_NEWNET" },
		{ CLONE_NEWPID, "CLONE_NEWPID" },
		{ CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID,
		  "CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID" },
	};
	struct probe r = { 0, -1, 0 };
	char call_name[96];

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		r = probe(call, (void *)(uintptr_t)flags[i].flag);
		snprintf(call_name, sizeof call_name, "clone(%s)",
			 flags[i].name);
		if (!r.sig && (r.ret >= 0 || !refused(r.err)))
			surface_verdict(call_name, r);
	}
	if (r.sig)
		contained("clone: killed by %s", sigabbrev_np(r.sig));
	contained("clone refused every namespace flag: %s", errname(r.err));
}
