/* The sentry's side of the gofer door: one synchronous request at a time
 * over the gofer socket (gofer/proto.h). */
#ifndef MOAT_SENTRY_GOFER_CLIENT_H
#define MOAT_SENTRY_GOFER_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gofer/proto.h"

struct gofer_conn {
	int fd;                 /* SOCK_SEQPACKET to the gofer */
	unsigned long requests; /* served so far, shown by --debug */
	bool broken;            /* the gofer broke the protocol or went away:
				   every later call fails with -EIO */
	/* One message at a time, request then reply: the connection is
	 * synchronous, so one buffer serves both (GOFER_MAX_MSG is the larger).
	 * Kept here rather than on the caller's stack, which may be small. */
	_Alignas(8) unsigned char buf[GOFER_MAX_MSG];
};

/* Arguments of one call.  Fields an op does not use stay zero. */
struct gofer_call {
	uint16_t op;
	const char *path;       /* resolved form, see gofer/proto.h */
	const char *path2;
	const void *data;
	size_t data_len;
	uint32_t flags, mode, uid, gid;
	uint64_t arg;
	int64_t times[2][2];
	int send_fd;            /* the socket for BIND/CONNECT; ignored by
				   every other op (so zero is harmless) */

	/* results */
	void *out;              /* payload buffer, may be NULL */
	size_t out_cap;
	size_t out_len;         /* payload bytes received */
	int64_t ret;            /* the reply's ret */
	int recv_fd;            /* fd received (OPEN), else -1 */
};

/* Send one request and wait for its reply.  Returns the reply's err (0 or a
 * negative errno from the gofer), or -EIO if the gofer broke the protocol or
 * went away (a protocol breach is logged once).  A request that cannot be
 * encoded returns gofer_req_encode()'s errno without being sent.  The
 * payload is copied into out, truncated to out_cap; out_len is the bytes
 * copied.  The caller owns recv_fd (O_CLOEXEC). */
int gofer_call(struct gofer_conn *c, struct gofer_call *call);

/* HELLO handshake; 0 or -EPROTO on a version mismatch. */
int gofer_hello(struct gofer_conn *c);

#endif
