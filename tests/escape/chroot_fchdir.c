/* chroot_fchdir: the classic chroot breakout.
 *
 * Keep an fd to the current directory, chroot() into a subdirectory (the
 * cwd is now outside the new root), fchdir() back, climb with '..' (no root
 * stops it any more) and chroot(".") at the top.  A chroot-style sandbox
 * falls to this; natively root does too.  Under moat chroot must be
 * refused or stay within the sandbox, and the secret must remain out of
 * reach.
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	char dir[PATH_MAX], jail[PATH_MAX + 8];
	int keep, err, chroot_err = 0;

	scratch_dir(dir, sizeof dir);
	snprintf(jail, sizeof jail, "%s/jail", dir);
	if (mkdir(jail, 0755) < 0)
		setup_error("mkdir %s: %s", jail, errname(errno));
	if (chdir(dir) < 0)
		setup_error("chdir %s: %s", dir, errname(errno));
	keep = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (keep < 0)
		setup_error("open .: %s", errname(errno));

	if (chroot(jail) < 0)
		chroot_err = errno;
	if (fchdir(keep) < 0)
		setup_error("fchdir: %s", errname(errno));
	for (int i = 0; i < 64; i++)
		if (chdir("..") < 0)
			break;
	if (!chroot_err && chroot(".") < 0)
		chroot_err = errno;

	err = secret_at(AT_FDCWD, env_need("ESCAPE_SECRET"),
			"chroot + fchdir + ..");
	contained("breakout reached nothing (chroot: %s): %s",
		  chroot_err ? errname(chroot_err) : "ok", errname(err));
}
