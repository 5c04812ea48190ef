/* Calls that change a file's attributes by path: chmod, chown, truncate,
 * the utime family.  Resolved by the sentry, done by the gofer. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include "syscalls/handlers.h"

/* Resolve (dirfd, path) for an attribute call.  Returns 1 with *fd set to
 * a copy of the guest's dirfd when the call names the fd itself (an empty
 * path with AT_EMPTY_PATH, or a NULL path for utimensat). */
static int resolve_attr(struct call *c, int dirfd, int path_argi, bool follow,
			bool empty_is_fd, struct walk_result *w, int *fd)
{
	char path[PATH_MAX];
	int r;
	*fd = -1;
	if (empty_is_fd && c->t.args[path_argi] == 0)
		goto by_fd;
	long n = call_path(c, path_argi, path);
	if (n < 0)
		return (int)n;
	if (n == 0) {
		if (empty_is_fd)
			goto by_fd;
		return -ENOENT;
	}
	r = call_resolve(c, dirfd, path, follow ? WALK_FOLLOW : 0, w);
	if (r < 0)
		return r;
	if (w->type == NODE_MISSING)
		return -ENOENT;
	if (path_in_proc(w->path))
		return -EPERM;
	return 0;
by_fd:
	if (dirfd == AT_FDCWD) {
		r = call_resolve(c, AT_FDCWD, ".", WALK_FOLLOW, w);
		return r < 0 ? r : 0;
	}
	/* A file of the tree goes by its name through the gofer: the fd may
	 * be O_PATH, or a directory on the guest's read-only view, where
	 * the kernel would refuse the change.  Only what names no file
	 * (a pipe, a socket) is changed through a copy of the fd. */
	path[0] = '/';
	r = call_fd_path(c, dirfd, path + 1, sizeof path - 1);
	if (r == 0) {
		r = call_resolve(c, AT_FDCWD, path, 0, w);
		if (r == 0 && w->type == NODE_MISSING)
			r = -ENOENT;
		if (r == 0 && path_in_proc(w->path))
			r = -EPERM;
		return r;
	}
	if (r != -ENOTDIR)
		return r;
	*fd = call_getfd(c, dirfd);
	if (*fd < 0)
		return *fd == -ESRCH ? *fd : -EBADF;
	return 1;
}

static long chmod_common(struct call *c, int dirfd, int path_argi, mode_t mode,
			 int flags)
{
	struct walk_result w;
	int fd;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int r = resolve_attr(c, dirfd, path_argi, !(flags & AT_SYMLINK_NOFOLLOW),
			     flags & AT_EMPTY_PATH, &w, &fd);
	if (r < 0)
		return r;
	if (r == 1) {
		r = fchmod(fd, mode & 07777) < 0 ? -errno : 0;
		close(fd);
		return r;
	}
	if (w.type == NODE_SYMLINK)
		return -EOPNOTSUPP;
	struct gofer_call g = GOFER_CALL(GOP_CHMOD);
	g.path = w.path;
	g.mode = mode & 07777;
	return call_gofer(c, &g);
}

long sys_chmod(struct call *c)
{
	return chmod_common(c, AT_FDCWD, 0, (mode_t)c->t.args[1], 0);
}

long sys_fchmodat(struct call *c)
{
	return chmod_common(c, (int)c->t.args[0], 1, (mode_t)c->t.args[2], 0);
}

long sys_fchmodat2(struct call *c)
{
	return chmod_common(c, (int)c->t.args[0], 1, (mode_t)c->t.args[2],
			    (int)c->t.args[3]);
}

static long chown_common(struct call *c, int dirfd, int path_argi, uid_t uid,
			 gid_t gid, int flags)
{
	struct walk_result w;
	int fd;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int r = resolve_attr(c, dirfd, path_argi, !(flags & AT_SYMLINK_NOFOLLOW),
			     flags & AT_EMPTY_PATH, &w, &fd);
	if (r < 0)
		return r;
	if (r == 1) {
		r = fchown(fd, uid, gid) < 0 ? -errno : 0;
		close(fd);
		return r;
	}
	struct gofer_call g = GOFER_CALL(GOP_CHOWN);
	g.path = w.path;
	g.uid = uid;
	g.gid = gid;
	g.flags = AT_SYMLINK_NOFOLLOW;
	return call_gofer(c, &g);
}

