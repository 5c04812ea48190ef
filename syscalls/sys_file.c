/* open(2), openat(2), openat2(2), creat(2): through the gofer door.
 *
 * The sentry resolves the path (following symlinks as the flags say), the
 * gofer opens the resolved path beneath its root without following any
 * link, and the platform installs the fd it returns into the guest. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "syscalls/handlers.h"

/* Flags open(2) knows; others are ignored by open() and refused by
 * openat2(). */
#define VALID_OPEN_FLAGS                                                     \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |       \
	 O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | \
	 O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE | O_SYNC)

struct fifo_open {
	struct platform *plat;
	struct trap t;
	int pathfd;
	int flags;
};

/* A FIFO open waits for the other end, which another guest task opens
 * through this very loop: wait here, not there. */
static void *fifo_worker(void *arg)
{
	struct fifo_open *f = arg;
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", f->pathfd);
	int fd = open(proc, (f->flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW)) |
				    O_CLOEXEC);
	if (fd < 0) {
		f->plat->ops->reply(f->plat, &f->t, -errno);
	} else {
		/* Our copy goes before the guest runs on: a writer end left
		 * open here would keep its reader from seeing EOF. */
		int n = f->plat->ops->install_fd(f->plat, &f->t, fd,
						 f->flags & O_CLOEXEC);
		close(fd);
		f->plat->ops->reply(f->plat, &f->t, n);
	}
	close(f->pathfd);
	free(f);
	return NULL;
}

static long defer_fifo(struct call *c, int pathfd, int flags)
{
	struct fifo_open *f = malloc(sizeof *f);
	pthread_t th;
	pthread_attr_t attr;
	if (!f) {
		close(pathfd);
		return -ENOMEM;
	}
	*f = (struct fifo_open){ c->s->plat, c->t, pathfd, flags };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	int r = pthread_create(&th, &attr, fifo_worker, f);
	pthread_attr_destroy(&attr);
	if (r) {
		close(pathfd);
		free(f);
		return -r;
	}
	c->deferred = true;
	return 0;
}

/* Opens the kernel carries out itself, in the guest's read-only view of
 * the tree, after the sentry's walk found the target: every open that
 * only reads, or that writes to a FIFO, a terminal or a device.  The
 * gofer door keeps every open that could change the tree (O_CREAT,
 * O_TRUNC, writing a regular file).  Why:
 * - O_PATH: seccomp cannot install an O_PATH file at all (ADDFD takes
 *   fget(), which refuses them);
 * - a directory: its fd must live on the guest's own mounts, or fchdir(2)
 *   would move the cwd onto the gofer's mount, where getcwd(3) reports
 *   "(unreachable)";
 * - a terminal: the open decides the controlling terminal of the task
 *   that makes it;
 * - a FIFO: its open waits for the other end; in the guest's own context
 *   the wait blocks only the guest;
 * - a read-only open of a file: installing an fd (ADDFD) costs two more
 *   wake-ups, which on a VM cross CPUs: 75 us against 10 us here.
 * The kernel checks the guest's own permissions, and a path changed after
 * the walk reaches only what the read-only view holds (DESIGN: the kernel
 * door is safe where the kernel's own view is confined). */
static bool kernel_door(const struct walk_result *w, int flags)
{
	if (w->type == NODE_MISSING || (flags & (O_CREAT | O_TRUNC)) ||
	    (flags & O_TMPFILE) == O_TMPFILE) /* O_TMPFILE holds O_DIRECTORY */
		return false;
	if ((flags & O_PATH) || (flags & O_ACCMODE) == O_RDONLY)
		return true;
	/* Terminals and the device nodes of /dev (null, zero, ...). */
	if (strncmp(w->path, "dev/", 4) == 0 && w->type == NODE_OTHER)
		return true;
	return false;
}

