/* symlink_rel: a relative symlink whose '..' chain climbs out.
 *
 * "../../../../..../<secret>" from a scratch directory: each '..' must stop
 * at the sandbox root.  A gofer that followed a symlink with the host
 * kernel, relative to its own directory handle, would land on the host.
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	char dir[PATH_MAX], link[PATH_MAX + 16], target[PATH_MAX + 256];
	int err;
	size_t off = 0;

	scratch_dir(dir, sizeof dir);
	for (int i = 0; i < 24; i++)
		off += (size_t)snprintf(target + off, sizeof target - off,
					"../");
	snprintf(target + off, sizeof target - off, "%s", secret_path_rel());
	snprintf(link, sizeof link, "%s/link", dir);
	if (symlink(target, link) < 0)
		setup_error("symlink %s: %s", link, errname(errno));

	err = secret_at(AT_FDCWD, link, "relative symlink");
	/* The same link opened from a directory fd, component by component. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		setup_error("open %s: %s", dir, errname(errno));
	err = secret_at(dfd, "link", "openat(dir, relative symlink)");
	contained("relative symlink stayed inside: %s", errname(err));
}
