/* Conformance: lseek(2), including SEEK_DATA and SEEK_HOLE on sparse
 * files. */
#include "fs_common.h"

#define MIB (1024L * 1024L)

static int open_rw(const char *data)
{
	conf_write_file("f", data);
	return (int)assert_ok(open("f", O_RDWR));
}

static void lseek_set_returns_new_offset(void **state)
{
	(void)state;
	char c;
	int fd = open_rw("abcdef");
	assert_int_equal(assert_ok(lseek(fd, 4, SEEK_SET)), 4);
	assert_int_equal(assert_ok(read(fd, &c, 1)), 1);
	assert_int_equal(c, 'e');
	close(fd);
}

static void lseek_cur_is_relative(void **state)
{
	(void)state;
	int fd = open_rw("abcdef");
	assert_int_equal(assert_ok(lseek(fd, 2, SEEK_SET)), 2);
	assert_int_equal(assert_ok(lseek(fd, 3, SEEK_CUR)), 5);
	assert_int_equal(assert_ok(lseek(fd, -4, SEEK_CUR)), 1);
	close(fd);
}

static void lseek_end_is_relative_to_size(void **state)
{
	(void)state;
	int fd = open_rw("abcdef");
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_END)), 6);
	assert_int_equal(assert_ok(lseek(fd, -2, SEEK_END)), 4);
	close(fd);
}

static void lseek_negative_result_fails_einval(void **state)
{
	(void)state;
	int fd = open_rw("abc");
	assert_errno(lseek(fd, -1, SEEK_SET), EINVAL);
	assert_errno(lseek(fd, -10, SEEK_END), EINVAL);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 0);
	close(fd);
}

static void lseek_bad_whence_fails_einval(void **state)
{
	(void)state;
	int fd = open_rw("abc");
	assert_errno(lseek(fd, 0, 42), EINVAL);
	close(fd);
}

static void lseek_past_end_then_write_extends(void **state)
{
	(void)state;
	struct stat st;
	int fd = open_rw("abc");
	assert_int_equal(assert_ok(lseek(fd, 10, SEEK_END)), 13);
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 3);
	assert_int_equal(assert_ok(write(fd, "z", 1)), 1);
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 14);
	close(fd);
}

static void lseek_on_pipe_fails_espipe(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	assert_errno(lseek(p[0], 0, SEEK_SET), ESPIPE);
	assert_errno(lseek(p[1], 0, SEEK_CUR), ESPIPE);
	close(p[0]);
	close(p[1]);
}

static void lseek_data_in_empty_file_fails_enxio(void **state)
{
	(void)state;
	int fd = open_rw("");
	assert_errno(lseek(fd, 0, SEEK_DATA), ENXIO);
	close(fd);
}

static void lseek_data_at_or_past_eof_fails_enxio(void **state)
{
	(void)state;
	int fd = open_rw("abc");
	assert_errno(lseek(fd, 3, SEEK_DATA), ENXIO);
	assert_errno(lseek(fd, 100, SEEK_DATA), ENXIO);
	close(fd);
}

static void lseek_hole_past_eof_fails_enxio(void **state)
{
	(void)state;
	int fd = open_rw("abc");
	assert_errno(lseek(fd, 4, SEEK_HOLE), ENXIO);
	close(fd);
}

static void lseek_hole_of_dense_file_is_eof(void **state)
{
	(void)state;
	int fd = open_rw("abcdefgh");
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_HOLE)), 8);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_DATA)), 0);
	assert_int_equal(assert_ok(lseek(fd, 5, SEEK_DATA)), 5);
	close(fd);
}

static void lseek_data_skips_leading_hole(void **state)
{
	(void)state;
	int fd = open_rw("");
	assert_ok(ftruncate(fd, 2 * MIB));
	assert_int_equal(assert_ok(pwrite(fd, "data", 4, MIB)), 4);
	off_t off = (off_t)assert_ok(lseek(fd, 0, SEEK_DATA));
	if (off == 0)
		skip_because("the file system does not report holes (SEEK_DATA gave 0)");
	/* The data block starts at the first block boundary at or below 1 MiB;
	 * with any block size up to 1 MiB that is exactly 1 MiB. */
	assert_int_equal(off, MIB);
	close(fd);
}

static void lseek_hole_finds_hole_after_data(void **state)
{
	(void)state;
	char block[65536];
	memset(block, 'x', sizeof block);
	int fd = open_rw("");
	assert_int_equal(assert_ok(write(fd, block, sizeof block)), sizeof block);
	assert_ok(ftruncate(fd, 4 * MIB));
	assert_ok(fsync(fd));
	off_t off = (off_t)assert_ok(lseek(fd, 0, SEEK_HOLE));
	if (off == 4 * MIB)
		skip_because("the file system does not report holes (SEEK_HOLE gave EOF)");
	assert_int_equal(off, sizeof block);
	close(fd);
}

static void lseek_data_hole_leave_offset_at_result(void **state)
{
	(void)state;
	int fd = open_rw("abcdef");
	assert_int_equal(assert_ok(lseek(fd, 2, SEEK_DATA)), 2);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 2);
	assert_int_equal(assert_ok(lseek(fd, 1, SEEK_HOLE)), 6);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 6);
	close(fd);
}

static void lseek_directory_rewind_succeeds(void **state)
{
	(void)state;
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_SET)), 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(lseek_set_returns_new_offset),
		conf_case(lseek_cur_is_relative),
		conf_case(lseek_end_is_relative_to_size),
		conf_case(lseek_negative_result_fails_einval),
		conf_case(lseek_bad_whence_fails_einval),
		conf_case(lseek_past_end_then_write_extends),
		conf_case(lseek_on_pipe_fails_espipe),
		conf_case(lseek_data_in_empty_file_fails_enxio),
		conf_case(lseek_data_at_or_past_eof_fails_enxio),
		conf_case(lseek_hole_past_eof_fails_enxio),
		conf_case(lseek_hole_of_dense_file_is_eof),
		conf_case(lseek_data_skips_leading_hole),
		conf_case(lseek_hole_finds_hole_after_data),
		conf_case(lseek_data_hole_leave_offset_at_result),
		conf_case(lseek_directory_rewind_succeeds),
	};
	return conf_run(tests);
}
