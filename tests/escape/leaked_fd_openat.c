/* leaked_fd_openat: create a file through an inherited host directory fd.
 *
 * The harness starts the sandbox with fd 3 open on ESCAPE_HOST_DIR, as a
 * careless caller might.  The sentry maps guest fds back to sandbox paths
 * by identity; a directory that is not in the sandbox tree must not become
 * a base for openat().  Evidence: ESCAPE_HOST_DIR/pwned-leaked_fd_openat on
 * the host (checked by the harness) and the new file's device.
 *
 * @class path
 * @needs fd3
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	static const char name[] = "pwned-leaked_fd_openat";
	struct stat st;
	int fd;

	if (fstat(3, &st) < 0)
		contained("fd 3 was not inherited: %s", errname(errno));
	fd = openat(3, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		contained("openat(3, \"%s\"): %s", name, errname(errno));
	if (write(fd, "pwned\n", 6) != 6)
		contained("write through fd 3: %s", errname(errno));
	if (fstat(fd, &st) == 0 && on_host_fs(&st, "hostdir"))
		escaped("created %s in the host directory behind fd 3", name);
	contained("openat(3) created a file, but not on the host's "
		  "filesystem (dev %llu)", (unsigned long long)st.st_dev);
}
