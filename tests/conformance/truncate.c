/* Conformance: truncate(2), ftruncate(2), fallocate(2). */
#include "fs_common.h"

static off_t size_of(const char *path)
{
	struct stat st;
	assert_ok(stat(path, &st));
	return st.st_size;
}

static void truncate_shrinks_file(void **state)
{
	(void)state;
	conf_write_file("f", "0123456789");
	assert_ok(truncate("f", 4));
	assert_file_contents("f", "0123");
}

static void truncate_extends_with_zeros(void **state)
{
	(void)state;
	char buf[8];
	conf_write_file("f", "ab");
	assert_ok(truncate("f", 6));
	assert_int_equal(size_of("f"), 6);
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf)), 6);
	assert_memory_equal(buf, "ab\0\0\0\0", 6);
	close(fd);
}

static void truncate_negative_length_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(truncate("f", -1), EINVAL);
}

static void truncate_directory_fails_eisdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(truncate("d", 0), EISDIR);
}

static void truncate_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(truncate("missing", 0), ENOENT);
}

static void truncate_readonly_file_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	conf_write_file("f", "abc");
	assert_ok(chmod("f", 0444));
	assert_errno(truncate("f", 0), EACCES);
}

static void truncate_follows_symlink(void **state)
{
	(void)state;
	conf_write_file("f", "abcdef");
	assert_ok(symlink("f", "l"));
	assert_ok(truncate("l", 2));
	assert_int_equal(size_of("f"), 2);
}

static void ftruncate_read_only_fd_fails_einval(void **state)
{
	(void)state;
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(ftruncate(fd, 0), EINVAL);
	close(fd);
}

static void ftruncate_o_path_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_errno(ftruncate(fd, 0), EBADF);
	close(fd);
}

static void ftruncate_pipe_fails_einval(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	assert_errno(ftruncate(p[1], 0), EINVAL);
	close(p[0]);
	close(p[1]);
}

static void ftruncate_keeps_file_offset(void **state)
{
	(void)state;
	conf_write_file("f", "0123456789");
	int fd = (int)assert_ok(open("f", O_RDWR));
	assert_int_equal(assert_ok(lseek(fd, 8, SEEK_SET)), 8);
	assert_ok(ftruncate(fd, 2));
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 8);
	assert_int_equal(assert_ok(write(fd, "x", 1)), 1);
	close(fd);
	assert_int_equal(size_of("f"), 9);
}

static void fallocate_extends_size(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDWR));
	if (fallocate(fd, 0, 0, 8192) == -1 && errno == EOPNOTSUPP)
		skip_because("the file system has no fallocate");
	assert_int_equal(size_of("f"), 8192);
	close(fd);
}

static void fallocate_keep_size_keeps_size(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_RDWR));
	if (fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 65536) == -1 && errno == EOPNOTSUPP)
		skip_because("the file system has no fallocate");
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 3);
	assert_true(st.st_blocks * 512 >= 65536);
	close(fd);
}

static void fallocate_punch_hole_zeroes_range(void **state)
{
	(void)state;
	char buf[16384];
	memset(buf, 'p', sizeof buf);
	int fd = (int)assert_ok(open("f", O_RDWR | O_CREAT, 0644));
	assert_int_equal(assert_ok(write(fd, buf, sizeof buf)), sizeof buf);
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096) == -1 &&
	    errno == EOPNOTSUPP)
		skip_because("the file system cannot punch holes");
	assert_int_equal(assert_ok(pread(fd, buf, sizeof buf, 0)), sizeof buf);
	assert_int_equal(buf[4095], 'p');
	assert_int_equal(buf[4096], 0);
	assert_int_equal(buf[8191], 0);
	assert_int_equal(buf[8192], 'p');
	assert_int_equal(size_of("f"), sizeof buf);
	close(fd);
}

static void fallocate_punch_hole_without_keep_size_fails_eopnotsupp(void **state)
{
	(void)state;
	conf_write_file("f", "abcdef");
	int fd = (int)assert_ok(open("f", O_RDWR));
	assert_errno(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 2), EOPNOTSUPP);
	close(fd);
}

static void fallocate_zero_length_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDWR));
	assert_errno(fallocate(fd, 0, 0, 0), EINVAL);
	assert_errno(fallocate(fd, 0, -1, 10), EINVAL);
	close(fd);
}

static void fallocate_read_only_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(fallocate(fd, 0, 0, 10), EBADF);
	close(fd);
}

static void fallocate_pipe_fails_espipe(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	assert_errno(fallocate(p[1], 0, 0, 10), ESPIPE);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(truncate_shrinks_file),
		conf_case(truncate_extends_with_zeros),
		conf_case(truncate_negative_length_fails_einval),
		conf_case(truncate_directory_fails_eisdir),
		conf_case(truncate_missing_fails_enoent),
		conf_case(truncate_readonly_file_fails_eacces),
		conf_case(truncate_follows_symlink),
		conf_case(ftruncate_read_only_fd_fails_einval),
		conf_case(ftruncate_o_path_fd_fails_ebadf),
		conf_case(ftruncate_pipe_fails_einval),
		conf_case(ftruncate_keeps_file_offset),
		conf_case(fallocate_extends_size),
		conf_case(fallocate_keep_size_keeps_size),
		conf_case(fallocate_punch_hole_zeroes_range),
		conf_case(fallocate_punch_hole_without_keep_size_fails_eopnotsupp),
		conf_case(fallocate_zero_length_fails_einval),
		conf_case(fallocate_read_only_fd_fails_ebadf),
		conf_case(fallocate_pipe_fails_espipe),
	};
	return conf_run(tests);
}
