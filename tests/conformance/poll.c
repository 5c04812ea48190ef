/* Conformance: poll(2) and ppoll(2): readiness bits on pipes, POLLHUP,
 * POLLERR, POLLNVAL, timeouts, EINTR and ppoll's temporary signal mask. */
#include "proc_common.h"

#include <sys/resource.h>

static volatile sig_atomic_t hits;

static void on_signal(int sig)
{
	(void)sig;
	hits++;
}

static void poll_empty_pipe_times_out_returns_zero(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	struct pollfd pfd = { .fd = p[0], .events = POLLIN, .revents = -1 };
	assert_int_equal(assert_ok(poll(&pfd, 1, 10)), 0);
	assert_int_equal(pfd.revents, 0);
	close(p[0]);
	close(p[1]);
}

static void poll_pipe_with_data_reports_pollin(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN | POLLOUT };
	assert_int_equal(assert_ok(poll(&pfd, 1, 0)), 1);
	assert_int_equal(pfd.revents, POLLIN);
	close(p[0]);
	close(p[1]);
}

static void poll_pipe_write_end_reports_pollout(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	struct pollfd pfd = { .fd = p[1], .events = POLLIN | POLLOUT };
	assert_int_equal(assert_ok(poll(&pfd, 1, 0)), 1);
	assert_int_equal(pfd.revents, POLLOUT);
	close(p[0]);
	close(p[1]);
}

static void poll_closed_writer_reports_pollhup(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	close(p[1]);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	assert_int_equal(assert_ok(poll(&pfd, 1, 0)), 1);
	assert_int_equal(pfd.revents, POLLHUP);
	close(p[0]);
}

static void poll_closed_reader_reports_pollerr(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	close(p[0]);
	/* POLLERR is reported even though it was not requested. */
	struct pollfd pfd = { .fd = p[1], .events = 0 };
	assert_int_equal(assert_ok(poll(&pfd, 1, 0)), 1);
	assert_int_equal(pfd.revents, POLLERR);
	close(p[1]);
}

static void poll_closed_fd_reports_pollnval(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	close(p[0]);
	close(p[1]);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	assert_int_equal(assert_ok(poll(&pfd, 1, 0)), 1);
	assert_int_equal(pfd.revents, POLLNVAL);
}

static void poll_negative_fd_is_ignored(void **state)
{
	(void)state;
	struct pollfd pfd = { .fd = -1, .events = POLLIN, .revents = POLLIN };
	assert_int_equal(assert_ok(poll(&pfd, 1, 0)), 0);
	assert_int_equal(pfd.revents, 0);
}

static void poll_multiple_fds_counts_only_ready(void **state)
{
	(void)state;
	int a[2], b[2];
	assert_ok(pipe(a));
	assert_ok(pipe(b));
	assert_int_equal(assert_ok(write(b[1], "x", 1)), 1);
	struct pollfd pfd[3] = {
		{ .fd = a[0], .events = POLLIN },
		{ .fd = b[0], .events = POLLIN },
		{ .fd = a[1], .events = POLLOUT },
	};
	assert_int_equal(assert_ok(poll(pfd, 3, 0)), 2);
	assert_int_equal(pfd[0].revents, 0);
	assert_int_equal(pfd[1].revents, POLLIN);
	assert_int_equal(pfd[2].revents, POLLOUT);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static void poll_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(poll(CONF_BAD_PTR, 1, 0), EFAULT);
}

static void poll_nfds_over_rlimit_fails_einval(void **state)
{
	(void)state;
	struct rlimit rl;
	struct pollfd pfd = { .fd = -1 };
	assert_ok(getrlimit(RLIMIT_NOFILE, &rl));
	/* Raw: a sanitizer's poll interceptor would read nfds entries. */
	assert_errno(syscall(SYS_poll, &pfd, rl.rlim_cur + 1, 0), EINVAL);
}

