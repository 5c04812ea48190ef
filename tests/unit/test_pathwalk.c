/* path_walk() and path_split() against an in-memory tree: each case names
 * the property of path_resolution(7) it checks and the errno it expects. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sentry/pathwalk.h"

struct fnode {
	const char *path;
	enum node_type type;
	const char *target;
};

/* The tree every case starts from. */
static const struct fnode base_tree[] = {
	{ "etc", NODE_DIR, NULL },
	{ "etc/passwd", NODE_OTHER, NULL },
	{ "a", NODE_DIR, NULL },
	{ "a/b", NODE_DIR, NULL },
	{ "a/b/c", NODE_DIR, NULL },
	{ "a/b/c/d", NODE_DIR, NULL },
	{ "a/b/c/file", NODE_OTHER, NULL },
	{ "file", NODE_OTHER, NULL },
	{ "abs", NODE_SYMLINK, "/a/b" },
	{ "rel", NODE_SYMLINK, "a/b/c" },
	{ "a/up", NODE_SYMLINK, "../etc" },
	{ "a/b/toc", NODE_SYMLINK, "c" },
	{ "a/b/updir", NODE_SYMLINK, ".." },
	{ "chain1", NODE_SYMLINK, "chain2" },
	{ "chain2", NODE_SYMLINK, "/a/lnkc" },
	{ "a/lnkc", NODE_SYMLINK, "b/c/file" },
	{ "loop1", NODE_SYMLINK, "loop2" },
	{ "loop2", NODE_SYMLINK, "loop1" },
	{ "self", NODE_SYMLINK, "self/x" },
	{ "dangling", NODE_SYMLINK, "nowhere" },
	{ "a/dangle_abs", NODE_SYMLINK, "/a/b/new" },
	{ "dangle_deep", NODE_SYMLINK, "missing/x" },
	{ "empty", NODE_SYMLINK, "" },
	{ "tofile", NODE_SYMLINK, "file" },
	{ "todir_slash", NODE_SYMLINK, "a/b/" },
	{ "toroot", NODE_SYMLINK, "/" },
	{ "toroot_slashes", NODE_SYMLINK, "///" },
};

#define MAX_EXTRA 128
#define MAX_LOG   64

struct fake {
	struct fnode extra[MAX_EXTRA];  /* paths and targets owned */
	size_t nextra;
	const char *err_path;           /* lookup fails here with err */
	int err;
	const char *longname;           /* any path made of it is a dir */
	unsigned calls;
	struct { char path[64]; char hint[64]; } log[MAX_LOG];
};

static void add(struct fake *f, const char *path, enum node_type t,
		const char *target)
{
	assert_true(f->nextra < MAX_EXTRA);
	f->extra[f->nextra++] = (struct fnode){
		strdup(path), t, target ? strdup(target) : NULL,
	};
}

static bool all_longname(const struct fake *f, const char *path)
{
	size_t n = strlen(f->longname);
	if (!*path)
		return false;
	for (;;) {
		if (strncmp(path, f->longname, n) != 0)
			return false;
		path += n;
		if (*path == '\0')
			return true;
		if (*path++ != '/')
			return false;
	}
}

static int answer(const struct fnode *n, enum node_type *type, char *target,
		  size_t cap)
{
	*type = n->type;
	if (n->type != NODE_SYMLINK)
		return 0;
	if (strlen(n->target) >= cap)
		return -ENAMETOOLONG;
	strcpy(target, n->target);
	return 0;
}

static int fake_lookup(void *ctx, const char *path, enum node_type *type,
		       char *target, size_t cap)
{
	struct fake *f = ctx;
	/* The walk hands a NUL-terminated hint in target. */
	assert_true(strnlen(target, cap) < cap);
	if (f->calls < MAX_LOG) {
		snprintf(f->log[f->calls].path, sizeof f->log[0].path, "%s", path);
		snprintf(f->log[f->calls].hint, sizeof f->log[0].hint, "%s", target);
	}
	f->calls++;
	/* The walk asks only for resolved paths. */
	assert_true(path_is_resolved(path, strlen(path)));
	assert_true(strlen(path) > 0);

	if (f->err_path && strcmp(path, f->err_path) == 0)
		return f->err;
	for (size_t i = 0; i < f->nextra; i++)
		if (strcmp(f->extra[i].path, path) == 0)
			return answer(&f->extra[i], type, target, cap);
	for (size_t i = 0; i < sizeof base_tree / sizeof base_tree[0]; i++)
		if (strcmp(base_tree[i].path, path) == 0)
			return answer(&base_tree[i], type, target, cap);
	if (f->longname && all_longname(f, path)) {
		*type = NODE_DIR;
		return 0;
	}
	*type = NODE_MISSING;
	return 0;
}

