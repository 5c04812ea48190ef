/* Shared helpers for the conformance programs.
 *
 * Each program in tests/conformance/ is a standalone cmocka program for one
 * syscall family.  It must pass natively first; the runner then runs the
 * same binary under a sandbox prefix and compares case by case.  Programs
 * work in a private scratch directory so that they can run side by side,
 * natively or inside a sandbox, without seeing each other's files. */
#ifndef MOAT_CONFORMANCE_COMMON_H
#define MOAT_CONFORMANCE_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <ftw.h>
#include <sys/stat.h>

/* Assert that EXPR fails with errno ERR (and returns -1). */
#define assert_errno(expr, err)                                          \
	do {                                                             \
		errno = 0;                                               \
		long ret_ = (long)(expr);                                \
		int errno_ = errno;                                      \
		if (ret_ != -1 || errno_ != (err))                       \
			fail_msg("%s: expected -1/%s, got %ld/%s", #expr, \
				 strerrorname_np(err), ret_,             \
				 errno_ ? strerrorname_np(errno_) : "0"); \
	} while (0)

/* Assert that EXPR succeeds (does not return -1), and keep its value. */
#define assert_ok(expr)                                                  \
	({                                                               \
		errno = 0;                                               \
		long ret_ = (long)(expr);                                \
		if (ret_ == -1)                                          \
			fail_msg("%s: failed with %s", #expr,            \
				 strerrorname_np(errno));                \
		ret_;                                                    \
	})

/* Skip the current case, printing why, so that a skip is never silent. */
#define skip_because(...)                                                \
	do {                                                             \
		print_message("SKIP-REASON: " __VA_ARGS__);              \
		print_message("\n");                                     \
		skip();                                                  \
	} while (0)

static char conf_scratch[PATH_MAX];

static int conf_rm_cb(const char *p, const struct stat *sb, int flag,
		      struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	remove(p); /* best effort: a leftover scratch file is harmless */
	return 0;
}

/* Group setup: make a scratch directory under $TMPDIR (or /tmp) and chdir
 * into it; every case uses relative names inside it. */
static inline int conf_setup(void **state)
{
	(void)state;
	const char *base = getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	snprintf(conf_scratch, sizeof conf_scratch, "%s/moat-conf-XXXXXX", base);
	if (!mkdtemp(conf_scratch) || chdir(conf_scratch) != 0)
		return -1;
	return 0;
}

static inline int conf_teardown(void **state)
{
	(void)state;
	if (chdir("/") != 0)
		return -1;
	nftw(conf_scratch, conf_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* Run all cases of a program with the scratch directory set up. */
#define conf_run(tests) \
	cmocka_run_group_tests(tests, conf_setup, conf_teardown)

#endif
