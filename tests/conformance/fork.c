/* Conformance: fork(2) and vfork(2): return values, copied memory, shared
 * open file descriptions, inherited and reset attributes. */
#include "proc_common.h"

#include <dirent.h>
#include <pthread.h>

static void fork_returns_child_pid_to_parent(void **state)
{
	(void)state;
	int p[2];
	pid_t seen = 0;
	assert_ok(pipe(p));
	pid_t pid = conf_fork();
	if (pid == 0) {
		pid_t me = getpid();
		child_check(write(p[1], &me, sizeof me) == sizeof me);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_true(conf_read_full(p[0], &seen, sizeof seen));
	assert_int_equal(seen, pid);
	assert_int_not_equal(seen, getpid());
	assert_child_ok(pid);
	close(p[0]);
	close(p[1]);
}

static void fork_child_getppid_is_parent(void **state)
{
	(void)state;
	pid_t parent = getpid();
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(getppid() == parent);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void fork_child_exit_code_reaches_parent(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(42);
	assert_child_exited(pid, 42);
}

static void fork_child_memory_is_private_copy(void **state)
{
	(void)state;
	static int shared_looking = 1;
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(shared_looking == 1);
		shared_looking = 2;
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(shared_looking, 1);
}

static void fork_child_inherits_open_fds(void **state)
{
	(void)state;
	int p[2];
	char buf[8] = { 0 };
	assert_ok(pipe(p));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(write(p[1], "kid", 3) == 3);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 3);
	assert_string_equal(buf, "kid");
	close(p[0]);
	close(p[1]);
}

static void fork_child_shares_file_offset(void **state)
{
	(void)state;
	int fd = assert_ok(open("off", O_RDWR | O_CREAT | O_TRUNC, 0600));
	assert_int_equal(assert_ok(write(fd, "12", 2)), 2);
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(write(fd, "345", 3) == 3);
		_exit(0);
	}
	assert_child_ok(pid);
	/* One open file description, one offset. */
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 5);
	close(fd);
	assert_ok(unlink("off"));
}

static void fork_child_keeps_cloexec_fds_until_exec(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe2(p, O_CLOEXEC));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(fcntl(p[1], F_GETFD) == FD_CLOEXEC);
		child_check(write(p[1], "c", 1) == 1);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_true(conf_readable(p[0], 0));
	close(p[0]);
	close(p[1]);
}

static void fork_child_inherits_umask(void **state)
{
	(void)state;
	mode_t old = umask(027);
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(umask(0) == 027);
		_exit(0);
	}
	umask(old);
	assert_child_ok(pid);
}

static void fork_child_does_not_inherit_alarm(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		/* conf_fork armed an alarm in this child; a grandchild of it
		 * must start with none (fork(2)). */
		alarm(100);
		pid_t g = fork();
		child_check(g >= 0);
		if (g == 0)
			_exit(alarm(0) == 0 ? 0 : 1);
		int status;
		child_check(waitpid(g, &status, 0) == g);
		child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void *fork_from_thread(void *arg)
{
	(void)arg;
	pid_t pid = fork();
	if (pid == 0) {
		/* Only the forking thread exists in the child. */
		DIR *d = opendir("/proc/self/task");
		int n = 0;
		if (!d)
			_exit(3);
		while (readdir(d))
			n++;
		_exit(n == 3 ? 0 : 1); /* ".", ".." and ourselves */
	}
	return (void *)(intptr_t)pid;
}

static void fork_in_thread_copies_only_calling_thread(void **state)
{
	(void)state;
	pthread_t t;
	void *ret;
	if (access("/proc/self/task", R_OK) != 0)
		skip_because("/proc/self/task is not available");
	fflush(stdout);
	assert_int_equal(pthread_create(&t, NULL, fork_from_thread, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	pid_t pid = (pid_t)(intptr_t)ret;
	assert_true(pid > 0);
	assert_child_ok(pid);
}

static void fork_many_children_all_reaped_with_codes(void **state)
{
	(void)state;
	enum { N = 16 };
	pid_t pids[N];
	for (int i = 0; i < N; i++) {
		pids[i] = conf_fork();
		if (pids[i] == 0)
			_exit(i + 1);
	}
	for (int i = N - 1; i >= 0; i--)
		assert_child_exited(pids[i], i + 1);
	assert_errno(waitpid(-1, NULL, WNOHANG), ECHILD);
}

static void vfork_child_runs_first_in_shared_memory(void **state)
{
	(void)state;
	static volatile int marker;
	marker = 0;
	fflush(stdout);
	pid_t pid = vfork();
	if (pid == 0) {
		/* vfork(2): the parent is suspended and memory is shared until
		 * the child exits or execs. */
		marker = 1;
		_exit(9);
	}
	assert_true(pid > 0);
	assert_int_equal(marker, 1);
	assert_child_exited(pid, 9);
}

static void vfork_child_has_own_pid(void **state)
{
	(void)state;
	static volatile pid_t child_pid;
	child_pid = 0;
	fflush(stdout);
	pid_t pid = vfork();
	if (pid == 0) {
		child_pid = getpid();
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(child_pid, pid);
	assert_int_not_equal(child_pid, getpid());
	assert_child_ok(pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fork_returns_child_pid_to_parent),
		cmocka_unit_test(fork_child_getppid_is_parent),
		cmocka_unit_test(fork_child_exit_code_reaches_parent),
		cmocka_unit_test(fork_child_memory_is_private_copy),
		cmocka_unit_test(fork_child_inherits_open_fds),
		cmocka_unit_test(fork_child_shares_file_offset),
		cmocka_unit_test(fork_child_keeps_cloexec_fds_until_exec),
		cmocka_unit_test(fork_child_inherits_umask),
		cmocka_unit_test(fork_child_does_not_inherit_alarm),
		cmocka_unit_test(fork_in_thread_copies_only_calling_thread),
		cmocka_unit_test(fork_many_children_all_reaped_with_codes),
		cmocka_unit_test(vfork_child_runs_first_in_shared_memory),
		cmocka_unit_test(vfork_child_has_own_pid),
	};
	return conf_run(tests);
}
