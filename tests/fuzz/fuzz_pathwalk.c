/* libFuzzer target: path_walk() (sentry/pathwalk.c) over a small fixed
 * tree of directories, files and symlinks (relative, absolute, dangling,
 * empty, to the root, climbing with '..', loops, a chain of exactly 40,
 * and a subtree deep enough to overflow PATH_MAX), driven by a
 * fuzzer-chosen path, base and flags.
 *
 * Input: byte 0 picks the dentry cache size (bits 0-2) and a path of
 * PATH_MAX bytes without a NUL (bit 3: the input path repeated); byte 1
 * picks the base; the rest is the path.
 *
 * Each input is walked with all four flag combinations, over the tree
 * directly and through the dentry cache (sentry/dcache.c) filled by a
 * simulated gofer WALK (checked by gofer_reply_check() and parsed by
 * dcache_gofer_parse(), as in production).  Checked:
 *  - errors are the documented ones: ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG,
 *    EINVAL exactly when a relative path meets a malformed base, EIO only
 *    when the lookup returned it;
 *  - a result path is in resolved form (no '.', '..' or empty component,
 *    none over NAME_MAX, under PATH_MAX), every prefix of it is a
 *    directory of the tree, and its type is what the tree has there;
 *  - a followed or trailing-slash last component is never a symlink, and a
 *    trailing slash never ends on a file;
 *  - the lookup is only ever asked for resolved paths, with a hint that is
 *    resolved and bounded, and a walk costs a bounded number of lookups;
 *  - the flags relate as path_resolution(7) says: FOLLOW changes nothing
 *    unless the last component is a symlink, PARENT|FOLLOW is PARENT, an
 *    error without FOLLOW or with PARENT is the same error without them;
 *  - the cached walk agrees with the direct one, a walk is deterministic,
 *    and an absolute path does not depend on the base. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gofer/proto.h"
#include "sentry/dcache.h"
#include "sentry/pathwalk.h"

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz_pathwalk: %s:%d: %s\n",        \
				__FILE__, __LINE__, #cond);                  \
			abort();                                             \
		}                                                            \
	} while (0)

#define D10  "dddddddddd"
#define D50  D10 D10 D10 D10 D10
#define D250 D50 D50 D50 D50 D50
#define X50  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define X255 X50 X50 X50 X50 X50 "xxxxx"

/* What the walk hands the lookup as a hint, at most (pathwalk.c). */
#define HINT_MAX 1024

struct tnode {
	const char *path;
	enum node_type type;
	const char *target;
};

