/* libFuzzer target: the gofer wire format (gofer/proto.c) on arbitrary bytes.
 *
 * Each input is tried three ways:
 *  - as a request: gofer_req_decode(); a request it accepts must encode back
 *    to the very same bytes and decode again to the same fields (the two
 *    ends of the socket must agree on every message either can produce);
 *  - as the fields of a request: gofer_req_encode() must accept exactly the
 *    requests that gofer_req_decode() accepts when they are laid out by
 *    hand, and fail only with the errnos proto.h lists;
 *  - as a reply, for every op: gofer_reply_check() must accept only what an
 *    independent reading of proto.h allows, and never an unaligned buffer.
 *
 * Every buffer handed to the code under test is allocated at its exact
 * size, so that AddressSanitizer sees a read one byte past the message. */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "gofer/proto.h"

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz_proto: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond);                            \
			abort();                                             \
		}                                                            \
	} while (0)

#define HDR sizeof(struct gofer_req_hdr)

/* Large: static rather than on the stack. */
static struct gofer_req req_a, req_b;

static void *dup_exact(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	CHECK(q);
	if (n)
		memcpy(q, p, n);
	return q;
}

static bool same_fields(const struct gofer_req_hdr *a,
			const struct gofer_req_hdr *b)
{
	return a->op == b->op && a->flags == b->flags && a->mode == b->mode &&
	       a->uid == b->uid && a->gid == b->gid && a->arg == b->arg &&
	       memcmp(a->times, b->times, sizeof a->times) == 0;
}

/* What decode promises about a request it accepted from BUF. */
static void check_decoded(const struct gofer_req *r, const unsigned char *buf,
			  size_t len)
{
	const struct gofer_req_hdr *h = &r->h;

	CHECK(h->magic == GOFER_MAGIC && h->version == GOFER_VERSION);
	CHECK(h->op > 0 && h->op < GOP_OP_MAX);
	CHECK(h->len == len);
	CHECK(HDR + h->path_len + h->path2_len + h->data_len == len);
	CHECK(strlen(r->path) == h->path_len && h->path_len < PATH_MAX);
	CHECK(strlen(r->path2) == h->path2_len && h->path2_len < PATH_MAX);
	CHECK(memcmp(r->path, buf + HDR, h->path_len) == 0);
	CHECK(memcmp(r->path2, buf + HDR + h->path_len, h->path2_len) == 0);
	CHECK(gofer_path_check(r->path, h->path_len) == 0);
	CHECK(h->data_len <= GOFER_MAX_DATA);
	if (h->data_len)
		CHECK(r->data == buf + HDR + h->path_len + h->path2_len);
	else
		CHECK(r->data == NULL);
}

/* The input as a whole request: decode -> encode -> decode. */
static void req_roundtrip(const uint8_t *data, size_t size)
{
	unsigned char *out;
	long n;

	if (gofer_req_decode(data, size, &req_a) != 0)
		return;
	check_decoded(&req_a, data, size);

	struct gofer_req_hdr h = req_a.h;
	out = malloc(size);
	CHECK(out);
	n = gofer_req_encode(&h, req_a.path, req_a.path2, req_a.data,
			     req_a.h.data_len, out, size);
	CHECK(n == (long)size);
	CHECK(memcmp(out, data, size) == 0);
	CHECK(gofer_req_decode(out, size, &req_b) == 0);
	CHECK(memcmp(&req_a.h, &req_b.h, sizeof req_a.h) == 0);
	CHECK(strcmp(req_a.path, req_b.path) == 0);
	CHECK(strcmp(req_a.path2, req_b.path2) == 0);
	CHECK((req_a.data == NULL) == (req_b.data == NULL));
	if (req_a.data)
		CHECK(memcmp(req_a.data, req_b.data, req_a.h.data_len) == 0);
	free(out);
}

/* A string of the input: LEN bytes of SRC, or, when the header asks for
 * it, SRC repeated up to REPEAT bytes, so that the PATH_MAX and
 * XATTR_NAME_MAX boundaries are reachable from a short input.  Always
 * NUL-terminated. */
static char *make_str(const uint8_t *src, size_t len, size_t repeat,
		      size_t *out_len)
{
	size_t n = (repeat && len) ? repeat : len;
	char *s = malloc(n + 1);

	CHECK(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)src[i % len];
	s[n] = '\0';
	*out_len = n;
	return s;
}

