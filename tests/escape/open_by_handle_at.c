/* open_by_handle_at: open a host file by its handle ("shocker", 2014).
 *
 * A file handle names an inode on a filesystem with no path at all, so a
 * sandbox root or mount namespace does not bound it.  The harness gives the
 * secret's handle (ESCAPE_SECRET_HANDLE = "type:hex"), an upper bound on
 * what brute force found in the original exploit, and keeps the --rootfs
 * tree on the secret's filesystem so that any fd inside is a usable
 * mount_fd.  DESIGN.md denies the call.
 *
 * @class path
 * @moat --rootfs {rootfs}
 * @requires CONFIG_FHANDLE
 */
#include "common.h"

int
main(void)
{
	const char *spec = env_need("ESCAPE_SECRET_HANDLE");
	union {
		struct file_handle fh;
		char buf[sizeof(struct file_handle) + MAX_HANDLE_SZ];
	} h;
	int type, mount_fd, fd;
	const char *hex;
	size_t n = 0;

	if (sscanf(spec, "%d:", &type) != 1 || !(hex = strchr(spec, ':')))
		setup_error("bad ESCAPE_SECRET_HANDLE %s", spec);
	for (hex++; hex[0] && hex[1] && n < MAX_HANDLE_SZ; hex += 2) {
		unsigned int byte;

		if (sscanf(hex, "%2x", &byte) != 1)
			setup_error("bad hex in ESCAPE_SECRET_HANDLE");
		h.fh.f_handle[n++] = (unsigned char)byte;
	}
	h.fh.handle_bytes = (unsigned int)n;
	h.fh.handle_type = type;

	mount_fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mount_fd < 0)
		setup_error("open /: %s", errname(errno));
	fd = open_by_handle_at(mount_fd, &h.fh, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;

		if (refused(err))
			contained("open_by_handle_at refused: %s",
				  errname(err));
		/* ESTALE and friends: the kernel decoded the handle against
		 * the sandbox's filesystem and did not find the file. */
		contained("open_by_handle_at reached the kernel but found "
			  "nothing: %s", errname(err));
	}
	secret_from_fd(fd, "open_by_handle_at");
	contained("handle opened but nothing could be read: %s",
		  errname(errno));
}
