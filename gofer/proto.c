/* Encoding and strict checking of gofer messages (gofer/proto.h).
 *
 * Both ends run every message through these checks before touching a field:
 * the gofer because the sentry's request is built from guest input, the
 * sentry because a compromised gofer is exactly what the split guards
 * against. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/limits.h>

#include "gofer/proto.h"

/* What each op carries besides its header.  path2 is a second resolved path
 * (RENAME, LINK), an xattr name, or absent; data is a symlink target, an
 * xattr value, or absent. */
enum field { F_NONE, F_PATH, F_NAME, F_TARGET, F_VALUE };

/* What a successful reply's payload must be. */
enum payload { R_NONE, R_WALK, R_STAT, R_STATX, R_STATFS, R_BYTES, R_SIZED };

static const struct op_layout {
	unsigned char path, path2, data, reply;
} layout[GOP_OP_MAX] = {
	[GOP_HELLO]       = { F_NONE, F_NONE, F_NONE,   R_NONE },
	[GOP_WALK]        = { F_PATH, F_NONE, F_NONE,   R_WALK },
	[GOP_OPEN]        = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_STAT]        = { F_PATH, F_NONE, F_NONE,   R_STAT },
	[GOP_STATX]       = { F_PATH, F_NONE, F_NONE,   R_STATX },
	[GOP_ACCESS]      = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_READLINK]    = { F_PATH, F_NONE, F_NONE,   R_BYTES },
	[GOP_MKDIR]       = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_MKNOD]       = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_UNLINK]      = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_RENAME]      = { F_PATH, F_PATH, F_NONE,   R_NONE },
	[GOP_LINK]        = { F_PATH, F_PATH, F_NONE,   R_NONE },
	[GOP_SYMLINK]     = { F_PATH, F_NONE, F_TARGET, R_NONE },
	[GOP_CHMOD]       = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_CHOWN]       = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_TRUNCATE]    = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_UTIMENS]     = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_STATFS]      = { F_PATH, F_NONE, F_NONE,   R_STATFS },
	[GOP_GETXATTR]    = { F_PATH, F_NAME, F_NONE,   R_SIZED },
	[GOP_SETXATTR]    = { F_PATH, F_NAME, F_VALUE,  R_NONE },
	[GOP_LISTXATTR]   = { F_PATH, F_NONE, F_NONE,   R_SIZED },
	[GOP_REMOVEXATTR] = { F_PATH, F_NAME, F_NONE,   R_NONE },
	[GOP_BIND]        = { F_PATH, F_NONE, F_NONE,   R_NONE },
	[GOP_CONNECT]     = { F_PATH, F_NONE, F_NONE,   R_NONE },
};

static bool op_valid(uint32_t op)
{
	return op > 0 && op < GOP_OP_MAX;
}

int gofer_path_check(const char *path, size_t len)
{
	size_t start = 0;

	if (len >= PATH_MAX || memchr(path, '\0', len))
		return -EPROTO;
	if (len == 0)
		return 0;       /* the root */
	/* Each component, including the last, must be non-empty and not a dot
	 * name; this also rules out a leading '/', "//" and a trailing '/'. */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		size_t n = i - start;
		if (n == 0)
			return -EPROTO;
		if (path[start] == '.' && (n == 1 || (n == 2 && path[start + 1] == '.')))
			return -EPROTO;
		start = i + 1;
	}
	return 0;
}

/* The checks of one field, shared by encode (which maps a failure to the
 * errno the caller expects) and decode (where every failure is -EPROTO). */
