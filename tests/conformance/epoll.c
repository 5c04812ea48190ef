/* Conformance: epoll_create1(2), epoll_ctl(2), epoll_wait(2), epoll_pwait(2):
 * level and edge triggering, EPOLLONESHOT, MOD/DEL and their errors. */
#include "proc_common.h"

#include <sys/epoll.h>

static volatile sig_atomic_t hits;

static void on_signal(int sig)
{
	(void)sig;
	hits++;
}

struct ep {
	int ep;
	int p[2];
};

/* An epoll instance watching the read end of a fresh pipe with EVENTS. */
static void ep_open(struct ep *e, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u64 = 0x1234567890ULL };
	e->ep = assert_ok(epoll_create1(EPOLL_CLOEXEC));
	assert_ok(pipe(e->p));
	assert_ok(epoll_ctl(e->ep, EPOLL_CTL_ADD, e->p[0], &ev));
}

static void ep_close(struct ep *e)
{
	close(e->ep);
	close(e->p[0]);
	close(e->p[1]);
}

static int ep_wait0(struct ep *e)
{
	struct epoll_event out[4];
	return (int)assert_ok(epoll_wait(e->ep, out, 4, 0));
}

static void epoll_create1_cloexec_sets_fd_cloexec(void **state)
{
	(void)state;
	int ep = assert_ok(epoll_create1(EPOLL_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(ep, F_GETFD)), FD_CLOEXEC);
	close(ep);
	ep = assert_ok(epoll_create1(0));
	assert_int_equal(assert_ok(fcntl(ep, F_GETFD)), 0);
	close(ep);
}

static void epoll_create_zero_size_fails_einval(void **state)
{
	(void)state;
	assert_errno(epoll_create(0), EINVAL);
}

static void epoll_create1_invalid_flags_fail_einval(void **state)
{
	(void)state;
	assert_errno(epoll_create1(O_NONBLOCK), EINVAL);
}

static void epoll_ctl_add_twice_fails_eexist(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event ev = { .events = EPOLLIN };
	ep_open(&e, EPOLLIN);
	assert_errno(epoll_ctl(e.ep, EPOLL_CTL_ADD, e.p[0], &ev), EEXIST);
	ep_close(&e);
}

static void epoll_ctl_mod_unregistered_fails_enoent(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event ev = { .events = EPOLLOUT };
	ep_open(&e, EPOLLIN);
	assert_errno(epoll_ctl(e.ep, EPOLL_CTL_MOD, e.p[1], &ev), ENOENT);
	ep_close(&e);
}

static void epoll_ctl_del_unregistered_fails_enoent(void **state)
{
	(void)state;
	struct ep e;
	ep_open(&e, EPOLLIN);
	assert_errno(epoll_ctl(e.ep, EPOLL_CTL_DEL, e.p[1], NULL), ENOENT);
	ep_close(&e);
}

static void epoll_ctl_add_self_fails_einval(void **state)
{
	(void)state;
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = assert_ok(epoll_create1(0));
	assert_errno(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	close(ep);
}

static void epoll_ctl_regular_file_fails_eperm(void **state)
{
	(void)state;
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = assert_ok(epoll_create1(0));
	int fd = assert_ok(open("plain", O_RDWR | O_CREAT | O_TRUNC, 0600));
	assert_errno(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), EPERM);
	close(fd);
	close(ep);
	assert_ok(unlink("plain"));
}

static void epoll_ctl_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event ev = { .events = EPOLLIN };
	ep_open(&e, EPOLLIN);
	int fd = assert_ok(dup(e.p[1]));
	close(fd);
	assert_errno(epoll_ctl(e.ep, EPOLL_CTL_ADD, fd, &ev), EBADF);
	ep_close(&e);
}

