/* mount: mount a tmpfs.
 *
 * A guest that may mount can reshape its view (bind /proc over a checked
 * path, mount a filesystem image and fuzz the kernel's parser).  DESIGN.md
 * denies mount.  Natively the tmpfs goes on a scratch directory and is
 * detached at once; the harness also checks the host's mount table.
 *
 * @class kernel
 */
#include "common.h"
#include <sys/mount.h>

static char target[PATH_MAX + 8];

static long
call(void *arg)
{
	long r;

	(void)arg;
	r = mount("moat-escape", target, "tmpfs", MS_NOSUID | MS_NODEV,
		  "size=64k");
	if (r == 0)
		(void)umount2(target, MNT_DETACH);
	return r;
}

int
main(void)
{
	char dir[PATH_MAX];

	scratch_dir(dir, sizeof dir);
	snprintf(target, sizeof target, "%s/mnt", dir);
	if (mkdir(target, 0755) < 0)
		setup_error("mkdir %s: %s", target, errname(errno));
	surface_verdict("mount(tmpfs)", probe(call, NULL));
}
