/* Conformance: EFAULT for bad user pointers — paths, buffers, structs and
 * iovec arrays that point at unmapped memory.  Raw syscalls throughout: the
 * libc wrappers may touch the memory themselves and crash first. */
#include "fs_common.h"

#include <sys/statfs.h>

/* Both below mmap_min_addr, so never mapped. */
static void *volatile bad_one_ = (void *)1;
#define BAD_ONE (bad_one_)
#define BAD CONF_BAD_PTR

static void open_path_at_address_one_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_open, BAD_ONE, O_RDONLY), EFAULT);
}

static void openat_bad_path_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY), EFAULT);
}

static void open_creat_bad_path_creates_nothing(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_openat, AT_FDCWD, BAD, O_CREAT | O_WRONLY, 0644), EFAULT);
	DIR *d = opendir(".");
	assert_non_null(d);
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	assert_int_equal(n, 2);
}

static void stat_bad_path_fails_efault(void **state)
{
	(void)state;
	struct stat st;
	assert_errno(syscall(SYS_newfstatat, AT_FDCWD, BAD, &st, 0), EFAULT);
}

static void stat_bad_buffer_fails_efault(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(syscall(SYS_newfstatat, AT_FDCWD, "f", BAD, 0), EFAULT);
}

static void fstat_bad_buffer_fails_efault(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(syscall(SYS_fstat, fd, BAD), EFAULT);
	close(fd);
}

static void statx_bad_buffer_fails_efault(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(syscall(SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC_STATS, BAD),
		     EFAULT);
}

static void read_into_bad_buffer_fails_efault(void **state)
{
	(void)state;
	conf_write_file("f", "data");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(syscall(SYS_read, fd, BAD, 4), EFAULT);
	close(fd);
}

static void write_from_bad_buffer_fails_efault(void **state)
{
	(void)state;
	struct stat st;
	int fd = (int)assert_ok(open("f", O_WRONLY | O_CREAT, 0644));
	assert_errno(syscall(SYS_write, fd, BAD, 4), EFAULT);
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 0);
	close(fd);
}

static void readv_bad_iovec_array_fails_efault(void **state)
{
	(void)state;
	conf_write_file("f", "data");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(syscall(SYS_readv, fd, BAD, 2), EFAULT);
	close(fd);
}

static void readv_iovec_with_bad_base_fails_efault(void **state)
{
	(void)state;
	struct iovec iov = { BAD, 4 };
	conf_write_file("f", "data");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(syscall(SYS_readv, fd, &iov, 1), EFAULT);
	close(fd);
}

static void readlink_bad_buffer_fails_efault(void **state)
{
	(void)state;
	assert_ok(symlink("target", "l"));
	assert_errno(syscall(SYS_readlink, "l", BAD, 16), EFAULT);
}

static void getcwd_bad_buffer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_getcwd, BAD, PATH_MAX), EFAULT);
}

static void mkdir_bad_path_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_mkdir, BAD, 0755), EFAULT);
}

static void unlink_bad_path_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_unlink, BAD), EFAULT);
}

static void rename_bad_new_path_fails_efault(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(syscall(SYS_rename, "f", BAD), EFAULT);
	assert_true(conf_exists("f"));
}

static void symlink_bad_target_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_symlink, BAD, "l"), EFAULT);
	assert_false(conf_exists("l"));
}

static void chdir_bad_path_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_chdir, BAD), EFAULT);
}

static void access_bad_path_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_access, BAD, F_OK), EFAULT);
}

static void getdents64_bad_buffer_fails_efault(void **state)
{
	(void)state;
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	assert_errno(syscall(SYS_getdents64, fd, BAD, 4096), EFAULT);
	close(fd);
}

static void utimensat_bad_times_fails_efault(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(syscall(SYS_utimensat, AT_FDCWD, "f", BAD, 0), EFAULT);
}

static void statfs_bad_buffer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_statfs, ".", BAD), EFAULT);
}

static void truncate_bad_path_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_truncate, BAD, 0), EFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(open_path_at_address_one_fails_efault),
		conf_case(openat_bad_path_fails_efault),
		conf_case(open_creat_bad_path_creates_nothing),
		conf_case(stat_bad_path_fails_efault),
		conf_case(stat_bad_buffer_fails_efault),
		conf_case(fstat_bad_buffer_fails_efault),
		conf_case(statx_bad_buffer_fails_efault),
		conf_case(read_into_bad_buffer_fails_efault),
		conf_case(write_from_bad_buffer_fails_efault),
		conf_case(readv_bad_iovec_array_fails_efault),
		conf_case(readv_iovec_with_bad_base_fails_efault),
		conf_case(readlink_bad_buffer_fails_efault),
		conf_case(getcwd_bad_buffer_fails_efault),
		conf_case(mkdir_bad_path_fails_efault),
		conf_case(unlink_bad_path_fails_efault),
		conf_case(rename_bad_new_path_fails_efault),
		conf_case(symlink_bad_target_fails_efault),
		conf_case(chdir_bad_path_fails_efault),
		conf_case(access_bad_path_fails_efault),
		conf_case(getdents64_bad_buffer_fails_efault),
		conf_case(utimensat_bad_times_fails_efault),
		conf_case(statfs_bad_buffer_fails_efault),
		conf_case(truncate_bad_path_fails_efault),
	};
	return conf_run(tests);
}