static const struct tnode tree[] = {
	{ "etc", NODE_DIR, NULL },
	{ "etc/passwd", NODE_OTHER, NULL },
	{ "a", NODE_DIR, NULL },
	{ "a/b", NODE_DIR, NULL },
	{ "a/b/c", NODE_DIR, NULL },
	{ "a/b/c/d", NODE_DIR, NULL },
	{ "a/b/c/file", NODE_OTHER, NULL },
	{ "a/" X255, NODE_DIR, NULL },          /* a name of exactly NAME_MAX */
	{ "file", NODE_OTHER, NULL },
	{ "deep", NODE_DIR, NULL },             /* see synth() */
	{ "abs", NODE_SYMLINK, "/a/b" },
	{ "rel", NODE_SYMLINK, "a/b/c" },
	{ "a/up", NODE_SYMLINK, "../etc" },
	{ "a/b/toc", NODE_SYMLINK, "c" },
	{ "a/b/updir", NODE_SYMLINK, ".." },
	{ "a/b/c/d/up6", NODE_SYMLINK, "../../../../../../.." },
	{ "a/b/c/slashy", NODE_SYMLINK, "//a//b///c//" },
	{ "chain1", NODE_SYMLINK, "chain2" },
	{ "chain2", NODE_SYMLINK, "/a/lnkc" },
	{ "a/lnkc", NODE_SYMLINK, "b/c/file" },
	{ "loop1", NODE_SYMLINK, "loop2" },
	{ "loop2", NODE_SYMLINK, "loop1" },
	{ "self", NODE_SYMLINK, "self/x" },
	{ "a/b/uploop", NODE_SYMLINK, "../b/uploop/x" },
	{ "dangling", NODE_SYMLINK, "nowhere" },
	{ "a/dangle_abs", NODE_SYMLINK, "/a/b/new" },
	{ "dangle_deep", NODE_SYMLINK, "missing/x" },
	{ "empty", NODE_SYMLINK, "" },
	{ "tofile", NODE_SYMLINK, "file" },
	{ "tofile_slash", NODE_SYMLINK, "file/" },
	{ "todir_slash", NODE_SYMLINK, "a/b/" },
	{ "toroot", NODE_SYMLINK, "/" },
	{ "toroot_slashes", NODE_SYMLINK, "///" },
	{ "escape", NODE_SYMLINK, "../../../../etc" },
	{ "dotlink", NODE_SYMLINK, "./././a/./b/." },
	{ "dotdotlink", NODE_SYMLINK, "a/b/.." },
	{ "toolong", NODE_SYMLINK, "a/" X255 "x" },
	{ "m", NODE_SYMLINK, "n0" },            /* n0 -> n1 -> ... n40 */
	{ "tochain", NODE_SYMLINK, "n1/" },
};

/* A relative target of 15 components of 250 bytes: two of them in a row
 * overflow PATH_MAX. */
static char big_target[15 * 251];
static char long_base[PATH_MAX];

/* Nodes made by rule rather than listed:
 *  - below "deep", every component made only of 'd's is a directory, and
 *    in such a directory "big" is a link to big_target, "up" to "../..",
 *    "round" to "/deep/round" (a loop), "f" a file;
 *  - "n0" ... "n39" each link to the next, "n40" is a file: 40 links, the
 *    most a walk may follow;
 *  - "eio" and "a/b/eio" fail with EIO, as a gofer error would.
 * Returns 1 if PATH is one of them. */
static int synth(const char *path, enum node_type *t, const char **target,
		 int *err)
{
	if (!strcmp(path, "eio") || !strcmp(path, "a/b/eio")) {
		*err = -EIO;
		return 1;
	}
	if (path[0] == 'n' && path[1] >= '0' && path[1] <= '9') {
		static char next[24];
		char *end;
		long k = strtol(path + 1, &end, 10);

		if (*end || k > 40 || (path[1] == '0' && path[2]))
			return 0;
		if (k == 40) {
			*t = NODE_OTHER;
			return 1;
		}
		snprintf(next, sizeof next, "n%ld", k + 1);
		*t = NODE_SYMLINK;
		*target = next;
		return 1;
	}
	if (strncmp(path, "deep/", 5) != 0)
		return 0;
	for (const char *p = path + 5;;) {
		size_t n = strcspn(p, "/");
		bool all_d = n > 0 && strspn(p, "d") >= n;

		if (p[n] == '\0') {
			*t = NODE_MISSING;
			if (all_d)
				*t = NODE_DIR;
			else if (n == 3 && !strncmp(p, "big", 3))
				*t = NODE_SYMLINK, *target = big_target;
			else if (n == 2 && !strncmp(p, "up", 2))
				*t = NODE_SYMLINK, *target = "../..";
			else if (n == 5 && !strncmp(p, "round", 5))
				*t = NODE_SYMLINK, *target = "/deep/round";
			else if (n == 1 && *p == 'f')
				*t = NODE_OTHER;
			return 1;
		}
		if (!all_d) {
			*t = NODE_MISSING;      /* below a non-directory */
			return 1;
		}
		p += n + 1;
	}
}