static int field_check(enum field kind, const char *p, size_t len)
{
	switch (kind) {
	case F_NONE:
		return len == 0 ? 0 : -EINVAL;
	case F_PATH:
		if (len >= PATH_MAX)
			return -ENAMETOOLONG;
		return gofer_path_check(p, len) ? -EINVAL : 0;
	case F_NAME:
		/* setxattr(2): ERANGE for an empty or over-long name. */
		if (len == 0 || len > XATTR_NAME_MAX)
			return -ERANGE;
		return memchr(p, '\0', len) ? -EINVAL : 0;
	case F_TARGET:
		/* Any bytes but NUL: the kernel stores the target as given.
		 * p is NULL for encode's absent data (len 0): memchr must
		 * not see it. */
		if (len >= PATH_MAX)
			return -ENAMETOOLONG;
		return len && memchr(p, '\0', len) ? -EINVAL : 0;
	case F_VALUE:
		return len > GOFER_MAX_DATA ? -E2BIG : 0;
	}
	return -EINVAL;
}

long gofer_req_encode(struct gofer_req_hdr *h, const char *path,
		      const char *path2, const void *data, size_t data_len,
		      void *buf, size_t cap)
{
	size_t plen, p2len, total;
	const struct op_layout *l;
	unsigned char *p;
	int err;

	if (!op_valid(h->op))
		return -EINVAL;
	l = &layout[h->op];
	if (!path)
		path = "";
	if (!path2)
		path2 = "";
	if (!data)
		data_len = 0;
	plen = strnlen(path, PATH_MAX);
	p2len = strnlen(path2, PATH_MAX);

	if ((err = field_check(l->path, path, plen)) ||
	    (err = field_check(l->path2, path2, p2len)) ||
	    (err = field_check(l->data, data, data_len)))
		return err;

	total = sizeof(*h);
	if (__builtin_add_overflow(total, plen, &total) ||
	    __builtin_add_overflow(total, p2len, &total) ||
	    __builtin_add_overflow(total, data_len, &total) ||
	    total > GOFER_MAX_MSG || total > cap)
		return -E2BIG;

	h->magic = GOFER_MAGIC;
	h->version = GOFER_VERSION;
	h->len = (uint32_t)total;
	h->path_len = (uint32_t)plen;
	h->path2_len = (uint32_t)p2len;
	h->data_len = (uint32_t)data_len;

	p = buf;
	memcpy(p, h, sizeof(*h));
	p += sizeof(*h);
	memcpy(p, path, plen);
	p += plen;
	memcpy(p, path2, p2len);
	p += p2len;
	if (data_len)
		memcpy(p, data, data_len);
	return (long)total;
}

int gofer_req_decode(const void *buf, size_t len, struct gofer_req *out)
{
	const unsigned char *p = buf;
	const struct op_layout *l;
	struct gofer_req_hdr h;
	size_t total;

	if (len < sizeof(h))
		return -EPROTO;
	memcpy(&h, p, sizeof(h));      /* buf need not be aligned */
	if (h.magic != GOFER_MAGIC || h.version != GOFER_VERSION ||
	    !op_valid(h.op) || h.len != len)
		return -EPROTO;
	if (h.path_len >= PATH_MAX || h.path2_len >= PATH_MAX ||
	    h.data_len > GOFER_MAX_DATA)
		return -EPROTO;
	total = sizeof(h);
	if (__builtin_add_overflow(total, (size_t)h.path_len, &total) ||
	    __builtin_add_overflow(total, (size_t)h.path2_len, &total) ||
	    __builtin_add_overflow(total, (size_t)h.data_len, &total) ||
	    total != len)
		return -EPROTO;

	l = &layout[h.op];
	p += sizeof(h);
	if (field_check(l->path, (const char *)p, h.path_len) ||
	    field_check(l->path2, (const char *)p + h.path_len, h.path2_len) ||
	    field_check(l->data, (const char *)p + h.path_len + h.path2_len,
			h.data_len))
		return -EPROTO;

	out->h = h;
	memcpy(out->path, p, h.path_len);
	out->path[h.path_len] = '\0';
	memcpy(out->path2, p + h.path_len, h.path2_len);
	out->path2[h.path2_len] = '\0';
	out->data = h.data_len ? p + h.path_len + h.path2_len : NULL;
	return 0;
}

/* WALK payload: entries back to back; only the last may be anything but a
 * directory, and only a symlink carries a target (which must be NUL-free). */
