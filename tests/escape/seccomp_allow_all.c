/* seccomp_allow_all: install an allow-everything filter, then a denied call.
 *
 * A guest may add its own seccomp filters (programs do), but filters stack:
 * the kernel runs all of them and the most restrictive answer wins, so the
 * sandbox's filter must still refuse.  The denied call is
 * unshare(CLONE_NEWUSER), in a child.  Natively no filter was there to
 * begin with, so the call succeeds.
 *
 * @class privilege
 */
#include "common.h"
#include <sched.h>
#include <sys/prctl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

static long
call(void *arg)
{
	(void)arg;
	return unshare(CLONE_NEWUSER);
}

int
main(void)
{
	struct sock_filter allow[] = {
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 1, allow };
	const char *installed = "installed";

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		setup_error("PR_SET_NO_NEW_PRIVS: %s", errname(errno));
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		installed = errname(errno);

	struct probe r = probe(call, NULL);
	if (r.sig)
		contained("allow-all filter %s; unshare killed by %s",
			  installed, sigabbrev_np(r.sig));
	if (r.ret >= 0)
		escaped("allow-all filter %s; unshare(CLONE_NEWUSER) then "
			"succeeded", installed);
	if (refused(r.err))
		contained("allow-all filter %s; unshare still refused: %s",
			  installed, errname(r.err));
	escaped("allow-all filter %s; unshare reached the kernel: %s",
		installed, errname(r.err));
}
