/* The gofer's own seccomp allowlist: the calls gofer_serve() makes and
 * nothing else (checked with strace against the unit tests and by hand).
 * Anything else kills the gofer: a gofer that tries something new is
 * either a bug or compromised, and the sentry then sees the socket close.
 *
 * Arguments are checked where a number decides: the socket calls only on
 * the gofer's socket, fcntl only for the file status flags, no executable
 * memory.
 *
 * The rules are one table, `rules` below; gofer_filter_install() loads it
 * and gofer_filter_dump() prints it for `moat policy --dump gofer` (moat
 * links this file too). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <seccomp.h>

#include "gofer/confine.h"

/* Newer than libseccomp 2.5.4's table and the installed headers; libseccomp
 * takes a plain number for the native architecture. */
#define NR_fchmodat2     452
#define NR_setxattrat    463
#define NR_getxattrat    464
#define NR_listxattrat   465
#define NR_removexattrat 466

/* One comparison; op 0 marks an unused slot.  MASKED_EQ: (arg & a) == b. */
struct cmp {
	unsigned int arg;
	enum scmp_compare op;
	uint64_t a, b;
	bool sock;              /* compare with the gofer's socket, not a */
	const char *text;       /* for the dump */
};

struct rule {
	int nr;
	const char *name;
	struct cmp cmp[2];      /* all must hold */
	bool debug;             /* only with --debug (always in an ASan build) */
	const char *why;
};

#define ALLOW(sys, why_) { .nr = SCMP_SYS(sys), .name = #sys, .why = why_ }
#define ALLOW_NR(nr_, why_) { .nr = NR_##nr_, .name = #nr_, .why = why_ }
#define ALLOW_IF(sys, why_, ...) \
	{ .nr = SCMP_SYS(sys), .name = #sys, .why = why_, .cmp = { __VA_ARGS__ } }
#define IS_SOCK(i)    { i, SCMP_CMP_EQ, 0, 0, true, "arg" #i " == gofer socket" }
#define EQ(i, v)      { i, SCMP_CMP_EQ, (uint64_t)(v), 0, false, "arg" #i " == " #v }
#define NONE_OF(i, m) { i, SCMP_CMP_MASKED_EQ, (uint64_t)(m), 0, false, \
			"arg" #i " has none of " #m }

static const struct rule rules[] = {
	/* paths, each beneath a handle (gofer/server.c) */
	ALLOW(openat2, "all opens: RESOLVE_BENEATH|NO_SYMLINKS"),
	ALLOW(newfstatat, "fstat, fstatat"),
	ALLOW(statx, "stat"),
	ALLOW(faccessat2, "access"),
	ALLOW(readlinkat, "readlink"),
	ALLOW(mkdirat, "mkdir"),
	ALLOW(mknodat, "mknod"),
	ALLOW(unlinkat, "unlink, rmdir"),
	ALLOW(renameat2, "rename"),
	ALLOW(linkat, "link"),
	ALLOW(symlinkat, "symlink"),
	ALLOW_NR(fchmodat2, "chmod"),
	ALLOW(fchmod, "chmod before 6.6, on a file opened for it"),
	ALLOW(fchownat, "chown"),
	ALLOW(ftruncate, "truncate"),
	ALLOW(utimensat, "utimes"),
	ALLOW(fstatfs, "statfs"),
	ALLOW_NR(getxattrat, "xattrs"),
	ALLOW_NR(setxattrat, "xattrs"),
	ALLOW_NR(listxattrat, "xattrs"),
	ALLOW_NR(removexattrat, "xattrs"),
	ALLOW(fgetxattr, "xattrs before 6.13, on a file opened for it"),
	ALLOW(fsetxattr, "the same"),
	ALLOW(flistxattr, "the same"),
	ALLOW(fremovexattr, "the same"),
	/* unix sockets of the guest, bound or connected from their parent */
	ALLOW(fchdir, "a guest's unix socket is bound from its parent directory"),
	ALLOW(bind, "a guest's unix socket, by path"),
	ALLOW(connect, "the same"),
	ALLOW(umask, "the socket file's mode at bind"),
	ALLOW(close, "fds"),
	/* the request socket only */
	ALLOW_IF(recvmsg, "requests (the guest's socket with BIND, CONNECT)", IS_SOCK(0)),
	ALLOW_IF(sendmsg, "replies (an fd with OPEN)", IS_SOCK(0)),
	/* O_NONBLOCK around a guest socket's connect, and cleared after an
	 * open (the guest socket may be any fd) */
	ALLOW_IF(fcntl, "O_NONBLOCK around a connect and after an open", EQ(1, F_GETFL)),
	ALLOW_IF(fcntl, "the same", EQ(1, F_SETFL)),
	ALLOW_IF(getsockopt, "the socket's type, checked at start",
		 EQ(1, SOL_SOCKET), EQ(2, SO_TYPE)),
	/* malloc, exit; never executable memory */
	ALLOW(brk, "malloc"),
	ALLOW_IF(mmap, "malloc", NONE_OF(2, PROT_EXEC)),
	ALLOW_IF(mprotect, "malloc", NONE_OF(2, PROT_EXEC)),
	ALLOW(munmap, "free"),
	ALLOW(exit_group, "exit"),
	ALLOW(exit, "exit"),
	ALLOW(restart_syscall, "a wait interrupted by a stop signal"),
#if GOFER_SANITIZED
	ALLOW(sigaltstack, "ASan tears down its signal stack at exit"),
#endif
	{ .nr = SCMP_SYS(write), .name = "write", .debug = true,
	  .cmp = { EQ(0, 2) }, .why = "--debug messages (and ASan's reports)" },
};

static int add_rules(scmp_filter_ctx ctx, int sock, bool debug)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];
		struct scmp_arg_cmp c[2];
		unsigned int n = 0;
		int err;

		if (r->debug && !debug && !GOFER_SANITIZED)
			continue;
		for (; n < 2 && r->cmp[n].op; n++)
			c[n] = (struct scmp_arg_cmp){
				.arg = r->cmp[n].arg, .op = r->cmp[n].op,
				.datum_a = r->cmp[n].sock ? (unsigned)sock : r->cmp[n].a,
				.datum_b = r->cmp[n].b,
			};
		if ((err = seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, r->nr, n, c)))
			return err;
	}
	return 0;
}