static long do_open(struct call *c, int dirfd, const char *path, int flags,
		    mode_t mode, uint64_t resolve)
{
	struct walk_result w;
	bool creat = flags & (O_CREAT | O_TMPFILE);
	/* O_CREAT|O_EXCL never follows a final symlink (open(2)). */
	bool follow = !(flags & O_NOFOLLOW) &&
		      !((flags & O_CREAT) && (flags & O_EXCL));
	int r;

	if (resolve & RESOLVE_CACHED)
		return -EAGAIN;
	r = call_resolve_how(c, dirfd, path, follow ? WALK_FOLLOW : 0, resolve, &w);
	if (r < 0)
		return r;
	if (kernel_door(&w, flags)) {
		c->cont = true;
		return 0;
	}
	if (path_in_proc(w.path))
		return procfs_open(c, w.path, flags);

	switch (w.type) {
	case NODE_MISSING:
		if (!(flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
			return -ENOENT;
		if (w.trailing_slash)
			return -EISDIR;
		break;
	case NODE_SYMLINK:
		/* Not followed: O_PATH|O_NOFOLLOW gets the link itself. */
		if ((flags & O_CREAT) && (flags & O_EXCL))
			return -EEXIST;
		if (!((flags & O_PATH) && (flags & O_NOFOLLOW)))
			return -ELOOP;
		break;
	case NODE_DIR:
		if ((flags & O_CREAT) && (flags & O_EXCL))
			return -EEXIST;
		break;
	case NODE_OTHER:
		if (w.trailing_slash)
			return -ENOTDIR;
		break;
	}

	struct gofer_call g = GOFER_CALL(GOP_OPEN);
	g.path = w.path;
	g.flags = (uint32_t)(flags & ~O_CLOEXEC);
	g.mode = creat ? mode & ~call_umask(c) & 07777 : 0;
	r = call_gofer(c, &g);
	if (r < 0)
		return r;
	if (g.recv_fd < 0)
		return -EIO;
	if (g.ret == 1) /* a FIFO: the gofer gave an O_PATH handle */
		return defer_fifo(c, g.recv_fd, flags);
	c->install_fd = g.recv_fd;
	c->install_cloexec = flags & O_CLOEXEC;
	return 0;
}

static long open_common(struct call *c, int dirfd, int path_argi, int flags,
			mode_t mode)
{
	char path[PATH_MAX];
	long n = call_path(c, path_argi, path);
	if (n < 0)
		return n;
	return do_open(c, dirfd, path, flags & VALID_OPEN_FLAGS, mode, 0);
}

long sys_open(struct call *c)
{
	return open_common(c, AT_FDCWD, 0, (int)c->t.args[1], (mode_t)c->t.args[2]);
}

long sys_openat(struct call *c)
{
	return open_common(c, (int)c->t.args[0], 1, (int)c->t.args[2],
			   (mode_t)c->t.args[3]);
}

long sys_creat(struct call *c)
{
	return open_common(c, AT_FDCWD, 0, O_CREAT | O_WRONLY | O_TRUNC,
			   (mode_t)c->t.args[1]);
}

long sys_openat2(struct call *c)
{
	struct open_how how;
	size_t size = c->t.args[3];
	char path[PATH_MAX];

	if (size < sizeof how)
		return -EINVAL;
	if (size > 4096)
		return -E2BIG;
	int r = call_read(c, c->t.args[2], &how, sizeof how);
	if (r < 0)
		return r;
	/* A larger struct from a newer libc must have zeroes beyond ours. */
	for (size_t off = sizeof how; off < size; off += 8) {
		uint64_t word = 0;
		size_t len = size - off < 8 ? size - off : 8;
		if ((r = call_read(c, c->t.args[2] + off, &word, len)) < 0)
			return r;
		if (word)
			return -E2BIG;
	}
	if (how.flags & ~(uint64_t)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(uint64_t)(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS |
				      RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH |
				      RESOLVE_IN_ROOT | RESOLVE_CACHED))
		return -EINVAL;
	if (how.mode & ~07777ULL ||
	    (how.mode && !(how.flags & (O_CREAT | O_TMPFILE))))
		return -EINVAL;
	long n = call_path(c, 1, path);
	if (n < 0)
		return n;
	return do_open(c, (int)c->t.args[0], path, (int)how.flags,
		       (mode_t)how.mode, how.resolve);
}
