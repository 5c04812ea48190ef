/* fchmod(2), fchown(2), fsetxattr(2), fremovexattr(2): changes through an
 * open fd.  Read-only opens go through the kernel door (sys_file.c), so the
 * fd may live on the guest's read-only view, where the kernel answers
 * EROFS although the file is writable in the sandbox.  The sentry first
 * acts on a copy of the fd, as the guest asked; on EROFS it makes the same
 * change by name through the gofer. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/limits.h>

#include "syscalls/handlers.h"

enum fd_op { FD_CHMOD, FD_CHOWN, FD_SETXATTR, FD_REMOVEXATTR };

/* The change through the fd itself; -EROFS means "try by name". */
static int direct(struct call *c, enum fd_op op, const char *name,
		  const void *val, size_t size)
{
	int fd = call_getfd(c, (int)c->t.args[0]);
	if (fd < 0)
		return fd == -ESRCH ? fd : -EBADF;
	int r;
	switch (op) {
	case FD_CHMOD:
		r = fchmod(fd, (mode_t)c->t.args[1]);
		break;
	case FD_CHOWN:
		r = fchown(fd, (uid_t)c->t.args[1], (gid_t)c->t.args[2]);
		break;
	case FD_SETXATTR:
		r = fsetxattr(fd, name, val, size, (int)c->t.args[4]);
		break;
	default:
		r = fremovexattr(fd, name);
		break;
	}
	r = r < 0 ? -errno : 0;
	close(fd);
	return r;
}

static long by_name(struct call *c, enum fd_op op, const char *name,
		    const void *val, size_t size)
{
	char path[PATH_MAX];
	struct walk_result w;
	path[0] = '/';
	int r = call_fd_path(c, (int)c->t.args[0], path + 1, sizeof path - 1);
	if (r < 0)
		return -EROFS;
	r = call_resolve(c, AT_FDCWD, path, 0, &w);
	if (r < 0)
		return r;
	if (w.type == NODE_MISSING || path_in_proc(w.path))
		return -EROFS;
	static const uint16_t ops[] = { GOP_CHMOD, GOP_CHOWN, GOP_SETXATTR,
					GOP_REMOVEXATTR };
	struct gofer_call g = GOFER_CALL(ops[op]);
	g.path = w.path;
	g.flags = AT_SYMLINK_NOFOLLOW;
	switch (op) {
	case FD_CHMOD:
		g.mode = (uint32_t)c->t.args[1] & 07777;
		break;
	case FD_CHOWN:
		g.uid = (uint32_t)c->t.args[1];
		g.gid = (uint32_t)c->t.args[2];
		break;
	case FD_SETXATTR:
		g.path2 = name;
		g.data = val;
		g.data_len = size;
		g.mode = (uint32_t)c->t.args[4];
		break;
	case FD_REMOVEXATTR:
		g.path2 = name;
		break;
	}
	return call_gofer(c, &g);
}

static long fd_change(struct call *c, enum fd_op op, const char *name,
		      const void *val, size_t size)
{
	int r = direct(c, op, name, val, size);
	return r == -EROFS ? by_name(c, op, name, val, size) : r;
}

long sys_fchmod(struct call *c)
{
	return fd_change(c, FD_CHMOD, NULL, NULL, 0);
}

long sys_fchown(struct call *c)
{
	return fd_change(c, FD_CHOWN, NULL, NULL, 0);
}

static int read_name(struct call *c, char *name)
{
	long n = guest_read_str(c->t.pid, c->t.args[1], name, XATTR_NAME_MAX + 1);
	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? (int)n : 0;
}

long sys_fsetxattr(struct call *c)
{
	char name[XATTR_NAME_MAX + 1];
	size_t size = c->t.args[3];
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	int r = read_name(c, name);
	if (r < 0)
		return r;
	void *val = size ? malloc(size) : NULL;
	if (size && !val)
		return -ENOMEM;
	r = size ? call_read(c, c->t.args[2], val, size) : 0;
	if (r == 0)
		r = (int)fd_change(c, FD_SETXATTR, name, val, size);
	free(val);
	return r;
}

long sys_fremovexattr(struct call *c)
{
	char name[XATTR_NAME_MAX + 1];
	int r = read_name(c, name);
	return r < 0 ? r : fd_change(c, FD_REMOVEXATTR, name, NULL, 0);
}
