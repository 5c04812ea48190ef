/* The sentry <-> gofer wire format.
 *
 * One request, one reply, in order, over a SOCK_SEQPACKET socketpair (so a
 * message is never split or merged).  File descriptors travel with
 * SCM_RIGHTS: the sentry hands a guest socket to BIND/CONNECT, the gofer
 * hands an opened file back for OPEN.
 *
 * Paths in requests are *resolved* sandbox paths: relative to the sandbox
 * root, components separated by one '/', no leading '/', no '.', '..' or
 * empty component ("" is the root itself).  The sentry has already expanded
 * every symlink it was asked to follow; the gofer never follows one (it
 * walks with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS
 * and acts on the final component with its *at() call and NOFOLLOW), so a
 * symlink swapped in after the sentry's walk yields ELOOP, never an escape.
 *
 * Both sides check every length before touching a field: the gofer does not
 * trust the sentry's buffer layout more than the sentry trusts the gofer's. */
#ifndef MOAT_GOFER_PROTO_H
#define MOAT_GOFER_PROTO_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define GOFER_MAGIC   0x4d4f4154u /* "MOAT" */
#define GOFER_VERSION 1u

/* Largest request: header, two paths and an xattr value. */
#define GOFER_MAX_DATA   65536u
#define GOFER_MAX_MSG    (sizeof(struct gofer_req_hdr) + 2 * PATH_MAX + GOFER_MAX_DATA)
#define GOFER_MAX_REPLY  (sizeof(struct gofer_reply_hdr) + GOFER_MAX_DATA)

enum gofer_op {
	GOP_HELLO = 1,   /* -> ret = GOFER_VERSION */
	GOP_WALK,        /* path -> struct gofer_walk_ent[]: one per component
			    walked, stopping after the first one that is missing,
			    not a directory, or a symlink (its target follows);
			    ret = number of entries.  "" gives none.  A reply
			    that would exceed GOFER_MAX_REPLY stops early, after
			    a directory: walk the rest with another request */
	GOP_OPEN,        /* path, flags = open flags, mode -> fd; ret = 0, or
			    GOFER_OPEN_FIFO: see below */
	GOP_STAT,        /* path, flags = AT_SYMLINK_NOFOLLOW? -> struct stat */
	GOP_STATX,       /* path, flags = AT_* flags, arg = mask -> struct statx */
	GOP_ACCESS,      /* path, mode, flags = AT_EACCESS|AT_SYMLINK_NOFOLLOW */
	GOP_READLINK,    /* path -> target bytes (no NUL); ret = length */
	GOP_MKDIR,       /* path, mode (umask already applied) */
	GOP_MKNOD,       /* path, mode (S_IFREG, S_IFIFO or S_IFSOCK only), arg = dev */
	GOP_UNLINK,      /* path, flags = 0 or AT_REMOVEDIR */
	GOP_RENAME,      /* path -> path2, flags = RENAME_* */
	GOP_LINK,        /* path (existing) -> path2 (new link) */
	GOP_SYMLINK,     /* path (new link), data = target bytes as given
			    (no NUL, < PATH_MAX); path2 stays empty */
	GOP_CHMOD,       /* path, mode, flags = AT_SYMLINK_NOFOLLOW? */
	GOP_CHOWN,       /* path, uid, gid, flags = AT_SYMLINK_NOFOLLOW? */
	GOP_TRUNCATE,    /* path, arg = length */
	GOP_UTIMENS,     /* path, times, flags = AT_SYMLINK_NOFOLLOW? */
	GOP_STATFS,      /* path -> struct statfs */
	GOP_GETXATTR,    /* path, path2 = name, arg = size, flags = nofollow -> value; ret = size */
	GOP_SETXATTR,    /* path, path2 = name, data = value, mode = XATTR_* flags,
			    flags = AT_SYMLINK_NOFOLLOW? */
	GOP_LISTXATTR,   /* path, arg = size, flags = AT_SYMLINK_NOFOLLOW?
			    -> names; ret = size */
	GOP_REMOVEXATTR, /* path, path2 = name, flags = AT_SYMLINK_NOFOLLOW? */
	GOP_BIND,        /* path, + the guest's socket fd; binds it beneath the
			    parent; mode = the guest's umask (the socket file
			    gets 0777 & ~umask, as bind(2) gives it) */
	GOP_CONNECT,     /* path, + the guest's socket fd; never blocks: a full
			    listen backlog gives -EAGAIN even for a blocking
			    socket, which the sentry retries off its loop */
	GOP_OP_MAX
};

