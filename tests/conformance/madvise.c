/* Conformance: madvise(2) (DONTNEED on anonymous and file memory,
 * DONTFORK, WIPEONFORK, argument errors) and mincore(2). */
#include "proc_common.h"

#include <sys/mman.h>

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static char *anon(size_t len, int flags)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	return p;
}

static int file_of(char c)
{
	char *buf = malloc(page());
	assert_non_null(buf);
	memset(buf, c, page());
	int fd = (int)assert_ok(open("f", O_RDWR | O_CREAT | O_TRUNC, 0600));
	assert_int_equal(assert_ok(write(fd, buf, page())), page());
	free(buf);
	return fd;
}

static void madvise_dontneed_zeroes_private_anonymous(void **state)
{
	(void)state;
	char *p = anon(2 * page(), MAP_PRIVATE);
	memset(p, 'x', 2 * page());
	assert_ok(madvise(p, page(), MADV_DONTNEED));
	assert_int_equal(p[0], 0);
	assert_int_equal(p[page() - 1], 0);
	assert_int_equal(p[page()], 'x');
	assert_ok(munmap(p, 2 * page()));
}

static void madvise_dontneed_shared_file_keeps_data(void **state)
{
	(void)state;
	int fd = file_of('a');
	char *p = mmap(NULL, page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 'w';
	assert_ok(madvise(p, page(), MADV_DONTNEED));
	assert_int_equal(p[0], 'w');
	assert_int_equal(p[1], 'a');
	assert_ok(munmap(p, page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void madvise_dontneed_private_file_reverts_to_file(void **state)
{
	(void)state;
	int fd = file_of('a');
	char *p = mmap(NULL, page(), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 'w';
	assert_ok(madvise(p, page(), MADV_DONTNEED));
	/* The private copy is dropped; the next access maps the file again. */
	assert_int_equal(p[0], 'a');
	assert_ok(munmap(p, page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void madvise_willneed_succeeds(void **state)
{
	(void)state;
	int fd = file_of('a');
	char *p = mmap(NULL, page(), PROT_READ, MAP_PRIVATE, fd, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(assert_ok(madvise(p, page(), MADV_WILLNEED)), 0);
	assert_int_equal(p[0], 'a');
	assert_ok(munmap(p, page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void madvise_invalid_advice_fails_einval(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_PRIVATE);
	assert_errno(madvise(p, page(), 12345), EINVAL);
	assert_ok(munmap(p, page()));
}

static void madvise_unaligned_address_fails_einval(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_PRIVATE);
	assert_errno(madvise(p + 1, 10, MADV_NORMAL), EINVAL);
	assert_ok(munmap(p, page()));
}

static void madvise_unmapped_range_fails_enomem(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_PRIVATE);
	assert_ok(munmap(p, page()));
	assert_errno(madvise(p, page(), MADV_NORMAL), ENOMEM);
}

static void madvise_dontfork_range_absent_in_child(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_PRIVATE);
	p[0] = 1;
	assert_ok(madvise(p, page(), MADV_DONTFORK));
	pid_t pid = conf_fork();
	if (pid == 0) {
		unsigned char v;
		child_check_errno(mincore(p, page(), &v), ENOMEM);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(p[0], 1);
	assert_ok(munmap(p, page()));
}

static void madvise_wipeonfork_child_sees_zero(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_PRIVATE);
	p[0] = 5;
	assert_ok(madvise(p, page(), MADV_WIPEONFORK));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(p[0] == 0);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(p[0], 5);
	assert_ok(munmap(p, page()));
}

static void madvise_wipeonfork_on_shared_fails_einval(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_SHARED);
	assert_errno(madvise(p, page(), MADV_WIPEONFORK), EINVAL);
	assert_ok(munmap(p, page()));
}

static void mincore_reports_touched_page_resident_dropped_not(void **state)
{
	(void)state;
	unsigned char v[2] = { 0xff, 0xff };
	char *p = anon(2 * page(), MAP_PRIVATE);
	p[0] = 1;
	p[page()] = 1;
	/* Dropped private anonymous memory has no page until touched again
	 * (untouched memory might be filled by a large folio fault). */
	assert_ok(madvise(p + page(), page(), MADV_DONTNEED));
	assert_ok(mincore(p, 2 * page(), v));
	assert_int_equal(v[0] & 1, 1);
	assert_int_equal(v[1] & 1, 0);
	assert_ok(munmap(p, 2 * page()));
}

static void mincore_unmapped_range_fails_enomem(void **state)
{
	(void)state;
	unsigned char v;
	char *p = anon(page(), MAP_PRIVATE);
	assert_ok(munmap(p, page()));
	assert_errno(mincore(p, page(), &v), ENOMEM);
}

static void mincore_unaligned_address_fails_einval(void **state)
{
	(void)state;
	unsigned char v;
	char *p = anon(page(), MAP_PRIVATE);
	assert_errno(mincore(p + 1, 1, &v), EINVAL);
	assert_ok(munmap(p, page()));
}

static void mincore_bad_vector_pointer_fails_efault(void **state)
{
	(void)state;
	char *p = anon(page(), MAP_PRIVATE);
	p[0] = 1;
	assert_errno(syscall(SYS_mincore, p, page(), CONF_BAD_PTR), EFAULT);
	assert_ok(munmap(p, page()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(madvise_dontneed_zeroes_private_anonymous),
		cmocka_unit_test(madvise_dontneed_shared_file_keeps_data),
		cmocka_unit_test(madvise_dontneed_private_file_reverts_to_file),
		cmocka_unit_test(madvise_willneed_succeeds),
		cmocka_unit_test(madvise_invalid_advice_fails_einval),
		cmocka_unit_test(madvise_unaligned_address_fails_einval),
		cmocka_unit_test(madvise_unmapped_range_fails_enomem),
		cmocka_unit_test(madvise_dontfork_range_absent_in_child),
		cmocka_unit_test(madvise_wipeonfork_child_sees_zero),
		cmocka_unit_test(madvise_wipeonfork_on_shared_fails_einval),
		cmocka_unit_test(mincore_reports_touched_page_resident_dropped_not),
		cmocka_unit_test(mincore_unmapped_range_fails_enomem),
		cmocka_unit_test(mincore_unaligned_address_fails_einval),
		cmocka_unit_test(mincore_bad_vector_pointer_fails_efault),
	};
	return conf_run(tests);
}
