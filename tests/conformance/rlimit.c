/* Conformance: getrlimit(2), setrlimit(2), prlimit(2): lowering a limit and
 * observing it (EMFILE, EFBIG/SIGXFSZ, ENOMEM), soft/hard rules, EPERM
 * without CAP_SYS_RESOURCE, inheritance, another process's limits.  Limits
 * are changed only in children. */
#include "proc_common.h"

#include <sys/mman.h>
#include <sys/resource.h>

static void getrlimit_soft_not_above_hard(void **state)
{
	(void)state;
	static const int res[] = { RLIMIT_NOFILE, RLIMIT_STACK, RLIMIT_CORE,
				   RLIMIT_FSIZE, RLIMIT_AS, RLIMIT_NPROC };
	for (size_t i = 0; i < sizeof res / sizeof res[0]; i++) {
		struct rlimit rl;
		assert_ok(getrlimit(res[i], &rl));
		assert_true(rl.rlim_cur <= rl.rlim_max);
	}
}

static void getrlimit_invalid_resource_fails_einval(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_errno(syscall(SYS_getrlimit, 1000, &rl), EINVAL);
}

static void getrlimit_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_getrlimit, RLIMIT_NOFILE, CONF_BAD_PTR), EFAULT);
}

static void nofile_child(void)
{
	struct rlimit rl;
	child_check(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	rl.rlim_cur = 32;
	child_check(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	int last = -1;
	for (int i = 0; i < 64; i++) {
		int fd = open(".", O_RDONLY | O_DIRECTORY);
		if (fd == -1) {
			child_check(errno == EMFILE);
			/* Every number below the limit is now in use. */
			child_check(last <= 31 && fcntl(31, F_GETFD) != -1);
			/* dup2 to a number at or above the limit: EBADF. */
			child_check_errno(dup2(last, 40), EBADF);
			return;
		}
		last = fd;
	}
	child_check(!"open never failed");
}

static void setrlimit_nofile_lowered_open_fails_emfile(void **state)
{
	(void)state;
	conf_in_child(nofile_child);
}

static void setrlimit_soft_above_hard_fails_einval(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_ok(getrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = rl.rlim_max + 1;
	assert_errno(setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
}

static void raise_hard_child(void)
{
	struct rlimit rl;
	child_check(conf_drop_cap(CAP_SYS_RESOURCE));
	child_check(getrlimit(RLIMIT_CORE, &rl) == 0);
	rl.rlim_cur = rl.rlim_max = 0;
	child_check(setrlimit(RLIMIT_CORE, &rl) == 0);
	rl.rlim_max = 4096;
	child_check_errno(setrlimit(RLIMIT_CORE, &rl), EPERM);
}

static void setrlimit_raise_hard_without_cap_fails_eperm(void **state)
{
	(void)state;
	conf_in_child(raise_hard_child);
}

static void nr_open_child(void)
{
	char buf[32] = { 0 };
	int fd = open("/proc/sys/fs/nr_open", O_RDONLY);
	child_check(fd >= 0 && read(fd, buf, sizeof buf - 1) > 0);
	close(fd);
	struct rlimit rl = { .rlim_cur = 64, .rlim_max = (rlim_t)atol(buf) + 1 };
	/* Even a privileged caller may not exceed fs.nr_open. */
	child_check_errno(setrlimit(RLIMIT_NOFILE, &rl), EPERM);
}

static void setrlimit_nofile_above_nr_open_fails_eperm(void **state)
{
	(void)state;
	if (access("/proc/sys/fs/nr_open", R_OK) != 0)
		skip_because("/proc/sys/fs/nr_open is not readable");
	conf_in_child(nr_open_child);
}

static void fsize_efbig_child(void)
{
	char buf[2000];
	memset(buf, 'f', sizeof buf);
	struct rlimit rl = { 1000, 1000 };
	child_check(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	child_check(setrlimit(RLIMIT_FSIZE, &rl) == 0);
	int fd = open("big", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	child_check(fd >= 0);
	/* A write crossing the limit is cut short, the next one fails. */
	child_check(write(fd, buf, sizeof buf) == 1000);
	child_check_errno(write(fd, buf, 1), EFBIG);
}

static void setrlimit_fsize_write_beyond_fails_efbig(void **state)
{
	(void)state;
	conf_in_child(fsize_efbig_child);
	assert_ok(unlink("big"));
}

static void setrlimit_fsize_write_beyond_raises_sigxfsz(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct rlimit rl = { 10, 10 };
		signal(SIGXFSZ, SIG_DFL);
		child_check(setrlimit(RLIMIT_FSIZE, &rl) == 0);
		int fd = open("big2", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		child_check(fd >= 0);
		child_check(write(fd, "0123456789", 10) == 10);
		(void)!write(fd, "x", 1);
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGXFSZ);
	assert_ok(unlink("big2"));
}

static void as_child(void)
{
	struct rlimit rl = { 256UL << 20, 256UL << 20 };
	child_check(setrlimit(RLIMIT_AS, &rl) == 0);
	void *p = mmap(NULL, 512UL << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	child_check(p == MAP_FAILED && errno == ENOMEM);
}

static void setrlimit_as_large_mmap_fails_enomem(void **state)
{
	(void)state;
	conf_in_child(as_child);
}

static void inherit_child(void)
{
	struct rlimit rl = { 0, 0 };
	child_check(setrlimit(RLIMIT_CORE, &rl) == 0);
	pid_t pid = fork();
	child_check(pid >= 0);
	if (pid == 0) {
		struct rlimit got;
		_exit(getrlimit(RLIMIT_CORE, &got) == 0 && got.rlim_cur == 0 &&
		      got.rlim_max == 0 ? 0 : 1);
	}
	int status;
	child_check(waitpid(pid, &status, 0) == pid);
	child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void setrlimit_is_inherited_across_fork(void **state)
{
	(void)state;
	conf_in_child(inherit_child);
}

static void prlimit_self_matches_getrlimit(void **state)
{
	(void)state;
	struct rlimit a, b;
	assert_ok(getrlimit(RLIMIT_NOFILE, &a));
	assert_ok(prlimit(0, RLIMIT_NOFILE, NULL, &b));
	assert_int_equal(a.rlim_cur, b.rlim_cur);
	assert_int_equal(a.rlim_max, b.rlim_max);
	assert_ok(prlimit(getpid(), RLIMIT_NOFILE, NULL, &b));
	assert_int_equal(a.rlim_cur, b.rlim_cur);
}

static void prlimit_set_child(void)
{
	struct rlimit cur, old, nw;
	child_check(getrlimit(RLIMIT_NOFILE, &cur) == 0);
	nw = cur;
	nw.rlim_cur = 100;
	child_check(prlimit(0, RLIMIT_NOFILE, &nw, &old) == 0);
	child_check(old.rlim_cur == cur.rlim_cur && old.rlim_max == cur.rlim_max);
	child_check(getrlimit(RLIMIT_NOFILE, &cur) == 0 && cur.rlim_cur == 100);
}

static void prlimit_set_returns_old_limit(void **state)
{
	(void)state;
	conf_in_child(prlimit_set_child);
}

static void prlimit_other_process_sets_its_limit(void **state)
{
	(void)state;
	int go[2], rep[2];
	char c;
	assert_ok(pipe(go));
	assert_ok(pipe(rep));
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct rlimit rl;
		child_check(conf_read_full(go[0], &c, 1));
		child_check(getrlimit(RLIMIT_CORE, &rl) == 0);
		child_check(write(rep[1], &rl.rlim_cur, sizeof rl.rlim_cur) == sizeof rl.rlim_cur);
		_exit(0);
	}
	struct rlimit rl = { 0, 0 }, old;
	assert_ok(prlimit(pid, RLIMIT_CORE, &rl, &old));
	assert_int_equal(assert_ok(write(go[1], "g", 1)), 1);
	rlim_t seen = 1;
	assert_true(conf_read_full(rep[0], &seen, sizeof seen));
	assert_int_equal(seen, 0);
	assert_child_ok(pid);
	close(go[0]);
	close(go[1]);
	close(rep[0]);
	close(rep[1]);
}

static void prlimit_reaped_pid_fails_esrch(void **state)
{
	(void)state;
	struct rlimit rl;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(prlimit(pid, RLIMIT_NOFILE, NULL, &rl), ESRCH);
}

static void prlimit_invalid_resource_fails_einval(void **state)
{
	(void)state;
	struct rlimit rl;
	assert_errno(prlimit(0, (__rlimit_resource_t)1000, NULL, &rl), EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getrlimit_soft_not_above_hard),
		cmocka_unit_test(getrlimit_invalid_resource_fails_einval),
		cmocka_unit_test(getrlimit_bad_pointer_fails_efault),
		cmocka_unit_test(setrlimit_nofile_lowered_open_fails_emfile),
		cmocka_unit_test(setrlimit_soft_above_hard_fails_einval),
		cmocka_unit_test(setrlimit_raise_hard_without_cap_fails_eperm),
		cmocka_unit_test(setrlimit_nofile_above_nr_open_fails_eperm),
		cmocka_unit_test(setrlimit_fsize_write_beyond_fails_efbig),
		cmocka_unit_test(setrlimit_fsize_write_beyond_raises_sigxfsz),
		cmocka_unit_test(setrlimit_as_large_mmap_fails_enomem),
		cmocka_unit_test(setrlimit_is_inherited_across_fork),
		cmocka_unit_test(prlimit_self_matches_getrlimit),
		cmocka_unit_test(prlimit_set_returns_old_limit),
		cmocka_unit_test(prlimit_other_process_sets_its_limit),
		cmocka_unit_test(prlimit_reaped_pid_fails_esrch),
		cmocka_unit_test(prlimit_invalid_resource_fails_einval),
	};
	return conf_run(tests);
}
