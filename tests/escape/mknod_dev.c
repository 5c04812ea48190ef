/* mknod_dev: make a device node for a host device, then read it.
 *
 * A node made inside the sandbox for char 1:11 (/dev/kmsg) reads the
 * host's kernel log: device numbers are global, so an overlay or scratch
 * directory is no barrier unless mknod is refused or the filesystem is
 * nodev.  Natively the node goes in the harness's scratch directory.
 *
 * @class device
 */
#include "common.h"
#include <sys/sysmacros.h>

int
main(void)
{
	char dir[PATH_MAX], node[PATH_MAX + 8], buf[512];
	int fd;
	ssize_t n;

	scratch_dir(dir, sizeof dir);
	snprintf(node, sizeof node, "%s/kmsg", dir);
	if (mknod(node, S_IFCHR | 0600, makedev(1, 11)) < 0)
		contained("mknod c 1 11: %s", errname(errno));
	fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		contained("mknod worked, open refused: %s", errname(errno));
	n = read(fd, buf, sizeof buf - 1);
	if (n > 0)
		escaped("read %zd bytes of the host kernel log through a "
			"self-made node", n);
	contained("node opened, read gave %zd: %s", n,
		  n < 0 ? errname(errno) : "nothing");
}
