/* The dentry cache: an open-addressing hash table (linear probing, at most
 * half full) over an arena that holds the names.
 *
 * Invalidation is a generation bump: a slot of an older generation is free,
 * and the arena starts over.  Nothing is ever removed within a generation,
 * so a probe may stop at the first free slot.  Guest-chosen names go
 * through a keyed hash (SipHash-1-3, random key), so that a guest cannot
 * pile its names into one probe chain. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "sentry/dcache.h"

#define DCACHE_MAX_ENTRIES (1u << 20)
/* Arena bytes per entry; typical paths are well under it, and the arena
 * always holds at least two of the largest entries. */
#define DCACHE_AVG_BYTES   128
#define DCACHE_MIN_ARENA   (4 * PATH_MAX)

struct slot {
	uint64_t hash;
	uint32_t gen;           /* 0: never used; != dc->gen: free */
	uint32_t off;           /* path in the arena, then NUL, target, NUL */
	uint16_t path_len;
	uint16_t target_len;
	uint8_t type;
};

struct dcache {
	struct slot *slots;
	size_t mask;            /* number of slots - 1 */
	size_t max_entries;
	size_t entries;         /* of this generation */
	uint32_t gen;
	char *arena;
	size_t arena_cap, arena_used;
	uint64_t key[2];
	dcache_fetch_fn fetch;
	void *fetch_ctx;
	uint64_t hits, misses;
};

static inline uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline void sipround(uint64_t v[4])
{
	v[0] += v[1]; v[1] = rotl(v[1], 13); v[1] ^= v[0]; v[0] = rotl(v[0], 32);
	v[2] += v[3]; v[3] = rotl(v[3], 16); v[3] ^= v[2];
	v[0] += v[3]; v[3] = rotl(v[3], 21); v[3] ^= v[0];
	v[2] += v[1]; v[1] = rotl(v[1], 17); v[1] ^= v[2]; v[2] = rotl(v[2], 32);
}

