/* moat-gofer: the confined process that performs every file operation of a
 * sandbox.  Started by the sandbox setup as
 *
 *	moat-gofer --sock FD --root DIR [--debug]
 *
 * in the sandbox's user and mount namespaces, FD being its end of a
 * SOCK_SEQPACKET socketpair with the sentry and DIR the assembled sandbox
 * tree.  Exits 0 when the sentry closes the socket, 1 on a failure. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "gofer/confine.h"
#include "gofer/server.h"

static void usage(void)
{
	fprintf(stderr, "usage: moat-gofer --sock FD --root DIR [--debug]\n");
	exit(1);
}

/* The socket must be what the protocol assumes: SOCK_SEQPACKET (one
 * message per request) and blocking (the loop waits in recvmsg). */
static int check_sock(const char *arg, int *fd)
{
	char *end;
	long v;
	int type, fl;
	socklen_t len = sizeof(type);

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || end == arg || v < 0 || v > 65535)
		return -EBADF;
	*fd = (int)v;
	if (getsockopt(*fd, SOL_SOCKET, SO_TYPE, &type, &len))
		return -errno;
	if (type != SOCK_SEQPACKET)
		return -EPROTOTYPE;
	fl = fcntl(*fd, F_GETFL);
	if (fl < 0 || fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK))
		return -errno;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sock", required_argument, NULL, 's' },
		{ "root", required_argument, NULL, 'r' },
		{ "debug", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock_arg = NULL, *root = NULL, *what = NULL;
	bool debug = false;
	int c, sock, rootfd, err;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 's': sock_arg = optarg; break;
		case 'r': root = optarg; break;
		case 'd': debug = true; break;
		default: usage();
		}
	}
	if (!sock_arg || !root || optind != argc)
		usage();
	if ((err = check_sock(sock_arg, &sock))) {
		fprintf(stderr, "moat: gofer: --sock %s: %s\n", sock_arg, strerror(-err));
		return 1;
	}
	rootfd = gofer_confine(root, sock, &what);
	if (rootfd < 0) {
		fprintf(stderr, "moat: gofer: %s: %s\n", what, strerror(-rootfd));
		return 1;
	}
	if ((err = gofer_filter_install(sock, debug))) {
		fprintf(stderr, "moat: gofer: installing the seccomp filter: %s\n",
			strerror(-err));
		return 1;
	}
	/* From here on a write outside --debug would kill the gofer: the
	 * exit status is all the sentry gets. */
	err = gofer_serve(sock, rootfd, debug ? GOFER_SERVE_DEBUG : 0);
	if (err && debug)
		fprintf(stderr, "moat: gofer: the socket failed: %s\n", strerror(-err));
	/* _exit: exit handlers (LeakSanitizer's, for one) may make calls the
	 * filter refuses, and stderr is unbuffered. */
	_exit(err ? 1 : 0);
}
