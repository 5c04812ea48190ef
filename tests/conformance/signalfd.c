/* Conformance: signalfd(2): reading blocked signals as signalfd_siginfo,
 * coalescing of standard signals, queueing of real-time ones, flags and
 * argument checks.  Every case changes the signal mask, so each runs in a
 * child. */
#include "proc_common.h"

#include <sys/signalfd.h>

static sigset_t block_one(int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		_exit(98);
	return set;
}

static void reads_pending_child(void)
{
	struct signalfd_siginfo si;
	sigset_t set = block_one(SIGUSR1);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check(si.ssi_signo == SIGUSR1);
	child_check(si.ssi_code == SI_USER);
	child_check(si.ssi_pid == (uint32_t)getpid());
	child_check(si.ssi_uid == (uint32_t)getuid());
}

static void signalfd_read_returns_pending_signal_info(void **state)
{
	(void)state;
	conf_in_child(reads_pending_child);
}

static void eagain_child(void)
{
	struct signalfd_siginfo si;
	sigset_t set = block_one(SIGUSR1);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check_errno(read(fd, &si, sizeof si), EAGAIN);
}

static void signalfd_nonblock_nothing_pending_fails_eagain(void **state)
{
	(void)state;
	conf_in_child(eagain_child);
}

static void short_buffer_child(void)
{
	char buf[sizeof(struct signalfd_siginfo) - 1];
	sigset_t set = block_one(SIGUSR1);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check_errno(read(fd, buf, sizeof buf), EINVAL);
}

static void signalfd_read_short_buffer_fails_einval(void **state)
{
	(void)state;
	conf_in_child(short_buffer_child);
}

static void poll_child(void)
{
	sigset_t set = block_one(SIGUSR2);
	int fd = signalfd(-1, &set, 0);
	child_check(fd >= 0);
	struct pollfd p = { .fd = fd, .events = POLLIN };
	child_check(poll(&p, 1, 0) == 0);
	child_check(kill(getpid(), SIGUSR2) == 0);
	child_check(poll(&p, 1, 0) == 1 && p.revents == POLLIN);
}

static void signalfd_poll_reports_pollin_when_pending(void **state)
{
	(void)state;
	conf_in_child(poll_child);
}

static void update_mask_child(void)
{
	struct signalfd_siginfo si;
	sigset_t set = block_one(SIGUSR1);
	block_one(SIGUSR2);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	child_check(signalfd(fd, &set, 0) == fd);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(kill(getpid(), SIGUSR2) == 0);
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check(si.ssi_signo == SIGUSR2);
	child_check_errno(read(fd, &si, sizeof si), EAGAIN);
}

static void signalfd_existing_fd_replaces_mask(void **state)
{
	(void)state;
	conf_in_child(update_mask_child);
}

static void signalfd_non_signalfd_fd_fails_einval(void **state)
{
	(void)state;
	int p[2];
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	assert_ok(pipe(p));
	assert_errno(signalfd(p[0], &set, 0), EINVAL);
	close(p[0]);
	close(p[1]);
}

static void signalfd_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	int p[2];
	sigset_t set;
	sigemptyset(&set);
	assert_ok(pipe(p));
	close(p[0]);
	close(p[1]);
	assert_errno(signalfd(p[0], &set, 0), EBADF);
}

static void signalfd_invalid_flags_fail_einval(void **state)
{
	(void)state;
	sigset_t set;
	sigemptyset(&set);
	assert_errno(signalfd(-1, &set, O_APPEND), EINVAL);
}

static void signalfd_bad_mask_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_signalfd4, -1, CONF_BAD_PTR, 8, 0), EFAULT);
}

static void sigqueue_child(void)
{
	struct signalfd_siginfo si;
	sigset_t set = block_one(SIGRTMIN);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 11 }) == 0);
	child_check(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 22 }) == 0);
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check(si.ssi_code == SI_QUEUE && si.ssi_int == 11);
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check(si.ssi_code == SI_QUEUE && si.ssi_int == 22);
	child_check_errno(read(fd, &si, sizeof si), EAGAIN);
}

