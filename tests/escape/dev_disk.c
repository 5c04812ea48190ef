/* dev_disk: read a host block device.
 *
 * Whoever reads the disk under the root filesystem reads every file on it,
 * whatever the mount namespace says.  The attack scans /dev for block
 * devices (loop and ram devices skipped) and reads the first sector.
 *
 * @class device
 * @requires root-reads-blockdev
 * @weakened a host that lets root open its disks (this one answers EPERM
 *  even to root)
 */
#include "common.h"
#include <sys/sysmacros.h>

int
main(void)
{
	DIR *d = opendir("/dev");
	struct dirent *e;
	int tried = 0, last_err = ENOENT;

	if (!d)
		contained("opendir /dev: %s", errname(errno));
	while ((e = readdir(d))) {
		char path[PATH_MAX], sector[512];
		struct stat st;
		int fd;

		snprintf(path, sizeof path, "/dev/%s", e->d_name);
		if (stat(path, &st) < 0 || !S_ISBLK(st.st_mode))
			continue;
		if (major(st.st_rdev) == 7 || major(st.st_rdev) == 1)
			continue;
		tried++;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			last_err = errno;
			continue;
		}
		if (read(fd, sector, sizeof sector) == (ssize_t)sizeof sector)
			escaped("read the first sector of %s (%u:%u)", path,
				major(st.st_rdev), minor(st.st_rdev));
		last_err = errno;
		close(fd);
	}
	closedir(d);
	contained("%d block device(s) in /dev, none readable: %s", tried,
		  tried ? errname(last_err) : "none present");
}
