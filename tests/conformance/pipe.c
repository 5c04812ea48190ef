/* Conformance: pipe(2), pipe2(2) and the pipe(7) rules: EOF, EPIPE and
 * SIGPIPE, non-blocking mode, PIPE_BUF atomicity, capacity fcntls. */
#include "proc_common.h"

#include <sys/ioctl.h>

static void pipe_write_then_read_returns_same_bytes(void **state)
{
	(void)state;
	int p[2];
	char buf[16] = { 0 };
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "hello", 5)), 5);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	close(p[0]);
	close(p[1]);
}

static void pipe_read_returns_only_available_bytes(void **state)
{
	(void)state;
	int p[2];
	char buf[100];
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "0123456789", 10)), 10);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 10);
	close(p[0]);
	close(p[1]);
}

static void pipe_read_after_writer_closed_returns_eof(void **state)
{
	(void)state;
	int p[2];
	char buf[4];
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "ab", 2)), 2);
	close(p[1]);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 2);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 0);
	close(p[0]);
}

static void write_epipe_child(void)
{
	int p[2];
	child_check(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	child_check(pipe(p) == 0);
	close(p[0]);
	child_check_errno(write(p[1], "x", 1), EPIPE);
}

static void pipe_write_closed_reader_fails_epipe(void **state)
{
	(void)state;
	conf_in_child(write_epipe_child);
}

static void pipe_write_closed_reader_raises_sigpipe(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		int p[2];
		signal(SIGPIPE, SIG_DFL);
		child_check(pipe(p) == 0);
		close(p[0]);
		(void)!write(p[1], "x", 1);
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGPIPE);
}

static void pipe2_nonblock_read_empty_fails_eagain(void **state)
{
	(void)state;
	int p[2];
	char c;
	assert_ok(pipe2(p, O_NONBLOCK));
	assert_errno(read(p[0], &c, 1), EAGAIN);
	close(p[0]);
	close(p[1]);
}

static void pipe2_nonblock_write_full_fails_eagain(void **state)
{
	(void)state;
	int p[2];
	char buf[4096];
	memset(buf, 'x', sizeof buf);
	assert_ok(pipe2(p, O_NONBLOCK));
	long total = 0;
	for (;;) {
		ssize_t n = write(p[1], buf, sizeof buf);
		if (n == -1)
			break;
		total += n;
		assert_true(total <= 64L << 20);
	}
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(total, assert_ok(fcntl(p[1], F_GETPIPE_SZ)));
	close(p[0]);
	close(p[1]);
}

static void pipe2_nonblock_sets_status_flags(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe2(p, O_NONBLOCK));
	long rfl = assert_ok(fcntl(p[0], F_GETFL));
	long wfl = assert_ok(fcntl(p[1], F_GETFL));
	assert_int_equal(rfl & O_ACCMODE, O_RDONLY);
	assert_int_equal(wfl & O_ACCMODE, O_WRONLY);
	assert_true(rfl & O_NONBLOCK);
	assert_true(wfl & O_NONBLOCK);
	close(p[0]);
	close(p[1]);
}

static void pipe2_cloexec_sets_fd_cloexec(void **state)
{
	(void)state;
	int p[2], q[2];
	assert_ok(pipe2(p, O_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(p[0], F_GETFD)), FD_CLOEXEC);
	assert_int_equal(assert_ok(fcntl(p[1], F_GETFD)), FD_CLOEXEC);
	assert_ok(pipe(q));
	assert_int_equal(assert_ok(fcntl(q[0], F_GETFD)), 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void pipe2_invalid_flags_fail_einval(void **state)
{
	(void)state;
	int p[2];
	assert_errno(pipe2(p, O_APPEND | O_NOFOLLOW | 0x40000000), EINVAL);
}

static void pipe_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_pipe2, CONF_BAD_PTR, 0), EFAULT);
}

static void pipe_fstat_reports_fifo(void **state)
{
	(void)state;
	int p[2];
	struct stat st;
	assert_ok(pipe(p));
	assert_ok(fstat(p[0], &st));
	assert_true(S_ISFIFO(st.st_mode));
	close(p[0]);
	close(p[1]);
}

static void pipe_fionread_reports_pending_bytes(void **state)
{
	(void)state;
	int p[2], n = -1;
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], "abcdefg", 7)), 7);
	assert_ok(ioctl(p[0], FIONREAD, &n));
	assert_int_equal(n, 7);
	close(p[0]);
	close(p[1]);
}

static void pipe_write_to_read_end_fails_ebadf(void **state)
{
	(void)state;
	int p[2];
	char c;
	assert_ok(pipe(p));
	assert_errno(write(p[0], "x", 1), EBADF);
	assert_errno(read(p[1], &c, 1), EBADF);
	close(p[0]);
	close(p[1]);
}

static void pipe_read_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	int p[2];
	char c;
	assert_ok(pipe(p));
	close(p[0]);
	close(p[1]);
	assert_errno(read(p[0], &c, 1), EBADF);
	assert_errno(write(p[1], "x", 1), EBADF);
}

static void pipe_getpipe_sz_default_is_16_pages(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	/* pipe(7): "Since Linux 2.6.11, the pipe capacity is 16 pages". */
	assert_int_equal(assert_ok(fcntl(p[0], F_GETPIPE_SZ)),
			 16 * sysconf(_SC_PAGESIZE));
	close(p[0]);
	close(p[1]);
}

