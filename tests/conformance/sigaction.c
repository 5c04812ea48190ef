/* Conformance: sigaction(2)/rt_sigaction, kill(2) and sigaltstack(2):
 * handler installation, SA_SIGINFO, SA_RESETHAND, SA_NODEFER, sa_mask,
 * SIG_IGN, default actions, signal 0 and alternate stacks.  Cases that
 * change dispositions run in a child. */
#include "proc_common.h"

static volatile sig_atomic_t hits;
static volatile sig_atomic_t in_handler_blocked;
static volatile sig_atomic_t in_handler_other_blocked;
static volatile pid_t info_pid;
static volatile int info_code;
static volatile int info_value;
static volatile int info_signo;
static volatile uintptr_t handler_sp;
static volatile int handler_ss_flags;

static void on_signal(int sig)
{
	sigset_t now;
	hits++;
	sigprocmask(SIG_BLOCK, NULL, &now);
	in_handler_blocked = sigismember(&now, sig);
	in_handler_other_blocked = sigismember(&now, SIGUSR2);
}

static void on_siginfo(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	hits++;
	info_signo = sig;
	info_pid = si->si_pid;
	info_code = si->si_code;
	info_value = si->si_value.sival_int;
}

static void on_altstack(int sig)
{
	(void)sig;
	int local;
	stack_t ss;
	handler_sp = (uintptr_t)&local;
	sigaltstack(NULL, &ss);
	handler_ss_flags = ss.ss_flags;
	hits++;
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };
	child_check(sigaction(sig, &sa, NULL) == 0);
}

static void handler_child(void)
{
	install(SIGUSR1, on_signal, 0);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 1);
}

static void sigaction_handler_runs_on_raise(void **state)
{
	(void)state;
	conf_in_child(handler_child);
}

static void previous_child(void)
{
	struct sigaction old;
	install(SIGUSR1, on_signal, SA_RESTART);
	struct sigaction sa = { .sa_handler = SIG_IGN };
	child_check(sigaction(SIGUSR1, &sa, &old) == 0);
	child_check(old.sa_handler == on_signal);
	child_check(old.sa_flags & SA_RESTART);
	child_check(sigaction(SIGUSR1, NULL, &old) == 0);
	child_check(old.sa_handler == SIG_IGN);
}

static void sigaction_returns_previous_action(void **state)
{
	(void)state;
	conf_in_child(previous_child);
}

static void sigaction_sigkill_fails_einval(void **state)
{
	(void)state;
	struct sigaction sa = { .sa_handler = SIG_IGN };
	assert_errno(sigaction(SIGKILL, &sa, NULL), EINVAL);
}

static void sigaction_sigstop_fails_einval(void **state)
{
	(void)state;
	struct sigaction sa = { .sa_handler = SIG_IGN };
	assert_errno(sigaction(SIGSTOP, &sa, NULL), EINVAL);
}

static void sigaction_out_of_range_signal_fails_einval(void **state)
{
	(void)state;
	char act[64] = { 0 };
	assert_errno(syscall(SYS_rt_sigaction, 0, NULL, act, 8), EINVAL);
	assert_errno(syscall(SYS_rt_sigaction, 65, NULL, act, 8), EINVAL);
}

static void rt_sigaction_bad_sigsetsize_fails_einval(void **state)
{
	(void)state;
	char act[64] = { 0 };
	assert_errno(syscall(SYS_rt_sigaction, SIGUSR1, NULL, act, 4), EINVAL);
}

static void rt_sigaction_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_rt_sigaction, SIGUSR1, CONF_BAD_PTR, NULL, 8), EFAULT);
}

static void siginfo_child(void)
{
	struct sigaction sa = { .sa_sigaction = on_siginfo, .sa_flags = SA_SIGINFO };
	child_check(sigaction(SIGUSR1, &sa, NULL) == 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(hits == 1);
	child_check(info_signo == SIGUSR1);
	child_check(info_pid == getpid());
	child_check(info_code == SI_USER);
	child_check(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 77 }) == 0);
	child_check(hits == 2);
	child_check(info_code == SI_QUEUE);
	child_check(info_value == 77);
}

static void sigaction_siginfo_reports_sender_and_value(void **state)
{
	(void)state;
	conf_in_child(siginfo_child);
}

static void resethand_child(void)
{
	struct sigaction old;
	install(SIGUSR1, on_signal, SA_RESETHAND);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 1);
	child_check(sigaction(SIGUSR1, NULL, &old) == 0);
	child_check(old.sa_handler == SIG_DFL);
}

static void sigaction_resethand_restores_default(void **state)
{
	(void)state;
	conf_in_child(resethand_child);
}

static void defer_child(void)
{
	install(SIGUSR1, on_signal, 0);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 1 && in_handler_blocked == 1);
	install(SIGUSR1, on_signal, SA_NODEFER);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 2 && in_handler_blocked == 0);
}

