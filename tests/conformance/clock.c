/* Conformance: clock_gettime(2), clock_getres(2), clock_nanosleep(2),
 * nanosleep(2), gettimeofday(2), time(2).  Times are compared as ordering
 * and lower bounds only: the machine may be loaded. */
#include "proc_common.h"

#include <sys/time.h>

static volatile sig_atomic_t hits;

static void on_alarm(int sig)
{
	(void)sig;
	hits++;
}

static void clock_gettime_monotonic_never_goes_back(void **state)
{
	(void)state;
	struct timespec a, b;
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &a));
	for (int i = 0; i < 1000; i++) {
		assert_ok(clock_gettime(CLOCK_MONOTONIC, &b));
		assert_true(conf_ts_ns(&b) >= conf_ts_ns(&a));
		a = b;
	}
	assert_in_range(b.tv_nsec, 0, 999999999);
}

static void clock_gettime_monotonic_advances_over_sleep(void **state)
{
	(void)state;
	struct timespec a, b;
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &a));
	conf_sleep_ms(20);
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &b));
	assert_true(conf_ts_ns(&b) - conf_ts_ns(&a) >= 20000000LL);
}

static void clock_gettime_supported_clocks_succeed(void **state)
{
	(void)state;
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
		CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
	};
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct timespec ts = { -1, -1 };
		assert_int_equal(assert_ok(clock_gettime(clocks[i], &ts)), 0);
		assert_true(ts.tv_sec >= 0);
		assert_in_range(ts.tv_nsec, 0, 999999999);
	}
}

static void clock_gettime_invalid_clock_fails_einval(void **state)
{
	(void)state;
	struct timespec ts;
	assert_errno(syscall(SYS_clock_gettime, 12345, &ts), EINVAL);
}

static void clock_gettime_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_clock_gettime, CLOCK_REALTIME, CONF_BAD_PTR), EFAULT);
}

static void clock_gettime_boottime_not_below_monotonic(void **state)
{
	(void)state;
	struct timespec m, b;
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &m));
	assert_ok(clock_gettime(CLOCK_BOOTTIME, &b));
	assert_true(conf_ts_ns(&b) >= conf_ts_ns(&m));
}

volatile unsigned long busy_sink; /* keeps the busy loop from being removed */

static void clock_gettime_process_cputime_grows_with_work(void **state)
{
	(void)state;
	struct timespec a, b;
	assert_ok(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a));
	do {
		for (int i = 0; i < 100000; i++)
			busy_sink += (unsigned long)i;
		assert_ok(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b));
	} while (conf_ts_ns(&b) == conf_ts_ns(&a));
	assert_true(conf_ts_ns(&b) > conf_ts_ns(&a));
}

static void clock_getres_monotonic_is_positive(void **state)
{
	(void)state;
	struct timespec res = { -1, -1 };
	assert_ok(clock_getres(CLOCK_MONOTONIC, &res));
	assert_int_equal(res.tv_sec, 0);
	assert_in_range(res.tv_nsec, 1, 999999999);
	/* clock_getres(2): a NULL res is allowed. */
	assert_int_equal(assert_ok(clock_getres(CLOCK_REALTIME, NULL)), 0);
}

static void clock_getres_invalid_clock_fails_einval(void **state)
{
	(void)state;
	struct timespec res;
	assert_errno(syscall(SYS_clock_getres, 12345, &res), EINVAL);
}

static void clock_nanosleep_relative_waits_at_least(void **state)
{
	(void)state;
	struct timespec ts = { 0, 30 * 1000000 };
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	assert_int_equal(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL), 0);
	assert_true(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 30000000LL);
}

static void clock_nanosleep_abstime_wakes_after_deadline(void **state)
{
	(void)state;
	struct timespec ts, now;
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &ts));
	long long deadline = conf_ts_ns(&ts) + 30000000LL;
	ts.tv_sec = deadline / 1000000000LL;
	ts.tv_nsec = deadline % 1000000000LL;
	assert_int_equal(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL), 0);
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &now));
	assert_true(conf_ts_ns(&now) >= deadline);
}

static void clock_nanosleep_abstime_in_past_returns_at_once(void **state)
{
	(void)state;
	struct timespec ts = { 0, 1 };
	assert_int_equal(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL), 0);
}

