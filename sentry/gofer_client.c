/* The sentry's side of the gofer door: encode, send, receive, check.
 *
 * The gofer is less trusted than the sentry (it touches the host's files on
 * the guest's behalf), so its reply is checked as strictly as the gofer
 * checks a request: a reply that breaks the protocol marks the connection
 * broken, and every later call fails with -EIO rather than act on a gofer
 * that may be compromised or out of step. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "sentry/gofer_client.h"

_Static_assert(GOFER_MAX_MSG >= GOFER_MAX_REPLY,
	       "struct gofer_conn's buffer serves requests and replies");

/* Room for a few fds: a gofer that sends more than one is in breach, and
 * the extra fds must arrive to be closed rather than be dropped unseen. */

static int breach(struct gofer_conn *c, const char *why)
{
	if (!c->broken)
		fprintf(stderr, "moat: gofer: %s; file access is cut off\n", why);
	c->broken = true;
	return -EIO;
}

static void close_fds(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		close(fds[i]);
}

static int send_req(struct gofer_conn *c, size_t len, int send_fd)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = c->buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (send_fd >= 0) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &send_fd, sizeof(int));
	}
	do
		n = sendmsg(c->fd, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	/* SOCK_SEQPACKET sends a message whole or not at all. */
	return (size_t)n == len ? 0 : -EIO;
}

int gofer_call(struct gofer_conn *c, struct gofer_call *call)
{
	struct gofer_req_hdr h = {
		.op = call->op, .flags = call->flags, .mode = call->mode,
		.uid = call->uid, .gid = call->gid, .arg = call->arg,
	};
	const struct gofer_reply_hdr *rh;
	const void *payload;
	size_t plen, nfds = 0;
	int fds[GOFER_MAX_FDS];
	int flags = 0, send_fd = -1, err;
	long len;
	ssize_t n;

	call->out_len = 0;
	call->ret = 0;
	call->recv_fd = -1;
	if (c->broken)
		return -EIO;
	c->requests++;
	memcpy(h.times, call->times, sizeof(h.times));

	len = gofer_req_encode(&h, call->path, call->path2, call->data,
			       call->data_len, c->buf, sizeof(c->buf));
	if (len < 0)
		return (int)len;
	/* Only BIND and CONNECT carry an fd; the gofer refuses any other
	 * request that does. */
	if (call->op == GOP_BIND || call->op == GOP_CONNECT) {
		if (call->send_fd < 0)
			return -EBADF;
		send_fd = call->send_fd;
	}
	err = send_req(c, (size_t)len, send_fd);
	if (err == -EPIPE || err == -ECONNRESET || err == -EIO)
		return breach(c, "the gofer went away");
	if (err)
		return err;     /* e.g. -EBADF for a bad send_fd: nothing sent */

	n = gofer_recv(c->fd, c->buf, sizeof c->buf, fds, &nfds, &flags);
	if (n == 0 || n == -ECONNRESET)
		return breach(c, "the gofer went away");
	if (n < 0)
		return breach(c, "cannot receive the gofer's reply");

	/* A gofer of another protocol version says so in every header. */
	if ((size_t)n >= sizeof(*rh)) {
		rh = (const void *)c->buf;
		if (rh->magic == GOFER_MAGIC && rh->version != GOFER_VERSION) {
			close_fds(fds, nfds);
			breach(c, "the gofer speaks another protocol version");
			return -EPROTO;
		}
	}
	if (flags & (MSG_TRUNC | MSG_CTRUNC)) {
		close_fds(fds, nfds);
		return breach(c, "protocol breach: oversized reply");
	}
	if (gofer_reply_check(c->buf, (size_t)n, call->op, &rh, &payload, &plen)) {
		close_fds(fds, nfds);
		return breach(c, "protocol breach: malformed reply");
	}
	/* Exactly one fd with a successful OPEN, none with anything else. */
	if (nfds != (call->op == GOP_OPEN && rh->err == 0 ? 1u : 0u)) {
		close_fds(fds, nfds);
		return breach(c, "protocol breach: unexpected file descriptors");
	}
	if (nfds)
		call->recv_fd = fds[0];

	call->ret = rh->ret;
	if (call->out && plen) {
		call->out_len = plen < call->out_cap ? plen : call->out_cap;
		memcpy(call->out, payload, call->out_len);
	}
	err = rh->err;
	/* The gofer closes its copy of an fd that crossed the socket only
	 * after this reply, and it reads the next request only after that
	 * close.  One more round trip makes sure the guest's copy is the last
	 * one before the guest runs on: otherwise a file just written may
	 * still be open for writing in the gofer (execve: ETXTBSY; inotify:
	 * IN_CLOSE_WRITE missing when the guest looks) and a closed socket
	 * may stay bound. */
	if (nfds || send_fd >= 0) {
		int e = gofer_hello(c);
		if (e < 0) {
			if (call->recv_fd >= 0)
				close(call->recv_fd);
			call->recv_fd = -1;
			return e;
		}
	}
	return err;
}

int gofer_hello(struct gofer_conn *c)
{
	struct gofer_call call = { .op = GOP_HELLO, .send_fd = -1 };
	int err = gofer_call(c, &call);

	if (err == 0 && call.ret != GOFER_VERSION) {
		breach(c, "the gofer speaks another protocol version");
		return -EPROTO;
	}
	return err;
}