static void signalfd_realtime_signals_queue_in_order(void **state)
{
	(void)state;
	conf_in_child(sigqueue_child);
}

static void coalesce_child(void)
{
	struct signalfd_siginfo si;
	sigset_t set = block_one(SIGUSR1);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check_errno(read(fd, &si, sizeof si), EAGAIN);
}

static void signalfd_standard_signal_coalesces(void **state)
{
	(void)state;
	conf_in_child(coalesce_child);
}

static void multi_child(void)
{
	struct signalfd_siginfo si[4];
	sigset_t set = block_one(SIGUSR1);
	block_one(SIGUSR2);
	sigaddset(&set, SIGUSR2);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(kill(getpid(), SIGUSR2) == 0);
	child_check(read(fd, si, sizeof si) == 2 * sizeof si[0]);
	/* Standard signals are dequeued lowest number first. */
	child_check(si[0].ssi_signo == SIGUSR1 && si[1].ssi_signo == SIGUSR2);
}

static void signalfd_read_returns_several_signals(void **state)
{
	(void)state;
	conf_in_child(multi_child);
}

static void consumed_child(void)
{
	struct signalfd_siginfo si;
	sigset_t pend, set = block_one(SIGUSR1);
	int fd = signalfd(-1, &set, SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
}

static void signalfd_read_consumes_pending_signal(void **state)
{
	(void)state;
	conf_in_child(consumed_child);
}

static void sigchld_child(void)
{
	struct signalfd_siginfo si;
	sigset_t set = block_one(SIGCHLD);
	int fd = signalfd(-1, &set, 0);
	child_check(fd >= 0);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0)
		_exit(42);
	child_check(read(fd, &si, sizeof si) == sizeof si);
	child_check(si.ssi_signo == SIGCHLD);
	child_check(si.ssi_code == CLD_EXITED);
	child_check(si.ssi_pid == (uint32_t)pid);
	child_check(si.ssi_status == 42);
	child_check(waitpid(pid, NULL, 0) == pid);
}

static void signalfd_sigchld_reports_child_exit(void **state)
{
	(void)state;
	conf_in_child(sigchld_child);
}

static void cloexec_child(void)
{
	sigset_t set = block_one(SIGUSR1);
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	child_check(fd >= 0);
	child_check(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	child_check(fcntl(fd, F_GETFL) & O_NONBLOCK);
}

static void signalfd_flags_set_cloexec_and_nonblock(void **state)
{
	(void)state;
	conf_in_child(cloexec_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signalfd_read_returns_pending_signal_info),
		cmocka_unit_test(signalfd_nonblock_nothing_pending_fails_eagain),
		cmocka_unit_test(signalfd_read_short_buffer_fails_einval),
		cmocka_unit_test(signalfd_poll_reports_pollin_when_pending),
		cmocka_unit_test(signalfd_existing_fd_replaces_mask),
		cmocka_unit_test(signalfd_non_signalfd_fd_fails_einval),
		cmocka_unit_test(signalfd_closed_fd_fails_ebadf),
		cmocka_unit_test(signalfd_invalid_flags_fail_einval),
		cmocka_unit_test(signalfd_bad_mask_pointer_fails_efault),
		cmocka_unit_test(signalfd_realtime_signals_queue_in_order),
		cmocka_unit_test(signalfd_standard_signal_coalesces),
		cmocka_unit_test(signalfd_read_returns_several_signals),
		cmocka_unit_test(signalfd_read_consumes_pending_signal),
		cmocka_unit_test(signalfd_sigchld_reports_child_exit),
		cmocka_unit_test(signalfd_flags_set_cloexec_and_nonblock),
	};
	return conf_run(tests);
}