/* The input as the fields of a request: the first HDR bytes are the header
 * (magic, version, len and the lengths are ignored, as encode ignores
 * them), and the rest is split into path, path2 and data at points taken
 * from the header's length fields. */
static void req_encode(const uint8_t *data, size_t size)
{
	struct gofer_req_hdr in, h, raw_h;
	size_t rest, l1, l2, l3, n1, n2, dlen, total;
	char *p1, *p2;
	void *d, *out, *raw;
	long n;
	int r;

	if (size < HDR)
		return;
	memcpy(&in, data, HDR);
	data += HDR;
	rest = size - HDR;
	l1 = in.path_len % (rest + 1);
	l2 = in.path2_len % (rest - l1 + 1);
	l3 = rest - l1 - l2;
	/* uid and gid pick the repeat counts: the fields themselves are
	 * carried through unchanged whatever they are. */
	p1 = make_str(data, l1, (in.uid & 0x8000) ? (in.uid & 0x1fff) : 0, &n1);
	p2 = make_str(data + l1, l2, (in.gid & 0x8000) ? (in.gid & 0x1fff) : 0,
		      &n2);
	d = l3 ? dup_exact(data + l1 + l2, l3) : NULL;
	dlen = l3;
	if (in.data_len & 0x80000000u)
		dlen = GOFER_MAX_DATA + 1;      /* over the limit: not read */
	n1 = strnlen(p1, PATH_MAX);
	n2 = strnlen(p2, PATH_MAX);

	/* The same request laid out by hand, with no check at all. */
	raw_h = in;
	raw_h.magic = GOFER_MAGIC;
	raw_h.version = GOFER_VERSION;
	raw_h.path_len = (uint32_t)n1;
	raw_h.path2_len = (uint32_t)n2;
	raw_h.data_len = (uint32_t)(d ? dlen : 0);
	total = HDR + n1 + n2 + raw_h.data_len;
	raw_h.len = (uint32_t)total;
	r = -1;
	if (dlen <= l3 || !d) {
		raw = malloc(total);
		CHECK(raw);
		memcpy(raw, &raw_h, HDR);
		memcpy((char *)raw + HDR, p1, n1);
		memcpy((char *)raw + HDR + n1, p2, n2);
		if (raw_h.data_len)
			memcpy((char *)raw + HDR + n1 + n2, d, raw_h.data_len);
		r = gofer_req_decode(raw, total, &req_b);
		CHECK(r == 0 || r == -EPROTO);
		free(raw);
	}

	/* Encode into a buffer of exactly the room the message needs, or of
	 * a size the input chose (to see -E2BIG, and no write past it). */
	h = in;
	size_t cap = (in.flags & 1) ? in.mode % (GOFER_MAX_MSG + 1) : GOFER_MAX_MSG;
	out = malloc(cap ? cap : 1);
	CHECK(out);
	n = gofer_req_encode(&h, p1, p2, d, dlen, out, cap);
	if (n < 0) {
		CHECK(n == -ENAMETOOLONG || n == -ERANGE || n == -E2BIG ||
		      n == -EINVAL);
		if (in.op == 0 || in.op >= GOP_OP_MAX)
			CHECK(n == -EINVAL);
		/* Refused for its fields, not for the room: decode must
		 * refuse the same message. */
		if (n != -E2BIG && r != -1)
			CHECK(r == -EPROTO);
		if (n == -E2BIG && cap == GOFER_MAX_MSG && r != -1)
			CHECK(r == -EPROTO);
	} else {
		CHECK((size_t)n <= cap && (size_t)n == total);
		CHECK(h.len == n && h.magic == GOFER_MAGIC);
		CHECK(r == 0);
		CHECK(memcmp(out, &raw_h, HDR) == 0);
		CHECK(gofer_req_decode(out, (size_t)n, &req_a) == 0);
		check_decoded(&req_a, out, (size_t)n);
		CHECK(same_fields(&req_a.h, &in));
		CHECK(strcmp(req_a.path, p1) == 0 || n1 == 0);
		CHECK(req_a.h.path_len == n1 && req_a.h.path2_len == n2);
		CHECK(strncmp(req_a.path2, p2, n2) == 0);
		if (d && dlen)
			CHECK(req_a.data && memcmp(req_a.data, d, dlen) == 0);
		else
			CHECK(req_a.data == NULL);
	}
	free(out);
	free(d);
	free(p1);
	free(p2);
}

