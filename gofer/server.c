/* The gofer's request loop: receive, check, perform, reply.
 *
 * Every operation stays beneath the root handle and never follows a
 * symlink (DESIGN.md, "Files: two doors"):
 *
 * - Ops that create, remove or look at a name (OPEN, MKDIR, MKNOD, UNLINK,
 *   RENAME, LINK, SYMLINK, READLINK, the xattr ops, BIND, CONNECT) open the
 *   parent with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
 *   RESOLVE_NO_MAGICLINKS) and act on (parent, last) with the *at() call;
 *   none of those calls follows a trailing symlink.  The root itself is
 *   (root, "."), so the kernel gives its own answer for "/".
 * - Ops on an existing node (STAT, STATX, ACCESS, CHMOD, CHOWN, TRUNCATE,
 *   UTIMENS, STATFS) open the node itself O_PATH with the same resolve
 *   flags, with O_NOFOLLOW when the request says AT_SYMLINK_NOFOLLOW, and
 *   act on that handle with AT_EMPTY_PATH.  RESOLVE_NO_SYMLINKS also covers
 *   the last component: without O_NOFOLLOW a symlink there is -ELOOP, which
 *   is what proto.h promises for a stale walk, with no window in which a
 *   link could be swapped in.
 *
 * The gofer serves one request at a time and must never block on the
 * guest: see op_open() for FIFOs and sock_connect() for a full backlog. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <linux/openat2.h>

#include "gofer/proto.h"
#include "gofer/server.h"

/* Newer than the installed headers. */
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_setxattrat
#define SYS_setxattrat    463
#define SYS_getxattrat    464
#define SYS_listxattrat   465
#define SYS_removexattrat 466
#endif
/* The *xattrat calls take their value through this (linux/xattr.h, 6.13). */
struct gofer_xattr_args {
	uint64_t value;
	uint32_t size;
	uint32_t flags;
};

#define RESOLVE_GOFER (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

/* open(2) ignores flag bits it does not know; openat2(2) refuses them, so
 * keep what open(2) honours.  The kernel's O_LARGEFILE is 0100000 (glibc's
 * is 0 on x86-64). */
#define KERNEL_O_LARGEFILE 0100000
#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | \
		    O_APPEND | O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | \
		    KERNEL_O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | \
		    O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE)
/* With O_PATH, open(2) ignores all but these; openat2(2) refuses others. */
#define O_PATH_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)


struct srv {
	int sock, rootfd;
	unsigned int flags;
	bool no_fchmodat2, no_xattrat;  /* older kernel: use the fallbacks */

	/* the current request and its answer */
	struct gofer_req req;
	int fd_in;              /* fd received with BIND/CONNECT, or -1 */
	int fd_out;             /* fd to send with the reply, or -1 */
	int64_t ret;
	size_t out_len;         /* payload bytes in out after the header */

	_Alignas(8) unsigned char in[GOFER_MAX_MSG];
	_Alignas(8) unsigned char out[GOFER_MAX_REPLY];
};

/* A name to act on: (dirfd, name), dirfd owned unless it is the root. */
struct loc {
	int dirfd;
	const char *name;
	char buf[PATH_MAX];
};

static unsigned char *payload(struct srv *s)
{
	return s->out + sizeof(struct gofer_reply_hdr);
}

static int openat2_beneath(int dirfd, const char *path, uint64_t flags,
			   uint64_t mode)
{
	struct open_how how = {
		.flags = flags, .mode = mode, .resolve = RESOLVE_GOFER,
	};
	long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : (int)fd;
}

static void put_fd(struct srv *s, int fd)
{
	if (fd >= 0 && fd != s->rootfd)
		close(fd);
}

