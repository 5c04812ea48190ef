/* Conformance: mmap(2) and munmap(2) on anonymous memory and files: zero
 * fill, MAP_SHARED versus MAP_PRIVATE (across fork and against read/write),
 * offsets, MAP_FIXED, MAP_FIXED_NOREPLACE, SIGBUS past end of file and the
 * argument errors. */
#include "proc_common.h"

#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static long page(void)
{
	return sysconf(_SC_PAGESIZE);
}

/* A scratch file of N pages, page i filled with 'a' + i. */
static int make_file(const char *name, int pages)
{
	int fd = (int)assert_ok(open(name, O_RDWR | O_CREAT | O_TRUNC, 0600));
	char *buf = malloc((size_t)page());
	assert_non_null(buf);
	for (int i = 0; i < pages; i++) {
		memset(buf, 'a' + i, (size_t)page());
		assert_int_equal(assert_ok(write(fd, buf, (size_t)page())), page());
	}
	free(buf);
	return fd;
}

static void mmap_anonymous_is_zero_filled(void **state)
{
	(void)state;
	size_t len = 4 * (size_t)page();
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal((uintptr_t)p % (uintptr_t)page(), 0);
	for (size_t i = 0; i < len; i++)
		if (p[i] != 0)
			fail_msg("byte %zu is %d", i, p[i]);
	assert_ok(munmap(p, len));
}

