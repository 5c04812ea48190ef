/* Conformance: threads made with clone(CLONE_THREAD|CLONE_VM|...) through
 * pthreads: creation and join, shared memory and descriptors, per-thread
 * ids, masks and names, exit() from any thread ending the group, and the
 * process outliving its main thread. */
#include "proc_common.h"

#include <pthread.h>
#include <stdatomic.h>

static void *return_arg_plus_one(void *arg)
{
	return (void *)((intptr_t)arg + 1);
}

static void pthread_create_join_returns_thread_result(void **state)
{
	(void)state;
	pthread_t t;
	void *ret;
	assert_int_equal(pthread_create(&t, NULL, return_arg_plus_one, (void *)41), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_int_equal((intptr_t)ret, 42);
}

static void *exit_early(void *arg)
{
	(void)arg;
	pthread_exit((void *)7);
	return NULL;
}

static void pthread_exit_value_reaches_join(void **state)
{
	(void)state;
	pthread_t t;
	void *ret;
	assert_int_equal(pthread_create(&t, NULL, exit_early, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_int_equal((intptr_t)ret, 7);
}

static int shared_value;

static void *write_shared(void *arg)
{
	(void)arg;
	shared_value = 99;
	return NULL;
}

static void thread_shares_memory_with_process(void **state)
{
	(void)state;
	pthread_t t;
	shared_value = 0;
	assert_int_equal(pthread_create(&t, NULL, write_shared, NULL), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(shared_value, 99);
}

static void *open_fd(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)open("thread-file", O_RDWR | O_CREAT | O_TRUNC, 0600);
}

static void thread_shares_descriptor_table(void **state)
{
	(void)state;
	pthread_t t;
	void *ret;
	assert_int_equal(pthread_create(&t, NULL, open_fd, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	int fd = (int)(intptr_t)ret;
	assert_true(fd >= 0);
	assert_int_equal(assert_ok(write(fd, "t", 1)), 1);
	close(fd);
	assert_ok(unlink("thread-file"));
}

enum { NTHREADS = 8 };
static atomic_int counter;
static pid_t tids[NTHREADS];

static void *count_and_record(void *arg)
{
	tids[(intptr_t)arg] = gettid();
	for (int i = 0; i < 1000; i++)
		atomic_fetch_add(&counter, 1);
	return NULL;
}

static void threads_have_distinct_tids_and_share_counter(void **state)
{
	(void)state;
	pthread_t t[NTHREADS];
	atomic_store(&counter, 0);
	for (intptr_t i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, count_and_record, (void *)i), 0);
	for (int i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(atomic_load(&counter), NTHREADS * 1000);
	for (int i = 0; i < NTHREADS; i++) {
		assert_true(tids[i] > 0);
		assert_int_not_equal(tids[i], getpid());
		for (int j = 0; j < i; j++)
			assert_int_not_equal(tids[i], tids[j]);
	}
}

static void *report_mask(void *arg)
{
	sigset_t now;
	(void)arg;
	pthread_sigmask(SIG_BLOCK, NULL, &now);
	return (void *)(intptr_t)sigismember(&now, SIGUSR1);
}

static void thread_inherits_creator_signal_mask(void **state)
{
	(void)state;
	pthread_t t;
	void *ret;
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &s, &old), 0);
	int rc = pthread_create(&t, NULL, report_mask, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	assert_int_equal(rc, 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_int_equal((intptr_t)ret, 1);
}

static void *rename_self(void *arg)
{
	char name[16] = { 0 };
	(void)arg;
	if (prctl(PR_SET_NAME, "conf-worker") != 0 || prctl(PR_GET_NAME, name) != 0)
		return (void *)1;
	return strcmp(name, "conf-worker") == 0 ? NULL : (void *)2;
}

static void prctl_set_name_is_per_thread(void **state)
{
	(void)state;
	pthread_t t;
	void *ret;
	char before[16] = { 0 }, after[16] = { 0 };
	assert_ok(prctl(PR_GET_NAME, before));
	assert_int_equal(pthread_create(&t, NULL, rename_self, NULL), 0);
	assert_int_equal(pthread_join(t, &ret), 0);
	assert_null(ret);
	assert_ok(prctl(PR_GET_NAME, after));
	assert_string_equal(before, after);
}

static void *exit_whole_process(void *arg)
{
	(void)arg;
	exit(5);
}

static void exit_from_thread_ends_whole_process(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		pthread_t t;
		child_check(pthread_create(&t, NULL, exit_whole_process, NULL) == 0);
		for (;;)
			pause();
	}
	assert_child_exited(pid, 5);
}

static void *outlive_main(void *arg)
{
	(void)arg;
	/* Exit only after the main thread has, or the case would not show
	 * the process outliving it: from then on /proc shows the group
	 * leader as a zombie.  Exit 9 if that never comes; without /proc,
	 * pause instead. */
	long long deadline = conf_now_ms(CLOCK_MONOTONIC) + CONF_CHILD_TIMEOUT_MS;
	for (;;) {
		char s = conf_proc_state(getpid());
		if (s == 'Z')
			break;
		if (s == 0) {
			conf_sleep_ms(200);
			break;
		}
		if (conf_now_ms(CLOCK_MONOTONIC) >= deadline)
			_exit(9);
		conf_sleep_ms(1);
	}
	_exit(8);
}

static void process_outlives_main_thread_exit(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		pthread_t t;
		child_check(pthread_create(&t, NULL, outlive_main, NULL) == 0);
		pthread_exit(NULL);
	}
	assert_child_exited(pid, 8);
}

static void *write_done_byte(void *arg)
{
	int *p = arg;
	(void)!write(p[1], "d", 1);
	return NULL;
}

static void detached_thread_runs_to_completion(void **state)
{
	(void)state;
	pthread_t t;
	pthread_attr_t attr;
	int p[2];
	char c;
	assert_ok(pipe(p));
	assert_int_equal(pthread_attr_init(&attr), 0);
	assert_int_equal(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED), 0);
	assert_int_equal(pthread_create(&t, &attr, write_done_byte, p), 0);
	pthread_attr_destroy(&attr);
	assert_true(conf_readable(p[0], CONF_CHILD_TIMEOUT_MS));
	assert_int_equal(assert_ok(read(p[0], &c, 1)), 1);
	assert_int_equal(c, 'd');
	close(p[0]);
	close(p[1]);
}

static void *change_dir(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)chdir("sub");
}

static void thread_shares_working_directory(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		pthread_t t;
		void *ret;
		struct stat a, b;
		child_check(mkdir("sub", 0700) == 0);
		child_check(stat("sub", &a) == 0);
		child_check(pthread_create(&t, NULL, change_dir, NULL) == 0);
		child_check(pthread_join(t, &ret) == 0 && ret == NULL);
		child_check(stat(".", &b) == 0);
		child_check(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_ok(rmdir("sub"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pthread_create_join_returns_thread_result),
		cmocka_unit_test(pthread_exit_value_reaches_join),
		cmocka_unit_test(thread_shares_memory_with_process),
		cmocka_unit_test(thread_shares_descriptor_table),
		cmocka_unit_test(threads_have_distinct_tids_and_share_counter),
		cmocka_unit_test(thread_inherits_creator_signal_mask),
		cmocka_unit_test(prctl_set_name_is_per_thread),
		cmocka_unit_test(exit_from_thread_ends_whole_process),
		cmocka_unit_test(process_outlives_main_thread_exit),
		cmocka_unit_test(detached_thread_runs_to_completion),
		cmocka_unit_test(thread_shares_working_directory),
	};
	return conf_run(tests);
}