static int setup(void **state)
{
	struct fake *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fake *f = *state;
	for (size_t i = 0; i < f->nextra; i++) {
		free((char *)f->extra[i].path);
		free((char *)f->extra[i].target);
	}
	free((char *)f->longname);
	free(f);
	return 0;
}

static struct walk_result res;

static int walk(void **state, const char *base, const char *path, int flags)
{
	return path_walk(fake_lookup, *state, base, path, flags, &res);
}

/* A successful walk to EXPECT of type T. */
#define assert_walk(state, base, guest, flags, expect, t) do {            \
	assert_int_equal(walk(state, base, guest, flags), 0);              \
	assert_string_equal(res.path, expect);                             \
	assert_int_equal(res.type, t);                                     \
} while (0)

static void walk_absolute_path(void **state)
{
	assert_walk(state, "", "/etc/passwd", 0, "etc/passwd", NODE_OTHER);
	assert_int_equal(res.last, WALK_LAST_NORM);
	assert_false(res.trailing_slash);
	/* base is unused for an absolute path */
	assert_walk(state, "a/b", "/etc", 0, "etc", NODE_DIR);
	assert_walk(state, NULL, "/etc", 0, "etc", NODE_DIR);
}

static void walk_relative_path_starts_at_base(void **state)
{
	assert_walk(state, "a", "b/c/file", 0, "a/b/c/file", NODE_OTHER);
	assert_walk(state, "", "a/b", 0, "a/b", NODE_DIR);
	assert_walk(state, "a/b", "c", 0, "a/b/c", NODE_DIR);
}

static void walk_each_component_looked_up_once(void **state)
{
	struct fake *f = *state;
	assert_walk(state, "", "/a/b/c/file", 0, "a/b/c/file", NODE_OTHER);
	assert_int_equal(f->calls, 4);
}

static void walk_root(void **state)
{
	assert_walk(state, "a", "/", 0, "", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_ROOT);
	assert_false(res.trailing_slash);
	assert_walk(state, "a", "///", WALK_FOLLOW, "", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_ROOT);
}

static void walk_dot_and_dotdot(void **state)
{
	assert_walk(state, "", "/a/./b/../b/c", 0, "a/b/c", NODE_DIR);
	assert_walk(state, "a/b", ".", 0, "a/b", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOT);
	assert_false(res.trailing_slash);
	assert_walk(state, "a/b", "..", 0, "a", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOTDOT);
	assert_walk(state, "a/b", "./../b/./c/..", 0, "a/b", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOTDOT);
	/* the '/' before a final '.' is not a trailing slash */
	assert_walk(state, "", "a/b/.", 0, "a/b", NODE_DIR);
	assert_false(res.trailing_slash);
	assert_walk(state, "", "a/b/./", 0, "a/b", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOT);
}

static void walk_dotdot_at_root_stays_at_root(void **state)
{
	assert_walk(state, "", "/../../etc", 0, "etc", NODE_DIR);
	assert_walk(state, "", "../..", 0, "", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOTDOT);
	assert_walk(state, "a", "../../../etc/passwd", 0, "etc/passwd", NODE_OTHER);
	assert_walk(state, "a/b/c", "/..", 0, "", NODE_DIR);
}

static void walk_dotdot_after_symlink_is_physical(void **state)
{
	/* rel -> a/b/c: ".." is a/b, not the root the name "rel" is in */
	assert_walk(state, "", "/rel/..", 0, "a/b", NODE_DIR);
	assert_walk(state, "", "abs/..", 0, "a", NODE_DIR);
	/* a/up -> ../etc = etc; its parent is the root */
	assert_walk(state, "", "a/up/..", 0, "", NODE_DIR);
	assert_walk(state, "", "a/b/toc/../toc/d/../file", 0, "a/b/c/file",
		    NODE_OTHER);
}

