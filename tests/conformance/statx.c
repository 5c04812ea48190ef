/* Conformance: statx(2) — the returned mask and fields, and its flags. */
#include "fs_common.h"

#include <sys/sysmacros.h>

static int statx_or_skip(int dirfd, const char *path, int flags,
			 unsigned mask, struct statx *stx)
{
	memset(stx, 0xff, sizeof *stx);
	int r = statx(dirfd, path, flags, mask, stx);
	if (r == -1 && errno == ENOSYS)
		skip_because("statx is not available (ENOSYS)");
	return r;
}

static void statx_basic_fields_match_stat(void **state)
{
	(void)state;
	struct statx stx;
	struct stat st;
	conf_write_file("f", "hello");
	assert_ok(statx_or_skip(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &stx));
	assert_ok(stat("f", &st));
	assert_int_equal(stx.stx_mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
	assert_int_equal(stx.stx_ino, st.st_ino);
	assert_int_equal(stx.stx_size, 5);
	assert_int_equal(stx.stx_mode, st.st_mode);
	assert_int_equal(stx.stx_nlink, st.st_nlink);
	assert_int_equal(stx.stx_uid, st.st_uid);
	assert_int_equal(stx.stx_gid, st.st_gid);
	assert_int_equal(stx.stx_blocks, st.st_blocks);
	assert_int_equal(stx.stx_blksize, st.st_blksize);
}

static void statx_dev_numbers_match_stat(void **state)
{
	(void)state;
	struct statx stx;
	struct stat st;
	conf_touch("f");
	assert_ok(statx_or_skip(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &stx));
	assert_ok(stat("f", &st));
	assert_int_equal(makedev(stx.stx_dev_major, stx.stx_dev_minor), st.st_dev);
}

static void statx_timestamps_match_stat(void **state)
{
	(void)state;
	struct statx stx;
	struct stat st;
	struct timespec ts[2] = { { 1234567890, 111 }, { 1234567891, 222 } };
	conf_touch("f");
	assert_ok(utimensat(AT_FDCWD, "f", ts, 0));
	assert_ok(statx_or_skip(AT_FDCWD, "f", 0, STATX_ATIME | STATX_MTIME, &stx));
	assert_ok(stat("f", &st));
	assert_int_equal(stx.stx_atime.tv_sec, 1234567890);
	assert_int_equal(stx.stx_atime.tv_nsec, 111);
	assert_int_equal(stx.stx_mtime.tv_sec, 1234567891);
	assert_int_equal(stx.stx_mtime.tv_nsec, 222);
	assert_int_equal(stx.stx_mtime.tv_nsec, st.st_mtim.tv_nsec);
}

static void statx_btime_when_reported_is_not_after_mtime(void **state)
{
	(void)state;
	struct statx stx;
	conf_write_file("f", "x");
	assert_ok(statx_or_skip(AT_FDCWD, "f", 0, STATX_BTIME | STATX_MTIME, &stx));
	if (!(stx.stx_mask & STATX_BTIME))
		skip_because("the file system does not report a birth time");
	assert_true(stx.stx_btime.tv_sec > 0);
	assert_true(stx.stx_btime.tv_sec <= stx.stx_mtime.tv_sec);
}

static void statx_symlink_nofollow_reports_link(void **state)
{
	(void)state;
	struct statx stx;
	assert_ok(symlink("abcdef", "link"));
	assert_ok(statx_or_skip(AT_FDCWD, "link", AT_SYMLINK_NOFOLLOW,
				STATX_BASIC_STATS, &stx));
	assert_true(S_ISLNK(stx.stx_mode));
	assert_int_equal(stx.stx_size, 6);
	assert_errno(statx_or_skip(AT_FDCWD, "link", 0, STATX_BASIC_STATS, &stx),
		     ENOENT);
}

static void statx_empty_path_stats_fd(void **state)
{
	(void)state;
	struct statx stx;
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(statx_or_skip(fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx));
	assert_true(stx.stx_mask & STATX_SIZE);
	assert_int_equal(stx.stx_size, 3);
	close(fd);
}

static void statx_null_path_with_empty_path_stats_fd(void **state)
{
	(void)state;
	struct statx stx;
	conf_write_file("f", "abcd");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	/* Since Linux 6.11 a NULL path with AT_EMPTY_PATH means the fd. */
	long r = syscall(SYS_statx, fd, NULL, AT_EMPTY_PATH, STATX_SIZE, &stx);
	if (r == -1 && errno == EFAULT)
		skip_because("kernel older than 6.11 (NULL path gave EFAULT)");
	assert_int_equal(r, 0);
	assert_int_equal(stx.stx_size, 4);
	close(fd);
}

static void statx_reserved_mask_bit_fails_einval(void **state)
{
	(void)state;
	struct statx stx;
	conf_touch("f");
	assert_errno(statx_or_skip(AT_FDCWD, "f", 0, STATX__RESERVED, &stx), EINVAL);
}

static void statx_both_sync_flags_fail_einval(void **state)
{
	(void)state;
	struct statx stx;
	conf_touch("f");
	assert_errno(statx_or_skip(AT_FDCWD, "f",
				   AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC,
				   STATX_BASIC_STATS, &stx), EINVAL);
}

static void statx_unknown_flag_fails_einval(void **state)
{
	(void)state;
	struct statx stx;
	conf_touch("f");
	assert_errno(statx_or_skip(AT_FDCWD, "f", 0x1, STATX_BASIC_STATS, &stx),
		     EINVAL);
}

static void statx_missing_fails_enoent(void **state)
{
	(void)state;
	struct statx stx;
	assert_errno(statx_or_skip(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &stx),
		     ENOENT);
}

static void statx_relative_to_dirfd(void **state)
{
	(void)state;
	struct statx stx;
	assert_ok(mkdir("d", 0755));
	conf_write_file("d/f", "12345678");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_ok(statx_or_skip(dfd, "f", 0, STATX_SIZE, &stx));
	assert_int_equal(stx.stx_size, 8);
	close(dfd);
}

static void statx_mnt_id_reported(void **state)
{
	(void)state;
	struct statx a, b;
	conf_touch("f");
	assert_ok(statx_or_skip(AT_FDCWD, "f", 0, STATX_MNT_ID, &a));
	if (!(a.stx_mask & STATX_MNT_ID))
		skip_because("kernel does not report STATX_MNT_ID");
	assert_ok(statx_or_skip(AT_FDCWD, ".", 0, STATX_MNT_ID, &b));
	assert_true(a.stx_mnt_id != 0);
	assert_int_equal(a.stx_mnt_id, b.stx_mnt_id);
}

static void statx_directory_mode_and_nlink(void **state)
{
	(void)state;
	struct statx stx;
	assert_ok(mkdir("d", 0700));
	assert_ok(statx_or_skip(AT_FDCWD, "d", 0, STATX_TYPE | STATX_MODE | STATX_NLINK,
				&stx));
	assert_true(S_ISDIR(stx.stx_mode));
	assert_int_equal(stx.stx_mode & 07777, 0700);
	assert_true(stx.stx_nlink >= 1);
}

static void statx_mask_never_reports_unknown_bits(void **state)
{
	(void)state;
	struct statx stx;
	conf_touch("f");
	assert_ok(statx_or_skip(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &stx));
	assert_int_equal(stx.stx_mask & STATX__RESERVED, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(statx_basic_fields_match_stat),
		conf_case(statx_dev_numbers_match_stat),
		conf_case(statx_timestamps_match_stat),
		conf_case(statx_btime_when_reported_is_not_after_mtime),
		conf_case(statx_symlink_nofollow_reports_link),
		conf_case(statx_empty_path_stats_fd),
		conf_case(statx_null_path_with_empty_path_stats_fd),
		conf_case(statx_reserved_mask_bit_fails_einval),
		conf_case(statx_both_sync_flags_fail_einval),
		conf_case(statx_unknown_flag_fails_einval),
		conf_case(statx_missing_fails_enoent),
		conf_case(statx_relative_to_dirfd),
		conf_case(statx_mnt_id_reported),
		conf_case(statx_directory_mode_and_nlink),
		conf_case(statx_mask_never_reports_unknown_bits),
	};
	return conf_run(tests);
}