static void sigaction_nodefer_leaves_signal_unblocked_in_handler(void **state)
{
	(void)state;
	conf_in_child(defer_child);
}

static void mask_child(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t now;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	child_check(sigaction(SIGUSR1, &sa, NULL) == 0);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 1 && in_handler_other_blocked == 1);
	/* The mask is restored when the handler returns. */
	child_check(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
	child_check(!sigismember(&now, SIGUSR2) && !sigismember(&now, SIGUSR1));
}

static void sigaction_sa_mask_blocks_during_handler_only(void **state)
{
	(void)state;
	conf_in_child(mask_child);
}

static void ignore_child(void)
{
	sigset_t pend;
	install(SIGUSR1, SIG_IGN, 0);
	child_check(kill(getpid(), SIGUSR1) == 0);
	child_check(sigpending(&pend) == 0 && !sigismember(&pend, SIGUSR1));
}

static void sigaction_ignored_signal_is_discarded(void **state)
{
	(void)state;
	conf_in_child(ignore_child);
}

static void kill_default_action_terminates_process(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
}

static void kill_signal_zero_probes_existence(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(kill(getpid(), 0)), 0);
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	/* Reaped: the pid names no process (unless reused, vanishingly rare
	 * right after exit). */
	assert_errno(kill(pid, 0), ESRCH);
}

static void kill_invalid_signal_fails_einval(void **state)
{
	(void)state;
	assert_errno(kill(getpid(), 1000), EINVAL);
}

static void sigaltstack_disable_then_query_reports_disabled(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		/* Not "disabled by default": a runtime (ASan, a sandbox) may have
		 * installed one before main. */
		stack_t off = { .ss_flags = SS_DISABLE }, ss;
		child_check(sigaltstack(&off, NULL) == 0);
		child_check(sigaltstack(NULL, &ss) == 0);
		child_check(ss.ss_flags == SS_DISABLE);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void altstack_child(void)
{
	static char stack[64 * 1024];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
	child_check(sigaltstack(&ss, NULL) == 0);
	install(SIGUSR1, on_altstack, SA_ONSTACK);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 1);
	child_check(handler_sp >= (uintptr_t)stack &&
		    handler_sp < (uintptr_t)stack + sizeof stack);
	child_check(handler_ss_flags == SS_ONSTACK);
	child_check(sigaltstack(NULL, &ss) == 0 && ss.ss_flags == 0);
}

static void sigaltstack_handler_runs_on_alternate_stack(void **state)
{
	(void)state;
	conf_in_child(altstack_child);
}

static void no_onstack_child(void)
{
	static char stack[64 * 1024];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
	child_check(sigaltstack(&ss, NULL) == 0);
	install(SIGUSR1, on_altstack, 0);
	child_check(raise(SIGUSR1) == 0);
	child_check(hits == 1);
	child_check(handler_sp < (uintptr_t)stack ||
		    handler_sp >= (uintptr_t)stack + sizeof stack);
}

static void sigaltstack_unused_without_sa_onstack(void **state)
{
	(void)state;
	conf_in_child(no_onstack_child);
}

static void sigaltstack_too_small_fails_enomem(void **state)
{
	(void)state;
	static char stack[256];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
	assert_errno(sigaltstack(&ss, NULL), ENOMEM);
}

static void sigaltstack_invalid_flags_fail_einval(void **state)
{
	(void)state;
	static char stack[64 * 1024];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0x1234 };
	assert_errno(sigaltstack(&ss, NULL), EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigaction_handler_runs_on_raise),
		cmocka_unit_test(sigaction_returns_previous_action),
		cmocka_unit_test(sigaction_sigkill_fails_einval),
		cmocka_unit_test(sigaction_sigstop_fails_einval),
		cmocka_unit_test(sigaction_out_of_range_signal_fails_einval),
		cmocka_unit_test(rt_sigaction_bad_sigsetsize_fails_einval),
		cmocka_unit_test(rt_sigaction_bad_pointer_fails_efault),
		cmocka_unit_test(sigaction_siginfo_reports_sender_and_value),
		cmocka_unit_test(sigaction_resethand_restores_default),
		cmocka_unit_test(sigaction_nodefer_leaves_signal_unblocked_in_handler),
		cmocka_unit_test(sigaction_sa_mask_blocks_during_handler_only),
		cmocka_unit_test(sigaction_ignored_signal_is_discarded),
		cmocka_unit_test(kill_default_action_terminates_process),
		cmocka_unit_test(kill_signal_zero_probes_existence),
		cmocka_unit_test(kill_invalid_signal_fails_einval),
		cmocka_unit_test(sigaltstack_disable_then_query_reports_disabled),
		cmocka_unit_test(sigaltstack_handler_runs_on_alternate_stack),
		cmocka_unit_test(sigaltstack_unused_without_sa_onstack),
		cmocka_unit_test(sigaltstack_too_small_fails_enomem),
		cmocka_unit_test(sigaltstack_invalid_flags_fail_einval),
	};
	return conf_run(tests);
}
