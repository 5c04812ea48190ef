/* Conformance: stat(2), lstat(2), fstat(2) — file types, sizes, link
 * counts, owners, and the path errors. */
#include "fs_common.h"

static void stat_regular_file_reports_type_and_size(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "12345");
	assert_ok(stat("f", &st));
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 5);
	assert_int_equal(st.st_nlink, 1);
}

static void stat_directory_reports_type(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	assert_ok(stat("d", &st));
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0755);
}

static void stat_follows_symlink(void **state)
{
	(void)state;
	struct stat st, target;
	conf_write_file("f", "abc");
	assert_ok(symlink("f", "link"));
	assert_ok(stat("link", &st));
	assert_ok(stat("f", &target));
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_ino, target.st_ino);
	assert_int_equal(st.st_size, 3);
}

static void lstat_reports_symlink_itself(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_ok(symlink("f", "link"));
	assert_ok(lstat("link", &st));
	assert_true(S_ISLNK(st.st_mode));
	/* A symlink's size is the length of its target, without a NUL. */
	assert_int_equal(st.st_size, 1);
}

static void stat_dangling_symlink_fails_enoent(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(symlink("missing", "link"));
	assert_errno(stat("link", &st), ENOENT);
	assert_ok(lstat("link", &st));
	assert_true(S_ISLNK(st.st_mode));
}

static void stat_missing_fails_enoent(void **state)
{
	(void)state;
	struct stat st;
	assert_errno(stat("missing", &st), ENOENT);
	assert_errno(lstat("missing", &st), ENOENT);
}

static void stat_empty_path_fails_enoent(void **state)
{
	(void)state;
	struct stat st;
	assert_errno(stat("", &st), ENOENT);
}

static void stat_trailing_slash_on_file_fails_enotdir(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_errno(stat("f/", &st), ENOTDIR);
	assert_errno(lstat("f/.", &st), ENOTDIR);
}

static void lstat_trailing_slash_follows_symlink_to_dir(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	assert_ok(symlink("d", "dl"));
	/* path_resolution(7): a trailing slash forces the link to be followed. */
	assert_ok(lstat("dl/", &st));
	assert_true(S_ISDIR(st.st_mode));
}

static void stat_nlink_counts_hard_links(void **state)
{
	(void)state;
	struct stat st;
	conf_touch("f");
	assert_ok(link("f", "g"));
	assert_ok(link("f", "h"));
	assert_ok(stat("f", &st));
	assert_int_equal(st.st_nlink, 3);
}

static void stat_dir_nlink_counts_subdirs(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	assert_ok(mkdir("d/a", 0755));
	assert_ok(mkdir("d/b", 0755));
	conf_touch("d/f");
	assert_ok(stat("d", &st));
	if (st.st_nlink == 1)
		skip_because("the file system does not count subdirectories (nlink 1)");
	assert_int_equal(st.st_nlink, 4);
}

static void fstat_matches_stat(void **state)
{
	(void)state;
	struct stat a, b;
	conf_write_file("f", "xyz");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(fstat(fd, &a));
	assert_ok(stat("f", &b));
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_dev, b.st_dev);
	assert_int_equal(a.st_size, b.st_size);
	assert_int_equal(a.st_mode, b.st_mode);
	close(fd);
}

static void stat_fifo_reports_fifo_type(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkfifo("p", 0600));
	assert_ok(stat("p", &st));
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(st.st_size, 0);
}

static void stat_owner_is_creator(void **state)
{
	(void)state;
	struct stat st, dir;
	conf_touch("f");
	assert_ok(stat("f", &st));
	assert_ok(stat(".", &dir));
	assert_int_equal(st.st_uid, geteuid());
	/* In a directory without the setgid bit the group is the creator's. */
	if (dir.st_mode & S_ISGID)
		assert_int_equal(st.st_gid, dir.st_gid);
	else
		assert_int_equal(st.st_gid, getegid());
}

static void stat_blksize_and_blocks_are_sane(void **state)
{
	(void)state;
	struct stat st;
	char buf[10000];
	memset(buf, 'b', sizeof buf);
	int fd = (int)assert_ok(open("f", O_CREAT | O_WRONLY, 0644));
	assert_int_equal(assert_ok(write(fd, buf, sizeof buf)), sizeof buf);
	assert_ok(fsync(fd));
	assert_ok(fstat(fd, &st));
	assert_true(st.st_blksize > 0);
	/* st_blocks is in 512-byte units and covers the data written. */
	assert_true(st.st_blocks * 512 >= (blkcnt_t)sizeof buf);
	close(fd);
}

static void stat_write_updates_mtime(void **state)
{
	(void)state;
	struct stat before, after;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	conf_touch("f");
	assert_ok(utimensat(AT_FDCWD, "f", old, 0));
	assert_ok(stat("f", &before));
	assert_int_equal(before.st_mtim.tv_sec, 1000000000);
	conf_write_file("f", "new");
	assert_ok(stat("f", &after));
	assert_true(after.st_mtim.tv_sec > before.st_mtim.tv_sec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(stat_regular_file_reports_type_and_size),
		conf_case(stat_directory_reports_type),
		conf_case(stat_follows_symlink),
		conf_case(lstat_reports_symlink_itself),
		conf_case(stat_dangling_symlink_fails_enoent),
		conf_case(stat_missing_fails_enoent),
		conf_case(stat_empty_path_fails_enoent),
		conf_case(stat_trailing_slash_on_file_fails_enotdir),
		conf_case(lstat_trailing_slash_follows_symlink_to_dir),
		conf_case(stat_nlink_counts_hard_links),
		conf_case(stat_dir_nlink_counts_subdirs),
		conf_case(fstat_matches_stat),
		conf_case(stat_fifo_reports_fifo_type),
		conf_case(stat_owner_is_creator),
		conf_case(stat_blksize_and_blocks_are_sane),
		conf_case(stat_write_updates_mtime),
	};
	return conf_run(tests);
}
