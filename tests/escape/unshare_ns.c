/* unshare_ns: create new namespaces with unshare().
 *
 * A new user namespace hands the guest every capability inside it, and
 * with them the kernel code behind CAP_NET_ADMIN, CAP_SYS_ADMIN mounts and
 * so on: the usual start of a container kernel exploit.  DESIGN.md denies
 * namespace creation.  Tried flag by flag; any success is an escape.
 *
 * @class kernel
 */
#include "common.h"
#include <sched.h>

static long
call(void *arg)
{
	return unshare((int)(intptr_t)arg);
}

int
main(void)
{
	static const struct {
		int flag;
		const char *name;
	} flags[] = {
		{ CLONE_NEWUSER, "CLONE_NEWUSER" },
		{ CLONE_NEWNS, "CLONE_NEWNS" },
		{ CLONE_NEWNET, "CLONE_NEWNET" },
		{ CLONE_NEWPID, "CLONE_NEWPID" },
		{ CLONE_NEWUTS, "CLONE_NEWUTS" },
		{ CLONE_NEWIPC, "CLONE_NEWIPC" },
		{ CLONE_NEWCGROUP, "CLONE_NEWCGROUP" },
		{ CLONE_NEWTIME, "CLONE_NEWTIME" },
	};
	struct probe r = { 0, -1, 0 };
	char call_name[64];

	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		r = probe(call, (void *)(intptr_t)flags[i].flag);
		snprintf(call_name, sizeof call_name, "unshare(%s)",
			 flags[i].name);
		if (!r.sig && (r.ret >= 0 || !refused(r.err)))
			surface_verdict(call_name, r);
	}
	if (r.sig)
		contained("unshare: killed by %s", sigabbrev_np(r.sig));
	contained("unshare refused for every namespace flag: %s",
		  errname(r.err));
}
