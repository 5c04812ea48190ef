/* Conformance: timerfd_create(2), timerfd_settime(2), timerfd_gettime(2):
 * relative and absolute (TFD_TIMER_ABSTIME) expiry, expiration counts,
 * disarming and argument checks.  Timings are asserted as lower bounds. */
#include "proc_common.h"

#include <sys/timerfd.h>

static struct itimerspec its_ms(long value_ms, long interval_ms)
{
	struct itimerspec its = {
		.it_value = { value_ms / 1000, (value_ms % 1000) * 1000000L },
		.it_interval = { interval_ms / 1000, (interval_ms % 1000) * 1000000L },
	};
	return its;
}

static void timerfd_create_invalid_clock_fails_einval(void **state)
{
	(void)state;
	assert_errno(timerfd_create(12345, 0), EINVAL);
}

static void timerfd_create_invalid_flags_fail_einval(void **state)
{
	(void)state;
	assert_errno(timerfd_create(CLOCK_MONOTONIC, O_APPEND), EINVAL);
}

static void timerfd_create_flags_set_cloexec_and_nonblock(void **state)
{
	(void)state;
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	assert_true(assert_ok(fcntl(fd, F_GETFL)) & O_NONBLOCK);
	close(fd);
}

static void timerfd_unarmed_read_nonblock_fails_eagain(void **state)
{
	(void)state;
	uint64_t n;
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	assert_errno(read(fd, &n, sizeof n), EAGAIN);
	close(fd);
}

static void timerfd_relative_expiry_read_returns_one(void **state)
{
	(void)state;
	uint64_t n = 0;
	struct itimerspec its = its_ms(20, 0);
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	assert_int_equal(assert_ok(read(fd, &n, sizeof n)), 8);
	assert_int_equal(n, 1);
	assert_true(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 20000000LL);
	close(fd);
}

static void timerfd_periodic_read_counts_expirations(void **state)
{
	(void)state;
	uint64_t n = 0;
	struct itimerspec its = its_ms(10, 10);
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	conf_sleep_ms(100);
	assert_int_equal(assert_ok(read(fd, &n, sizeof n)), 8);
	/* At least 100 ms passed: ~10 expirations, counted even if we were
	 * not scheduled; leave room for timer slack. */
	assert_true(n >= 5);
	close(fd);
}

static void timerfd_abstime_in_past_expires_immediately(void **state)
{
	(void)state;
	uint64_t n = 0;
	struct itimerspec its = { 0 };
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &its.it_value));
	its.it_value.tv_sec -= 1;
	if (its.it_value.tv_sec <= 0)
		its.it_value.tv_sec = its.it_value.tv_nsec = 1;
	assert_ok(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	assert_true(conf_readable(fd, 5000));
	assert_int_equal(assert_ok(read(fd, &n, sizeof n)), 8);
	assert_int_equal(n, 1);
	close(fd);
}

static void timerfd_abstime_future_waits_until_deadline(void **state)
{
	(void)state;
	uint64_t n = 0;
	struct itimerspec its = { 0 };
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &its.it_value));
	long long deadline = conf_ts_ns(&its.it_value) + 50000000LL;
	its.it_value.tv_sec = deadline / 1000000000LL;
	its.it_value.tv_nsec = deadline % 1000000000LL;
	assert_ok(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	assert_int_equal(assert_ok(read(fd, &n, sizeof n)), 8);
	struct timespec now;
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &now));
	assert_true(conf_ts_ns(&now) >= deadline);
	assert_int_equal(n, 1);
	close(fd);
}

static void timerfd_gettime_reports_remaining_and_interval(void **state)
{
	(void)state;
	struct itimerspec its = its_ms(10000, 1500), cur;
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	assert_ok(timerfd_gettime(fd, &cur));
	long long left = conf_ts_ns(&cur.it_value);
	assert_true(left > 0 && left <= 10000000000LL);
	assert_int_equal(cur.it_interval.tv_sec, 1);
	assert_int_equal(cur.it_interval.tv_nsec, 500000000);
	close(fd);
}

static void timerfd_settime_returns_old_value(void **state)
{
	(void)state;
	struct itimerspec its = its_ms(10000, 2000), old;
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	its = its_ms(0, 0);
	assert_ok(timerfd_settime(fd, 0, &its, &old));
	assert_true(conf_ts_ns(&old.it_value) > 0);
	assert_int_equal(old.it_interval.tv_sec, 2);
	close(fd);
}

