/* Conformance: futex(2): WAIT/WAKE, value mismatch, timeouts (relative and
 * FUTEX_WAIT_BITSET absolute), wake counts, process-shared futexes,
 * CMP_REQUEUE and argument errors. */
#include "proc_common.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>

static long futex(void *uaddr, int op, uint32_t val, const struct timespec *ts,
		  void *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static void futex_wait_value_mismatch_fails_eagain(void **state)
{
	(void)state;
	uint32_t word = 1;
	assert_errno(futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EAGAIN);
}

static void futex_wait_relative_timeout_fails_etimedout(void **state)
{
	(void)state;
	uint32_t word = 0;
	struct timespec ts = { 0, 30 * 1000000 };
	long long t0 = conf_now_ns(CLOCK_MONOTONIC);
	assert_errno(futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0), ETIMEDOUT);
	assert_true(conf_now_ns(CLOCK_MONOTONIC) - t0 >= 30000000LL);
}

static void futex_wait_bitset_absolute_timeout_fails_etimedout(void **state)
{
	(void)state;
	uint32_t word = 0;
	struct timespec ts;
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &ts));
	long long deadline = conf_ts_ns(&ts) + 30000000LL;
	ts.tv_sec = deadline / 1000000000LL;
	ts.tv_nsec = deadline % 1000000000LL;
	assert_errno(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &ts, NULL,
			   FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
	assert_ok(clock_gettime(CLOCK_MONOTONIC, &ts));
	assert_true(conf_ts_ns(&ts) >= deadline);
}

static void futex_wait_bitset_zero_mask_fails_einval(void **state)
{
	(void)state;
	uint32_t word = 0;
	assert_errno(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 0), EINVAL);
}

static void futex_wait_invalid_timeout_fails_einval(void **state)
{
	(void)state;
	uint32_t word = 0;
	struct timespec ts = { 0, 1000000000 };
	assert_errno(futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0), EINVAL);
}

static void futex_wake_without_waiters_returns_zero(void **state)
{
	(void)state;
	uint32_t word = 0;
	assert_int_equal(assert_ok(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)), 0);
}

