/* Conformance: mkdir(2), mkdirat(2), rmdir(2). */
#include "fs_common.h"

static void mkdir_creates_directory(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_true(S_ISDIR(conf_mode("d")));
	assert_int_equal(conf_mode("d") & 07777, 0755);
}

static void mkdir_existing_dir_fails_eexist(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(mkdir("d", 0755), EEXIST);
}

static void mkdir_over_file_fails_eexist(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(mkdir("f", 0755), EEXIST);
}

static void mkdir_over_dangling_symlink_fails_eexist(void **state)
{
	(void)state;
	assert_ok(symlink("target", "link"));
	assert_errno(mkdir("link", 0755), EEXIST);
	assert_false(conf_exists("target"));
}

static void mkdir_missing_parent_fails_enoent(void **state)
{
	(void)state;
	assert_errno(mkdir("a/b", 0755), ENOENT);
}

static void mkdir_parent_is_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(mkdir("f/d", 0755), ENOTDIR);
}

static void mkdir_trailing_slash_succeeds(void **state)
{
	(void)state;
	assert_ok(mkdir("d/", 0755));
	assert_true(S_ISDIR(conf_mode("d")));
}

static void mkdir_mode_masked_by_umask(void **state)
{
	(void)state;
	umask(077);
	assert_ok(mkdir("d", 0777));
	assert_int_equal(conf_mode("d") & 0777, 0700);
}

static void mkdir_name_too_long_fails_enametoolong(void **state)
{
	(void)state;
	char name[NAME_MAX + 2];
	memset(name, 'd', sizeof name - 1);
	name[sizeof name - 1] = 0;
	assert_errno(mkdir(name, 0755), ENAMETOOLONG);
}

static void mkdir_in_readonly_dir_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	assert_ok(mkdir("ro", 0555));
	assert_errno(mkdir("ro/d", 0755), EACCES);
}

static void mkdirat_relative_to_dirfd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(mkdirat(dfd, "sub", 0700));
	close(dfd);
	assert_true(S_ISDIR(conf_mode("d/sub")));
}

static void mkdirat_bad_dirfd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(mkdirat(-1, "d", 0755), EBADF);
}

static void rmdir_empty_dir_succeeds(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(rmdir("d"));
	assert_false(conf_exists("d"));
}

static void rmdir_nonempty_fails_enotempty(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_errno(rmdir("d"), ENOTEMPTY);
}

static void rmdir_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(rmdir("f"), ENOTDIR);
}

static void rmdir_dot_fails_einval(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(rmdir("d/."), EINVAL);
}

static void rmdir_dotdot_fails_enotempty(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(rmdir("d/.."), ENOTEMPTY);
}

static void rmdir_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(rmdir("missing"), ENOENT);
}

static void rmdir_symlink_to_dir_fails_enotdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(symlink("d", "link"));
	assert_errno(rmdir("link"), ENOTDIR);
	assert_true(S_ISDIR(conf_mode("d")));
}

static void mkdir_updates_parent_nlink(void **state)
{
	(void)state;
	struct stat before, after;
	assert_ok(mkdir("d", 0755));
	assert_ok(stat("d", &before));
	if (before.st_nlink == 1)
		skip_because("the file system does not count subdirectories (nlink 1)");
	assert_ok(mkdir("d/sub", 0755));
	assert_ok(stat("d", &after));
	assert_int_equal(after.st_nlink, before.st_nlink + 1);
	assert_ok(rmdir("d/sub"));
	assert_ok(stat("d", &after));
	assert_int_equal(after.st_nlink, before.st_nlink);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(mkdir_creates_directory),
		conf_case(mkdir_existing_dir_fails_eexist),
		conf_case(mkdir_over_file_fails_eexist),
		conf_case(mkdir_over_dangling_symlink_fails_eexist),
		conf_case(mkdir_missing_parent_fails_enoent),
		conf_case(mkdir_parent_is_file_fails_enotdir),
		conf_case(mkdir_trailing_slash_succeeds),
		conf_case(mkdir_mode_masked_by_umask),
		conf_case(mkdir_name_too_long_fails_enametoolong),
		conf_case(mkdir_in_readonly_dir_fails_eacces),
		conf_case(mkdirat_relative_to_dirfd),
		conf_case(mkdirat_bad_dirfd_fails_ebadf),
		conf_case(rmdir_empty_dir_succeeds),
		conf_case(rmdir_nonempty_fails_enotempty),
		conf_case(rmdir_file_fails_enotdir),
		conf_case(rmdir_dot_fails_einval),
		conf_case(rmdir_dotdot_fails_enotempty),
		conf_case(rmdir_missing_fails_enoent),
		conf_case(rmdir_symlink_to_dir_fails_enotdir),
		conf_case(mkdir_updates_parent_nlink),
	};
	return conf_run(tests);
}
