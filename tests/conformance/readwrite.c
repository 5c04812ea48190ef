/* Conformance: read(2), write(2), pread(2), pwrite(2), readv(2), writev(2),
 * preadv(2) — offsets, short reads, access-mode errors. */
#include "fs_common.h"

static int open_with(const char *data, int flags)
{
	conf_write_file("f", data);
	return (int)assert_ok(open("f", flags));
}

static void read_returns_bytes_written(void **state)
{
	(void)state;
	char buf[16] = { 0 };
	int fd = open_with("hello", O_RDONLY);
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf)), 5);
	assert_string_equal(buf, "hello");
	close(fd);
}

static void read_advances_file_offset(void **state)
{
	(void)state;
	char buf[4] = { 0 };
	int fd = open_with("abcdef", O_RDONLY);
	assert_int_equal(assert_ok(read(fd, buf, 3)), 3);
	assert_int_equal(assert_ok(read(fd, buf, 3)), 3);
	assert_memory_equal(buf, "def", 3);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 6);
	close(fd);
}

static void read_at_eof_returns_zero(void **state)
{
	(void)state;
	char buf[4];
	int fd = open_with("ab", O_RDONLY);
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf)), 2);
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf)), 0);
	close(fd);
}

static void read_zero_count_returns_zero(void **state)
{
	(void)state;
	char buf[1];
	int fd = open_with("ab", O_RDONLY);
	assert_int_equal(assert_ok(read(fd, buf, 0)), 0);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 0);
	close(fd);
}

static void read_on_write_only_fd_fails_ebadf(void **state)
{
	(void)state;
	char buf[4];
	int fd = open_with("ab", O_WRONLY);
	assert_errno(read(fd, buf, sizeof buf), EBADF);
	close(fd);
}

static void write_on_read_only_fd_fails_ebadf(void **state)
{
	(void)state;
	int fd = open_with("ab", O_RDONLY);
	assert_errno(write(fd, "x", 1), EBADF);
	close(fd);
}

static void read_directory_fails_eisdir(void **state)
{
	(void)state;
	char buf[16];
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	assert_errno(read(fd, buf, sizeof buf), EISDIR);
	close(fd);
}

static void pread_does_not_move_offset(void **state)
{
	(void)state;
	char buf[4] = { 0 };
	int fd = open_with("0123456789", O_RDONLY);
	assert_int_equal(assert_ok(pread(fd, buf, 3, 4)), 3);
	assert_string_equal(buf, "456");
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 0);
	close(fd);
}

static void pwrite_does_not_move_offset(void **state)
{
	(void)state;
	int fd = open_with("0123456789", O_RDWR);
	assert_int_equal(assert_ok(pwrite(fd, "xy", 2, 3)), 2);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 0);
	close(fd);
	assert_file_contents("f", "012xy56789");
}

static void pread_negative_offset_fails_einval(void **state)
{
	(void)state;
	char buf[4];
	int fd = open_with("ab", O_RDONLY);
	assert_errno(pread(fd, buf, 1, -1), EINVAL);
	close(fd);
}

static void pread_past_eof_returns_zero(void **state)
{
	(void)state;
	char buf[4];
	int fd = open_with("ab", O_RDONLY);
	assert_int_equal(assert_ok(pread(fd, buf, sizeof buf, 100)), 0);
	close(fd);
}

static void pwrite_beyond_eof_fills_gap_with_zeros(void **state)
{
	(void)state;
	char buf[8];
	struct stat st;
	int fd = open_with("ab", O_RDWR);
	assert_int_equal(assert_ok(pwrite(fd, "z", 1, 5)), 1);
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 6);
	assert_int_equal(assert_ok(pread(fd, buf, sizeof buf, 0)), 6);
	assert_memory_equal(buf, "ab\0\0\0z", 6);
	close(fd);
}

static void pwrite_with_o_append_appends(void **state)
{
	(void)state;
	/* pwrite(2) BUGS: on Linux, O_APPEND makes pwrite ignore the offset. */
	int fd = open_with("abc", O_WRONLY | O_APPEND);
	assert_int_equal(assert_ok(pwrite(fd, "Z", 1, 0)), 1);
	close(fd);
	assert_file_contents("f", "abcZ");
}

