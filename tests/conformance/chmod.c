/* Conformance: chmod(2), fchmod(2), fchmodat(2), fchmodat2(2). */
#include "fs_common.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

static long fchmodat2_or_skip(int dirfd, const char *path, mode_t mode, int flags)
{
	long r = syscall(SYS_fchmodat2, dirfd, path, mode, flags);
	if (r == -1 && errno == ENOSYS)
		skip_because("fchmodat2 is not available (ENOSYS, Linux < 6.6)");
	return r;
}

static void chmod_sets_permission_bits(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 0640));
	assert_int_equal(conf_mode("f") & 07777, 0640);
	assert_ok(chmod("f", 0));
	assert_int_equal(conf_mode("f") & 07777, 0);
}

static void chmod_ignores_file_type_bits(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", S_IFDIR | 0604));
	assert_true(S_ISREG(conf_mode("f")));
	assert_int_equal(conf_mode("f") & 07777, 0604);
}

static void chmod_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(chmod("missing", 0644), ENOENT);
}

static void chmod_follows_symlink(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	assert_ok(chmod("l", 0600));
	assert_int_equal(conf_mode("f") & 07777, 0600);
	assert_true(S_ISLNK(conf_mode("l")));
}

static void chmod_changes_ctime_not_mtime(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 100, 0 }, { 100, 0 } };
	struct stat st;
	conf_touch("f");
	assert_ok(utimensat(AT_FDCWD, "f", ts, 0));
	assert_ok(chmod("f", 0600));
	assert_ok(stat("f", &st));
	assert_int_equal(st.st_mtim.tv_sec, 100);
	assert_true(st.st_ctim.tv_sec > 100);
}

static void fchmod_sets_mode_through_fd(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(fchmod(fd, 0711));
	close(fd);
	assert_int_equal(conf_mode("f") & 07777, 0711);
}

static void fchmod_o_path_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_errno(fchmod(fd, 0600), EBADF);
	close(fd);
}

static void fchmodat_relative_to_dirfd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_ok(fchmodat(dfd, "f", 0604, 0));
	close(dfd);
	assert_int_equal(conf_mode("d/f") & 07777, 0604);
}

static void fchmodat_syscall_ignores_flags_argument(void **state)
{
	(void)state;
	/* The original fchmodat syscall has no flags argument at all; glibc's
	 * wrapper emulates AT_SYMLINK_NOFOLLOW. */
	conf_touch("f");
	assert_ok(syscall(SYS_fchmodat, AT_FDCWD, "f", 0620));
	assert_int_equal(conf_mode("f") & 07777, 0620);
}

static void fchmodat2_nofollow_on_symlink_fails_eopnotsupp(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	assert_errno(fchmodat2_or_skip(AT_FDCWD, "l", 0600, AT_SYMLINK_NOFOLLOW),
		     EOPNOTSUPP);
	assert_int_equal(conf_mode("f") & 07777, 0644);
}

static void fchmodat2_nofollow_on_regular_file_succeeds(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(fchmodat2_or_skip(AT_FDCWD, "f", 0600, AT_SYMLINK_NOFOLLOW));
	assert_int_equal(conf_mode("f") & 07777, 0600);
}

static void fchmodat2_empty_path_changes_fd(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_ok(fchmodat2_or_skip(fd, "", 0606, AT_EMPTY_PATH));
	close(fd);
	assert_int_equal(conf_mode("f") & 07777, 0606);
}

static void fchmodat2_invalid_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(fchmodat2_or_skip(AT_FDCWD, "f", 0600, 0x4), EINVAL);
}

static void fchmod_by_non_owner_fails_eperm(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID to act as another user");
	conf_touch("f");
	assert_ok(chmod("f", 0666));
	int fd = (int)assert_ok(open("f", O_RDWR));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (!conf_become_nobody())
			_exit(CONF_CHILD_SKIP);
		child_check_errno(fchmod(fd, 0600), EPERM);
		_exit(0);
	}
	assert_child_ok_or_skip(pid, "cannot change ids here");
	close(fd);
	assert_int_equal(conf_mode("f") & 07777, 0666);
}

static void chmod_dir_without_search_blocks_lookup(void **state)
{
	(void)state;
	struct stat st;
	conf_drop_dac_or_skip();
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(chmod("d", 0644));
	assert_errno(stat("d/f", &st), EACCES);
	assert_ok(chmod("d", 0755));
	assert_ok(stat("d/f", &st));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(chmod_sets_permission_bits),
		conf_case(chmod_ignores_file_type_bits),
		conf_case(chmod_missing_fails_enoent),
		conf_case(chmod_follows_symlink),
		conf_case(chmod_changes_ctime_not_mtime),
		conf_case(fchmod_sets_mode_through_fd),
		conf_case(fchmod_o_path_fd_fails_ebadf),
		conf_case(fchmodat_relative_to_dirfd),
		conf_case(fchmodat_syscall_ignores_flags_argument),
		conf_case(fchmodat2_nofollow_on_symlink_fails_eopnotsupp),
		conf_case(fchmodat2_nofollow_on_regular_file_succeeds),
		conf_case(fchmodat2_empty_path_changes_fd),
		conf_case(fchmodat2_invalid_flag_fails_einval),
		conf_case(fchmod_by_non_owner_fails_eperm),
		conf_case(chmod_dir_without_search_blocks_lookup),
	};
	return conf_run(tests);
}
