/* Conformance: fcntl(2) descriptor commands — F_DUPFD, F_DUPFD_CLOEXEC,
 * F_GETFD/F_SETFD, F_GETFL/F_SETFL, and the O_PATH restrictions.  Record
 * locks are in locks.c. */
#include "fs_common.h"

#include <sys/resource.h>

static int open_file(int flags)
{
	conf_write_file("f", "0123456789");
	return (int)assert_ok(open("f", flags));
}

static void fcntl_dupfd_returns_lowest_free_at_or_above(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	int d1 = (int)assert_ok(fcntl(fd, F_DUPFD, 100));
	assert_true(d1 >= 100);
	int d2 = (int)assert_ok(fcntl(fd, F_DUPFD, d1));
	assert_true(d2 > d1);
	close(d1);
	int d3 = (int)assert_ok(fcntl(fd, F_DUPFD, 100));
	assert_int_equal(d3, d1);
	close(d2);
	close(d3);
	close(fd);
}

static void fcntl_dupfd_clears_cloexec(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY | O_CLOEXEC);
	int d = (int)assert_ok(fcntl(fd, F_DUPFD, 0));
	assert_int_equal(assert_ok(fcntl(d, F_GETFD)) & FD_CLOEXEC, 0);
	close(d);
	close(fd);
}

static void fcntl_dupfd_cloexec_sets_cloexec(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	int d = (int)assert_ok(fcntl(fd, F_DUPFD_CLOEXEC, 0));
	assert_int_equal(assert_ok(fcntl(d, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	close(d);
	close(fd);
}

static void fcntl_dupfd_shares_offset_and_flags(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	int d = (int)assert_ok(fcntl(fd, F_DUPFD, 0));
	assert_int_equal(assert_ok(lseek(fd, 4, SEEK_SET)), 4);
	assert_int_equal(assert_ok(lseek(d, 0, SEEK_CUR)), 4);
	assert_ok(fcntl(fd, F_SETFL, O_NONBLOCK));
	assert_true(assert_ok(fcntl(d, F_GETFL)) & O_NONBLOCK);
	close(d);
	close(fd);
}

static void fcntl_dupfd_negative_fails_einval(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	assert_errno(fcntl(fd, F_DUPFD, -1), EINVAL);
	close(fd);
}

static void fcntl_dupfd_at_rlimit_fails_einval(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_ok(getrlimit(RLIMIT_NOFILE, &rl));
	int fd = open_file(O_RDONLY);
	assert_errno(fcntl(fd, F_DUPFD, (long)rl.rlim_cur), EINVAL);
	close(fd);
}

static void fcntl_getfl_reports_access_mode(void **state)
{
	(void)state;
	int r = open_file(O_RDONLY), w = open_file(O_WRONLY | O_APPEND),
	    rw = open_file(O_RDWR);
	assert_int_equal(assert_ok(fcntl(r, F_GETFL)) & O_ACCMODE, O_RDONLY);
	assert_int_equal(assert_ok(fcntl(w, F_GETFL)) & O_ACCMODE, O_WRONLY);
	assert_true(assert_ok(fcntl(w, F_GETFL)) & O_APPEND);
	assert_int_equal(assert_ok(fcntl(rw, F_GETFL)) & O_ACCMODE, O_RDWR);
	close(r);
	close(w);
	close(rw);
}

static void fcntl_setfl_sets_append_and_nonblock(void **state)
{
	(void)state;
	int fd = open_file(O_WRONLY);
	assert_ok(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
	long fl = assert_ok(fcntl(fd, F_GETFL));
	assert_true(fl & O_APPEND);
	assert_true(fl & O_NONBLOCK);
	assert_int_equal(assert_ok(write(fd, "Z", 1)), 1);
	close(fd);
	assert_file_contents("f", "0123456789Z");
}

static void fcntl_setfl_ignores_access_mode_and_creation_flags(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	assert_ok(fcntl(fd, F_SETFL, O_RDWR | O_TRUNC | O_CREAT));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFL)) & O_ACCMODE, O_RDONLY);
	assert_errno(write(fd, "x", 1), EBADF);
	close(fd);
	assert_file_contents("f", "0123456789");
}

static void fcntl_getfd_setfd_roundtrip(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), 0);
	assert_ok(fcntl(fd, F_SETFD, FD_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	assert_ok(fcntl(fd, F_SETFD, 0));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), 0);
	close(fd);
}

static void fcntl_setfd_is_per_descriptor(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	int d = (int)assert_ok(dup(fd));
	assert_ok(fcntl(fd, F_SETFD, FD_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(d, F_GETFD)), 0);
	close(d);
	close(fd);
}

static void fcntl_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fcntl(-1, F_GETFD), EBADF);
	assert_errno(fcntl(1000000, F_GETFL), EBADF);
}

static void fcntl_unknown_command_fails_einval(void **state)
{
	(void)state;
	int fd = open_file(O_RDONLY);
	assert_errno(fcntl(fd, 0x7fff), EINVAL);
	close(fd);
}

static void fcntl_o_path_getfl_and_dupfd_work(void **state)
{
	(void)state;
	int fd = open_file(O_PATH);
	assert_true(assert_ok(fcntl(fd, F_GETFL)) & O_PATH);
	int d = (int)assert_ok(fcntl(fd, F_DUPFD_CLOEXEC, 0));
	assert_true(assert_ok(fcntl(d, F_GETFL)) & O_PATH);
	close(d);
	close(fd);
}

static void fcntl_o_path_setfl_fails_ebadf(void **state)
{
	(void)state;
	int fd = open_file(O_PATH);
	assert_errno(fcntl(fd, F_SETFL, O_NONBLOCK), EBADF);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(fcntl_dupfd_returns_lowest_free_at_or_above),
		conf_case(fcntl_dupfd_clears_cloexec),
		conf_case(fcntl_dupfd_cloexec_sets_cloexec),
		conf_case(fcntl_dupfd_shares_offset_and_flags),
		conf_case(fcntl_dupfd_negative_fails_einval),
		conf_case(fcntl_dupfd_at_rlimit_fails_einval),
		conf_case(fcntl_getfl_reports_access_mode),
		conf_case(fcntl_setfl_sets_append_and_nonblock),
		conf_case(fcntl_setfl_ignores_access_mode_and_creation_flags),
		conf_case(fcntl_getfd_setfd_roundtrip),
		conf_case(fcntl_setfd_is_per_descriptor),
		conf_case(fcntl_bad_fd_fails_ebadf),
		conf_case(fcntl_unknown_command_fails_einval),
		conf_case(fcntl_o_path_getfl_and_dupfd_work),
		conf_case(fcntl_o_path_setfl_fails_ebadf),
	};
	return conf_run(tests);
}
