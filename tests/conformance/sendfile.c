/* Conformance: sendfile(2) and copy_file_range(2) — in-kernel copies
 * between fds, their offset rules and errors. */
#include "fs_common.h"

#include <sys/sendfile.h>

static int open_src(const char *data)
{
	conf_write_file("src", data);
	return (int)assert_ok(open("src", O_RDONLY));
}

static int open_dst(int extra)
{
	return (int)assert_ok(open("dst", O_RDWR | O_CREAT | O_TRUNC | extra, 0644));
}

static long cfr_or_skip(int in, off_t *inoff, int out, off_t *outoff, size_t len,
			unsigned flags)
{
	long r = syscall(SYS_copy_file_range, in, inoff, out, outoff, len, flags);
	if (r == -1 && errno == ENOSYS)
		skip_because("copy_file_range is not available (ENOSYS)");
	return r;
}

static void sendfile_copies_file_to_file(void **state)
{
	(void)state;
	int in = open_src("0123456789"), out = open_dst(0);
	assert_int_equal(assert_ok(sendfile(out, in, NULL, 10)), 10);
	close(in);
	close(out);
	assert_file_contents("dst", "0123456789");
}

static void sendfile_without_offset_moves_input_offset(void **state)
{
	(void)state;
	int in = open_src("0123456789"), out = open_dst(0);
	assert_int_equal(assert_ok(lseek(in, 2, SEEK_SET)), 2);
	assert_int_equal(assert_ok(sendfile(out, in, NULL, 3)), 3);
	assert_int_equal(assert_ok(lseek(in, 0, SEEK_CUR)), 5);
	close(in);
	close(out);
	assert_file_contents("dst", "234");
}

static void sendfile_with_offset_leaves_input_offset(void **state)
{
	(void)state;
	off_t off = 4;
	int in = open_src("0123456789"), out = open_dst(0);
	assert_int_equal(assert_ok(sendfile(out, in, &off, 3)), 3);
	assert_int_equal(off, 7);
	assert_int_equal(assert_ok(lseek(in, 0, SEEK_CUR)), 0);
	close(in);
	close(out);
	assert_file_contents("dst", "456");
}

static void sendfile_past_eof_returns_short_count(void **state)
{
	(void)state;
	off_t off = 8;
	int in = open_src("0123456789"), out = open_dst(0);
	assert_int_equal(assert_ok(sendfile(out, in, &off, 100)), 2);
	assert_int_equal(assert_ok(sendfile(out, in, &off, 100)), 0);
	close(in);
	close(out);
}

static void sendfile_write_only_input_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("src");
	int in = (int)assert_ok(open("src", O_WRONLY)), out = open_dst(0);
	assert_errno(sendfile(out, in, NULL, 1), EBADF);
	close(in);
	close(out);
}

static void sendfile_read_only_output_fails_ebadf(void **state)
{
	(void)state;
	int in = open_src("abc");
	conf_touch("dst");
	int out = (int)assert_ok(open("dst", O_RDONLY));
	assert_errno(sendfile(out, in, NULL, 1), EBADF);
	close(in);
	close(out);
}

static void sendfile_append_output_fails_einval(void **state)
{
	(void)state;
	int in = open_src("abc"), out = open_dst(O_APPEND);
	assert_errno(sendfile(out, in, NULL, 3), EINVAL);
	close(in);
	close(out);
}

static void sendfile_to_pipe_delivers_data(void **state)
{
	(void)state;
	int p[2];
	char buf[8] = { 0 };
	int in = open_src("piped");
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(sendfile(p[1], in, NULL, 5)), 5);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 5);
	assert_string_equal(buf, "piped");
	close(p[0]);
	close(p[1]);
	close(in);
}

static void copy_file_range_copies_and_moves_offsets(void **state)
{
	(void)state;
	int in = open_src("abcdefgh"), out = open_dst(0);
	assert_int_equal(assert_ok(cfr_or_skip(in, NULL, out, NULL, 8, 0)), 8);
	assert_int_equal(assert_ok(lseek(in, 0, SEEK_CUR)), 8);
	assert_int_equal(assert_ok(lseek(out, 0, SEEK_CUR)), 8);
	close(in);
	close(out);
	assert_file_contents("dst", "abcdefgh");
}

