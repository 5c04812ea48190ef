/* proc_self_root: /proc/self/root as a way back to the host's root.
 *
 * The magic link names the task's root.  If the sandbox's root were only a
 * path-prefix convention (and /proc the host's), the link would lead to the
 * host's "/".
 *
 * @class path
 * @moat --rootfs {rootfs}
 */
#include "common.h"

int
main(void)
{
	const char *rel = secret_path_rel();
	static const char *const roots[] = {
		"/proc/self/root", "/proc/thread-self/root", "/proc/1/root",
	};
	char path[PATH_MAX + 64];
	int err = 0;

	for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", roots[i], rel);
		err = secret_at(AT_FDCWD, path, roots[i]);
	}
	/* And through an fd opened on the magic link itself. */
	int fd = open("/proc/self/root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		err = secret_at(fd, rel, "fd of /proc/self/root");
	contained("/proc/*/root led to the sandbox root: %s", errname(err));
}