/* The tree's answer for a resolved PATH: 0 or -EIO. */
static int tree_get(const char *path, enum node_type *t, const char **target)
{
	int err = 0;

	*t = NODE_MISSING;
	*target = NULL;
	if (!*path) {
		*t = NODE_DIR;
		return 0;
	}
	if (synth(path, t, target, &err))
		return err;
	for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++) {
		if (!strcmp(tree[i].path, path)) {
			*t = tree[i].type;
			*target = tree[i].target;
			return 0;
		}
	}
	return 0;
}

struct ctx {
	unsigned lookups, fetches;
	bool saw_eio;
};

static void check_hint(const char *hint, size_t cap)
{
	size_t hl = strnlen(hint, cap);

	CHECK(hl < cap);
	CHECK(hl <= HINT_MAX);
	CHECK(hl == 0 || path_is_resolved(hint, hl));
}

/* The walk_lookup_fn over the tree. */
static int tree_lookup(void *arg, const char *path, enum node_type *type,
		       char *target, size_t cap)
{
	struct ctx *c = arg;
	size_t n = strnlen(path, PATH_MAX);
	const char *tg;
	int r;

	CHECK(n > 0 && n < PATH_MAX && path_is_resolved(path, n));
	check_hint(target, cap);
	c->lookups++;
	if ((r = tree_get(path, type, &tg)) < 0) {
		c->saw_eio = true;
		return r;
	}
	if (*type == NODE_SYMLINK) {
		if (strlen(tg) >= cap)
			return -ENAMETOOLONG;
		strcpy(target, tg);
	}
	return 0;
}

static uint8_t dt_of(enum node_type t)
{
	switch (t) {
	case NODE_DIR:
		return DT_DIR;
	case NODE_SYMLINK:
		return DT_LNK;
	case NODE_OTHER:
		return DT_REG;
	default:
		return DT_UNKNOWN;
	}
}

/* The dentry cache's fetch: what the gofer's GOP_WALK would answer for
 * PATH (gofer/server.c op_walk: one entry per component, stopping after the
 * first one that is missing, not a directory, or a symlink), through the
 * same checks as a real reply. */
static int sim_fetch(void *arg, struct dcache *dc, const char *path)
{
	static _Alignas(8) unsigned char reply[GOFER_MAX_REPLY];
	struct ctx *c = arg;
	unsigned char *payload = reply + sizeof(struct gofer_reply_hdr);
	size_t plen = strnlen(path, PATH_MAX), off = 0, end = 0;
	char prefix[PATH_MAX];
	int64_t n = 0;

	CHECK(plen > 0 && plen < PATH_MAX && path_is_resolved(path, plen));
	c->fetches++;
	while (end < plen) {
		struct gofer_walk_ent e = { 0 };
		enum node_type t;
		const char *tg;
		int r;

		if (end > 0)
			end++;
		while (end < plen && path[end] != '/')
			end++;
		memcpy(prefix, path, end);
		prefix[end] = '\0';
		if ((r = tree_get(prefix, &t, &tg)) < 0) {
			c->saw_eio = true;
			return r;
		}
		e.type = dt_of(t);
		e.ino = (uint64_t)end;
		if (t == NODE_SYMLINK)
			e.target_len = (uint16_t)strlen(tg);
		CHECK(GOFER_MAX_DATA - off >= sizeof e + e.target_len);
		memcpy(payload + off, &e, sizeof e);
		off += sizeof e;
		if (t == NODE_SYMLINK) {
			memcpy(payload + off, tg, e.target_len);
			off += e.target_len;
		}
		n++;
		if (t != NODE_DIR)
			break;
	}

	struct gofer_reply_hdr *h = (struct gofer_reply_hdr *)reply;
	const struct gofer_reply_hdr *hh;
	const void *pl;
	size_t pll;

	*h = (struct gofer_reply_hdr){
		.magic = GOFER_MAGIC, .version = GOFER_VERSION, .op = GOP_WALK,
		.len = (uint32_t)(sizeof *h + off), .ret = n,
	};
	CHECK(gofer_reply_check(reply, sizeof *h + off, GOP_WALK, &hh, &pl,
				&pll) == 0);
	CHECK(dcache_gofer_parse(dc, path, pl, pll) == 0);
	return 0;
}

