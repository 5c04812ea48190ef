/* Conformance: mkfifo(3)/mknodat(2) FIFOs and fifo(7) open rules: a blocking
 * open waits for the other end, a non-blocking write open without a reader
 * fails ENXIO.  A sandbox that emulates open must not stall other tasks while
 * one of them waits here (DESIGN.md, "Never block the event loop"). */
#include "proc_common.h"

static void mkfifo_creates_fifo_node(void **state)
{
	(void)state;
	struct stat st;
	mode_t old = umask(022);
	int r = mkfifo("fifo1", 0666);
	umask(old);
	assert_int_equal(r, 0);
	assert_ok(stat("fifo1", &st));
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_ok(unlink("fifo1"));
}

static void mkfifo_existing_fails_eexist(void **state)
{
	(void)state;
	assert_ok(mkfifo("fifo2", 0600));
	assert_errno(mkfifo("fifo2", 0600), EEXIST);
	assert_ok(unlink("fifo2"));
}

static void mkfifo_missing_parent_fails_enoent(void **state)
{
	(void)state;
	assert_errno(mkfifo("no-such-dir/f", 0600), ENOENT);
}

static void mkfifoat_creates_relative_to_dirfd(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0700));
	int dfd = assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(mkfifoat(dfd, "fifo3", 0600));
	assert_ok(stat("d/fifo3", &st));
	assert_true(S_ISFIFO(st.st_mode));
	assert_ok(unlinkat(dfd, "fifo3", 0));
	close(dfd);
	assert_ok(rmdir("d"));
}

static void fifo_open_write_nonblock_without_reader_fails_enxio(void **state)
{
	(void)state;
	assert_ok(mkfifo("fifo4", 0600));
	assert_errno(open("fifo4", O_WRONLY | O_NONBLOCK), ENXIO);
	assert_ok(unlink("fifo4"));
}

static void fifo_open_read_nonblock_without_writer_succeeds(void **state)
{
	(void)state;
	char c;
	assert_ok(mkfifo("fifo5", 0600));
	int fd = assert_ok(open("fifo5", O_RDONLY | O_NONBLOCK));
	/* No writer at all: read reports end of file, not EAGAIN. */
	assert_int_equal(assert_ok(read(fd, &c, 1)), 0);
	close(fd);
	assert_ok(unlink("fifo5"));
}

static void fifo_open_write_nonblock_with_reader_succeeds(void **state)
{
	(void)state;
	char buf[4];
	assert_ok(mkfifo("fifo6", 0600));
	int r = assert_ok(open("fifo6", O_RDONLY | O_NONBLOCK));
	int w = assert_ok(open("fifo6", O_WRONLY | O_NONBLOCK));
	assert_int_equal(assert_ok(write(w, "ok", 2)), 2);
	assert_int_equal(assert_ok(read(r, buf, sizeof buf)), 2);
	assert_memory_equal(buf, "ok", 2);
	close(w);
	close(r);
	assert_ok(unlink("fifo6"));
}

static void fifo_open_rdwr_does_not_block(void **state)
{
	(void)state;
	char buf[4];
	assert_ok(mkfifo("fifo7", 0600));
	/* fifo(7): on Linux O_RDWR opens succeed without a peer. */
	int fd = assert_ok(open("fifo7", O_RDWR));
	assert_int_equal(assert_ok(write(fd, "rw", 2)), 2);
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf)), 2);
	close(fd);
	assert_ok(unlink("fifo7"));
}

/* The child opens NAME with FLAGS, blocking, and reports on NOTE once open
 * returned.  Each case uses its own name, so one failure cannot leave a
 * node behind that breaks the next case. */
static pid_t open_in_child(const char *name, int flags, int note)
{
	pid_t pid = conf_fork();
	if (pid == 0) {
		int fd = open(name, flags);
		child_check(fd >= 0);
		child_check(write(note, "o", 1) == 1);
		if ((flags & O_ACCMODE) == O_RDONLY) {
			char buf[8] = { 0 };
			child_check(conf_read_full(fd, buf, 4));
			child_check(memcmp(buf, "data", 4) == 0);
		} else {
			child_check(write(fd, "data", 4) == 4);
		}
		_exit(0);
	}
	return pid;
}

static void fifo_blocking_open_read_waits_for_writer(void **state)
{
	(void)state;
	int note[2];
	assert_ok(mkfifo("fifo8", 0600));
	assert_ok(pipe(note));
	pid_t pid = open_in_child("fifo8", O_RDONLY, note[1]);
	/* Not opened while there is no writer. */
	assert_false(conf_readable(note[0], 200));
	int w = assert_ok(open("fifo8", O_WRONLY));
	assert_true(conf_readable(note[0], CONF_CHILD_TIMEOUT_MS));
	assert_int_equal(assert_ok(write(w, "data", 4)), 4);
	assert_child_ok(pid);
	close(w);
	close(note[0]);
	close(note[1]);
	assert_ok(unlink("fifo8"));
}

