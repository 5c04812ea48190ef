/* The gofer's request loop, apart from its confinement (gofer/confine.h),
 * so that a test can serve a temporary directory in-process. */
#ifndef MOAT_GOFER_SERVER_H
#define MOAT_GOFER_SERVER_H

enum {
	GOFER_SERVE_DEBUG  = 1 << 0, /* one line per request on stderr */
	GOFER_SERVE_COMPAT = 1 << 1, /* act as on a kernel without fchmodat2
					(6.6) and the *xattrat calls (6.13):
					tests the fallback paths */
};

/* Serve requests from sock (SOCK_SEQPACKET) on the tree under rootfd (an
 * O_PATH directory fd) until the peer closes its end.  Changes the cwd
 * while it binds or connects a socket.  Returns 0 when the peer closed, or
 * a negative errno if the socket failed. */
int gofer_serve(int sock, int rootfd, unsigned int flags);

#endif
