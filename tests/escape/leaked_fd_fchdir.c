/* leaked_fd_fchdir: fchdir into an inherited host directory fd, then '..'.
 *
 * fd 3 is open on ESCAPE_HOST_DIR (see leaked_fd_openat).  The secret lives
 * in a sibling directory: fchdir(3) and "../<secret dir>/<secret>" reach it
 * natively.  The walk from a leaked fd must never leave the sandbox.
 *
 * @class path
 * @needs fd3
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	const char *secret = env_need("ESCAPE_SECRET");
	char dir[PATH_MAX], rel[PATH_MAX + 8];
	const char *base, *parent;
	int err;

	/* rel = "../<basename of the secret's dir>/<secret's name>". */
	snprintf(dir, sizeof dir, "%s", secret);
	char *slash = strrchr(dir, '/');
	if (!slash)
		setup_error("ESCAPE_SECRET is not an absolute path");
	*slash = '\0';
	base = strrchr(secret, '/') + 1;
	parent = strrchr(dir, '/');
	parent = parent ? parent + 1 : dir;
	snprintf(rel, sizeof rel, "../%s/%s", parent, base);

	err = secret_at(3, rel, "openat(3, \"../...\")");
	if (fchdir(3) < 0)
		contained("fchdir(3): %s (openat: %s)", errname(errno),
			  errname(err));
	err = secret_at(AT_FDCWD, rel, "fchdir(3) + ../");
	contained("the leaked fd led nowhere outside: %s", errname(err));
}