static void fifo_blocking_open_write_waits_for_reader(void **state)
{
	(void)state;
	int note[2];
	char buf[8] = { 0 };
	assert_ok(mkfifo("fifo9", 0600));
	assert_ok(pipe(note));
	pid_t pid = open_in_child("fifo9", O_WRONLY, note[1]);
	assert_false(conf_readable(note[0], 200));
	int r = assert_ok(open("fifo9", O_RDONLY));
	assert_true(conf_readable(note[0], CONF_CHILD_TIMEOUT_MS));
	assert_true(conf_read_full(r, buf, 4));
	assert_memory_equal(buf, "data", 4);
	assert_child_ok(pid);
	close(r);
	close(note[0]);
	close(note[1]);
	assert_ok(unlink("fifo9"));
}

static void fifo_blocked_open_does_not_stall_other_processes(void **state)
{
	(void)state;
	int note[2];
	struct stat st;
	assert_ok(mkfifo("fifo10", 0600));
	assert_ok(pipe(note));
	pid_t pid = open_in_child("fifo10", O_RDONLY, note[1]);
	conf_wait_sleeping(pid);
	/* While the child waits in open, file calls of others go on. */
	int fd = assert_ok(open("regular", O_WRONLY | O_CREAT | O_TRUNC, 0600));
	assert_int_equal(assert_ok(write(fd, "z", 1)), 1);
	close(fd);
	assert_ok(stat("regular", &st));
	assert_int_equal(st.st_size, 1);
	assert_ok(unlink("regular"));
	int w = assert_ok(open("fifo10", O_WRONLY));
	assert_int_equal(assert_ok(write(w, "data", 4)), 4);
	assert_child_ok(pid);
	close(w);
	close(note[0]);
	close(note[1]);
	assert_ok(unlink("fifo10"));
}

static void fifo_read_after_writer_closes_returns_eof(void **state)
{
	(void)state;
	char c;
	assert_ok(mkfifo("fifo11", 0600));
	int r = assert_ok(open("fifo11", O_RDONLY | O_NONBLOCK));
	int w = assert_ok(open("fifo11", O_WRONLY));
	assert_int_equal(assert_ok(write(w, "q", 1)), 1);
	close(w);
	assert_int_equal(assert_ok(read(r, &c, 1)), 1);
	assert_int_equal(assert_ok(read(r, &c, 1)), 0);
	close(r);
	assert_ok(unlink("fifo11"));
}

static void fifo_nonblock_read_with_idle_writer_fails_eagain(void **state)
{
	(void)state;
	char c;
	assert_ok(mkfifo("fifo12", 0600));
	int r = assert_ok(open("fifo12", O_RDONLY | O_NONBLOCK));
	int w = assert_ok(open("fifo12", O_WRONLY));
	assert_errno(read(r, &c, 1), EAGAIN);
	close(w);
	close(r);
	assert_ok(unlink("fifo12"));
}

static void fifo_write_after_reader_closes_child(void)
{
	child_check(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	int r = open("fifo_epipe", O_RDONLY | O_NONBLOCK);
	child_check(r >= 0);
	int w = open("fifo_epipe", O_WRONLY);
	child_check(w >= 0);
	close(r);
	child_check_errno(write(w, "x", 1), EPIPE);
}

static void fifo_write_after_reader_closes_fails_epipe(void **state)
{
	(void)state;
	assert_ok(mkfifo("fifo_epipe", 0600));
	conf_in_child(fifo_write_after_reader_closes_child);
	assert_ok(unlink("fifo_epipe"));
}

static void fifo_stat_size_is_zero_with_pending_data(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkfifo("fifo15", 0600));
	int fd = assert_ok(open("fifo15", O_RDWR));
	assert_int_equal(assert_ok(write(fd, "12345", 5)), 5);
	assert_ok(stat("fifo15", &st));
	assert_int_equal(st.st_size, 0);
	close(fd);
	assert_ok(unlink("fifo15"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mkfifo_creates_fifo_node),
		cmocka_unit_test(mkfifo_existing_fails_eexist),
		cmocka_unit_test(mkfifo_missing_parent_fails_enoent),
		cmocka_unit_test(mkfifoat_creates_relative_to_dirfd),
		cmocka_unit_test(fifo_open_write_nonblock_without_reader_fails_enxio),
		cmocka_unit_test(fifo_open_read_nonblock_without_writer_succeeds),
		cmocka_unit_test(fifo_open_write_nonblock_with_reader_succeeds),
		cmocka_unit_test(fifo_open_rdwr_does_not_block),
		cmocka_unit_test(fifo_blocking_open_read_waits_for_writer),
		cmocka_unit_test(fifo_blocking_open_write_waits_for_reader),
		cmocka_unit_test(fifo_blocked_open_does_not_stall_other_processes),
		cmocka_unit_test(fifo_read_after_writer_closes_returns_eof),
		cmocka_unit_test(fifo_nonblock_read_with_idle_writer_fails_eagain),
		cmocka_unit_test(fifo_write_after_reader_closes_fails_epipe),
		cmocka_unit_test(fifo_stat_size_is_zero_with_pending_data),
	};
	return conf_run(tests);
}
