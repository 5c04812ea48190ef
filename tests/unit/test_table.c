/* syscalls/table.def against the kernel headers, libseccomp's own syscall
 * list, and the classification rules of the review: which rows must be
 * emulated, which must be denied, and what every row must carry. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <cmocka.h>
#include <seccomp.h>

#include "syscalls/table.h"

/* Numbers newer than the installed 6.1 headers, from the kernel's
 * arch/x86/entry/syscalls/syscall_64.tbl; newer headers define them. */
#ifndef __NR_cachestat
#define __NR_cachestat 451
#endif
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif
#ifndef __NR_map_shadow_stack
#define __NR_map_shadow_stack 453
#endif
#ifndef __NR_futex_wake
#define __NR_futex_wake 454
#endif
#ifndef __NR_futex_wait
#define __NR_futex_wait 455
#endif
#ifndef __NR_futex_requeue
#define __NR_futex_requeue 456
#endif
#ifndef __NR_statmount
#define __NR_statmount 457
#endif
#ifndef __NR_listmount
#define __NR_listmount 458
#endif
#ifndef __NR_lsm_get_self_attr
#define __NR_lsm_get_self_attr 459
#endif
#ifndef __NR_lsm_set_self_attr
#define __NR_lsm_set_self_attr 460
#endif
#ifndef __NR_lsm_list_modules
#define __NR_lsm_list_modules 461
#endif
#ifndef __NR_mseal
#define __NR_mseal 462
#endif
#ifndef __NR_setxattrat
#define __NR_setxattrat 463
#endif
#ifndef __NR_getxattrat
#define __NR_getxattrat 464
#endif
#ifndef __NR_listxattrat
#define __NR_listxattrat 465
#endif
#ifndef __NR_removexattrat
#define __NR_removexattrat 466
#endif
#ifndef __NR_open_tree_attr
#define __NR_open_tree_attr 467
#endif
#ifndef __NR_file_getattr
#define __NR_file_getattr 468
#endif
#ifndef __NR_file_setattr
#define __NR_file_setattr 469
#endif

/* Each row's number next to the header's __NR_ constant of its name: a
 * misspelt name does not compile, a wrong number fails below. */
static const struct {
	long nr;
	const char *name;
	long header_nr;
} rows[] = {
#define SYSCALL(nr, name, ...) { nr, #name, __NR_##name },
#include "syscalls/table.def"
#undef SYSCALL
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

static void row_numbers_match_header_constants(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		if (rows[i].nr != rows[i].header_nr)
			fail_msg("row %ld %s: the headers say %ld", rows[i].nr,
				 rows[i].name, rows[i].header_nr);
		assert_string_equal(sys_lookup(rows[i].nr)->name, rows[i].name);
		assert_int_equal(sys_number(rows[i].name), rows[i].nr);
	}
}

static void rows_are_in_number_order(void **state)
{
	(void)state;
	for (size_t i = 1; i < NROWS; i++)
		if (rows[i].nr <= rows[i - 1].nr)
			fail_msg("row %s (%ld) after %s (%ld)", rows[i].name,
				 rows[i].nr, rows[i - 1].name, rows[i - 1].nr);
}

/* Every "#define __NR_name N" of the installed x86-64 header has the row N
 * named name, and there is no other row up to the header's highest number. */
static void every_header_syscall_has_a_row(void **state)
{
	static const char *const paths[] = {
		"/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
		"/usr/include/asm/unistd_64.h",
	};
	FILE *f = NULL;
	char line[256], name[128];
	long nr, highest = -1;
	size_t defines = 0, rows_upto = 0;

	(void)state;
	for (size_t i = 0; !f && i < sizeof(paths) / sizeof(paths[0]); i++)
		f = fopen(paths[i], "r");
	if (!f)
		skip();
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "#define __NR_%127s %ld", name, &nr) != 2)
			continue;
		const struct sys_info *row = sys_lookup(nr);
		if (!row->name || strcmp(row->name, name) != 0)
			fail_msg("header: %s = %ld; table: %s", name, nr,
				 row->name ? row->name : "no row");
		defines++;
		if (nr > highest)
			highest = nr;
	}
	fclose(f);
	assert_true(defines >= 362); /* 0-334 and 424-450 in Linux 6.1 */
	for (long n = 0; n <= highest; n++)
		rows_upto += sys_lookup(n)->name != NULL;
	assert_int_equal(rows_upto, defines);
}