static void poll_wakes_when_child_writes(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	pid_t pid = conf_fork();
	if (pid == 0) {
		/* Write once the parent waits in poll, to test the wake-up;
		 * had it not begun to wait, it would find the data at once,
		 * which is also correct. */
		conf_wait_sleeping(getppid());
		child_check(write(p[1], "w", 1) == 1);
		_exit(0);
	}
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	assert_int_equal(assert_ok(poll(&pfd, 1, CONF_CHILD_TIMEOUT_MS)), 1);
	assert_int_equal(pfd.revents, POLLIN);
	assert_child_ok(pid);
	close(p[0]);
	close(p[1]);
}

static void poll_eintr_child(void)
{
	int p[2];
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	child_check(pipe(p) == 0);
	child_check(sigaction(SIGALRM, &sa, NULL) == 0);
	/* Repeating: an expiry before poll starts is followed by one while
	 * it waits (conf_repeat_alarm). */
	child_check(conf_repeat_alarm(50));
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	/* signal(7): poll is never restarted, even with SA_RESTART. */
	child_check_errno(poll(&pfd, 1, CONF_CHILD_TIMEOUT_MS), EINTR);
	child_check(conf_stop_alarm());
	child_check(hits >= 1);
}

static void poll_interrupted_by_handler_fails_eintr(void **state)
{
	(void)state;
	conf_in_child(poll_eintr_child);
}

static void ppoll_zero_timeout_returns_immediately(void **state)
{
	(void)state;
	int p[2];
	struct timespec ts = { 0, 0 };
	assert_ok(pipe(p));
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	assert_int_equal(assert_ok(ppoll(&pfd, 1, &ts, NULL)), 0);
	close(p[0]);
	close(p[1]);
}

static void ppoll_invalid_timeout_fails_einval(void **state)
{
	(void)state;
	struct timespec ts = { 0, 1000000000 };
	struct pollfd pfd = { .fd = -1 };
	assert_errno(ppoll(&pfd, 1, &ts, NULL), EINVAL);
}

static void ppoll_mask_child(void)
{
	sigset_t block, empty, now;
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec ts = { 30, 0 };
	int p[2];
	child_check(pipe(p) == 0);
	child_check(sigaction(SIGUSR1, &sa, NULL) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	child_check(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(hits == 0);
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	/* The pending signal is delivered while ppoll's mask is in force. */
	child_check_errno(ppoll(&pfd, 1, &ts, &empty), EINTR);
	child_check(hits == 1);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(sigismember(&now, SIGUSR1) == 1);
}

static void ppoll_sigmask_delivers_blocked_signal_and_restores(void **state)
{
	(void)state;
	conf_in_child(ppoll_mask_child);
}

static void ppoll_timeout_waits_at_least_requested(void **state)
{
	(void)state;
	int p[2];
	struct timespec ts = { 0, 50 * 1000000 };
	assert_ok(pipe(p));
	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	assert_int_equal(assert_ok(ppoll(&pfd, 1, &ts, NULL)), 0);
	assert_true(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 50000000LL);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(poll_empty_pipe_times_out_returns_zero),
		cmocka_unit_test(poll_pipe_with_data_reports_pollin),
		cmocka_unit_test(poll_pipe_write_end_reports_pollout),
		cmocka_unit_test(poll_closed_writer_reports_pollhup),
		cmocka_unit_test(poll_closed_reader_reports_pollerr),
		cmocka_unit_test(poll_closed_fd_reports_pollnval),
		cmocka_unit_test(poll_negative_fd_is_ignored),
		cmocka_unit_test(poll_multiple_fds_counts_only_ready),
		cmocka_unit_test(poll_bad_pointer_fails_efault),
		cmocka_unit_test(poll_nfds_over_rlimit_fails_einval),
		cmocka_unit_test(poll_wakes_when_child_writes),
		cmocka_unit_test(poll_interrupted_by_handler_fails_eintr),
		cmocka_unit_test(ppoll_zero_timeout_returns_immediately),
		cmocka_unit_test(ppoll_invalid_timeout_fails_einval),
		cmocka_unit_test(ppoll_sigmask_delivers_blocked_signal_and_restores),
		cmocka_unit_test(ppoll_timeout_waits_at_least_requested),
	};
	return conf_run(tests);
}
