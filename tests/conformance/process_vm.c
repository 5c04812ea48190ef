/* Conformance: process_vm_readv(2) and process_vm_writev(2) on the calling
 * process and on a child: scatter/gather, partial transfers, EFAULT for
 * unmapped or read-only remote memory, EINVAL, ESRCH. */
#include "proc_common.h"

#include <sys/mman.h>
#include <sys/uio.h>

static void process_vm_readv_self_copies_memory(void **state)
{
	(void)state;
	char src[] = "remote bytes", dst[sizeof src] = { 0 };
	struct iovec l = { dst, sizeof dst }, r = { src, sizeof src };
	assert_int_equal(assert_ok(process_vm_readv(getpid(), &l, 1, &r, 1, 0)), sizeof src);
	assert_string_equal(dst, "remote bytes");
}

static void process_vm_writev_self_writes_memory(void **state)
{
	(void)state;
	char src[] = "written", dst[sizeof src] = { 0 };
	struct iovec l = { src, sizeof src }, r = { dst, sizeof dst };
	assert_int_equal(assert_ok(process_vm_writev(getpid(), &l, 1, &r, 1, 0)), sizeof src);
	assert_string_equal(dst, "written");
}

static void process_vm_readv_scatters_and_gathers(void **state)
{
	(void)state;
	char a[] = "abc", b[] = "defgh";
	char x[2], y[6];
	struct iovec r[2] = { { a, 3 }, { b, 5 } };
	struct iovec l[2] = { { x, 2 }, { y, 6 } };
	assert_int_equal(assert_ok(process_vm_readv(getpid(), l, 2, r, 2, 0)), 8);
	assert_memory_equal(x, "ab", 2);
	assert_memory_equal(y, "cdefgh", 6);
}

static void process_vm_readv_unmapped_remote_fails_efault(void **state)
{
	(void)state;
	char dst[16];
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_ok(munmap(p, 4096));
	struct iovec l = { dst, sizeof dst }, r = { p, sizeof dst };
	assert_errno(process_vm_readv(getpid(), &l, 1, &r, 1, 0), EFAULT);
}

static void process_vm_readv_stops_at_fault_with_partial_count(void **state)
{
	(void)state;
	char src[8] = "partial", dst[16] = { 0 };
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_ok(munmap(p, 4096));
	struct iovec l = { dst, sizeof dst };
	struct iovec r[2] = { { src, 7 }, { p, 8 } };
	/* process_vm_readv(2): a partial transfer returns the bytes copied
	 * up to the first failing remote iovec. */
	assert_int_equal(assert_ok(process_vm_readv(getpid(), &l, 1, r, 2, 0)), 7);
	assert_memory_equal(dst, "partial", 7);
}

static void process_vm_writev_readonly_remote_fails_efault(void **state)
{
	(void)state;
	char src[4] = "xyz";
	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	struct iovec l = { src, sizeof src }, r = { p, sizeof src };
	assert_errno(process_vm_writev(getpid(), &l, 1, &r, 1, 0), EFAULT);
	assert_int_equal(p[0], 0);
	assert_ok(munmap(p, 4096));
}

static void process_vm_readv_nonzero_flags_fail_einval(void **state)
{
	(void)state;
	char src[4] = "abc", dst[4];
	struct iovec l = { dst, 4 }, r = { src, 4 };
	assert_errno(process_vm_readv(getpid(), &l, 1, &r, 1, 1), EINVAL);
}

static void process_vm_readv_too_many_iovecs_fails_einval(void **state)
{
	(void)state;
	static struct iovec l[IOV_MAX + 1], r[1];
	char c = 0;
	r[0].iov_base = &c;
	r[0].iov_len = 1;
	assert_errno(process_vm_readv(getpid(), l, IOV_MAX + 1, r, 1, 0), EINVAL);
}

static void process_vm_readv_zero_iovecs_returns_zero(void **state)
{
	(void)state;
	assert_int_equal(assert_ok(process_vm_readv(getpid(), NULL, 0, NULL, 0, 0)), 0);
}

static void process_vm_readv_reaped_pid_fails_esrch(void **state)
{
	(void)state;
	char src[4] = "abc", dst[4];
	struct iovec l = { dst, 4 }, r = { src, 4 };
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(process_vm_readv(pid, &l, 1, &r, 1, 0), ESRCH);
}

static void process_vm_readv_reads_child_memory(void **state)
{
	(void)state;
	static char secret[16];
	int ready[2], done[2];
	char c, got[16] = { 0 };
	assert_ok(pipe(ready));
	assert_ok(pipe(done));
	pid_t pid = conf_fork();
	if (pid == 0) {
		/* Same address in the child, different contents. */
		strcpy(secret, "child-only");
		child_check(write(ready[1], "r", 1) == 1);
		child_check(conf_read_full(done[0], &c, 1));
		_exit(0);
	}
	assert_true(conf_read_full(ready[0], &c, 1));
	struct iovec l = { got, sizeof got }, r = { secret, sizeof secret };
	ssize_t n = process_vm_readv(pid, &l, 1, &r, 1, 0);
	int err = errno;
	assert_int_equal(assert_ok(write(done[1], "d", 1)), 1);
	assert_child_ok(pid);
	if (n == -1 && err == EPERM)
		skip_because("ptrace access to a child is not allowed here");
	assert_int_equal(n, sizeof secret);
	assert_string_equal(got, "child-only");
	assert_int_equal(secret[0], 0);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(process_vm_readv_self_copies_memory),
		cmocka_unit_test(process_vm_writev_self_writes_memory),
		cmocka_unit_test(process_vm_readv_scatters_and_gathers),
		cmocka_unit_test(process_vm_readv_unmapped_remote_fails_efault),
		cmocka_unit_test(process_vm_readv_stops_at_fault_with_partial_count),
		cmocka_unit_test(process_vm_writev_readonly_remote_fails_efault),
		cmocka_unit_test(process_vm_readv_nonzero_flags_fail_einval),
		cmocka_unit_test(process_vm_readv_too_many_iovecs_fails_einval),
		cmocka_unit_test(process_vm_readv_zero_iovecs_returns_zero),
		cmocka_unit_test(process_vm_readv_reaped_pid_fails_esrch),
		cmocka_unit_test(process_vm_readv_reads_child_memory),
	};
	return conf_run(tests);
}
