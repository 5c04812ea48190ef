/* The kernel door: execve(2), execveat(2), chdir(2).
 *
 * The kernel itself must load the ELF and its interpreter, and a cwd is a
 * kernel object, so these continue in the kernel after the sentry's check.
 * That is safe because the kernel resolves the path in the guest's own
 * mount namespace, which holds the sandbox tree read-only and nothing else:
 * a path buffer changed after the check can reach only what the guest could
 * read anyway. */
#include <errno.h>
#include <fcntl.h>

#include "syscalls/handlers.h"

static long exec_check(struct call *c, int dirfd, int path_argi, int flags)
{
	struct walk_result w;
	char path[PATH_MAX];
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	long n = call_path(c, path_argi, path);
	if (n < 0)
		return n;
	if (n == 0 && (flags & AT_EMPTY_PATH)) {
		c->cont = true; /* the fd itself: the guest's own open file */
		return 0;
	}
	int r = call_resolve(c, dirfd, path,
			     (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, &w);
	if (r < 0)
		return r;
	switch (w.type) {
	case NODE_MISSING:
		return -ENOENT;
	case NODE_DIR:
		return -EACCES;
	case NODE_SYMLINK:
		return -ELOOP;
	default:
		break;
	}
	c->cont = true;
	return 0;
}

long sys_execve(struct call *c)
{
	return exec_check(c, AT_FDCWD, 0, 0);
}

long sys_execveat(struct call *c)
{
	return exec_check(c, (int)c->t.args[0], 1, (int)c->t.args[4]);
}

long sys_chdir(struct call *c)
{
	struct walk_result w;
	int r = call_resolve_arg(c, -1, 0, WALK_FOLLOW, &w);
	if (r < 0)
		return r;
	if (w.type == NODE_MISSING)
		return -ENOENT;
	if (w.type != NODE_DIR)
		return -ENOTDIR;
	c->cont = true;
	return 0;
}
