/* Calls that change names in the tree: mkdir, mknod, rmdir, unlink,
 * rename, link, symlink.  The sentry resolves both ends (never following a
 * final symlink: these calls act on the link itself), checks what the
 * kernel would refuse before the gofer is asked, and the gofer acts on
 * (parent handle, last component). */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/stat.h>

#include "syscalls/handlers.h"

/* Read and resolve (dirfd, path) for a call that acts on the last
 * component's own name (never followed; '.', '..' and '/' reported in
 * w->last). */
static int resolve_parent(struct call *c, int dirfd, int path_argi,
			  struct walk_result *w)
{
	char path[PATH_MAX];
	long n = call_path(c, path_argi, path);
	if (n < 0)
		return (int)n;
	return call_resolve(c, dirfd, path, WALK_PARENT, w);
}

/* A name to create: the kernel's filename_create(). */
static int check_create(const struct walk_result *w)
{
	if (w->last != WALK_LAST_NORM || w->type != NODE_MISSING)
		return -EEXIST;
	if (w->trailing_slash)
		return -ENOENT;
	if (path_in_proc(w->path))
		return -ENOENT;
	return 0;
}

static long mkdir_common(struct call *c, int dirfd, int path_argi, mode_t mode)
{
	struct walk_result w;
	int r = resolve_parent(c, dirfd, path_argi, &w);
	if (r < 0)
		return r;
	if (w.last != WALK_LAST_NORM || w.type != NODE_MISSING)
		return -EEXIST;
	if (path_in_proc(w.path))
		return -ENOENT;
	struct gofer_call g = GOFER_CALL(GOP_MKDIR);
	g.path = w.path;
	g.mode = mode & ~call_umask(c) & 07777;
	return call_gofer(c, &g);
}

long sys_mkdir(struct call *c)
{
	return mkdir_common(c, AT_FDCWD, 0, (mode_t)c->t.args[1]);
}

long sys_mkdirat(struct call *c)
{
	return mkdir_common(c, (int)c->t.args[0], 1, (mode_t)c->t.args[2]);
}

static long mknod_common(struct call *c, int dirfd, int path_argi, mode_t mode,
			 uint64_t dev)
{
	struct walk_result w;
	mode_t type = mode & S_IFMT;
	if (type == 0)
		type = S_IFREG;
	/* Devices need CAP_MKNOD, which the guest never has; mknod(2) refuses
	 * S_IFDIR with EPERM too. */
	if (type == S_IFCHR || type == S_IFBLK || type == S_IFDIR)
		return -EPERM;
	if (type != S_IFREG && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	int r = resolve_parent(c, dirfd, path_argi, &w);
	if (r < 0 || (r = check_create(&w)) < 0)
		return r;
	struct gofer_call g = GOFER_CALL(GOP_MKNOD);
	g.path = w.path;
	g.mode = type | (mode & ~call_umask(c) & 07777);
	g.arg = dev;
	return call_gofer(c, &g);
}

long sys_mknod(struct call *c)
{
	return mknod_common(c, AT_FDCWD, 0, (mode_t)c->t.args[1], c->t.args[2]);
}

long sys_mknodat(struct call *c)
{
	return mknod_common(c, (int)c->t.args[0], 1, (mode_t)c->t.args[2],
			    c->t.args[3]);
}

static long unlink_common(struct call *c, int dirfd, int path_argi, int flags)
{
	struct walk_result w;
	bool rmdir = flags & AT_REMOVEDIR;
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	int r = resolve_parent(c, dirfd, path_argi, &w);
	if (r < 0)
		return r;
	/* The kernel's do_rmdir() and do_unlinkat(). */
	switch (w.last) {
	case WALK_LAST_DOT:
		return rmdir ? -EINVAL : -EISDIR;
	case WALK_LAST_DOTDOT:
		return rmdir ? -ENOTEMPTY : -EISDIR;
	case WALK_LAST_ROOT:
		return rmdir ? -EBUSY : -EISDIR;
	case WALK_LAST_NORM:
		break;
	}
	if (w.type == NODE_MISSING)
		return -ENOENT;
	if (path_in_proc(w.path))
		return -EACCES;
	if (rmdir) {
		if (w.type != NODE_DIR)
			return -ENOTDIR;
	} else if (w.type == NODE_DIR) {
		return -EISDIR;
	} else if (w.trailing_slash) {
		return -ENOTDIR;
	}
	struct gofer_call g = GOFER_CALL(GOP_UNLINK);
	g.path = w.path;
	g.flags = (uint32_t)flags;
	return call_gofer(c, &g);
}

long sys_unlink(struct call *c)
{
	return unlink_common(c, AT_FDCWD, 0, 0);
}

long sys_rmdir(struct call *c)
{
	return unlink_common(c, AT_FDCWD, 0, AT_REMOVEDIR);
}

long sys_unlinkat(struct call *c)
{
	return unlink_common(c, (int)c->t.args[0], 1, (int)c->t.args[2]);
}

static long rename_common(struct call *c, int olddir, int old_argi, int newdir,
			  int new_argi, unsigned flags)
{
	struct walk_result wo, wn;
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	int r = resolve_parent(c, olddir, old_argi, &wo);
	if (r < 0)
		return r;
	r = resolve_parent(c, newdir, new_argi, &wn);
	if (r < 0)
		return r;
	if (wo.last != WALK_LAST_NORM || wn.last != WALK_LAST_NORM)
		return -EBUSY;
	if (wo.type == NODE_MISSING)
		return -ENOENT;
	/* A trailing slash is allowed only on directories (do_renameat2). */
	if ((wo.trailing_slash || (wn.trailing_slash && !(flags & RENAME_EXCHANGE))) &&
	    wo.type != NODE_DIR)
		return -ENOTDIR;
	if (path_in_proc(wo.path) || path_in_proc(wn.path))
		return -EXDEV;
	if ((flags & RENAME_EXCHANGE) && wn.type == NODE_MISSING)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && wn.type != NODE_MISSING)
		return -EEXIST;
	struct gofer_call g = GOFER_CALL(GOP_RENAME);
	g.path = wo.path;
	g.path2 = wn.path;
	g.flags = flags;
	return call_gofer(c, &g);
}

