/* The reviewed subset of x86-64 system calls.
 *
 * syscalls/table.def has one row per syscall number; this header turns the
 * rows into a lookup table.  Every list of syscalls in moat (the guest
 * filter, the dispatch table, trace decoding, `moat policy --dump`) is taken
 * from it, so that there is no second list to drift apart. */
#ifndef MOAT_SYSCALLS_TABLE_H
#define MOAT_SYSCALLS_TABLE_H

#include <stddef.h>

/* What the guest filter does with a syscall. */
enum sys_class {
	CLASS_NONE = 0, /* no row: refused with ENOSYS */
	CLASS_PASS,     /* allowed straight to the host kernel */
	CLASS_PASSARG,  /* allowed when its arguments pass the rule in
			   sentry/filter.c, otherwise refused with the errno */
	CLASS_EMULATE,  /* trapped and handled by the sentry */
	CLASS_DENY,     /* refused with the row's errno */
};

/* Argument kinds, for decoding traces. */
enum arg_kind {
	ARG_NA = 0,    /* no such argument */
	ARG_INT,       /* signed integer */
	ARG_UINT,      /* unsigned integer */
	ARG_HEX,       /* flags or a value best shown in hex */
	ARG_FD,        /* file descriptor */
	ARG_DIRFD,     /* dirfd (AT_FDCWD shown by name) */
	ARG_PATH,      /* NUL-terminated path in guest memory */
	ARG_STR,       /* NUL-terminated string (not a path) */
	ARG_PTR,       /* pointer to a structure or buffer */
	ARG_BUF,       /* buffer the guest gives (length in the next arg) */
	ARG_OUTBUF,    /* buffer the kernel fills */
	ARG_SIZE,      /* a length */
	ARG_OFF,       /* a 64-bit file offset or length (off_t, loff_t) */
	ARG_OFLAGS,    /* open(2) flags */
	ARG_MODE,      /* file mode bits */
	ARG_ATFLAGS,   /* AT_* flags */
	ARG_SIGNUM,    /* signal number */
	ARG_PID,       /* process or thread id */
	ARG_UID,       /* user or group id */
	ARG_ADDR,      /* an address */
};

struct sys_info {
	const char *name;       /* NULL for a number without a row */
	enum sys_class cls;
	int err;                /* errno for DENY (and PASSARG refusals) */
	const char *reason;     /* the review decision, one line */
	unsigned char nargs;
	enum arg_kind args[6];
};

/* One past the highest syscall number with a row. */
#define SYS_TABLE_SIZE 512

/* The row for NR, or a row with name NULL and CLASS_NONE. */
const struct sys_info *sys_lookup(long nr);

/* Number for NAME, or -1. */
long sys_number(const char *name);

/* Counts per class, for `moat policy --dump` and the tests. */
size_t sys_count(enum sys_class cls);

#endif
