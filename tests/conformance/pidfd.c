/* Conformance: pidfd_open(2), pidfd_send_signal(2) and waitid(P_PIDFD):
 * readiness on exit, signalling through the fd, and argument checks. */
#include "proc_common.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif

static int pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static int pidfd_send_signal(int fd, int sig, siginfo_t *info, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

static void need_pidfd(void)
{
	int fd = pidfd_open(getpid(), 0);
	if (fd == -1 && errno == ENOSYS)
		skip_because("pidfd_open is not available (ENOSYS)");
	if (fd >= 0)
		close(fd);
}

static pid_t spawn_pause(void)
{
	pid_t pid = conf_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void pidfd_open_child_returns_cloexec_fd(void **state)
{
	(void)state;
	need_pidfd();
	pid_t pid = spawn_pause();
	int fd = (int)assert_ok(pidfd_open(pid, 0));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
	close(fd);
}

static void pidfd_open_invalid_flags_fail_einval(void **state)
{
	(void)state;
	need_pidfd();
	assert_errno(pidfd_open(getpid(), 1), EINVAL);
}

static void pidfd_open_negative_pid_fails_einval(void **state)
{
	(void)state;
	need_pidfd();
	assert_errno(pidfd_open(-1, 0), EINVAL);
}

static void pidfd_open_reaped_pid_fails_esrch(void **state)
{
	(void)state;
	need_pidfd();
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(pidfd_open(pid, 0), ESRCH);
}

static void pidfd_poll_readable_only_after_exit(void **state)
{
	(void)state;
	need_pidfd();
	int go[2];
	char c = 'g';
	assert_ok(pipe(go));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(conf_read_full(go[0], &c, 1));
		_exit(0);
	}
	int fd = assert_ok(pidfd_open(pid, 0));
	assert_false(conf_readable(fd, 0));
	assert_int_equal(assert_ok(write(go[1], &c, 1)), 1);
	assert_true(conf_readable(fd, CONF_CHILD_TIMEOUT_MS));
	assert_child_ok(pid);
	close(fd);
	close(go[0]);
	close(go[1]);
}

static void pidfd_send_signal_terminates_child(void **state)
{
	(void)state;
	need_pidfd();
	pid_t pid = spawn_pause();
	int fd = assert_ok(pidfd_open(pid, 0));
	assert_ok(pidfd_send_signal(fd, SIGTERM, NULL, 0));
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	close(fd);
}

static void pidfd_send_signal_zero_probes_liveness(void **state)
{
	(void)state;
	need_pidfd();
	pid_t pid = spawn_pause();
	int fd = assert_ok(pidfd_open(pid, 0));
	assert_int_equal(assert_ok(pidfd_send_signal(fd, 0, NULL, 0)), 0);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
	close(fd);
}

static void pidfd_send_signal_after_reap_fails_esrch(void **state)
{
	(void)state;
	need_pidfd();
	pid_t pid = spawn_pause();
	int fd = assert_ok(pidfd_open(pid, 0));
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
	/* The pid may be reused; the pidfd still names the dead process. */
	assert_errno(pidfd_send_signal(fd, SIGTERM, NULL, 0), ESRCH);
	close(fd);
}

static void pidfd_send_signal_invalid_flags_fail_einval(void **state)
{
	(void)state;
	need_pidfd();
	int fd = assert_ok(pidfd_open(getpid(), 0));
	assert_errno(pidfd_send_signal(fd, 0, NULL, 0x100), EINVAL);
	close(fd);
}

static void pidfd_send_signal_non_pidfd_fails_ebadf(void **state)
{
	(void)state;
	need_pidfd();
	int p[2];
	assert_ok(pipe(p));
	assert_errno(pidfd_send_signal(p[0], 0, NULL, 0), EBADF);
	close(p[0]);
	close(p[1]);
}

static void pidfd_send_signal_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	need_pidfd();
	int fd = assert_ok(pidfd_open(getpid(), 0));
	close(fd);
	assert_errno(pidfd_send_signal(fd, 0, NULL, 0), EBADF);
}

static void pidfd_send_signal_passes_siginfo_value(void **state)
{
	(void)state;
	need_pidfd();
	int ready[2];
	char c;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	assert_ok(pipe(ready));
	pid_t pid = conf_fork();
	if (pid == 0) {
		siginfo_t si;
		struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
		child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
		child_check(write(ready[1], "r", 1) == 1);
		child_check(sigtimedwait(&s, &si, &ts) == SIGUSR1);
		child_check(si.si_code == SI_QUEUE);
		child_check(si.si_value.sival_int == 99);
		_exit(0);
	}
	int fd = assert_ok(pidfd_open(pid, 0));
	assert_true(conf_read_full(ready[0], &c, 1));
	siginfo_t info;
	memset(&info, 0, sizeof info);
	info.si_signo = SIGUSR1;
	info.si_code = SI_QUEUE;
	info.si_pid = getpid();
	info.si_uid = getuid();
	info.si_value.sival_int = 99;
	assert_ok(pidfd_send_signal(fd, SIGUSR1, &info, 0));
	assert_child_ok(pid);
	close(fd);
	close(ready[0]);
	close(ready[1]);
}

static void waitid_p_pidfd_reaps_child(void **state)
{
	(void)state;
	need_pidfd();
	siginfo_t si;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(31);
	int fd = assert_ok(pidfd_open(pid, 0));
	assert_true(conf_readable(fd, CONF_CHILD_TIMEOUT_MS));
	memset(&si, 0, sizeof si);
	assert_ok(waitid((idtype_t)P_PIDFD, (id_t)fd, &si, WEXITED));
	assert_int_equal(si.si_pid, pid);
	assert_int_equal(si.si_code, CLD_EXITED);
	assert_int_equal(si.si_status, 31);
	assert_errno(waitpid(pid, NULL, WNOHANG), ECHILD);
	close(fd);
}

static void waitid_nonblocking_pidfd_running_child_fails_eagain(void **state)
{
	(void)state;
	need_pidfd();
	siginfo_t si;
	pid_t pid = spawn_pause();
	int fd = assert_ok(pidfd_open(pid, PIDFD_NONBLOCK));
	/* pidfd_open(2): with PIDFD_NONBLOCK, waitid on a running child
	 * fails EAGAIN instead of blocking. */
	assert_errno(waitid((idtype_t)P_PIDFD, (id_t)fd, &si, WEXITED), EAGAIN);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pidfd_open_child_returns_cloexec_fd),
		cmocka_unit_test(pidfd_open_invalid_flags_fail_einval),
		cmocka_unit_test(pidfd_open_negative_pid_fails_einval),
		cmocka_unit_test(pidfd_open_reaped_pid_fails_esrch),
		cmocka_unit_test(pidfd_poll_readable_only_after_exit),
		cmocka_unit_test(pidfd_send_signal_terminates_child),
		cmocka_unit_test(pidfd_send_signal_zero_probes_liveness),
		cmocka_unit_test(pidfd_send_signal_after_reap_fails_esrch),
		cmocka_unit_test(pidfd_send_signal_invalid_flags_fail_einval),
		cmocka_unit_test(pidfd_send_signal_non_pidfd_fails_ebadf),
		cmocka_unit_test(pidfd_send_signal_closed_fd_fails_ebadf),
		cmocka_unit_test(pidfd_send_signal_passes_siginfo_value),
		cmocka_unit_test(waitid_p_pidfd_reaps_child),
		cmocka_unit_test(waitid_nonblocking_pidfd_running_child_fails_eagain),
	};
	return conf_run(tests);
}
