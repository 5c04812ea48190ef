/* Conformance: sched_yield(2), sched_getaffinity(2)/sched_setaffinity(2),
 * getcpu(2), sched_getscheduler(2), sched_getparam(2) and the priority
 * range calls. */
#include "proc_common.h"

#include <sched.h>
#include <sys/resource.h>

static void sched_yield_returns_zero(void **state)
{
	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(assert_ok(sched_yield()), 0);
}

static void sched_getaffinity_reports_current_cpu(void **state)
{
	(void)state;
	cpu_set_t set;
	unsigned int cpu = 9999, node;
	CPU_ZERO(&set);
	assert_ok(sched_getaffinity(0, sizeof set, &set));
	assert_true(CPU_COUNT(&set) >= 1);
	assert_ok(syscall(SYS_getcpu, &cpu, &node, NULL));
	/* We may migrate in between, but only within the allowed set. */
	assert_true(cpu < CPU_SETSIZE);
	assert_true(CPU_ISSET(cpu, &set));
}

static void sched_getaffinity_raw_returns_mask_size(void **state)
{
	(void)state;
	unsigned long mask[16];
	long n = syscall(SYS_sched_getaffinity, 0, sizeof mask, mask);
	assert_true(n > 0);
	assert_true(n <= (long)sizeof mask);
	assert_int_equal(n % sizeof(unsigned long), 0);
}

static void sched_getaffinity_small_buffer_fails_einval(void **state)
{
	(void)state;
	unsigned char tiny;
	/* The size must cover the kernel's cpumask and be a multiple of
	 * sizeof(long). */
	assert_errno(syscall(SYS_sched_getaffinity, 0, 1, &tiny), EINVAL);
}

static void sched_getaffinity_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_sched_getaffinity, 0, 128, CONF_BAD_PTR), EFAULT);
}

static void sched_getaffinity_reaped_pid_fails_esrch(void **state)
{
	(void)state;
	cpu_set_t set;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(sched_getaffinity(pid, sizeof set, &set), ESRCH);
}

static void pin_child(void)
{
	cpu_set_t set, got;
	unsigned int cpu, node;
	child_check(sched_getaffinity(0, sizeof set, &set) == 0);
	int first = -1;
	for (int i = 0; i < CPU_SETSIZE && first < 0; i++)
		if (CPU_ISSET(i, &set))
			first = i;
	CPU_ZERO(&set);
	CPU_SET(first, &set);
	child_check(sched_setaffinity(0, sizeof set, &set) == 0);
	child_check(sched_getaffinity(0, sizeof got, &got) == 0);
	child_check(CPU_COUNT(&got) == 1 && CPU_ISSET(first, &got));
	child_check(sched_yield() == 0);
	child_check(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	child_check((int)cpu == first);
}

static void sched_setaffinity_pins_to_one_cpu(void **state)
{
	(void)state;
	conf_in_child(pin_child);
}

static void sched_setaffinity_empty_mask_fails_einval(void **state)
{
	(void)state;
	cpu_set_t set;
	CPU_ZERO(&set);
	assert_errno(sched_setaffinity(0, sizeof set, &set), EINVAL);
}

static void getcpu_null_arguments_allowed(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(syscall(SYS_getcpu, NULL, NULL, NULL)), 0);
}

static void sched_getscheduler_default_is_other(void **state)
{
	(void)state;
	struct sched_param sp = { .sched_priority = -1 };
	int policy = (int)assert_ok(sched_getscheduler(0));
	assert_int_equal(policy & ~SCHED_RESET_ON_FORK, SCHED_OTHER);
	assert_ok(sched_getparam(0, &sp));
	assert_int_equal(sp.sched_priority, 0);
}

static void sched_priority_range_for_fifo_is_1_to_99(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(sched_get_priority_min(SCHED_FIFO)), 1);
	assert_int_equal(assert_ok(sched_get_priority_max(SCHED_FIFO)), 99);
	assert_int_equal(assert_ok(sched_get_priority_max(SCHED_OTHER)), 0);
}

static void sched_get_priority_max_invalid_policy_fails_einval(void **state)
{
	(void)state;
	assert_errno(sched_get_priority_max(42), EINVAL);
}

static void sched_setscheduler_fifo_without_cap_fails_eperm(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct sched_param sp = { .sched_priority = 10 };
		struct rlimit rl = { 0, 0 };
		child_check(conf_drop_cap(CAP_SYS_NICE));
		/* RLIMIT_RTPRIO 0: no real-time priority for the unprivileged. */
		child_check(setrlimit(RLIMIT_RTPRIO, &rl) == 0);
		child_check_errno(sched_setscheduler(0, SCHED_FIFO, &sp), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sched_yield_returns_zero),
		cmocka_unit_test(sched_getaffinity_reports_current_cpu),
		cmocka_unit_test(sched_getaffinity_raw_returns_mask_size),
		cmocka_unit_test(sched_getaffinity_small_buffer_fails_einval),
		cmocka_unit_test(sched_getaffinity_bad_pointer_fails_efault),
		cmocka_unit_test(sched_getaffinity_reaped_pid_fails_esrch),
		cmocka_unit_test(sched_setaffinity_pins_to_one_cpu),
		cmocka_unit_test(sched_setaffinity_empty_mask_fails_einval),
		cmocka_unit_test(getcpu_null_arguments_allowed),
		cmocka_unit_test(sched_getscheduler_default_is_other),
		cmocka_unit_test(sched_priority_range_for_fifo_is_1_to_99),
		cmocka_unit_test(sched_get_priority_max_invalid_policy_fails_einval),
		cmocka_unit_test(sched_setscheduler_fifo_without_cap_fails_eperm),
	};
	return conf_run(tests);
}
