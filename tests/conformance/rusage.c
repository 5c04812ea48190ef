/* Conformance: getrusage(2) (SELF, CHILDREN, THREAD) and times(2): CPU
 * time accounting grows with work and includes waited-for children. */
#include "proc_common.h"

#include <sys/resource.h>
#include <sys/times.h>

volatile unsigned long busy_sink; /* keeps busy loops from being removed */

static long long tv_us(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

/* Spin until this process has used at least MS of CPU time. */
static void burn_cpu_ms(long ms)
{
	struct timespec start, now;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
	do {
		for (int i = 0; i < 100000; i++)
			busy_sink += (unsigned long)i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	} while (conf_ts_ns(&now) - conf_ts_ns(&start) < ms * 1000000LL);
}

static void getrusage_self_reports_valid_fields(void **state)
{
	(void)state;
	struct rusage ru;
	memset(&ru, 0xff, sizeof ru);
	assert_ok(getrusage(RUSAGE_SELF, &ru));
	assert_in_range(ru.ru_utime.tv_usec, 0, 999999);
	assert_in_range(ru.ru_stime.tv_usec, 0, 999999);
	assert_true(ru.ru_maxrss > 0);
	assert_true(ru.ru_minflt >= 0 && ru.ru_nvcsw >= 0);
}

static void getrusage_self_user_time_grows_with_work(void **state)
{
	(void)state;
	struct rusage a, b;
	assert_ok(getrusage(RUSAGE_SELF, &a));
	burn_cpu_ms(50);
	assert_ok(getrusage(RUSAGE_SELF, &b));
	long long used = tv_us(&b.ru_utime) + tv_us(&b.ru_stime) -
			 tv_us(&a.ru_utime) - tv_us(&a.ru_stime);
	/* Accounting is tick-based and split between user and system; only
	 * "grew" is certain. */
	assert_true(used > 0);
}

static void getrusage_children_includes_reaped_child(void **state)
{
	(void)state;
	struct rusage a, b;
	assert_ok(getrusage(RUSAGE_CHILDREN, &a));
	pid_t pid = conf_fork();
	if (pid == 0) {
		burn_cpu_ms(100);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_ok(getrusage(RUSAGE_CHILDREN, &b));
	long long before = tv_us(&a.ru_utime) + tv_us(&a.ru_stime);
	long long after = tv_us(&b.ru_utime) + tv_us(&b.ru_stime);
	assert_true(after > before);
}

static void getrusage_thread_succeeds(void **state)
{
	(void)state;
	struct rusage ru;
	assert_int_equal(assert_ok(getrusage(RUSAGE_THREAD, &ru)), 0);
	assert_in_range(ru.ru_utime.tv_usec, 0, 999999);
}

static void getrusage_invalid_who_fails_einval(void **state)
{
	(void)state;
	struct rusage ru;
	assert_errno(getrusage((int)42, &ru), EINVAL);
}

static void getrusage_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_getrusage, RUSAGE_SELF, CONF_BAD_PTR), EFAULT);
}

static void times_returns_monotonic_clock_ticks(void **state)
{
	(void)state;
	struct tms t;
	clock_t a = times(&t);
	assert_true(a != (clock_t)-1);
	conf_sleep_ms(50);
	clock_t b = times(&t);
	long hz = sysconf(_SC_CLK_TCK);
	assert_true(hz > 0);
	/* 50 ms is at least 4 ticks at 100 Hz; allow one tick of rounding. */
	assert_true(b - a >= (clock_t)(hz * 50 / 1000) - 1);
}

static void times_counts_waited_child_time(void **state)
{
	(void)state;
	struct tms a, b;
	assert_true(times(&a) != (clock_t)-1);
	pid_t pid = conf_fork();
	if (pid == 0) {
		burn_cpu_ms(100);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_true(times(&b) != (clock_t)-1);
	assert_true(b.tms_cutime + b.tms_cstime > a.tms_cutime + a.tms_cstime);
}

static void times_null_buffer_allowed(void **state)
{
	(void)state;
	assert_true(syscall(SYS_times, NULL) != -1);
}

static void times_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_times, CONF_BAD_PTR), EFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getrusage_self_reports_valid_fields),
		cmocka_unit_test(getrusage_self_user_time_grows_with_work),
		cmocka_unit_test(getrusage_children_includes_reaped_child),
		cmocka_unit_test(getrusage_thread_succeeds),
		cmocka_unit_test(getrusage_invalid_who_fails_einval),
		cmocka_unit_test(getrusage_bad_pointer_fails_efault),
		cmocka_unit_test(times_returns_monotonic_clock_ticks),
		cmocka_unit_test(times_counts_waited_child_time),
		cmocka_unit_test(times_null_buffer_allowed),
		cmocka_unit_test(times_bad_pointer_fails_efault),
	};
	return conf_run(tests);
}
