/* Conformance: flock(2) — whole-file locks owned by the open file
 * description. */
#include "fs_common.h"

#include <sys/file.h>

static int open_f(void)
{
	if (!conf_exists("f"))
		conf_touch("f");
	return (int)assert_ok(open("f", O_RDWR));
}

static void flock_exclusive_then_unlock(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_EX));
	assert_errno(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	assert_ok(flock(a, LOCK_UN));
	assert_ok(flock(b, LOCK_EX | LOCK_NB));
	close(a);
	close(b);
}

static void flock_shared_locks_coexist(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_SH));
	assert_ok(flock(b, LOCK_SH | LOCK_NB));
	close(a);
	close(b);
}

static void flock_shared_blocks_exclusive(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_SH));
	assert_errno(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	close(a);
	close(b);
}

static void flock_exclusive_blocks_shared(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_EX));
	assert_errno(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	close(a);
	close(b);
}

static void flock_dup_shares_the_lock(void **state)
{
	(void)state;
	int a = open_f();
	assert_ok(flock(a, LOCK_EX));
	int d = (int)assert_ok(dup(a));
	/* Same open file description: no conflict, it is the same lock. */
	assert_ok(flock(d, LOCK_EX | LOCK_NB));
	close(d);
	close(a);
}

static void flock_close_of_last_fd_releases(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_EX));
	int d = (int)assert_ok(dup(a));
	close(a);
	assert_errno(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	close(d);
	assert_ok(flock(b, LOCK_EX | LOCK_NB));
	close(b);
}

static void flock_upgrade_and_downgrade(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_SH));
	assert_ok(flock(a, LOCK_EX | LOCK_NB));
	assert_errno(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	assert_ok(flock(a, LOCK_SH));
	assert_ok(flock(b, LOCK_SH | LOCK_NB));
	close(a);
	close(b);
}

static void flock_invalid_operation_fails_einval(void **state)
{
	(void)state;
	int a = open_f();
	assert_errno(flock(a, 0), EINVAL);
	assert_errno(flock(a, LOCK_SH | LOCK_EX), EINVAL);
	close(a);
}

static void flock_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(flock(-1, LOCK_SH), EBADF);
}

static void flock_o_path_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_errno(flock(fd, LOCK_SH), EBADF);
	close(fd);
}

static void flock_inherited_fd_shares_lock_with_child(void **state)
{
	(void)state;
	int a = open_f();
	assert_ok(flock(a, LOCK_EX));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(flock(a, LOCK_EX | LOCK_NB) == 0);
		_exit(0);
	}
	assert_child_ok(pid);
	close(a);
}

static void flock_separate_open_in_child_conflicts(void **state)
{
	(void)state;
	int a = open_f();
	assert_ok(flock(a, LOCK_EX));
	pid_t pid = conf_fork();
	if (pid == 0) {
		int b = open("f", O_RDONLY);
		child_check(b >= 0);
		child_check_errno(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
		_exit(0);
	}
	assert_child_ok(pid);
	close(a);
}

static void flock_works_on_read_only_fd(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(flock(fd, LOCK_EX | LOCK_NB));
	close(fd);
}

static void flock_independent_of_fcntl_locks(void **state)
{
	(void)state;
	int a = open_f(), b = open_f();
	assert_ok(flock(a, LOCK_EX));
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	/* On local file systems the two lock kinds do not interact. */
	assert_ok(fcntl(b, F_OFD_SETLK, &fl));
	close(a);
	close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(flock_exclusive_then_unlock),
		conf_case(flock_shared_locks_coexist),
		conf_case(flock_shared_blocks_exclusive),
		conf_case(flock_exclusive_blocks_shared),
		conf_case(flock_dup_shares_the_lock),
		conf_case(flock_close_of_last_fd_releases),
		conf_case(flock_upgrade_and_downgrade),
		conf_case(flock_invalid_operation_fails_einval),
		conf_case(flock_bad_fd_fails_ebadf),
		conf_case(flock_o_path_fd_fails_ebadf),
		conf_case(flock_inherited_fd_shares_lock_with_child),
		conf_case(flock_separate_open_in_child_conflicts),
		conf_case(flock_works_on_read_only_fd),
		conf_case(flock_independent_of_fcntl_locks),
	};
	return conf_run(tests);
}
