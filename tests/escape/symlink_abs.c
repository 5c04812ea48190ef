/* symlink_abs: an absolute symlink, made inside, naming a host-only file.
 *
 * The sentry resolves symlinks itself; an absolute target must restart the
 * walk at the sandbox root, never at the host's.  The link also goes
 * through "/.." to catch a walker that clamps only the first '..'.
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	char dir[PATH_MAX], link[PATH_MAX + 16], target[PATH_MAX + 64];
	int err;

	scratch_dir(dir, sizeof dir);
	snprintf(link, sizeof link, "%s/link", dir);
	snprintf(target, sizeof target, "/../../%s", secret_path_rel());
	if (symlink(target, link) < 0)
		setup_error("symlink %s: %s", link, errname(errno));

	err = secret_at(AT_FDCWD, link, "absolute symlink");
	/* Through a directory link too: the link is a middle component. */
	snprintf(link, sizeof link, "%s/dlink", dir);
	snprintf(target, sizeof target, "/../../%s", secret_path_rel());
	char *slash = strrchr(target, '/');
	*slash = '\0';
	if (symlink(target, link) < 0)
		setup_error("symlink %s: %s", link, errname(errno));
	char via[PATH_MAX * 2];
	snprintf(via, sizeof via, "%s/%s", link, slash + 1);
	err = secret_at(AT_FDCWD, via, "absolute directory symlink");
	contained("absolute symlinks resolved inside the sandbox: %s",
		  errname(err));
}
