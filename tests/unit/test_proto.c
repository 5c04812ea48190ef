/* The gofer wire format (gofer/proto.h): encode/decode round trips for
 * every op, and every malformed request or reply refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "gofer/proto.h"

static _Alignas(8) unsigned char buf[GOFER_MAX_MSG + 64];
static struct gofer_req req;

/* A request laid out by hand, without any of encode's checks. */
static size_t raw(const struct gofer_req_hdr *h, const void *path, size_t plen,
		  const void *path2, size_t p2len, const void *data, size_t dlen)
{
	unsigned char *p = buf;

	memcpy(p, h, sizeof(*h));
	p += sizeof(*h);
	memcpy(p, path, plen);
	p += plen;
	memcpy(p, path2, p2len);
	p += p2len;
	memcpy(p, data, dlen);
	return sizeof(*h) + plen + p2len + dlen;
}

static struct gofer_req_hdr hdr(uint16_t op, size_t plen, size_t p2len, size_t dlen)
{
	return (struct gofer_req_hdr){
		.magic = GOFER_MAGIC, .version = GOFER_VERSION, .op = op,
		.len = (uint32_t)(sizeof(struct gofer_req_hdr) + plen + p2len + dlen),
		.path_len = (uint32_t)plen, .path2_len = (uint32_t)p2len,
		.data_len = (uint32_t)dlen,
	};
}

/* A raw request with one path and nothing else. */
static int decode_path(uint16_t op, const char *path, size_t plen)
{
	struct gofer_req_hdr h = hdr(op, plen, 0, 0);

	return gofer_req_decode(buf, raw(&h, path, plen, "", 0, "", 0), &req);
}

/* --- round trips ------------------------------------------------------- */

static const struct sample {
	uint16_t op;
	const char *path, *path2, *data;
} samples[] = {
	{ GOP_HELLO, "", "", NULL },
	{ GOP_WALK, "usr/lib/x86_64-linux-gnu", "", NULL },
	{ GOP_OPEN, "etc/passwd", "", NULL },
	{ GOP_OPEN, "", "", NULL },             /* the root */
	{ GOP_STAT, "a", "", NULL },
	{ GOP_STATX, "a/b", "", NULL },
	{ GOP_ACCESS, "bin/sh", "", NULL },
	{ GOP_READLINK, "lib64", "", NULL },
	{ GOP_MKDIR, "tmp/new", "", NULL },
	{ GOP_MKNOD, "tmp/fifo", "", NULL },
	{ GOP_UNLINK, "tmp/x", "", NULL },
	{ GOP_RENAME, "tmp/a", "tmp/b", NULL },
	{ GOP_LINK, "tmp/a", "tmp/c", NULL },
	{ GOP_SYMLINK, "tmp/l", "", "../anything goes//./here/" },
	{ GOP_CHMOD, "tmp/a", "", NULL },
	{ GOP_CHOWN, "tmp/a", "", NULL },
	{ GOP_TRUNCATE, "tmp/a", "", NULL },
	{ GOP_UTIMENS, "tmp/a", "", NULL },
	{ GOP_STATFS, "", "", NULL },
	{ GOP_GETXATTR, "tmp/a", "user.moat", NULL },
	{ GOP_SETXATTR, "tmp/a", "user.moat", "value\0with a NUL" },
	{ GOP_LISTXATTR, "tmp/a", "", NULL },
	{ GOP_REMOVEXATTR, "tmp/a", "user.moat", NULL },
	{ GOP_BIND, "tmp/sock", "", NULL },
	{ GOP_CONNECT, "run/dbus/system_bus_socket", "", NULL },
	{ GOP_WALK, "...", "", NULL },          /* dots that are names */
	{ GOP_WALK, ".a/b../..c/a.b", "", NULL },
};

