/* Services for handlers: guest memory, path resolution, the gofer, fds. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sentry/sentry.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

long call_path(struct call *c, int argi, char *buf)
{
	long n = guest_read_str(c->t.pid, c->t.args[argi], buf, PATH_MAX);
	if (n == -ESRCH)
		return -ESRCH;
	/* The pid we read from must still be the trapped task. */
	if (!c->s->plat->ops->valid(c->s->plat, &c->t))
		return -ESRCH;
	return n;
}

int call_read(struct call *c, uint64_t addr, void *buf, size_t len)
{
	int r = guest_read(c->t.pid, addr, buf, len);
	if (r == 0 && !c->s->plat->ops->valid(c->s->plat, &c->t))
		return -ESRCH;
	return r;
}

int call_write(struct call *c, uint64_t addr, const void *buf, size_t len)
{
	return guest_write(c->t.pid, addr, buf, len);
}

bool path_in_proc(const char *p)
{
	return strncmp(p, "proc", 4) == 0 && (p[4] == '\0' || p[4] == '/');
}

/* The kernel's name for one of the task's fds or its cwd, as seen from the
 * task's own mount namespace (d_path stops at that namespace's root, which
 * is the sandbox root for the guest and the gofer alike), turned into the
 * resolved form.  The name comes from the dentry the fd holds, not from
 * anything the guest wrote. */
static int proc_link_path(struct call *c, const char *what, char *buf, size_t cap)
{
	char link[64], tmp[PATH_MAX];
	snprintf(link, sizeof link, "/proc/%d/%s", c->t.pid, what);
	ssize_t n = readlink(link, tmp, sizeof tmp - 1);
	if (n < 0)
		return errno == ENOENT ? -EBADF : -errno;
	tmp[n] = '\0';
	if (tmp[0] != '/')
		return -ENOTDIR; /* a pipe, socket or anon inode */
	static const char deleted[] = " (deleted)";
	size_t dl = sizeof deleted - 1;
	if ((size_t)n > dl && strcmp(tmp + n - dl, deleted) == 0)
		return -ENOENT;
	const char *p = tmp + 1;
	if (strlen(p) >= cap)
		return -ENAMETOOLONG;
	strcpy(buf, p);
	return 0;
}

int call_fd_path(struct call *c, int fd, char *buf, size_t cap)
{
	char what[32];
	if (fd < 0)
		return -EBADF;
	snprintf(what, sizeof what, "fd/%d", fd);
	return proc_link_path(c, what, buf, cap);
}

/* Lookups for the path walk: /proc from the guest's procfs, the rest from
 * the dentry cache. */
static int sentry_lookup(void *ctx, const char *path, enum node_type *type,
			 char *target, size_t cap)
{
	struct call *c = ctx;
	if (path_in_proc(path))
		return procfs_lookup(c, path, type, target, cap);
	return dcache_lookup(c->s->dc, path, type, target, cap);
}

/* openat2(2)'s RESOLVE_* restrictions, applied to the walk's lookups. */
struct restricted {
	struct call *c;
	const char *root;       /* RESOLVE_IN_ROOT / BENEATH: the dirfd's path */
	size_t root_len;
	uint64_t resolve;
	bool in_root;
	char buf[PATH_MAX];
};

static int restricted_lookup(void *ctx, const char *path, enum node_type *type,
			     char *target, size_t cap)
{
	struct restricted *r = ctx;
	const char *real = path;
	if (r->in_root && r->root_len) {
		/* The walk runs against a virtual root: the dirfd. */
		int n = snprintf(r->buf, sizeof r->buf, "%s%s%s", r->root,
				 *path ? "/" : "", path);
		if (n < 0 || (size_t)n >= sizeof r->buf)
			return -ENAMETOOLONG;
		real = r->buf;
	} else if ((r->resolve & RESOLVE_BENEATH) && r->root_len &&
		   (strncmp(path, r->root, r->root_len) != 0 ||
		    (path[r->root_len] != '\0' && path[r->root_len] != '/'))) {
		return -EXDEV; /* the walk left the dirfd's subtree */
	}
	int e = sentry_lookup(r->c, real, type, target, cap);
	if (e < 0)
		return e;
	if (*type == NODE_SYMLINK) {
		if (r->resolve & RESOLVE_NO_SYMLINKS)
			return -ELOOP;
		/* /proc/<pid>/{exe,cwd,root,fd/N,...} are magic links. */
		if ((r->resolve & RESOLVE_NO_MAGICLINKS) && path_in_proc(real) &&
		    strchr(real + 5, '/'))
			return -ELOOP;
		if ((r->resolve & RESOLVE_BENEATH) && target[0] == '/')
			return -EXDEV;
	}
	return 0;
}

static int resolve_base(struct call *c, int dirfd, char *base, size_t cap)
{
	base[0] = '\0';
	if (dirfd == AT_FDCWD)
		return proc_link_path(c, "cwd", base, cap);
	int r = call_fd_path(c, dirfd, base, cap);
	if (r < 0)
		return r;
	/* A dirfd must be a directory (path_init's ENOTDIR). */
	enum node_type type;
	char target[PATH_MAX];
	target[0] = '\0';
	r = sentry_lookup(c, base, &type, target, sizeof target);
	if (r < 0)
		return r;
	return type == NODE_DIR ? 0 : -ENOTDIR;
}

