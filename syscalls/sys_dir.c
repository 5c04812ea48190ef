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

/* The last component of a guest path as written ("." and ".." matter to
 * rmdir and rename, which the walk has already folded away). */
static const char *last_component(const char *path, char *buf, size_t cap)
{
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	size_t start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	size_t n = len - start < cap - 1 ? len - start : cap - 1;
	memcpy(buf, path + start, n);
	buf[n] = '\0';
	return buf;
}

/* Read and resolve (dirfd, path) without following the final link. */
static int resolve_nofollow(struct call *c, int dirfd, int path_argi,
			    struct walk_result *w, char *last, size_t lcap)
{
	char path[PATH_MAX];
	long n = call_path(c, path_argi, path);
	if (n < 0)
		return (int)n;
	if (last)
		last_component(path, last, lcap);
	return call_resolve(c, dirfd, path, 0, w);
}

static long mkdir_common(struct call *c, int dirfd, int path_argi, mode_t mode)
{
	struct walk_result w;
	int r = resolve_nofollow(c, dirfd, path_argi, &w, NULL, 0);
	if (r < 0)
		return r;
	if (w.type != NODE_MISSING)
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
	/* Devices need CAP_MKNOD, which the guest never has. */
	if (type == S_IFCHR || type == S_IFBLK)
		return -EPERM;
	if (type != S_IFREG && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	int r = resolve_nofollow(c, dirfd, path_argi, &w, NULL, 0);
	if (r < 0)
		return r;
	if (w.type != NODE_MISSING)
		return -EEXIST;
	if (w.trailing_slash)
		return -ENOENT;
	if (path_in_proc(w.path))
		return -ENOENT;
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
	char last[NAME_MAX + 2];
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	int r = resolve_nofollow(c, dirfd, path_argi, &w, last, sizeof last);
	if (r < 0)
		return r;
	if (flags & AT_REMOVEDIR) {
		if (strcmp(last, ".") == 0)
			return -EINVAL;
		if (strcmp(last, "..") == 0)
			return -ENOTEMPTY;
	}
	if (w.type == NODE_MISSING)
		return -ENOENT;
	if (w.path[0] == '\0')
		return -EBUSY;
	if (path_in_proc(w.path))
		return -EACCES;
	if (flags & AT_REMOVEDIR) {
		if (w.type != NODE_DIR)
			return -ENOTDIR;
	} else if (w.type == NODE_DIR) {
		return -EISDIR;
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
	char lo[NAME_MAX + 2], ln[NAME_MAX + 2];
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	int r = resolve_nofollow(c, olddir, old_argi, &wo, lo, sizeof lo);
	if (r < 0)
		return r;
	r = resolve_nofollow(c, newdir, new_argi, &wn, ln, sizeof ln);
	if (r < 0)
		return r;
	if (wo.type == NODE_MISSING)
		return -ENOENT;
	if (!strcmp(lo, ".") || !strcmp(lo, "..") || !strcmp(ln, ".") ||
	    !strcmp(ln, ".."))
		return -EBUSY;
	if (wo.path[0] == '\0' || wn.path[0] == '\0')
		return -EBUSY;
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
	r = resolve_nofollow(c, newdir, new_argi, &wn, NULL, 0);
	if (r < 0)
		return r;
	if (wo.type == NODE_MISSING)
		return -ENOENT;
	if (wo.type == NODE_DIR)
		return -EPERM;
	if (wn.type != NODE_MISSING)
		return -EEXIST;
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
	int r = resolve_nofollow(c, newdir, path_argi, &w, NULL, 0);
	if (r < 0)
		return r;
	if (w.type != NODE_MISSING)
		return -EEXIST;
	if (w.trailing_slash)
		return -ENOENT;
	if (path_in_proc(w.path))
		return -ENOENT;
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
