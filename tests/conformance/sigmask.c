/* Conformance: sigprocmask(2)/rt_sigprocmask, sigpending(2), sigsuspend(2),
 * rt_sigtimedwait(2) and the mask and pending sets across fork(2).  Every
 * case changes the mask, so each runs in a child. */
#include "proc_common.h"

static volatile sig_atomic_t hits;

static void on_signal(int sig)
{
	(void)sig;
	hits++;
}

static sigset_t one(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static void install(int sig)
{
	struct sigaction sa = { .sa_handler = on_signal };
	child_check(sigaction(sig, &sa, NULL) == 0);
}

static void block_query_child(void)
{
	sigset_t s = one(SIGUSR1), now;
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(sigismember(&now, SIGUSR1) == 1);
	child_check(sigismember(&now, SIGUSR2) == 0);
	child_check(sigprocmask(SIG_UNBLOCK, &s, &now) == 0);
	child_check(sigismember(&now, SIGUSR1) == 1);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(sigismember(&now, SIGUSR1) == 0);
}

static void sigprocmask_block_and_unblock_update_mask(void **state)
{
	(void)state;
	conf_in_child(block_query_child);
}

static void setmask_child(void)
{
	sigset_t a = one(SIGUSR1), b = one(SIGUSR2), now;
	child_check(sigprocmask(SIG_BLOCK, &a, NULL) == 0);
	child_check(sigprocmask(SIG_SETMASK, &b, NULL) == 0);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(!sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2));
}

static void sigprocmask_setmask_replaces_mask(void **state)
{
	(void)state;
	conf_in_child(setmask_child);
}

static void sigprocmask_invalid_how_fails_einval(void **state)
{
	(void)state;
	sigset_t s = one(SIGUSR1);
	assert_errno(sigprocmask(99, &s, NULL), EINVAL);
}

static void rt_sigprocmask_bad_sigsetsize_fails_einval(void **state)
{
	(void)state;
	uint64_t s = 0;
	assert_errno(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, 4), EINVAL);
}

static void rt_sigprocmask_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_rt_sigprocmask, SIG_BLOCK, CONF_BAD_PTR, NULL, 8), EFAULT);
}

static void unblockable_child(void)
{
	sigset_t now;
	/* glibc refuses to put these in a set for us, so go to the kernel. */
	uint64_t raw = (1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1));
	child_check(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &raw, NULL, 8) == 0);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP));
}

static void sigprocmask_sigkill_and_sigstop_stay_unblocked(void **state)
{
	(void)state;
	conf_in_child(unblockable_child);
}