static void round_trip_every_op(void **state)
{
	bool seen[GOP_OP_MAX] = { false };

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		const struct sample *s = &samples[i];
		size_t dlen = !s->data ? 0 :
			      s->op == GOP_SETXATTR ? 16 : strlen(s->data);
		struct gofer_req_hdr h = {
			.op = s->op, .flags = 0x1234 + (uint32_t)i, .mode = 0644,
			.uid = 1000, .gid = 100, .arg = UINT64_MAX - i,
			.times = { { 1, 2 }, { 3, UINT32_MAX } },
		};
		long len = gofer_req_encode(&h, s->path, s->path2, s->data, dlen,
					    buf, sizeof(buf));

		assert_true(len > 0);
		assert_int_equal(len, sizeof(h) + strlen(s->path) +
				 strlen(s->path2) + dlen);
		assert_int_equal(gofer_req_decode(buf, (size_t)len, &req), 0);
		assert_int_equal(req.h.op, s->op);
		assert_int_equal(req.h.len, len);
		assert_int_equal(req.h.flags, 0x1234 + i);
		assert_int_equal(req.h.mode, 0644);
		assert_int_equal(req.h.uid, 1000);
		assert_int_equal(req.h.gid, 100);
		assert_true(req.h.arg == UINT64_MAX - i);
		assert_memory_equal(req.h.times, h.times, sizeof(h.times));
		assert_string_equal(req.path, s->path);
		assert_string_equal(req.path2, s->path2);
		assert_int_equal(req.h.data_len, dlen);
		if (dlen)
			assert_memory_equal(req.data, s->data, dlen);
		else
			assert_null(req.data);
		seen[s->op] = true;
	}
	for (int op = 1; op < GOP_OP_MAX; op++)
		assert_true(seen[op]);
}

static void round_trip_longest_fields(void **state)
{
	static char path[PATH_MAX], path2[PATH_MAX], value[GOFER_MAX_DATA];
	char name[XATTR_NAME_MAX + 1];
	struct gofer_req_hdr h = { .op = GOP_RENAME };
	long len;

	(void)state;
	/* "a/a/.../a": PATH_MAX - 1 bytes */
	for (size_t i = 0; i < PATH_MAX - 1; i++)
		path[i] = path2[i] = i % 2 ? '/' : 'a';
	path[PATH_MAX - 1] = path2[PATH_MAX - 1] = '\0';
	len = gofer_req_encode(&h, path, path2, NULL, 0, buf, sizeof(buf));
	assert_int_equal(len, sizeof(h) + 2 * (PATH_MAX - 1));
	assert_int_equal(gofer_req_decode(buf, (size_t)len, &req), 0);
	assert_string_equal(req.path2, path2);

	memset(name, 'n', XATTR_NAME_MAX);
	name[XATTR_NAME_MAX] = '\0';
	memset(value, 0, sizeof(value));
	h = (struct gofer_req_hdr){ .op = GOP_SETXATTR };
	len = gofer_req_encode(&h, path, name, value, sizeof(value), buf, sizeof(buf));
	assert_int_equal(len, GOFER_MAX_MSG - PATH_MAX - 1 + XATTR_NAME_MAX);
	assert_int_equal(gofer_req_decode(buf, (size_t)len, &req), 0);
	assert_int_equal(req.h.data_len, GOFER_MAX_DATA);
}

/* --- encode's own refusals --------------------------------------------- */

static void encode_refuses_what_decode_would(void **state)
{
	static char longpath[PATH_MAX + 1], value[GOFER_MAX_DATA + 1];
	char longname[XATTR_NAME_MAX + 2];
	struct gofer_req_hdr h = { .op = GOP_OPEN };

	(void)state;
	memset(longpath, 'a', PATH_MAX);
	assert_int_equal(gofer_req_encode(&h, longpath, NULL, NULL, 0, buf, sizeof(buf)),
			 -ENAMETOOLONG);
	assert_int_equal(gofer_req_encode(&h, "/etc", NULL, NULL, 0, buf, sizeof(buf)),
			 -EINVAL);
	assert_int_equal(gofer_req_encode(&h, "a/../b", NULL, NULL, 0, buf, sizeof(buf)),
			 -EINVAL);
	assert_int_equal(gofer_req_encode(&h, "a", "b", NULL, 0, buf, sizeof(buf)),
			 -EINVAL);      /* OPEN takes no path2 */
	assert_int_equal(gofer_req_encode(&h, "a", NULL, "x", 1, buf, sizeof(buf)),
			 -EINVAL);      /* ... and no data */
	assert_int_equal(gofer_req_encode(&h, "a", NULL, NULL, 0, buf, 10), -E2BIG);

	h.op = 0;
	assert_int_equal(gofer_req_encode(&h, "a", NULL, NULL, 0, buf, sizeof(buf)), -EINVAL);
	h.op = GOP_OP_MAX;
	assert_int_equal(gofer_req_encode(&h, "a", NULL, NULL, 0, buf, sizeof(buf)), -EINVAL);
	h.op = GOP_HELLO;
	assert_int_equal(gofer_req_encode(&h, "a", NULL, NULL, 0, buf, sizeof(buf)), -EINVAL);

	h.op = GOP_SETXATTR;
	assert_int_equal(gofer_req_encode(&h, "a", "user.x", value, sizeof(value),
					  buf, sizeof(buf)), -E2BIG);
	assert_int_equal(gofer_req_encode(&h, "a", "", "v", 1, buf, sizeof(buf)), -ERANGE);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(gofer_req_encode(&h, "a", longname, "v", 1, buf, sizeof(buf)),
			 -ERANGE);

	h.op = GOP_SYMLINK;
	assert_int_equal(gofer_req_encode(&h, "l", NULL, "a\0b", 3, buf, sizeof(buf)),
			 -EINVAL);
	assert_int_equal(gofer_req_encode(&h, "l", NULL, longpath, PATH_MAX, buf,
					  sizeof(buf)), -ENAMETOOLONG);
	assert_int_equal(gofer_req_encode(&h, "l", "t", "t", 1, buf, sizeof(buf)),
			 -EINVAL);      /* the target is data, not path2 */
}