struct res {
	int r;
	struct ctx ctx;
	struct walk_result out;
};

static bool same(const struct res *a, const struct res *b)
{
	if (a->r != b->r)
		return false;
	if (a->r)
		return true;
	return !strcmp(a->out.path, b->out.path) &&
	       a->out.type == b->out.type &&
	       a->out.trailing_slash == b->out.trailing_slash &&
	       a->out.last == b->out.last;
}

static const int flag_sets[4] = {
	0, WALK_FOLLOW, WALK_PARENT, WALK_PARENT | WALK_FOLLOW,
};

static const size_t cache_sizes[8] = { 1, 2, 3, 5, 8, 16, 64, 4096 };
static struct dcache *caches[8];

static const char *bases[] = {
	"", "a", "a/b", "a/b/c", "a/b/c/d", "etc", "deep", "deep/dd/ddd",
	"a/" X255, long_base,
	/* not in resolved form: EINVAL for a relative path */
	NULL, "/a", "a/", "a//b", "..", ".", "a/../b", "./a", "a/" X255 "x",
};

static void walk_direct(struct res *res, const char *base, const char *path,
			int flags)
{
	memset(&res->ctx, 0, sizeof res->ctx);
	res->r = path_walk(tree_lookup, &res->ctx, base, path, flags, &res->out);
}

static void walk_cached(struct res *res, struct dcache *dc, const char *base,
			const char *path, int flags)
{
	memset(&res->ctx, 0, sizeof res->ctx);
	res->r = path_walk(dcache_lookup, dc, base, path, flags, &res->out);
}

