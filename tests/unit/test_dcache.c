/* The dentry cache (sentry/dcache.c) and the parsing of the gofer's WALK
 * reply (sentry/dcache_gofer.c), with a fake gofer that answers from an
 * in-memory tree. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "gofer/proto.h"
#include "sentry/dcache.h"
#include "sentry/gofer_client.h"
#include "sentry/pathwalk.h"

/* --- building WALK replies --- */

struct reply {
	unsigned char buf[GOFER_MAX_DATA];
	size_t len;
};

static void put_raw(struct reply *r, const void *p, size_t n)
{
	assert_true(r->len + n <= sizeof r->buf);
	memcpy(r->buf + r->len, p, n);
	r->len += n;
}

static void put_ent_len(struct reply *r, uint8_t dt, const char *target,
			uint16_t target_len)
{
	struct gofer_walk_ent e = { .type = dt, .target_len = target_len,
				    .dev = 1, .ino = 2 };
	put_raw(r, &e, sizeof e);
	if (target)
		put_raw(r, target, strlen(target));
}

static void put_ent(struct reply *r, uint8_t dt, const char *target)
{
	put_ent_len(r, dt, target, target ? (uint16_t)strlen(target) : 0);
}

/* --- a fake gofer over a small tree --- */

struct fnode {
	const char *path;
	uint8_t dt;
	const char *target;
};

static const struct fnode tree[] = {
	{ "a", DT_DIR, NULL },
	{ "a/b", DT_DIR, NULL },
	{ "a/b/c", DT_DIR, NULL },
	{ "a/b/c/file", DT_REG, NULL },
	{ "usr", DT_DIR, NULL },
	{ "usr/lib", DT_DIR, NULL },
	{ "usr/lib/libc.so", DT_REG, NULL },
	{ "lib", DT_LNK, "usr/lib" },
	{ "fifo", DT_FIFO, NULL },
	{ "noperm", DT_DIR, NULL },
};

struct fake {
	unsigned fetches;
	char last_fetch[PATH_MAX];
	int fail;               /* every fetch returns this */
	const char *fail_under; /* a walk reaching below it fails -EACCES */
	enum { FETCH_GOFER, FETCH_NOTHING, FETCH_ONLY_PATH } mode;
};

static uint8_t tree_dt(const char *path, const char **target)
{
	for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++)
		if (strcmp(tree[i].path, path) == 0) {
			*target = tree[i].target;
			return tree[i].dt;
		}
	return DT_UNKNOWN;
}

/* What the gofer's GOP_WALK sends back for PATH. */
static void gofer_walk(const char *path, struct reply *r)
{
	char prefix[PATH_MAX];
	size_t n = strlen(path);
	r->len = 0;
	for (size_t i = 0; i <= n && n > 0; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		memcpy(prefix, path, i);
		prefix[i] = '\0';
		const char *target = NULL;
		uint8_t dt = tree_dt(prefix, &target);
		put_ent(r, dt, target);
		if (dt != DT_DIR)
			break;
	}
}

static int fake_fetch(void *ctx, struct dcache *dc, const char *path)
{
	struct fake *f = ctx;
	static struct reply r;
	f->fetches++;
	snprintf(f->last_fetch, sizeof f->last_fetch, "%s", path);
	if (f->fail)
		return f->fail;
	if (f->fail_under) {
		size_t n = strlen(f->fail_under);
		if (strncmp(path, f->fail_under, n) == 0 && path[n] == '/')
			return -EACCES;
	}
	switch (f->mode) {
	case FETCH_NOTHING:
		return 0;
	case FETCH_ONLY_PATH:
		return dcache_insert(dc, path, NODE_DIR, NULL);
	case FETCH_GOFER:
		break;
	}
	gofer_walk(path, &r);
	return dcache_gofer_parse(dc, path, r.buf, r.len);
}

struct ctx {
	struct fake f;
	struct dcache *dc;
	struct reply r;
	char target[PATH_MAX];
};

static int setup_n(void **state, size_t max)
{
	struct ctx *c = calloc(1, sizeof *c);
	if (!c)
		return -1;
	c->dc = dcache_new(max, fake_fetch, &c->f);
	if (!c->dc) {
		free(c);
		return -1;
	}
	*state = c;
	return 0;
}

