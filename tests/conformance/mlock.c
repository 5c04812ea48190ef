/* Conformance: mlock(2), mlock2(2), munlock(2), mlockall(2),
 * munlockall(2) and RLIMIT_MEMLOCK.  Locking that depends on the limit runs
 * in a child that has cleared CAP_IPC_LOCK, so the answer is the
 * unprivileged one everywhere. */
#include "proc_common.h"

#include <sys/mman.h>
#include <sys/resource.h>

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif

/* Raw syscalls: sanitizers intercept mlock and friends and make them
 * succeed without calling the kernel. */
static long sys_mlock(const void *p, size_t len)
{
	return syscall(SYS_mlock, p, len);
}

static long sys_munlock(const void *p, size_t len)
{
	return syscall(SYS_munlock, p, len);
}

static long sys_mlockall(int flags)
{
	return syscall(SYS_mlockall, flags);
}

static long sys_munlockall(void)
{
	return syscall(SYS_munlockall);
}

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static char *anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	return p;
}

static void mlock_makes_page_resident(void **state)
{
	(void)state;
	unsigned char v = 0;
	char *p = anon(page());
	assert_int_equal(assert_ok(sys_mlock(p, page())), 0);
	assert_ok(mincore(p, page(), &v));
	assert_int_equal(v & 1, 1);
	assert_int_equal(p[0], 0);
	assert_ok(sys_munlock(p, page()));
	assert_ok(munmap(p, page()));
}

static void mlock_unaligned_range_is_rounded(void **state)
{
	(void)state;
	char *p = anon(page());
	assert_int_equal(assert_ok(sys_mlock(p + 1, 1)), 0);
	assert_int_equal(assert_ok(sys_munlock(p + 1, 1)), 0);
	assert_ok(munmap(p, page()));
}

static void mlock_zero_length_succeeds(void **state)
{
	(void)state;
	char *p = anon(page());
	assert_int_equal(assert_ok(sys_mlock(p, 0)), 0);
	assert_ok(munmap(p, page()));
}

static void mlock_unmapped_range_fails_enomem(void **state)
{
	(void)state;
	char *p = anon(page());
	assert_ok(munmap(p, page()));
	assert_errno(sys_mlock(p, page()), ENOMEM);
}

static void mlock2_onfault_succeeds(void **state)
{
	(void)state;
	char *p = anon(2 * page());
	long r = syscall(SYS_mlock2, p, 2 * page(), MLOCK_ONFAULT);
	assert_int_equal(r, 0);
	p[0] = 1;
	assert_ok(sys_munlock(p, 2 * page()));
	assert_ok(munmap(p, 2 * page()));
}

static void mlock2_invalid_flags_fail_einval(void **state)
{
	(void)state;
	char *p = anon(page());
	assert_errno(syscall(SYS_mlock2, p, page(), 0x10), EINVAL);
	assert_ok(munmap(p, page()));
}

static void mlockall_no_flags_fails_einval(void **state)
{
	(void)state;
	assert_errno(sys_mlockall(0), EINVAL);
}

static void mlockall_onfault_alone_fails_einval(void **state)
{
	(void)state;
	assert_errno(sys_mlockall(MCL_ONFAULT), EINVAL);
}

static void limit_child(rlim_t limit)
{
	struct rlimit rl = { limit, limit };
	child_check(conf_drop_cap(CAP_IPC_LOCK));
	child_check(setrlimit(RLIMIT_MEMLOCK, &rl) == 0);
}

static void over_limit_child(void)
{
	limit_child(page());
	char *p = mmap(NULL, 4 * page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	child_check(p != MAP_FAILED);
	child_check(sys_mlock(p, page()) == 0);
	child_check_errno(sys_mlock(p + page(), 3 * page()), ENOMEM);
}

static void mlock_over_memlock_limit_fails_enomem(void **state)
{
	(void)state;
	conf_in_child(over_limit_child);
}

static void zero_limit_child(void)
{
	limit_child(0);
	char *p = mmap(NULL, page(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	child_check(p != MAP_FAILED);
	/* mlock(2): EPERM when unprivileged and RLIMIT_MEMLOCK is 0. */
	child_check_errno(sys_mlock(p, page()), EPERM);
}

static void mlock_zero_memlock_limit_fails_eperm(void **state)
{
	(void)state;
	conf_in_child(zero_limit_child);
}

static void future_child(void)
{
	limit_child(16 * page());
	child_check(sys_mlockall(MCL_FUTURE) == 0);
	void *p = mmap(NULL, 1024 * page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	child_check(p == MAP_FAILED && errno == EAGAIN);
	child_check(sys_munlockall() == 0);
	p = mmap(NULL, 1024 * page(), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	child_check(p != MAP_FAILED);
}

static void mlockall_future_mmap_over_limit_fails_eagain(void **state)
{
	(void)state;
	conf_in_child(future_child);
}

static void munlock_unlocked_range_succeeds(void **state)
{
	(void)state;
	char *p = anon(page());
	assert_int_equal(assert_ok(sys_munlock(p, page())), 0);
	assert_ok(munmap(p, page()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mlock_makes_page_resident),
		cmocka_unit_test(mlock_unaligned_range_is_rounded),
		cmocka_unit_test(mlock_zero_length_succeeds),
		cmocka_unit_test(mlock_unmapped_range_fails_enomem),
		cmocka_unit_test(mlock2_onfault_succeeds),
		cmocka_unit_test(mlock2_invalid_flags_fail_einval),
		cmocka_unit_test(mlockall_no_flags_fails_einval),
		cmocka_unit_test(mlockall_onfault_alone_fails_einval),
		cmocka_unit_test(mlock_over_memlock_limit_fails_enomem),
		cmocka_unit_test(mlock_zero_memlock_limit_fails_eperm),
		cmocka_unit_test(mlockall_future_mmap_over_limit_fails_eagain),
		cmocka_unit_test(munlock_unlocked_range_succeeds),
	};
	return conf_run(tests);
}