static void copy_file_range_with_offsets_leaves_fd_offsets(void **state)
{
	(void)state;
	off_t ioff = 2, ooff = 1;
	int in = open_src("abcdefgh"), out = open_dst(0);
	assert_int_equal(assert_ok(write(out, "XYZW", 4)), 4);
	assert_int_equal(assert_ok(cfr_or_skip(in, &ioff, out, &ooff, 3, 0)), 3);
	assert_int_equal(ioff, 5);
	assert_int_equal(ooff, 4);
	assert_int_equal(assert_ok(lseek(in, 0, SEEK_CUR)), 0);
	assert_int_equal(assert_ok(lseek(out, 0, SEEK_CUR)), 4);
	close(in);
	close(out);
	assert_file_contents("dst", "Xcde");
}

static void copy_file_range_nonzero_flags_fail_einval(void **state)
{
	(void)state;
	int in = open_src("abc"), out = open_dst(0);
	assert_errno(cfr_or_skip(in, NULL, out, NULL, 3, 1), EINVAL);
	close(in);
	close(out);
}

static void copy_file_range_overlapping_same_file_fails_einval(void **state)
{
	(void)state;
	off_t a = 0, b = 2;
	conf_write_file("f", "0123456789");
	int fd = (int)assert_ok(open("f", O_RDWR));
	assert_errno(cfr_or_skip(fd, &a, fd, &b, 5, 0), EINVAL);
	close(fd);
}

static void copy_file_range_read_only_output_fails_ebadf(void **state)
{
	(void)state;
	int in = open_src("abc");
	conf_touch("dst");
	int out = (int)assert_ok(open("dst", O_RDONLY));
	assert_errno(cfr_or_skip(in, NULL, out, NULL, 3, 0), EBADF);
	close(in);
	close(out);
}

static void copy_file_range_append_output_fails_ebadf(void **state)
{
	(void)state;
	int in = open_src("abc"), out = open_dst(O_APPEND);
	assert_errno(cfr_or_skip(in, NULL, out, NULL, 3, 0), EBADF);
	close(in);
	close(out);
}

static void copy_file_range_directory_fails_eisdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	int in = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY)), out = open_dst(0);
	assert_errno(cfr_or_skip(in, NULL, out, NULL, 3, 0), EISDIR);
	close(in);
	close(out);
}

static void copy_file_range_at_eof_returns_zero(void **state)
{
	(void)state;
	off_t off = 3;
	int in = open_src("abc"), out = open_dst(0);
	assert_int_equal(assert_ok(cfr_or_skip(in, &off, out, NULL, 10, 0)), 0);
	close(in);
	close(out);
}

static void copy_file_range_pipe_fails_einval(void **state)
{
	(void)state;
	int p[2];
	int in = open_src("abc");
	assert_ok(pipe(p));
	assert_errno(cfr_or_skip(in, NULL, p[1], NULL, 3, 0), EINVAL);
	close(p[0]);
	close(p[1]);
	close(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(sendfile_copies_file_to_file),
		conf_case(sendfile_without_offset_moves_input_offset),
		conf_case(sendfile_with_offset_leaves_input_offset),
		conf_case(sendfile_past_eof_returns_short_count),
		conf_case(sendfile_write_only_input_fails_ebadf),
		conf_case(sendfile_read_only_output_fails_ebadf),
		conf_case(sendfile_append_output_fails_einval),
		conf_case(sendfile_to_pipe_delivers_data),
		conf_case(copy_file_range_copies_and_moves_offsets),
		conf_case(copy_file_range_with_offsets_leaves_fd_offsets),
		conf_case(copy_file_range_nonzero_flags_fail_einval),
		conf_case(copy_file_range_overlapping_same_file_fails_einval),
		conf_case(copy_file_range_read_only_output_fails_ebadf),
		conf_case(copy_file_range_append_output_fails_ebadf),
		conf_case(copy_file_range_directory_fails_eisdir),
		conf_case(copy_file_range_at_eof_returns_zero),
		conf_case(copy_file_range_pipe_fails_einval),
	};
	return conf_run(tests);
}