static int setup(void **state)
{
	return setup_n(state, 64);
}

static int setup_small(void **state)
{
	return setup_n(state, 4);
}

static int teardown(void **state)
{
	struct ctx *c = *state;
	dcache_free(c->dc);
	free(c);
	return 0;
}

/* A lookup as the walk does it, with no hint. */
static int lookup(struct ctx *c, const char *path, enum node_type *t)
{
	c->target[0] = '\0';
	return dcache_lookup(c->dc, path, t, c->target, sizeof c->target);
}

static struct dcache_stats stats(struct ctx *c)
{
	struct dcache_stats st;
	dcache_stats(c->dc, &st);
	return st;
}

/* --- the cache --- */

static void dcache_hit_after_fetch(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	assert_int_equal(lookup(c, "a/b/c/file", &t), 0);
	assert_int_equal(t, NODE_OTHER);
	assert_int_equal(c->f.fetches, 1);
	assert_int_equal(lookup(c, "a/b/c/file", &t), 0);
	assert_int_equal(t, NODE_OTHER);
	assert_int_equal(c->f.fetches, 1);
	struct dcache_stats st = stats(c);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.misses, 1);
	assert_int_equal(st.entries, 4);
}

static void dcache_fetch_inserts_prefixes(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	assert_int_equal(lookup(c, "a/b/c", &t), 0);
	assert_int_equal(lookup(c, "a", &t), 0);
	assert_int_equal(t, NODE_DIR);
	assert_int_equal(lookup(c, "a/b", &t), 0);
	assert_int_equal(t, NODE_DIR);
	assert_int_equal(c->f.fetches, 1);
	assert_int_equal(stats(c).hits, 2);
}