static void pending_child(void)
{
	sigset_t s = one(SIGUSR1), pend;
	install(SIGUSR1);
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(hits == 0);
	child_check(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
	/* Unblocking delivers the pending signal before sigprocmask returns. */
	child_check(sigprocmask(SIG_UNBLOCK, &s, NULL) == 0);
	child_check(hits == 1);
	child_check(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
}

static void sigpending_reports_blocked_signal_until_unblocked(void **state)
{
	(void)state;
	conf_in_child(pending_child);
}

static void suspend_child(void)
{
	sigset_t s = one(SIGUSR1), empty, now;
	sigemptyset(&empty);
	install(SIGUSR1);
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check_errno(sigsuspend(&empty), EINTR);
	child_check(hits == 1);
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(sigismember(&now, SIGUSR1));
}

static void sigsuspend_fails_eintr_and_restores_mask(void **state)
{
	(void)state;
	conf_in_child(suspend_child);
}

static void suspend_wait_child(void)
{
	sigset_t s = one(SIGUSR1), empty;
	sigemptyset(&empty);
	install(SIGUSR1);
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	pid_t parent = getpid();
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0) {
		/* Signal once the parent is suspended, to test the wake-up;
		 * before, the signal would stay pending (it is blocked) and
		 * end sigsuspend at once, which is also correct. */
		conf_wait_sleeping(parent);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	child_check_errno(sigsuspend(&empty), EINTR);
	child_check(hits == 1);
	child_check(waitpid(pid, NULL, 0) == pid);
}

static void sigsuspend_waits_for_signal_from_other_process(void **state)
{
	(void)state;
	conf_in_child(suspend_wait_child);
}

static void timedwait_child(void)
{
	sigset_t s = one(SIGUSR2);
	siginfo_t si;
	struct timespec ts = { 5, 0 };
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(kill(getpid(), SIGUSR2) == 0);
	child_check(sigtimedwait(&s, &si, &ts) == SIGUSR2);
	child_check(si.si_signo == SIGUSR2);
	child_check(si.si_pid == getpid());
	child_check(si.si_code == SI_USER);
}

static void rt_sigtimedwait_returns_pending_signal(void **state)
{
	(void)state;
	conf_in_child(timedwait_child);
}

static void timeout_child(void)
{
	sigset_t s = one(SIGUSR2);
	struct timespec ts = { 0, 30 * 1000000 };
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	child_check_errno(sigtimedwait(&s, NULL, &ts), EAGAIN);
	child_check(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 30000000LL);
}

static void rt_sigtimedwait_timeout_fails_eagain(void **state)
{
	(void)state;
	conf_in_child(timeout_child);
}

static void rt_sigtimedwait_invalid_timeout_fails_einval(void **state)
{
	(void)state;
	sigset_t s = one(SIGUSR2);
	struct timespec ts = { 0, -1 };
	assert_errno(sigtimedwait(&s, NULL, &ts), EINVAL);
}

static void waitinfo_child(void)
{
	sigset_t s = one(SIGRTMIN + 1);
	siginfo_t si;
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(sigqueue(getpid(), SIGRTMIN + 1, (union sigval){ .sival_int = 5 }) == 0);
	child_check(sigwaitinfo(&s, &si) == SIGRTMIN + 1);
	child_check(si.si_code == SI_QUEUE && si.si_value.sival_int == 5);
}

static void sigwaitinfo_realtime_signal_carries_value(void **state)
{
	(void)state;
	conf_in_child(waitinfo_child);
}

static void fork_mask_child(void)
{
	sigset_t s = one(SIGUSR1);
	child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0) {
		sigset_t now, pend;
		/* fork(2): the mask is inherited, the pending set is empty. */
		if (sigprocmask(SIG_BLOCK, NULL, &now) != 0 ||
		    !sigismember(&now, SIGUSR1))
			_exit(1);
		if (sigpending(&pend) != 0 || sigismember(&pend, SIGUSR1))
			_exit(2);
		_exit(0);
	}
	int status;
	child_check(waitpid(pid, &status, 0) == pid);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void fork_inherits_mask_but_not_pending(void **state)
{
	(void)state;
	conf_in_child(fork_mask_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigprocmask_block_and_unblock_update_mask),
		cmocka_unit_test(sigprocmask_setmask_replaces_mask),
		cmocka_unit_test(sigprocmask_invalid_how_fails_einval),
		cmocka_unit_test(rt_sigprocmask_bad_sigsetsize_fails_einval),
		cmocka_unit_test(rt_sigprocmask_bad_pointer_fails_efault),
		cmocka_unit_test(sigprocmask_sigkill_and_sigstop_stay_unblocked),
		cmocka_unit_test(sigpending_reports_blocked_signal_until_unblocked),
		cmocka_unit_test(sigsuspend_fails_eintr_and_restores_mask),
		cmocka_unit_test(sigsuspend_waits_for_signal_from_other_process),
		cmocka_unit_test(rt_sigtimedwait_returns_pending_signal),
		cmocka_unit_test(rt_sigtimedwait_timeout_fails_eagain),
		cmocka_unit_test(rt_sigtimedwait_invalid_timeout_fails_einval),
		cmocka_unit_test(sigwaitinfo_realtime_signal_carries_value),
		cmocka_unit_test(fork_inherits_mask_but_not_pending),
	};
	return conf_run(tests);
}
