/* proc_pid_root: /proc/<pid>/root of another task, outside the sandbox.
 *
 * Natively the parent (the harness) has the host's root.  Under moat no
 * task outside the sandbox may be visible, and the root link of any visible
 * task is the sandbox root.
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

static int last_err = ENOENT;

static bool
try_root(pid_t pid, void *arg)
{
	char path[PATH_MAX + 64], how[64];

	(void)arg;
	snprintf(path, sizeof path, "/proc/%d/root/%s", (int)pid,
		 secret_path_rel());
	snprintf(how, sizeof how, "/proc/%d/root", (int)pid);
	last_err = secret_at(AT_FDCWD, path, how);
	return false;
}

int
main(void)
{
	pid_t ppid = getppid();

	if (ppid > 0)
		try_root(ppid, NULL);
	for_each_pid(try_root, NULL);
	contained("no other task's root reached the host (parent %d): %s",
		  (int)ppid, errname(last_err));
}