static void clock_nanosleep_invalid_nsec_fails_einval(void **state)
{
	(void)state;
	struct timespec ts = { 0, 1000000000 };
	/* clock_nanosleep returns the error number instead of setting errno. */
	assert_int_equal(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL), EINVAL);
}

static void clock_nanosleep_cpu_clock_of_thread_fails_einval(void **state)
{
	(void)state;
	struct timespec ts = { 0, 1000 };
	assert_int_equal(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL), EINVAL);
}

static void nanosleep_negative_fails_einval(void **state)
{
	(void)state;
	struct timespec ts = { -1, 0 };
	assert_errno(nanosleep(&ts, NULL), EINVAL);
}

static void nanosleep_eintr_child(void)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = SA_RESTART };
	struct timespec ts = { 20, 0 }, rem = { 0, 0 };
	child_check(sigaction(SIGALRM, &sa, NULL) == 0);
	/* Repeating: an expiry before nanosleep starts is followed by one
	 * while it sleeps (conf_repeat_alarm). */
	child_check(conf_repeat_alarm(50));
	/* signal(7): nanosleep is never restarted, even with SA_RESTART;
	 * rem holds what was left. */
	child_check_errno(nanosleep(&ts, &rem), EINTR);
	child_check(conf_stop_alarm());
	child_check(hits >= 1);
	child_check(rem.tv_sec > 0 && rem.tv_sec <= 20);
}

static void nanosleep_interrupted_fails_eintr_with_remaining(void **state)
{
	(void)state;
	conf_in_child(nanosleep_eintr_child);
}

static void gettimeofday_agrees_with_realtime(void **state)
{
	(void)state;
	struct timeval tv;
	struct timespec a, b;
	assert_ok(clock_gettime(CLOCK_REALTIME, &a));
	assert_ok(gettimeofday(&tv, NULL));
	assert_ok(clock_gettime(CLOCK_REALTIME, &b));
	long long us = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
	assert_true(us >= conf_ts_ns(&a) / 1000);
	assert_true(us <= conf_ts_ns(&b) / 1000 + 1);
	assert_in_range(tv.tv_usec, 0, 999999);
}

static void gettimeofday_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_gettimeofday, CONF_BAD_PTR, NULL), EFAULT);
}

static void time_agrees_with_realtime_seconds(void **state)
{
	(void)state;
	struct timespec a, b;
	time_t out = 0;
	assert_ok(clock_gettime(CLOCK_REALTIME_COARSE, &a));
	time_t t = time(&out);
	assert_ok(clock_gettime(CLOCK_REALTIME, &b));
	assert_int_equal(t, out);
	assert_true(t >= a.tv_sec && t <= b.tv_sec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clock_gettime_monotonic_never_goes_back),
		cmocka_unit_test(clock_gettime_monotonic_advances_over_sleep),
		cmocka_unit_test(clock_gettime_supported_clocks_succeed),
		cmocka_unit_test(clock_gettime_invalid_clock_fails_einval),
		cmocka_unit_test(clock_gettime_bad_pointer_fails_efault),
		cmocka_unit_test(clock_gettime_boottime_not_below_monotonic),
		cmocka_unit_test(clock_gettime_process_cputime_grows_with_work),
		cmocka_unit_test(clock_getres_monotonic_is_positive),
		cmocka_unit_test(clock_getres_invalid_clock_fails_einval),
		cmocka_unit_test(clock_nanosleep_relative_waits_at_least),
		cmocka_unit_test(clock_nanosleep_abstime_wakes_after_deadline),
		cmocka_unit_test(clock_nanosleep_abstime_in_past_returns_at_once),
		cmocka_unit_test(clock_nanosleep_invalid_nsec_fails_einval),
		cmocka_unit_test(clock_nanosleep_cpu_clock_of_thread_fails_einval),
		cmocka_unit_test(nanosleep_negative_fails_einval),
		cmocka_unit_test(nanosleep_interrupted_fails_eintr_with_remaining),
		cmocka_unit_test(gettimeofday_agrees_with_realtime),
		cmocka_unit_test(gettimeofday_bad_pointer_fails_efault),
		cmocka_unit_test(time_agrees_with_realtime_seconds),
	};
	return conf_run(tests);
}