static void walk_absolute_symlink_restarts_at_root(void **state)
{
	assert_walk(state, "a/b/c", "/abs/c/file", 0, "a/b/c/file", NODE_OTHER);
	assert_walk(state, "", "a/dangle_abs", WALK_FOLLOW, "a/b/new",
		    NODE_MISSING);
}

static void walk_relative_symlink_starts_at_its_directory(void **state)
{
	assert_walk(state, "", "/a/b/toc/file", 0, "a/b/c/file", NODE_OTHER);
	assert_walk(state, "a", "up/passwd", 0, "etc/passwd", NODE_OTHER);
	assert_walk(state, "", "rel", WALK_FOLLOW, "a/b/c", NODE_DIR);
}

static void walk_symlink_chain(void **state)
{
	/* chain1 -> chain2 -> /a/lnkc -> b/c/file */
	assert_walk(state, "", "/chain1", WALK_FOLLOW, "a/b/c/file", NODE_OTHER);
	assert_walk(state, "", "/chain1", 0, "chain1", NODE_SYMLINK);
}

static void walk_last_symlink_not_followed_without_flag(void **state)
{
	assert_walk(state, "", "/abs", 0, "abs", NODE_SYMLINK);
	assert_walk(state, "", "/a/b/toc", 0, "a/b/toc", NODE_SYMLINK);
	/* but always in the middle */
	assert_walk(state, "", "/abs/c", 0, "a/b/c", NODE_DIR);
}

static void walk_symlink_loop_fails_eloop(void **state)
{
	assert_int_equal(walk(state, "", "/loop1", WALK_FOLLOW), -ELOOP);
	assert_int_equal(walk(state, "", "/loop1/x", 0), -ELOOP);
	assert_walk(state, "", "/loop1", 0, "loop1", NODE_SYMLINK);
	/* self -> self/x: each expansion nests one level deeper */
	assert_int_equal(walk(state, "", "self", WALK_FOLLOW), -ELOOP);
	assert_int_equal(walk(state, "", "self/y", 0), -ELOOP);
}

/* l0 -> l1 -> ... -> l(n-1) -> file: n links expanded. */
static void make_chain(struct fake *f, const char *prefix, int n)
{
	char name[32], target[32];
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%s%d", prefix, i);
		if (i + 1 < n)
			snprintf(target, sizeof target, "%s%d", prefix, i + 1);
		else
			snprintf(target, sizeof target, "/a/b/c");
		add(f, name, NODE_SYMLINK, target);
	}
}

static void walk_forty_links_ok_fortyone_eloop(void **state)
{
	struct fake *f = *state;
	make_chain(f, "l", 40);
	make_chain(f, "m", 41);
	assert_walk(state, "", "l0", WALK_FOLLOW, "a/b/c", NODE_DIR);
	assert_walk(state, "", "l0/file", 0, "a/b/c/file", NODE_OTHER);
	assert_int_equal(walk(state, "", "m0", WALK_FOLLOW), -ELOOP);
	assert_int_equal(walk(state, "", "m0/file", 0), -ELOOP);
	assert_walk(state, "", "m1", WALK_FOLLOW, "a/b/c", NODE_DIR);
	/* the count is per walk, not per chain: 20 + 20 is fine, 20 + 21 not */
	assert_walk(state, "", "l20/../../../l20/file", 0, "a/b/c/file",
		    NODE_OTHER);
	assert_walk(state, "", "l20/d/../../../../l20", WALK_FOLLOW, "a/b/c",
		    NODE_DIR);
	assert_int_equal(walk(state, "", "l20/../../../l19", WALK_FOLLOW), -ELOOP);
}

/* d0 -> d1/. -> d2/. ... : every target interrupted by the next link, so
 * the stack of pending names is as deep as the links. */
static void walk_forty_nested_links_ok_fortyone_eloop(void **state)
{
	struct fake *f = *state;
	char name[32], target[32];
	for (int i = 0; i < 41; i++) {
		snprintf(name, sizeof name, "n%d", i);
		if (i < 40)
			snprintf(target, sizeof target, "n%d/.", i + 1);
		else
			snprintf(target, sizeof target, "a");
		add(f, name, NODE_SYMLINK, target);
	}
	assert_walk(state, "", "n1/b", 0, "a/b", NODE_DIR);
	assert_walk(state, "", "n1/", 0, "a", NODE_DIR);
	assert_int_equal(walk(state, "", "n0/b", 0), -ELOOP);
}

