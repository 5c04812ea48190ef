/* Conformance: select(2) and pselect6 (through pselect(3)): fd sets,
 * timeouts and their Linux write-back, EBADF, EINVAL, EINTR and the
 * temporary signal mask. */
#include "proc_common.h"

#include <sys/select.h>
#include <sys/time.h>

static volatile sig_atomic_t hits;

static void on_signal(int sig)
{
	(void)sig;
	hits++;
}

static void select_empty_pipe_times_out_returns_zero(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { 0, 10000 };
	assert_ok(pipe(p));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	assert_int_equal(assert_ok(select(p[0] + 1, &r, NULL, NULL, &tv)), 0);
	assert_false(FD_ISSET(p[0], &r));
	close(p[0]);
	close(p[1]);
}

static void select_timeout_is_updated_to_remaining(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { 0, 20000 };
	assert_ok(pipe(p));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	/* select(2): "On Linux, select() modifies timeout to reflect the
	 * amount of time not slept". */
	assert_int_equal(assert_ok(select(p[0] + 1, &r, NULL, NULL, &tv)), 0);
	assert_int_equal(tv.tv_sec, 0);
	assert_int_equal(tv.tv_usec, 0);
	close(p[0]);
	close(p[1]);
}

static void select_pipe_with_data_sets_readfd(void **state)
{
	(void)state;
	int p[2];
	fd_set r, w;
	struct timeval tv = { 0, 0 };
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[0], &w);
	assert_int_equal(assert_ok(select(p[0] + 1, &r, &w, NULL, &tv)), 1);
	assert_true(FD_ISSET(p[0], &r));
	assert_false(FD_ISSET(p[0], &w));
	close(p[0]);
	close(p[1]);
}

static void select_write_end_sets_writefd(void **state)
{
	(void)state;
	int p[2];
	fd_set r, w;
	struct timeval tv = { 0, 0 };
	assert_ok(pipe(p));
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[1], &r);
	FD_SET(p[1], &w);
	assert_int_equal(assert_ok(select(p[1] + 1, &r, &w, NULL, &tv)), 1);
	assert_false(FD_ISSET(p[1], &r));
	assert_true(FD_ISSET(p[1], &w));
	close(p[0]);
	close(p[1]);
}

static void select_counts_each_set_bit(void **state)
{
	(void)state;
	int p[2];
	fd_set r, w;
	struct timeval tv = { 0, 0 };
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	int n = p[0] > p[1] ? p[0] : p[1];
	assert_int_equal(assert_ok(select(n + 1, &r, &w, NULL, &tv)), 2);
	close(p[0]);
	close(p[1]);
}

static void select_eof_pipe_sets_readfd(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { 0, 0 };
	assert_ok(pipe(p));
	close(p[1]);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	assert_int_equal(assert_ok(select(p[0] + 1, &r, NULL, NULL, &tv)), 1);
	assert_true(FD_ISSET(p[0], &r));
	close(p[0]);
}

static void select_fd_at_or_above_nfds_is_ignored(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { 0, 0 };
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	assert_int_equal(assert_ok(select(p[0], &r, NULL, NULL, &tv)), 0);
	close(p[0]);
	close(p[1]);
}

static void select_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { 0, 0 };
	assert_ok(pipe(p));
	close(p[0]);
	close(p[1]);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	assert_errno(select(p[0] + 1, &r, NULL, NULL, &tv), EBADF);
}

static void select_negative_nfds_fails_einval(void **state)
{
	(void)state;
	struct timeval tv = { 0, 0 };
	assert_errno(syscall(SYS_select, -1, NULL, NULL, NULL, &tv), EINVAL);
}

static void select_negative_timeout_fails_einval(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { -1, 0 };
	assert_ok(pipe(p));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	assert_errno(select(p[0] + 1, &r, NULL, NULL, &tv), EINVAL);
	close(p[0]);
	close(p[1]);
}

static void select_bad_fdset_pointer_fails_efault(void **state)
{
	(void)state;
	struct timeval tv = { 0, 0 };
	assert_errno(syscall(SYS_select, 1, CONF_BAD_PTR, NULL, NULL, &tv), EFAULT);
}

static void select_wakes_when_child_writes(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timeval tv = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	assert_ok(pipe(p));
	pid_t pid = conf_fork();
	if (pid == 0) {
		/* Write once the parent waits in select, to test the wake-up;
		 * had it not begun to wait, it would find the data at once,
		 * which is also correct. */
		conf_wait_sleeping(getppid());
		child_check(write(p[1], "w", 1) == 1);
		_exit(0);
	}
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	assert_int_equal(assert_ok(select(p[0] + 1, &r, NULL, NULL, &tv)), 1);
	assert_true(FD_ISSET(p[0], &r));
	assert_child_ok(pid);
	close(p[0]);
	close(p[1]);
}

static void select_eintr_child(void)
{
	int p[2];
	fd_set r;
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	child_check(pipe(p) == 0);
	child_check(sigaction(SIGALRM, &sa, NULL) == 0);
	/* Repeating: an expiry before select starts is followed by one
	 * while it waits (conf_repeat_alarm). */
	child_check(conf_repeat_alarm(50));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	/* signal(7): select is never restarted, even with SA_RESTART. */
	child_check_errno(select(p[0] + 1, &r, NULL, NULL, NULL), EINTR);
	child_check(conf_stop_alarm());
	child_check(hits >= 1);
}

static void select_interrupted_by_handler_fails_eintr(void **state)
{
	(void)state;
	conf_in_child(select_eintr_child);
}

static void pselect_mask_child(void)
{
	sigset_t block, empty, now;
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec ts = { 30, 0 };
	fd_set r;
	int p[2];
	child_check(pipe(p) == 0);
	child_check(sigaction(SIGUSR1, &sa, NULL) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	child_check(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	child_check_errno(pselect(p[0] + 1, &r, NULL, NULL, &ts, &empty), EINTR);
	child_check(hits == 1);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(sigismember(&now, SIGUSR1) == 1);
}

static void pselect_sigmask_delivers_blocked_signal_and_restores(void **state)
{
	(void)state;
	conf_in_child(pselect_mask_child);
}

static void pselect_timeout_waits_at_least_requested(void **state)
{
	(void)state;
	int p[2];
	fd_set r;
	struct timespec ts = { 0, 50 * 1000000 };
	assert_ok(pipe(p));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	assert_int_equal(assert_ok(pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL)), 0);
	assert_true(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 50000000LL);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(select_empty_pipe_times_out_returns_zero),
		cmocka_unit_test(select_timeout_is_updated_to_remaining),
		cmocka_unit_test(select_pipe_with_data_sets_readfd),
		cmocka_unit_test(select_write_end_sets_writefd),
		cmocka_unit_test(select_counts_each_set_bit),
		cmocka_unit_test(select_eof_pipe_sets_readfd),
		cmocka_unit_test(select_fd_at_or_above_nfds_is_ignored),
		cmocka_unit_test(select_closed_fd_fails_ebadf),
		cmocka_unit_test(select_negative_nfds_fails_einval),
		cmocka_unit_test(select_negative_timeout_fails_einval),
		cmocka_unit_test(select_bad_fdset_pointer_fails_efault),
		cmocka_unit_test(select_wakes_when_child_writes),
		cmocka_unit_test(select_interrupted_by_handler_fails_eintr),
		cmocka_unit_test(pselect_sigmask_delivers_blocked_signal_and_restores),
		cmocka_unit_test(pselect_timeout_waits_at_least_requested),
	};
	return conf_run(tests);
}