/* --- decode: malformed requests ---------------------------------------- */

static void decode_refuses_short_header(void **state)
{
	struct gofer_req_hdr h = hdr(GOP_STAT, 1, 0, 0);
	size_t len = raw(&h, "a", 1, "", 0, "", 0);

	(void)state;
	assert_int_equal(gofer_req_decode(buf, len, &req), 0);
	for (size_t n = 0; n < sizeof(h); n++)
		assert_int_equal(gofer_req_decode(buf, n, &req), -EPROTO);
}

static void decode_refuses_wrong_magic(void **state)
{
	struct gofer_req_hdr h = hdr(GOP_STAT, 1, 0, 0);

	(void)state;
	h.magic = GOFER_MAGIC ^ 1;
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "", 0), &req),
			 -EPROTO);
}

static void decode_refuses_wrong_version(void **state)
{
	struct gofer_req_hdr h = hdr(GOP_STAT, 1, 0, 0);

	(void)state;
	h.version = GOFER_VERSION + 1;
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "", 0), &req),
			 -EPROTO);
	h.version = 0;
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "", 0), &req),
			 -EPROTO);
}

static void decode_refuses_unknown_op(void **state)
{
	static const uint16_t bad[] = { 0, GOP_OP_MAX, GOP_OP_MAX + 1, 0xffff };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct gofer_req_hdr h = hdr(bad[i], 1, 0, 0);

		assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "", 0), &req),
				 -EPROTO);
	}
}

static void decode_refuses_len_mismatch(void **state)
{
	struct gofer_req_hdr h = hdr(GOP_STAT, 3, 0, 0);
	size_t len = raw(&h, "a/b", 3, "", 0, "", 0);

	(void)state;
	assert_int_equal(gofer_req_decode(buf, len, &req), 0);
	/* the message is shorter or longer than its header says */
	assert_int_equal(gofer_req_decode(buf, len - 1, &req), -EPROTO);
	assert_int_equal(gofer_req_decode(buf, len + 1, &req), -EPROTO);
	/* h.len agrees with the message, the field lengths do not */
	h.len++;
	buf[len] = 'c';
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(gofer_req_decode(buf, len + 1, &req), -EPROTO);
	h = hdr(GOP_STAT, 3, 0, 0);
	h.path_len = 4;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(gofer_req_decode(buf, len, &req), -EPROTO);
	h.path_len = 2;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(gofer_req_decode(buf, len, &req), -EPROTO);
}

static void decode_refuses_overflowing_lengths(void **state)
{
	struct gofer_req_hdr h = hdr(GOP_RENAME, 1, 1, 0);
	size_t len = raw(&h, "a", 1, "b", 1, "", 0);

	(void)state;
	/* Lengths whose sum wraps around to the message length in 32 bits. */
	h.path_len = UINT32_MAX;
	h.path2_len = (uint32_t)(len - sizeof(h) + 1);
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(gofer_req_decode(buf, len, &req), -EPROTO);
	h = hdr(GOP_SETXATTR, 1, 1, 0);
	h.data_len = UINT32_MAX - (uint32_t)sizeof(h);
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(gofer_req_decode(buf, len, &req), -EPROTO);
	h = hdr(GOP_RENAME, 0x80000000u, 0x80000000u, 0);
	h.len = (uint32_t)len;
	memcpy(buf, &h, sizeof(h));
	assert_int_equal(gofer_req_decode(buf, len, &req), -EPROTO);
}

