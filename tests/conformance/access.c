/* Conformance: access(2), faccessat(2), faccessat2(2) — modes, AT_EACCESS,
 * AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, and what privilege changes. */
#include "fs_common.h"

/* faccessat2 through the raw syscall: glibc's faccessat() emulates some
 * flags in user space when the syscall is missing, which would hide the
 * kernel's (or sandbox's) answer. */
static long sys_faccessat2(int dirfd, const char *path, int mode, int flags)
{
	long r = syscall(SYS_faccessat2, dirfd, path, mode, flags);
	if (r == -1 && errno == ENOSYS)
		skip_because("faccessat2 is not available (ENOSYS)");
	return r;
}

/* Whether access() (no AT_EACCESS) bypasses DAC checks: do_faccessat()
 * gives a real-root caller its permitted capabilities and anyone else none. */
static bool access_bypasses_dac(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (getuid() != 0 || syscall(SYS_capget, &hdr, data) != 0)
		return false;
	return data[0].permitted & (1u << CAP_DAC_OVERRIDE);
}

static void access_existing_file_f_ok(void **state)
{
	(void)state;
	conf_touch("f");
	assert_int_equal(assert_ok(access("f", F_OK)), 0);
}

static void access_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(access("missing", F_OK), ENOENT);
}

static void access_read_write_on_own_file(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 0600));
	assert_int_equal(assert_ok(access("f", R_OK | W_OK)), 0);
}

static void access_exec_without_any_x_bit_fails_eacces(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 0644));
	/* Even CAP_DAC_OVERRIDE grants X_OK only if some x bit is set. */
	assert_errno(access("f", X_OK), EACCES);
	assert_ok(chmod("f", 0744));
	assert_int_equal(assert_ok(access("f", X_OK)), 0);
}

static void access_write_on_readonly_file_depends_on_privilege(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 0444));
	if (access_bypasses_dac())
		assert_int_equal(assert_ok(access("f", W_OK)), 0);
	else
		assert_errno(access("f", W_OK), EACCES);
}

static void access_invalid_mode_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(access("f", 0100), EINVAL);
}

static void access_trailing_slash_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(access("f/", F_OK), ENOTDIR);
}

static void access_unsearchable_dir_fails_eacces(void **state)
{
	(void)state;
	/* access() runs a real-root caller with its permitted capabilities
	 * (do_faccessat), so dropping effective ones does not help there. */
	if (access_bypasses_dac())
		skip_because("real uid 0: access() uses the permitted capabilities "
			     "(see faccessat2_eaccess_unsearchable_dir_fails_eacces)");
	conf_drop_dac_or_skip();
	assert_ok(mkdir("d", 0700));
	conf_touch("d/f");
	assert_ok(chmod("d", 0600));
	assert_errno(access("d/f", F_OK), EACCES);
	assert_ok(chmod("d", 0700));
}

static void faccessat2_eaccess_unsearchable_dir_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	assert_ok(mkdir("d", 0700));
	conf_touch("d/f");
	assert_ok(chmod("d", 0600));
	assert_errno(sys_faccessat2(AT_FDCWD, "d/f", F_OK, AT_EACCESS), EACCES);
	assert_ok(chmod("d", 0700));
}

static void faccessat_relative_to_dirfd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_int_equal(assert_ok(faccessat(dfd, "f", R_OK, 0)), 0);
	assert_errno(faccessat(dfd, "d/f", R_OK, 0), ENOENT);
	close(dfd);
}

static void faccessat_follows_dangling_symlink_fails_enoent(void **state)
{
	(void)state;
	assert_ok(symlink("missing", "link"));
	assert_errno(syscall(SYS_faccessat, AT_FDCWD, "link", F_OK), ENOENT);
}

static void faccessat2_symlink_nofollow_checks_the_link(void **state)
{
	(void)state;
	assert_ok(symlink("missing", "link"));
	assert_int_equal(assert_ok(sys_faccessat2(AT_FDCWD, "link", F_OK,
						  AT_SYMLINK_NOFOLLOW)), 0);
	assert_errno(sys_faccessat2(AT_FDCWD, "link", F_OK, 0), ENOENT);
}

static void faccessat2_eaccess_uses_effective_ids(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 0600));
	/* Real and effective ids are the same here: both answers agree. */
	assert_int_equal(assert_ok(sys_faccessat2(AT_FDCWD, "f", R_OK | W_OK,
						  AT_EACCESS)), 0);
	assert_errno(sys_faccessat2(AT_FDCWD, "f", X_OK, AT_EACCESS), EACCES);
}

static void faccessat2_empty_path_checks_fd(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_int_equal(assert_ok(sys_faccessat2(fd, "", R_OK, AT_EMPTY_PATH)), 0);
	assert_errno(sys_faccessat2(fd, "", R_OK, 0), ENOENT);
	close(fd);
}

static void faccessat2_invalid_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(sys_faccessat2(AT_FDCWD, "f", F_OK, 0x4), EINVAL);
}

static void faccessat2_bad_dirfd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(sys_faccessat2(-1, "f", F_OK, 0), EBADF);
}

static void access_dir_search_ok(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0711));
	assert_int_equal(assert_ok(access("d", X_OK)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(access_existing_file_f_ok),
		conf_case(access_missing_fails_enoent),
		conf_case(access_read_write_on_own_file),
		conf_case(access_exec_without_any_x_bit_fails_eacces),
		conf_case(access_write_on_readonly_file_depends_on_privilege),
		conf_case(access_invalid_mode_fails_einval),
		conf_case(access_trailing_slash_on_file_fails_enotdir),
		conf_case(access_unsearchable_dir_fails_eacces),
		conf_case(faccessat2_eaccess_unsearchable_dir_fails_eacces),
		conf_case(faccessat_relative_to_dirfd),
		conf_case(faccessat_follows_dangling_symlink_fails_enoent),
		conf_case(faccessat2_symlink_nofollow_checks_the_link),
		conf_case(faccessat2_eaccess_uses_effective_ids),
		conf_case(faccessat2_empty_path_checks_fd),
		conf_case(faccessat2_invalid_flag_fails_einval),
		conf_case(faccessat2_bad_dirfd_fails_ebadf),
		conf_case(access_dir_search_ok),
	};
	return conf_run(tests);
}