static void walk_dangling_symlink(void **state)
{
	assert_walk(state, "", "dangling", 0, "dangling", NODE_SYMLINK);
	/* followed, it names where O_CREAT would create its target */
	assert_walk(state, "", "dangling", WALK_FOLLOW, "nowhere", NODE_MISSING);
	assert_false(res.trailing_slash);
	/* a trailing slash follows it too, and asks for a directory */
	assert_walk(state, "", "dangling/", 0, "nowhere", NODE_MISSING);
	assert_true(res.trailing_slash);
	/* a missing directory inside the target is ENOENT */
	assert_int_equal(walk(state, "", "dangle_deep", WALK_FOLLOW), -ENOENT);
	assert_walk(state, "", "dangle_deep", 0, "dangle_deep", NODE_SYMLINK);
	assert_int_equal(walk(state, "", "dangling/x", 0), -ENOENT);
}

static void walk_trailing_slash(void **state)
{
	assert_int_equal(walk(state, "", "/file/", 0), -ENOTDIR);
	assert_int_equal(walk(state, "", "/file//", WALK_FOLLOW), -ENOTDIR);
	assert_int_equal(walk(state, "", "/file/.", 0), -ENOTDIR);
	assert_int_equal(walk(state, "", "/file/..", 0), -ENOTDIR);
	/* followed, then not a directory */
	assert_int_equal(walk(state, "", "tofile/", 0), -ENOTDIR);
	assert_walk(state, "", "/a/", 0, "a", NODE_DIR);
	assert_true(res.trailing_slash);
	assert_int_equal(res.last, WALK_LAST_NORM);
	assert_walk(state, "", "abs/", 0, "a/b", NODE_DIR);
	assert_true(res.trailing_slash);
	/* missing is fine: mkdir("new/") */
	assert_walk(state, "", "a/new/", 0, "a/new", NODE_MISSING);
	assert_true(res.trailing_slash);
	/* a slash at the end of a followed target counts as well */
	assert_walk(state, "", "todir_slash", WALK_FOLLOW, "a/b", NODE_DIR);
	assert_true(res.trailing_slash);
	assert_walk(state, "", "todir_slash", 0, "todir_slash", NODE_SYMLINK);
	assert_false(res.trailing_slash);
}

static void walk_parent_never_follows_last(void **state)
{
	assert_walk(state, "", "dangling/", WALK_PARENT, "dangling", NODE_SYMLINK);
	assert_true(res.trailing_slash);
	assert_walk(state, "", "abs/", WALK_PARENT | WALK_FOLLOW, "abs",
		    NODE_SYMLINK);
	/* the caller decides: mkdir("file/") is EEXIST, unlink ENOTDIR */
	assert_walk(state, "", "file/", WALK_PARENT, "file", NODE_OTHER);
	assert_true(res.trailing_slash);
	/* the middle is walked as always */
	assert_walk(state, "", "abs/c/new", WALK_PARENT, "a/b/c/new",
		    NODE_MISSING);
	assert_int_equal(walk(state, "", "file/x", WALK_PARENT), -ENOTDIR);
	assert_walk(state, "", "a/.", WALK_PARENT, "a", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOT);
	assert_walk(state, "", "/", WALK_PARENT, "", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_ROOT);
}

static void walk_file_in_middle_fails_enotdir(void **state)
{
	assert_int_equal(walk(state, "", "/file/x", 0), -ENOTDIR);
	assert_int_equal(walk(state, "", "/etc/passwd/x", WALK_FOLLOW), -ENOTDIR);
	assert_int_equal(walk(state, "", "tofile/x", 0), -ENOTDIR);
	assert_int_equal(walk(state, "", "chain1/x", 0), -ENOTDIR);
	assert_int_equal(walk(state, "", "a/b/c/file/../d", 0), -ENOTDIR);
}

static void walk_missing_directory_fails_enoent(void **state)
{
	assert_int_equal(walk(state, "", "/nope/x", 0), -ENOENT);
	assert_int_equal(walk(state, "", "nope/..", 0), -ENOENT);
	assert_int_equal(walk(state, "a", "b/nope/c/d", 0), -ENOENT);
	/* the last one may be missing */
	assert_walk(state, "", "/a/nope", WALK_FOLLOW, "a/nope", NODE_MISSING);
	assert_int_equal(res.last, WALK_LAST_NORM);
}

