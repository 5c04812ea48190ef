/* Conformance: dup(2), dup2(2), dup3(2), close(2), close_range(2). */
#include "fs_common.h"

#include <linux/close_range.h>
#include <sys/resource.h>

static int open_f(void)
{
	if (!conf_exists("f"))
		conf_write_file("f", "0123456789");
	return (int)assert_ok(open("f", O_RDONLY));
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

static long close_range_or_skip(unsigned first, unsigned last, unsigned flags)
{
	long r = syscall(SYS_close_range, first, last, flags);
	if (r == -1 && errno == ENOSYS)
		skip_because("close_range is not available (ENOSYS)");
	return r;
}

static void dup_returns_lowest_free_fd(void **state)
{
	(void)state;
	int fd = open_f();
	int hole = (int)assert_ok(dup(fd));
	int after = (int)assert_ok(dup(fd));
	close(hole);
	assert_int_equal(assert_ok(dup(fd)), hole);
	close(hole);
	close(after);
	close(fd);
}

static void dup_shares_file_offset(void **state)
{
	(void)state;
	int fd = open_f();
	int d = (int)assert_ok(dup(fd));
	assert_int_equal(assert_ok(lseek(d, 7, SEEK_SET)), 7);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 7);
	close(d);
	close(fd);
}

static void dup_clears_cloexec(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY | O_CLOEXEC));
	int d = (int)assert_ok(dup(fd));
	assert_int_equal(assert_ok(fcntl(d, F_GETFD)), 0);
	close(d);
	close(fd);
}

static void dup_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(dup(-1), EBADF);
	assert_errno(dup(1000000), EBADF);
}

static void dup2_to_chosen_fd(void **state)
{
	(void)state;
	int fd = open_f();
	assert_int_equal(assert_ok(dup2(fd, 200)), 200);
	assert_int_equal(assert_ok(lseek(200, 3, SEEK_SET)), 3);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 3);
	close(200);
	close(fd);
}

static void dup2_closes_target_first(void **state)
{
	(void)state;
	conf_write_file("g", "other");
	int fd = open_f();
	int g = (int)assert_ok(open("g", O_RDONLY));
	assert_int_equal(assert_ok(dup2(fd, g)), g);
	char buf[4] = { 0 };
	assert_int_equal(assert_ok(pread(g, buf, 3, 0)), 3);
	assert_string_equal(buf, "012");
	close(g);
	close(fd);
}

static void dup2_same_fd_returns_it(void **state)
{
	(void)state;
	int fd = open_f();
	assert_ok(fcntl(fd, F_SETFD, FD_CLOEXEC));
	assert_int_equal(assert_ok(dup2(fd, fd)), fd);
	/* Nothing happens, not even clearing FD_CLOEXEC. */
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	close(fd);
}

static void dup2_same_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(dup2(500, 500), EBADF);
}

static void dup2_target_at_rlimit_fails_ebadf(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_ok(getrlimit(RLIMIT_NOFILE, &rl));
	int fd = open_f();
	assert_errno(dup2(fd, (int)rl.rlim_cur), EBADF);
	assert_errno(dup2(fd, -1), EBADF);
	close(fd);
}

static void dup3_cloexec_sets_flag(void **state)
{
	(void)state;
	int fd = open_f();
	assert_int_equal(assert_ok(dup3(fd, 201, O_CLOEXEC)), 201);
	assert_int_equal(assert_ok(fcntl(201, F_GETFD)), FD_CLOEXEC);
	close(201);
	close(fd);
}

static void dup3_same_fd_fails_einval(void **state)
{
	(void)state;
	int fd = open_f();
	assert_errno(dup3(fd, fd, 0), EINVAL);
	close(fd);
}

static void dup3_invalid_flags_fail_einval(void **state)
{
	(void)state;
	int fd = open_f();
	assert_errno(dup3(fd, 202, O_NONBLOCK), EINVAL);
	assert_false(is_open(202));
	close(fd);
}

static void close_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	int fd = open_f();
	assert_ok(close(fd));
	assert_errno(close(fd), EBADF);
	assert_errno(close(-1), EBADF);
}

static void close_range_closes_whole_range(void **state)
{
	(void)state;
	int fd = open_f();
	for (int i = 300; i <= 305; i++)
		assert_ok(dup2(fd, i));
	assert_ok(close_range_or_skip(301, 304, 0));
	assert_true(is_open(300));
	for (int i = 301; i <= 304; i++)
		assert_false(is_open(i));
	assert_true(is_open(305));
	close(300);
	close(305);
	close(fd);
}

static void close_range_to_max_closes_all_above(void **state)
{
	(void)state;
	int fd = open_f();
	assert_ok(dup2(fd, 400));
	assert_ok(dup2(fd, 900));
	assert_ok(close_range_or_skip(400, ~0u, 0));
	assert_false(is_open(400));
	assert_false(is_open(900));
	assert_true(is_open(fd));
	close(fd);
}

static void close_range_cloexec_marks_instead_of_closing(void **state)
{
	(void)state;
	int fd = open_f();
	assert_ok(dup2(fd, 310));
	assert_ok(dup2(fd, 311));
	assert_ok(close_range_or_skip(310, 311, CLOSE_RANGE_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(310, F_GETFD)), FD_CLOEXEC);
	assert_int_equal(assert_ok(fcntl(311, F_GETFD)), FD_CLOEXEC);
	close(310);
	close(311);
	close(fd);
}

static void close_range_first_above_last_fails_einval(void **state)
{
	(void)state;
	assert_errno(close_range_or_skip(10, 5, 0), EINVAL);
}

static void close_range_unknown_flag_fails_einval(void **state)
{
	(void)state;
	assert_errno(close_range_or_skip(320, 321, 1u << 10), EINVAL);
}

static void close_range_of_closed_fds_succeeds(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(close_range_or_skip(600, 700, 0)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(dup_returns_lowest_free_fd),
		conf_case(dup_shares_file_offset),
		conf_case(dup_clears_cloexec),
		conf_case(dup_bad_fd_fails_ebadf),
		conf_case(dup2_to_chosen_fd),
		conf_case(dup2_closes_target_first),
		conf_case(dup2_same_fd_returns_it),
		conf_case(dup2_same_closed_fd_fails_ebadf),
		conf_case(dup2_target_at_rlimit_fails_ebadf),
		conf_case(dup3_cloexec_sets_flag),
		conf_case(dup3_same_fd_fails_einval),
		conf_case(dup3_invalid_flags_fail_einval),
		conf_case(close_bad_fd_fails_ebadf),
		conf_case(close_range_closes_whole_range),
		conf_case(close_range_to_max_closes_all_above),
		conf_case(close_range_cloexec_marks_instead_of_closing),
		conf_case(close_range_first_above_last_fails_einval),
		conf_case(close_range_unknown_flag_fails_einval),
		conf_case(close_range_of_closed_fds_succeeds),
	};
	return conf_run(tests);
}
