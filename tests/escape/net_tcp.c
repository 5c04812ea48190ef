/* net_tcp: connect to a TCP listener on the host's loopback.
 *
 * With --net none the guest has a network namespace of its own, whose
 * 127.0.0.1 is not the host's.  The harness listens on the host's
 * 127.0.0.1:ESCAPE_TCP_PORT and counts connections; the attack sends
 * "moat-escape net_tcp <nonce>" on success.
 *
 * @class network
 * @moat --net none
 */
#include "common.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

int
main(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct pollfd pfd;
	char msg[128];
	int fd, err = 0, len;
	socklen_t elen = sizeof err;

	sin.sin_port = htons((uint16_t)atoi(env_need("ESCAPE_TCP_PORT")));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		contained("socket(AF_INET): %s", errname(errno));
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) < 0) {
		if (errno != EINPROGRESS)
			contained("connect 127.0.0.1:%d: %s",
				  ntohs(sin.sin_port), errname(errno));
		pfd = (struct pollfd){ fd, POLLOUT, 0 };
		if (poll(&pfd, 1, 3000) <= 0)
			contained("connect 127.0.0.1:%d: no answer in 3 s",
				  ntohs(sin.sin_port));
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
		if (err)
			contained("connect 127.0.0.1:%d: %s",
				  ntohs(sin.sin_port), errname(err));
	}
	len = snprintf(msg, sizeof msg, "moat-escape net_tcp %s\n",
		       env_or("ESCAPE_NONCE", "-"));
	if (send(fd, msg, (size_t)len, MSG_NOSIGNAL) < 0)
		contained("connected but write failed: %s", errname(errno));
	escaped("connected to the host's listener on 127.0.0.1:%d",
		ntohs(sin.sin_port));
}
