/* The stat family, access(2), readlink(2), statfs(2): read-only questions
 * about a path, answered by the gofer (or by the guest's procfs). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "syscalls/handlers.h"

/* Resolve for a stat-like call: AT_EMPTY_PATH with "" means dirfd itself
 * (returns 1 and leaves *fd_out set to a copy of the guest's fd). */
static int resolve_at(struct call *c, int dirfd, int path_argi, int atflags,
		      struct walk_result *w, int *fd_out)
{
	char path[PATH_MAX];
	long n = call_path(c, path_argi, path);
	*fd_out = -1;
	if (n < 0)
		return (int)n;
	if (n == 0 && (atflags & AT_EMPTY_PATH)) {
		if (dirfd == AT_FDCWD) {
			/* "" relative to the cwd is the cwd itself. */
			strcpy(path, ".");
		} else {
			int fd = call_getfd(c, dirfd);
			if (fd < 0)
				return fd == -ESRCH ? fd : -EBADF;
			*fd_out = fd;
			return 1;
		}
	}
	int r = call_resolve(c, dirfd, path,
			     (atflags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, w);
	if (r < 0)
		return r;
	if (w->type == NODE_MISSING)
		return -ENOENT;
	return 0;
}

/* The stat family: the sentry's walk answers what the kernel would refuse
 * (a missing file, a loop, a name too long) without a round trip; a target
 * that exists is stat'ed by the kernel in the guest's read-only view (see
 * kernel_door in sys_file.c: the same superblocks, so the same numbers).
 * With AT_EMPTY_PATH the filter lets these calls pass untrapped. */
static long stat_at(struct call *c, int dirfd, int path_argi, int atflags)
{
	struct walk_result w;
	int fd;
	int r = resolve_at(c, dirfd, path_argi, atflags, &w, &fd);
	if (r < 0)
		return r;
	if (fd >= 0)
		close(fd);
	c->cont = true;
	return 0;
}

static long stat_common(struct call *c, int dirfd, int path_argi, int atflags)
{
	if (atflags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	return stat_at(c, dirfd, path_argi, atflags);
}

long sys_stat(struct call *c)
{
	return stat_common(c, AT_FDCWD, 0, 0);
}

long sys_lstat(struct call *c)
{
	return stat_common(c, AT_FDCWD, 0, AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(struct call *c)
{
	return stat_common(c, (int)c->t.args[0], 1, (int)c->t.args[3]);
}

long sys_statx(struct call *c)
{
	int atflags = (int)c->t.args[2];
	unsigned mask = (unsigned)c->t.args[3];

	if (atflags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
			AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((atflags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	return stat_at(c, (int)c->t.args[0], 1, atflags);
}

static long access_common(struct call *c, int dirfd, int path_argi, int mode,
			  int atflags)
{
	struct walk_result w;
	int fd, r;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (atflags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = resolve_at(c, dirfd, path_argi, atflags, &w, &fd);
	if (r < 0)
		return r;
	if (r == 1) {
		r = faccessat(fd, "", mode, AT_EMPTY_PATH) < 0 ? -errno : 0;
		close(fd);
		return r;
	}
	/* Read and execute checks by the kernel, in the guest's view; a
	 * write check there would say EROFS for every file of the tree. */
	if (!(mode & W_OK)) {
		c->cont = true;
		return 0;
	}
	if (path_in_proc(w.path))
		return faccessat(c->s->procfd, w.path[4] ? w.path + 5 : ".", mode,
				 AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	struct gofer_call g = GOFER_CALL(GOP_ACCESS);
	g.path = w.path;
	g.mode = (uint32_t)mode;
	g.flags = (uint32_t)(atflags & AT_EACCESS) | AT_SYMLINK_NOFOLLOW;
	return call_gofer(c, &g);
}

long sys_access(struct call *c)
{
	return access_common(c, AT_FDCWD, 0, (int)c->t.args[1], 0);
}

long sys_faccessat(struct call *c)
{
	return access_common(c, (int)c->t.args[0], 1, (int)c->t.args[2], 0);
}

long sys_faccessat2(struct call *c)
{
	return access_common(c, (int)c->t.args[0], 1, (int)c->t.args[2],
			     (int)c->t.args[3]);
}

static long readlink_common(struct call *c, int dirfd, int path_argi,
			    uint64_t buf, long bufsiz)
{
	struct walk_result w;
	char target[PATH_MAX];
	long n;

	if (bufsiz <= 0)
		return -EINVAL;
	char path[PATH_MAX];
	int r;
	n = call_path(c, path_argi, path);
	if (n < 0)
		return n;
	if (n == 0) {
		/* readlinkat(fd, "") reads the symlink an O_PATH fd holds. */
		if (dirfd == AT_FDCWD)
			return -ENOENT;
		path[0] = '/';
		r = call_fd_path(c, dirfd, path + 1, sizeof path - 1);
		if (r < 0)
			return r == -ENOTDIR ? -ENOENT : r;
		dirfd = AT_FDCWD;
	}
	r = call_resolve(c, dirfd, path, 0, &w);
	if (r < 0)
		return r;
	if (w.type == NODE_MISSING)
		return -ENOENT;
	if (path_in_proc(w.path)) {
		n = procfs_readlink(c, w.path, target, sizeof target);
		if (n < 0)
			return n;
		if (w.type != NODE_SYMLINK && w.type != NODE_OTHER)
			return -EINVAL;
	} else {
		if (w.type != NODE_SYMLINK)
			return -EINVAL;
		struct gofer_call g = GOFER_CALL(GOP_READLINK);
		g.path = w.path;
		g.out = target;
		g.out_cap = sizeof target;
		r = call_gofer(c, &g);
		if (r < 0)
			return r;
		n = (long)g.out_len;
	}
	if (n > bufsiz)
		n = bufsiz;
	r = call_write(c, buf, target, (size_t)n);
	return r < 0 ? r : n;
}

long sys_readlink(struct call *c)
{
	return readlink_common(c, AT_FDCWD, 0, c->t.args[1], (long)(int)c->t.args[2]);
}

long sys_readlinkat(struct call *c)
{
	return readlink_common(c, (int)c->t.args[0], 1, c->t.args[2],
			       (long)(int)c->t.args[3]);
}

long sys_statfs(struct call *c)
{
	struct walk_result w;
	struct statfs sf;
	int r = call_resolve_arg(c, -1, 0, WALK_FOLLOW, &w);
	if (r < 0)
		return r;
	if (w.type == NODE_MISSING)
		return -ENOENT;
	if (path_in_proc(w.path)) {
		int fd = openat(c->s->procfd, ".", O_PATH | O_CLOEXEC);
		r = fd < 0 || fstatfs(fd, &sf) < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
	} else {
		struct gofer_call g = GOFER_CALL(GOP_STATFS);
		g.path = w.path;
		g.out = &sf;
		g.out_cap = sizeof sf;
		r = call_gofer(c, &g);
		if (r == 0 && g.out_len != sizeof sf)
			r = -EIO;
	}
	if (r < 0)
		return r;
	return call_write(c, c->t.args[1], &sf, sizeof sf);
}
