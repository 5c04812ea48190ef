/* The dentry cache: what the sandbox tree holds at a resolved path (type,
 * symlink target), so that a warm path walk costs no gofer round trip.
 *
 * Every change of the tree's names (create, unlink, rename, symlink, mkdir,
 * ...) goes through the sentry, which calls dcache_invalidate(); the cache
 * therefore stays coherent with the sandbox's own changes.  Misses are
 * filled by a fetch callback (a gofer WALK in production) that may report
 * several components at once.
 *
 * Bounded: at most max_entries entries and a fixed arena for their names;
 * when either is full, everything is evicted (simple, and the next walk
 * refills what it needs in one round trip).  Not thread-safe: one event
 * loop owns it. */
#ifndef MOAT_SENTRY_DCACHE_H
#define MOAT_SENTRY_DCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "sentry/pathwalk.h"

struct dcache;

/* Called on a miss.  PATH is the path missed, possibly extended by the
 * walk's hint (the components it will ask for next).  The fetch inserts,
 * root-down, every prefix of PATH it learns about, PATH last when it gets
 * that far (an insert may evict everything inserted before it).  Returns
 * 0 or a negative errno. */
typedef int (*dcache_fetch_fn)(void *ctx, struct dcache *dc, const char *path);

/* NULL with errno set on failure. */
struct dcache *dcache_new(size_t max_entries, dcache_fetch_fn fetch, void *ctx);
void dcache_free(struct dcache *dc);

/* Record what PATH is.  target is for NODE_SYMLINK, else NULL.  0, or
 * -EINVAL / -ENAMETOOLONG for a path or target that is not one. */
int dcache_insert(struct dcache *dc, const char *path, enum node_type type,
		  const char *target);

/* Forget everything (called after any change of names in the tree).  O(1). */
void dcache_invalidate(struct dcache *dc);

/* A walk_lookup_fn over the cache (ctx = the struct dcache); the root ""
 * is always a directory.  On a miss, fetches PATH plus the walk's hint in
 * target (PATH alone if that fails), then answers from the cache: -EIO if
 * the fetch did not insert PATH.  -ENAMETOOLONG if a symlink's target does
 * not fit in cap. */
int dcache_lookup(void *dc, const char *path, enum node_type *type,
		  char *target, size_t cap);

struct dcache_stats { uint64_t hits, misses, entries; };
void dcache_stats(const struct dcache *dc, struct dcache_stats *st);

/* The production fetch (sentry/dcache_gofer.c): one GOP_WALK for PATH;
 * ctx is the struct gofer_conn. */
int dcache_gofer_fetch(void *ctx, struct dcache *dc, const char *path);

/* Check a GOP_WALK reply for PATH (len bytes of struct gofer_walk_ent,
 * each DT_LNK one followed by its target) and insert what it reports.
 * All or nothing: -EIO, with nothing inserted, for a reply that is
 * malformed (truncated, a target past the end or with a NUL, more entries
 * than PATH has components, an entry after a non-directory, an unknown
 * type) or that stops early at a directory.  When it stops early at a
 * missing or non-directory component, PATH itself is recorded as missing:
 * nothing can lie below either. */
int dcache_gofer_parse(struct dcache *dc, const char *path,
		       const void *payload, size_t len);

#endif