/* An independent reading of the GOP_WALK payload rules in proto.h:
 * entries back to back, only the last one anything but a directory, a
 * target (without NUL) only after a symlink.  Returns the count or -1. */
static int64_t walk_entries(const unsigned char *p, size_t len)
{
	struct gofer_walk_ent e;
	size_t off = 0;
	int64_t n = 0;

	while (off < len) {
		if (len - off < sizeof e)
			return -1;
		memcpy(&e, p + off, sizeof e);
		off += sizeof e;
		if (e.pad || e.pad2)
			return -1;
		if (e.type == DT_LNK) {
			if (e.target_len > len - off || e.target_len >= PATH_MAX ||
			    memchr(p + off, '\0', e.target_len))
				return -1;
			off += e.target_len;
		} else if (e.target_len) {
			return -1;
		}
		n++;
		switch (e.type) {
		case DT_DIR:
			continue;
		case DT_LNK: case DT_UNKNOWN: case DT_REG: case DT_FIFO:
		case DT_CHR: case DT_BLK: case DT_SOCK:
			return off == len ? n : -1;
		default:
			return -1;
		}
	}
	return n;
}

/* What a successful reply of op OP with payload P (LEN bytes) may be. */
static bool payload_ok(uint16_t op, const struct gofer_reply_hdr *h,
		       const unsigned char *p, size_t len)
{
	switch (op) {
	case GOP_HELLO:
		return len == 0;
	case GOP_WALK:
		return walk_entries(p, len) == h->ret;
	case GOP_OPEN:
		return len == 0 && (h->ret == 0 || h->ret == GOFER_OPEN_FIFO);
	case GOP_STAT:
		return len == sizeof(struct stat) && h->ret == 0;
	case GOP_STATX:
		return len == sizeof(struct statx) && h->ret == 0;
	case GOP_STATFS:
		return len == sizeof(struct statfs) && h->ret == 0;
	case GOP_READLINK:
		return h->ret >= 0 && (uint64_t)h->ret == len &&
		       len < PATH_MAX && !memchr(p, '\0', len);
	case GOP_GETXATTR:
	case GOP_LISTXATTR:
		return h->ret >= 0 && h->ret <= GOFER_MAX_DATA &&
		       (len == 0 || (uint64_t)h->ret == len);
	default:
		return len == 0 && h->ret == 0;
	}
}

static void reply_check(const uint8_t *data, size_t size)
{
	const struct gofer_reply_hdr *h;
	const void *payload;
	size_t plen;
	int accepted = 0;

	/* malloc's alignment is at least 8, as reply_check requires. */
	unsigned char *buf = dup_exact(data, size);

	for (unsigned op = 0; op <= GOP_OP_MAX; op++) {
		int r = gofer_reply_check(buf, size, (uint16_t)op, &h, &payload,
					  &plen);
		if (r) {
			CHECK(r == -EPROTO);
			continue;
		}
		accepted++;
		CHECK(op > 0 && op < GOP_OP_MAX);
		CHECK(size >= sizeof *h && size <= GOFER_MAX_REPLY);
		CHECK(h == (const void *)buf);
		CHECK(payload == buf + sizeof *h && plen == size - sizeof *h);
		CHECK(h->magic == GOFER_MAGIC && h->version == GOFER_VERSION);
		CHECK(h->op == op && h->len == size);
		CHECK(h->err <= 0 && h->err >= -4095);
		if (h->err)
			CHECK(plen == 0 && h->ret == 0);
		else
			CHECK(payload_ok((uint16_t)op, h, payload, plen));
	}
	/* The header names one op: no reply is good for two. */
	CHECK(accepted <= 1);
	free(buf);

	/* The same bytes one past an aligned address are always refused. */
	buf = malloc(size + 1);
	CHECK(buf);
	if (size)
		memcpy(buf + 1, data, size);
	for (unsigned op = 1; op < GOP_OP_MAX; op++)
		CHECK(gofer_reply_check(buf + 1, size, (uint16_t)op, &h,
					&payload, &plen) == -EPROTO);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	req_roundtrip(data, size);
	req_encode(data, size);
	reply_check(data, size);
	return 0;
}
