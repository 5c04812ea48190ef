/* Conformance: EBADF for descriptors that are closed, negative or beyond
 * the table, across the fd-taking calls of the file families. */
#include "fs_common.h"

#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/statfs.h>
#include <sys/xattr.h>

/* A descriptor number that was valid a moment ago and is now closed. */
static int closed_fd(void)
{
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDWR));
	assert_ok(close(fd));
	return fd;
}

static void read_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	char c;
	assert_errno(read(closed_fd(), &c, 1), EBADF);
}

static void write_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(write(closed_fd(), "x", 1), EBADF);
}

static void pread_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	char c;
	assert_errno(pread(closed_fd(), &c, 1, 0), EBADF);
}

static void fstat_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	struct stat st;
	assert_errno(fstat(closed_fd(), &st), EBADF);
}

static void lseek_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(lseek(closed_fd(), 0, SEEK_SET), EBADF);
}

static void fsync_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fsync(closed_fd()), EBADF);
	assert_errno(fdatasync(closed_fd()), EBADF);
}

static void ftruncate_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(ftruncate(closed_fd(), 0), EBADF);
}

static void fchmod_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fchmod(closed_fd(), 0600), EBADF);
}

static void fchown_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fchown(closed_fd(), geteuid(), getegid()), EBADF);
}

static void fchdir_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fchdir(closed_fd()), EBADF);
}

static void getdents64_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	char buf[1024] __attribute__((aligned(8)));
	assert_errno(syscall(SYS_getdents64, closed_fd(), buf, sizeof buf), EBADF);
}

static void openat_closed_dirfd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(openat(closed_fd(), "f", O_RDONLY), EBADF);
}

static void dup_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(dup(closed_fd()), EBADF);
	assert_errno(dup2(closed_fd(), 100), EBADF);
}

static void fcntl_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fcntl(closed_fd(), F_GETFL), EBADF);
}

static void close_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(close(closed_fd()), EBADF);
}

static void mmap_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	errno = 0;
	void *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, closed_fd(), 0);
	assert_true(p == MAP_FAILED);
	assert_int_equal(errno, EBADF);
}

static void fstatfs_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	struct statfs sf;
	assert_errno(fstatfs(closed_fd(), &sf), EBADF);
}

static void flock_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(flock(closed_fd(), LOCK_SH), EBADF);
}

static void sendfile_closed_fds_fail_ebadf(void **state)
{
	(void)state;
	conf_write_file("g", "abc");
	int in = (int)assert_ok(open("g", O_RDONLY));
	int dead = closed_fd();
	assert_errno(sendfile(dead, in, NULL, 1), EBADF);
	assert_errno(sendfile(in, dead, NULL, 1), EBADF);
	close(in);
}

static void fgetxattr_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	char buf[8];
	assert_errno(fgetxattr(closed_fd(), "user.k", buf, sizeof buf), EBADF);
}

static void inotify_add_watch_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("g");
	assert_errno(inotify_add_watch(closed_fd(), "g", IN_MODIFY), EBADF);
}

static void negative_fd_fails_ebadf(void **state)
{
	(void)state;
	char c;
	struct stat st;
	assert_errno(read(-1, &c, 1), EBADF);
	assert_errno(fstat(-5, &st), EBADF);
	assert_errno(close(-1), EBADF);
}

static void fd_beyond_table_fails_ebadf(void **state)
{
	(void)state;
	char c;
	assert_errno(read(1 << 20, &c, 1), EBADF);
	assert_errno(write(INT_MAX, "x", 1), EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(read_closed_fd_fails_ebadf),
		conf_case(write_closed_fd_fails_ebadf),
		conf_case(pread_closed_fd_fails_ebadf),
		conf_case(fstat_closed_fd_fails_ebadf),
		conf_case(lseek_closed_fd_fails_ebadf),
		conf_case(fsync_closed_fd_fails_ebadf),
		conf_case(ftruncate_closed_fd_fails_ebadf),
		conf_case(fchmod_closed_fd_fails_ebadf),
		conf_case(fchown_closed_fd_fails_ebadf),
		conf_case(fchdir_closed_fd_fails_ebadf),
		conf_case(getdents64_closed_fd_fails_ebadf),
		conf_case(openat_closed_dirfd_fails_ebadf),
		conf_case(dup_closed_fd_fails_ebadf),
		conf_case(fcntl_closed_fd_fails_ebadf),
		conf_case(close_closed_fd_fails_ebadf),
		conf_case(mmap_closed_fd_fails_ebadf),
		conf_case(fstatfs_closed_fd_fails_ebadf),
		conf_case(flock_closed_fd_fails_ebadf),
		conf_case(sendfile_closed_fds_fail_ebadf),
		conf_case(fgetxattr_closed_fd_fails_ebadf),
		conf_case(inotify_add_watch_closed_fd_fails_ebadf),
		conf_case(negative_fd_fails_ebadf),
		conf_case(fd_beyond_table_fails_ebadf),
	};
	return conf_run(tests);
}