static uint64_t hash(const struct dcache *dc, const char *s, size_t len)
{
	uint64_t v[4] = {
		0x736f6d6570736575ULL ^ dc->key[0],
		0x646f72616e646f6dULL ^ dc->key[1],
		0x6c7967656e657261ULL ^ dc->key[0],
		0x7465646279746573ULL ^ dc->key[1],
	};
	const unsigned char *p = (const unsigned char *)s;
	size_t i;
	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t m;
		memcpy(&m, p + i, 8);
		v[3] ^= m;
		sipround(v);
		v[0] ^= m;
	}
	uint64_t b = (uint64_t)len << 56;
	for (size_t k = 0; i + k < len; k++)
		b |= (uint64_t)p[i + k] << (8 * k);
	v[3] ^= b;
	sipround(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	sipround(v);
	sipround(v);
	sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

struct dcache *dcache_new(size_t max_entries, dcache_fetch_fn fetch, void *ctx)
{
	if (max_entries == 0 || max_entries > DCACHE_MAX_ENTRIES) {
		errno = EINVAL;
		return NULL;
	}
	struct dcache *dc = calloc(1, sizeof *dc);
	if (!dc)
		return NULL;
	size_t nslots = 2;
	while (nslots < 2 * max_entries)
		nslots *= 2;
	dc->slots = calloc(nslots, sizeof *dc->slots);
	dc->mask = nslots - 1;
	dc->max_entries = max_entries;
	dc->gen = 1;
	dc->arena_cap = max_entries * DCACHE_AVG_BYTES;
	if (dc->arena_cap < DCACHE_MIN_ARENA)
		dc->arena_cap = DCACHE_MIN_ARENA;
	dc->arena = malloc(dc->arena_cap);
	dc->fetch = fetch;
	dc->fetch_ctx = ctx;
	if (!dc->slots || !dc->arena) {
		dcache_free(dc);
		errno = ENOMEM;
		return NULL;
	}
	if (getrandom(dc->key, sizeof dc->key, GRND_NONBLOCK) != sizeof dc->key) {
		/* Early boot without entropy: weaker, still not guessable
		 * from inside the sandbox. */
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		dc->key[0] = (uint64_t)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^
			     (uint64_t)(uintptr_t)dc;
		dc->key[1] = (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&ts;
	}
	return dc;
}

void dcache_free(struct dcache *dc)
{
	if (!dc)
		return;
	free(dc->slots);
	free(dc->arena);
	free(dc);
}

void dcache_invalidate(struct dcache *dc)
{
	if (++dc->gen == 0) {
		/* After 2^32 generations old slots would look current. */
		memset(dc->slots, 0, (dc->mask + 1) * sizeof *dc->slots);
		dc->gen = 1;
	}
	dc->entries = 0;
	dc->arena_used = 0;
}

/* The slot holding PATH, or the free slot where it would go. */
static struct slot *probe(const struct dcache *dc, const char *path,
			  size_t len, uint64_t h, bool *found)
{
	for (size_t i = h & dc->mask;; i = (i + 1) & dc->mask) {
		struct slot *s = &dc->slots[i];
		if (s->gen != dc->gen) {
			*found = false;
			return s;
		}
		if (s->hash == h && s->path_len == len &&
		    memcmp(dc->arena + s->off, path, len) == 0) {
			*found = true;
			return s;
		}
	}
}

static bool valid_type(enum node_type t)
{
	return t == NODE_MISSING || t == NODE_DIR || t == NODE_SYMLINK ||
	       t == NODE_OTHER;
}

int dcache_insert(struct dcache *dc, const char *path, enum node_type type,
		  const char *target)
{
	size_t len = strnlen(path, PATH_MAX), tlen = 0;
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!valid_type(type))
		return -EINVAL;
	if (type == NODE_SYMLINK) {
		if (!target)
			return -EINVAL;
		tlen = strnlen(target, PATH_MAX);
		if (tlen >= PATH_MAX)
			return -ENAMETOOLONG;
	}
	size_t need = len + 1 + tlen + 1;
	uint64_t h = hash(dc, path, len);
	bool found;
	struct slot *s = probe(dc, path, len, h, &found);
	if (found && s->type == type && s->target_len == tlen &&
	    (tlen == 0 || memcmp(dc->arena + s->off + len + 1, target, tlen) == 0))
		return 0;       /* a prefix reported again: nothing new */
	if ((!found && dc->entries >= dc->max_entries) ||
	    dc->arena_cap - dc->arena_used < need) {
		dcache_invalidate(dc);
		s = probe(dc, path, len, h, &found);
	}
	char *p = dc->arena + dc->arena_used;
	memcpy(p, path, len);
	p[len] = '\0';
	if (tlen)
		memcpy(p + len + 1, target, tlen);
	p[len + 1 + tlen] = '\0';
	*s = (struct slot){
		.hash = h, .gen = dc->gen, .off = (uint32_t)dc->arena_used,
		.path_len = (uint16_t)len, .target_len = (uint16_t)tlen,
		.type = (uint8_t)type,
	};
	dc->arena_used += need;
	if (!found)
		dc->entries++;
	return 0;
}

static int answer(const struct dcache *dc, const struct slot *s,
		  enum node_type *type, char *target, size_t cap)
{
	*type = (enum node_type)s->type;
	if (*type != NODE_SYMLINK)
		return 0;
	if ((size_t)s->target_len >= cap)
		return -ENAMETOOLONG;
	memcpy(target, dc->arena + s->off + s->path_len + 1,
	       (size_t)s->target_len + 1);
	return 0;
}

/* PATH extended by the walk's hint in target, when the hint is sound. */
static size_t with_hint(char *want, const char *path, size_t len,
			const char *target, size_t cap)
{
	memcpy(want, path, len + 1);
	if (!target || cap == 0)
		return len;
	size_t hl = strnlen(target, cap);
	if (hl == 0 || hl == cap || hl >= PATH_MAX - 1 - len ||
	    !path_is_resolved(target, hl))
		return len;
	want[len] = '/';
	memcpy(want + len + 1, target, hl + 1);
	return len + 1 + hl;
}

int dcache_lookup(void *arg, const char *path, enum node_type *type,
		  char *target, size_t cap)
{
	struct dcache *dc = arg;
	size_t len = strnlen(path, PATH_MAX);
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0) {
		dc->hits++;
		*type = NODE_DIR;
		return 0;
	}
	uint64_t h = hash(dc, path, len);
	bool found = false;
	struct slot *s = probe(dc, path, len, h, &found);
	if (found) {
		dc->hits++;
		return answer(dc, s, type, target, cap);
	}
	dc->misses++;
	if (!dc->fetch)
		return -EIO;

	char want[PATH_MAX];
	size_t wlen = with_hint(want, path, len, target, cap);
	int r = dc->fetch(dc->fetch_ctx, dc, want);
	if (r == 0)
		s = probe(dc, path, len, h, &found);
	if ((r < 0 || !found) && wlen != len) {
		/* The hint reached something the path did not need (an
		 * unreadable directory, a full cache): ask for the path alone. */
		r = dc->fetch(dc->fetch_ctx, dc, path);
		if (r == 0)
			s = probe(dc, path, len, h, &found);
	}
	if (r < 0)
		return r;
	if (!found)
		return -EIO;
	return answer(dc, s, type, target, cap);
}

void dcache_stats(const struct dcache *dc, struct dcache_stats *st)
{
	st->hits = dc->hits;
	st->misses = dc->misses;
	st->entries = dc->entries;
}
