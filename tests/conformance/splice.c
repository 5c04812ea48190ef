/* Conformance: splice(2), tee(2), vmsplice(2) — moving data between files
 * and pipes without a user-space copy. */
#include "fs_common.h"

static void make_pipe(int p[2])
{
	assert_ok(pipe(p));
}

static void close_pipe(int p[2])
{
	close(p[0]);
	close(p[1]);
}

static void splice_file_to_pipe(void **state)
{
	(void)state;
	int p[2];
	char buf[16] = { 0 };
	conf_write_file("f", "spliced");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	make_pipe(p);
	assert_int_equal(assert_ok(splice(fd, NULL, p[1], NULL, 7, 0)), 7);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 7);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 7);
	assert_string_equal(buf, "spliced");
	close_pipe(p);
	close(fd);
}

static void splice_pipe_to_file(void **state)
{
	(void)state;
	int p[2];
	int fd = (int)assert_ok(open("f", O_WRONLY | O_CREAT, 0644));
	make_pipe(p);
	assert_int_equal(assert_ok(write(p[1], "to-file", 7)), 7);
	assert_int_equal(assert_ok(splice(p[0], NULL, fd, NULL, 7, 0)), 7);
	close(fd);
	close_pipe(p);
	assert_file_contents("f", "to-file");
}

static void splice_with_file_offset_leaves_fd_offset(void **state)
{
	(void)state;
	int p[2];
	char buf[8] = { 0 };
	loff_t off = 3;
	conf_write_file("f", "0123456789");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	make_pipe(p);
	assert_int_equal(assert_ok(splice(fd, &off, p[1], NULL, 4, 0)), 4);
	assert_int_equal(off, 7);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 0);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 4);
	assert_string_equal(buf, "3456");
	close_pipe(p);
	close(fd);
}

static void splice_between_files_fails_einval(void **state)
{
	(void)state;
	conf_write_file("a", "abc");
	int in = (int)assert_ok(open("a", O_RDONLY));
	int out = (int)assert_ok(open("b", O_WRONLY | O_CREAT, 0644));
	assert_errno(splice(in, NULL, out, NULL, 3, 0), EINVAL);
	close(in);
	close(out);
}

static void splice_offset_on_pipe_fails_espipe(void **state)
{
	(void)state;
	int p[2];
	loff_t off = 0;
	int fd = (int)assert_ok(open("f", O_WRONLY | O_CREAT, 0644));
	make_pipe(p);
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	assert_errno(splice(p[0], &off, fd, NULL, 1, 0), ESPIPE);
	close(fd);
	close_pipe(p);
}

static void splice_nonblock_from_empty_pipe_fails_eagain(void **state)
{
	(void)state;
	int p[2];
	int fd = (int)assert_ok(open("f", O_WRONLY | O_CREAT, 0644));
	make_pipe(p);
	assert_errno(splice(p[0], NULL, fd, NULL, 1, SPLICE_F_NONBLOCK), EAGAIN);
	close(fd);
	close_pipe(p);
}

static void splice_from_file_at_eof_returns_zero(void **state)
{
	(void)state;
	int p[2];
	conf_write_file("f", "ab");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_END)), 2);
	make_pipe(p);
	assert_int_equal(assert_ok(splice(fd, NULL, p[1], NULL, 10, 0)), 0);
	close_pipe(p);
	close(fd);
}

static void splice_zero_length_returns_zero(void **state)
{
	(void)state;
	int p[2];
	conf_write_file("f", "ab");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	make_pipe(p);
	assert_int_equal(assert_ok(splice(fd, NULL, p[1], NULL, 0, 0)), 0);
	close_pipe(p);
	close(fd);
}

static void splice_to_append_file_fails_einval(void **state)
{
	(void)state;
	int p[2];
	int fd = (int)assert_ok(open("f", O_WRONLY | O_CREAT | O_APPEND, 0644));
	make_pipe(p);
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	assert_errno(splice(p[0], NULL, fd, NULL, 1, 0), EINVAL);
	close(fd);
	close_pipe(p);
}

