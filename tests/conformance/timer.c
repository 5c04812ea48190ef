/* Conformance: POSIX timers (timer_create(2) with SIGEV_SIGNAL and
 * SIGEV_NONE, timer_settime/gettime/getoverrun/delete), setitimer(2),
 * getitimer(2) and alarm(2).  Cases that arm signals run in a child. */
#include "proc_common.h"

#include <sys/time.h>

static sigset_t one(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static timer_t signal_timer(clockid_t clk, int sig, int value)
{
	timer_t id;
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = sig,
				.sigev_value.sival_int = value };
	child_check(timer_create(clk, &sev, &id) == 0);
	return id;
}

static struct itimerspec its_ms(long value_ms, long interval_ms)
{
	struct itimerspec its = {
		.it_value = { value_ms / 1000, (value_ms % 1000) * 1000000L },
		.it_interval = { interval_ms / 1000, (interval_ms % 1000) * 1000000L },
	};
	return its;
}

static void deliver_child(void)
{
	sigset_t s = one(SIGRTMIN);
	siginfo_t si;
	struct timespec wait = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	timer_t id = signal_timer(CLOCK_MONOTONIC, SIGRTMIN, 4321);
	struct itimerspec its = its_ms(20, 0);
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	child_check(timer_settime(id, 0, &its, NULL) == 0);
	child_check(sigtimedwait(&s, &si, &wait) == SIGRTMIN);
	child_check(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 20000000LL);
	child_check(si.si_code == SI_TIMER);
	child_check(si.si_value.sival_int == 4321);
	child_check(timer_delete(id) == 0);
}

static void timer_create_sigev_signal_delivers_value(void **state)
{
	(void)state;
	conf_in_child(deliver_child);
}

static void interval_child(void)
{
	sigset_t s = one(SIGRTMIN);
	struct timespec wait = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	timer_t id = signal_timer(CLOCK_MONOTONIC, SIGRTMIN, 0);
	struct itimerspec its = its_ms(10, 10);
	child_check(timer_settime(id, 0, &its, NULL) == 0);
	for (int i = 0; i < 3; i++)
		child_check(sigtimedwait(&s, NULL, &wait) == SIGRTMIN);
	child_check(timer_delete(id) == 0);
}

static void timer_settime_interval_fires_repeatedly(void **state)
{
	(void)state;
	conf_in_child(interval_child);
}

static void overrun_child(void)
{
	sigset_t s = one(SIGRTMIN);
	struct timespec wait = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	timer_t id = signal_timer(CLOCK_MONOTONIC, SIGRTMIN, 0);
	struct itimerspec its = its_ms(5, 5);
	child_check(timer_settime(id, 0, &its, NULL) == 0);
	/* One signal stays queued while the timer keeps expiring. */
	conf_sleep_ms(100);
	child_check(sigtimedwait(&s, NULL, &wait) == SIGRTMIN);
	child_check(timer_getoverrun(id) >= 1);
	child_check(timer_delete(id) == 0);
}

static void timer_getoverrun_counts_missed_expirations(void **state)
{
	(void)state;
	conf_in_child(overrun_child);
}

static void gettime_child(void)
{
	/* Not SIGEV_NONE: Linux 6.18 keeps reporting the old remaining time
	 * of a disarmed SIGEV_NONE timer (common_timer_get), a quirk not
	 * worth pinning down here. */
	sigset_t s = one(SIGRTMIN);
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	timer_t id = signal_timer(CLOCK_MONOTONIC, SIGRTMIN, 0);
	struct itimerspec its = its_ms(10000, 2500), cur, old;
	child_check(timer_settime(id, 0, &its, NULL) == 0);
	child_check(timer_gettime(id, &cur) == 0);
	long long left = conf_ts_ns(&cur.it_value);
	child_check(left > 0 && left <= 10000000000LL);
	child_check(cur.it_interval.tv_sec == 2 && cur.it_interval.tv_nsec == 500000000);
	its = its_ms(0, 0);
	child_check(timer_settime(id, 0, &its, &old) == 0);
	child_check(conf_ts_ns(&old.it_value) > 0);
	child_check(timer_gettime(id, &cur) == 0 && conf_ts_ns(&cur.it_value) == 0);
	child_check(timer_delete(id) == 0);
}

static void timer_gettime_reports_remaining_and_interval(void **state)
{
	(void)state;
	conf_in_child(gettime_child);
}

