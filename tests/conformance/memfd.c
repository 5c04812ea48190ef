/* Conformance: memfd_create(2) and file sealing (fcntl F_ADD_SEALS,
 * F_GET_SEALS): F_SEAL_WRITE, F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_SEAL and
 * their interaction with shared writable mappings. */
#include "proc_common.h"

#include <sys/mman.h>

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif

static int sealable(void)
{
	return (int)assert_ok(memfd_create("conf", MFD_ALLOW_SEALING | MFD_CLOEXEC));
}

static void memfd_create_gives_empty_regular_file(void **state)
{
	(void)state;
	struct stat st;
	int fd = (int)assert_ok(memfd_create("conf", 0));
	assert_ok(fstat(fd, &st));
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), 0);
	close(fd);
}

static void memfd_write_read_round_trips(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	int fd = (int)assert_ok(memfd_create("conf", MFD_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)), FD_CLOEXEC);
	assert_int_equal(assert_ok(write(fd, "memory", 6)), 6);
	assert_int_equal(assert_ok(pread(fd, buf, sizeof buf, 0)), 6);
	assert_memory_equal(buf, "memory", 6);
	close(fd);
}

static void memfd_invalid_flags_fail_einval(void **state)
{
	(void)state;
	assert_errno(memfd_create("conf", 0x1000), EINVAL);
}

static void memfd_name_too_long_fails_einval(void **state)
{
	(void)state;
	char name[300];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = 0;
	/* memfd_create(2): at most 249 bytes excluding the NUL. */
	assert_errno(memfd_create(name, 0), EINVAL);
}

static void memfd_bad_name_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_memfd_create, CONF_BAD_PTR, 0), EFAULT);
}

static void memfd_without_allow_sealing_has_seal_seal(void **state)
{
	(void)state;
	int fd = (int)assert_ok(memfd_create("conf", 0));
	assert_int_equal(assert_ok(fcntl(fd, F_GET_SEALS)), F_SEAL_SEAL);
	assert_errno(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM);
	close(fd);
}

static void memfd_sealable_starts_without_seals(void **state)
{
	(void)state;
	int fd = sealable();
	assert_int_equal(assert_ok(fcntl(fd, F_GET_SEALS)), 0);
	close(fd);
}

static void memfd_seal_write_makes_write_fail_eperm(void **state)
{
	(void)state;
	int fd = sealable();
	assert_int_equal(assert_ok(write(fd, "abc", 3)), 3);
	assert_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	assert_int_equal(assert_ok(fcntl(fd, F_GET_SEALS)), F_SEAL_WRITE);
	assert_errno(pwrite(fd, "x", 1, 0), EPERM);
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EPERM);
	close(fd);
}

static void memfd_seal_write_with_shared_mapping_fails_ebusy(void **state)
{
	(void)state;
	int fd = sealable();
	assert_ok(ftruncate(fd, 4096));
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	assert_errno(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY);
	assert_ok(munmap(p, 4096));
	assert_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	close(fd);
}

static void memfd_seal_shrink_blocks_truncate_down(void **state)
{
	(void)state;
	int fd = sealable();
	assert_ok(ftruncate(fd, 100));
	assert_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	assert_errno(ftruncate(fd, 50), EPERM);
	assert_ok(ftruncate(fd, 200));
	close(fd);
}

static void memfd_seal_grow_blocks_extension(void **state)
{
	(void)state;
	int fd = sealable();
	assert_ok(ftruncate(fd, 100));
	assert_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	assert_errno(ftruncate(fd, 200), EPERM);
	assert_errno(pwrite(fd, "x", 1, 100), EPERM);
	/* Writing inside the current size is still allowed. */
	assert_int_equal(assert_ok(pwrite(fd, "x", 1, 10)), 1);
	close(fd);
}

static void memfd_seal_seal_blocks_more_seals(void **state)
{
	(void)state;
	int fd = sealable();
	assert_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	assert_errno(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), EPERM);
	assert_int_equal(assert_ok(fcntl(fd, F_GET_SEALS)), F_SEAL_SEAL);
	close(fd);
}

static void f_add_seals_on_regular_file_fails_einval(void **state)
{
	(void)state;
	int fd = (int)assert_ok(open("plain", O_RDWR | O_CREAT | O_TRUNC, 0600));
	long r = fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE);
	/* tmpfs and hugetlbfs files can be sealed; other file systems
	 * answer EINVAL. */
	int err = errno;
	close(fd);
	assert_ok(unlink("plain"));
	if (r == 0)
		skip_because("the scratch file system supports sealing");
	assert_int_equal(r, -1);
	assert_int_equal(err, EINVAL);
}

static void memfd_seals_shared_across_dup(void **state)
{
	(void)state;
	int fd = sealable();
	int d = (int)assert_ok(dup(fd));
	assert_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	assert_int_equal(assert_ok(fcntl(d, F_GET_SEALS)), F_SEAL_GROW);
	close(d);
	close(fd);
}

static void memfd_noexec_seal_sets_exec_seal(void **state)
{
	(void)state;
	int fd = memfd_create("conf", MFD_NOEXEC_SEAL);
	if (fd == -1 && errno == EINVAL)
		skip_because("MFD_NOEXEC_SEAL is not supported (Linux < 6.3)");
	assert_true(fd >= 0);
	struct stat st;
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_mode & 0111, 0);
	/* F_SEAL_EXEC is 0x20; MFD_NOEXEC_SEAL also implies sealing. */
	assert_true(assert_ok(fcntl(fd, F_GET_SEALS)) & 0x20);
	assert_errno(fchmod(fd, 0755), EPERM);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memfd_create_gives_empty_regular_file),
		cmocka_unit_test(memfd_write_read_round_trips),
		cmocka_unit_test(memfd_invalid_flags_fail_einval),
		cmocka_unit_test(memfd_name_too_long_fails_einval),
		cmocka_unit_test(memfd_bad_name_pointer_fails_efault),
		cmocka_unit_test(memfd_without_allow_sealing_has_seal_seal),
		cmocka_unit_test(memfd_sealable_starts_without_seals),
		cmocka_unit_test(memfd_seal_write_makes_write_fail_eperm),
		cmocka_unit_test(memfd_seal_write_with_shared_mapping_fails_ebusy),
		cmocka_unit_test(memfd_seal_shrink_blocks_truncate_down),
		cmocka_unit_test(memfd_seal_grow_blocks_extension),
		cmocka_unit_test(memfd_seal_seal_blocks_more_seals),
		cmocka_unit_test(f_add_seals_on_regular_file_fails_einval),
		cmocka_unit_test(memfd_seals_shared_across_dup),
		cmocka_unit_test(memfd_noexec_seal_sets_exec_seal),
	};
	return conf_run(tests);
}
