/* libFuzzer target: dcache_gofer_parse() (sentry/dcache_gofer.c) on
 * arbitrary GOP_WALK payloads, the bytes a compromised gofer may send.
 *
 * Input: the path the walk asked for, a NUL, then the payload (an input
 * without a NUL is a path with an empty payload).  After each parse:
 *  - a refusal is -EIO (or -ENAMETOOLONG for a path of PATH_MAX bytes)
 *    and left the cache empty: the parse is all or nothing;
 *  - for a path in resolved form, an acceptance reported at most one entry
 *    per component, stopped early only at a non-directory, and put exactly
 *    what the entries say under each prefix (and "missing" under the path
 *    when a missing or non-directory component stopped it);
 *  - a payload the parse accepts is also a well-formed WALK reply for
 *    gofer_reply_check(), which runs before it in production.
 * Paths that are not in resolved form are parsed too, for memory safety
 * only: the sentry never asks for one. */
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
			fprintf(stderr, "fuzz_walkreply: %s:%d: %s\n",       \
				__FILE__, __LINE__, #cond);                  \
			abort();                                             \
		}                                                            \
	} while (0)

/* Room for every prefix of a 16 KiB input's entries (at most 682 of them,
 * PATH_MAX bytes each, plus their targets) without an eviction. */
#define CACHE_ENTRIES (1u << 15)

static struct dcache *dc;

static enum node_type node_of(uint8_t dt)
{
	switch (dt) {
	case DT_DIR:
		return NODE_DIR;
	case DT_LNK:
		return NODE_SYMLINK;
	case DT_UNKNOWN:
		return NODE_MISSING;
	default:
		return NODE_OTHER;
	}
}

/* The cache's answer for PATH, without a fetch: 0, or -EIO if absent. */
static int cached(const char *path, enum node_type *t, char *target)
{
	target[0] = '\0';
	return dcache_lookup(dc, path, t, target, PATH_MAX);
}

static size_t entries_in_cache(void)
{
	struct dcache_stats st;

	dcache_stats(dc, &st);
	return st.entries;
}

/* The parse accepted PAYLOAD for PATH (resolved form): check the cache
 * against the entries, read again independently. */
static void check_accepted(const char *path, size_t plen,
			   const unsigned char *p, size_t len)
{
	static char prefix[PATH_MAX], target[PATH_MAX];
	size_t ncomp = 0, off = 0, end = 0, i = 0, pads = 0;
	enum node_type last = NODE_DIR, t;

	for (size_t k = 0; k < plen; k++)
		ncomp += path[k] == '/';
	ncomp += plen > 0;

	while (off < len) {
		struct gofer_walk_ent e;

		CHECK(len - off >= sizeof e);
		CHECK(i < ncomp && last == NODE_DIR);
		memcpy(&e, p + off, sizeof e);
		off += sizeof e;
		pads |= e.pad | e.pad2;
		last = node_of(e.type);
		CHECK(last == NODE_SYMLINK || e.target_len == 0);
		CHECK(e.target_len <= len - off && e.target_len < PATH_MAX);

		if (i > 0)
			end++;
		while (end < plen && path[end] != '/')
			end++;
		memcpy(prefix, path, end);
		prefix[end] = '\0';
		CHECK(cached(prefix, &t, target) == 0);
		CHECK(t == last);
		if (t == NODE_SYMLINK)
			CHECK(strlen(target) == e.target_len &&
			      memcmp(target, p + off, e.target_len) == 0);
		off += e.target_len;
		i++;
	}
	if (plen == 0) {
		CHECK(i == 0);
	} else if (i < ncomp) {
		/* Stopped early: only at something below which nothing can
		 * be, and then the path itself is known to be missing. */
		CHECK(i > 0 && last != NODE_DIR);
		if (last != NODE_SYMLINK) {
			CHECK(cached(path, &t, target) == 0);
			CHECK(t == NODE_MISSING);
		}
	}

	/* The wire check that runs first in production accepts it too
	 * (it also insists on zero padding, which the parse ignores). */
	if (!pads && len <= GOFER_MAX_DATA) {
		size_t n = sizeof(struct gofer_reply_hdr) + len;
		struct gofer_reply_hdr *h = malloc(n);
		const struct gofer_reply_hdr *hh;
		const void *pl;
		size_t pll;

		CHECK(h);
		*h = (struct gofer_reply_hdr){
			.magic = GOFER_MAGIC, .version = GOFER_VERSION,
			.op = GOP_WALK, .len = (uint32_t)n, .ret = (int64_t)i,
		};
		if (len)
			memcpy(h + 1, p, len);
		CHECK(gofer_reply_check(h, n, GOP_WALK, &hh, &pl, &pll) == 0);
		free(h);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	const unsigned char *payload = nul ? nul + 1 : NULL;
	size_t len = nul ? size - plen - 1 : 0;
	char *path;
	void *copy;
	int r;

	if (!dc) {
		dc = dcache_new(CACHE_ENTRIES, NULL, NULL);
		CHECK(dc);
	}
	dcache_invalidate(dc);

	path = malloc(plen + 1);
	CHECK(path);
	memcpy(path, data, plen);
	path[plen] = '\0';
	/* The payload at its exact size, so that a read past it is seen. */
	copy = malloc(len ? len : 1);
	CHECK(copy);
	if (len)
		memcpy(copy, payload, len);

	r = dcache_gofer_parse(dc, path, len ? copy : NULL, len);
	if (r < 0) {
		CHECK(r == -EIO || (r == -ENAMETOOLONG && plen >= PATH_MAX));
		CHECK(entries_in_cache() == 0);
	} else {
		CHECK(r == 0 && plen < PATH_MAX);
		/* Up to 16 KiB, the cache holds whatever one input inserts,
		 * so that an eviction cannot pass for a missing insert. */
		if (path_is_resolved(path, plen) && size <= 16384)
			check_accepted(path, plen, copy, len);
	}
	free(copy);
	free(path);
	return 0;
}