static void sigev_none_child(void)
{
	sigset_t pend;
	struct sigevent sev = { .sigev_notify = SIGEV_NONE, .sigev_signo = SIGUSR1 };
	timer_t id;
	struct itimerspec its = its_ms(10, 0);
	sigset_t s = one(SIGUSR1);
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(timer_create(CLOCK_MONOTONIC, &sev, &id) == 0);
	child_check(timer_settime(id, 0, &its, NULL) == 0);
	conf_sleep_ms(50);
	child_check(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
	child_check(timer_delete(id) == 0);
}

static void timer_sigev_none_sends_no_signal(void **state)
{
	(void)state;
	conf_in_child(sigev_none_child);
}

static void abstime_child(void)
{
	sigset_t s = one(SIGRTMIN);
	struct timespec wait = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	timer_t id = signal_timer(CLOCK_MONOTONIC, SIGRTMIN, 0);
	struct itimerspec its = { .it_value = { 0, 1 } };
	child_check(timer_settime(id, TIMER_ABSTIME, &its, NULL) == 0);
	child_check(sigtimedwait(&s, NULL, &wait) == SIGRTMIN);
	child_check(timer_delete(id) == 0);
}

static void timer_settime_abstime_in_past_fires_at_once(void **state)
{
	(void)state;
	conf_in_child(abstime_child);
}

static void deleted_child(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	timer_t id;
	struct itimerspec its = its_ms(1000, 0);
	child_check(timer_create(CLOCK_MONOTONIC, &sev, &id) == 0);
	child_check(timer_delete(id) == 0);
	child_check_errno(timer_settime(id, 0, &its, NULL), EINVAL);
	child_check_errno(timer_delete(id), EINVAL);
}

static void timer_deleted_id_fails_einval(void **state)
{
	(void)state;
	conf_in_child(deleted_child);
}

static void timer_create_invalid_clock_fails_einval(void **state)
{
	(void)state;
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	int id;
	assert_errno(syscall(SYS_timer_create, 12345, &sev, &id), EINVAL);
}

static void timer_create_invalid_signal_fails_einval(void **state)
{
	(void)state;
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = 200 };
	int id;
	assert_errno(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id), EINVAL);
}

static void invalid_nsec_child(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	timer_t id;
	struct itimerspec its = { .it_value = { 0, 1000000000 } };
	child_check(timer_create(CLOCK_MONOTONIC, &sev, &id) == 0);
	child_check_errno(timer_settime(id, 0, &its, NULL), EINVAL);
}

static void timer_settime_invalid_nsec_fails_einval(void **state)
{
	(void)state;
	conf_in_child(invalid_nsec_child);
}

static void fork_child_timer(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	timer_t id;
	child_check(timer_create(CLOCK_MONOTONIC, &sev, &id) == 0);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0) {
		struct itimerspec cur;
		/* fork(2): the child does not inherit timers. */
		_exit(timer_gettime(id, &cur) == -1 && errno == EINVAL ? 0 : 1);
	}
	int status;
	child_check(waitpid(pid, &status, 0) == pid);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void timer_not_inherited_across_fork(void **state)
{
	(void)state;
	conf_in_child(fork_child_timer);
}

static void setitimer_child(void)
{
	sigset_t s = one(SIGALRM);
	struct timespec wait = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	struct itimerval it = { .it_value = { 0, 20000 }, .it_interval = { 0, 0 } }, cur;
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(setitimer(ITIMER_REAL, &it, NULL) == 0);
	child_check(getitimer(ITIMER_REAL, &cur) == 0);
	child_check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 20000);
	child_check(sigtimedwait(&s, NULL, &wait) == SIGALRM);
	child_check(getitimer(ITIMER_REAL, &cur) == 0);
	child_check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
}

static void setitimer_real_delivers_sigalrm_once(void **state)
{
	(void)state;
	conf_in_child(setitimer_child);
}

static void setitimer_invalid_which_fails_einval(void **state)
{
	(void)state;
	struct itimerval it = { 0 };
	assert_errno(syscall(SYS_setitimer, 42, &it, NULL), EINVAL);
}

static void alarm_child(void)
{
	child_check(alarm(100) > 0); /* conf_fork armed one already */
	unsigned left = alarm(0);
	/* At most 100 (alarm(2) rounds to the nearest second); the lower
	 * bound only allows for the time between the calls, which a loaded
	 * machine may stretch. */
	child_check(left >= 100 - CONF_CHILD_TIMEOUT_MS / 1000 && left <= 100);
	child_check(alarm(0) == 0);
}

static void alarm_returns_previous_remaining_seconds(void **state)
{
	(void)state;
	conf_in_child(alarm_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timer_create_sigev_signal_delivers_value),
		cmocka_unit_test(timer_settime_interval_fires_repeatedly),
		cmocka_unit_test(timer_getoverrun_counts_missed_expirations),
		cmocka_unit_test(timer_gettime_reports_remaining_and_interval),
		cmocka_unit_test(timer_sigev_none_sends_no_signal),
		cmocka_unit_test(timer_settime_abstime_in_past_fires_at_once),
		cmocka_unit_test(timer_deleted_id_fails_einval),
		cmocka_unit_test(timer_create_invalid_clock_fails_einval),
		cmocka_unit_test(timer_create_invalid_signal_fails_einval),
		cmocka_unit_test(timer_settime_invalid_nsec_fails_einval),
		cmocka_unit_test(timer_not_inherited_across_fork),
		cmocka_unit_test(setitimer_real_delivers_sigalrm_once),
		cmocka_unit_test(setitimer_invalid_which_fails_einval),
		cmocka_unit_test(alarm_returns_previous_remaining_seconds),
	};
	return conf_run(tests);
}
