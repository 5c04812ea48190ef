/* Conformance: prctl(2): PR_SET_NAME/PR_GET_NAME, PR_SET_PDEATHSIG (and its
 * delivery), PR_GET/SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, child subreaper,
 * timer slack and argument errors.  State changes happen in children. */
#include "proc_common.h"

static void name_child(void)
{
	char name[16] = { 0 };
	child_check(prctl(PR_SET_NAME, "conf-name") == 0);
	child_check(prctl(PR_GET_NAME, name) == 0);
	child_check(strcmp(name, "conf-name") == 0);
}

static void prctl_set_name_reads_back(void **state)
{
	(void)state;
	conf_in_child(name_child);
}

static void truncate_child(void)
{
	char name[32];
	memset(name, 'x', sizeof name);
	child_check(prctl(PR_SET_NAME, "0123456789abcdefghij") == 0);
	child_check(prctl(PR_GET_NAME, name) == 0);
	/* TASK_COMM_LEN is 16: 15 characters and a NUL. */
	child_check(strcmp(name, "0123456789abcde") == 0);
}

static void prctl_set_name_truncates_to_15_chars(void **state)
{
	(void)state;
	conf_in_child(truncate_child);
}

static void comm_child(void)
{
	char buf[32] = { 0 };
	child_check(prctl(PR_SET_NAME, "conf-comm") == 0);
	int fd = open("/proc/self/comm", O_RDONLY);
	child_check(fd >= 0);
	child_check(read(fd, buf, sizeof buf - 1) == 10);
	child_check(strcmp(buf, "conf-comm\n") == 0);
}

static void prctl_set_name_shows_in_proc_comm(void **state)
{
	(void)state;
	if (access("/proc/self/comm", R_OK) != 0)
		skip_because("/proc/self/comm is not available");
	conf_in_child(comm_child);
}

static void prctl_get_name_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(prctl(PR_GET_NAME, CONF_BAD_PTR), EFAULT);
}

static void pdeathsig_child(void)
{
	int sig = -1;
	child_check(prctl(PR_SET_PDEATHSIG, SIGUSR1) == 0);
	child_check(prctl(PR_GET_PDEATHSIG, &sig) == 0 && sig == SIGUSR1);
	child_check(prctl(PR_SET_PDEATHSIG, 0) == 0);
	child_check(prctl(PR_GET_PDEATHSIG, &sig) == 0 && sig == 0);
}

static void prctl_pdeathsig_reads_back(void **state)
{
	(void)state;
	conf_in_child(pdeathsig_child);
}

static void prctl_pdeathsig_invalid_signal_fails_einval(void **state)
{
	(void)state;
	assert_errno(prctl(PR_SET_PDEATHSIG, 100), EINVAL);
}

static void pdeathsig_fork_child(void)
{
	/* conf_fork set SIGKILL; fork(2) clears it in the new child. */
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0) {
		int sig = -1;
		_exit(prctl(PR_GET_PDEATHSIG, &sig) == 0 && sig == 0 ? 0 : 1);
	}
	int status;
	child_check(waitpid(pid, &status, 0) == pid);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void prctl_pdeathsig_cleared_in_fork_child(void **state)
{
	(void)state;
	conf_in_child(pdeathsig_fork_child);
}

/* W (a subreaper) forks A, A forks B.  B asks for SIGUSR1 when A dies and
 * says so; A then exits; B must get the signal and exit 0.  B, orphaned,
 * is re-parented to W, which reaps both. */
