/* Conformance: creat(2) — O_CREAT|O_WRONLY|O_TRUNC, with its errors. */
#include "fs_common.h"

static void creat_new_file_is_write_only(void **state)
{
	(void)state;
	char c;
	int fd = (int)assert_ok(creat("f", 0644));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFL)) & O_ACCMODE, O_WRONLY);
	assert_errno(read(fd, &c, 1), EBADF);
	assert_int_equal(assert_ok(write(fd, "w", 1)), 1);
	close(fd);
	assert_true(S_ISREG(conf_mode("f")));
}

static void creat_truncates_existing_file(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "old contents");
	int fd = (int)assert_ok(creat("f", 0644));
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 0);
	close(fd);
}

static void creat_mode_masked_by_umask(void **state)
{
	(void)state;
	umask(077);
	close((int)assert_ok(creat("f", 0666)));
	assert_int_equal(conf_mode("f") & 07777, 0600);
}

static void creat_keeps_mode_of_existing_file(void **state)
{
	(void)state;
	close((int)assert_ok(creat("f", 0600)));
	close((int)assert_ok(creat("f", 0777)));
	assert_int_equal(conf_mode("f") & 07777, 0600);
}

static void creat_missing_parent_fails_enoent(void **state)
{
	(void)state;
	assert_errno(creat("missing/f", 0644), ENOENT);
}

static void creat_on_directory_fails_eisdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(creat("d", 0644), EISDIR);
}

static void creat_parent_is_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(creat("f/g", 0644), ENOTDIR);
}

static void creat_through_dangling_symlink_creates_target(void **state)
{
	(void)state;
	assert_ok(symlink("target", "link"));
	close((int)assert_ok(creat("link", 0644)));
	assert_true(S_ISREG(conf_mode("target")));
}

static void creat_name_too_long_fails_enametoolong(void **state)
{
	(void)state;
	char name[NAME_MAX + 2];
	memset(name, 'c', sizeof name - 1);
	name[sizeof name - 1] = 0;
	assert_errno(creat(name, 0644), ENAMETOOLONG);
}

static void creat_in_readonly_dir_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	assert_ok(mkdir("ro", 0555));
	assert_errno(creat("ro/f", 0644), EACCES);
}

static void creat_readonly_existing_file_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	conf_touch("f");
	assert_ok(chmod("f", 0444));
	assert_errno(creat("f", 0644), EACCES);
}

static void creat_new_file_with_readonly_mode_still_writable(void **state)
{
	(void)state;
	/* The mode applies to later opens; the creating fd is writable. */
	int fd = (int)assert_ok(creat("f", 0444));
	assert_int_equal(assert_ok(write(fd, "ok", 2)), 2);
	close(fd);
	assert_int_equal(conf_mode("f") & 07777, 0444);
}

static void creat_empty_path_fails_enoent(void **state)
{
	(void)state;
	assert_errno(creat("", 0644), ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(creat_new_file_is_write_only),
		conf_case(creat_truncates_existing_file),
		conf_case(creat_mode_masked_by_umask),
		conf_case(creat_keeps_mode_of_existing_file),
		conf_case(creat_missing_parent_fails_enoent),
		conf_case(creat_on_directory_fails_eisdir),
		conf_case(creat_parent_is_file_fails_enotdir),
		conf_case(creat_through_dangling_symlink_creates_target),
		conf_case(creat_name_too_long_fails_enametoolong),
		conf_case(creat_in_readonly_dir_fails_eacces),
		conf_case(creat_readonly_existing_file_fails_eacces),
		conf_case(creat_new_file_with_readonly_mode_still_writable),
		conf_case(creat_empty_path_fails_enoent),
	};
	return conf_run(tests);
}