/* Split path into parent and last component and open the parent. */
static int open_parent(struct srv *s, const char *path, struct loc *l)
{
	char *slash;

	l->dirfd = s->rootfd;
	if (!*path) {
		l->name = ".";
		return 0;
	}
	strcpy(l->buf, path);   /* both PATH_MAX, and path is checked */
	slash = strrchr(l->buf, '/');
	if (!slash) {
		l->name = l->buf;
		return 0;
	}
	*slash = '\0';
	l->name = slash + 1;
	l->dirfd = openat2_beneath(s->rootfd, l->buf,
				   O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	return l->dirfd < 0 ? l->dirfd : 0;
}

static void put_loc(struct srv *s, struct loc *l)
{
	put_fd(s, l->dirfd);
	l->dirfd = -1;
}

/* An O_PATH handle of the node itself ("" is the root). */
static int open_node(struct srv *s, const char *path, bool nofollow)
{
	if (!*path)
		return s->rootfd;
	return openat2_beneath(s->rootfd, path,
			       O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0), 0);
}

static bool nofollow(const struct srv *s)
{
	return s->req.h.flags & AT_SYMLINK_NOFOLLOW;
}

/* Before fchmodat2 (6.6) and the *xattrat calls (6.13) an O_PATH handle
 * serves neither chmod nor xattrs, and without /proc it cannot be reopened.
 * The fallback opens the node itself for reading: regular files and
 * directories only (opening anything else may block or wake a peer), only
 * if the gofer may read it, never a symlink. */
static int open_readable(struct srv *s, const char *path, bool nf)
{
	struct stat a, b;
	int pfd, fd;

	pfd = open_node(s, path, nf);
	if (pfd < 0)
		return pfd;
	fd = fstat(pfd, &a) ? -errno : 0;
	put_fd(s, pfd);
	if (fd < 0)
		return fd;
	if (!S_ISREG(a.st_mode) && !S_ISDIR(a.st_mode))
		return -EOPNOTSUPP;
	fd = openat2_beneath(s->rootfd, *path ? path : ".",
			     O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW |
			     O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &b) || b.st_dev != a.st_dev || b.st_ino != a.st_ino) {
		close(fd);
		return -EAGAIN;     /* replaced meanwhile */
	}
	return fd;
}

static int op_hello(struct srv *s)
{
	s->ret = GOFER_VERSION;
	return 0;
}

/* WALK: one component at a time, each opened O_PATH|O_NOFOLLOW beneath the
 * previous one and typed with fstat on that very handle, so what is
 * reported is what was opened. */
static int op_walk(struct srv *s)
{
	unsigned char *out = payload(s);
	char path[PATH_MAX], *p = path;
	size_t off = 0;
	int64_t n = 0;
	int cur = s->rootfd, err = 0;

	strcpy(path, s->req.path);
	while (*p) {
		struct gofer_walk_ent e = { .type = DT_UNKNOWN };
		char *slash = strchr(p, '/');
		struct stat st;
		int fd;

		if (slash)
			*slash = '\0';
		if (GOFER_MAX_DATA - off < sizeof(e))
			break;          /* reply full: the sentry asks again */
		fd = openat2_beneath(cur, p, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
		if (fd == -ENOENT) {
			memcpy(out + off, &e, sizeof(e));
			off += sizeof(e);
			n++;
			break;
		}
		if (fd < 0) {
			err = fd;
			break;
		}
		if (fstat(fd, &st)) {
			err = -errno;
			close(fd);
			break;
		}
		e.type = IFTODT(st.st_mode);
		e.dev = st.st_dev;
		e.ino = st.st_ino;
		if (S_ISLNK(st.st_mode)) {
			size_t room = GOFER_MAX_DATA - off - sizeof(e);
			size_t cap = room < PATH_MAX ? room : PATH_MAX;
			ssize_t t = cap ? readlinkat(fd, "", (char *)out + off + sizeof(e), cap)
					: 0;

			close(fd);
			if (t < 0) {
				err = -errno;
				break;
			}
			if ((size_t)t == cap) {
				/* Targets are shorter than PATH_MAX: it did
				 * not fit in what is left of the reply. */
				if (cap == PATH_MAX)
					err = -ENAMETOOLONG;
				break;
			}
			e.target_len = (uint16_t)t;
			memcpy(out + off, &e, sizeof(e));
			off += sizeof(e) + (size_t)t;
			n++;
			break;
		}
		memcpy(out + off, &e, sizeof(e));
		off += sizeof(e);
		n++;
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			break;
		}
		put_fd(s, cur);
		cur = fd;
		if (!slash)
			break;
		p = slash + 1;
	}
	put_fd(s, cur);
	if (err)
		return err;
	s->ret = n;
	s->out_len = off;
	return 0;
}

