/* tioclinux: reach a host virtual console with TIOCLINUX.
 *
 * TIOCLINUX on a VT can paste the console selection into its input
 * (TIOCL_PASTESEL, the CVE-2023-1523 class of injection) and read screen
 * state.  VTs are not namespaced.  The attack tries the read-only
 * TIOCL_GETFGCONSOLE on stdin and on every console device it can open: an
 * answer means it holds a host VT.
 *
 * @class terminal
 * @needs pty
 * @requires CONFIG_VT
 */
#include "common.h"
#include <sys/ioctl.h>
#include <linux/tiocl.h>

int
main(void)
{
	static const char *const devs[] = {
		"/dev/tty", "/dev/tty0", "/dev/tty1", "/dev/console",
	};
	int last_err = ENOTTY;

	for (int i = -1; i < (int)(sizeof devs / sizeof devs[0]); i++) {
		int fd = i < 0 ? 0 : open(devs[i], O_RDONLY | O_NOCTTY |
						      O_NONBLOCK | O_CLOEXEC);
		char arg[2] = { TIOCL_GETFGCONSOLE, 0 };
		int r;

		if (fd < 0) {
			last_err = errno;
			continue;
		}
		r = ioctl(fd, TIOCLINUX, arg);
		if (r >= 0)
			escaped("TIOCLINUX on %s answered: foreground console "
				"%d", i < 0 ? "stdin" : devs[i], r + 1);
		last_err = errno;
	}
	contained("no virtual console reachable: %s", errname(last_err));
}
