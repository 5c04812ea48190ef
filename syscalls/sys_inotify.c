/* inotify_add_watch(2): the sentry resolves the path, the gofer opens the
 * target O_PATH beneath its root, and the sentry adds the watch on the
 * guest's own inotify instance through that handle. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "syscalls/handlers.h"

long sys_inotify_add_watch(struct call *c)
{
	struct walk_result w;
	uint32_t mask = (uint32_t)c->t.args[2];
	int r = call_resolve_arg(c, -1, 1,
				 (mask & IN_DONT_FOLLOW) ? 0 : WALK_FOLLOW, &w);
	if (r < 0)
		return r;
	if (w.type == NODE_MISSING)
		return -ENOENT;
	if ((mask & IN_ONLYDIR) && w.type != NODE_DIR)
		return -ENOTDIR;
	if (path_in_proc(w.path))
		return -EACCES;
	int ifd = call_getfd(c, (int)c->t.args[0]);
	if (ifd < 0)
		return ifd == -ESRCH ? ifd : -EBADF;
	struct gofer_call g = GOFER_CALL(GOP_OPEN);
	g.path = w.path;
	g.flags = O_PATH | O_NOFOLLOW;
	r = call_gofer(c, &g);
	if (r == 0 && g.recv_fd < 0)
		r = -EIO;
	if (r == 0) {
		char proc[64];
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", g.recv_fd);
		/* The link in /proc/self/fd leads to the gofer's handle; the
		 * no-follow choice was made when it was opened. */
		r = inotify_add_watch(ifd, proc, mask & ~IN_DONT_FOLLOW);
		if (r < 0)
			r = -errno;
		close(g.recv_fd);
	}
	close(ifd);
	return r;
}
