/* net_abstract_unix: connect to an abstract unix socket of the host.
 *
 * Abstract unix sockets have no file: they are scoped by network namespace
 * alone, so a guest sharing the host's (or leaking into it) reaches
 * services such as the X server or containerd's shim sockets.  The harness
 * listens on "\0ESCAPE_UNIX_ABSTRACT" in the host's namespace.
 *
 * @class network
 * @moat --net none
 */
#include "common.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int
main(void)
{
	const char *name = env_need("ESCAPE_UNIX_ABSTRACT");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t nlen = strlen(name);
	char msg[128];
	int fd, len;

	if (nlen + 1 > sizeof sun.sun_path)
		setup_error("abstract name too long");
	memcpy(sun.sun_path + 1, name, nlen);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		contained("socket(AF_UNIX): %s", errname(errno));
	if (connect(fd, (struct sockaddr *)&sun,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				nlen)) < 0)
		contained("connect @%s: %s", name, errname(errno));
	len = snprintf(msg, sizeof msg, "moat-escape net_abstract_unix %s\n",
		       env_or("ESCAPE_NONCE", "-"));
	if (send(fd, msg, (size_t)len, MSG_NOSIGNAL) < 0)
		contained("connected but write failed: %s", errname(errno));
	escaped("connected to the host's abstract socket @%s", name);
}
