/* Conformance: link(2), linkat(2) — hard links, AT_SYMLINK_FOLLOW,
 * AT_EMPTY_PATH, and the errors. */
#include "fs_common.h"

static void link_creates_second_name_for_same_inode(void **state)
{
	(void)state;
	struct stat a, b;
	conf_write_file("f", "data");
	assert_ok(link("f", "g"));
	assert_ok(stat("f", &a));
	assert_ok(stat("g", &b));
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_nlink, 2);
	assert_file_contents("g", "data");
}

static void link_existing_target_fails_eexist(void **state)
{
	(void)state;
	conf_touch("f");
	conf_touch("g");
	assert_errno(link("f", "g"), EEXIST);
}

static void link_missing_source_fails_enoent(void **state)
{
	(void)state;
	assert_errno(link("missing", "g"), ENOENT);
}

static void link_directory_fails_eperm(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(link("d", "d2"), EPERM);
}

static void link_to_symlink_links_the_symlink(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	/* Linux link() does not follow a symlink source (link(2) NOTES). */
	assert_ok(link("l", "l2"));
	assert_true(S_ISLNK(conf_mode("l2")));
}

static void linkat_symlink_follow_links_the_target(void **state)
{
	(void)state;
	struct stat a, b;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	assert_ok(linkat(AT_FDCWD, "l", AT_FDCWD, "g", AT_SYMLINK_FOLLOW));
	assert_ok(lstat("g", &a));
	assert_ok(stat("f", &b));
	assert_true(S_ISREG(a.st_mode));
	assert_int_equal(a.st_ino, b.st_ino);
}

static void linkat_symlink_follow_dangling_fails_enoent(void **state)
{
	(void)state;
	assert_ok(symlink("missing", "l"));
	assert_errno(linkat(AT_FDCWD, "l", AT_FDCWD, "g", AT_SYMLINK_FOLLOW), ENOENT);
}

static void linkat_between_dirfds(void **state)
{
	(void)state;
	assert_ok(mkdir("a", 0755));
	assert_ok(mkdir("b", 0755));
	conf_write_file("a/f", "x");
	int da = (int)assert_ok(open("a", O_RDONLY | O_DIRECTORY));
	int db = (int)assert_ok(open("b", O_PATH | O_DIRECTORY));
	assert_ok(linkat(da, "f", db, "g", 0));
	close(da);
	close(db);
	assert_file_contents("b/g", "x");
}

static void linkat_invalid_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(linkat(AT_FDCWD, "f", AT_FDCWD, "g", 0x1), EINVAL);
}

static void linkat_empty_path_links_open_file(void **state)
{
	(void)state;
	conf_write_file("f", "via-fd");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	errno = 0;
	int r = linkat(fd, "", AT_FDCWD, "g", AT_EMPTY_PATH);
	if (r == -1 && errno == ENOENT && !conf_has_cap(CAP_DAC_READ_SEARCH))
		skip_because("AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH here (ENOENT)");
	assert_int_equal(r, 0);
	close(fd);
	assert_file_contents("g", "via-fd");
}

static void link_into_missing_dir_fails_enoent(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(link("f", "missing/g"), ENOENT);
}

static void link_name_too_long_fails_enametoolong(void **state)
{
	(void)state;
	char name[NAME_MAX + 2];
	memset(name, 'l', sizeof name - 1);
	name[sizeof name - 1] = 0;
	conf_touch("f");
	assert_errno(link("f", name), ENAMETOOLONG);
}

static void link_survives_unlink_of_original(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "kept");
	assert_ok(link("f", "g"));
	assert_ok(unlink("f"));
	assert_ok(stat("g", &st));
	assert_int_equal(st.st_nlink, 1);
	assert_file_contents("g", "kept");
}

static void link_trailing_slash_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(link("f/", "g"), ENOTDIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(link_creates_second_name_for_same_inode),
		conf_case(link_existing_target_fails_eexist),
		conf_case(link_missing_source_fails_enoent),
		conf_case(link_directory_fails_eperm),
		conf_case(link_to_symlink_links_the_symlink),
		conf_case(linkat_symlink_follow_links_the_target),
		conf_case(linkat_symlink_follow_dangling_fails_enoent),
		conf_case(linkat_between_dirfds),
		conf_case(linkat_invalid_flag_fails_einval),
		conf_case(linkat_empty_path_links_open_file),
		conf_case(link_into_missing_dir_fails_enoent),
		conf_case(link_name_too_long_fails_enametoolong),
		conf_case(link_survives_unlink_of_original),
		conf_case(link_trailing_slash_on_file_fails_enotdir),
	};
	return conf_run(tests);
}
