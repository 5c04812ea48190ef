/* path_dotdot: '..' past the sandbox root to reach a host-only file.
 *
 * A path walk that does not clamp '..' at the sandbox root climbs into the
 * host tree.  The secret lives outside the --rootfs tree, so under moat
 * every spelling must end in ENOENT; natively the root is the host's and
 * the secret is read.
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	const char *rel = secret_path_rel();
	char path[PATH_MAX + 256];
	int err = 0;

	/* Absolute, relative from the cwd, and relative from a directory fd
	 * on "/": three entry points of the walk. */
	snprintf(path, sizeof path, "/../../../../../../../../%s", rel);
	err = secret_at(AT_FDCWD, path, "/../..");

	snprintf(path, sizeof path,
		 "../../../../../../../../../../../../../../../../%s", rel);
	err = secret_at(AT_FDCWD, path, "cwd + ../..");

	int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root >= 0)
		err = secret_at(root, path, "openat(\"/\") + ../..");
	contained("every '..' walk stayed inside: last %s", errname(err));
}
