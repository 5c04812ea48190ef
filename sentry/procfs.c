/* The guest's /proc.
 *
 * The guest's init mounted a procfs of the guest's pid namespace and sent
 * the sentry an O_PATH handle on it (s->procfd).  Lookups, opens and stats
 * below /proc are served from that handle: the sentry walks it with its
 * own path walk (every symlink expanded by the sentry, never by the
 * kernel), maps "self" and "thread-self" to the calling task's ids in the
 * guest's namespace, and opens the final component with openat2 beneath
 * the handle, without following any link.  The magic links (fd/N, cwd,
 * exe, root) are read as the paths the kernel prints for them, which are
 * sandbox paths: following one lands back in the sandbox tree. */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sentry/sentry.h"

/* The calling task's pid (tgid) and tid in the guest's namespace (the
 * last fields of NStgid and NSpid), and, if host_tgid is not NULL, its
 * tgid in the host's. */
static int ns_ids(struct call *c, long *tgid, long *tid, long *host_tgid)
{
	char buf[4096];
	if (call_status(c, buf, sizeof buf) < 0)
		return -ESRCH;
	*tgid = status_value(buf, "NStgid", 10);
	*tid = status_value(buf, "NSpid", 10);
	if (host_tgid)
		*host_tgid = status_value(buf, "Tgid", 10);
	return *tgid < 0 || *tid < 0 ? -ESRCH : 0;
}

/* "proc/..." -> the part below /proc ("" for /proc itself). */
static const char *below(const char *path)
{
	return path[4] == '/' ? path + 5 : "";
}

int procfs_lookup(struct call *c, const char *path, enum node_type *type,
		  char *target, size_t cap)
{
	const char *rel = below(path);
	long tgid, tid;

	if (!*rel) {
		*type = NODE_DIR;
		return 0;
	}
	if (strcmp(rel, "self") == 0 || strcmp(rel, "thread-self") == 0) {
		int r = ns_ids(c, &tgid, &tid, NULL);
		if (r < 0)
			return r;
		*type = NODE_SYMLINK;
		if (rel[0] == 's')
			snprintf(target, cap, "%ld", tgid);
		else
			snprintf(target, cap, "%ld/task/%ld", tgid, tid);
		return 0;
	}
	struct stat st;
	if (fstatat(c->s->procfd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT || errno == ENOTDIR || errno == ESRCH) {
			*type = NODE_MISSING;
			return 0;
		}
		return -errno;
	}
	if (S_ISDIR(st.st_mode)) {
		*type = NODE_DIR;
	} else if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlinkat(c->s->procfd, rel, target, cap - 1);
		if (n < 0) {
			/* A magic link the sentry may not read: opaque. */
			*type = NODE_OTHER;
			return 0;
		}
		target[n] = '\0';
		/* "pipe:[12]", "socket:[3]", "anon_inode:..." name no file:
		 * an open of such an fd/N link is served by procfs_open. */
		*type = target[0] == '/' || !strchr(target, ':') ? NODE_SYMLINK
								 : NODE_OTHER;
	} else {
		*type = NODE_OTHER;
	}
	return 0;
}

/* Is rel "<tgid>/fd/<n>" or "<tgid>/task/<tid>/fd/<n>" of the caller?
 * Returns n, or -1. */
static int own_fd_link(struct call *c, const char *rel)
{
	long tgid, tid, a, b, n;
	int used = 0;
	if (ns_ids(c, &tgid, &tid, NULL) < 0)
		return -1;
	if (sscanf(rel, "%ld/fd/%ld%n", &a, &n, &used) == 2 && rel[used] == '\0')
		return a == tgid && n >= 0 && n < 1 << 20 ? (int)n : -1;
	if (sscanf(rel, "%ld/task/%ld/fd/%ld%n", &a, &b, &n, &used) == 3 &&
	    rel[used] == '\0')
		return a == tgid && n >= 0 && n < 1 << 20 ? (int)n : -1;
	return -1;
}

/* If rel lies in the caller's own /proc/<tgid> directory, the same entry
 * below the host's /proc/<host id> of the caller (its process, or with
 * task/<own tid>/ its thread); else NULL.  The guest's procfs is mounted
 * read-only, so writes to comm, oom_score_adj, ... go through the host's
 * procfs, which names the very same task. */
