/* Resolving a guest path to a sandbox path, the way the kernel's namei does:
 * component by component, '.' and '..' (which stops at the sandbox root),
 * symlinks expanded (absolute ones restart at the sandbox root) with the
 * kernel's limit of 40, ENOTDIR for a non-directory in the middle.
 *
 * The walk is pure: what exists is asked of a lookup callback (the dentry
 * cache in production, a table in the unit tests), so the same code can be
 * tested without a gofer. */
#ifndef MOAT_SENTRY_PATHWALK_H
#define MOAT_SENTRY_PATHWALK_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define WALK_MAX_SYMLINKS 40

enum node_type {
	NODE_MISSING = 0,
	NODE_DIR,
	NODE_SYMLINK,
	NODE_OTHER,     /* regular file, fifo, socket, device */
};

/* Look up PATH (resolved form: no leading '/', "" = the root; see
 * gofer/proto.h).  Fill *type; for a symlink copy its target, NUL-terminated,
 * into target (cap bytes; -ENAMETOOLONG if it does not fit).  Return 0 or a
 * negative errno (an I/O failure, not "missing": a missing node is
 * NODE_MISSING).
 *
 * On entry, target holds a hint from the walk, NUL-terminated: the plain
 * components it will ask for next below PATH ("b/c" while PATH is "a" in a
 * walk of "a/b/c"), or "".  A cache may fetch PATH/hint in one round trip;
 * other lookups ignore it.  The walk reads target back only for a symlink. */
typedef int (*walk_lookup_fn)(void *ctx, const char *path,
			      enum node_type *type, char *target, size_t cap);

enum {
	WALK_FOLLOW = 1 << 0,   /* follow a symlink in the last component */
	/* The caller acts on the last component's own name (mkdir, mknod,
	 * unlink, rmdir, rename, link, symlink: the kernel's
	 * filename_parentat users).  The last component is never followed,
	 * even with a trailing slash, and the trailing-slash ENOTDIR check is
	 * left to the caller: mkdir("file/") is EEXIST, rmdir("link/") is
	 * ENOTDIR.  WALK_FOLLOW is ignored. */
	WALK_PARENT = 1 << 1,
};

/* What the last component was, as the kernel's nd->last_type: the calls
 * that act on a name refuse '.', '..' and the root (rmdir "x/." is EINVAL,
 * rmdir "x/.." ENOTEMPTY, rename and rmdir of "/" EBUSY, mkdir EEXIST). */
enum walk_last {
	WALK_LAST_NORM = 0,
	WALK_LAST_DOT,
	WALK_LAST_DOTDOT,
	WALK_LAST_ROOT,        /* the path was "/" (or a link to it) */
};

struct walk_result {
	char path[PATH_MAX];    /* resolved form */
	enum node_type type;    /* of the last component */
	/* A normal last component was followed by '/' (in the guest path, or
	 * in the target of a last-component symlink that was followed): the
	 * kernel's LOOKUP_DIRECTORY.  Without WALK_PARENT the walk has already
	 * refused a non-directory (ENOTDIR); the caller still owes the rest:
	 * open(O_CREAT) is EISDIR, mknod/symlink/link of a missing name is
	 * ENOENT (the kernel's filename_create).
	 * "x/." and "x/.." do not set it: their last is DOT/DOTDOT. */
	bool trailing_slash;
	enum walk_last last;
};

/* Resolve the guest path PATH: a NUL-terminated string, or a PATH_MAX-byte
 * buffer without a NUL (a guest path that was too long: -ENAMETOOLONG).  A
 * relative path starts at BASE, the resolved form of the starting
 * directory; the caller has checked that it is a directory (ENOTDIR for a
 * dirfd that is not one, as the kernel's path_init does).  BASE is unused
 * for an absolute path and may be NULL then.
 *
 * Returns 0 with *out filled (the last component may be NODE_MISSING:
 * creating calls need that; through a dangling symlink that was followed,
 * out->path is where its target would be), or -ENOENT (empty path, missing
 * directory on the way, empty symlink target), -ENOTDIR, -ELOOP,
 * -ENAMETOOLONG (guest path of PATH_MAX bytes or more, component over
 * NAME_MAX, resolved path over PATH_MAX - 1), -EINVAL (BASE not in resolved
 * form), -ENOMEM, or the lookup's error.  On error *out is unspecified. */
int path_walk(walk_lookup_fn lookup, void *ctx, const char *base,
	      const char *path, int flags, struct walk_result *out);

/* Split a resolved path into its parent and last component (pointers into
 * buf, which receives a copy).  "" (the root) has no parent: -EBUSY.
 * -EINVAL if PATH is not in resolved form, -ENAMETOOLONG if buf is too
 * small. */
int path_split(const char *path, char *buf, size_t cap,
	       const char **parent, const char **name);

/* Is PATH (LEN bytes) in resolved form, every component at most NAME_MAX? */
bool path_is_resolved(const char *path, size_t len);

#endif
