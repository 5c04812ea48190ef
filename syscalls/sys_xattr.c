/* Extended attributes by path: getxattr, setxattr, listxattr, removexattr
 * and their l* (no-follow) forms.  The fd forms (fgetxattr, ...) act on an
 * open fd and pass to the kernel. */
#include <errno.h>
#include <fcntl.h>
#include <linux/limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include "syscalls/handlers.h"

static int xattr_target(struct call *c, bool follow, struct walk_result *w)
{
	int r = call_resolve_arg(c, -1, 0, follow ? WALK_FOLLOW : 0, w);
	if (r < 0)
		return r;
	if (w->type == NODE_MISSING)
		return -ENOENT;
	if (path_in_proc(w->path))
		return -EOPNOTSUPP;
	return 0;
}

static int xattr_name(struct call *c, int argi, char *name)
{
	long n = guest_read_str(c->t.pid, c->t.args[argi], name, XATTR_NAME_MAX + 1);
	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? (int)n : 0;
}

/* GETXATTR and LISTXATTR: ask the gofer for at most size bytes and copy
 * them to the guest's buffer at out; returns the gofer's size (the full
 * size when the guest asked with size 0). */
static long read_back(struct call *c, struct gofer_call *g, size_t size,
		      uint64_t out)
{
	void *buf = size ? malloc(size) : NULL;
	if (size && !buf)
		return -ENOMEM;
	g->arg = size;
	g->flags = AT_SYMLINK_NOFOLLOW;
	g->out = buf;
	g->out_cap = size;
	int r = call_gofer(c, g);
	if (r == 0 && size)
		r = g->out_len > size ? -EIO : call_write(c, out, buf, g->out_len);
	free(buf);
	return r < 0 ? r : g->ret;
}

static long get_common(struct call *c, bool follow)
{
	struct walk_result w;
	char name[XATTR_NAME_MAX + 1];
	size_t size = c->t.args[3];
	int r = xattr_name(c, 1, name);
	if (r < 0)
		return r;
	if ((r = xattr_target(c, follow, &w)) < 0)
		return r;
	if (size > XATTR_SIZE_MAX)
		size = XATTR_SIZE_MAX;
	struct gofer_call g = GOFER_CALL(GOP_GETXATTR);
	g.path = w.path;
	g.path2 = name;
	return read_back(c, &g, size, c->t.args[2]);
}

long sys_getxattr(struct call *c) { return get_common(c, true); }
long sys_lgetxattr(struct call *c) { return get_common(c, false); }

static long set_common(struct call *c, bool follow)
{
	struct walk_result w;
	char name[XATTR_NAME_MAX + 1];
	size_t size = c->t.args[3];
	int flags = (int)c->t.args[4];
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	int r = xattr_name(c, 1, name);
	if (r < 0)
		return r;
	void *buf = size ? malloc(size) : NULL;
	if (size && !buf)
		return -ENOMEM;
	if (size && (r = call_read(c, c->t.args[2], buf, size)) < 0)
		goto out;
	if ((r = xattr_target(c, follow, &w)) < 0)
		goto out;
	struct gofer_call g = GOFER_CALL(GOP_SETXATTR);
	g.path = w.path;
	g.path2 = name;
	g.data = buf;
	g.data_len = size;
	g.mode = (uint32_t)flags;
	g.flags = AT_SYMLINK_NOFOLLOW;
	r = call_gofer(c, &g);
out:
	free(buf);
	return r;
}

long sys_setxattr(struct call *c) { return set_common(c, true); }
long sys_lsetxattr(struct call *c) { return set_common(c, false); }

static long list_common(struct call *c, bool follow)
{
	struct walk_result w;
	size_t size = c->t.args[2];
	int r = xattr_target(c, follow, &w);
	if (r < 0)
		return r;
	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	struct gofer_call g = GOFER_CALL(GOP_LISTXATTR);
	g.path = w.path;
	return read_back(c, &g, size, c->t.args[1]);
}

long sys_listxattr(struct call *c) { return list_common(c, true); }
long sys_llistxattr(struct call *c) { return list_common(c, false); }

static long remove_common(struct call *c, bool follow)
{
	struct walk_result w;
	char name[XATTR_NAME_MAX + 1];
	int r = xattr_name(c, 1, name);
	if (r < 0)
		return r;
	if ((r = xattr_target(c, follow, &w)) < 0)
		return r;
	struct gofer_call g = GOFER_CALL(GOP_REMOVEXATTR);
	g.path = w.path;
	g.path2 = name;
	g.flags = AT_SYMLINK_NOFOLLOW;
	return call_gofer(c, &g);
}

long sys_removexattr(struct call *c) { return remove_common(c, true); }
long sys_lremovexattr(struct call *c) { return remove_common(c, false); }
