/* proc_pid_cwd: /proc/<pid>/cwd of another task, outside the sandbox.
 *
 * The harness sits with its cwd in the secret's directory.  Natively the
 * attack reaches it as /proc/<parent>/cwd/<secret name>; under moat the
 * harness is not visible and every visible cwd is inside the sandbox.
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

static int last_err = ENOENT;

static bool
try_cwd(pid_t pid, void *arg)
{
	const char *name = arg;
	char path[PATH_MAX + 64], how[64];

	snprintf(path, sizeof path, "/proc/%d/cwd/%s", (int)pid, name);
	snprintf(how, sizeof how, "/proc/%d/cwd", (int)pid);
	last_err = secret_at(AT_FDCWD, path, how);
	return false;
}

int
main(void)
{
	const char *secret = env_need("ESCAPE_SECRET");
	const char *slash = strrchr(secret, '/');
	char name[NAME_MAX + 1];
	pid_t ppid = getppid();

	snprintf(name, sizeof name, "%s", slash ? slash + 1 : secret);
	if (ppid > 0)
		try_cwd(ppid, name);
	for_each_pid(try_cwd, name);
	contained("no other task's cwd held the secret: %s",
		  errname(last_err));
}