long sys_chown(struct call *c)
{
	return chown_common(c, AT_FDCWD, 0, (uid_t)c->t.args[1],
			    (gid_t)c->t.args[2], 0);
}

long sys_lchown(struct call *c)
{
	return chown_common(c, AT_FDCWD, 0, (uid_t)c->t.args[1],
			    (gid_t)c->t.args[2], AT_SYMLINK_NOFOLLOW);
}

long sys_fchownat(struct call *c)
{
	return chown_common(c, (int)c->t.args[0], 1, (uid_t)c->t.args[2],
			    (gid_t)c->t.args[3], (int)c->t.args[4]);
}

long sys_truncate(struct call *c)
{
	struct walk_result w;
	int fd;
	int64_t len = (int64_t)c->t.args[1];
	if (len < 0)
		return -EINVAL;
	int r = resolve_attr(c, AT_FDCWD, 0, true, false, &w, &fd);
	if (r < 0)
		return r;
	if (w.type == NODE_DIR)
		return -EISDIR;
	struct gofer_call g = GOFER_CALL(GOP_TRUNCATE);
	g.path = w.path;
	g.arg = (uint64_t)len;
	return call_gofer(c, &g);
}

/* All of the utime family ends here, with two timespecs (or NULL: now). */
static long utimens_common(struct call *c, int dirfd, int path_argi,
			   const struct timespec *ts, int flags)
{
	struct walk_result w;
	int fd;
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	if (!ts)
		ts = now;
	for (int i = 0; i < 2; i++)
		if (ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT &&
		    (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000L))
			return -EINVAL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int r = resolve_attr(c, dirfd, path_argi, !(flags & AT_SYMLINK_NOFOLLOW),
			     true, &w, &fd);
	if (r < 0)
		return r;
	if (r == 1) {
		r = futimens(fd, ts) < 0 ? -errno : 0;
		close(fd);
		return r;
	}
	if (c->t.args[path_argi] == 0) {
		/* futimens(fd): the fd's own semantics (EBADF for O_PATH),
		 * but by name for a directory of the read-only view. */
		int gfd = call_getfd(c, dirfd);
		if (gfd < 0)
			return gfd == -ESRCH ? gfd : -EBADF;
		r = futimens(gfd, ts) < 0 ? -errno : 0;
		close(gfd);
		if (r != -EROFS)
			return r;
	}
	struct gofer_call g = GOFER_CALL(GOP_UTIMENS);
	g.path = w.path;
	g.flags = AT_SYMLINK_NOFOLLOW;
	for (int i = 0; i < 2; i++) {
		g.times[i][0] = ts[i].tv_sec;
		g.times[i][1] = ts[i].tv_nsec;
	}
	return call_gofer(c, &g);
}

long sys_utimensat(struct call *c)
{
	struct timespec ts[2];
	if (c->t.args[2]) {
		int r = call_read(c, c->t.args[2], ts, sizeof ts);
		if (r < 0)
			return r;
	}
	return utimens_common(c, (int)c->t.args[0], 1,
			      c->t.args[2] ? ts : NULL, (int)c->t.args[3]);
}

static long utimes_tv(struct call *c, int dirfd, int path_argi, uint64_t tvp)
{
	struct timeval tv[2];
	struct timespec ts[2];
	if (c->t.args[path_argi] == 0)
		return -EFAULT;
	if (!tvp)
		return utimens_common(c, dirfd, path_argi, NULL, 0);
	int r = call_read(c, tvp, tv, sizeof tv);
	if (r < 0)
		return r;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return utimens_common(c, dirfd, path_argi, ts, 0);
}

long sys_utimes(struct call *c)
{
	return utimes_tv(c, AT_FDCWD, 0, c->t.args[1]);
}

long sys_futimesat(struct call *c)
{
	return utimes_tv(c, (int)c->t.args[0], 1, c->t.args[2]);
}

long sys_utime(struct call *c)
{
	struct utimbuf ub;
	struct timespec ts[2];
	if (c->t.args[0] == 0)
		return -EFAULT;
	if (!c->t.args[1])
		return utimens_common(c, AT_FDCWD, 0, NULL, 0);
	int r = call_read(c, c->t.args[1], &ub, sizeof ub);
	if (r < 0)
		return r;
	ts[0] = (struct timespec){ ub.actime, 0 };
	ts[1] = (struct timespec){ ub.modtime, 0 };
	return utimens_common(c, AT_FDCWD, 0, ts, 0);
}