static void walk_empty_path_fails_enoent(void **state)
{
	assert_int_equal(walk(state, "", "", 0), -ENOENT);
	assert_int_equal(walk(state, "a", "", WALK_FOLLOW), -ENOENT);
}

static void walk_empty_symlink_fails_enoent(void **state)
{
	assert_int_equal(walk(state, "", "empty", WALK_FOLLOW), -ENOENT);
	assert_int_equal(walk(state, "", "empty/x", 0), -ENOENT);
	assert_walk(state, "", "empty", 0, "empty", NODE_SYMLINK);
}

static void walk_symlink_to_root(void **state)
{
	assert_walk(state, "", "toroot", WALK_FOLLOW, "", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_ROOT);
	assert_walk(state, "", "toroot/etc", 0, "etc", NODE_DIR);
	assert_walk(state, "", "toroot_slashes/etc/", 0, "etc", NODE_DIR);
	assert_walk(state, "a", "../toroot/a/../toroot", WALK_FOLLOW, "", NODE_DIR);
	assert_walk(state, "", "a/b/updir", WALK_FOLLOW, "a", NODE_DIR);
	assert_int_equal(res.last, WALK_LAST_DOTDOT);
}

static void walk_component_over_name_max_fails_enametoolong(void **state)
{
	char name[NAME_MAX + 2], path[NAME_MAX + 8];
	memset(name, 'x', NAME_MAX);
	name[NAME_MAX] = '\0';
	assert_walk(state, "", name, 0, name, NODE_MISSING);
	snprintf(path, sizeof path, "a/%s", name);
	assert_walk(state, "", path, 0, path, NODE_MISSING);

	memset(name, 'x', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	assert_int_equal(walk(state, "", name, 0), -ENAMETOOLONG);
	snprintf(path, sizeof path, "a/%s", name);
	assert_int_equal(walk(state, "", path, 0), -ENAMETOOLONG);
	snprintf(path, sizeof path, "%s/a", name);
	assert_int_equal(walk(state, "", path, 0), -ENAMETOOLONG);
	/* a missing directory before it comes first */
	snprintf(path, sizeof path, "q/%s", name);
	assert_int_equal(walk(state, "", path, 0), -ENOENT);
}

static void walk_path_of_path_max_fails_enametoolong(void **state)
{
	/* PATH_MAX - 1 bytes: the longest the kernel accepts */
	char *p = malloc(PATH_MAX + 1);
	assert_non_null(p);
	size_t n = 0;
	while (n + 3 < PATH_MAX - 1) {
		memcpy(p + n, "./", 2);
		n += 2;
	}
	while (n < PATH_MAX - 1 - 3)
		p[n++] = '/';
	memcpy(p + n, "etc", 4);
	assert_int_equal(strlen(p), PATH_MAX - 1);
	assert_walk(state, "", p, 0, "etc", NODE_DIR);

	/* PATH_MAX bytes with a NUL */
	memmove(p + 1, p, PATH_MAX);
	p[0] = '/';
	assert_int_equal(strlen(p), PATH_MAX);
	assert_int_equal(walk(state, "", p, 0), -ENAMETOOLONG);
	free(p);

	/* the caller's PATH_MAX buffer without a NUL: read no further */
	p = malloc(PATH_MAX);
	assert_non_null(p);
	memset(p, 'a', PATH_MAX);
	assert_int_equal(walk(state, "", p, 0), -ENAMETOOLONG);
	free(p);
}

/* A directory name of NAME_MAX bytes, so that a few of them fill PATH_MAX. */
static char *long_name(struct fake *f)
{
	char *n = malloc(NAME_MAX + 1);
	assert_non_null(n);
	memset(n, 'L', NAME_MAX);
	n[NAME_MAX] = '\0';
	f->longname = n;
	return n;
}

static void walk_symlink_expansion_over_path_max_fails_enametoolong(void **state)
{
	struct fake *f = *state;
	const char *ln = long_name(f);
	/* deep -> /L/L/.../L, 15 levels: 15 * 256 - 1 = 3839 bytes */
	char *target = malloc(PATH_MAX), *path = malloc(PATH_MAX);
	assert_non_null(target);
	assert_non_null(path);
	target[0] = '\0';
	for (int i = 0; i < 15; i++) {
		strcat(target, "/");
		strcat(target, ln);
	}
	add(f, "deep", NODE_SYMLINK, target);

	/* 3839 + 1 + 255 = 4095 = PATH_MAX - 1: still fits */
	snprintf(path, PATH_MAX, "deep/%s", ln);
	assert_int_equal(walk(state, "", path, 0), 0);
	assert_int_equal(strlen(res.path), PATH_MAX - 1);
	assert_int_equal(res.type, NODE_DIR);
	/* one more level does not */
	snprintf(path, PATH_MAX, "deep/%s/x", ln);
	assert_int_equal(walk(state, "", path, 0), -ENAMETOOLONG);
	snprintf(path, PATH_MAX, "deep/%s/%s", ln, ln);
	assert_int_equal(walk(state, "", path, WALK_FOLLOW), -ENAMETOOLONG);
	free(target);
	free(path);
}

/* Linux keeps each link's target apart (nd->stack), so a target and the
 * rest of the path may together be longer than PATH_MAX. */
static void walk_pending_names_may_exceed_path_max(void **state)
{
	struct fake *f = *state;
	char *target = malloc(PATH_MAX), *path = malloc(PATH_MAX);
	assert_non_null(target);
	assert_non_null(path);
	size_t n = 0;
	while (n + 5 + 2 < PATH_MAX - 1) {
		memcpy(target + n, "a/../", 5);
		n += 5;
	}
	memcpy(target + n, "a", 2);
	add(f, "bigup", NODE_SYMLINK, target);
	n = 0;
	memcpy(path, "bigup/", 6);
	n = 6;
	while (n + 2 + 2 < PATH_MAX - 1) {
		memcpy(path + n, "./", 2);
		n += 2;
	}
	memcpy(path + n, "b", 2);
	assert_true(strlen(path) + strlen(target) > PATH_MAX);
	assert_walk(state, "", path, 0, "a/b", NODE_DIR);
	free(target);
	free(path);
}

static void walk_multiple_slashes(void **state)
{
	assert_walk(state, "", "a//b///c", 0, "a/b/c", NODE_DIR);
	assert_false(res.trailing_slash);
	assert_walk(state, "", "//a//b//", 0, "a/b", NODE_DIR);
	assert_true(res.trailing_slash);
	assert_walk(state, "", "abs//c//file", 0, "a/b/c/file", NODE_OTHER);
}

static void walk_lookup_error_is_returned(void **state)
{
	struct fake *f = *state;
	f->err_path = "a/b";
	f->err = -EIO;
	assert_int_equal(walk(state, "", "/a/b/c", 0), -EIO);
	assert_int_equal(walk(state, "", "/a/b", 0), -EIO);
	assert_walk(state, "", "/a", 0, "a", NODE_DIR);
	f->err = -EACCES;
	assert_int_equal(walk(state, "", "abs/c", 0), -EACCES);
}

static void walk_bad_base_fails_einval(void **state)
{
	assert_int_equal(walk(state, NULL, "a", 0), -EINVAL);
	assert_int_equal(walk(state, "/a", "b", 0), -EINVAL);
	assert_int_equal(walk(state, "a/", "b", 0), -EINVAL);
	assert_int_equal(walk(state, "a//b", "c", 0), -EINVAL);
	assert_int_equal(walk(state, "a/../b", "c", 0), -EINVAL);
	assert_int_equal(walk(state, "./a", "c", 0), -EINVAL);
}

static void walk_hints_the_components_ahead(void **state)
{
	struct fake *f = *state;
	assert_walk(state, "", "/a/b/c/file", 0, "a/b/c/file", NODE_OTHER);
	assert_string_equal(f->log[0].path, "a");
	assert_string_equal(f->log[0].hint, "b/c/file");
	assert_string_equal(f->log[2].path, "a/b/c");
	assert_string_equal(f->log[2].hint, "file");
	assert_string_equal(f->log[3].hint, "");
	/* the hint stops at '.' and '..': they need the walk */
	f->calls = 0;
	assert_walk(state, "", "a//b/../b/c/", 0, "a/b/c", NODE_DIR);
	assert_string_equal(f->log[0].hint, "b");
	assert_string_equal(f->log[1].hint, "");
	assert_string_equal(f->log[2].path, "a/b");
	assert_string_equal(f->log[2].hint, "c");
	/* a link's target goes on with the rest of the name it interrupts */
	f->calls = 0;
	assert_walk(state, "", "abs/c/file", 0, "a/b/c/file", NODE_OTHER);
	assert_string_equal(f->log[0].path, "abs");
	assert_string_equal(f->log[0].hint, "c/file");
	assert_string_equal(f->log[1].path, "a");
	assert_string_equal(f->log[1].hint, "b/c/file");
	assert_string_equal(f->log[2].path, "a/b");
	assert_string_equal(f->log[2].hint, "c/file");
	/* the last component of a trailing link: nothing follows */
	f->calls = 0;
	assert_walk(state, "", "rel", WALK_FOLLOW, "a/b/c", NODE_DIR);
	assert_string_equal(f->log[1].path, "a");
	assert_string_equal(f->log[1].hint, "b/c");
}

static void split_paths(void **state)
{
	(void)state;
	char buf[PATH_MAX];
	const char *parent, *name;
	assert_int_equal(path_split("a/b/c", buf, sizeof buf, &parent, &name), 0);
	assert_string_equal(parent, "a/b");
	assert_string_equal(name, "c");
	assert_int_equal(path_split("a", buf, sizeof buf, &parent, &name), 0);
	assert_string_equal(parent, "");
	assert_string_equal(name, "a");
	assert_int_equal(path_split("a/b", buf, sizeof buf, &parent, &name), 0);
	assert_string_equal(parent, "a");
	assert_string_equal(name, "b");
	assert_int_equal(path_split("", buf, sizeof buf, &parent, &name), -EBUSY);
	assert_int_equal(path_split("a/b", buf, 3, &parent, &name), -ENAMETOOLONG);
	assert_int_equal(path_split("a/b", buf, 4, &parent, &name), 0);
	assert_int_equal(path_split("/a", buf, sizeof buf, &parent, &name), -EINVAL);
	assert_int_equal(path_split("a/", buf, sizeof buf, &parent, &name), -EINVAL);
	assert_int_equal(path_split("a//b", buf, sizeof buf, &parent, &name), -EINVAL);
	assert_int_equal(path_split("a/..", buf, sizeof buf, &parent, &name), -EINVAL);
}

static void resolved_form(void **state)
{
	(void)state;
	static const struct { const char *p; bool ok; } cases[] = {
		{ "", true }, { "a", true }, { "a/b", true }, { "a/.b/..c", true },
		{ "/", false }, { "/a", false }, { "a/", false }, { "a//b", false },
		{ ".", false }, { "..", false }, { "a/./b", false },
		{ "a/../b", false }, { "a/..", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(path_is_resolved(cases[i].p, strlen(cases[i].p)),
				 cases[i].ok);
	char lng[NAME_MAX + 2];
	memset(lng, 'x', sizeof lng);
	assert_true(path_is_resolved(lng, NAME_MAX));
	assert_false(path_is_resolved(lng, NAME_MAX + 1));
	/* an embedded NUL is not a path */
	assert_false(path_is_resolved("a\0b", 3));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(walk_absolute_path),
		T(walk_relative_path_starts_at_base),
		T(walk_each_component_looked_up_once),
		T(walk_root),
		T(walk_dot_and_dotdot),
		T(walk_dotdot_at_root_stays_at_root),
		T(walk_dotdot_after_symlink_is_physical),
		T(walk_absolute_symlink_restarts_at_root),
		T(walk_relative_symlink_starts_at_its_directory),
		T(walk_symlink_chain),
		T(walk_last_symlink_not_followed_without_flag),
		T(walk_symlink_loop_fails_eloop),
		T(walk_forty_links_ok_fortyone_eloop),
		T(walk_forty_nested_links_ok_fortyone_eloop),
		T(walk_dangling_symlink),
		T(walk_trailing_slash),
		T(walk_parent_never_follows_last),
		T(walk_file_in_middle_fails_enotdir),
		T(walk_missing_directory_fails_enoent),
		T(walk_empty_path_fails_enoent),
		T(walk_empty_symlink_fails_enoent),
		T(walk_symlink_to_root),
		T(walk_component_over_name_max_fails_enametoolong),
		T(walk_path_of_path_max_fails_enametoolong),
		T(walk_symlink_expansion_over_path_max_fails_enametoolong),
		T(walk_pending_names_may_exceed_path_max),
		T(walk_multiple_slashes),
		T(walk_lookup_error_is_returned),
		T(walk_bad_base_fails_einval),
		T(walk_hints_the_components_ahead),
		T(split_paths),
		T(resolved_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
