/* Conformance: the *at calls with real directory fds and AT_FDCWD — a
 * dirfd names a directory, not a path: it survives renames of that
 * directory and chdir of the process. */
#include "fs_common.h"

static int dir_fd(const char *path, int flags)
{
	return (int)assert_ok(open(path, flags | O_DIRECTORY));
}

static void openat_relative_to_dirfd(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	assert_ok(mkdir("d", 0755));
	conf_write_file("d/f", "in-d");
	conf_write_file("f", "top");
	int dfd = dir_fd("d", O_RDONLY);
	int fd = (int)assert_ok(openat(dfd, "f", O_RDONLY));
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf - 1)), 4);
	assert_string_equal(buf, "in-d");
	close(fd);
	close(dfd);
}

static void openat_at_fdcwd_uses_cwd(void **state)
{
	(void)state;
	conf_write_file("f", "top");
	close((int)assert_ok(openat(AT_FDCWD, "f", O_RDONLY)));
}

static void openat_absolute_path_ignores_dirfd(void **state)
{
	(void)state;
	char abs[PATH_MAX];
	assert_ok(mkdir("d", 0755));
	conf_touch("f");
	int dfd = dir_fd("d", O_RDONLY);
	close((int)assert_ok(openat(dfd, conf_abs("f", abs, sizeof abs), O_RDONLY)));
	close(dfd);
}

static void openat_bad_dirfd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(openat(-1, "f", O_RDONLY), EBADF);
	assert_errno(openat(999999, "f", O_RDONLY), EBADF);
}

static void openat_file_as_dirfd_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(openat(fd, "x", O_RDONLY), ENOTDIR);
	close(fd);
}

static void openat_o_path_dirfd_works(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	int dfd = dir_fd("d", O_PATH);
	close((int)assert_ok(openat(dfd, "f", O_RDONLY)));
	close(dfd);
}

static void openat_dirfd_follows_renamed_directory(void **state)
{
	(void)state;
	assert_ok(mkdir("old", 0755));
	conf_write_file("old/f", "x");
	int dfd = dir_fd("old", O_RDONLY);
	assert_ok(rename("old", "new"));
	close((int)assert_ok(openat(dfd, "f", O_RDONLY)));
	close((int)assert_ok(openat(dfd, "g", O_CREAT | O_WRONLY, 0644)));
	close(dfd);
	assert_true(conf_exists("new/g"));
}

static void openat_dirfd_of_removed_dir_creat_fails_enoent(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	int dfd = dir_fd("d", O_RDONLY);
	assert_ok(rmdir("d"));
	assert_errno(openat(dfd, "f", O_CREAT | O_WRONLY, 0644), ENOENT);
	close(dfd);
}

static void openat_dotdot_from_dirfd_reaches_parent(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_write_file("f", "parent");
	int dfd = dir_fd("d", O_RDONLY);
	close((int)assert_ok(openat(dfd, "../f", O_RDONLY)));
	close(dfd);
}

static void dirfd_unaffected_by_chdir(void **state)
{
	(void)state;
	assert_ok(mkdir("a", 0755));
	assert_ok(mkdir("b", 0755));
	conf_touch("a/only-in-a");
	int dfd = dir_fd("a", O_RDONLY);
	assert_ok(chdir("b"));
	close((int)assert_ok(openat(dfd, "only-in-a", O_RDONLY)));
	assert_errno(openat(AT_FDCWD, "only-in-a", O_RDONLY), ENOENT);
	close(dfd);
}

static void at_calls_build_tree_through_dirfd(void **state)
{
	(void)state;
	char buf[16];
	assert_ok(mkdir("d", 0755));
	int dfd = dir_fd("d", O_PATH);
	assert_ok(mkdirat(dfd, "sub", 0755));
	close((int)assert_ok(openat(dfd, "sub/f", O_CREAT | O_WRONLY, 0644)));
	assert_ok(symlinkat("sub/f", dfd, "l"));
	assert_ok(linkat(dfd, "sub/f", dfd, "hard", 0));
	assert_ok(renameat(dfd, "hard", dfd, "moved"));
	assert_int_equal(assert_ok(readlinkat(dfd, "l", buf, sizeof buf)), 5);
	assert_ok(fchmodat(dfd, "moved", 0600, 0));
	assert_ok(unlinkat(dfd, "moved", 0));
	assert_ok(unlinkat(dfd, "l", 0));
	assert_ok(unlinkat(dfd, "sub/f", 0));
	assert_ok(unlinkat(dfd, "sub", AT_REMOVEDIR));
	close(dfd);
	assert_false(conf_exists("d/sub"));
}

static void faccessat_distinguishes_dirfd_and_cwd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	conf_touch("f");
	assert_ok(chmod("f", 0644));
	assert_ok(chmod("d/f", 0755));
	int dfd = dir_fd("d", O_RDONLY);
	assert_int_equal(assert_ok(faccessat(dfd, "f", X_OK, 0)), 0);
	assert_errno(faccessat(AT_FDCWD, "f", X_OK, 0), EACCES);
	close(dfd);
}

static void linkat_from_cwd_into_dirfd(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(mkdir("d", 0755));
	conf_touch("f");
	int dfd = dir_fd("d", O_RDONLY);
	assert_ok(linkat(AT_FDCWD, "f", dfd, "g", 0));
	assert_ok(fstatat(dfd, "g", &a, 0));
	assert_ok(stat("f", &b));
	assert_int_equal(a.st_ino, b.st_ino);
	close(dfd);
}

static void mknodat_fifo_through_dirfd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	int dfd = dir_fd("d", O_RDONLY);
	assert_ok(mknodat(dfd, "p", S_IFIFO | 0600, 0));
	close(dfd);
	assert_true(S_ISFIFO(conf_mode("d/p")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(openat_relative_to_dirfd),
		conf_case(openat_at_fdcwd_uses_cwd),
		conf_case(openat_absolute_path_ignores_dirfd),
		conf_case(openat_bad_dirfd_fails_ebadf),
		conf_case(openat_file_as_dirfd_fails_enotdir),
		conf_case(openat_o_path_dirfd_works),
		conf_case(openat_dirfd_follows_renamed_directory),
		conf_case(openat_dirfd_of_removed_dir_creat_fails_enoent),
		conf_case(openat_dotdot_from_dirfd_reaches_parent),
		conf_case(dirfd_unaffected_by_chdir),
		conf_case(at_calls_build_tree_through_dirfd),
		conf_case(faccessat_distinguishes_dirfd_and_cwd),
		conf_case(linkat_from_cwd_into_dirfd),
		conf_case(mknodat_fifo_through_dirfd),
	};
	return conf_run(tests);
}
