/* Conformance: eventfd(2): counter read/write, EFD_SEMAPHORE, overflow,
 * size checks, flags and readiness. */
#include "proc_common.h"

#include <sys/eventfd.h>

#define EFD_MAX 0xfffffffffffffffeULL

static void eventfd_initval_is_read_back(void **state)
{
	(void)state;
	uint64_t v = 0;
	int fd = assert_ok(eventfd(5, 0));
	assert_int_equal(assert_ok(read(fd, &v, sizeof v)), 8);
	assert_int_equal(v, 5);
	close(fd);
}

static void eventfd_write_adds_and_read_resets(void **state)
{
	(void)state;
	uint64_t v = 3;
	int fd = assert_ok(eventfd(0, EFD_NONBLOCK));
	assert_int_equal(assert_ok(write(fd, &v, sizeof v)), 8);
	v = 4;
	assert_int_equal(assert_ok(write(fd, &v, sizeof v)), 8);
	assert_int_equal(assert_ok(read(fd, &v, sizeof v)), 8);
	assert_int_equal(v, 7);
	assert_errno(read(fd, &v, sizeof v), EAGAIN);
	close(fd);
}

static void eventfd_read_zero_nonblock_fails_eagain(void **state)
{
	(void)state;
	uint64_t v;
	int fd = assert_ok(eventfd(0, EFD_NONBLOCK));
	assert_errno(read(fd, &v, sizeof v), EAGAIN);
	close(fd);
}

static void eventfd_semaphore_read_returns_one(void **state)
{
	(void)state;
	uint64_t v;
	int fd = assert_ok(eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK));
	assert_int_equal(assert_ok(read(fd, &v, sizeof v)), 8);
	assert_int_equal(v, 1);
	assert_int_equal(assert_ok(read(fd, &v, sizeof v)), 8);
	assert_int_equal(v, 1);
	assert_errno(read(fd, &v, sizeof v), EAGAIN);
	close(fd);
}

static void eventfd_write_all_ones_fails_einval(void **state)
{
	(void)state;
	uint64_t v = UINT64_MAX;
	int fd = assert_ok(eventfd(0, EFD_NONBLOCK));
	assert_errno(write(fd, &v, sizeof v), EINVAL);
	close(fd);
}

static void eventfd_write_overflow_nonblock_fails_eagain(void **state)
{
	(void)state;
	uint64_t v = EFD_MAX;
	int fd = assert_ok(eventfd(0, EFD_NONBLOCK));
	assert_int_equal(assert_ok(write(fd, &v, sizeof v)), 8);
	v = 1;
	assert_errno(write(fd, &v, sizeof v), EAGAIN);
	close(fd);
}

static void eventfd_poll_reflects_counter(void **state)
{
	(void)state;
	uint64_t v = EFD_MAX;
	int fd = assert_ok(eventfd(0, EFD_NONBLOCK));
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	assert_int_equal(assert_ok(poll(&p, 1, 0)), 1);
	assert_int_equal(p.revents, POLLOUT);
	assert_int_equal(assert_ok(write(fd, &v, sizeof v)), 8);
	/* At the maximum the counter is readable and no longer writable. */
	assert_int_equal(assert_ok(poll(&p, 1, 0)), 1);
	assert_int_equal(p.revents, POLLIN);
	close(fd);
}

static void eventfd_read_short_buffer_fails_einval(void **state)
{
	(void)state;
	uint32_t small;
	int fd = assert_ok(eventfd(1, EFD_NONBLOCK));
	assert_errno(read(fd, &small, sizeof small), EINVAL);
	close(fd);
}

static void eventfd_write_short_buffer_fails_einval(void **state)
{
	(void)state;
	uint32_t small = 1;
	int fd = assert_ok(eventfd(0, EFD_NONBLOCK));
	assert_errno(write(fd, &small, sizeof small), EINVAL);
	close(fd);
}

static void eventfd_invalid_flags_fail_einval(void **state)
{
	(void)state;
	assert_errno(eventfd(0, O_APPEND), EINVAL);
}

static void eventfd_flags_set_cloexec_and_nonblock(void **state)
{
	(void)state;
	int fd = assert_ok(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	assert_true(assert_ok(fcntl(fd, F_GETFL)) & O_NONBLOCK);
	close(fd);
}

static void eventfd_blocking_read_wakes_on_child_write(void **state)
{
	(void)state;
	uint64_t v = 0;
	int fd = assert_ok(eventfd(0, 0));
	pid_t pid = conf_fork();
	if (pid == 0) {
		uint64_t one = 9;
		/* Write once the parent waits in read, to test the wake-up;
		 * had it not begun to wait, it would find the data at once,
		 * which is also correct. */
		conf_wait_sleeping(getppid());
		child_check(write(fd, &one, sizeof one) == 8);
		_exit(0);
	}
	assert_int_equal(assert_ok(read(fd, &v, sizeof v)), 8);
	assert_int_equal(v, 9);
	assert_child_ok(pid);
	close(fd);
}

static void eventfd_read_bad_pointer_fails_efault(void **state)
{
	(void)state;
	int fd = assert_ok(eventfd(1, EFD_NONBLOCK));
	assert_errno(syscall(SYS_read, fd, CONF_BAD_PTR, 8), EFAULT);
	close(fd);
}

static void eventfd_read_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	uint64_t v;
	int fd = assert_ok(eventfd(1, 0));
	close(fd);
	assert_errno(read(fd, &v, sizeof v), EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eventfd_initval_is_read_back),
		cmocka_unit_test(eventfd_write_adds_and_read_resets),
		cmocka_unit_test(eventfd_read_zero_nonblock_fails_eagain),
		cmocka_unit_test(eventfd_semaphore_read_returns_one),
		cmocka_unit_test(eventfd_write_all_ones_fails_einval),
		cmocka_unit_test(eventfd_write_overflow_nonblock_fails_eagain),
		cmocka_unit_test(eventfd_poll_reflects_counter),
		cmocka_unit_test(eventfd_read_short_buffer_fails_einval),
		cmocka_unit_test(eventfd_write_short_buffer_fails_einval),
		cmocka_unit_test(eventfd_invalid_flags_fail_einval),
		cmocka_unit_test(eventfd_flags_set_cloexec_and_nonblock),
		cmocka_unit_test(eventfd_blocking_read_wakes_on_child_write),
		cmocka_unit_test(eventfd_read_bad_pointer_fails_efault),
		cmocka_unit_test(eventfd_read_closed_fd_fails_ebadf),
	};
	return conf_run(tests);
}
