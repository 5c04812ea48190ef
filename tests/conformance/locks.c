/* Conformance: fcntl(2) record locks — POSIX locks (F_SETLK, F_GETLK),
 * seen from a forked process, and open file description locks
 * (F_OFD_SETLK, F_OFD_GETLK). */
#include "fs_common.h"

static struct flock lk(short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };
	return fl;
}

static int open_rw(void)
{
	conf_write_file("f", "0123456789abcdef");
	return (int)assert_ok(open("f", O_RDWR));
}

/* In a child: F_GETLK on [start, start+len) for TYPE, expect EXPECT_TYPE
 * (F_UNLCK or a lock type held by EXPECT_PID). */
static void child_getlk(int fd, short type, off_t start, off_t len,
			short expect_type, pid_t expect_pid)
{
	struct flock fl = lk(type, start, len);
	child_check(fcntl(fd, F_GETLK, &fl) == 0);
	child_check(fl.l_type == expect_type);
	if (expect_type != F_UNLCK)
		child_check(fl.l_pid == expect_pid);
}

static void fcntl_setlk_write_lock_on_read_only_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_errno(fcntl(fd, F_SETLK, &fl), EBADF);
	close(fd);
}

static void fcntl_setlk_read_lock_on_write_only_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_WRONLY));
	struct flock fl = lk(F_RDLCK, 0, 0);
	assert_errno(fcntl(fd, F_SETLK, &fl), EBADF);
	close(fd);
}

static void fcntl_setlk_invalid_type_fails_einval(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(42, 0, 0);
	assert_errno(fcntl(fd, F_SETLK, &fl), EINVAL);
	close(fd);
}

static void fcntl_getlk_unlocked_file_reports_unlck(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(fd, F_GETLK, &fl));
	assert_int_equal(fl.l_type, F_UNLCK);
	close(fd);
}

static void fcntl_getlk_ignores_own_locks(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(fd, F_GETLK, &fl));
	assert_int_equal(fl.l_type, F_UNLCK);
	close(fd);
}

static void fcntl_setlk_conflict_in_child_fails_eagain(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 10);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct flock c = lk(F_WRLCK, 5, 1);
		child_check_errno(fcntl(fd, F_SETLK, &c), EAGAIN);
		c = lk(F_RDLCK, 0, 1);
		child_check_errno(fcntl(fd, F_SETLK, &c), EAGAIN);
		c = lk(F_WRLCK, 10, 5);
		child_check(fcntl(fd, F_SETLK, &c) == 0);
		_exit(0);
	}
	assert_child_ok(pid);
	close(fd);
}

static void fcntl_getlk_in_child_reports_owner_pid(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 2, 3);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	pid_t parent = getpid();
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct flock c = lk(F_RDLCK, 0, 0);
		child_check(fcntl(fd, F_GETLK, &c) == 0);
		child_check(c.l_type == F_WRLCK);
		child_check(c.l_pid == parent);
		child_check(c.l_start == 2 && c.l_len == 3);
		_exit(0);
	}
	assert_child_ok(pid);
	close(fd);
}

static void fcntl_read_locks_are_shared(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_RDLCK, 0, 0);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct flock c = lk(F_RDLCK, 0, 0);
		child_check(fcntl(fd, F_SETLK, &c) == 0);
		c = lk(F_WRLCK, 0, 0);
		child_check_errno(fcntl(fd, F_SETLK, &c), EAGAIN);
		_exit(0);
	}
	assert_child_ok(pid);
	close(fd);
}

static void fcntl_unlock_lets_child_lock(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	fl = lk(F_UNLCK, 0, 0);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_getlk(fd, F_WRLCK, 0, 0, F_UNLCK, 0);
		_exit(0);
	}
	assert_child_ok(pid);
	close(fd);
}

static void fcntl_close_of_any_fd_drops_posix_locks(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	/* fcntl(2): closing any fd of the file releases the process's locks. */
	int other = (int)assert_ok(open("f", O_RDONLY));
	close(other);
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_getlk(fd, F_WRLCK, 0, 0, F_UNLCK, 0);
		_exit(0);
	}
	assert_child_ok(pid);
	close(fd);
}

static void fcntl_partial_unlock_splits_lock(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 10);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	fl = lk(F_UNLCK, 3, 2);
	assert_ok(fcntl(fd, F_SETLK, &fl));
	pid_t parent = getpid();
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_getlk(fd, F_WRLCK, 3, 2, F_UNLCK, 0);
		child_getlk(fd, F_WRLCK, 0, 3, F_WRLCK, parent);
		child_getlk(fd, F_WRLCK, 5, 5, F_WRLCK, parent);
		_exit(0);
	}
	assert_child_ok(pid);
	close(fd);
}

