/* Conformance: msync(2): writing a shared file mapping back, flag rules and
 * range errors. */
#include "proc_common.h"

#include <sys/mman.h>

static size_t page(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

struct fmap {
	int fd;
	char *p;
};

static struct fmap map_file(int flags)
{
	struct fmap m;
	m.fd = (int)assert_ok(open("f", O_RDWR | O_CREAT | O_TRUNC, 0600));
	assert_ok(ftruncate(m.fd, (off_t)page()));
	m.p = mmap(NULL, page(), PROT_READ | PROT_WRITE, flags, m.fd, 0);
	assert_true(m.p != MAP_FAILED);
	return m;
}

static void unmap_file(struct fmap *m)
{
	assert_ok(munmap(m->p, page()));
	close(m->fd);
	assert_ok(unlink("f"));
}

static void msync_sync_writes_shared_mapping_to_file(void **state)
{
	(void)state;
	char buf[6] = { 0 };
	struct fmap m = map_file(MAP_SHARED);
	memcpy(m.p, "synced", 6);
	assert_int_equal(assert_ok(msync(m.p, page(), MS_SYNC)), 0);
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_int_equal(assert_ok(read(fd, buf, 6)), 6);
	assert_memory_equal(buf, "synced", 6);
	close(fd);
	unmap_file(&m);
}

static void msync_async_succeeds(void **state)
{
	(void)state;
	struct fmap m = map_file(MAP_SHARED);
	m.p[0] = 'a';
	assert_int_equal(assert_ok(msync(m.p, page(), MS_ASYNC)), 0);
	unmap_file(&m);
}

static void msync_invalidate_succeeds(void **state)
{
	(void)state;
	struct fmap m = map_file(MAP_SHARED);
	assert_int_equal(assert_ok(msync(m.p, page(), MS_INVALIDATE)), 0);
	unmap_file(&m);
}

static void msync_private_mapping_does_not_write_back(void **state)
{
	(void)state;
	char c = 'x';
	struct fmap m = map_file(MAP_PRIVATE);
	m.p[0] = 'p';
	assert_ok(msync(m.p, page(), MS_SYNC));
	assert_int_equal(assert_ok(pread(m.fd, &c, 1, 0)), 1);
	assert_int_equal(c, 0);
	unmap_file(&m);
}

static void msync_sync_and_async_together_fail_einval(void **state)
{
	(void)state;
	struct fmap m = map_file(MAP_SHARED);
	assert_errno(msync(m.p, page(), MS_SYNC | MS_ASYNC), EINVAL);
	unmap_file(&m);
}

static void msync_unknown_flag_fails_einval(void **state)
{
	(void)state;
	struct fmap m = map_file(MAP_SHARED);
	assert_errno(msync(m.p, page(), 0x100), EINVAL);
	unmap_file(&m);
}

static void msync_unaligned_address_fails_einval(void **state)
{
	(void)state;
	struct fmap m = map_file(MAP_SHARED);
	assert_errno(msync(m.p + 1, 10, MS_SYNC), EINVAL);
	unmap_file(&m);
}

static void msync_unmapped_range_fails_enomem(void **state)
{
	(void)state;
	char *p = mmap(NULL, page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_ok(munmap(p, page()));
	assert_errno(msync(p, page(), MS_SYNC), ENOMEM);
}

static void msync_anonymous_mapping_succeeds(void **state)
{
	(void)state;
	char *p = mmap(NULL, page(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	p[0] = 1;
	assert_int_equal(assert_ok(msync(p, page(), MS_SYNC)), 0);
	assert_ok(munmap(p, page()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(msync_sync_writes_shared_mapping_to_file),
		cmocka_unit_test(msync_async_succeeds),
		cmocka_unit_test(msync_invalidate_succeeds),
		cmocka_unit_test(msync_private_mapping_does_not_write_back),
		cmocka_unit_test(msync_sync_and_async_together_fail_einval),
		cmocka_unit_test(msync_unknown_flag_fails_einval),
		cmocka_unit_test(msync_unaligned_address_fails_einval),
		cmocka_unit_test(msync_unmapped_range_fails_enomem),
		cmocka_unit_test(msync_anonymous_mapping_succeeds),
	};
	return conf_run(tests);
}
