/* Path resolution as path_resolution(7) describes it and fs/namei.c does it:
 * link_path_walk() for every component but the last, lookup_last() for the
 * last, a stack of the names that symlinks interrupted (nd->stack), and one
 * count of links expanded (nd->total_link_count, MAXSYMLINKS = 40).
 *
 * The position is always a resolved path of directories, so '..' is the
 * textual parent of the position: after a symlink to "a/b/c", ".." is
 * "a/b", never the parent of the link's name.
 *
 * Where this differs from Linux, it is because a resolved path must fit the
 * gofer protocol: a position longer than PATH_MAX - 1 is ENAMETOOLONG here,
 * where the kernel, walking dentries, would go on. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sentry/pathwalk.h"

/* Bound of the lookahead hint handed to the lookup: enough for every real
 * path's run of plain components, and it keeps the walk linear. */
#define WALK_HINT_MAX 1024

struct level {
	const char *name;       /* what is left to walk of this name */
	char *body;             /* its storage: a symlink's target, or NULL */
};

struct walker {
	walk_lookup_fn lookup;
	void *ctx;
	struct walk_result *out;        /* out->path is the position */
	size_t len;                     /* strlen(out->path) */
	unsigned links;                 /* expanded so far */
	int depth;                      /* stack[depth] is being walked */
	/* The guest path at the bottom, then one level per symlink that
	 * interrupted a name; there are never more pending levels than links
	 * expanded, because a name that is done is dropped before its last
	 * component's link is pushed (the kernel's tail call). */
	struct level stack[WALK_MAX_SYMLINKS + 1];
	char buf[PATH_MAX];             /* in: the hint; out: a link's target */
};

static bool is_dot(const char *c, size_t n)
{
	return n == 1 && c[0] == '.';
}

static bool is_dotdot(const char *c, size_t n)
{
	return n == 2 && c[0] == '.' && c[1] == '.';
}

bool path_is_resolved(const char *path, size_t len)
{
	size_t i = 0;
	if (len == 0)
		return true;
	while (i <= len) {
		size_t n = 0;
		while (i + n < len && path[i + n] != '/') {
			if (path[i + n] == '\0')
				return false;
			n++;
		}
		if (n == 0 || n > NAME_MAX || is_dot(path + i, n) ||
		    is_dotdot(path + i, n))
			return false;
		i += n + 1;
	}
	return true;
}

/* An absolute name restarts at the sandbox root, which is the process root
 * as far as the guest can tell: "/.." is "/". */
static const char *skip_root(struct walker *w, const char *name)
{
	if (*name != '/')
		return name;
	w->len = 0;
	w->out->path[0] = '\0';
	while (*name == '/')
		name++;
	return name;
}

static void go_up(struct walker *w)
{
	char *p = w->out->path;
	while (w->len > 0 && p[w->len - 1] != '/')
		w->len--;
	if (w->len > 0)
		w->len--;
	p[w->len] = '\0';
}

static int go_down(struct walker *w, const char *c, size_t n)
{
	/* The kernel's filesystems answer ENAMETOOLONG from ->lookup(), so it
	 * comes only once the parent has been reached. */
	if (n > NAME_MAX)
		return -ENAMETOOLONG;
	size_t sep = w->len > 0;
	if (n + sep > PATH_MAX - 1 - w->len)
		return -ENAMETOOLONG;
	char *p = w->out->path;
	if (sep)
		p[w->len++] = '/';
	memcpy(p + w->len, c, n);
	w->len += n;
	p[w->len] = '\0';
	return 0;
}

/* The run of plain components the walk will look up next, whole ones
 * only, for the lookup's hint: REST, then what is left of the names it
 * interrupts, up to the first '.' or '..'. */
static void set_hint(struct walker *w, const char *rest)
{
	size_t used = 0;
	int d = w->depth;
	for (;;) {
		while (*rest) {
			size_t n = strcspn(rest, "/");
			if (n > NAME_MAX || is_dot(rest, n) || is_dotdot(rest, n) ||
			    used + (used > 0) + n > WALK_HINT_MAX)
				goto out;
			if (used > 0)
				w->buf[used++] = '/';
			memcpy(w->buf + used, rest, n);
			used += n;
			rest += n;
			while (*rest == '/')
				rest++;
		}
		if (d == 0)
			break;
		rest = w->stack[--d].name;
	}
out:
	w->buf[used] = '\0';
}

/* Look up the position; REST is what follows it in the current name. */
static int lookup_here(struct walker *w, const char *rest,
		       enum node_type *type)
{
	set_hint(w, rest);
	*type = NODE_MISSING;
	int r = w->lookup(w->ctx, w->out->path, type, w->buf, sizeof w->buf);
	if (r < 0)
		return r;
	switch (*type) {
	case NODE_MISSING: case NODE_DIR: case NODE_OTHER:
		return 0;
	case NODE_SYMLINK:
		if (strnlen(w->buf, sizeof w->buf) == sizeof w->buf)
			return -ENAMETOOLONG;
		return 0;
	}
	return -EIO;
}

/* The symlink just looked up, as a new name to walk (its storage in
 * *body).  The position goes back to the link's directory, where a
 * relative target starts. */
static int take_link(struct walker *w, char **body)
{
	go_up(w);
	/* fs/namei.c pick_link(): the count is checked before the body is
	 * read, so the 41st link is ELOOP whatever its target. */
	if (++w->links > WALK_MAX_SYMLINKS)
		return -ELOOP;
	size_t n = strlen(w->buf);
	if (n == 0)
		return -ENOENT;
	*body = malloc(n + 1);
	if (!*body)
		return -ENOMEM;
	memcpy(*body, w->buf, n + 1);
	return 0;
}

