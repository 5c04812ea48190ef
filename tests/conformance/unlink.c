/* Conformance: unlink(2), unlinkat(2) with and without AT_REMOVEDIR. */
#include "fs_common.h"

static void unlink_removes_the_name(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(unlink("f"));
	assert_false(conf_exists("f"));
}

static void unlink_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(unlink("missing"), ENOENT);
}

static void unlink_directory_fails_eisdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	/* Linux answers EISDIR where POSIX says EPERM (unlink(2)). */
	assert_errno(unlink("d"), EISDIR);
}

static void unlink_open_file_stays_readable(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	struct stat st;
	conf_write_file("f", "alive");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(unlink("f"));
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_nlink, 0);
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf - 1)), 5);
	assert_string_equal(buf, "alive");
	close(fd);
}

static void unlink_decrements_link_count(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_ok(link("f", "g"));
	assert_ok(unlink("g"));
	assert_ok(stat("f", &st));
	assert_int_equal(st.st_nlink, 1);
}

static void unlink_symlink_removes_link_not_target(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	assert_ok(unlink("l"));
	assert_false(conf_exists("l"));
	assert_true(conf_exists("f"));
}

static void unlink_trailing_slash_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(unlink("f/"), ENOTDIR);
	assert_true(conf_exists("f"));
}

static void unlink_in_readonly_dir_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(chmod("d", 0555));
	assert_errno(unlink("d/f"), EACCES);
	assert_ok(chmod("d", 0755));
}

static void unlinkat_removedir_removes_empty_dir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
	assert_false(conf_exists("d"));
}

static void unlinkat_removedir_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(unlinkat(AT_FDCWD, "f", AT_REMOVEDIR), ENOTDIR);
}

static void unlinkat_removedir_nonempty_fails_enotempty(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_errno(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR), ENOTEMPTY);
}

static void unlinkat_without_removedir_on_dir_fails_eisdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(unlinkat(AT_FDCWD, "d", 0), EISDIR);
}

static void unlinkat_invalid_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(unlinkat(AT_FDCWD, "f", 0x1), EINVAL);
	assert_true(conf_exists("f"));
}

static void unlinkat_relative_to_dirfd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(mkdir("d/sub", 0755));
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(unlinkat(dfd, "f", 0));
	assert_ok(unlinkat(dfd, "sub", AT_REMOVEDIR));
	close(dfd);
	assert_false(conf_exists("d/f"));
	assert_false(conf_exists("d/sub"));
}

static void unlink_then_recreate_gets_new_file(void **state)
{
	(void)state;
	conf_write_file("f", "old");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(unlink("f"));
	conf_write_file("f", "new");
	char buf[8] = { 0 };
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf - 1)), 3);
	assert_string_equal(buf, "old");
	close(fd);
	assert_file_contents("f", "new");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(unlink_removes_the_name),
		conf_case(unlink_missing_fails_enoent),
		conf_case(unlink_directory_fails_eisdir),
		conf_case(unlink_open_file_stays_readable),
		conf_case(unlink_decrements_link_count),
		conf_case(unlink_symlink_removes_link_not_target),
		conf_case(unlink_trailing_slash_on_file_fails_enotdir),
		conf_case(unlink_in_readonly_dir_fails_eacces),
		conf_case(unlinkat_removedir_removes_empty_dir),
		conf_case(unlinkat_removedir_on_file_fails_enotdir),
		conf_case(unlinkat_removedir_nonempty_fails_enotempty),
		conf_case(unlinkat_without_removedir_on_dir_fails_eisdir),
		conf_case(unlinkat_invalid_flag_fails_einval),
		conf_case(unlinkat_relative_to_dirfd),
		conf_case(unlink_then_recreate_gets_new_file),
	};
	return conf_run(tests);
}