static void pdeathsig_delivery_child(void)
{
	int ready[2];
	child_check(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	child_check(pipe(ready) == 0);
	pid_t a = fork();
	child_check(a >= 0);
	if (a == 0) {
		pid_t b = fork();
		if (b < 0)
			_exit(1);
		if (b == 0) {
			sigset_t s;
			siginfo_t si;
			struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
			sigemptyset(&s);
			sigaddset(&s, SIGUSR1);
			if (sigprocmask(SIG_BLOCK, &s, NULL) != 0 ||
			    prctl(PR_SET_PDEATHSIG, SIGUSR1) != 0)
				_exit(2);
			if (write(ready[1], "b", 1) != 1)
				_exit(3);
			_exit(sigtimedwait(&s, &si, &ts) == SIGUSR1 ? 0 : 4);
		}
		char c;
		_exit(read(ready[0], &c, 1) == 1 ? 0 : 1);
	}
	int status;
	child_check(waitpid(a, &status, 0) == a);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	child_check(waitpid(-1, &status, 0) > 0);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void prctl_pdeathsig_signals_child_when_parent_dies(void **state)
{
	(void)state;
	conf_in_child(pdeathsig_delivery_child);
}

static void dumpable_child(void)
{
	child_check(prctl(PR_SET_DUMPABLE, 0) == 0);
	child_check(prctl(PR_GET_DUMPABLE) == 0);
	child_check(prctl(PR_SET_DUMPABLE, 1) == 0);
	child_check(prctl(PR_GET_DUMPABLE) == 1);
}

static void prctl_dumpable_reads_back(void **state)
{
	(void)state;
	conf_in_child(dumpable_child);
}

static void prctl_get_dumpable_is_boolean(void **state)
{
	(void)state;
	long d = assert_ok(prctl(PR_GET_DUMPABLE));
	assert_in_range(d, 0, 1);
}

static void prctl_set_dumpable_two_fails_einval(void **state)
{
	(void)state;
	/* SUID_DUMP_ROOT (2) is for the sysctl only. */
	assert_errno(prctl(PR_SET_DUMPABLE, 2), EINVAL);
}

static void nnp_child(void)
{
	child_check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
	child_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	/* It cannot be unset. */
	child_check_errno(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
	int status;
	child_check(waitpid(pid, &status, 0) == pid);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void prctl_no_new_privs_is_sticky_and_inherited(void **state)
{
	(void)state;
	conf_in_child(nnp_child);
}

static void prctl_no_new_privs_extra_args_fail_einval(void **state)
{
	(void)state;
	assert_errno(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0), EINVAL);
}

static void subreaper_child(void)
{
	int v = -1;
	child_check(prctl(PR_GET_CHILD_SUBREAPER, &v) == 0 && v == 0);
	child_check(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	child_check(prctl(PR_GET_CHILD_SUBREAPER, &v) == 0 && v == 1);
}

static void prctl_child_subreaper_reads_back(void **state)
{
	(void)state;
	conf_in_child(subreaper_child);
}

static void slack_child(void)
{
	child_check(prctl(PR_SET_TIMERSLACK, 123456) == 0);
	child_check(prctl(PR_GET_TIMERSLACK) == 123456);
}

static void prctl_timerslack_reads_back(void **state)
{
	(void)state;
	conf_in_child(slack_child);
}

static void prctl_unknown_option_fails_einval(void **state)
{
	(void)state;
	assert_errno(prctl(0x7fff1234, 0, 0, 0, 0), EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(prctl_set_name_reads_back),
		cmocka_unit_test(prctl_set_name_truncates_to_15_chars),
		cmocka_unit_test(prctl_set_name_shows_in_proc_comm),
		cmocka_unit_test(prctl_get_name_bad_pointer_fails_efault),
		cmocka_unit_test(prctl_pdeathsig_reads_back),
		cmocka_unit_test(prctl_pdeathsig_invalid_signal_fails_einval),
		cmocka_unit_test(prctl_pdeathsig_cleared_in_fork_child),
		cmocka_unit_test(prctl_pdeathsig_signals_child_when_parent_dies),
		cmocka_unit_test(prctl_dumpable_reads_back),
		cmocka_unit_test(prctl_get_dumpable_is_boolean),
		cmocka_unit_test(prctl_set_dumpable_two_fails_einval),
		cmocka_unit_test(prctl_no_new_privs_is_sticky_and_inherited),
		cmocka_unit_test(prctl_no_new_privs_extra_args_fail_einval),
		cmocka_unit_test(prctl_child_subreaper_reads_back),
		cmocka_unit_test(prctl_timerslack_reads_back),
		cmocka_unit_test(prctl_unknown_option_fails_einval),
	};
	return conf_run(tests);
}
