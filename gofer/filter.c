/* The gofer's own seccomp allowlist: the calls gofer_serve() makes and
 * nothing else (checked with strace against the unit tests and by hand).
 * Anything else kills the gofer: a gofer that tries something new is
 * either a bug or compromised, and the sentry then sees the socket close.
 *
 * Arguments are checked where a number decides: the socket calls only on
 * the gofer's socket, fcntl only for the file status flags, no executable
 * memory. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
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

/* Allowed whatever the arguments. */
static const int plain[] = {
	/* paths, each beneath a handle (gofer/server.c) */
	SCMP_SYS(openat2),      /* all opens: RESOLVE_BENEATH|NO_SYMLINKS */
	SCMP_SYS(newfstatat),   /* fstat, fstatat */
	SCMP_SYS(statx),
	SCMP_SYS(faccessat2),
	SCMP_SYS(readlinkat),
	SCMP_SYS(mkdirat),
	SCMP_SYS(mknodat),
	SCMP_SYS(unlinkat),
	SCMP_SYS(renameat2),
	SCMP_SYS(linkat),
	SCMP_SYS(symlinkat),
	NR_fchmodat2,
	SCMP_SYS(fchmod),       /* chmod before 6.6, on a file opened for it */
	SCMP_SYS(fchownat),
	SCMP_SYS(ftruncate),
	SCMP_SYS(utimensat),
	SCMP_SYS(fstatfs),
	NR_getxattrat, NR_setxattrat, NR_listxattrat, NR_removexattrat,
	/* xattrs before 6.13, on a file opened for it */
	SCMP_SYS(fgetxattr), SCMP_SYS(fsetxattr), SCMP_SYS(flistxattr),
	SCMP_SYS(fremovexattr),
	/* unix sockets of the guest, bound or connected from their parent */
	SCMP_SYS(fchdir),
	SCMP_SYS(bind),
	SCMP_SYS(connect),
	SCMP_SYS(umask),        /* the socket file's mode at bind */
	SCMP_SYS(close),
	/* malloc, exit */
	SCMP_SYS(brk),
	SCMP_SYS(munmap),
	SCMP_SYS(exit_group),
	SCMP_SYS(exit),
	SCMP_SYS(restart_syscall),
#if GOFER_SANITIZED
	SCMP_SYS(sigaltstack),
#endif
};

/* Allowed only when argument ARG compares to A (under MASK, if given). */
struct arg_rule {
	int nr;
	unsigned int arg;
	enum scmp_compare op;
	uint64_t a, b;
};

static int add(scmp_filter_ctx ctx, const struct arg_rule *r, size_t n)
{
	struct scmp_arg_cmp c[2];

	for (size_t i = 0; i < n; i++)
		c[i] = (struct scmp_arg_cmp){
			.arg = r[i].arg, .op = r[i].op,
			.datum_a = r[i].a, .datum_b = r[i].b,
		};
	return seccomp_rule_add_array(ctx, SCMP_ACT_ALLOW, r[0].nr, (unsigned)n, c);
}

static int add_rules(scmp_filter_ctx ctx, int sock, bool debug)
{
	const uint64_t fd = (unsigned)sock;
	/* One rule per row; getsockopt's row needs both comparisons. */
	const struct arg_rule one[] = {
		/* the request socket only */
		{ SCMP_SYS(recvmsg), 0, SCMP_CMP_EQ, fd, 0 },
		{ SCMP_SYS(sendmsg), 0, SCMP_CMP_EQ, fd, 0 },
		/* O_NONBLOCK around a guest socket's connect, and cleared
		 * after an open (the guest socket may be any fd) */
		{ SCMP_SYS(fcntl), 1, SCMP_CMP_EQ, F_GETFL, 0 },
		{ SCMP_SYS(fcntl), 1, SCMP_CMP_EQ, F_SETFL, 0 },
		/* malloc; never executable memory */
		{ SCMP_SYS(mmap), 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0 },
		{ SCMP_SYS(mprotect), 2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0 },
	};
	const struct arg_rule so_type[] = {
		{ SCMP_SYS(getsockopt), 1, SCMP_CMP_EQ, SOL_SOCKET, 0 },
		{ SCMP_SYS(getsockopt), 2, SCMP_CMP_EQ, SO_TYPE, 0 },
	};
	const struct arg_rule to_stderr = { SCMP_SYS(write), 0, SCMP_CMP_EQ, 2, 0 };
	int err;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if ((err = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0)))
			return err;
	for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++)
		if ((err = add(ctx, &one[i], 1)))
			return err;
	if ((err = add(ctx, so_type, 2)))
		return err;
	if ((debug || GOFER_SANITIZED) && (err = add(ctx, &to_stderr, 1)))
		return err;
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
