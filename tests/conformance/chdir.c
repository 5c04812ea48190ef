/* Conformance: chdir(2), fchdir(2), getcwd(2), and what a removed working
 * directory still allows. */
#include "fs_common.h"

/* The raw syscall: it returns the length including the NUL, and glibc's
 * getcwd() adds its own fallbacks on top. */
static long sys_getcwd(char *buf, size_t size)
{
	return syscall(SYS_getcwd, buf, size);
}

/* Path of NAME in the case directory, as getcwd reports it (the scratch
 * directory may be reached through a symlink such as /tmp). */
static void real_case_path(const char *name, char *out, size_t size)
{
	char abs[PATH_MAX];
	assert_true(size >= PATH_MAX);
	if (!realpath(conf_abs(name, abs, sizeof abs), out))
		fail_msg("realpath %s: %s", abs, conf_errname(errno));
}

static void chdir_into_subdir_changes_getcwd(void **state)
{
	(void)state;
	char cwd[PATH_MAX], want[PATH_MAX];
	assert_ok(mkdir("d", 0755));
	real_case_path("d", want, sizeof want);
	assert_ok(chdir("d"));
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_string_equal(cwd, want);
}

static void chdir_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(chdir("missing"), ENOENT);
	assert_errno(chdir(""), ENOENT);
}

static void chdir_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(chdir("f"), ENOTDIR);
}

static void chdir_dotdot_returns_to_parent(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(stat(".", &a));
	assert_ok(mkdir("d", 0755));
	assert_ok(chdir("d"));
	assert_ok(chdir(".."));
	assert_ok(stat(".", &b));
	assert_int_equal(a.st_ino, b.st_ino);
}

static void chdir_through_symlink_reports_real_path(void **state)
{
	(void)state;
	char cwd[PATH_MAX], want[PATH_MAX];
	assert_ok(mkdir("real", 0755));
	assert_ok(symlink("real", "link"));
	real_case_path("real", want, sizeof want);
	assert_ok(chdir("link"));
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_string_equal(cwd, want);
}

static void chdir_unsearchable_dir_fails_eacces(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	assert_ok(mkdir("d", 0600));
	assert_errno(chdir("d"), EACCES);
}

static void fchdir_changes_cwd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/marker");
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(fchdir(dfd));
	close(dfd);
	assert_true(conf_exists("marker"));
}

static void fchdir_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(fchdir(fd), ENOTDIR);
	close(fd);
}

static void fchdir_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	assert_errno(fchdir(-1), EBADF);
}

static void fchdir_o_path_dir_fd_succeeds(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/marker");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_ok(fchdir(dfd));
	close(dfd);
	assert_true(conf_exists("marker"));
}

static void getcwd_returns_length_including_nul(void **state)
{
	(void)state;
	char buf[PATH_MAX];
	long n = assert_ok(sys_getcwd(buf, sizeof buf));
	assert_int_equal(n, strlen(buf) + 1);
	assert_int_equal(buf[0], '/');
}

static void getcwd_small_buffer_fails_erange(void **state)
{
	(void)state;
	char buf[PATH_MAX];
	long n = assert_ok(sys_getcwd(buf, sizeof buf));
	assert_errno(sys_getcwd(buf, (size_t)n - 1), ERANGE);
	assert_errno(sys_getcwd(buf, 1), ERANGE);
	assert_int_equal(assert_ok(sys_getcwd(buf, (size_t)n)), n);
}

static void getcwd_after_rmdir_of_cwd_fails_enoent(void **state)
{
	(void)state;
	char buf[PATH_MAX];
	assert_ok(mkdir("d", 0755));
	assert_ok(chdir("d"));
	assert_ok(rmdir("../d"));
	assert_errno(sys_getcwd(buf, sizeof buf), ENOENT);
}

static void creat_in_removed_cwd_fails_enoent(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(chdir("d"));
	assert_ok(rmdir("../d"));
	assert_errno(open("new", O_CREAT | O_WRONLY, 0644), ENOENT);
	assert_errno(mkdir("sub", 0755), ENOENT);
}

static void chdir_dotdot_from_removed_cwd_succeeds(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(stat(".", &a));
	assert_ok(mkdir("d", 0755));
	assert_ok(chdir("d"));
	assert_ok(rmdir("../d"));
	assert_ok(chdir(".."));
	assert_ok(stat(".", &b));
	assert_int_equal(a.st_ino, b.st_ino);
}

static void chdir_in_child_leaves_parent_cwd(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(mkdir("d", 0755));
	assert_ok(stat(".", &a));
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(chdir("d") == 0 ? 0 : 1);
	assert_child_ok(pid);
	assert_ok(stat(".", &b));
	assert_int_equal(a.st_ino, b.st_ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(chdir_into_subdir_changes_getcwd),
		conf_case(chdir_missing_fails_enoent),
		conf_case(chdir_file_fails_enotdir),
		conf_case(chdir_dotdot_returns_to_parent),
		conf_case(chdir_through_symlink_reports_real_path),
		conf_case(chdir_unsearchable_dir_fails_eacces),
		conf_case(fchdir_changes_cwd),
		conf_case(fchdir_on_file_fails_enotdir),
		conf_case(fchdir_bad_fd_fails_ebadf),
		conf_case(fchdir_o_path_dir_fd_succeeds),
		conf_case(getcwd_returns_length_including_nul),
		conf_case(getcwd_small_buffer_fails_erange),
		conf_case(getcwd_after_rmdir_of_cwd_fails_enoent),
		conf_case(creat_in_removed_cwd_fails_enoent),
		conf_case(chdir_dotdot_from_removed_cwd_succeeds),
		conf_case(chdir_in_child_leaves_parent_cwd),
	};
	return conf_run(tests);
}