static const char *own_entry(struct call *c, const char *rel, char *buf,
			     size_t cap)
{
	long tgid, tid, host_tgid, t;
	int n = 0;
	if (ns_ids(c, &tgid, &tid, &host_tgid) < 0 || host_tgid < 0)
		return NULL;
	if (sscanf(rel, "%ld/%n", &t, &n) != 1 || n == 0 || t != tgid)
		return NULL;
	const char *rest = rel + n;
	if (strncmp(rest, "task/", 5) == 0) {
		if (sscanf(rest, "task/%ld/%n", &t, &n) != 1 || n == 0 || t != tid)
			return NULL;
		/* /proc/<tid> of a thread is its own directory too. */
		snprintf(buf, cap, "/proc/%d/%s", (int)c->t.pid, rest + n);
		return buf;
	}
	snprintf(buf, cap, "/proc/%ld/%s", host_tgid, rest);
	return buf;
}

/* Open a writable entry of the caller's own host /proc directory.  The
 * writable entries are files directly in it (comm, oom_score_adj,
 * coredump_filter, ...) or in attr/; anything else, such as a path
 * through the cwd or root magic links, is refused.  O_CREAT and O_TRUNC
 * mean nothing to procfs files (and the sentry's allowlist keeps them out
 * of its openat). */
static int open_own_entry(const char *host, int flags)
{
	const char *rest = strchr(host + 6, '/') + 1;
	const char *slash = strchr(rest, '/');
	if (!*rest || strcmp(rest, ".") == 0 || strcmp(rest, "..") == 0 ||
	    (slash && (strncmp(rest, "attr/", 5) != 0 || strchr(slash + 1, '/') ||
		       slash[1] == '.' || !slash[1])))
		return -EACCES;
	int fd = open(host, (flags & ~(O_CREAT | O_EXCL | O_TRUNC)) | O_NOFOLLOW |
			    O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP ? -EACCES : -errno;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) {
		close(fd);
		return -EEXIST;
	}
	return fd;
}

long procfs_open(struct call *c, const char *path, int flags)
{
	const char *rel = below(path);
	int fdn = own_fd_link(c, rel);
	if (fdn >= 0) {
		/* /proc/self/fd/N (and /dev/fd/N): the same open file, as
		 * dup(2) would give — not a reopen. */
		int fd = call_getfd(c, fdn);
		if (fd < 0)
			return fd == -EBADF ? -ENOENT : fd;
		c->install_fd = fd;
		c->install_cloexec = flags & O_CLOEXEC;
		return 0;
	}
	/* O_CREAT of a file that exists opens it (the shell's `>`); procfs
	 * itself refuses to create one (ENOENT) or answers EEXIST to
	 * O_EXCL. */
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EACCES;
	struct open_how how = {
		.flags = (unsigned)(flags | O_CLOEXEC | O_NOFOLLOW) & ~(unsigned)O_NOCTTY,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS,
	};
	int fd;
	if ((flags & O_ACCMODE) != O_RDONLY) {
		/* Writing to /proc is allowed only in the caller's own
		 * directory: /proc/sys and friends stay read-only. */
		char host[PATH_MAX];
		const char *own = own_entry(c, rel, host, sizeof host);
		if (!own)
			return -EACCES;
		fd = open_own_entry(own, flags);
	} else {
		fd = (int)syscall(SYS_openat2, c->s->procfd, *rel ? rel : ".",
				  &how, sizeof how);
		if (fd < 0)
			fd = -errno;
	}
	if (fd < 0)
		return fd;
	c->install_fd = fd;
	c->install_cloexec = flags & O_CLOEXEC;
	return 0;
}

long procfs_readlink(struct call *c, const char *path, char *buf, size_t cap)
{
	enum node_type type;
	int r = procfs_lookup(c, path, &type, buf, cap);
	if (r < 0)
		return r;
	if (type == NODE_MISSING)
		return -ENOENT;
	if (type == NODE_SYMLINK)
		return (long)strlen(buf);
	/* An opaque magic link: read it as the kernel shows it. */
	ssize_t n = readlinkat(c->s->procfd, below(path), buf, cap);
	return n < 0 ? -errno : n;
}