static void pread_on_pipe_fails_espipe(void **state)
{
	(void)state;
	int p[2];
	char buf[4];
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "ab", 2)), 2);
	assert_errno(pread(p[0], buf, 2, 0), ESPIPE);
	assert_errno(pwrite(p[1], "x", 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);
}

static void readv_scatters_in_order(void **state)
{
	(void)state;
	char a[3] = { 0 }, b[5] = { 0 };
	struct iovec iov[2] = { { a, 2 }, { b, 4 } };
	int fd = open_with("abcdefgh", O_RDONLY);
	assert_int_equal(assert_ok(readv(fd, iov, 2)), 6);
	assert_string_equal(a, "ab");
	assert_string_equal(b, "cdef");
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 6);
	close(fd);
}

static void readv_short_file_fills_first_buffers(void **state)
{
	(void)state;
	char a[4] = { 0 }, b[4] = { 0 };
	struct iovec iov[2] = { { a, 3 }, { b, 3 } };
	int fd = open_with("abcd", O_RDONLY);
	assert_int_equal(assert_ok(readv(fd, iov, 2)), 4);
	assert_string_equal(a, "abc");
	assert_string_equal(b, "d");
	close(fd);
}

static void writev_gathers_in_order(void **state)
{
	(void)state;
	struct iovec iov[3] = { { "one ", 4 }, { "", 0 }, { "two", 3 } };
	int fd = open_with("", O_WRONLY);
	assert_int_equal(assert_ok(writev(fd, iov, 3)), 7);
	close(fd);
	assert_file_contents("f", "one two");
}

static void readv_too_many_iovecs_fails_einval(void **state)
{
	(void)state;
	static char byte;
	static struct iovec iov[IOV_MAX + 1];
	for (size_t i = 0; i < sizeof iov / sizeof iov[0]; i++)
		iov[i] = (struct iovec){ &byte, 1 };
	int fd = open_with("ab", O_RDONLY);
	assert_errno(readv(fd, iov, IOV_MAX + 1), EINVAL);
	assert_errno(syscall(SYS_readv, fd, iov, -1), EINVAL);
	close(fd);
}

static void writev_zero_iovcnt_returns_zero(void **state)
{
	(void)state;
	struct iovec iov[1] = { { "x", 1 } };
	int fd = open_with("", O_WRONLY);
	assert_int_equal(assert_ok(writev(fd, iov, 0)), 0);
	close(fd);
	assert_file_contents("f", "");
}

static void preadv_reads_at_offset_without_moving(void **state)
{
	(void)state;
	char a[3] = { 0 }, b[3] = { 0 };
	struct iovec iov[2] = { { a, 2 }, { b, 2 } };
	int fd = open_with("0123456789", O_RDONLY);
	assert_int_equal(assert_ok(preadv(fd, iov, 2, 5)), 4);
	assert_string_equal(a, "56");
	assert_string_equal(b, "78");
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 0);
	close(fd);
}

static void pwritev_writes_at_offset(void **state)
{
	(void)state;
	struct iovec iov[2] = { { "AB", 2 }, { "C", 1 } };
	int fd = open_with("0123456789", O_RDWR);
	assert_int_equal(assert_ok(pwritev(fd, iov, 2, 7)), 3);
	close(fd);
	assert_file_contents("f", "0123456ABC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(read_returns_bytes_written),
		conf_case(read_advances_file_offset),
		conf_case(read_at_eof_returns_zero),
		conf_case(read_zero_count_returns_zero),
		conf_case(read_on_write_only_fd_fails_ebadf),
		conf_case(write_on_read_only_fd_fails_ebadf),
		conf_case(read_directory_fails_eisdir),
		conf_case(pread_does_not_move_offset),
		conf_case(pwrite_does_not_move_offset),
		conf_case(pread_negative_offset_fails_einval),
		conf_case(pread_past_eof_returns_zero),
		conf_case(pwrite_beyond_eof_fills_gap_with_zeros),
		conf_case(pwrite_with_o_append_appends),
		conf_case(pread_on_pipe_fails_espipe),
		conf_case(readv_scatters_in_order),
		conf_case(readv_short_file_fills_first_buffers),
		conf_case(writev_gathers_in_order),
		conf_case(readv_too_many_iovecs_fails_einval),
		conf_case(writev_zero_iovcnt_returns_zero),
		conf_case(preadv_reads_at_offset_without_moving),
		conf_case(pwritev_writes_at_offset),
	};
	return conf_run(tests);
}
