/* Conformance: wait4(2) and waitid(2): exit codes, signalled status,
 * WNOHANG, WNOWAIT, WSTOPPED, process-group waits, rusage, ECHILD and the
 * SIGCHLD dispositions that make children unwaitable. */
#include "proc_common.h"

#include <sys/resource.h>

static pid_t spawn_exit(int code)
{
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(code);
	return pid;
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

/* waitid() for one child, bounded like conf_wait(). */
static int waitid_bounded(pid_t pid, siginfo_t *si, int opts)
{
	for (int i = 0; i < CONF_CHILD_TIMEOUT_MS / 2; i++) {
		memset(si, 0, sizeof *si);
		int r = waitid(P_PID, (id_t)pid, si, opts | WNOHANG);
		if (r == -1 || si->si_pid == pid)
			return r;
		conf_sleep_ms(2);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fail_msg("child %d did not change state", (int)pid);
	return -1;
}

static void wait4_reports_exit_code(void **state)
{
	(void)state;
	pid_t pid = spawn_exit(77);
	int status = conf_wait(pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 77);
	assert_false(WIFSIGNALED(status));
}

static void wait4_reports_terminating_signal(void **state)
{
	(void)state;
	pid_t pid = spawn_pause();
	assert_ok(kill(pid, SIGTERM));
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_false(WIFEXITED(status));
}

static void wait4_wnohang_running_child_returns_zero(void **state)
{
	(void)state;
	int status;
	pid_t pid = spawn_pause();
	assert_int_equal(assert_ok(waitpid(pid, &status, WNOHANG)), 0);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
}

static void wait4_no_children_fails_echild(void **state)
{
	(void)state;
	int status;
	assert_errno(waitpid(-1, &status, 0), ECHILD);
}

static void wait4_pid_not_a_child_fails_echild(void **state)
{
	(void)state;
	int status;
	assert_errno(waitpid(getpid(), &status, 0), ECHILD);
}

static void wait4_invalid_options_fail_einval(void **state)
{
	(void)state;
	int status;
	assert_errno(waitpid(-1, &status, 0x4000), EINVAL);
}

static void wait4_fills_rusage(void **state)
{
	(void)state;
	struct rusage ru;
	int status;
	memset(&ru, 0xff, sizeof ru);
	pid_t pid = spawn_exit(0);
	conf_sleep_ms(20);
	assert_int_equal(assert_ok(wait4(pid, &status, 0, &ru)), pid);
	assert_true(WIFEXITED(status));
	assert_true(ru.ru_maxrss > 0);
	assert_true(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 &&
		    ru.ru_utime.tv_usec < 1000000);
}

static void wait4_any_child_reaps_each_once(void **state)
{
	(void)state;
	pid_t a = spawn_exit(1), b = spawn_exit(2);
	int seen_a = 0, seen_b = 0;
	for (int i = 0; i < 2; i++) {
		int status;
		pid_t r = assert_ok(waitpid(-1, &status, 0));
		assert_true(WIFEXITED(status));
		if (r == a && WEXITSTATUS(status) == 1)
			seen_a++;
		else if (r == b && WEXITSTATUS(status) == 2)
			seen_b++;
		else
			fail_msg("unexpected child %d status 0x%x", (int)r, status);
	}
	assert_int_equal(seen_a, 1);
	assert_int_equal(seen_b, 1);
	assert_errno(waitpid(-1, NULL, WNOHANG), ECHILD);
}

static void wait4_negative_pid_waits_for_process_group(void **state)
{
	(void)state;
	int go[2];
	assert_ok(pipe(go));
	pid_t pid = conf_fork();
	if (pid == 0) {
		char c;
		child_check(conf_read_full(go[0], &c, 1));
		_exit(12);
	}
	assert_ok(setpgid(pid, pid));
	assert_int_equal(assert_ok(write(go[1], "g", 1)), 1);
	int status = conf_wait_opts(-pid, 0);
	assert_status_exited(status, 12);
	close(go[0]);
	close(go[1]);
}

static void waitid_wexited_fills_siginfo(void **state)
{
	(void)state;
	siginfo_t si;
	pid_t pid = spawn_exit(33);
	assert_int_equal(waitid_bounded(pid, &si, WEXITED), 0);
	assert_int_equal(si.si_pid, pid);
	assert_int_equal(si.si_signo, SIGCHLD);
	assert_int_equal(si.si_code, CLD_EXITED);
	assert_int_equal(si.si_status, 33);
	assert_int_equal(si.si_uid, getuid());
}

static void waitid_killed_child_reports_cld_killed(void **state)
{
	(void)state;
	siginfo_t si;
	pid_t pid = spawn_pause();
	assert_ok(kill(pid, SIGKILL));
	assert_int_equal(waitid_bounded(pid, &si, WEXITED), 0);
	assert_int_equal(si.si_code, CLD_KILLED);
	assert_int_equal(si.si_status, SIGKILL);
}

static void waitid_wnowait_leaves_child_waitable(void **state)
{
	(void)state;
	siginfo_t si;
	pid_t pid = spawn_exit(8);
	assert_int_equal(waitid_bounded(pid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(si.si_status, 8);
	assert_child_exited(pid, 8);
}

static void waitid_wnohang_running_child_returns_zero_pid(void **state)
{
	(void)state;
	siginfo_t si;
	memset(&si, 0xff, sizeof si);
	pid_t pid = spawn_pause();
	assert_int_equal(assert_ok(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG)), 0);
	/* waitid(2): si_pid is zeroed when no child was waitable. */
	assert_int_equal(si.si_pid, 0);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
}

static void waitid_wstopped_reports_cld_stopped(void **state)
{
	(void)state;
	siginfo_t si;
	pid_t pid = spawn_pause();
	assert_ok(kill(pid, SIGSTOP));
	assert_int_equal(waitid_bounded(pid, &si, WSTOPPED), 0);
	assert_int_equal(si.si_code, CLD_STOPPED);
	assert_int_equal(si.si_status, SIGSTOP);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
}

static void waitid_no_state_options_fails_einval(void **state)
{
	(void)state;
	siginfo_t si;
	assert_errno(waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
}

static void waitid_invalid_idtype_fails_einval(void **state)
{
	(void)state;
	siginfo_t si;
	assert_errno(waitid((idtype_t)42, 0, &si, WEXITED), EINVAL);
}

static void waitid_p_all_no_children_fails_echild(void **state)
{
	(void)state;
	siginfo_t si;
	assert_errno(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
}

static void nocldwait_child(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT };
	child_check(sigaction(SIGCHLD, &sa, NULL) == 0);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0)
		_exit(0);
	/* wait(2): with SA_NOCLDWAIT, wait blocks until all children have
	 * terminated and then fails ECHILD. */
	child_check_errno(waitpid(pid, NULL, 0), ECHILD);
}

static void wait4_sa_nocldwait_child_fails_echild(void **state)
{
	(void)state;
	conf_in_child(nocldwait_child);
}

static void sigign_child(void)
{
	child_check(signal(SIGCHLD, SIG_IGN) != SIG_ERR);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0)
		_exit(0);
	child_check_errno(waitpid(pid, NULL, 0), ECHILD);
}

static void wait4_sigchld_ignored_child_fails_echild(void **state)
{
	(void)state;
	conf_in_child(sigign_child);
}

static void subreaper_child(void)
{
	int p[2];
	child_check(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	child_check(pipe(p) == 0);
	pid_t mid = fork();
	child_check(mid >= 0);
	if (mid == 0) {
		pid_t leaf = fork();
		if (leaf < 0)
			_exit(1);
		if (leaf == 0) {
			/* Wait until our parent is gone, then report. */
			for (int i = 0; i < 10000 && getppid() == mid; i++)
				conf_sleep_ms(2);
			_exit(getppid() == mid ? 1 : 21);
		}
		if (write(p[1], &leaf, sizeof leaf) != sizeof leaf)
			_exit(1);
		_exit(0);
	}
	pid_t leaf;
	int status;
	child_check(conf_read_full(p[0], &leaf, sizeof leaf));
	child_check(waitpid(mid, &status, 0) == mid);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The orphaned grandchild is re-parented to us, the subreaper. */
	child_check(waitpid(leaf, &status, 0) == leaf);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 21);
}

static void wait4_subreaper_reaps_orphaned_grandchild(void **state)
{
	(void)state;
	conf_in_child(subreaper_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wait4_reports_exit_code),
		cmocka_unit_test(wait4_reports_terminating_signal),
		cmocka_unit_test(wait4_wnohang_running_child_returns_zero),
		cmocka_unit_test(wait4_no_children_fails_echild),
		cmocka_unit_test(wait4_pid_not_a_child_fails_echild),
		cmocka_unit_test(wait4_invalid_options_fail_einval),
		cmocka_unit_test(wait4_fills_rusage),
		cmocka_unit_test(wait4_any_child_reaps_each_once),
		cmocka_unit_test(wait4_negative_pid_waits_for_process_group),
		cmocka_unit_test(waitid_wexited_fills_siginfo),
		cmocka_unit_test(waitid_killed_child_reports_cld_killed),
		cmocka_unit_test(waitid_wnowait_leaves_child_waitable),
		cmocka_unit_test(waitid_wnohang_running_child_returns_zero_pid),
		cmocka_unit_test(waitid_wstopped_reports_cld_stopped),
		cmocka_unit_test(waitid_no_state_options_fails_einval),
		cmocka_unit_test(waitid_invalid_idtype_fails_einval),
		cmocka_unit_test(waitid_p_all_no_children_fails_echild),
		cmocka_unit_test(wait4_sa_nocldwait_child_fails_echild),
		cmocka_unit_test(wait4_sigchld_ignored_child_fails_echild),
		cmocka_unit_test(wait4_subreaper_reaps_orphaned_grandchild),
	};
	return conf_run(tests);
}