static void epoll_ctl_non_epoll_fd_fails_einval(void **state)
{
	(void)state;
	int p[2];
	struct epoll_event ev = { .events = EPOLLIN };
	assert_ok(pipe(p));
	assert_errno(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	close(p[0]);
	close(p[1]);
}

static void epoll_wait_returns_registered_data(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event out[2];
	ep_open(&e, EPOLLIN);
	assert_int_equal(assert_ok(write(e.p[1], "x", 1)), 1);
	assert_int_equal(assert_ok(epoll_wait(e.ep, out, 2, 0)), 1);
	assert_int_equal(out[0].events, EPOLLIN);
	assert_int_equal(out[0].data.u64, 0x1234567890ULL);
	ep_close(&e);
}

static void epoll_wait_timeout_returns_zero(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event out[2];
	ep_open(&e, EPOLLIN);
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	assert_int_equal(assert_ok(epoll_wait(e.ep, out, 2, 30)), 0);
	assert_true(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 30000000LL);
	ep_close(&e);
}

static void epoll_wait_level_triggered_reports_again(void **state)
{
	(void)state;
	struct ep e;
	ep_open(&e, EPOLLIN);
	assert_int_equal(assert_ok(write(e.p[1], "xy", 2)), 2);
	assert_int_equal(ep_wait0(&e), 1);
	assert_int_equal(ep_wait0(&e), 1);
	ep_close(&e);
}

static void epoll_wait_edge_triggered_reports_once(void **state)
{
	(void)state;
	struct ep e;
	ep_open(&e, EPOLLIN | EPOLLET);
	assert_int_equal(assert_ok(write(e.p[1], "xy", 2)), 2);
	assert_int_equal(ep_wait0(&e), 1);
	assert_int_equal(ep_wait0(&e), 0);
	/* New data is a new edge. */
	assert_int_equal(assert_ok(write(e.p[1], "z", 1)), 1);
	assert_int_equal(ep_wait0(&e), 1);
	ep_close(&e);
}

static void epoll_oneshot_disables_until_ctl_mod(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT };
	ep_open(&e, EPOLLIN | EPOLLONESHOT);
	assert_int_equal(assert_ok(write(e.p[1], "x", 1)), 1);
	assert_int_equal(ep_wait0(&e), 1);
	assert_int_equal(ep_wait0(&e), 0);
	assert_ok(epoll_ctl(e.ep, EPOLL_CTL_MOD, e.p[0], &ev));
	assert_int_equal(ep_wait0(&e), 1);
	ep_close(&e);
}

static void epoll_ctl_mod_changes_events(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event out[2];
	struct epoll_event ev = { .events = EPOLLOUT, .data.fd = 7 };
	ep_open(&e, EPOLLIN);
	struct epoll_event add = { .events = EPOLLIN, .data.fd = 9 };
	assert_ok(epoll_ctl(e.ep, EPOLL_CTL_ADD, e.p[1], &add));
	assert_int_equal(ep_wait0(&e), 0);
	assert_ok(epoll_ctl(e.ep, EPOLL_CTL_MOD, e.p[1], &ev));
	assert_int_equal(assert_ok(epoll_wait(e.ep, out, 2, 0)), 1);
	assert_int_equal(out[0].events, EPOLLOUT);
	assert_int_equal(out[0].data.fd, 7);
	ep_close(&e);
}

static void epoll_ctl_del_stops_events(void **state)
{
	(void)state;
	struct ep e;
	ep_open(&e, EPOLLIN);
	assert_int_equal(assert_ok(write(e.p[1], "x", 1)), 1);
	assert_int_equal(ep_wait0(&e), 1);
	assert_ok(epoll_ctl(e.ep, EPOLL_CTL_DEL, e.p[0], NULL));
	assert_int_equal(ep_wait0(&e), 0);
	ep_close(&e);
}

static void epoll_close_last_fd_reference_removes_it(void **state)
{
	(void)state;
	struct ep e;
	ep_open(&e, EPOLLIN);
	assert_int_equal(assert_ok(write(e.p[1], "x", 1)), 1);
	close(e.p[0]);
	assert_int_equal(ep_wait0(&e), 0);
	e.p[0] = assert_ok(dup(e.p[1]));
	ep_close(&e);
}

static void epoll_wait_reports_hangup(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event out[2];
	ep_open(&e, EPOLLIN);
	close(e.p[1]);
	assert_int_equal(assert_ok(epoll_wait(e.ep, out, 2, 0)), 1);
	assert_int_equal(out[0].events, EPOLLHUP);
	e.p[1] = assert_ok(dup(e.p[0]));
	ep_close(&e);
}

