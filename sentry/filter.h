/* The guest's seccomp filter, built from syscalls/table.def with libseccomp.
 *
 *   PASS     -> ALLOW
 *   EMULATE  -> NOTIFY (seccomp platform) or TRACE (ptrace platform)
 *   DENY     -> ERRNO(row errno)
 *   PASSARG  -> ALLOW or ERRNO(row errno), by the argument rule in filter.c
 *   no row   -> ERRNO(ENOSYS)
 *   i386 (int $0x80) and x32 numbers -> the task is killed (SIGSYS)
 *
 * The caller sets NO_NEW_PRIVS and loads the program itself, e.g. with
 * seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER |
 * SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &prog). */
#ifndef MOAT_SENTRY_FILTER_H
#define MOAT_SENTRY_FILTER_H

#include <errno.h>
#include <linux/filter.h>
#include <stdio.h>

enum trap_mode {
	FILTER_NOTIFY,     /* EMULATE rows -> SECCOMP_RET_USER_NOTIF */
	FILTER_TRACE,      /* EMULATE rows -> SECCOMP_RET_TRACE */
	FILTER_ERRNO_TEST, /* EMULATE rows -> ERRNO(FILTER_TEST_ERRNO), so that a
			    test can load the filter without a supervisor */
};

/* The errno of EMULATE rows in FILTER_ERRNO_TEST mode: one no row of the
 * table uses, and that no trapped call could return by itself. */
#define FILTER_TEST_ERRNO EHWPOISON

/* Build the filter.  On success *out holds a malloc'd program (free it with
 * guest_filter_free) and 0 is returned; otherwise a negative errno
 * (-EINVAL: a PASSARG row without an argument rule, or a rule without a
 * PASSARG row). */
int guest_filter_build(enum trap_mode mode, struct sock_fprog *out);

void guest_filter_free(struct sock_fprog *prog);

/* Every row with its class, errno and reason, the argument rules, and the
 * counts per class: `moat policy --dump`. */
void guest_filter_dump(FILE *f);

#endif