/* Op semantics shared by all ops:
 *
 * - Symlinks.  An op whose request may say AT_SYMLINK_NOFOLLOW (or O_NOFOLLOW
 *   for OPEN) acts on a symlink itself only when told so.  Without the flag
 *   the sentry has already followed every link, so a symlink there means its
 *   walk was stale (the tree changed under it): the gofer answers -ELOOP and
 *   the sentry walks again.  STATFS and TRUNCATE always follow, so for them
 *   a symlink is always -ELOOP.  Xattr ops on a symlink raced in after that
 *   check act on the link itself, never on what it points to.
 * - The root.  "" names the sandbox root; ops that create or remove a name
 *   get the kernel's answer for "/" (-EEXIST, -EBUSY, ...).
 * - Errors are the kernel's errno for the gofer's own credentials: the gofer
 *   runs without any capability, so CHOWN to another owner gives -EPERM, and
 *   a file the gofer's uid may not read cannot be opened for reading.
 * - Sockets.  BIND and CONNECT act on the guest's own socket, but as the
 *   gofer: the address a bound socket reports is the last component only
 *   (relative to the parent), and a peer's SO_PEERCRED names the gofer. */

/* OPEN of a FIFO: opening one may wait for the other end, and the gofer
 * never waits.  Unless the open flags have O_NONBLOCK or O_PATH, a FIFO is
 * answered with ret = GOFER_OPEN_FIFO and an O_PATH fd of it instead of the
 * open file: the sentry reopens that fd (/proc/self/fd/N) with the guest's
 * flags, off its event loop. */
#define GOFER_OPEN_FIFO 1

/* Request header; path, path2 and data follow it back to back, without
 * NULs.  len is the whole message. */
struct gofer_req_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t op;
	uint32_t len;
	uint32_t flags;
	uint32_t mode;
	uint32_t uid;
	uint32_t gid;
	uint32_t path_len;
	uint32_t path2_len;
	uint32_t data_len;
	uint64_t arg;
	int64_t  times[2][2]; /* utimensat's two timespecs: {sec, nsec} */
};

/* Reply header; the payload follows.  err is 0 or a negative errno. */
struct gofer_reply_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t op;
	uint32_t len;
	int32_t  err;
	int64_t  ret;
};

/* GOP_WALK reply payload: entries back to back. */
struct gofer_walk_ent {
	uint8_t  type;       /* DT_DIR, DT_LNK, DT_REG, ..., or DT_UNKNOWN = missing */
	uint8_t  pad;
	uint16_t target_len; /* for DT_LNK: bytes of target that follow */
	uint32_t pad2;
	uint64_t dev;
	uint64_t ino;
};

/* A decoded request: views into the caller's buffer, plus NUL-terminated
 * copies of the two paths. */
struct gofer_req {
	struct gofer_req_hdr h;
	char path[PATH_MAX];
	char path2[PATH_MAX];
	const void *data;
};

/* Encode a request into buf (cap bytes).  h->magic, h->version, h->len and
 * the three lengths are filled in from the strings and data (a NULL path or
 * path2 is ""; data_len is ignored when data is NULL).  Returns the length,
 * or -ENAMETOOLONG (a path or symlink target of PATH_MAX or more), -ERANGE
 * (an xattr name longer than XATTR_NAME_MAX, or empty), -E2BIG (data over
 * GOFER_MAX_DATA, or buf too small), -EINVAL (anything else decode would
 * refuse: unknown op, a path not in resolved form, a field the op does not
 * take). */
long gofer_req_encode(struct gofer_req_hdr *h, const char *path,
		      const char *path2, const void *data, size_t data_len,
		      void *buf, size_t cap);

/* Check and decode a request of len bytes.  Returns 0, or -EPROTO for a
 * malformed message (bad magic/version/op, lengths that do not add up, a
 * path with a NUL or over PATH_MAX, a path that is not in resolved form). */
int gofer_req_decode(const void *buf, size_t len, struct gofer_req *out);

/* Check that a path is in resolved form (see above).  0 or -EPROTO. */
int gofer_path_check(const char *path, size_t len);

/* Check a reply of len bytes for the request op; on success *payload and
 * *payload_len describe the payload.  buf must be aligned for
 * struct gofer_reply_hdr (8 bytes).  Besides the header this checks what
 * each op's payload must be: none on an error, a struct of the right size
 * for STAT/STATX/STATFS, well-formed entries for WALK, ret agreeing with the
 * payload.  Returns 0 or -EPROTO. */
int gofer_reply_check(const void *buf, size_t len, uint16_t op,
		      const struct gofer_reply_hdr **hdr,
		      const void **payload, size_t *payload_len);

/* Fds one message may carry that a receiver looks at (and closes when
 * unexpected). */
#define GOFER_MAX_FDS 4

/* Receive one message of at most cap bytes from sock (MSG_CMSG_CLOEXEC,
 * EINTR retried), keeping at most GOFER_MAX_FDS of the fds that came with
 * it in fds.  Returns the length, 0 at end of stream, or -errno; *msg_flags
 * gets the message's flags (MSG_TRUNC, MSG_CTRUNC). */
long gofer_recv(int sock, void *buf, size_t cap, int *fds, size_t *nfds,
		int *msg_flags);

#endif