static void decode_refuses_nul_in_path(void **state)
{
	(void)state;
	assert_int_equal(decode_path(GOP_STAT, "a\0b", 3), -EPROTO);
	assert_int_equal(decode_path(GOP_STAT, "ab\0", 3), -EPROTO);
	assert_int_equal(decode_path(GOP_STAT, "\0", 1), -EPROTO);
}

static void decode_refuses_path_over_path_max(void **state)
{
	static char p[PATH_MAX + 1];

	(void)state;
	memset(p, 'a', sizeof(p));
	assert_int_equal(decode_path(GOP_STAT, p, PATH_MAX - 1), 0);
	assert_int_equal(decode_path(GOP_STAT, p, PATH_MAX), -EPROTO);
	assert_int_equal(decode_path(GOP_STAT, p, PATH_MAX + 1), -EPROTO);
}

static void decode_refuses_unresolved_paths(void **state)
{
	static const char *const bad[] = {
		"/", "/etc", "etc/", "etc//passwd", "//", ".", "..", "./a",
		"../a", "a/.", "a/..", "a/./b", "a/../b", "a/b/", "a//",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(gofer_path_check(bad[i], strlen(bad[i])), -EPROTO);
		assert_int_equal(decode_path(GOP_STAT, bad[i], strlen(bad[i])), -EPROTO);
	}
	assert_int_equal(gofer_path_check("", 0), 0);
	assert_int_equal(gofer_path_check("...", 3), 0);
	assert_int_equal(gofer_path_check("a/.b/..c/d..", 12), 0);
}

static void decode_refuses_unresolved_path2(void **state)
{
	struct gofer_req_hdr h = hdr(GOP_RENAME, 1, 4, 0);

	(void)state;
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "b/..", 4, "", 0), &req),
			 -EPROTO);
	h = hdr(GOP_LINK, 1, 2, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "/b", 2, "", 0), &req),
			 -EPROTO);
}

static void decode_refuses_data_over_max(void **state)
{
	static char value[GOFER_MAX_DATA + 1];
	struct gofer_req_hdr h = hdr(GOP_SETXATTR, 1, 6, GOFER_MAX_DATA + 1);

	(void)state;
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "user.x", 6, value,
						   sizeof(value)), &req), -EPROTO);
	h = hdr(GOP_SETXATTR, 1, 6, GOFER_MAX_DATA);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "user.x", 6, value,
						   GOFER_MAX_DATA), &req), 0);
}

static void decode_refuses_fields_the_op_lacks(void **state)
{
	struct gofer_req_hdr h;

	(void)state;
	h = hdr(GOP_HELLO, 1, 0, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "", 0), &req), -EPROTO);
	h = hdr(GOP_OPEN, 1, 1, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "b", 1, "", 0), &req), -EPROTO);
	h = hdr(GOP_MKDIR, 1, 0, 1);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "x", 1), &req), -EPROTO);
	h = hdr(GOP_LISTXATTR, 1, 6, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "user.x", 6, "", 0), &req),
			 -EPROTO);
	h = hdr(GOP_SYMLINK, 1, 1, 1);  /* the target belongs in data */
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "t", 1, "t", 1), &req), -EPROTO);
}

static void decode_checks_xattr_names(void **state)
{
	char name[XATTR_NAME_MAX + 1];
	struct gofer_req_hdr h;

	(void)state;
	memset(name, 'n', sizeof(name));
	h = hdr(GOP_GETXATTR, 1, XATTR_NAME_MAX, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, name, XATTR_NAME_MAX, "", 0),
					  &req), 0);
	h = hdr(GOP_GETXATTR, 1, XATTR_NAME_MAX + 1, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, name, XATTR_NAME_MAX + 1,
						   "", 0), &req), -EPROTO);
	h = hdr(GOP_REMOVEXATTR, 1, 0, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "", 0, "", 0), &req), -EPROTO);
	h = hdr(GOP_SETXATTR, 1, 3, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "u\0x", 3, "", 0), &req),
			 -EPROTO);
	/* a name is not a path: '/' and dots are the kernel's to judge */
	h = hdr(GOP_GETXATTR, 1, 4, 0);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "a", 1, "../x", 4, "", 0), &req), 0);
}