static void epoll_wait_zero_maxevents_fails_einval(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event out[1];
	ep_open(&e, EPOLLIN);
	assert_errno(epoll_wait(e.ep, out, 0, 0), EINVAL);
	ep_close(&e);
}

static void epoll_wait_bad_events_pointer_fails_efault(void **state)
{
	(void)state;
	struct ep e;
	ep_open(&e, EPOLLIN);
	assert_int_equal(assert_ok(write(e.p[1], "x", 1)), 1);
	assert_errno(syscall(SYS_epoll_wait, e.ep, CONF_BAD_PTR, 1, 0), EFAULT);
	ep_close(&e);
}

static void epoll_wait_wakes_when_child_writes(void **state)
{
	(void)state;
	struct ep e;
	struct epoll_event out[2];
	ep_open(&e, EPOLLIN);
	pid_t pid = conf_fork();
	if (pid == 0) {
		/* Write once the parent waits in epoll_wait, to test the wake-up;
		 * had it not begun to wait, it would find the data at once,
		 * which is also correct. */
		conf_wait_sleeping(getppid());
		child_check(write(e.p[1], "w", 1) == 1);
		_exit(0);
	}
	assert_int_equal(assert_ok(epoll_wait(e.ep, out, 2, CONF_CHILD_TIMEOUT_MS)), 1);
	assert_child_ok(pid);
	ep_close(&e);
}

static void epoll_pwait_mask_child(void)
{
	sigset_t block, empty;
	struct sigaction sa = { .sa_handler = on_signal };
	struct epoll_event out[1], ev = { .events = EPOLLIN };
	int p[2];
	int ep = epoll_create1(0);
	child_check(ep >= 0 && pipe(p) == 0);
	child_check(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	child_check(sigaction(SIGUSR1, &sa, NULL) == 0);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&empty);
	child_check(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check_errno(epoll_pwait(ep, out, 1, CONF_CHILD_TIMEOUT_MS, &empty), EINTR);
	child_check(hits == 1);
}

static void epoll_pwait_sigmask_delivers_blocked_signal(void **state)
{
	(void)state;
	conf_in_child(epoll_pwait_mask_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(epoll_create1_cloexec_sets_fd_cloexec),
		cmocka_unit_test(epoll_create_zero_size_fails_einval),
		cmocka_unit_test(epoll_create1_invalid_flags_fail_einval),
		cmocka_unit_test(epoll_ctl_add_twice_fails_eexist),
		cmocka_unit_test(epoll_ctl_mod_unregistered_fails_enoent),
		cmocka_unit_test(epoll_ctl_del_unregistered_fails_enoent),
		cmocka_unit_test(epoll_ctl_add_self_fails_einval),
		cmocka_unit_test(epoll_ctl_regular_file_fails_eperm),
		cmocka_unit_test(epoll_ctl_closed_fd_fails_ebadf),
		cmocka_unit_test(epoll_ctl_non_epoll_fd_fails_einval),
		cmocka_unit_test(epoll_wait_returns_registered_data),
		cmocka_unit_test(epoll_wait_timeout_returns_zero),
		cmocka_unit_test(epoll_wait_level_triggered_reports_again),
		cmocka_unit_test(epoll_wait_edge_triggered_reports_once),
		cmocka_unit_test(epoll_oneshot_disables_until_ctl_mod),
		cmocka_unit_test(epoll_ctl_mod_changes_events),
		cmocka_unit_test(epoll_ctl_del_stops_events),
		cmocka_unit_test(epoll_close_last_fd_reference_removes_it),
		cmocka_unit_test(epoll_wait_reports_hangup),
		cmocka_unit_test(epoll_wait_zero_maxevents_fails_einval),
		cmocka_unit_test(epoll_wait_bad_events_pointer_fails_efault),
		cmocka_unit_test(epoll_wait_wakes_when_child_writes),
		cmocka_unit_test(epoll_pwait_sigmask_delivers_blocked_signal),
	};
	return conf_run(tests);
}
