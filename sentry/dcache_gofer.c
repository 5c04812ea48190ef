/* Filling the dentry cache from the gofer: one GOP_WALK per miss, which
 * reports every component from the root down to the first one that is
 * missing, not a directory, or a symlink.
 *
 * The reply comes from another process: every length is checked against
 * the payload before it is used, and the reply is checked whole before
 * anything of it enters the cache. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sentry/dcache.h"
#include "sentry/gofer_client.h"

static int node_of(uint8_t dt, enum node_type *t)
{
	switch (dt) {
	case DT_UNKNOWN:
		*t = NODE_MISSING;
		return 0;
	case DT_DIR:
		*t = NODE_DIR;
		return 0;
	case DT_LNK:
		*t = NODE_SYMLINK;
		return 0;
	case DT_REG: case DT_FIFO: case DT_SOCK: case DT_CHR: case DT_BLK:
		*t = NODE_OTHER;
		return 0;
	}
	return -EIO;
}

/* One pass over the reply for the path in buf (len plen, which this
 * modifies and restores); inserts only when INSERT. */
static int parse(struct dcache *dc, char *buf, size_t plen,
		 const unsigned char *p, size_t len, bool insert)
{
	char target[PATH_MAX];
	size_t off = 0, end = 0, i = 0;
	size_t ncomp = 0;
	enum node_type t = NODE_DIR;
	int r;

	for (size_t k = 0; k < plen; k++)
		ncomp += buf[k] == '/';
	ncomp += plen > 0;

	while (off < len) {
		struct gofer_walk_ent e;
		if (i == ncomp || t != NODE_DIR)
			return -EIO;    /* more than the path, or past its end */
		if (len - off < sizeof e)
			return -EIO;
		memcpy(&e, p + off, sizeof e);
		off += sizeof e;
		if ((r = node_of(e.type, &t)) < 0)
			return r;
		size_t tl = e.target_len;
		if (t != NODE_SYMLINK && tl != 0)
			return -EIO;
		if (tl > len - off || tl >= sizeof target ||
		    memchr(p + off, '\0', tl))
			return -EIO;
		memcpy(target, p + off, tl);
		target[tl] = '\0';
		off += tl;

		/* The prefix this entry is about: up to the next '/'. */
		if (i > 0)
			end++;
		while (end < plen && buf[end] != '/')
			end++;
		i++;
		if (insert) {
			char saved = buf[end];
			buf[end] = '\0';
			r = dcache_insert(dc, buf, t, t == NODE_SYMLINK ? target : NULL);
			buf[end] = saved;
			if (r < 0)
				return r;
		}
	}
	if (plen == 0)
		return insert ? dcache_insert(dc, "", NODE_DIR, NULL) : 0;
	if (i == ncomp)
		return 0;
	/* Stopped early: that may only be at the end of the walkable part. */
	if (i == 0 || t == NODE_DIR)
		return -EIO;
	if (insert && t != NODE_SYMLINK)
		return dcache_insert(dc, buf, NODE_MISSING, NULL);
	return 0;
}

int dcache_gofer_parse(struct dcache *dc, const char *path,
		       const void *payload, size_t len)
{
	char buf[PATH_MAX];
	size_t plen = strnlen(path, PATH_MAX);
	if (plen >= PATH_MAX)
		return -ENAMETOOLONG;
	if (len > 0 && !payload)
		return -EIO;
	memcpy(buf, path, plen + 1);
	int r = parse(dc, buf, plen, payload, len, false);
	if (r < 0)
		return r;
	return parse(dc, buf, plen, payload, len, true);
}

int dcache_gofer_fetch(void *ctx, struct dcache *dc, const char *path)
{
	struct gofer_conn *c = ctx;
	void *buf = malloc(GOFER_MAX_DATA);
	if (!buf)
		return -ENOMEM;
	struct gofer_call call = {
		.op = GOP_WALK,
		.path = path,
		.send_fd = -1,
		.recv_fd = -1,
		.out = buf,
		.out_cap = GOFER_MAX_DATA,
	};
	int r = gofer_call(c, &call);
	if (call.recv_fd >= 0)
		close(call.recv_fd);    /* a WALK carries none */
	if (r == 0)
		r = call.out_len <= call.out_cap
			? dcache_gofer_parse(dc, path, buf, call.out_len)
			: -EIO;
	free(buf);
	return r;
}
