/* Conformance: utimensat(2), futimens(2), utimes(2) — explicit times,
 * UTIME_NOW, UTIME_OMIT, AT_SYMLINK_NOFOLLOW, and ctime. */
#include "fs_common.h"

#include <sys/time.h>
#include <time.h>

static struct stat st_of(const char *path)
{
	struct stat st;
	assert_ok(lstat(path, &st));
	return st;
}

static void set_old_times(const char *path)
{
	struct timespec ts[2] = { { 100000000, 0 }, { 200000000, 0 } };
	assert_ok(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW));
}

static void utimensat_sets_explicit_times(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 1500000000, 123456789 }, { 1600000000, 987654321 } };
	conf_touch("f");
	assert_ok(utimensat(AT_FDCWD, "f", ts, 0));
	struct stat st = st_of("f");
	assert_int_equal(st.st_atim.tv_sec, 1500000000);
	assert_int_equal(st.st_atim.tv_nsec, 123456789);
	assert_int_equal(st.st_mtim.tv_sec, 1600000000);
	assert_int_equal(st.st_mtim.tv_nsec, 987654321);
}

static void utimensat_utime_now_sets_current_time(void **state)
{
	(void)state;
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	conf_touch("f");
	set_old_times("f");
	time_t before = time(NULL);
	assert_ok(utimensat(AT_FDCWD, "f", now, 0));
	struct stat st = st_of("f");
	assert_true(st.st_mtim.tv_sec >= before - 1);
	assert_true(st.st_atim.tv_sec >= before - 1);
}

static void utimensat_null_times_sets_current_time(void **state)
{
	(void)state;
	conf_touch("f");
	set_old_times("f");
	time_t before = time(NULL);
	assert_ok(utimensat(AT_FDCWD, "f", NULL, 0));
	assert_true(st_of("f").st_mtim.tv_sec >= before - 1);
}

static void utimensat_utime_omit_keeps_that_time(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 300000000, 5 }, { 0, UTIME_OMIT } };
	conf_touch("f");
	set_old_times("f");
	assert_ok(utimensat(AT_FDCWD, "f", ts, 0));
	struct stat st = st_of("f");
	assert_int_equal(st.st_atim.tv_sec, 300000000);
	assert_int_equal(st.st_atim.tv_nsec, 5);
	assert_int_equal(st.st_mtim.tv_sec, 200000000);
}

static void utimensat_both_omit_changes_nothing(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	conf_touch("f");
	set_old_times("f");
	struct stat before = st_of("f");
	assert_ok(utimensat(AT_FDCWD, "f", ts, 0));
	struct stat after = st_of("f");
	assert_int_equal(after.st_atim.tv_sec, 100000000);
	assert_int_equal(after.st_mtim.tv_sec, 200000000);
	assert_int_equal(after.st_ctim.tv_sec, before.st_ctim.tv_sec);
	assert_int_equal(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
}

static void utimensat_invalid_nsec_fails_einval(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 0, 1000000000 }, { 0, 0 } };
	conf_touch("f");
	assert_errno(utimensat(AT_FDCWD, "f", ts, 0), EINVAL);
	ts[0].tv_nsec = -1;
	assert_errno(utimensat(AT_FDCWD, "f", ts, 0), EINVAL);
}

static void utimensat_symlink_nofollow_sets_link_times(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 400000000, 0 }, { 500000000, 0 } };
	conf_touch("f");
	set_old_times("f");
	assert_ok(symlink("f", "l"));
	assert_ok(utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW));
	assert_int_equal(st_of("l").st_mtim.tv_sec, 500000000);
	assert_int_equal(st_of("f").st_mtim.tv_sec, 200000000);
}

static void utimensat_follows_symlink_by_default(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 400000000, 0 }, { 500000000, 0 } };
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	assert_ok(utimensat(AT_FDCWD, "l", ts, 0));
	assert_int_equal(st_of("f").st_mtim.tv_sec, 500000000);
}

static void utimensat_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(utimensat(AT_FDCWD, "missing", NULL, 0), ENOENT);
}

static void utimensat_invalid_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(utimensat(AT_FDCWD, "f", NULL, 0x1), EINVAL);
}

static void utimensat_empty_path_on_fd(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 700000000, 0 }, { 800000000, 0 } };
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(utimensat(fd, "", ts, AT_EMPTY_PATH));
	assert_int_equal(st_of("f").st_mtim.tv_sec, 800000000);
	close(fd);
}

static void futimens_sets_times_on_fd(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 900000000, 1 }, { 950000000, 2 } };
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_WRONLY));
	assert_ok(futimens(fd, ts));
	close(fd);
	struct stat st = st_of("f");
	assert_int_equal(st.st_mtim.tv_sec, 950000000);
	assert_int_equal(st.st_mtim.tv_nsec, 2);
}

static void futimens_o_path_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_errno(futimens(fd, NULL), EBADF);
	close(fd);
}

static void utimes_sets_microseconds(void **state)
{
	(void)state;
	struct timeval tv[2] = { { 1100000000, 250000 }, { 1200000000, 750000 } };
	conf_touch("f");
	assert_ok(utimes("f", tv));
	struct stat st = st_of("f");
	assert_int_equal(st.st_atim.tv_sec, 1100000000);
	assert_int_equal(st.st_atim.tv_nsec, 250000000);
	assert_int_equal(st.st_mtim.tv_nsec, 750000000);
}

static void utimensat_changes_ctime(void **state)
{
	(void)state;
	struct timespec ts[2] = { { 100, 0 }, { 100, 0 } };
	conf_touch("f");
	time_t before = time(NULL);
	assert_ok(utimensat(AT_FDCWD, "f", ts, 0));
	/* ctime cannot be set: it becomes the time of the change. */
	assert_true(st_of("f").st_ctim.tv_sec >= before - 1);
}

static void utimensat_explicit_time_on_foreign_file_fails_eperm(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID to act as another user");
	conf_touch("f");
	assert_ok(chmod("f", 0666));
	int fd = (int)assert_ok(open("f", O_RDWR));
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct timespec ts[2] = { { 100, 0 }, { 100, 0 } };
		if (!conf_become_nobody())
			_exit(CONF_CHILD_SKIP);
		/* Only the owner may set explicit times; a writer may set "now". */
		child_check_errno(futimens(fd, ts), EPERM);
		child_check(futimens(fd, NULL) == 0);
		_exit(0);
	}
	assert_child_ok_or_skip(pid, "cannot change ids here");
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(utimensat_sets_explicit_times),
		conf_case(utimensat_utime_now_sets_current_time),
		conf_case(utimensat_null_times_sets_current_time),
		conf_case(utimensat_utime_omit_keeps_that_time),
		conf_case(utimensat_both_omit_changes_nothing),
		conf_case(utimensat_invalid_nsec_fails_einval),
		conf_case(utimensat_symlink_nofollow_sets_link_times),
		conf_case(utimensat_follows_symlink_by_default),
		conf_case(utimensat_missing_fails_enoent),
		conf_case(utimensat_invalid_flag_fails_einval),
		conf_case(utimensat_empty_path_on_fd),
		conf_case(futimens_sets_times_on_fd),
		conf_case(futimens_o_path_fd_fails_ebadf),
		conf_case(utimes_sets_microseconds),
		conf_case(utimensat_changes_ctime),
		conf_case(utimensat_explicit_time_on_foreign_file_fails_eperm),
	};
	return conf_run(tests);
}
