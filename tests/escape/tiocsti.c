/* tiocsti: push input into the controlling terminal with TIOCSTI.
 *
 * If the sandbox shares the user's terminal, TIOCSTI types a command into
 * the shell that started it, to run after the sandbox exits (CVE-2016-7545
 * in SELinux's sandbox, CVE-2017-5226 in bubblewrap).  The harness runs
 * this on a pty it created as the controlling terminal, gives its identity
 * as ESCAPE_HOST_IDS tty, and afterwards reads the pty's input queue on
 * the host.  The injected text is a shell comment, harmless if it ever
 * reached a real shell.
 *
 * @class terminal
 * @needs pty
 */
#include "common.h"
#include <sys/ioctl.h>

/* Inject TEXT into FD; 0 or the errno of the first failure. */
static int
inject(int fd, const char *text)
{
	for (const char *c = text; *c; c++)
		if (ioctl(fd, TIOCSTI, c) < 0)
			return errno;
	return 0;
}

int
main(void)
{
	char text[128];
	int fds[4], n = 0, last_err = ENOTTY, own = 0;

	snprintf(text, sizeof text, "# moat-escape tiocsti %s\n",
		 env_or("ESCAPE_NONCE", "-"));
	for (int fd = 0; fd <= 2; fd++)
		fds[n++] = fd;
	fds[n++] = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	for (int i = 0; i < n; i++) {
		struct stat st;
		int err;

		if (fds[i] < 0 || !isatty(fds[i]) || fstat(fds[i], &st) < 0)
			continue;
		err = inject(fds[i], text);
		if (err) {
			last_err = err;
			continue;
		}
		if (is_host_object(&st, "tty"))
			escaped("TIOCSTI on fd %d injected input into the "
				"host's terminal", fds[i]);
		own++;
	}
	if (own)
		contained("TIOCSTI worked only on the sandbox's own tty");
	contained("TIOCSTI refused on every tty: %s", errname(last_err));
}
