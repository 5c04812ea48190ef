/* bind(2) and connect(2).  A unix socket bound to a path names a file: that
 * goes through the gofer door (the gofer binds or connects the guest's own
 * socket beneath the parent directory's handle).  Other addresses are
 * carried out by the sentry on a copy of the guest's socket, with the
 * sentry's copy of the address: the guest's buffer is read once. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "syscalls/handlers.h"

static int read_addr(struct call *c, struct sockaddr_storage *ss,
		     socklen_t *len)
{
	uint64_t l = c->t.args[2];
	if ((int64_t)(int32_t)l < 0 || l > sizeof *ss)
		return -EINVAL;
	*len = (socklen_t)l;
	memset(ss, 0, sizeof *ss);
	return call_read(c, c->t.args[1], ss, *len);
}

/* A unix path address: its path copied out, or 0 when it is not one. */
static int unix_path(const struct sockaddr_storage *ss, socklen_t len,
		     char *path, size_t cap)
{
	const struct sockaddr_un *un = (const struct sockaddr_un *)ss;
	size_t off = offsetof(struct sockaddr_un, sun_path);
	if (ss->ss_family != AF_UNIX || len <= off || un->sun_path[0] == '\0')
		return 0;
	size_t n = strnlen(un->sun_path, len - off);
	if (n >= cap)
		return -EINVAL;
	memcpy(path, un->sun_path, n);
	path[n] = '\0';
	return 1;
}

struct connect_job {
	struct platform *plat;
	struct trap t;
	int fd;
	struct sockaddr_storage ss;
	socklen_t len;
};

/* A TCP connect can wait for the peer: off the event loop. */
static void *connect_worker(void *arg)
{
	struct connect_job *j = arg;
	int r = connect(j->fd, (struct sockaddr *)&j->ss, j->len);
	j->plat->ops->reply(j->plat, &j->t, r < 0 ? -errno : 0);
	close(j->fd);
	free(j);
	return NULL;
}

static long sock_common(struct call *c, bool is_connect)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
	int r = read_addr(c, &ss, &len);
	if (r < 0)
		return r;
	int fd = call_getfd(c, (int)c->t.args[0]);
	if (fd < 0)
		return fd == -ESRCH ? fd : -EBADF;
	r = unix_path(&ss, len, path, sizeof path);
	if (r < 0)
		goto out;
	if (r == 1) {
		struct walk_result w;
		r = call_resolve(c, AT_FDCWD, path, is_connect ? WALK_FOLLOW : 0, &w);
		if (r < 0)
			goto out;
		if (is_connect && w.type == NODE_MISSING) {
			r = -ENOENT;
			goto out;
		}
		if (!is_connect && w.type != NODE_MISSING) {
			r = -EADDRINUSE;
			goto out;
		}
		if (path_in_proc(w.path)) {
			r = -ECONNREFUSED;
			goto out;
		}
		struct gofer_call g = GOFER_CALL(is_connect ? GOP_CONNECT : GOP_BIND);
		g.path = w.path;
		g.send_fd = fd;
		if (!is_connect)
			g.mode = call_umask(c); /* the socket file's mode */
		r = call_gofer(c, &g);
		goto out;
	}
	if (!is_connect) {
		r = bind(fd, (struct sockaddr *)&ss, len) < 0 ? -errno : 0;
		goto out;
	}
	if (ss.ss_family == AF_UNIX) {
		/* Abstract names live in the guest's network namespace. */
		r = connect(fd, (struct sockaddr *)&ss, len) < 0 ? -errno : 0;
		goto out;
	}
	struct connect_job *j = malloc(sizeof *j);
	if (!j) {
		r = -ENOMEM;
		goto out;
	}
	*j = (struct connect_job){ c->s->plat, c->t, fd, ss, len };
	pthread_t th;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	r = pthread_create(&th, &attr, connect_worker, j);
	pthread_attr_destroy(&attr);
	if (r) {
		free(j);
		r = -r;
		goto out;
	}
	c->deferred = true;
	return 0;
out:
	close(fd);
	return r;
}

long sys_bind(struct call *c)
{
	return sock_common(c, false);
}

long sys_connect(struct call *c)
{
	return sock_common(c, true);
}
