/* host_etc_write: create a file in the host's /etc.
 *
 * With the default rootfs the guest sees the host's tree, read-only, under
 * a writable overlay: its writes must land in the overlay and vanish.  The
 * file is /etc/moat-escape-<nonce>; the harness looks for it on the host
 * (and removes it).  The attack counts it only if the new file is on the
 * host's filesystem (ESCAPE_HOST_IDS etc).
 *
 * @class files
 */
#include "common.h"

int
main(void)
{
	char path[PATH_MAX];
	struct stat st;
	int fd;

	snprintf(path, sizeof path, "/etc/moat-escape-%.32s",
		 env_or("ESCAPE_NONCE", "x"));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		contained("create %s: %s", path, errname(errno));
	if (write(fd, "pwned\n", 6) != 6)
		contained("write %s: %s", path, errname(errno));
	if (fstat(fd, &st) == 0 && on_host_fs(&st, "etc"))
		escaped("created %s on the host's filesystem", path);
	contained("%s went to a separate layer (dev %llu)", path,
		  (unsigned long long)st.st_dev);
}