static void decode_checks_symlink_targets(void **state)
{
	static char target[PATH_MAX];
	struct gofer_req_hdr h;

	(void)state;
	memset(target, '/', sizeof(target));
	h = hdr(GOP_SYMLINK, 1, 0, PATH_MAX - 1);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "l", 1, "", 0, target, PATH_MAX - 1),
					  &req), 0);
	h = hdr(GOP_SYMLINK, 1, 0, PATH_MAX);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "l", 1, "", 0, target, PATH_MAX),
					  &req), -EPROTO);
	h = hdr(GOP_SYMLINK, 1, 0, 3);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "l", 1, "", 0, "a\0b", 3), &req),
			 -EPROTO);
	h = hdr(GOP_SYMLINK, 1, 0, 5);
	assert_int_equal(gofer_req_decode(buf, raw(&h, "l", 1, "", 0, "../..", 5), &req), 0);
}

/* --- replies ------------------------------------------------------------ */

static _Alignas(8) unsigned char rbuf[GOFER_MAX_REPLY + 64];

static size_t reply(uint16_t op, int32_t err, int64_t ret, const void *p, size_t plen)
{
	struct gofer_reply_hdr h = {
		.magic = GOFER_MAGIC, .version = GOFER_VERSION, .op = op,
		.len = (uint32_t)(sizeof(h) + plen), .err = err, .ret = ret,
	};

	memcpy(rbuf, &h, sizeof(h));
	memcpy(rbuf + sizeof(h), p, plen);
	return sizeof(h) + plen;
}

static int check(uint16_t op, size_t len)
{
	const struct gofer_reply_hdr *h;
	const void *p;
	size_t plen;

	return gofer_reply_check(rbuf, len, op, &h, &p, &plen);
}

static void reply_check_accepts_good_replies(void **state)
{
	static unsigned char big[GOFER_MAX_DATA];
	struct stat st = { 0 };
	struct statx stx = { 0 };
	struct statfs sf = { 0 };
	const struct gofer_reply_hdr *h;
	const void *p;
	size_t plen, len;

	(void)state;
	len = reply(GOP_STAT, 0, 0, &st, sizeof(st));
	assert_int_equal(gofer_reply_check(rbuf, len, GOP_STAT, &h, &p, &plen), 0);
	assert_ptr_equal(h, rbuf);
	assert_ptr_equal(p, rbuf + sizeof(*h));
	assert_int_equal(plen, sizeof(st));

	assert_int_equal(check(GOP_HELLO, reply(GOP_HELLO, 0, GOFER_VERSION, "", 0)), 0);
	assert_int_equal(check(GOP_OPEN, reply(GOP_OPEN, 0, 0, "", 0)), 0);
	assert_int_equal(check(GOP_OPEN, reply(GOP_OPEN, 0, GOFER_OPEN_FIFO, "", 0)), 0);
	assert_int_equal(check(GOP_STATX, reply(GOP_STATX, 0, 0, &stx, sizeof(stx))), 0);
	assert_int_equal(check(GOP_STATFS, reply(GOP_STATFS, 0, 0, &sf, sizeof(sf))), 0);
	assert_int_equal(check(GOP_READLINK, reply(GOP_READLINK, 0, 3, "../", 3)), 0);
	assert_int_equal(check(GOP_GETXATTR, reply(GOP_GETXATTR, 0, 5, "a\0b\0c", 5)), 0);
	assert_int_equal(check(GOP_GETXATTR, reply(GOP_GETXATTR, 0, 5, "", 0)), 0);
	assert_int_equal(check(GOP_LISTXATTR, reply(GOP_LISTXATTR, 0, sizeof(big),
						    big, sizeof(big))), 0);
	assert_int_equal(check(GOP_MKDIR, reply(GOP_MKDIR, 0, 0, "", 0)), 0);
	for (int op = 1; op < GOP_OP_MAX; op++)
		assert_int_equal(check((uint16_t)op, reply((uint16_t)op, -ENOENT, 0, "", 0)), 0);
	assert_int_equal(check(GOP_STAT, reply(GOP_STAT, -4095, 0, "", 0)), 0);
}

