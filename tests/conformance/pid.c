/* Conformance: getpid(2), getppid(2), gettid(2), getpgid(2), getsid(2),
 * setsid(2), setpgid(2).  Cases hold in any pid namespace: they compare ids
 * with each other, never with fixed numbers. */
#include "proc_common.h"

#include <pthread.h>
#include <sys/statvfs.h>

static void *report_tid(void *arg)
{
	pid_t *out = arg;
	out[0] = gettid();
	out[1] = getpid();
	return NULL;
}

static void gettid_equals_getpid_in_main_thread(void **state)
{
	(void)state;
	assert_int_equal(gettid(), getpid());
	assert_int_equal(syscall(SYS_gettid), syscall(SYS_getpid));
}

static void gettid_differs_in_thread_but_getpid_does_not(void **state)
{
	(void)state;
	pid_t ids[2] = { 0, 0 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, report_tid, ids), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(ids[0] > 0);
	assert_int_not_equal(ids[0], getpid());
	assert_int_equal(ids[1], getpid());
}

static void getppid_in_child_is_parent_pid(void **state)
{
	(void)state;
	pid_t me = getpid();
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(getppid() == me ? 0 : 1);
	assert_child_ok(pid);
}

static void getpgid_zero_equals_getpgrp(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(getpgid(0)), getpgrp());
	assert_int_equal(assert_ok(getpgid(getpid())), getpgrp());
}

static void getpgid_child_inherits_parent_group(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(assert_ok(getpgid(pid)), getpgrp());
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
}

static void getpgid_reaped_pid_fails_esrch(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(getpgid(pid), ESRCH);
}

static void getsid_zero_equals_own_session(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(getsid(0)), assert_ok(getsid(getpid())));
}

static void getsid_reaped_pid_fails_esrch(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(getsid(pid), ESRCH);
}

static void setsid_in_child_creates_session_and_group(void **state)
{
	(void)state;
	int p[2];
	char c;
	assert_ok(pipe(p));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(setsid() == getpid());
		child_check(getsid(0) == getpid());
		child_check(getpgrp() == getpid());
		child_check(write(p[1], "s", 1) == 1);
		pause();
		_exit(0);
	}
	assert_true(conf_read_full(p[0], &c, 1));
	assert_int_equal(assert_ok(getsid(pid)), pid);
	assert_int_equal(assert_ok(getpgid(pid)), pid);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
	close(p[0]);
	close(p[1]);
}

static void setsid_group_leader_fails_eperm(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(setpgid(0, 0) == 0);
		child_check_errno(setsid(), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setpgid_parent_moves_child_to_new_group(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	assert_ok(setpgid(pid, pid));
	assert_int_equal(assert_ok(getpgid(pid)), pid);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
}

static void setpgid_negative_pgid_fails_einval(void **state)
{
	(void)state;
	assert_errno(setpgid(0, -1), EINVAL);
}

static void setpgid_not_self_or_child_fails_esrch(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	/* Not getppid(): in a pid namespace it may read 0, meaning "self". */
	assert_errno(setpgid(pid, pid), ESRCH);
}

static void setpgid_group_in_other_session_fails_eperm(void **state)
{
	(void)state;
	pid_t parent_group = getpgrp();
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(setsid() == getpid());
		child_check_errno(setpgid(0, parent_group), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setpgid_session_leader_fails_eperm(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(setsid() == getpid());
		/* A session leader cannot change its process group. */
		child_check_errno(setpgid(0, 0), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setpgid_child_after_execve_fails_eacces(void **state)
{
	(void)state;
	int hold[2], execd[2];
	char c;
	struct statvfs vfs;
	if (statvfs(".", &vfs) == 0 && (vfs.f_flag & ST_NOEXEC))
		skip_because("the scratch directory is on a noexec mount");
	if (!conf_copy_self("self"))
		skip_because("cannot copy /proc/self/exe into the scratch directory");
	assert_ok(pipe(hold));
	assert_ok(pipe2(execd, O_CLOEXEC));
	pid_t pid = conf_fork();
	if (pid == 0) {
		char *argv[] = { "self", "--conf-pid-hold", NULL };
		close(execd[0]);
		child_check(dup2(hold[0], 0) == 0);
		close(hold[1]);
		execv("./self", argv);
		_exit(120);
	}
	close(execd[1]);
	/* EOF on the CLOEXEC pipe: the child has completed its execve. */
	assert_int_equal(assert_ok(read(execd[0], &c, 1)), 0);
	assert_errno(setpgid(pid, pid), EACCES);
	close(hold[1]);
	assert_child_ok(pid);
	close(hold[0]);
	close(execd[0]);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--conf-pid-hold") == 0) {
		/* Wait for EOF on stdin, so the parent decides when we exit. */
		char c;
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gettid_equals_getpid_in_main_thread),
		cmocka_unit_test(gettid_differs_in_thread_but_getpid_does_not),
		cmocka_unit_test(getppid_in_child_is_parent_pid),
		cmocka_unit_test(getpgid_zero_equals_getpgrp),
		cmocka_unit_test(getpgid_child_inherits_parent_group),
		cmocka_unit_test(getpgid_reaped_pid_fails_esrch),
		cmocka_unit_test(getsid_zero_equals_own_session),
		cmocka_unit_test(getsid_reaped_pid_fails_esrch),
		cmocka_unit_test(setsid_in_child_creates_session_and_group),
		cmocka_unit_test(setsid_group_leader_fails_eperm),
		cmocka_unit_test(setpgid_parent_moves_child_to_new_group),
		cmocka_unit_test(setpgid_negative_pgid_fails_einval),
		cmocka_unit_test(setpgid_not_self_or_child_fails_esrch),
		cmocka_unit_test(setpgid_group_in_other_session_fails_eperm),
		cmocka_unit_test(setpgid_session_leader_fails_eperm),
		cmocka_unit_test(setpgid_child_after_execve_fails_eacces),
	};
	return conf_run(tests);
}
