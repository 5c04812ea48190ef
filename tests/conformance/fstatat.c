/* Conformance: fstatat(2) (newfstatat) — dirfds, AT_FDCWD,
 * AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH. */
#include "fs_common.h"

static void fstatat_relative_to_dirfd(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	conf_write_file("d/f", "four");
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(fstatat(dfd, "f", &st, 0));
	assert_int_equal(st.st_size, 4);
	assert_errno(fstatat(dfd, "d/f", &st, 0), ENOENT);
	close(dfd);
}

static void fstatat_at_fdcwd_uses_cwd(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "12");
	assert_ok(fstatat(AT_FDCWD, "f", &st, 0));
	assert_int_equal(st.st_size, 2);
}

static void fstatat_follows_symlink_by_default(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_ok(symlink("f", "link"));
	assert_ok(fstatat(AT_FDCWD, "link", &st, 0));
	assert_true(S_ISREG(st.st_mode));
}

static void fstatat_symlink_nofollow_reports_link(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_ok(symlink("f", "link"));
	assert_ok(fstatat(AT_FDCWD, "link", &st, AT_SYMLINK_NOFOLLOW));
	assert_true(S_ISLNK(st.st_mode));
}

static void fstatat_empty_path_stats_the_fd(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(fstatat(fd, "", &st, AT_EMPTY_PATH));
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 3);
	close(fd);
}

static void fstatat_empty_path_without_flag_fails_enoent(void **state)
{
	(void)state;
	struct stat st;
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	assert_errno(fstatat(fd, "", &st, 0), ENOENT);
	close(fd);
}

static void fstatat_empty_path_on_o_path_symlink_fd(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(symlink("target-name", "link"));
	int fd = (int)assert_ok(open("link", O_PATH | O_NOFOLLOW));
	assert_ok(fstatat(fd, "", &st, AT_EMPTY_PATH));
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(st.st_size, strlen("target-name"));
	close(fd);
}

static void fstatat_at_fdcwd_empty_path_stats_cwd(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(fstatat(AT_FDCWD, "", &a, AT_EMPTY_PATH));
	assert_ok(stat(".", &b));
	assert_int_equal(a.st_ino, b.st_ino);
	assert_true(S_ISDIR(a.st_mode));
}

static void fstatat_absolute_path_ignores_dirfd(void **state)
{
	(void)state;
	struct stat st;
	char abs[PATH_MAX];
	conf_write_file("f", "xyz");
	/* An absolute path ignores dirfd, even an invalid one (openat(2)). */
	assert_ok(fstatat(-1, conf_abs("f", abs, sizeof abs), &st, 0));
	assert_int_equal(st.st_size, 3);
}

static void fstatat_bad_dirfd_fails_ebadf(void **state)
{
	(void)state;
	struct stat st;
	assert_errno(fstatat(-1, "f", &st, 0), EBADF);
	assert_errno(fstatat(1000000, "f", &st, 0), EBADF);
}

static void fstatat_file_dirfd_fails_enotdir(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(fstatat(fd, "x", &st, 0), ENOTDIR);
	close(fd);
}

static void fstatat_invalid_flag_fails_einval(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_errno(fstatat(AT_FDCWD, "f", &st, 0x1), EINVAL);
}

static void fstatat_dirfd_o_path_works(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_ok(fstatat(dfd, "f", &st, 0));
	assert_true(S_ISREG(st.st_mode));
	close(dfd);
}

static void fstatat_dotdot_from_dirfd(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(mkdir("d", 0755));
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(fstatat(dfd, "..", &a, 0));
	assert_ok(stat(".", &b));
	assert_int_equal(a.st_ino, b.st_ino);
	close(dfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(fstatat_relative_to_dirfd),
		conf_case(fstatat_at_fdcwd_uses_cwd),
		conf_case(fstatat_follows_symlink_by_default),
		conf_case(fstatat_symlink_nofollow_reports_link),
		conf_case(fstatat_empty_path_stats_the_fd),
		conf_case(fstatat_empty_path_without_flag_fails_enoent),
		conf_case(fstatat_empty_path_on_o_path_symlink_fd),
		conf_case(fstatat_at_fdcwd_empty_path_stats_cwd),
		conf_case(fstatat_absolute_path_ignores_dirfd),
		conf_case(fstatat_bad_dirfd_fails_ebadf),
		conf_case(fstatat_file_dirfd_fails_enotdir),
		conf_case(fstatat_invalid_flag_fails_einval),
		conf_case(fstatat_dirfd_o_path_works),
		conf_case(fstatat_dotdot_from_dirfd),
	};
	return conf_run(tests);
}