static void pipe_setpipe_sz_rounds_up_to_page(void **state)
{
	(void)state;
	int p[2];
	long page = sysconf(_SC_PAGESIZE);
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(fcntl(p[1], F_SETPIPE_SZ, page + 1)), 2 * page);
	assert_int_equal(assert_ok(fcntl(p[0], F_GETPIPE_SZ)), 2 * page);
	close(p[0]);
	close(p[1]);
}

static void pipe_setpipe_sz_below_content_fails_ebusy(void **state)
{
	(void)state;
	int p[2];
	char buf[8192];
	long page = sysconf(_SC_PAGESIZE);
	memset(buf, 'y', sizeof buf);
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(write(p[1], buf, sizeof buf)), sizeof buf);
	assert_errno(fcntl(p[1], F_SETPIPE_SZ, page), EBUSY);
	close(p[0]);
	close(p[1]);
}

static void setpipe_sz_eperm_child(void)
{
	char buf[32] = { 0 };
	int p[2];
	int fd = open("/proc/sys/fs/pipe-max-size", O_RDONLY);
	child_check(fd >= 0);
	child_check(read(fd, buf, sizeof buf - 1) > 0);
	close(fd);
	long max = atol(buf);
	child_check(max > 0 && max <= (1L << 29));
	child_check(conf_drop_cap(CAP_SYS_RESOURCE));
	child_check(pipe(p) == 0);
	child_check_errno(fcntl(p[1], F_SETPIPE_SZ, max * 2), EPERM);
}

static void pipe_setpipe_sz_above_max_unprivileged_fails_eperm(void **state)
{
	(void)state;
	if (access("/proc/sys/fs/pipe-max-size", R_OK) != 0)
		skip_because("/proc/sys/fs/pipe-max-size is not readable");
	conf_in_child(setpipe_sz_eperm_child);
}

/* Writers of at most PIPE_BUF bytes are never interleaved (pipe(7)). */
enum { ATOMIC_CHUNKS = 64 };

static void pipe_write_pipe_buf_is_atomic(void **state)
{
	(void)state;
	int p[2];
	pid_t pids[2];
	assert_ok(pipe(p));
	for (int w = 0; w < 2; w++) {
		pids[w] = conf_fork();
		if (pids[w] == 0) {
			char chunk[PIPE_BUF];
			close(p[0]);
			memset(chunk, 'a' + w, sizeof chunk);
			for (int i = 0; i < ATOMIC_CHUNKS; i++)
				child_check(write(p[1], chunk, sizeof chunk) == PIPE_BUF);
			_exit(0);
		}
	}
	close(p[1]);
	static char all[2 * ATOMIC_CHUNKS * PIPE_BUF];
	size_t got = 0;
	for (;;) {
		ssize_t n = read(p[0], all + got, sizeof all - got);
		if (n == -1 && errno == EINTR)
			continue;
		assert_true(n >= 0);
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(p[0]);
	assert_child_ok(pids[0]);
	assert_child_ok(pids[1]);
	assert_int_equal(got, sizeof all);
	int counts[2] = { 0, 0 };
	for (size_t off = 0; off < got; off += PIPE_BUF) {
		char c = all[off];
		assert_true(c == 'a' || c == 'b');
		for (size_t i = 1; i < PIPE_BUF; i++)
			if (all[off + i] != c)
				fail_msg("chunk at %zu interleaved", off);
		counts[c - 'a']++;
	}
	assert_int_equal(counts[0], ATOMIC_CHUNKS);
	assert_int_equal(counts[1], ATOMIC_CHUNKS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipe_write_then_read_returns_same_bytes),
		cmocka_unit_test(pipe_read_returns_only_available_bytes),
		cmocka_unit_test(pipe_read_after_writer_closed_returns_eof),
		cmocka_unit_test(pipe_write_closed_reader_fails_epipe),
		cmocka_unit_test(pipe_write_closed_reader_raises_sigpipe),
		cmocka_unit_test(pipe2_nonblock_read_empty_fails_eagain),
		cmocka_unit_test(pipe2_nonblock_write_full_fails_eagain),
		cmocka_unit_test(pipe2_nonblock_sets_status_flags),
		cmocka_unit_test(pipe2_cloexec_sets_fd_cloexec),
		cmocka_unit_test(pipe2_invalid_flags_fail_einval),
		cmocka_unit_test(pipe_bad_pointer_fails_efault),
		cmocka_unit_test(pipe_fstat_reports_fifo),
		cmocka_unit_test(pipe_fionread_reports_pending_bytes),
		cmocka_unit_test(pipe_write_to_read_end_fails_ebadf),
		cmocka_unit_test(pipe_read_closed_fd_fails_ebadf),
		cmocka_unit_test(pipe_getpipe_sz_default_is_16_pages),
		cmocka_unit_test(pipe_setpipe_sz_rounds_up_to_page),
		cmocka_unit_test(pipe_setpipe_sz_below_content_fails_ebusy),
		cmocka_unit_test(pipe_setpipe_sz_above_max_unprivileged_fails_eperm),
		cmocka_unit_test(pipe_write_pipe_buf_is_atomic),
	};
	return conf_run(tests);
}