static void reply_check_refuses_bad_headers(void **state)
{
	struct gofer_reply_hdr h;
	size_t len;

	(void)state;
	len = reply(GOP_MKDIR, 0, 0, "", 0);
	for (size_t n = 0; n < sizeof(h); n++)
		assert_int_equal(check(GOP_MKDIR, n), -EPROTO);
	assert_int_equal(check(GOP_MKDIR, len + 1), -EPROTO);   /* len mismatch */
	assert_int_equal(check(GOP_UNLINK, len), -EPROTO);      /* another op */
	assert_int_equal(check(0, len), -EPROTO);
	assert_int_equal(check(GOP_OP_MAX, len), -EPROTO);

	memcpy(&h, rbuf, sizeof(h));
	h.magic ^= 1;
	memcpy(rbuf, &h, sizeof(h));
	assert_int_equal(check(GOP_MKDIR, len), -EPROTO);
	h.magic ^= 1;
	h.version++;
	memcpy(rbuf, &h, sizeof(h));
	assert_int_equal(check(GOP_MKDIR, len), -EPROTO);
	h.version--;
	h.len = 0xffffffff;
	memcpy(rbuf, &h, sizeof(h));
	assert_int_equal(check(GOP_MKDIR, len), -EPROTO);

	/* the buffer must be aligned for the header it hands back */
	{
		const struct gofer_reply_hdr *hp;
		const void *p;
		size_t plen;

		memmove(rbuf + 1, rbuf, len);
		assert_int_equal(gofer_reply_check(rbuf + 1, len, GOP_MKDIR, &hp, &p, &plen),
				 -EPROTO);
	}
	/* more than GOFER_MAX_REPLY */
	static const unsigned char big[GOFER_MAX_DATA + 1];
	len = reply(GOP_GETXATTR, 0, GOFER_MAX_DATA + 1, big, sizeof(big));
	assert_int_equal(check(GOP_GETXATTR, len), -EPROTO);
}