static void fcntl_child_lock_seen_by_parent_and_dropped_at_exit(void **state)
{
	(void)state;
	int fd = open_rw();
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct flock c = lk(F_WRLCK, 0, 0);
		child_check(fcntl(fd, F_SETLK, &c) == 0);
		/* Hold it until the parent has looked. */
		pause();
		_exit(0);
	}
	/* The parent sees the child's lock once it is taken. */
	struct flock fl;
	for (int i = 0; i < 5000; i++) {
		fl = lk(F_WRLCK, 0, 0);
		assert_ok(fcntl(fd, F_GETLK, &fl));
		if (fl.l_type != F_UNLCK)
			break;
		conf_sleep_ms(2);
	}
	kill(pid, SIGKILL);
	conf_wait(pid);
	assert_int_equal(fl.l_type, F_WRLCK);
	assert_int_equal(fl.l_pid, pid);
	/* And the lock died with the child. */
	fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(fd, F_GETLK, &fl));
	assert_int_equal(fl.l_type, F_UNLCK);
	close(fd);
}

static void fcntl_ofd_lock_conflicts_between_opens_in_one_process(void **state)
{
	(void)state;
	int a = open_rw();
	int b = (int)assert_ok(open("f", O_RDWR));
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(a, F_OFD_SETLK, &fl));
	fl = lk(F_WRLCK, 0, 0);
	assert_errno(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	close(a);
	close(b);
}

static void fcntl_ofd_getlk_reports_pid_minus_one(void **state)
{
	(void)state;
	int a = open_rw();
	int b = (int)assert_ok(open("f", O_RDWR));
	struct flock fl = lk(F_RDLCK, 4, 4);
	assert_ok(fcntl(a, F_OFD_SETLK, &fl));
	fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(b, F_OFD_GETLK, &fl));
	assert_int_equal(fl.l_type, F_RDLCK);
	assert_int_equal(fl.l_pid, -1);
	assert_int_equal(fl.l_start, 4);
	close(a);
	close(b);
}

static void fcntl_ofd_nonzero_pid_fails_einval(void **state)
{
	(void)state;
	int fd = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	fl.l_pid = 1;
	assert_errno(fcntl(fd, F_OFD_SETLK, &fl), EINVAL);
	close(fd);
}

static void fcntl_ofd_lock_survives_close_of_other_fd(void **state)
{
	(void)state;
	int a = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(a, F_OFD_SETLK, &fl));
	int other = (int)assert_ok(open("f", O_RDONLY));
	close(other);
	int b = (int)assert_ok(open("f", O_RDWR));
	fl = lk(F_WRLCK, 0, 0);
	assert_errno(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	close(a);
	/* Closing the last fd of the description releases it. */
	fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(b, F_OFD_SETLK, &fl));
	close(b);
}

static void fcntl_ofd_lock_conflicts_with_posix_lock(void **state)
{
	(void)state;
	int a = open_rw();
	struct flock fl = lk(F_WRLCK, 0, 0);
	assert_ok(fcntl(a, F_OFD_SETLK, &fl));
	int b = (int)assert_ok(open("f", O_RDWR));
	fl = lk(F_WRLCK, 0, 0);
	assert_errno(fcntl(b, F_SETLK, &fl), EAGAIN);
	close(a);
	close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(fcntl_setlk_write_lock_on_read_only_fd_fails_ebadf),
		conf_case(fcntl_setlk_read_lock_on_write_only_fd_fails_ebadf),
		conf_case(fcntl_setlk_invalid_type_fails_einval),
		conf_case(fcntl_getlk_unlocked_file_reports_unlck),
		conf_case(fcntl_getlk_ignores_own_locks),
		conf_case(fcntl_setlk_conflict_in_child_fails_eagain),
		conf_case(fcntl_getlk_in_child_reports_owner_pid),
		conf_case(fcntl_read_locks_are_shared),
		conf_case(fcntl_unlock_lets_child_lock),
		conf_case(fcntl_close_of_any_fd_drops_posix_locks),
		conf_case(fcntl_partial_unlock_splits_lock),
		conf_case(fcntl_child_lock_seen_by_parent_and_dropped_at_exit),
		conf_case(fcntl_ofd_lock_conflicts_between_opens_in_one_process),
		conf_case(fcntl_ofd_getlk_reports_pid_minus_one),
		conf_case(fcntl_ofd_nonzero_pid_fails_einval),
		conf_case(fcntl_ofd_lock_survives_close_of_other_fd),
		conf_case(fcntl_ofd_lock_conflicts_with_posix_lock),
	};
	return conf_run(tests);
}