static void futex_wait_unaligned_address_fails_einval(void **state)
{
	(void)state;
	uint32_t words[2] = { 0, 0 };
	char *odd = (char *)words + 1;
	assert_errno(futex(odd, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EINVAL);
}

static void futex_wait_bad_address_fails_efault(void **state)
{
	(void)state;
	assert_errno(futex(CONF_BAD_PTR, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT);
}

static void futex_unknown_op_fails_enosys(void **state)
{
	(void)state;
	uint32_t word = 0;
	assert_errno(futex(&word, 99, 0, NULL, NULL, 0), ENOSYS);
}

static _Atomic uint32_t shared_word;
static atomic_int woke;

/* Waits on shared_word until it is non-zero; stores its tid in *ARG first
 * so the main thread can see it asleep in /proc. */
static void *waiter(void *arg)
{
	struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	atomic_store((_Atomic pid_t *)arg, gettid());
	while (atomic_load(&shared_word) == 0) {
		long r = futex(&shared_word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
		if (r == -1 && errno == ETIMEDOUT)
			return (void *)1;
	}
	atomic_fetch_add(&woke, 1);
	return NULL;
}

static void start_waiters(pthread_t *t, _Atomic pid_t *tids, int n)
{
	atomic_store(&shared_word, 0);
	atomic_store(&woke, 0);
	for (int i = 0; i < n; i++) {
		atomic_store(&tids[i], 0);
		assert_int_equal(pthread_create(&t[i], NULL, waiter, (void *)&tids[i]), 0);
	}
	/* The wake counts asserted below hold only for threads that are
	 * already waiting, so see each one blocked in the futex call. */
	for (int i = 0; i < n; i++) {
		while (atomic_load(&tids[i]) == 0)
			conf_sleep_ms(1);
		if (conf_wait_blocked(atomic_load(&tids[i]), SYS_futex))
			continue;
		/* Release and join them all first: a thread left behind
		 * would take the next case's wake-ups. */
		atomic_store(&shared_word, 1);
		futex(&shared_word, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
		for (int j = 0; j < n; j++)
			pthread_join(t[j], NULL);
		fail_msg("thread %d never blocked in futex", (int)atomic_load(&tids[i]));
	}
}

static void join_waiters(pthread_t *t, int n)
{
	for (int i = 0; i < n; i++) {
		void *ret;
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	assert_int_equal(atomic_load(&woke), n);
}

static void futex_wake_wakes_waiting_thread(void **state)
{
	(void)state;
	pthread_t t[1];
	_Atomic pid_t tids[1];
	start_waiters(t, tids, 1);
	atomic_store(&shared_word, 1);
	assert_int_equal(assert_ok(futex(&shared_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)), 1);
	join_waiters(t, 1);
}

static void futex_wake_count_limits_woken_waiters(void **state)
{
	(void)state;
	enum { N = 3 };
	pthread_t t[N];
	_Atomic pid_t tids[N];
	start_waiters(t, tids, N);
	atomic_store(&shared_word, 1);
	assert_int_equal(assert_ok(futex(&shared_word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0)), 2);
	assert_int_equal(assert_ok(futex(&shared_word, FUTEX_WAKE_PRIVATE, N, NULL, NULL, 0)), 1);
	join_waiters(t, N);
}

static void futex_shared_mapping_wakes_other_process(void **state)
{
	(void)state;
	_Atomic uint32_t *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(w != MAP_FAILED);
	atomic_store(w, 0);
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
		while (atomic_load(w) == 0) {
			long r = futex((void *)w, FUTEX_WAIT, 0, &ts, NULL, 0);
			child_check(r == 0 || errno == EAGAIN || errno == EINTR);
		}
		_exit(0);
	}
	/* Correct either way (the child rechecks the word), but it tests
	 * the wake only once the child waits. */
	conf_wait_blocked(pid, SYS_futex);
	atomic_store(w, 1);
	/* Not FUTEX_PRIVATE: the key is the shared page, not our mm. */
	assert_ok(futex((void *)w, FUTEX_WAKE, 1, NULL, NULL, 0));
	assert_child_ok(pid);
	assert_ok(munmap((void *)w, 4096));
}

static void futex_cmp_requeue_value_mismatch_fails_eagain(void **state)
{
	(void)state;
	uint32_t a = 5, b = 0;
	assert_errno(futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &b, 6), EAGAIN);
	assert_int_equal(assert_ok(futex(&a, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1, &b, 5)), 0);
}

static volatile sig_atomic_t hits;

static void on_alarm(int sig)
{
	(void)sig;
	hits++;
}

static void eintr_child(void)
{
	uint32_t word = 0;
	struct sigaction sa = { .sa_handler = on_alarm };
	struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
	child_check(sigaction(SIGALRM, &sa, NULL) == 0);
	/* Repeating: an expiry before the wait starts is followed by one
	 * while it waits (conf_repeat_alarm). */
	child_check(conf_repeat_alarm(50));
	child_check_errno(futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0), EINTR);
	child_check(conf_stop_alarm());
	child_check(hits >= 1);
}

static void futex_wait_interrupted_by_handler_fails_eintr(void **state)
{
	(void)state;
	conf_in_child(eintr_child);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(futex_wait_value_mismatch_fails_eagain),
		cmocka_unit_test(futex_wait_relative_timeout_fails_etimedout),
		cmocka_unit_test(futex_wait_bitset_absolute_timeout_fails_etimedout),
		cmocka_unit_test(futex_wait_bitset_zero_mask_fails_einval),
		cmocka_unit_test(futex_wait_invalid_timeout_fails_einval),
		cmocka_unit_test(futex_wake_without_waiters_returns_zero),
		cmocka_unit_test(futex_wait_unaligned_address_fails_einval),
		cmocka_unit_test(futex_wait_bad_address_fails_efault),
		cmocka_unit_test(futex_unknown_op_fails_enosys),
		cmocka_unit_test(futex_wake_wakes_waiting_thread),
		cmocka_unit_test(futex_wake_count_limits_woken_waiters),
		cmocka_unit_test(futex_shared_mapping_wakes_other_process),
		cmocka_unit_test(futex_cmp_requeue_value_mismatch_fails_eagain),
		cmocka_unit_test(futex_wait_interrupted_by_handler_fails_eintr),
	};
	return conf_run(tests);
}
