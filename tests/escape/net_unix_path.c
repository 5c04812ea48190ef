/* net_unix_path: connect to a host daemon's unix socket by path.
 *
 * With the default rootfs the host's tree is visible read-only, and with it
 * every socket file of the host (docker.sock, the D-Bus system bus).  A
 * connect that the gofer carries out against the host path hands the guest
 * that daemon, --net none or not.  The harness listens on ESCAPE_UNIX_PATH
 * on the host and counts connections.
 *
 * @class network
 * @moat --net none
 */
#include "common.h"
#include <sys/socket.h>
#include <sys/un.h>

int
main(void)
{
	const char *path = env_need("ESCAPE_UNIX_PATH");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char msg[128];
	int fd, len;

	if (strlen(path) >= sizeof sun.sun_path)
		setup_error("socket path too long");
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		contained("socket(AF_UNIX): %s", errname(errno));
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) < 0)
		contained("connect %s: %s", path, errname(errno));
	len = snprintf(msg, sizeof msg, "moat-escape net_unix_path %s\n",
		       env_or("ESCAPE_NONCE", "-"));
	if (send(fd, msg, (size_t)len, MSG_NOSIGNAL) < 0)
		contained("connected but write failed: %s", errname(errno));
	escaped("connected to the host's socket %s", path);
}
