/* host_dir_write: create a file in the harness's host directory.
 *
 * As host_etc_write, in ESCAPE_HOST_DIR: the guest sees the directory
 * through the read-only host tree and may "write" it only into its own
 * discarded overlay.  The harness compares the directory on the host.
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

	snprintf(path, sizeof path, "%s/pwned-host_dir_write",
		 env_need("ESCAPE_HOST_DIR"));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		contained("create %s: %s", path, errname(errno));
	if (write(fd, "pwned\n", 6) != 6)
		contained("write %s: %s", path, errname(errno));
	if (fstat(fd, &st) == 0 && on_host_fs(&st, "hostdir"))
		escaped("created %s on the host", path);
	contained("the file went to a separate layer (dev %llu)",
		  (unsigned long long)st.st_dev);
}