int gofer_filter_install(int sock, bool debug)
{
	scmp_filter_ctx ctx;
	int err;

	ctx = seccomp_init(debug ? SCMP_ACT_LOG : SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		return -ENOMEM;
	/* A foreign architecture (i386 via int 0x80) or an x32 number is
	 * never a call of ours. */
	if ((err = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
				    SCMP_ACT_KILL_PROCESS)) ||
	    (err = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1)) ||
	    (err = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) ||
	    (err = add_rules(ctx, sock, debug)) ||
	    (err = seccomp_load(ctx)))
		goto out;
out:
	seccomp_release(ctx);
	return err;
}

unsigned gofer_filter_dump(FILE *f)
{
	const size_t n = sizeof(rules) / sizeof(rules[0]);
	unsigned nsys = 0, nrules = 0;

	fprintf(f, "# moat-gofer allowlist, x86-64 (gofer/filter.c): loaded before the\n"
		   "# first request.  Any other call, or another architecture, kills the\n"
		   "# gofer (--debug: logged to the kernel log and allowed).\n");
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = &rules[i];
		char cond[160] = "";
		bool first = true;

		for (unsigned int k = 0; k < 2 && r->cmp[k].op; k++) {
			size_t len = strlen(cond);
			snprintf(cond + len, sizeof(cond) - len, "%s%s",
				 len ? ", " : "", r->cmp[k].text);
		}
		if (!cond[0])
			snprintf(cond, sizeof(cond), "any arguments");
		fprintf(f, "  %-18s %-56s %s%s\n", r->name, cond, r->why,
			r->debug && !GOFER_SANITIZED ? " [--debug only]" : "");
		if (r->debug && !GOFER_SANITIZED)
			continue;
		nrules++;
		/* A syscall counts once, however many rules it has. */
		for (size_t j = 0; j < i && first; j++)
			if (rules[j].nr == r->nr &&
			    (!rules[j].debug || GOFER_SANITIZED))
				first = false;
		nsys += first;
	}
	fprintf(f, "# gofer: %u syscalls allowed (%u rules), anything else kills the "
		   "gofer\n", nsys, nrules);
	return nsys;
}