static void dcache_missing_and_symlink(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	assert_int_equal(lookup(c, "a/nope", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	assert_int_equal(lookup(c, "lib", &t), 0);
	assert_int_equal(t, NODE_SYMLINK);
	assert_string_equal(c->target, "usr/lib");
	assert_int_equal(lookup(c, "fifo", &t), 0);
	assert_int_equal(t, NODE_OTHER);
	/* warm: the same answers, no fetch */
	unsigned before = c->f.fetches;
	assert_int_equal(lookup(c, "lib", &t), 0);
	assert_string_equal(c->target, "usr/lib");
	assert_int_equal(lookup(c, "a/nope", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	assert_int_equal(c->f.fetches, before);
}

static void dcache_target_longer_than_cap_fails_enametoolong(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	char small[7] = "";
	assert_int_equal(dcache_lookup(c->dc, "lib", &t, small, sizeof small),
			 -ENAMETOOLONG);
	char fits[8] = "";
	assert_int_equal(dcache_lookup(c->dc, "lib", &t, fits, sizeof fits), 0);
	assert_string_equal(fits, "usr/lib");
}

static void dcache_root_is_a_directory(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	assert_int_equal(lookup(c, "", &t), 0);
	assert_int_equal(t, NODE_DIR);
	assert_int_equal(c->f.fetches, 0);
}

static void dcache_invalidate_forgets_everything(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	assert_int_equal(lookup(c, "a/b/c/file", &t), 0);
	assert_int_equal(stats(c).entries, 4);
	dcache_invalidate(c->dc);
	assert_int_equal(stats(c).entries, 0);
	assert_int_equal(lookup(c, "a", &t), 0);
	assert_int_equal(c->f.fetches, 2);
	/* many generations */
	for (int i = 0; i < 100000; i++)
		dcache_invalidate(c->dc);
	assert_int_equal(lookup(c, "a", &t), 0);
	assert_int_equal(c->f.fetches, 3);
	assert_int_equal(stats(c).entries, 1);
}

static void dcache_insert_replaces(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	assert_int_equal(dcache_insert(c->dc, "x", NODE_DIR, NULL), 0);
	assert_int_equal(dcache_insert(c->dc, "x", NODE_DIR, NULL), 0);
	assert_int_equal(dcache_insert(c->dc, "x", NODE_SYMLINK, "t1"), 0);
	assert_int_equal(dcache_insert(c->dc, "x", NODE_SYMLINK, "target2"), 0);
	assert_int_equal(stats(c).entries, 1);
	assert_int_equal(lookup(c, "x", &t), 0);
	assert_int_equal(t, NODE_SYMLINK);
	assert_string_equal(c->target, "target2");
	assert_int_equal(dcache_insert(c->dc, "x", NODE_MISSING, "ignored"), 0);
	assert_int_equal(lookup(c, "x", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	assert_int_equal(c->f.fetches, 0);
}

static void dcache_insert_checks_arguments(void **state)
{
	struct ctx *c = *state;
	char *p = malloc(PATH_MAX + 1);
	assert_non_null(p);
	memset(p, 'a', PATH_MAX);
	p[PATH_MAX] = '\0';
	assert_int_equal(dcache_insert(c->dc, p, NODE_DIR, NULL), -ENAMETOOLONG);
	assert_int_equal(dcache_insert(c->dc, "l", NODE_SYMLINK, p), -ENAMETOOLONG);
	p[PATH_MAX - 1] = '\0';
	assert_int_equal(dcache_insert(c->dc, p, NODE_SYMLINK, p), 0);
	assert_int_equal(dcache_insert(c->dc, "l", NODE_SYMLINK, NULL), -EINVAL);
	assert_int_equal(dcache_insert(c->dc, "l", (enum node_type)9, NULL), -EINVAL);
	free(p);
	assert_null(dcache_new(0, fake_fetch, NULL));
}

static void dcache_bound_on_entries(void **state)
{
	struct ctx *c = *state;
	char name[16];
	enum node_type t;
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof name, "n%d", i);
		assert_int_equal(dcache_insert(c->dc, name, NODE_DIR, NULL), 0);
		assert_true(stats(c).entries <= 4);
	}
	/* evict-all: the newest survives */
	assert_int_equal(lookup(c, "n9", &t), 0);
	assert_int_equal(c->f.fetches, 0);
	/* a walk reply longer than the bound still answers the path */
	c->f.mode = FETCH_GOFER;
	assert_int_equal(lookup(c, "a/b/c/file", &t), 0);
	assert_int_equal(t, NODE_OTHER);
	assert_true(stats(c).entries <= 4);
}

static void dcache_bound_on_bytes(void **state)
{
	struct ctx *c = *state;
	/* 4 entries fit; their names overflow the arena long before */
	char *p = malloc(PATH_MAX);
	assert_non_null(p);
	enum node_type t;
	for (int i = 0; i < 100; i++) {
		memset(p, 'a' + i % 26, PATH_MAX - 1);
		p[PATH_MAX - 1] = '\0';
		p[0] = (char)('A' + i % 26);
		p[1] = (char)('A' + i / 26);
		assert_int_equal(dcache_insert(c->dc, p, NODE_SYMLINK, p), 0);
		assert_true(stats(c).entries <= 4);
		c->target[0] = '\0';
		assert_int_equal(dcache_lookup(c->dc, p, &t, c->target,
					       sizeof c->target), 0);
		assert_int_equal(t, NODE_SYMLINK);
		assert_string_equal(c->target, p);
	}
	assert_int_equal(c->f.fetches, 0);
	free(p);
}

static void dcache_fetch_inserting_nothing_fails_eio(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	c->f.mode = FETCH_NOTHING;
	assert_int_equal(lookup(c, "a", &t), -EIO);
	c->f.mode = FETCH_GOFER;
	c->f.fail = -EACCES;
	assert_int_equal(lookup(c, "a", &t), -EACCES);
	struct dcache *nofetch = dcache_new(8, NULL, NULL);
	assert_non_null(nofetch);
	assert_int_equal(dcache_lookup(nofetch, "a", &t, c->target, sizeof c->target),
			 -EIO);
	dcache_free(nofetch);
}

static void dcache_fetches_the_hint_too(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	strcpy(c->target, "b/c/file");
	assert_int_equal(dcache_lookup(c->dc, "a", &t, c->target, sizeof c->target), 0);
	assert_int_equal(t, NODE_DIR);
	assert_string_equal(c->f.last_fetch, "a/b/c/file");
	assert_int_equal(lookup(c, "a/b/c/file", &t), 0);
	assert_int_equal(t, NODE_OTHER);
	assert_int_equal(c->f.fetches, 1);

	/* a hint that is not plain components is not sent */
	strcpy(c->target, "../x");
	assert_int_equal(dcache_lookup(c->dc, "usr", &t, c->target, sizeof c->target), 0);
	assert_string_equal(c->f.last_fetch, "usr");
	/* nor one without a NUL in cap */
	memset(c->target, 'x', 8);
	assert_int_equal(dcache_lookup(c->dc, "fifo", &t, c->target, 8), 0);
	assert_string_equal(c->f.last_fetch, "fifo");
}

static void dcache_hint_failure_retries_the_path_alone(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	c->f.fail_under = "noperm";
	strcpy(c->target, "secret/x");
	assert_int_equal(dcache_lookup(c->dc, "noperm", &t, c->target,
				       sizeof c->target), 0);
	assert_int_equal(t, NODE_DIR);
	assert_int_equal(c->f.fetches, 2);
	assert_string_equal(c->f.last_fetch, "noperm");
}

/* The whole point of the hint: a cold walk costs one round trip per
 * symlink hop, not one per component. */
static void dcache_cold_walk_costs_one_fetch(void **state)
{
	struct ctx *c = *state;
	struct walk_result res;
	assert_int_equal(path_walk(dcache_lookup, c->dc, "", "/a/b/c/file", 0,
				   &res), 0);
	assert_string_equal(res.path, "a/b/c/file");
	assert_int_equal(res.type, NODE_OTHER);
	assert_int_equal(c->f.fetches, 1);
	/* warm */
	assert_int_equal(path_walk(dcache_lookup, c->dc, "", "/a/b/c/file", 0,
				   &res), 0);
	assert_int_equal(c->f.fetches, 1);
	/* lib -> usr/lib: one for lib, one for the target */
	assert_int_equal(path_walk(dcache_lookup, c->dc, "", "/lib/libc.so", 0,
				   &res), 0);
	assert_string_equal(res.path, "usr/lib/libc.so");
	assert_int_equal(res.type, NODE_OTHER);
	assert_int_equal(c->f.fetches, 3);
	/* a new name in a known directory */
	assert_int_equal(path_walk(dcache_lookup, c->dc, "", "/a/b/new", 0,
				   &res), 0);
	assert_int_equal(res.type, NODE_MISSING);
	assert_int_equal(c->f.fetches, 4);
	assert_int_equal(path_walk(dcache_lookup, c->dc, "", "/a/b/c/file/x",
				   0, &res), -ENOTDIR);
	assert_int_equal(path_walk(dcache_lookup, c->dc, "", "/a/nope/x",
				   0, &res), -ENOENT);
}

/* --- the WALK reply, from a gofer that may be lying --- */

static void parse_ok(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_LNK, "../x");
	assert_int_equal(dcache_gofer_parse(c->dc, "p/q/r", c->r.buf, c->r.len), 0);
	assert_int_equal(stats(c).entries, 3);
	assert_int_equal(lookup(c, "p/q", &t), 0);
	assert_int_equal(t, NODE_DIR);
	assert_int_equal(lookup(c, "p/q/r", &t), 0);
	assert_int_equal(t, NODE_SYMLINK);
	assert_string_equal(c->target, "../x");
	assert_int_equal(c->f.fetches, 0);
}

static void parse_types(void **state)
{
	struct ctx *c = *state;
	static const uint8_t other[] = { DT_REG, DT_FIFO, DT_SOCK, DT_CHR, DT_BLK };
	enum node_type t;
	for (size_t i = 0; i < sizeof other; i++) {
		c->r.len = 0;
		put_ent(&c->r, other[i], NULL);
		assert_int_equal(dcache_gofer_parse(c->dc, "f", c->r.buf, c->r.len), 0);
		assert_int_equal(lookup(c, "f", &t), 0);
		assert_int_equal(t, NODE_OTHER);
	}
	c->r.len = 0;
	put_ent(&c->r, DT_UNKNOWN, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "f", c->r.buf, c->r.len), 0);
	assert_int_equal(lookup(c, "f", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	/* a symlink with an empty target is reported as such (the walk
	 * answers ENOENT) */
	c->r.len = 0;
	put_ent(&c->r, DT_LNK, "");
	assert_int_equal(dcache_gofer_parse(c->dc, "f", c->r.buf, c->r.len), 0);
	assert_int_equal(lookup(c, "f", &t), 0);
	assert_int_equal(t, NODE_SYMLINK);
	assert_string_equal(c->target, "");
	c->r.len = 0;
	put_ent(&c->r, DT_WHT, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "f", c->r.buf, c->r.len), -EIO);
	c->r.len = 0;
	put_ent(&c->r, 200, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "f", c->r.buf, c->r.len), -EIO);
}

static void parse_root(void **state)
{
	struct ctx *c = *state;
	assert_int_equal(dcache_gofer_parse(c->dc, "", NULL, 0), 0);
	put_ent(&c->r, DT_DIR, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "", c->r.buf, c->r.len), -EIO);
}

static void parse_stops_early_at_missing(void **state)
{
	struct ctx *c = *state;
	enum node_type t;
	/* p/q/r/s: q missing, so nothing is at p/q/r/s either */
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_UNKNOWN, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/q/r/s", c->r.buf, c->r.len), 0);
	assert_int_equal(lookup(c, "p/q", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	assert_int_equal(lookup(c, "p/q/r/s", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	/* at a file: the same */
	c->r.len = 0;
	put_ent(&c->r, DT_REG, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "f/x", c->r.buf, c->r.len), 0);
	assert_int_equal(lookup(c, "f/x", &t), 0);
	assert_int_equal(t, NODE_MISSING);
	/* at a symlink: the rest is not a resolved path; only the link */
	c->r.len = 0;
	put_ent(&c->r, DT_LNK, "elsewhere");
	assert_int_equal(dcache_gofer_parse(c->dc, "l/x", c->r.buf, c->r.len), 0);
	assert_int_equal(lookup(c, "l", &t), 0);
	assert_int_equal(t, NODE_SYMLINK);
	c->f.mode = FETCH_NOTHING;
	assert_int_equal(lookup(c, "l/x", &t), -EIO);
	assert_int_equal(c->f.fetches, 1);
}

static void parse_stops_early_at_directory_fails_eio(void **state)
{
	struct ctx *c = *state;
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_DIR, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/q/r", c->r.buf, c->r.len), -EIO);
	assert_int_equal(dcache_gofer_parse(c->dc, "p", c->r.buf, 0), -EIO);
	assert_int_equal(stats(c).entries, 0);
}

static void parse_too_many_entries_fails_eio(void **state)
{
	struct ctx *c = *state;
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_DIR, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/q", c->r.buf, c->r.len), -EIO);
	/* nothing of a bad reply is kept */
	assert_int_equal(stats(c).entries, 0);
}

static void parse_entry_after_end_of_walk_fails_eio(void **state)
{
	struct ctx *c = *state;
	put_ent(&c->r, DT_UNKNOWN, NULL);
	put_ent(&c->r, DT_DIR, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/q", c->r.buf, c->r.len), -EIO);
	c->r.len = 0;
	put_ent(&c->r, DT_LNK, "t");
	put_ent(&c->r, DT_REG, NULL);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/q", c->r.buf, c->r.len), -EIO);
	assert_int_equal(stats(c).entries, 0);
}

static void parse_truncated_entry_fails_eio(void **state)
{
	struct ctx *c = *state;
	put_ent(&c->r, DT_DIR, NULL);
	put_ent(&c->r, DT_REG, NULL);
	for (size_t n = 1; n < c->r.len; n++) {
		if (n == sizeof(struct gofer_walk_ent))
			continue;       /* a whole first entry: stops early at a dir */
		assert_int_equal(dcache_gofer_parse(c->dc, "p/f", c->r.buf, n), -EIO);
	}
	assert_int_equal(dcache_gofer_parse(c->dc, "p/f", c->r.buf,
					    sizeof(struct gofer_walk_ent)), -EIO);
	assert_int_equal(stats(c).entries, 0);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/f", c->r.buf, c->r.len), 0);
	/* and a byte too many */
	c->r.buf[c->r.len++] = 0;
	assert_int_equal(dcache_gofer_parse(c->dc, "p/g", c->r.buf, c->r.len), -EIO);
}

static void parse_target_past_end_fails_eio(void **state)
{
	struct ctx *c = *state;
	put_ent(&c->r, DT_DIR, NULL);
	put_ent_len(&c->r, DT_LNK, "abc", 4);
	assert_int_equal(dcache_gofer_parse(c->dc, "p/l", c->r.buf, c->r.len), -EIO);
	c->r.len = 0;
	put_ent_len(&c->r, DT_LNK, NULL, UINT16_MAX);
	assert_int_equal(dcache_gofer_parse(c->dc, "l", c->r.buf, c->r.len), -EIO);
	/* a target as long as the payload allows, but over PATH_MAX - 1 */
	c->r.len = 0;
	put_ent_len(&c->r, DT_LNK, NULL, PATH_MAX);
	memset(c->r.buf + c->r.len, 'x', PATH_MAX);
	c->r.len += PATH_MAX;
	assert_int_equal(dcache_gofer_parse(c->dc, "l", c->r.buf, c->r.len), -EIO);
	c->r.len = 0;
	put_ent_len(&c->r, DT_LNK, NULL, PATH_MAX - 1);
	memset(c->r.buf + c->r.len, 'x', PATH_MAX - 1);
	c->r.len += PATH_MAX - 1;
	assert_int_equal(dcache_gofer_parse(c->dc, "l", c->r.buf, c->r.len), 0);
	assert_int_equal(stats(c).entries, 1);
}

static void parse_bad_target_fails_eio(void **state)
{
	struct ctx *c = *state;
	/* a NUL inside a target */
	put_ent_len(&c->r, DT_LNK, NULL, 3);
	put_raw(&c->r, "a\0b", 3);
	assert_int_equal(dcache_gofer_parse(c->dc, "l", c->r.buf, c->r.len), -EIO);
	/* a target on something that is not a link */
	c->r.len = 0;
	put_ent_len(&c->r, DT_DIR, "x", 1);
	assert_int_equal(dcache_gofer_parse(c->dc, "d", c->r.buf, c->r.len), -EIO);
	assert_int_equal(stats(c).entries, 0);
}

/* Random bytes must be refused or accepted, never read out of bounds
 * (run under ASan or valgrind). */
static void parse_random_replies(void **state)
{
	struct ctx *c = *state;
	unsigned seed = 12345;
	static const uint8_t dts[] = { DT_UNKNOWN, DT_DIR, DT_LNK, DT_REG, 99 };
	for (int iter = 0; iter < 20000; iter++) {
		size_t len = (size_t)(rand_r(&seed) % 200);
		unsigned char *buf = malloc(len ? len : 1);
		assert_non_null(buf);
		for (size_t i = 0; i < len; i++)
			buf[i] = (unsigned char)rand_r(&seed);
		/* make it look like entries often enough to go deep */
		for (size_t off = 0; off + sizeof(struct gofer_walk_ent) <= len;
		     off += sizeof(struct gofer_walk_ent)) {
			buf[off] = dts[rand_r(&seed) % sizeof dts];
			buf[off + 2] = (unsigned char)(rand_r(&seed) % 8);
			buf[off + 3] = 0;
		}
		int r = dcache_gofer_parse(c->dc, "a/b/c/d", buf, len);
		assert_true(r == 0 || r == -EIO);
		free(buf);
	}
}

/* --- dcache_gofer_fetch through the real client, a thread as the gofer --- */

struct gofer_thread {
	int fd;
	int err;                /* answer every WALK with this error */
	unsigned walks;
	char last[PATH_MAX];
};

static void *gofer_thread_main(void *arg)
{
	struct gofer_thread *g = arg;
	static unsigned char in[GOFER_MAX_MSG];
	static _Alignas(8) unsigned char out[GOFER_MAX_REPLY];
	static struct gofer_req req;
	static struct reply r;
	ssize_t n;
	while ((n = recv(g->fd, in, sizeof in, 0)) > 0) {
		struct gofer_reply_hdr h = {
			.magic = GOFER_MAGIC, .version = GOFER_VERSION,
		};
		r.len = 0;
		if (gofer_req_decode(in, (size_t)n, &req) == 0) {
			h.op = req.h.op;
			if (req.h.op == GOP_WALK && g->err) {
				h.err = g->err;
			} else if (req.h.op == GOP_WALK) {
				g->walks++;
				snprintf(g->last, sizeof g->last, "%s", req.path);
				gofer_walk(req.path, &r);
				for (size_t off = 0; off < r.len;) {
					struct gofer_walk_ent e;
					memcpy(&e, r.buf + off, sizeof e);
					off += sizeof e + e.target_len;
					h.ret++;
				}
			}
		}
		h.len = (uint32_t)(sizeof h + r.len);
		memcpy(out, &h, sizeof h);
		memcpy(out + sizeof h, r.buf, r.len);
		if (send(g->fd, out, h.len, 0) < 0)
			break;
	}
	return NULL;
}

static void fetch_through_gofer_client(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	struct gofer_thread g = { .fd = sv[1] };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, gofer_thread_main, &g), 0);
	struct gofer_conn *conn = calloc(1, sizeof *conn);
	assert_non_null(conn);
	conn->fd = sv[0];
	struct dcache *dc = dcache_new(64, dcache_gofer_fetch, conn);
	assert_non_null(dc);
	struct walk_result res;

	assert_int_equal(path_walk(dcache_lookup, dc, "", "/a/b/c/file", 0, &res), 0);
	assert_string_equal(res.path, "a/b/c/file");
	assert_int_equal(res.type, NODE_OTHER);
	assert_int_equal(g.walks, 1);
	assert_string_equal(g.last, "a/b/c/file");
	assert_int_equal(path_walk(dcache_lookup, dc, "", "lib/libc.so", 0, &res), 0);
	assert_string_equal(res.path, "usr/lib/libc.so");
	assert_int_equal(g.walks, 3);
	assert_int_equal(path_walk(dcache_lookup, dc, "", "lib", 0, &res), 0);
	assert_int_equal(res.type, NODE_SYMLINK);
	assert_int_equal(g.walks, 3);

	/* the gofer's errno reaches the walk */
	dcache_invalidate(dc);
	g.err = -EACCES;
	assert_int_equal(path_walk(dcache_lookup, dc, "", "/a/b", 0, &res), -EACCES);
	g.err = 0;
	assert_int_equal(path_walk(dcache_lookup, dc, "", "/a/b", 0, &res), 0);
	assert_false(conn->broken);

	dcache_free(dc);
	close(sv[0]);
	pthread_join(th, NULL);
	close(sv[1]);
	free(conn);
}

#define T(f)  cmocka_unit_test_setup_teardown(f, setup, teardown)
#define TS(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(dcache_hit_after_fetch),
		T(dcache_fetch_inserts_prefixes),
		T(dcache_missing_and_symlink),
		T(dcache_target_longer_than_cap_fails_enametoolong),
		T(dcache_root_is_a_directory),
		T(dcache_invalidate_forgets_everything),
		T(dcache_insert_replaces),
		T(dcache_insert_checks_arguments),
		TS(dcache_bound_on_entries),
		TS(dcache_bound_on_bytes),
		T(dcache_fetch_inserting_nothing_fails_eio),
		T(dcache_fetches_the_hint_too),
		T(dcache_hint_failure_retries_the_path_alone),
		T(dcache_cold_walk_costs_one_fetch),
		T(parse_ok),
		T(parse_types),
		T(parse_root),
		T(parse_stops_early_at_missing),
		T(parse_stops_early_at_directory_fails_eio),
		T(parse_too_many_entries_fails_eio),
		T(parse_entry_after_end_of_walk_fails_eio),
		T(parse_truncated_entry_fails_eio),
		T(parse_target_past_end_fails_eio),
		T(parse_bad_target_fails_eio),
		T(parse_random_replies),
		cmocka_unit_test(fetch_through_gofer_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