/* libseccomp carries its own x86-64 list (to 456 in Debian's 2.5.4). */
static void rows_match_libseccomp_names(void **state)
{
	(void)state;
	for (long nr = 0; nr < SYS_TABLE_SIZE; nr++) {
		char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, (int)nr);
		if (!name)
			continue;
		const char *ours = sys_lookup(nr)->name;
		if (!ours || strcmp(ours, name) != 0)
			fail_msg("libseccomp: %ld is %s; table: %s", nr, name,
				 ours ? ours : "no row");
		free(name);
	}
}

static void no_row_between_334_and_424(void **state)
{
	(void)state;
	for (long nr = 335; nr < 424; nr++)
		assert_null(sys_lookup(nr)->name);
	assert_string_equal(sys_lookup(469)->name, "file_setattr");
	for (long nr = 470; nr < SYS_TABLE_SIZE; nr++)
		assert_null(sys_lookup(nr)->name);
}

static void every_row_has_a_reason_and_a_fitting_errno(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct sys_info *row = sys_lookup(rows[i].nr);
		if (!row->reason || strlen(row->reason) < 8)
			fail_msg("%s: no reason", row->name);
		switch (row->cls) {
		case CLASS_PASS:
		case CLASS_EMULATE:
			if (row->err != 0)
				fail_msg("%s: errno on a PASS/EMULATE row", row->name);
			break;
		case CLASS_DENY:
			if (row->err != EPERM && row->err != ENOSYS)
				fail_msg("%s: DENY errno %d, not EPERM or ENOSYS",
					 row->name, row->err);
			break;
		case CLASS_PASSARG:
			if (row->err <= 0)
				fail_msg("%s: PASSARG without errno", row->name);
			break;
		case CLASS_NONE:
			fail_msg("%s: no class", row->name);
		}
	}
}

/* The gofer door: the rows that name a file, exactly, and the fd calls
 * that change a file (their fd may be on the guest's read-only view). */
static const char *const emulated[] = {
	"open", "openat", "openat2", "creat", "stat", "lstat", "newfstatat",
	"statx", "access", "faccessat", "faccessat2", "readlink", "readlinkat",
	"mkdir", "mkdirat", "mknod", "mknodat", "rmdir", "unlink", "unlinkat",
	"rename", "renameat", "renameat2", "link", "linkat", "symlink",
	"symlinkat", "chmod", "fchmodat", "fchmodat2", "chown", "lchown",
	"fchownat", "truncate", "utime", "utimes", "futimesat", "utimensat",
	"statfs", "getxattr", "lgetxattr", "setxattr", "lsetxattr", "listxattr",
	"llistxattr", "removexattr", "lremovexattr", "inotify_add_watch",
	"bind", "connect", "execve", "execveat", "chdir",
	"fchmod", "fchown", "fsetxattr", "fremovexattr",
};

static void emulate_rows_are_exactly_the_file_calls(void **state)
{
	const size_t n = sizeof(emulated) / sizeof(emulated[0]);

	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct sys_info *row = sys_lookup(rows[i].nr);
		bool listed = in_list(row->name, emulated, n);
		if (listed != (row->cls == CLASS_EMULATE))
			fail_msg("%s: %s", row->name,
				 listed ? "must be EMULATE" : "must not be EMULATE");
	}
	assert_int_equal(sys_count(CLASS_EMULATE), n);
}

/* A path argument is resolved by whoever runs the call; only the sentry
 * may do that (or refuse it). */
static void no_passed_row_takes_a_path(void **state)
{
	(void)state;
	for (size_t i = 0; i < NROWS; i++) {
		const struct sys_info *row = sys_lookup(rows[i].nr);
		if (row->cls != CLASS_PASS && row->cls != CLASS_PASSARG)
			continue;
		for (int a = 0; a < 6; a++)
			if (row->args[a] == ARG_PATH)
				fail_msg("%s passes but takes a path (arg %d)", row->name, a);
	}
}