static int walk_check(const unsigned char *p, size_t len, int64_t ret)
{
	struct gofer_walk_ent e;
	size_t off = 0;
	int64_t n = 0;
	bool ended = false;

	while (off < len) {
		if (ended || len - off < sizeof(e))
			return -EPROTO;
		memcpy(&e, p + off, sizeof(e));
		off += sizeof(e);
		if (e.pad || e.pad2)
			return -EPROTO;
		switch (e.type) {
		case DT_DIR:
			break;
		case DT_LNK:
			if (e.target_len >= PATH_MAX || len - off < e.target_len ||
			    memchr(p + off, '\0', e.target_len))
				return -EPROTO;
			off += e.target_len;
			ended = true;
			break;
		case DT_UNKNOWN:
		case DT_REG: case DT_FIFO: case DT_CHR: case DT_BLK: case DT_SOCK:
			ended = true;
			break;
		default:
			return -EPROTO;
		}
		if (e.type != DT_LNK && e.target_len)
			return -EPROTO;
		n++;
	}
	return n == ret ? 0 : -EPROTO;
}

static int payload_check(uint16_t op, const unsigned char *p, size_t len,
			 int64_t ret)
{
	switch (layout[op].reply) {
	case R_NONE:
		if (len != 0)
			return -EPROTO;
		if (op == GOP_HELLO)
			return 0;       /* ret = the version, judged by the caller */
		if (op == GOP_OPEN)
			return ret == 0 || ret == GOFER_OPEN_FIFO ? 0 : -EPROTO;
		return ret == 0 ? 0 : -EPROTO;
	case R_WALK:
		return walk_check(p, len, ret);
	case R_STAT:
		return len == sizeof(struct stat) && ret == 0 ? 0 : -EPROTO;
	case R_STATX:
		return len == sizeof(struct statx) && ret == 0 ? 0 : -EPROTO;
	case R_STATFS:
		return len == sizeof(struct statfs) && ret == 0 ? 0 : -EPROTO;
	case R_BYTES:   /* readlink: the target, ret = its length */
		if (ret < 0 || (uint64_t)ret != len || len >= PATH_MAX ||
		    memchr(p, '\0', len))
			return -EPROTO;
		return 0;
	case R_SIZED:   /* xattr value or list: ret = its size; no payload
			   when the caller asked for the size only */
		if (ret < 0 || ret > GOFER_MAX_DATA ||
		    (len != 0 && (uint64_t)ret != len))
			return -EPROTO;
		return 0;
	}
	return -EPROTO;
}

int gofer_reply_check(const void *buf, size_t len, uint16_t op,
		      const struct gofer_reply_hdr **hdr,
		      const void **payload, size_t *payload_len)
{
	const struct gofer_reply_hdr *h = buf;
	const unsigned char *p = buf;
	size_t plen;

	if ((uintptr_t)buf % _Alignof(struct gofer_reply_hdr) ||
	    len < sizeof(*h) || len > GOFER_MAX_REPLY || !op_valid(op))
		return -EPROTO;
	if (h->magic != GOFER_MAGIC || h->version != GOFER_VERSION ||
	    h->op != op || h->len != len)
		return -EPROTO;
	plen = len - sizeof(*h);
	if (h->err > 0 || h->err < -4095)
		return -EPROTO;
	if (h->err != 0) {
		if (plen != 0 || h->ret != 0)
			return -EPROTO;
	} else if (payload_check(op, p + sizeof(*h), plen, h->ret)) {
		return -EPROTO;
	}
	*hdr = h;
	*payload = p + sizeof(*h);
	*payload_len = plen;
	return 0;
}

long gofer_recv(int sock, void *buf, size_t cap, int *fds, size_t *nfds,
		int *msg_flags)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(GOFER_MAX_FDS * sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	ssize_t n;

	*nfds = 0;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0))
			continue;
		size_t k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k && *nfds < GOFER_MAX_FDS; i++)
			memcpy(&fds[(*nfds)++], CMSG_DATA(cm) + i * sizeof(int),
			       sizeof(int));
	}
	*msg_flags = msg.msg_flags;
	return n;
}