static void reply_check_refuses_bad_errors(void **state)
{
	struct stat st = { 0 };

	(void)state;
	assert_int_equal(check(GOP_MKDIR, reply(GOP_MKDIR, 1, 0, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_MKDIR, reply(GOP_MKDIR, -4096, 0, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_MKDIR, reply(GOP_MKDIR, INT32_MIN, 0, "", 0)), -EPROTO);
	/* an error carries neither payload nor ret */
	assert_int_equal(check(GOP_STAT, reply(GOP_STAT, -ENOENT, 0, &st, sizeof(st))), -EPROTO);
	assert_int_equal(check(GOP_OPEN, reply(GOP_OPEN, -ENOENT, 1, "", 0)), -EPROTO);
}

static void reply_check_refuses_bad_payloads(void **state)
{
	struct stat st = { 0 };

	(void)state;
	assert_int_equal(check(GOP_STAT, reply(GOP_STAT, 0, 0, &st, sizeof(st) - 1)), -EPROTO);
	assert_int_equal(check(GOP_STAT, reply(GOP_STAT, 0, 0, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_STATX, reply(GOP_STATX, 0, 0, &st, sizeof(st))), -EPROTO);
	assert_int_equal(check(GOP_STATFS, reply(GOP_STATFS, 0, 0, &st, sizeof(st))), -EPROTO);
	assert_int_equal(check(GOP_MKDIR, reply(GOP_MKDIR, 0, 0, "x", 1)), -EPROTO);
	assert_int_equal(check(GOP_MKDIR, reply(GOP_MKDIR, 0, 7, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_OPEN, reply(GOP_OPEN, 0, 2, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_READLINK, reply(GOP_READLINK, 0, 2, "abc", 3)), -EPROTO);
	assert_int_equal(check(GOP_READLINK, reply(GOP_READLINK, 0, 3, "a\0c", 3)), -EPROTO);
	assert_int_equal(check(GOP_READLINK, reply(GOP_READLINK, 0, -1, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_GETXATTR, reply(GOP_GETXATTR, 0, 2, "abc", 3)), -EPROTO);
	assert_int_equal(check(GOP_GETXATTR, reply(GOP_GETXATTR, 0, -3, "", 0)), -EPROTO);
	assert_int_equal(check(GOP_LISTXATTR, reply(GOP_LISTXATTR, 0, GOFER_MAX_DATA + 1,
						    "", 0)), -EPROTO);
}

/* WALK payloads */
static size_t walk(unsigned char *p, uint8_t type, const char *target)
{
	struct gofer_walk_ent e = { .type = type, .dev = 1, .ino = 2 };
	size_t tl = target ? strlen(target) : 0;

	e.target_len = (uint16_t)tl;
	memcpy(p, &e, sizeof(e));
	memcpy(p + sizeof(e), target ? target : "", tl);
	return sizeof(e) + tl;
}

static void reply_check_walk(void **state)
{
	unsigned char p[512];
	struct gofer_walk_ent e;
	size_t n;

	(void)state;
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 0, "", 0)), 0);
	n = walk(p, DT_DIR, NULL);
	n += walk(p + n, DT_DIR, NULL);
	n += walk(p + n, DT_LNK, "../target");
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 3, p, n)), 0);
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 2, p, n)), -EPROTO);
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 3, p, n - 1)), -EPROTO);
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 3, p, n + 1)), -EPROTO);

	n = walk(p, DT_DIR, NULL);
	n += walk(p + n, DT_UNKNOWN, NULL);     /* missing: the last */
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 2, p, n)), 0);
	n += walk(p + n, DT_DIR, NULL);         /* nothing after the end */
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 3, p, n)), -EPROTO);

	n = walk(p, DT_REG, NULL);
	n += walk(p + n, DT_REG, NULL);
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 2, p, n)), -EPROTO);

	n = walk(p, DT_LNK, "a\0b");            /* strlen = 1, then "\0b"... */
	memcpy(&e, p, sizeof(e));
	e.target_len = 3;
	memcpy(p, &e, sizeof(e));
	memcpy(p + sizeof(e), "a\0b", 3);
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 1, p, sizeof(e) + 3)), -EPROTO);

	n = walk(p, DT_REG, NULL);              /* a target on a non-link */
	memcpy(&e, p, sizeof(e));
	e.target_len = 1;
	memcpy(p, &e, sizeof(e));
	p[sizeof(e)] = 'x';
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 1, p, n + 1)), -EPROTO);

	n = walk(p, DT_LNK, "xy");              /* target beyond the payload */
	memcpy(&e, p, sizeof(e));
	e.target_len = 300;
	memcpy(p, &e, sizeof(e));
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 1, p, n)), -EPROTO);

	n = walk(p, DT_DIR, NULL);
	memcpy(&e, p, sizeof(e));
	e.pad = 1;
	memcpy(p, &e, sizeof(e));
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 1, p, n)), -EPROTO);
	e.pad = 0;
	e.type = 99;
	memcpy(p, &e, sizeof(e));
	assert_int_equal(check(GOP_WALK, reply(GOP_WALK, 0, 1, p, n)), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_every_op),
		cmocka_unit_test(round_trip_longest_fields),
		cmocka_unit_test(encode_refuses_what_decode_would),
		cmocka_unit_test(decode_refuses_short_header),
		cmocka_unit_test(decode_refuses_wrong_magic),
		cmocka_unit_test(decode_refuses_wrong_version),
		cmocka_unit_test(decode_refuses_unknown_op),
		cmocka_unit_test(decode_refuses_len_mismatch),
		cmocka_unit_test(decode_refuses_overflowing_lengths),
		cmocka_unit_test(decode_refuses_nul_in_path),
		cmocka_unit_test(decode_refuses_path_over_path_max),
		cmocka_unit_test(decode_refuses_unresolved_paths),
		cmocka_unit_test(decode_refuses_unresolved_path2),
		cmocka_unit_test(decode_refuses_data_over_max),
		cmocka_unit_test(decode_refuses_fields_the_op_lacks),
		cmocka_unit_test(decode_checks_xattr_names),
		cmocka_unit_test(decode_checks_symlink_targets),
		cmocka_unit_test(reply_check_accepts_good_replies),
		cmocka_unit_test(reply_check_refuses_bad_headers),
		cmocka_unit_test(reply_check_refuses_bad_errors),
		cmocka_unit_test(reply_check_refuses_bad_payloads),
		cmocka_unit_test(reply_check_walk),
	};

	return cmocka_run_group_tests_name("gofer protocol", tests, NULL, NULL);
}