static void mmap_shared_anonymous_visible_across_fork(void **state)
{
	(void)state;
	volatile int *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	pid_t pid = conf_fork();
	if (pid == 0) {
		*p = 1234;
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(*p, 1234);
	assert_ok(munmap((void *)p, (size_t)page()));
}

static void mmap_private_anonymous_not_visible_across_fork(void **state)
{
	(void)state;
	volatile int *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	*p = 1;
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(*p == 1);
		*p = 2;
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(*p, 1);
	assert_ok(munmap((void *)p, (size_t)page()));
}

static void mmap_shared_file_write_visible_via_read(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	int fd = make_file("f", 1);
	char *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	memcpy(p, "shared", 6);
	assert_int_equal(assert_ok(pread(fd, buf, 6, 0)), 6);
	assert_memory_equal(buf, "shared", 6);
	assert_ok(munmap(p, (size_t)page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_private_file_write_not_visible_via_read(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	int fd = make_file("f", 1);
	char *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	assert_true(p != MAP_FAILED);
	memcpy(p, "private", 7);
	assert_int_equal(assert_ok(pread(fd, buf, 7, 0)), 7);
	assert_memory_equal(buf, "aaaaaaa", 7);
	assert_ok(munmap(p, (size_t)page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_shared_file_sees_later_write(void **state)
{
	(void)state;
	int fd = make_file("f", 1);
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(assert_ok(pwrite(fd, "later", 5, 10)), 5);
	assert_memory_equal(p + 10, "later", 5);
	assert_ok(munmap(p, (size_t)page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_file_offset_maps_that_page(void **state)
{
	(void)state;
	int fd = make_file("f", 3);
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE, fd, 2 * page());
	assert_true(p != MAP_FAILED);
	assert_int_equal(p[0], 'c');
	assert_int_equal(p[page() - 1], 'c');
	assert_ok(munmap(p, (size_t)page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_shared_file_survives_close(void **state)
{
	(void)state;
	char buf[4] = { 0 };
	int fd = make_file("f", 1);
	char *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	close(fd);
	memcpy(p, "late", 4);
	assert_ok(munmap(p, (size_t)page()));
	fd = (int)assert_ok(open("f", O_RDONLY));
	assert_int_equal(assert_ok(read(fd, buf, 4)), 4);
	assert_memory_equal(buf, "late", 4);
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_fixed_noreplace_existing_fails_eexist(void **state)
{
	(void)state;
	size_t len = 2 * (size_t)page();
	char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	void *q = mmap(p + page(), (size_t)page(), PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, EEXIST);
	assert_ok(munmap(p, len));
}

static void mmap_fixed_noreplace_free_range_succeeds(void **state)
{
	(void)state;
	size_t len = 2 * (size_t)page();
	char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_ok(munmap(p + page(), (size_t)page()));
	void *q = mmap(p + page(), (size_t)page(), PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	assert_ptr_equal(q, p + page());
	assert_ok(munmap(p, len));
}

static void mmap_fixed_replaces_existing_mapping(void **state)
{
	(void)state;
	char *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 'x';
	char *q = mmap(p, (size_t)page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	assert_ptr_equal(q, p);
	assert_int_equal(q[0], 0);
	assert_ok(munmap(p, (size_t)page()));
}

static void mmap_zero_length_fails_einval(void **state)
{
	(void)state;
	void *p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
}

static void mmap_unaligned_offset_fails_einval(void **state)
{
	(void)state;
	int fd = make_file("f", 2);
	void *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE, fd, 100);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_without_shared_or_private_fails_einval(void **state)
{
	(void)state;
	void *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_ANONYMOUS, -1, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
}

static void mmap_shared_write_on_readonly_fd_fails_eacces(void **state)
{
	(void)state;
	close(make_file("f", 1));
	int fd = (int)assert_ok(open("f", O_RDONLY));
	void *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EACCES);
	close(fd);
	assert_ok(unlink("f"));
}

static void mmap_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	int fd = make_file("f", 1);
	close(fd);
	void *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_SHARED, fd, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EBADF);
	assert_ok(unlink("f"));
}

static void mmap_directory_fails_enodev(void **state)
{
	(void)state;
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	void *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE, fd, 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, ENODEV);
	close(fd);
}

static void mmap_access_past_end_of_file_raises_sigbus(void **state)
{
	(void)state;
	int fd = make_file("f", 1);
	pid_t pid = conf_fork();
	if (pid == 0) {
		volatile char *p = mmap(NULL, 2 * (size_t)page(), PROT_READ, MAP_SHARED, fd, 0);
		child_check(p != MAP_FAILED);
		child_check(p[0] == 'a');
		(void)p[page()];
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGBUS);
	close(fd);
	assert_ok(unlink("f"));
}

static void munmap_then_access_raises_sigsegv(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		volatile char *p = mmap(NULL, (size_t)page(), PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		child_check(p != MAP_FAILED);
		p[0] = 1;
		child_check(munmap((void *)p, (size_t)page()) == 0);
		(void)p[0];
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
}

static void munmap_unaligned_address_fails_einval(void **state)
{
	(void)state;
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_errno(munmap(p + 1, 1), EINVAL);
	assert_ok(munmap(p, (size_t)page()));
}

static void munmap_middle_splits_mapping(void **state)
{
	(void)state;
	size_t len = 3 * (size_t)page();
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 1;
	p[2 * page()] = 3;
	assert_ok(munmap(p + page(), (size_t)page()));
	/* The outer pages stay; the hole is free for MAP_FIXED_NOREPLACE. */
	assert_int_equal(p[0], 1);
	assert_int_equal(p[2 * page()], 3);
	void *q = mmap(p + page(), (size_t)page(), PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	assert_ptr_equal(q, p + page());
	assert_ok(munmap(p, len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mmap_anonymous_is_zero_filled),
		cmocka_unit_test(mmap_shared_anonymous_visible_across_fork),
		cmocka_unit_test(mmap_private_anonymous_not_visible_across_fork),
		cmocka_unit_test(mmap_shared_file_write_visible_via_read),
		cmocka_unit_test(mmap_private_file_write_not_visible_via_read),
		cmocka_unit_test(mmap_shared_file_sees_later_write),
		cmocka_unit_test(mmap_file_offset_maps_that_page),
		cmocka_unit_test(mmap_shared_file_survives_close),
		cmocka_unit_test(mmap_fixed_noreplace_existing_fails_eexist),
		cmocka_unit_test(mmap_fixed_noreplace_free_range_succeeds),
		cmocka_unit_test(mmap_fixed_replaces_existing_mapping),
		cmocka_unit_test(mmap_zero_length_fails_einval),
		cmocka_unit_test(mmap_unaligned_offset_fails_einval),
		cmocka_unit_test(mmap_without_shared_or_private_fails_einval),
		cmocka_unit_test(mmap_shared_write_on_readonly_fd_fails_eacces),
		cmocka_unit_test(mmap_closed_fd_fails_ebadf),
		cmocka_unit_test(mmap_directory_fails_enodev),
		cmocka_unit_test(mmap_access_past_end_of_file_raises_sigbus),
		cmocka_unit_test(munmap_then_access_raises_sigsegv),
		cmocka_unit_test(munmap_unaligned_address_fails_einval),
		cmocka_unit_test(munmap_middle_splits_mapping),
	};
	return conf_run(tests);
}