static void required_rows_are_denied(void **state)
{
	static const char *const eperm[] = {
		"bpf", "userfaultfd", "perf_event_open", "mount", "umount2",
		"fsopen", "fsconfig", "fsmount", "fspick", "move_mount",
		"open_tree", "open_tree_attr", "mount_setattr", "pivot_root",
		"chroot", "ptrace", "process_vm_writev", "kexec_load",
		"kexec_file_load", "init_module", "finit_module", "delete_module",
		"open_by_handle_at", "iopl", "ioperm", "reboot", "swapon",
		"swapoff", "settimeofday", "clock_settime", "clock_adjtime",
		"adjtimex", "setns", "acct", "quotactl", "quotactl_fd", "vhangup",
		"pidfd_getfd", "syslog", "fanotify_init",
	};
	static const char *const enosys[] = {
		"io_uring_setup", "io_uring_enter", "io_uring_register",
		"keyctl", "add_key", "request_key", "name_to_handle_at",
		"lookup_dcookie", "create_module", "get_kernel_syms",
		"query_module", "nfsservctl", "sysfs", "uselib", "ustat",
		"_sysctl", "lsm_get_self_attr", "lsm_set_self_attr",
		"lsm_list_modules", "statmount", "listmount", "clone3",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(eperm) / sizeof(eperm[0]); i++) {
		const struct sys_info *row = sys_lookup(sys_number(eperm[i]));
		if (row->cls != CLASS_DENY || row->err != EPERM)
			fail_msg("%s: must be DENY EPERM", eperm[i]);
	}
	for (size_t i = 0; i < sizeof(enosys) / sizeof(enosys[0]); i++) {
		const struct sys_info *row = sys_lookup(sys_number(enosys[i]));
		if (row->cls != CLASS_DENY || row->err != ENOSYS)
			fail_msg("%s: must be DENY ENOSYS", enosys[i]);
	}
}

static void argument_checked_rows(void **state)
{
	static const char *const passarg[] = {
		"clone", "unshare", "ioctl", "fcntl", "socket", "socketpair",
		"prctl", "personality", "seccomp",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(passarg) / sizeof(passarg[0]); i++)
		assert_int_equal(sys_lookup(sys_number(passarg[i]))->cls, CLASS_PASSARG);
	assert_int_equal(sys_lookup(__NR_socket)->err, EAFNOSUPPORT);
	assert_int_equal(sys_lookup(__NR_clone)->err, EPERM);
	/* fork and vfork carry no flags; umask is the task's own. */
	assert_int_equal(sys_lookup(__NR_fork)->cls, CLASS_PASS);
	assert_int_equal(sys_lookup(__NR_umask)->cls, CLASS_PASS);
}

static void lookup_and_number(void **state)
{
	const struct sys_info *row;

	(void)state;
	assert_int_equal(sys_number("openat"), 257);
	assert_int_equal(sys_number("read"), 0);
	assert_int_equal(sys_number("file_setattr"), 469);
	assert_int_equal(sys_number("no_such_call"), -1);
	assert_int_equal(sys_number(""), -1);

	row = sys_lookup(257);
	assert_string_equal(row->name, "openat");
	assert_int_equal(row->cls, CLASS_EMULATE);
	assert_int_equal(row->nargs, 4);
	assert_int_equal(row->args[0], ARG_DIRFD);
	assert_int_equal(row->args[1], ARG_PATH);
	assert_int_equal(row->args[2], ARG_OFLAGS);
	assert_int_equal(row->args[3], ARG_MODE);
	assert_int_equal(row->args[4], ARG_NA);

	assert_int_equal(sys_lookup(__NR_getppid)->nargs, 0);
	assert_int_equal(sys_lookup(__NR_mmap)->nargs, 6);

	static const long missing[] = { -1, 335, 400, 423, 470, 1000,
					SYS_TABLE_SIZE, 0x40000000 };
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		row = sys_lookup(missing[i]);
		assert_null(row->name);
		assert_int_equal(row->cls, CLASS_NONE);
	}
}

static void counts_add_up(void **state)
{
	(void)state;
	assert_int_equal(sys_count(CLASS_PASS) + sys_count(CLASS_PASSARG) +
			 sys_count(CLASS_EMULATE) + sys_count(CLASS_DENY), NROWS);
	assert_int_equal(NROWS, 335 + 27 + 19); /* 0-334, 424-450, 451-469 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(row_numbers_match_header_constants),
		cmocka_unit_test(rows_are_in_number_order),
		cmocka_unit_test(every_header_syscall_has_a_row),
		cmocka_unit_test(rows_match_libseccomp_names),
		cmocka_unit_test(no_row_between_334_and_424),
		cmocka_unit_test(every_row_has_a_reason_and_a_fitting_errno),
		cmocka_unit_test(emulate_rows_are_exactly_the_file_calls),
		cmocka_unit_test(no_passed_row_takes_a_path),
		cmocka_unit_test(required_rows_are_denied),
		cmocka_unit_test(argument_checked_rows),
		cmocka_unit_test(lookup_and_number),
		cmocka_unit_test(counts_add_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