int call_resolve_how(struct call *c, int dirfd, const char *path,
		     int walk_flags, uint64_t resolve, struct walk_result *out)
{
	char base[PATH_MAX];
	base[0] = '\0';
	if (!path[0])
		return -ENOENT; /* before the dirfd is looked at, as namei does */
	bool restricted = resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT |
				     RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
	if (path[0] != '/' || (resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT))) {
		int r = resolve_base(c, dirfd, base, sizeof base);
		if (r < 0)
			return r;
	}
	if (!restricted)
		return path_walk(sentry_lookup, c, base, path, walk_flags, out);

	if ((resolve & RESOLVE_BENEATH) && path[0] == '/')
		return -EXDEV;
	struct restricted *r = malloc(sizeof *r);
	if (!r)
		return -ENOMEM;
	*r = (struct restricted){ .c = c, .root = base, .root_len = strlen(base),
				  .resolve = resolve,
				  .in_root = resolve & RESOLVE_IN_ROOT };
	/* In the virtual root the walk starts at its top. */
	int e = path_walk(restricted_lookup, r, r->in_root ? "" : base, path,
			  walk_flags, out);
	if (e == 0 && r->in_root && r->root_len) {
		char tmp[PATH_MAX];
		int n = snprintf(tmp, sizeof tmp, "%s%s%s", base,
				 out->path[0] ? "/" : "", out->path);
		if (n < 0 || (size_t)n >= sizeof tmp)
			e = -ENAMETOOLONG;
		else
			memcpy(out->path, tmp, (size_t)n + 1);
	}
	free(r);
	return e;
}

int call_resolve(struct call *c, int dirfd, const char *path, int walk_flags,
		 struct walk_result *out)
{
	return call_resolve_how(c, dirfd, path, walk_flags, 0, out);
}

int call_resolve_arg(struct call *c, int dirfd_argi, int path_argi,
		     int walk_flags, struct walk_result *out)
{
	char path[PATH_MAX];
	long n = call_path(c, path_argi, path);
	if (n < 0)
		return (int)n;
	int dirfd = dirfd_argi < 0 ? AT_FDCWD : (int)c->t.args[dirfd_argi];
	return call_resolve(c, dirfd, path, walk_flags, out);
}

int call_getfd(struct call *c, int fd)
{
	int pidfd = (int)syscall(SYS_pidfd_open, c->t.pid, PIDFD_THREAD);
	if (pidfd < 0)
		pidfd = (int)syscall(SYS_pidfd_open, c->t.pid, 0);
	if (pidfd < 0)
		return -errno;
	int r = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	int e = errno;
	close(pidfd);
	return r < 0 ? -e : r;
}

int call_status(struct call *c, char *buf, size_t cap)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/status", c->t.pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	ssize_t n = read(fd, buf, cap - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	return 0;
}

long status_value(const char *status, const char *key, int base)
{
	size_t klen = strlen(key);
	for (const char *l = status; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (strncmp(l, key, klen) != 0 || l[klen] != ':')
			continue;
		/* The last of the tab-separated values on this line. */
		const char *end = strchr(l, '\n');
		const char *v = l + klen + 1;
		for (const char *p = v; *p && p != end; p++)
			if (*p == '\t')
				v = p + 1;
		return strtol(v, NULL, base);
	}
	return -1;
}

mode_t call_umask(struct call *c)
{
	char buf[2048];
	if (call_status(c, buf, sizeof buf) < 0)
		return 022;
	long u = status_value(buf, "Umask", 8);
	return u < 0 ? 022 : (mode_t)u & 0777;
}

static bool op_changes_names(const struct gofer_call *g)
{
	switch (g->op) {
	case GOP_OPEN:
		return g->flags & O_CREAT;
	case GOP_MKDIR: case GOP_MKNOD: case GOP_UNLINK: case GOP_RENAME:
	case GOP_LINK: case GOP_SYMLINK: case GOP_BIND:
		return true;
	default:
		return false;
	}
}

/* Keep the gofer on the sentry's CPU.  A request wakes the gofer; left to
 * itself the scheduler puts the wakee on the idle CPU, and a cross-CPU
 * wake-up costs 50-100 us on this kind of VM against ~1 us for a hand-off
 * on one CPU (docs/architecture.md, "Performance").  The sentry itself
 * follows the guest (the listener's sync wake-up), so the three hand off
 * on one CPU; the pin moves only when the sentry has moved. */
static void gofer_follow(struct sentry *s)
{
	int cpu = sched_getcpu();
	if (cpu < 0 || cpu == s->gofer_cpu || s->gofer_pid <= 0)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(s->gofer_pid, sizeof set, &set) == 0)
		s->gofer_cpu = cpu;
}

int call_gofer(struct call *c, struct gofer_call *g)
{
	gofer_follow(c->s);
	int r = gofer_call(&c->s->gofer, g);
	if (op_changes_names(g))
		dcache_invalidate(c->s->dc);
	return r;
}