static void check_result(const struct res *res, int flags, size_t plen,
			 bool relative, bool base_ok, size_t max_lookups)
{
	const struct walk_result *o = &res->out;
	int r = res->r;
	enum node_type t;
	const char *tg;

	CHECK(r == 0 || r == -ENOENT || r == -ENOTDIR || r == -ELOOP ||
	      r == -ENAMETOOLONG || r == -EINVAL || r == -EIO);
	CHECK(res->ctx.lookups <= max_lookups);
	if (plen == 0)
		CHECK(r == -ENOENT);
	if (plen >= PATH_MAX)
		CHECK(r == -ENAMETOOLONG);
	if (plen > 0 && plen < PATH_MAX)
		CHECK((r == -EINVAL) == (relative && !base_ok));
	if (r == -EIO)
		CHECK(res->ctx.saw_eio);
	if (r)
		return;

	size_t n = strnlen(o->path, PATH_MAX);

	CHECK(n < PATH_MAX);
	CHECK(path_is_resolved(o->path, n));
	/* Spelled out, although resolved form implies it. */
	for (const char *p = o->path; *p;) {
		size_t c = strcspn(p, "/");

		CHECK(!(c == 2 && p[0] == '.' && p[1] == '.'));
		p += c;
		p += *p == '/';
	}
	/* Every prefix is a directory of the tree. */
	for (size_t k = 0; k < n; k++) {
		if (o->path[k] != '/')
			continue;
		char prefix[PATH_MAX];

		memcpy(prefix, o->path, k);
		prefix[k] = '\0';
		CHECK(tree_get(prefix, &t, &tg) == 0 && t == NODE_DIR);
	}
	CHECK(tree_get(o->path, &t, &tg) == 0);
	switch (o->last) {
	case WALK_LAST_ROOT:
		CHECK(n == 0 && o->type == NODE_DIR);
		break;
	case WALK_LAST_DOT:
	case WALK_LAST_DOTDOT:
		CHECK(o->type == NODE_DIR && t == NODE_DIR);
		break;
	case WALK_LAST_NORM:
		CHECK(n > 0 && o->type == t);
		if (!(flags & WALK_PARENT)) {
			if ((flags & WALK_FOLLOW) || o->trailing_slash)
				CHECK(o->type != NODE_SYMLINK);
			if (o->trailing_slash)
				CHECK(o->type != NODE_OTHER);
		}
		break;
	default:
		CHECK(!"unknown last");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct res direct[4], cached, again;
	unsigned sel, bsel;
	const char *base;
	char *path;
	size_t plen, max_lookups;

	if (size < 2)
		return 0;
	if (!big_target[0]) {
		for (int i = 0; i < 15; i++)
			memcpy(big_target + 251 * i, i ? "/" D250 : D250 "/",
			       251);
		big_target[15 * 251 - 1] = '\0';
		memcpy(long_base, "deep", 4);
		for (int i = 0; i < 16; i++)
			memcpy(long_base + 4 + 251 * i, "/" D250, 251);
		long_base[4 + 16 * 251] = '\0';
		CHECK(strlen(big_target) == 15 * 251 - 1);
	}
	sel = data[0];
	bsel = data[1] % (sizeof bases / sizeof bases[0]);
	base = bases[bsel];
	data += 2;
	size -= 2;

	if ((sel & 8) && size > 0) {
		/* A guest path that filled the whole PATH_MAX buffer. */
		path = malloc(PATH_MAX);
		CHECK(path);
		for (size_t i = 0; i < PATH_MAX; i++)
			path[i] = (char)data[i % size];
	} else {
		path = malloc(size + 1);
		CHECK(path);
		memcpy(path, data, size);
		path[size] = '\0';
	}
	plen = strnlen(path, PATH_MAX);

	bool relative = plen > 0 && path[0] != '/';
	size_t blen = base ? strnlen(base, PATH_MAX) : PATH_MAX;
	bool base_ok = base && blen < PATH_MAX && path_is_resolved(base, blen);

	/* Every lookup walks one component: of the path, or of one of at
	 * most 40 link targets, none of which has more than 15. */
	max_lookups = plen + (WALK_MAX_SYMLINKS + 1) * 16;

	struct dcache **dc = &caches[sel & 7];
	if (!*dc) {
		static struct ctx fetch_ctx;

		*dc = dcache_new(cache_sizes[sel & 7], sim_fetch, &fetch_ctx);
		CHECK(*dc);
	}
	dcache_invalidate(*dc);

	for (int i = 0; i < 4; i++) {
		walk_direct(&direct[i], base, path, flag_sets[i]);
		check_result(&direct[i], flag_sets[i], plen, relative, base_ok,
			     max_lookups);
		walk_cached(&cached, *dc, base, path, flag_sets[i]);
		CHECK(same(&cached, &direct[i]));
	}

	const struct res *r0 = &direct[0], *rf = &direct[1],
			 *rp = &direct[2], *rpf = &direct[3];

	CHECK(same(rp, rpf));
	if (r0->r < 0)
		CHECK(rf->r == r0->r);
	else if (r0->out.last == WALK_LAST_NORM && r0->out.type == NODE_SYMLINK)
		CHECK(rf->r < 0 || rf->out.type != NODE_SYMLINK);
	else
		CHECK(same(rf, r0));
	if (rp->r < 0)
		CHECK(r0->r == rp->r);
	if (r0->r == 0 && !r0->out.trailing_slash)
		CHECK(same(rp, r0));

	/* Pure: the same walk twice gives the same answer. */
	walk_direct(&again, base, path, flag_sets[sel >> 4 & 3]);
	CHECK(same(&again, &direct[sel >> 4 & 3]));
	/* An absolute path starts at the root whatever the base. */
	if (plen > 0 && path[0] == '/') {
		walk_direct(&again, NULL, path, flag_sets[sel >> 4 & 3]);
		CHECK(same(&again, &direct[sel >> 4 & 3]));
	}
	free(path);
	return 0;
}
