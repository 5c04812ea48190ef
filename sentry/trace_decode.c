/* Trace lines from syscalls/table.def's argument kinds, strace's way: one
 * token at a time (a name, a number, an escaped byte) into a bounded line,
 * guest strings copied into a buffer of the decoder's own before a byte of
 * them is looked at.
 *
 * Flag values are the kernel's (include/uapi/asm-generic/fcntl.h,
 * include/uapi/linux/fcntl.h), not glibc's: glibc defines O_LARGEFILE as 0
 * on x86-64, where the kernel's bit is 0100000 and a guest may set it. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sentry/trace_decode.h"
#include "syscalls/table.h"

/* A string read stops at each page boundary, so that a string ending just
 * before an unmapped page is read without touching that page. */
#define GUEST_PAGE 4096u

#define ELLIPSIS "..."
#define ELLIPSIS_LEN 3

struct line {
	char *buf;
	size_t room;    /* characters that fit before the NUL */
	size_t len;
	size_t mark;    /* the last token boundary with room for "..." */
	bool cut;       /* a token did not fit: the line ends at mark */
};

struct flag_name {
	uint64_t bits;
	const char *name;
};

#define O_CREAT_BIT 0100
#define O_TMPFILE_BIT 020000000       /* __O_TMPFILE */

/* Several-bit flags come before the bits they include. */
static const struct flag_name open_flags[] = {
	{ 04010000, "O_SYNC" },         /* __O_SYNC | O_DSYNC */
	{ O_TMPFILE_BIT | 0200000, "O_TMPFILE" },       /* | O_DIRECTORY */
	{ O_CREAT_BIT, "O_CREAT" },
	{ 0200, "O_EXCL" },
	{ 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" },
	{ 02000, "O_APPEND" },
	{ 04000, "O_NONBLOCK" },
	{ 010000, "O_DSYNC" },
	{ 020000, "O_ASYNC" },
	{ 040000, "O_DIRECT" },
	{ 0100000, "O_LARGEFILE" },
	{ 0200000, "O_DIRECTORY" },
	{ 0400000, "O_NOFOLLOW" },
	{ 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" },
	{ 010000000, "O_PATH" },
};

static const char *const open_accmode[] = {
	"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE",
};

/* 0x200 is AT_REMOVEDIR to unlinkat and AT_EACCESS to faccessat2: the
 * kernel reuses the bit for flags no call takes together. */
#define AT_FLAGS_BUT_0X200                      \
	{ 0x100, "AT_SYMLINK_NOFOLLOW" },       \
	{ 0x400, "AT_SYMLINK_FOLLOW" },         \
	{ 0x800, "AT_NO_AUTOMOUNT" },           \
	{ 0x1000, "AT_EMPTY_PATH" },            \
	{ 0x2000, "AT_STATX_FORCE_SYNC" },      \
	{ 0x4000, "AT_STATX_DONT_SYNC" },       \
	{ 0x8000, "AT_RECURSIVE" }

static const struct flag_name at_flags[] = {
	AT_FLAGS_BUT_0X200,
	{ 0x200, "AT_REMOVEDIR" },
};

static const struct flag_name at_access_flags[] = {
	AT_FLAGS_BUT_0X200,
	{ 0x200, "AT_EACCESS" },
};

static const struct flag_name file_types[] = {
	{ S_IFSOCK, "S_IFSOCK" },
	{ S_IFLNK, "S_IFLNK" },
	{ S_IFREG, "S_IFREG" },
	{ S_IFBLK, "S_IFBLK" },
	{ S_IFDIR, "S_IFDIR" },
	{ S_IFCHR, "S_IFCHR" },
	{ S_IFIFO, "S_IFIFO" },
};

/* The kernel's own restart codes (include/linux/errno.h): a traced task
 * interrupted by a signal shows them; libc has no name for them. */
static const struct {
	int err;
	const char *name;
	const char *desc;
} kernel_errnos[] = {
	{ 512, "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ 513, "ERESTARTNOINTR", "To be restarted" },
	{ 514, "ERESTARTNOHAND", "To be restarted if no handler" },
	{ 515, "ENOIOCTLCMD", "No ioctl command" },
	{ 516, "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void line_init(struct line *l, char *out, size_t cap)
{
	*l = (struct line){ .buf = out, .room = cap > 0 ? cap - 1 : 0 };
}

/* Tokens are whole or absent: a cut never leaves half an escape. */
static void put(struct line *l, const char *s, size_t n)
{
	if (l->cut || n == 0)
		return;
	if (n > l->room - l->len) {
		l->cut = true;
		return;
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	if (l->room - l->len >= ELLIPSIS_LEN)
		l->mark = l->len;
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

__attribute__((format(printf, 2, 3)))
static void putf(struct line *l, const char *fmt, ...)
{
	char tok[128];
	va_list ap;

	if (l->cut)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(tok, sizeof tok, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	put(l, tok, (size_t)n < sizeof tok ? (size_t)n : sizeof tok - 1);
}

static size_t line_end(struct line *l, size_t cap)
{
	if (cap == 0)
		return 0;
	if (l->cut) {
		size_t n = l->room - l->mark;
		l->len = l->mark;
		if (n > ELLIPSIS_LEN)
			n = ELLIPSIS_LEN;
		memcpy(l->buf + l->len, ELLIPSIS, n);
		l->len += n;
	}
	l->buf[l->len] = '\0';
	return l->len;
}

/* The kernel reads an int argument from the low half of the register. */
static int32_t as_int(uint64_t v)
{
	return (int32_t)(uint32_t)v;
}

static void put_hex(struct line *l, uint64_t v)
{
	putf(l, "0x%" PRIx64, v);
}

static void put_ptr(struct line *l, uint64_t v)
{
	if (v == 0)
		puts_(l, "NULL");
	else
		put_hex(l, v);
}

/* NAMES, then what no name covers in hex; 0 when nothing is set and
 * nothing was written before (PRINTED: an access mode was). */
static void put_flags(struct line *l, uint64_t v, const struct flag_name *t,
		      size_t n, bool printed)
{
	for (size_t i = 0; i < n; i++) {
		if ((v & t[i].bits) != t[i].bits)
			continue;
		putf(l, "%s%s", printed ? "|" : "", t[i].name);
		printed = true;
		v &= ~t[i].bits;
	}
	if (v != 0)
		putf(l, "%s0x%" PRIx64, printed ? "|" : "", v);
	else if (!printed)
		puts_(l, "0");
}

static void put_oflags(struct line *l, uint64_t v)
{
	puts_(l, open_accmode[v & 3]);
	put_flags(l, v & ~(uint64_t)3, open_flags, ARRAY_SIZE(open_flags),
		  true);
}

static void put_atflags(struct line *l, uint64_t v, const char *sys)
{
	if (strcmp(sys, "faccessat2") == 0)
		put_flags(l, v, at_access_flags, ARRAY_SIZE(at_access_flags),
			  false);
	else
		put_flags(l, v, at_flags, ARRAY_SIZE(at_flags), false);
}

/* strace's form: 0644, 000; mknod's file type by name. */
static void put_mode(struct line *l, uint64_t v)
{
	for (size_t i = 0; i < ARRAY_SIZE(file_types); i++) {
		if ((v & S_IFMT) == file_types[i].bits) {
			putf(l, "%s|%#03" PRIo64, file_types[i].name,
			     v & ~(uint64_t)S_IFMT);
			return;
		}
	}
	putf(l, "%#03" PRIo64, v);
}

/* Kernel numbering, as strace: 32 is the first real-time signal (glibc's
 * SIGRTMIN is 34, two being kept for its threads). */
static void put_signum(struct line *l, uint64_t v)
{
	int32_t sig = as_int(v);
	const char *abbrev = sig > 0 && sig < 32 ? sigabbrev_np(sig) : NULL;

	if (abbrev)
		putf(l, "SIG%s", abbrev);
	else if (sig == 32)
		puts_(l, "SIGRTMIN");
	else if (sig > 32 && sig <= 64)
		putf(l, "SIGRT_%" PRId32, sig - 32);
	else
		putf(l, "%" PRId32, sig);
}

/* The errno a reader returned, or 0 for a value that is not one. */
static int read_errno(int r)
{
	return r < 0 && r > -4096 ? -r : 0;
}

struct guest_str {
	size_t len;     /* bytes in s */
	bool nul;       /* s[len] is the string's NUL */
	int err;        /* no NUL: the errno of the read that stopped it */
};

/* Read up to CAP bytes of the string at ADDR into S, a page at a time; a
 * failed read is retried in halves down to one byte, so that the string
 * is read up to the first byte the reader refuses. */
static struct guest_str read_str(trace_read_fn rd, void *ctx, uint64_t addr,
				 char *s, size_t cap)
{
	struct guest_str g = { 0 };
	size_t step = cap;

	while (g.len < cap) {
		uint64_t at = addr + g.len;
		if (at < addr) {        /* past the top of the address space */
			g.err = EFAULT;
			break;
		}
		size_t n = cap - g.len;
		if (n > step)
			n = step;
		if (n > GUEST_PAGE - at % GUEST_PAGE)
			n = GUEST_PAGE - at % GUEST_PAGE;
		int r = rd(ctx, at, s + g.len, n);
		if (r == 0) {
			char *z = memchr(s + g.len, '\0', n);
			if (z) {
				g.len = (size_t)(z - s);
				g.nul = true;
				break;
			}
			g.len += n;
		} else if (n > 1) {
			step = n / 2;
		} else {
			g.err = read_errno(r);
			break;
		}
	}
	return g;
}

static void put_escaped(struct line *l, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !l->cut; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\n':
			put(l, "\\n", 2);
			break;
		case '\t':
			put(l, "\\t", 2);
			break;
		case '"':
			put(l, "\\\"", 2);
			break;
		case '\\':
			put(l, "\\\\", 2);
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				put(l, (const char *)&c, 1);
			else
				putf(l, "\\x%02x", c);
		}
	}
}

static const char *errno_name(int err)
{
	const char *name = err > 0 ? strerrorname_np(err) : NULL;
	return name ? name : "unreadable";
}

static void put_string(struct line *l, uint64_t addr, trace_read_fn rd,
		       void *ctx)
{
	/* One more than is shown: a string of exactly TRACE_STR_MAX bytes
	 * has its NUL there and is whole. */
	char s[TRACE_STR_MAX + 1];

	if (addr == 0) {
		puts_(l, "NULL");
		return;
	}
	if (!rd) {
		put_hex(l, addr);
		return;
	}
	/* Nothing more will be shown: no need to read the guest. */
	if (l->cut)
		return;
	struct guest_str g = read_str(rd, ctx, addr, s, sizeof s);
	if (g.len == 0 && !g.nul) {
		putf(l, "0x%" PRIx64 " /* %s */", addr, errno_name(g.err));
		return;
	}
	size_t shown = g.len < TRACE_STR_MAX ? g.len : TRACE_STR_MAX;
	put(l, "\"", 1);
	put_escaped(l, s, shown);
	put(l, "\"", 1);
	if (g.nul)
		return;
	puts_(l, "...");
	if (g.len < sizeof s)
		putf(l, " /* %s at 0x%" PRIx64 " */", errno_name(g.err),
		     addr + g.len);
}

static void put_arg(struct line *l, const struct sys_info *row,
		    enum arg_kind kind, uint64_t v, trace_read_fn rd,
		    void *ctx)
{
	switch (kind) {
	case ARG_INT:
	case ARG_FD:
	case ARG_PID:
		putf(l, "%" PRId32, as_int(v));
		break;
	case ARG_DIRFD:
		if (as_int(v) == -100)  /* AT_FDCWD */
			puts_(l, "AT_FDCWD");
		else
			putf(l, "%" PRId32, as_int(v));
		break;
	case ARG_UINT:
	case ARG_UID:
		putf(l, "%" PRIu32, (uint32_t)v);
		break;
	case ARG_SIZE:
		putf(l, "%" PRIu64, v);
		break;
	case ARG_OFF:
		putf(l, "%" PRId64, (int64_t)v);
		break;
	case ARG_PATH:
	case ARG_STR:
		put_string(l, v, rd, ctx);
		break;
	case ARG_PTR:
	case ARG_BUF:
	case ARG_OUTBUF:
	case ARG_ADDR:
		put_ptr(l, v);
		break;
	case ARG_OFLAGS:
		put_oflags(l, v);
		break;
	case ARG_MODE:
		put_mode(l, v);
		break;
	case ARG_ATFLAGS:
		put_atflags(l, v, row->name);
		break;
	case ARG_SIGNUM:
		put_signum(l, v);
		break;
	case ARG_NA:
	case ARG_HEX:
	default:
		put_hex(l, v);
		break;
	}
}

size_t trace_format_call(char *out, size_t cap, long nr,
			 const uint64_t args[6], trace_read_fn rd, void *ctx)
{
	const struct sys_info *row = sys_lookup(nr);
	struct line l;

	line_init(&l, out, cap);
	if (!row->name) {
		putf(&l, "syscall_%ld(", nr);
		for (size_t i = 0; i < 6; i++) {
			if (i > 0)
				put(&l, ", ", 2);
			put_hex(&l, args[i]);
		}
	} else {
		size_t n = row->nargs < 6 ? row->nargs : 6;
		bool creating = true;
		putf(&l, "%s(", row->name);
		for (size_t i = 0; i < n; i++) {
			/* open(2): "If neither O_CREAT nor O_TMPFILE is
			 * specified, then mode is ignored" (mq_open's
			 * attributes after it too), as strace leaves it out. */
			if (row->args[i] == ARG_MODE && !creating)
				break;
			if (row->args[i] == ARG_OFLAGS)
				creating = (args[i] & (O_CREAT_BIT |
						       O_TMPFILE_BIT)) != 0;
			if (i > 0)
				put(&l, ", ", 2);
			put_arg(&l, row, row->args[i], args[i], rd, ctx);
		}
	}
	put(&l, ")", 1);
	return line_end(&l, cap);
}

/* The name of ERR and its text (*DESC, may be NULL), or NULL. */
static const char *errno_text(int err, const char **desc)
{
	const char *name = strerrorname_np(err);

	*desc = strerrordesc_np(err);
	if (name)
		return name;
	for (size_t i = 0; i < ARRAY_SIZE(kernel_errnos); i++) {
		if (kernel_errnos[i].err == err) {
			*desc = kernel_errnos[i].desc;
			return kernel_errnos[i].name;
		}
	}
	return NULL;
}

size_t trace_format_result(char *out, size_t cap, long ret)
{
	struct line l;

	line_init(&l, out, cap);
	if (ret < 0 && ret >= -4095) {
		int err = (int)-ret;
		const char *desc;
		const char *name = errno_text(err, &desc);
		puts_(&l, "= -1");
		if (name)
			putf(&l, " %s", name);
		else
			putf(&l, " errno %d", err);
		if (name && desc)
			putf(&l, " (%s)", desc);
	} else if ((uint64_t)ret <= UINT32_MAX) {
		putf(&l, "= %" PRIu64, (uint64_t)ret);
	} else {
		putf(&l, "= 0x%" PRIx64, (uint64_t)ret);
	}
	return line_end(&l, cap);
}