static void splice_pipe_to_pipe(void **state)
{
	(void)state;
	int a[2], b[2];
	char buf[8] = { 0 };
	make_pipe(a);
	make_pipe(b);
	assert_int_equal(assert_ok(write(a[1], "p2p", 3)), 3);
	assert_int_equal(assert_ok(splice(a[0], NULL, b[1], NULL, 3, 0)), 3);
	assert_int_equal(assert_ok(read(b[0], buf, sizeof buf)), 3);
	assert_string_equal(buf, "p2p");
	close_pipe(a);
	close_pipe(b);
}

static void tee_duplicates_without_consuming(void **state)
{
	(void)state;
	int a[2], b[2];
	char buf[8] = { 0 };
	make_pipe(a);
	make_pipe(b);
	assert_int_equal(assert_ok(write(a[1], "tee", 3)), 3);
	assert_int_equal(assert_ok(tee(a[0], b[1], 3, 0)), 3);
	assert_int_equal(assert_ok(read(b[0], buf, sizeof buf)), 3);
	assert_string_equal(buf, "tee");
	memset(buf, 0, sizeof buf);
	assert_int_equal(assert_ok(read(a[0], buf, sizeof buf)), 3);
	assert_string_equal(buf, "tee");
	close_pipe(a);
	close_pipe(b);
}

static void tee_on_non_pipe_fails_einval(void **state)
{
	(void)state;
	int p[2];
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	make_pipe(p);
	assert_errno(tee(fd, p[1], 3, 0), EINVAL);
	close_pipe(p);
	close(fd);
}

static void tee_same_pipe_fails_einval(void **state)
{
	(void)state;
	int p[2];
	make_pipe(p);
	assert_int_equal(assert_ok(write(p[1], "x", 1)), 1);
	assert_errno(tee(p[0], p[1], 1, 0), EINVAL);
	close_pipe(p);
}

static void tee_nonblock_on_empty_pipe_fails_eagain(void **state)
{
	(void)state;
	int a[2], b[2];
	make_pipe(a);
	make_pipe(b);
	assert_errno(tee(a[0], b[1], 1, SPLICE_F_NONBLOCK), EAGAIN);
	close_pipe(a);
	close_pipe(b);
}

static void vmsplice_user_memory_into_pipe(void **state)
{
	(void)state;
	int p[2];
	char buf[8] = { 0 };
	static char data[] = "vmsp";
	struct iovec iov = { data, 4 };
	make_pipe(p);
	assert_int_equal(assert_ok(vmsplice(p[1], &iov, 1, 0)), 4);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 4);
	assert_string_equal(buf, "vmsp");
	close_pipe(p);
}

static void vmsplice_on_file_fails_ebadf(void **state)
{
	(void)state;
	static char data[] = "x";
	struct iovec iov = { data, 1 };
	int fd = (int)assert_ok(open("f", O_WRONLY | O_CREAT, 0644));
	assert_errno(vmsplice(fd, &iov, 1, 0), EBADF);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(splice_file_to_pipe),
		conf_case(splice_pipe_to_file),
		conf_case(splice_with_file_offset_leaves_fd_offset),
		conf_case(splice_between_files_fails_einval),
		conf_case(splice_offset_on_pipe_fails_espipe),
		conf_case(splice_nonblock_from_empty_pipe_fails_eagain),
		conf_case(splice_from_file_at_eof_returns_zero),
		conf_case(splice_zero_length_returns_zero),
		conf_case(splice_to_append_file_fails_einval),
		conf_case(splice_pipe_to_pipe),
		conf_case(tee_duplicates_without_consuming),
		conf_case(tee_on_non_pipe_fails_einval),
		conf_case(tee_same_pipe_fails_einval),
		conf_case(tee_nonblock_on_empty_pipe_fails_eagain),
		conf_case(vmsplice_user_memory_into_pipe),
		conf_case(vmsplice_on_file_fails_ebadf),
	};
	return conf_run(tests);
}