long sys_rename(struct call *c)
{
	return rename_common(c, AT_FDCWD, 0, AT_FDCWD, 1, 0);
}

long sys_renameat(struct call *c)
{
	return rename_common(c, (int)c->t.args[0], 1, (int)c->t.args[2], 3, 0);
}

long sys_renameat2(struct call *c)
{
	return rename_common(c, (int)c->t.args[0], 1, (int)c->t.args[2], 3,
			     (unsigned)c->t.args[4]);
}

static long link_common(struct call *c, int olddir, int old_argi, int newdir,
			int new_argi, int flags)
{
	struct walk_result wo, wn;
	char path[PATH_MAX];
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	long n = call_path(c, old_argi, path);
	if (n < 0)
		return n;
	/* AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH, which the guest lacks. */
	if (n == 0)
		return -ENOENT;
	int r = call_resolve(c, olddir, path,
			     (flags & AT_SYMLINK_FOLLOW) ? WALK_FOLLOW : 0, &wo);
	if (r < 0)
		return r;
	r = resolve_parent(c, newdir, new_argi, &wn);
	if (r < 0)
		return r;
	if (wo.type == NODE_MISSING)
		return -ENOENT;
	if (wo.type == NODE_DIR)
		return -EPERM;
	if ((r = check_create(&wn)) < 0)
		return r;
	if (path_in_proc(wo.path) || path_in_proc(wn.path))
		return -EXDEV;
	struct gofer_call g = GOFER_CALL(GOP_LINK);
	g.path = wo.path;
	g.path2 = wn.path;
	return call_gofer(c, &g);
}

long sys_link(struct call *c)
{
	return link_common(c, AT_FDCWD, 0, AT_FDCWD, 1, 0);
}

long sys_linkat(struct call *c)
{
	return link_common(c, (int)c->t.args[0], 1, (int)c->t.args[2], 3,
			   (int)c->t.args[4]);
}

static long symlink_common(struct call *c, int target_argi, int newdir,
			   int path_argi)
{
	struct walk_result w;
	char target[PATH_MAX];
	long n = call_path(c, target_argi, target);
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	int r = resolve_parent(c, newdir, path_argi, &w);
	if (r < 0 || (r = check_create(&w)) < 0)
		return r;
	struct gofer_call g = GOFER_CALL(GOP_SYMLINK);
	g.path = w.path;
	g.data = target;
	g.data_len = (size_t)n;
	return call_gofer(c, &g);
}

long sys_symlink(struct call *c)
{
	return symlink_common(c, 0, AT_FDCWD, 1);
}

long sys_symlinkat(struct call *c)
{
	return symlink_common(c, 0, (int)c->t.args[1], 2);
}