static int reply_fifo(struct srv *s, struct loc *l, int flags)
{
	int fd;

	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	fd = openat2_beneath(l->dirfd, l->name, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	s->fd_out = fd;
	s->ret = GOFER_OPEN_FIFO;
	return 0;
}

/* OPEN.  A FIFO opened without O_NONBLOCK waits for its other end, and a
 * waiting gofer stops the whole sandbox's file access.  So: look first, and
 * answer a FIFO with an O_PATH handle (GOFER_OPEN_FIFO).  A FIFO renamed in
 * between the look and the open must not block either, so the open itself
 * adds O_NONBLOCK, checks what it got, and clears the flag afterwards (for
 * regular files and directories O_NONBLOCK changes nothing at open).
 *
 * O_NOFOLLOW is passed as given: RESOLVE_NO_SYMLINKS already refuses a
 * trailing symlink (-ELOOP) unless O_NOFOLLOW is set, and O_PATH|O_NOFOLLOW
 * must open the link itself.  O_NOCTTY is always added: the gofer must not
 * acquire the guest's terminal. */
static int op_open(struct srv *s)
{
	int flags = (int)(s->req.h.flags & OPEN_FLAGS);
	uint64_t mode = 0;
	bool added_nonblock = false;
	struct loc l;
	struct stat st;
	int fd, err;

	if (flags & O_PATH)
		flags &= O_PATH_FLAGS;
	else
		flags |= O_NOCTTY;
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		mode = s->req.h.mode & 07777;

	err = open_parent(s, s->req.path, &l);
	if (err)
		return err;
	if (!(flags & (O_PATH | O_NONBLOCK))) {
		if (fstatat(l.dirfd, l.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISFIFO(st.st_mode)) {
			err = reply_fifo(s, &l, flags);
			goto out;
		}
		added_nonblock = true;
	}

	fd = openat2_beneath(l.dirfd, l.name,
			     (unsigned)flags | O_CLOEXEC | (added_nonblock ? O_NONBLOCK : 0),
			     mode);
	if (fd < 0) {
		err = fd;
		/* O_WRONLY|O_NONBLOCK on a FIFO without a reader. */
		if (fd == -ENXIO && added_nonblock &&
		    fstatat(l.dirfd, l.name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISFIFO(st.st_mode))
			err = reply_fifo(s, &l, flags);
		goto out;
	}
	if (added_nonblock) {
		if (fstat(fd, &st)) {
			err = -errno;
			close(fd);
			goto out;
		}
		if (S_ISFIFO(st.st_mode)) {
			close(fd);
			err = reply_fifo(s, &l, flags);
			goto out;
		}
		/* F_SETFL sets these five; FASYNC must stay off (open
		 * ignores it, F_SETFL would arm it). */
		if (fcntl(fd, F_SETFL, flags & (O_APPEND | O_DIRECT | O_NOATIME))) {
			err = -errno;
			close(fd);
			goto out;
		}
	}
	s->fd_out = fd;
out:
	put_loc(s, &l);
	return err;
}

static int op_stat(struct srv *s)
{
	int fd, err = 0;

	if (s->req.h.flags & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	fd = open_node(s, s->req.path, nofollow(s));
	if (fd < 0)
		return fd;
	if (fstat(fd, (struct stat *)payload(s)))
		err = -errno;
	else
		s->out_len = sizeof(struct stat);
	put_fd(s, fd);
	return err;
}

static int op_statx(struct srv *s)
{
	const uint32_t pass = AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE;
	int fd, err = 0;

	if (s->req.h.flags & ~(AT_SYMLINK_NOFOLLOW | pass) ||
	    s->req.h.arg > UINT32_MAX)
		return -EINVAL;
	fd = open_node(s, s->req.path, nofollow(s));
	if (fd < 0)
		return fd;
	if (statx(fd, "", AT_EMPTY_PATH | (int)(s->req.h.flags & pass),
		  (unsigned)s->req.h.arg, (struct statx *)payload(s)))
		err = -errno;
	else
		s->out_len = sizeof(struct statx);
	put_fd(s, fd);
	return err;
}

static int op_access(struct srv *s)
{
	int fd, err = 0;

	if (s->req.h.mode & ~(uint32_t)(R_OK | W_OK | X_OK) ||
	    s->req.h.flags & ~(uint32_t)(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	fd = open_node(s, s->req.path, nofollow(s));
	if (fd < 0)
		return fd;
	if (syscall(SYS_faccessat2, fd, "", (int)s->req.h.mode,
		    AT_EMPTY_PATH | (int)(s->req.h.flags & AT_EACCESS)))
		err = -errno;
	put_fd(s, fd);
	return err;
}

static int op_readlink(struct srv *s)
{
	struct loc l;
	ssize_t n;
	int err = open_parent(s, s->req.path, &l);

	if (err)
		return err;
	n = readlinkat(l.dirfd, l.name, (char *)payload(s), PATH_MAX);
	if (n < 0)
		err = -errno;
	else if (n == PATH_MAX)
		err = -ENAMETOOLONG;
	else
		s->ret = (int64_t)(s->out_len = (size_t)n);
	put_loc(s, &l);
	return err;
}

static int op_mkdir(struct srv *s)
{
	struct loc l;
	int err = open_parent(s, s->req.path, &l);

	if (err)
		return err;
	if (mkdirat(l.dirfd, l.name, s->req.h.mode & 07777))
		err = -errno;
	put_loc(s, &l);
	return err;
}

static int op_mknod(struct srv *s)
{
	mode_t type = s->req.h.mode & S_IFMT;
	struct loc l;
	int err;

	if (type == 0)
		type = S_IFREG;     /* mknod(2): zero means a regular file */
	if (type != S_IFREG && type != S_IFIFO && type != S_IFSOCK)
		return -EPERM;      /* devices: the sandbox has no CAP_MKNOD */
	err = open_parent(s, s->req.path, &l);
	if (err)
		return err;
	if (mknodat(l.dirfd, l.name, type | (s->req.h.mode & 07777), 0))
		err = -errno;
	put_loc(s, &l);
	return err;
}

static int op_unlink(struct srv *s)
{
	struct loc l;
	int err;

	if (s->req.h.flags & ~(uint32_t)AT_REMOVEDIR)
		return -EINVAL;
	err = open_parent(s, s->req.path, &l);
	if (err)
		return err;
	if (unlinkat(l.dirfd, l.name, (int)s->req.h.flags))
		err = -errno;
	put_loc(s, &l);
	return err;
}

/* RENAME and LINK: two names, two parents. */
static int op_rename_link(struct srv *s, bool link)
{
	const uint32_t rflags = RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT;
	struct loc from, to;
	int err, r;

	if (s->req.h.flags & ~(link ? 0 : rflags))
		return -EINVAL;
	err = open_parent(s, s->req.path, &from);
	if (err)
		return err;
	err = open_parent(s, s->req.path2, &to);
	if (err)
		goto out;
	if (link)
		r = linkat(from.dirfd, from.name, to.dirfd, to.name, 0);
	else
		/* glibc turns renameat2(..., 0) into renameat: one
		 * syscall for the filter is enough. */
		r = (int)syscall(SYS_renameat2, from.dirfd, from.name, to.dirfd,
				 to.name, s->req.h.flags);
	if (r)
		err = -errno;
	put_loc(s, &to);
out:
	put_loc(s, &from);
	return err;
}

static int op_rename(struct srv *s)
{
	return op_rename_link(s, false);
}

static int op_link(struct srv *s)
{
	return op_rename_link(s, true);
}

static int op_symlink(struct srv *s)
{
	char target[PATH_MAX];
	struct loc l;
	int err;

	/* decode checked: NUL-free, shorter than PATH_MAX */
	memcpy(target, s->req.data, s->req.h.data_len);
	target[s->req.h.data_len] = '\0';
	err = open_parent(s, s->req.path, &l);
	if (err)
		return err;
	if (symlinkat(target, l.dirfd, l.name))
		err = -errno;
	put_loc(s, &l);
	return err;
}

static int op_chmod(struct srv *s)
{
	mode_t mode = s->req.h.mode & 07777;
	int fd, err = 0;

	if (s->req.h.flags & ~(uint32_t)AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (!s->no_fchmodat2) {
		fd = open_node(s, s->req.path, nofollow(s));
		if (fd < 0)
			return fd;
		if (syscall(SYS_fchmodat2, fd, "", mode, AT_EMPTY_PATH))
			err = -errno;
		put_fd(s, fd);
		if (err != -ENOSYS)
			return err;
		s->no_fchmodat2 = true;
	}
	fd = open_readable(s, s->req.path, nofollow(s));
	if (fd < 0)
		return fd;
	err = fchmod(fd, mode) ? -errno : 0;
	close(fd);
	return err;
}

static int op_chown(struct srv *s)
{
	int fd, err = 0;

	if (s->req.h.flags & ~(uint32_t)AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	fd = open_node(s, s->req.path, nofollow(s));
	if (fd < 0)
		return fd;
	if (fchownat(fd, "", s->req.h.uid, s->req.h.gid, AT_EMPTY_PATH))
		err = -errno;
	put_fd(s, fd);
	return err;
}

/* TRUNCATE follows the path like truncate(2) and refuses what is not a
 * regular file before opening it: opening a FIFO for writing would wake a
 * reader waiting for a writer. */
static int op_truncate(struct srv *s)
{
	struct stat a, b;
	int pfd, fd, err = 0;

	if (s->req.h.flags || s->req.h.arg > INT64_MAX)
		return -EINVAL;
	pfd = open_node(s, s->req.path, false);
	if (pfd < 0)
		return pfd;
	err = fstat(pfd, &a) ? -errno : 0;
	put_fd(s, pfd);
	if (err)
		return err;
	if (S_ISDIR(a.st_mode))
		return -EISDIR;
	if (!S_ISREG(a.st_mode))
		return -EINVAL;
	fd = openat2_beneath(s->rootfd, s->req.path,
			     O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	if (fstat(fd, &b))
		err = -errno;
	else if (b.st_dev != a.st_dev || b.st_ino != a.st_ino)
		err = -EAGAIN;      /* replaced meanwhile */
	else if (ftruncate(fd, (off_t)s->req.h.arg))
		err = -errno;
	close(fd);
	return err;
}

static int op_utimens(struct srv *s)
{
	struct timespec ts[2];
	int fd, err = 0;

	if (s->req.h.flags & ~(uint32_t)AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	for (int i = 0; i < 2; i++) {
		ts[i].tv_sec = (time_t)s->req.h.times[i][0];
		ts[i].tv_nsec = (long)s->req.h.times[i][1];
	}
	fd = open_node(s, s->req.path, nofollow(s));
	if (fd < 0)
		return fd;
	if (utimensat(fd, "", ts, AT_EMPTY_PATH))
		err = -errno;
	put_fd(s, fd);
	return err;
}

static int op_statfs(struct srv *s)
{
	int fd, err = 0;

	if (s->req.h.flags)
		return -EINVAL;
	fd = open_node(s, s->req.path, false);
	if (fd < 0)
		return fd;
	if (fstatfs(fd, (struct statfs *)payload(s)))
		err = -errno;
	else
		s->out_len = sizeof(struct statfs);
	put_fd(s, fd);
	return err;
}

/* The xattr ops act on (parent, last) with AT_SYMLINK_NOFOLLOW: the
 * *xattrat calls refuse an O_PATH handle with AT_EMPTY_PATH (EBADF, as of
 * 6.18).  A request that follows links gets -ELOOP for a symlink here; one
 * raced in after that look is acted on itself, never followed. */
static int xattr_loc(struct srv *s, struct loc *l)
{
	struct stat st;
	int err;

	if (s->req.h.flags & ~(uint32_t)AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	err = open_parent(s, s->req.path, l);
	if (err)
		return err;
	if (!nofollow(s)) {
		if (fstatat(l->dirfd, l->name, &st, AT_SYMLINK_NOFOLLOW))
			err = -errno;
		else if (S_ISLNK(st.st_mode))
			err = -ELOOP;
		if (err)
			put_loc(s, l);
	}
	return err;
}

/* One xattr call, by the *xattrat form or the fallback. */
enum xop { X_GET, X_SET, X_LIST, X_REMOVE };

static long xattr_at(struct srv *s, enum xop op, void *buf, size_t size,
		     int xflags)
{
	struct gofer_xattr_args a = {
		.value = (uintptr_t)buf, .size = (uint32_t)size,
		.flags = (uint32_t)xflags,
	};
	const char *name = s->req.path2;
	struct loc l;
	long r = -ENOSYS;
	int err;

	if (!s->no_xattrat) {
		err = xattr_loc(s, &l);
		if (err)
			return err;
		switch (op) {
		case X_GET:
			r = syscall(SYS_getxattrat, l.dirfd, l.name,
				    AT_SYMLINK_NOFOLLOW, name, &a, sizeof(a));
			break;
		case X_SET:
			r = syscall(SYS_setxattrat, l.dirfd, l.name,
				    AT_SYMLINK_NOFOLLOW, name, &a, sizeof(a));
			break;
		case X_LIST:
			r = syscall(SYS_listxattrat, l.dirfd, l.name,
				    AT_SYMLINK_NOFOLLOW, buf, size);
			break;
		case X_REMOVE:
			r = syscall(SYS_removexattrat, l.dirfd, l.name,
				    AT_SYMLINK_NOFOLLOW, name);
			break;
		}
		if (r < 0)
			r = -errno;
		put_loc(s, &l);
		if (r != -ENOSYS)
			return r;
		s->no_xattrat = true;
	}

	if (s->req.h.flags & ~(uint32_t)AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	err = open_readable(s, s->req.path, nofollow(s));
	if (err < 0)
		return err;
	switch (op) {
	case X_GET:
		r = fgetxattr(err, name, buf, size);
		break;
	case X_SET:
		r = fsetxattr(err, name, buf, size, xflags);
		break;
	case X_LIST:
		r = flistxattr(err, buf, size);
		break;
	case X_REMOVE:
		r = fremovexattr(err, name);
		break;
	}
	if (r < 0)
		r = -errno;
	close(err);
	return r;
}

static int op_getxattr(struct srv *s)
{
	/* getxattr(2) caps the size at XATTR_SIZE_MAX = GOFER_MAX_DATA. */
	size_t size = s->req.h.arg < GOFER_MAX_DATA ? s->req.h.arg : GOFER_MAX_DATA;
	long r = xattr_at(s, X_GET, size ? payload(s) : NULL, size, 0);

	if (r < 0)
		return (int)r;
	s->ret = r;
	s->out_len = size ? (size_t)r : 0;
	return 0;
}

static int op_listxattr(struct srv *s)
{
	size_t size = s->req.h.arg < GOFER_MAX_DATA ? s->req.h.arg : GOFER_MAX_DATA;
	long r = xattr_at(s, X_LIST, size ? payload(s) : NULL, size, 0);

	if (r < 0)
		return (int)r;
	s->ret = r;
	s->out_len = size ? (size_t)r : 0;
	return 0;
}

static int op_setxattr(struct srv *s)
{
	if (s->req.h.mode & ~(uint32_t)(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	return (int)xattr_at(s, X_SET, (void *)s->req.data, s->req.h.data_len,
			     (int)s->req.h.mode);
}

static int op_removexattr(struct srv *s)
{
	return (int)xattr_at(s, X_REMOVE, NULL, 0, 0);
}

static int sock_bind(struct srv *s, const struct sockaddr_un *sa, socklen_t len)
{
	/* bind(2) gives the socket file 0777 & ~umask of the binder: lend
	 * the gofer the guest's umask (the request's mode) for the call. */
	mode_t old = umask(s->req.h.mode & 0777);
	int err = bind(s->fd_in, (const struct sockaddr *)sa, len) ? -errno : 0;

	umask(old);
	return err;
}

/* A blocking connect to a listener whose backlog is full sleeps until the
 * listener accepts, and a sleeping gofer stops the sandbox's file access.
 * So a stream or seqpacket socket is connected with O_NONBLOCK set for the
 * call (unix sockets connect at once or fail with EAGAIN, never
 * EINPROGRESS) and its flags restored after; -EAGAIN then tells the sentry
 * to retry off its loop if the guest's socket is blocking.  The flag lives
 * in the open file the guest shares: another guest thread may see it for
 * the length of the call.  Datagram connects never sleep. */
static int sock_connect(struct srv *s, const struct sockaddr_un *sa,
			socklen_t len)
{
	int type, fl, err;
	socklen_t tl = sizeof(type);
	bool toggle;

	if (getsockopt(s->fd_in, SOL_SOCKET, SO_TYPE, &type, &tl))
		return -errno;
	fl = fcntl(s->fd_in, F_GETFL);
	if (fl < 0)
		return -errno;
	toggle = type != SOCK_DGRAM && !(fl & O_NONBLOCK);
	if (toggle && fcntl(s->fd_in, F_SETFL, fl | O_NONBLOCK))
		return -errno;
	err = connect(s->fd_in, (const struct sockaddr *)sa, len) ? -errno : 0;
	if (toggle && fcntl(s->fd_in, F_SETFL, fl) && !err)
		err = -errno;
	return err;
}

/* BIND and CONNECT name the socket file by its last component relative to
 * the parent, made the cwd for the call: the kernel resolves sun_path from
 * the cwd, and one component cannot contain a symlink to follow (bind
 * creates it; connect on a symlink would follow it, so it is refused). */
static int op_bind_connect(struct srv *s, bool do_connect)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	struct loc l;
	size_t n;
	int err;

	if (s->req.h.flags)
		return -EINVAL;
	err = open_parent(s, s->req.path, &l);
	if (err)
		return err;
	n = strlen(l.name);
	if (n >= sizeof(sa.sun_path)) {
		err = -ENAMETOOLONG;
		goto out;
	}
	memcpy(sa.sun_path, l.name, n + 1);
	if (do_connect) {
		if (fstatat(l.dirfd, l.name, &st, AT_SYMLINK_NOFOLLOW))
			err = -errno;
		else if (S_ISLNK(st.st_mode))
			err = -ELOOP;
		if (err)
			goto out;
	}
	if (fchdir(l.dirfd)) {
		err = -errno;
		goto out;
	}
	if (do_connect)
		err = sock_connect(s, &sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1));
	else
		err = sock_bind(s, &sa, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1));
	if (fchdir(s->rootfd) && !err)
		err = -errno;
out:
	put_loc(s, &l);
	return err;
}

static int op_bind(struct srv *s)
{
	return op_bind_connect(s, false);
}

static int op_connect(struct srv *s)
{
	return op_bind_connect(s, true);
}

static const struct {
	const char *name;
	int (*fn)(struct srv *s);
} ops[GOP_OP_MAX] = {
	[GOP_HELLO]       = { "HELLO", op_hello },
	[GOP_WALK]        = { "WALK", op_walk },
	[GOP_OPEN]        = { "OPEN", op_open },
	[GOP_STAT]        = { "STAT", op_stat },
	[GOP_STATX]       = { "STATX", op_statx },
	[GOP_ACCESS]      = { "ACCESS", op_access },
	[GOP_READLINK]    = { "READLINK", op_readlink },
	[GOP_MKDIR]       = { "MKDIR", op_mkdir },
	[GOP_MKNOD]       = { "MKNOD", op_mknod },
	[GOP_UNLINK]      = { "UNLINK", op_unlink },
	[GOP_RENAME]      = { "RENAME", op_rename },
	[GOP_LINK]        = { "LINK", op_link },
	[GOP_SYMLINK]     = { "SYMLINK", op_symlink },
	[GOP_CHMOD]       = { "CHMOD", op_chmod },
	[GOP_CHOWN]       = { "CHOWN", op_chown },
	[GOP_TRUNCATE]    = { "TRUNCATE", op_truncate },
	[GOP_UTIMENS]     = { "UTIMENS", op_utimens },
	[GOP_STATFS]      = { "STATFS", op_statfs },
	[GOP_GETXATTR]    = { "GETXATTR", op_getxattr },
	[GOP_SETXATTR]    = { "SETXATTR", op_setxattr },
	[GOP_LISTXATTR]   = { "LISTXATTR", op_listxattr },
	[GOP_REMOVEXATTR] = { "REMOVEXATTR", op_removexattr },
	[GOP_BIND]        = { "BIND", op_bind },
	[GOP_CONNECT]     = { "CONNECT", op_connect },
};

static int send_reply(struct srv *s, uint16_t op, int err)
{
	struct gofer_reply_hdr h = {
		.magic = GOFER_MAGIC, .version = GOFER_VERSION, .op = op,
		.err = err, .ret = err ? 0 : s->ret,
	};
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	size_t plen = err ? 0 : s->out_len;
	struct iovec iov = { .iov_base = s->out, .iov_len = sizeof(h) + plen };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	h.len = (uint32_t)(sizeof(h) + plen);
	memcpy(s->out, &h, sizeof(h));
	if (!err && s->fd_out >= 0) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &s->fd_out, sizeof(int));
	}
	do
		n = sendmsg(s->sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : 0;
}

static void log_req(const struct srv *s, uint16_t op, int err)
{
	const char *name = op < GOP_OP_MAX && ops[op].name ? ops[op].name : "?";

	if (err == -EPROTO && !(op < GOP_OP_MAX && ops[op].name))
		fprintf(stderr, "moat: gofer: malformed request (op %u) -> %s\n",
			op, strerrorname_np(EPROTO));
	else if (err)
		fprintf(stderr, "moat: gofer: %s \"%s\"%s%s%s -> %s\n", name,
			s->req.path, *s->req.path2 ? " \"" : "", s->req.path2,
			*s->req.path2 ? "\"" : "", strerrorname_np(-err));
	else
		fprintf(stderr, "moat: gofer: %s \"%s\"%s%s%s -> ret %lld%s\n",
			name, s->req.path, *s->req.path2 ? " \"" : "",
			s->req.path2, *s->req.path2 ? "\"" : "",
			(long long)s->ret, s->fd_out >= 0 ? " + fd" : "");
}

/* One request: check it whole, perform it, answer it. */
static int serve_one(struct srv *s, size_t len, const int *fds, size_t nfds,
		     int msg_flags)
{
	uint16_t op = 0;
	bool wants_fd;
	int err;

	s->fd_in = s->fd_out = -1;
	s->ret = 0;
	s->out_len = 0;
	s->req.path[0] = s->req.path2[0] = '\0';
	/* Echo the op in a protocol error when it can be read at all. */
	if (len >= offsetof(struct gofer_req_hdr, op) + sizeof(op))
		memcpy(&op, s->in + offsetof(struct gofer_req_hdr, op), sizeof(op));

	if (msg_flags & (MSG_TRUNC | MSG_CTRUNC) ||
	    gofer_req_decode(s->in, len, &s->req)) {
		err = -EPROTO;
	} else {
		wants_fd = op == GOP_BIND || op == GOP_CONNECT;
		if (nfds != (wants_fd ? 1u : 0u)) {
			err = -EPROTO;
		} else {
			s->fd_in = wants_fd ? fds[0] : -1;
			err = ops[op].fn(s);
		}
	}
	if (s->flags & GOFER_SERVE_DEBUG)
		log_req(s, op, err);
	err = send_reply(s, op, err);
	if (s->fd_out >= 0)
		close(s->fd_out);
	return err;
}

static struct srv the_srv;

int gofer_serve(int sock, int rootfd, unsigned int flags)
{
	struct srv *s = &the_srv;
	int fds[GOFER_MAX_FDS];

	s->sock = sock;
	s->rootfd = rootfd;
	s->flags = flags;
	s->no_fchmodat2 = s->no_xattrat = flags & GOFER_SERVE_COMPAT;

	for (;;) {
		size_t nfds;
		int msg_flags = 0, err;
		ssize_t n = gofer_recv(s->sock, s->in, sizeof(s->in), fds, &nfds, &msg_flags);

		/* A zero-length message cannot be told from the end of the
		 * stream on SOCK_SEQPACKET; either way the sentry is gone or
		 * broken. */
		if (n == 0 || n == -ECONNRESET)
			return 0;
		if (n < 0)
			return (int)n;
		err = serve_one(s, (size_t)n, fds, nfds, msg_flags);
		for (size_t i = 0; i < nfds; i++)
			close(fds[i]);
		if (err == -EPIPE || err == -ECONNRESET)
			return 0;
		if (err)
			return err;
	}
}