static void timerfd_settime_zero_disarms(void **state)
{
	(void)state;
	uint64_t n;
	struct itimerspec its = its_ms(30, 0), cur;
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	its = its_ms(0, 0);
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	assert_ok(timerfd_gettime(fd, &cur));
	assert_int_equal(conf_ts_ns(&cur.it_value), 0);
	conf_sleep_ms(60);
	assert_errno(read(fd, &n, sizeof n), EAGAIN);
	close(fd);
}

static void timerfd_settime_invalid_nsec_fails_einval(void **state)
{
	(void)state;
	struct itimerspec its = { .it_value = { 0, 1000000000 } };
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_errno(timerfd_settime(fd, 0, &its, NULL), EINVAL);
	close(fd);
}

static void timerfd_settime_invalid_flags_fail_einval(void **state)
{
	(void)state;
	struct itimerspec its = its_ms(1000, 0);
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_errno(timerfd_settime(fd, 0x100, &its, NULL), EINVAL);
	close(fd);
}

static void timerfd_settime_non_timerfd_fails_einval(void **state)
{
	(void)state;
	int p[2];
	struct itimerspec its = its_ms(1000, 0);
	assert_ok(pipe(p));
	assert_errno(timerfd_settime(p[0], 0, &its, NULL), EINVAL);
	close(p[0]);
	close(p[1]);
}

static void timerfd_read_short_buffer_fails_einval(void **state)
{
	(void)state;
	uint32_t small;
	struct itimerspec its = its_ms(1, 0);
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	assert_errno(read(fd, &small, sizeof small), EINVAL);
	close(fd);
}

static void timerfd_poll_reports_pollin_after_expiry(void **state)
{
	(void)state;
	struct itimerspec its = its_ms(20, 0);
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	assert_int_equal(assert_ok(poll(&p, 1, CONF_CHILD_TIMEOUT_MS)), 1);
	assert_int_equal(p.revents, POLLIN);
	close(fd);
}

static void timerfd_realtime_clock_expires(void **state)
{
	(void)state;
	uint64_t n = 0;
	struct itimerspec its = its_ms(10, 0);
	int fd = assert_ok(timerfd_create(CLOCK_REALTIME, 0));
	assert_ok(timerfd_settime(fd, 0, &its, NULL));
	assert_int_equal(assert_ok(read(fd, &n, sizeof n)), 8);
	assert_int_equal(n, 1);
	close(fd);
}

static void timerfd_gettime_bad_pointer_fails_efault(void **state)
{
	(void)state;
	int fd = assert_ok(timerfd_create(CLOCK_MONOTONIC, 0));
	assert_errno(syscall(SYS_timerfd_gettime, fd, CONF_BAD_PTR), EFAULT);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timerfd_create_invalid_clock_fails_einval),
		cmocka_unit_test(timerfd_create_invalid_flags_fail_einval),
		cmocka_unit_test(timerfd_create_flags_set_cloexec_and_nonblock),
		cmocka_unit_test(timerfd_unarmed_read_nonblock_fails_eagain),
		cmocka_unit_test(timerfd_relative_expiry_read_returns_one),
		cmocka_unit_test(timerfd_periodic_read_counts_expirations),
		cmocka_unit_test(timerfd_abstime_in_past_expires_immediately),
		cmocka_unit_test(timerfd_abstime_future_waits_until_deadline),
		cmocka_unit_test(timerfd_gettime_reports_remaining_and_interval),
		cmocka_unit_test(timerfd_settime_returns_old_value),
		cmocka_unit_test(timerfd_settime_zero_disarms),
		cmocka_unit_test(timerfd_settime_invalid_nsec_fails_einval),
		cmocka_unit_test(timerfd_settime_invalid_flags_fail_einval),
		cmocka_unit_test(timerfd_settime_non_timerfd_fails_einval),
		cmocka_unit_test(timerfd_read_short_buffer_fails_einval),
		cmocka_unit_test(timerfd_poll_reports_pollin_after_expiry),
		cmocka_unit_test(timerfd_realtime_clock_expires),
		cmocka_unit_test(timerfd_gettime_bad_pointer_fails_efault),
	};
	return conf_run(tests);
}