static void pop(struct walker *w)
{
	free(w->stack[w->depth].body);
	w->stack[w->depth].body = NULL;
	w->depth--;
}

/* A symlink met in the middle of a name: walk its target first, then what
 * is left of the name (*name). */
static int push_link(struct walker *w, const char **name)
{
	char *body;
	int r = take_link(w, &body);
	if (r < 0)
		return r;
	w->stack[w->depth].name = *name;
	w->depth++;
	w->stack[w->depth] = (struct level){ .name = body, .body = body };
	*name = skip_root(w, body);
	if (**name == '\0') {
		/* A target of only slashes: a pure jump to the root. */
		pop(w);
		*name = w->stack[w->depth].name;
	}
	return 0;
}

static int walk(struct walker *w, int flags)
{
	struct walk_result *out = w->out;
	bool parent_only = flags & WALK_PARENT;
	bool follow = !parent_only && (flags & WALK_FOLLOW);
	bool must_dir = false;
	const char *name = w->stack[0].name;
	int r;

	/* One round per name at the bottom of the stack: the guest path,
	 * then the target of each last-component symlink that is followed. */
	for (;;) {
		name = skip_root(w, name);
		out->trailing_slash = must_dir;
		if (*name == '\0') {
			out->last = WALK_LAST_ROOT;
			out->type = NODE_DIR;
			return 0;
		}

		const char *comp;
		size_t n;
		bool slash;
		for (;;) {
			enum node_type t;
			comp = name;
			n = strcspn(name, "/");
			name += n;
			slash = *name == '/';
			while (*name == '/')
				name++;
			if (*name == '\0' && w->depth == 0)
				break;

			/* A middle component, or the last one of a link's
			 * target met in the middle: it must be a directory,
			 * after following it. */
			if (is_dot(comp, n)) {
				t = NODE_DIR;
			} else if (is_dotdot(comp, n)) {
				go_up(w);
				t = NODE_DIR;
			} else {
				if ((r = go_down(w, comp, n)) < 0)
					return r;
				if ((r = lookup_here(w, name, &t)) < 0)
					return r;
			}
			if (*name == '\0') {
				/* This target is done: back to the name it
				 * interrupted, before any link of its last
				 * component is pushed. */
				pop(w);
				name = w->stack[w->depth].name;
			}
			switch (t) {
			case NODE_DIR:
				break;
			case NODE_MISSING:
				return -ENOENT;
			case NODE_OTHER:
				return -ENOTDIR;
			case NODE_SYMLINK:
				if ((r = push_link(w, &name)) < 0)
					return r;
				break;
			}
		}

		/* The last component (fs/namei.c lookup_last()). */
		if (is_dot(comp, n)) {
			out->last = WALK_LAST_DOT;
			out->type = NODE_DIR;
			return 0;
		}
		if (is_dotdot(comp, n)) {
			go_up(w);
			out->last = WALK_LAST_DOTDOT;
			out->type = NODE_DIR;
			return 0;
		}
		out->last = WALK_LAST_NORM;
		if (slash) {
			/* A trailing slash asks for a directory, so it follows
			 * a link; both stick for the links that follow. */
			must_dir = true;
			out->trailing_slash = true;
			follow = !parent_only;
		}
		enum node_type t;
		if ((r = go_down(w, comp, n)) < 0)
			return r;
		if ((r = lookup_here(w, "", &t)) < 0)
			return r;
		if (t == NODE_SYMLINK && follow) {
			char *body;
			if ((r = take_link(w, &body)) < 0)
				return r;
			free(w->stack[0].body);
			w->stack[0] = (struct level){ .name = body, .body = body };
			name = body;
			continue;
		}
		out->type = t;
		if (must_dir && !parent_only && t == NODE_OTHER)
			return -ENOTDIR;
		return 0;
	}
}

int path_walk(walk_lookup_fn lookup, void *ctx, const char *base,
	      const char *path, int flags, struct walk_result *out)
{
	size_t plen = strnlen(path, PATH_MAX);
	if (plen == 0)
		return -ENOENT;
	if (plen >= PATH_MAX)
		return -ENAMETOOLONG;

	struct walker w;
	w.lookup = lookup;
	w.ctx = ctx;
	w.out = out;
	w.len = 0;
	w.links = 0;
	w.depth = 0;
	w.stack[0] = (struct level){ .name = path, .body = NULL };
	out->path[0] = '\0';
	out->type = NODE_MISSING;
	out->trailing_slash = false;
	out->last = WALK_LAST_NORM;

	if (path[0] != '/') {
		size_t blen = base ? strnlen(base, PATH_MAX) : PATH_MAX;
		if (blen >= PATH_MAX || !path_is_resolved(base, blen))
			return -EINVAL;
		memcpy(out->path, base, blen + 1);
		w.len = blen;
	}

	int r = walk(&w, flags);
	while (w.depth > 0)
		pop(&w);
	free(w.stack[0].body);
	return r;
}

int path_split(const char *path, char *buf, size_t cap,
	       const char **parent, const char **name)
{
	size_t n = strnlen(path, PATH_MAX);
	if (n >= PATH_MAX || !path_is_resolved(path, n))
		return -EINVAL;
	if (n == 0)
		return -EBUSY;
	if (n >= cap)
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	char *slash = strrchr(buf, '/');
	if (!slash) {
		*parent = buf + n;      /* "" */
		*name = buf;
	} else {
		*slash = '\0';
		*parent = buf;
		*name = slash + 1;
	}
	return 0;
}
