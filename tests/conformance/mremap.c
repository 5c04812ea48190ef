/* Conformance: mremap(2): growing with MREMAP_MAYMOVE, shrinking,
 * MREMAP_FIXED, MREMAP_DONTUNMAP, file mappings and argument errors. */
#include "proc_common.h"

#include <sys/mman.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

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

/* Whether the page at P is mapped, asked through mincore(2). */
static bool mapped(void *p)
{
	unsigned char v;
	return mincore(p, page(), &v) == 0;
}

static void mremap_maymove_grow_keeps_contents(void **state)
{
	(void)state;
	char *p = anon(page());
	memset(p, 'k', page());
	char *q = mremap(p, page(), 4 * page(), MREMAP_MAYMOVE);
	assert_true(q != MAP_FAILED);
	for (size_t i = 0; i < page(); i++)
		if (q[i] != 'k')
			fail_msg("byte %zu lost", i);
	for (size_t i = page(); i < 4 * page(); i++)
		if (q[i] != 0)
			fail_msg("new byte %zu not zero", i);
	assert_ok(munmap(q, 4 * page()));
}

static void mremap_shrink_keeps_address_and_unmaps_tail(void **state)
{
	(void)state;
	char *p = anon(4 * page());
	p[0] = 's';
	char *q = mremap(p, 4 * page(), page(), 0);
	assert_ptr_equal(q, p);
	assert_int_equal(q[0], 's');
	assert_true(mapped(p));
	assert_false(mapped(p + page()));
	assert_ok(munmap(q, page()));
}

static void mremap_grow_blocked_without_maymove_fails_enomem(void **state)
{
	(void)state;
	char *p = anon(2 * page());
	/* Different protections split the range into two mappings, so the
	 * first cannot grow in place. */
	assert_ok(mprotect(p + page(), page(), PROT_READ));
	void *q = mremap(p, page(), 2 * page(), 0);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, ENOMEM);
	assert_ok(munmap(p, 2 * page()));
}

static void mremap_fixed_moves_to_given_address(void **state)
{
	(void)state;
	char *p = anon(page());
	char *target = anon(2 * page());
	p[0] = 'm';
	char *q = mremap(p, page(), page(), MREMAP_MAYMOVE | MREMAP_FIXED, target + page());
	assert_ptr_equal(q, target + page());
	assert_int_equal(q[0], 'm');
	assert_false(mapped(p));
	assert_ok(munmap(target, 2 * page()));
}

static void mremap_fixed_without_maymove_fails_einval(void **state)
{
	(void)state;
	char *p = anon(page());
	char *target = anon(page());
	void *q = mremap(p, page(), page(), MREMAP_FIXED, target);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_ok(munmap(p, page()));
	assert_ok(munmap(target, page()));
}

static void mremap_dontunmap_leaves_empty_old_range(void **state)
{
	(void)state;
	char *p = anon(page());
	p[0] = 'd';
	/* Pass new_address: the kernel reads it for MREMAP_DONTUNMAP too, and
	 * glibc forwards whatever is in the register otherwise. */
	char *q = mremap(p, page(), page(), MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	if (q == MAP_FAILED && errno == EINVAL)
		skip_because("MREMAP_DONTUNMAP is not supported here");
	assert_true(q != MAP_FAILED);
	assert_ptr_not_equal(q, p);
	assert_int_equal(q[0], 'd');
	/* The old private anonymous range stays mapped, with no pages. */
	assert_true(mapped(p));
	assert_int_equal(p[0], 0);
	assert_ok(munmap(p, page()));
	assert_ok(munmap(q, page()));
}

static void mremap_unaligned_address_fails_einval(void **state)
{
	(void)state;
	char *p = anon(page());
	void *q = mremap(p + 1, 10, 20, MREMAP_MAYMOVE);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_ok(munmap(p, page()));
}

static void mremap_unmapped_address_fails_efault(void **state)
{
	(void)state;
	char *p = anon(page());
	assert_ok(munmap(p, page()));
	void *q = mremap(p, page(), 2 * page(), MREMAP_MAYMOVE);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, EFAULT);
}

static void mremap_zero_new_size_fails_einval(void **state)
{
	(void)state;
	char *p = anon(page());
	void *q = mremap(p, page(), 0, MREMAP_MAYMOVE);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_ok(munmap(p, page()));
}

static void mremap_invalid_flags_fail_einval(void **state)
{
	(void)state;
	char *p = anon(page());
	void *q = mremap(p, page(), page(), 0x80);
	assert_true(q == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	assert_ok(munmap(p, page()));
}

static void mremap_file_mapping_grows_over_file(void **state)
{
	(void)state;
	char *buf = malloc(2 * page());
	assert_non_null(buf);
	memset(buf, 'a', page());
	memset(buf + page(), 'b', page());
	int fd = (int)assert_ok(open("f", O_RDWR | O_CREAT | O_TRUNC, 0600));
	assert_int_equal(assert_ok(write(fd, buf, 2 * page())), 2 * page());
	free(buf);
	char *p = mmap(NULL, page(), PROT_READ, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	char *q = mremap(p, page(), 2 * page(), MREMAP_MAYMOVE);
	assert_true(q != MAP_FAILED);
	assert_int_equal(q[0], 'a');
	assert_int_equal(q[page()], 'b');
	assert_ok(munmap(q, 2 * page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void mremap_shared_anon_alias_with_zero_old_size(void **state)
{
	(void)state;
	char *p = mmap(NULL, page(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	/* mremap(2): old_size 0 on a shared mapping makes a second mapping
	 * of the same pages. */
	char *q = mremap(p, 0, page(), MREMAP_MAYMOVE);
	assert_true(q != MAP_FAILED);
	assert_ptr_not_equal(q, p);
	p[3] = 'z';
	assert_int_equal(q[3], 'z');
	assert_ok(munmap(p, page()));
	assert_ok(munmap(q, page()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mremap_maymove_grow_keeps_contents),
		cmocka_unit_test(mremap_shrink_keeps_address_and_unmaps_tail),
		cmocka_unit_test(mremap_grow_blocked_without_maymove_fails_enomem),
		cmocka_unit_test(mremap_fixed_moves_to_given_address),
		cmocka_unit_test(mremap_fixed_without_maymove_fails_einval),
		cmocka_unit_test(mremap_dontunmap_leaves_empty_old_range),
		cmocka_unit_test(mremap_unaligned_address_fails_einval),
		cmocka_unit_test(mremap_unmapped_address_fails_efault),
		cmocka_unit_test(mremap_zero_new_size_fails_einval),
		cmocka_unit_test(mremap_invalid_flags_fail_einval),
		cmocka_unit_test(mremap_file_mapping_grows_over_file),
		cmocka_unit_test(mremap_shared_anon_alias_with_zero_old_size),
	};
	return conf_run(tests);
}
