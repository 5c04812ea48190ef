/* Conformance: open(2)/openat(2) flags: O_CREAT, O_EXCL, O_TRUNC, O_APPEND,
 * O_DIRECTORY, O_NOFOLLOW, O_PATH, O_TMPFILE, O_CLOEXEC, and the path rules
 * that go with them (trailing slashes, empty paths, dangling symlinks). */
#include "fs_common.h"

static void open_creat_new_file_mode_masked_by_umask(void **state)
{
	(void)state;
	umask(027);
	int fd = (int)assert_ok(open("f", O_CREAT | O_WRONLY, 0666));
	close(fd);
	assert_int_equal(conf_mode("f") & 07777, 0640);
	assert_true(S_ISREG(conf_mode("f")));
}

static void open_missing_without_creat_fails_enoent(void **state)
{
	(void)state;
	assert_errno(open("missing", O_RDONLY), ENOENT);
}

static void open_excl_existing_fails_eexist(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
}

static void open_excl_dangling_symlink_fails_eexist(void **state)
{
	(void)state;
	assert_ok(symlink("target", "link"));
	/* O_CREAT|O_EXCL never follows a trailing symlink (open(2)). */
	assert_errno(open("link", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	assert_false(conf_exists("target"));
}

static void open_creat_dangling_symlink_creates_target(void **state)
{
	(void)state;
	assert_ok(symlink("target", "link"));
	int fd = (int)assert_ok(open("link", O_CREAT | O_WRONLY, 0644));
	close(fd);
	assert_true(S_ISREG(conf_mode("target")));
	assert_true(S_ISLNK(conf_mode("link")));
}

static void open_trunc_existing_truncates_to_zero(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "0123456789");
	int fd = (int)assert_ok(open("f", O_WRONLY | O_TRUNC));
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 0);
	close(fd);
}

static void open_append_writes_at_end(void **state)
{
	(void)state;
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_WRONLY | O_APPEND));
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_SET)), 0);
	assert_int_equal(assert_ok(write(fd, "d", 1)), 1);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_CUR)), 4);
	close(fd);
	assert_file_contents("f", "abcd");
}

static void open_directory_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
}

static void open_directory_on_dir_succeeds(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	int fd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(fstat(fd, &st));
	assert_true(S_ISDIR(st.st_mode));
	close(fd);
}

static void open_dir_for_writing_fails_eisdir(void **state)
{
	(void)state;
	assert_errno(open(".", O_WRONLY), EISDIR);
	assert_errno(open(".", O_RDWR), EISDIR);
}

static void open_nofollow_symlink_fails_eloop(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "link"));
	assert_errno(open("link", O_RDONLY | O_NOFOLLOW), ELOOP);
}

static void open_nofollow_only_checks_last_component(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(symlink("d", "dl"));
	int fd = (int)assert_ok(open("dl/f", O_RDONLY | O_NOFOLLOW));
	close(fd);
}

static void open_path_nofollow_returns_symlink_fd(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(symlink("nowhere", "link"));
	int fd = (int)assert_ok(open("link", O_PATH | O_NOFOLLOW));
	assert_ok(fstat(fd, &st));
	assert_true(S_ISLNK(st.st_mode));
	close(fd);
}

static void open_path_read_fails_ebadf(void **state)
{
	(void)state;
	char c;
	conf_write_file("f", "x");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_errno(read(fd, &c, 1), EBADF);
	assert_errno(write(fd, "y", 1), EBADF);
	close(fd);
}

static void open_path_fstat_and_getfl_work(void **state)
{
	(void)state;
	struct stat st;
	conf_write_file("f", "xyz");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_ok(fstat(fd, &st));
	assert_int_equal(st.st_size, 3);
	assert_true(assert_ok(fcntl(fd, F_GETFL)) & O_PATH);
	close(fd);
}

static int open_tmpfile_or_skip(int flags)
{
	int fd = open(".", O_TMPFILE | flags, 0600);
	if (fd == -1 && (errno == EOPNOTSUPP || errno == EISDIR))
		skip_because("the file system has no O_TMPFILE (%s)",
			     conf_errname(errno));
	return fd;
}

static void open_tmpfile_is_unnamed_and_linkable(void **state)
{
	(void)state;
	char proc[64];
	int fd = open_tmpfile_or_skip(O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(assert_ok(write(fd, "tmp", 3)), 3);
	/* Nothing appeared in the directory. */
	DIR *d = opendir(".");
	assert_non_null(d);
	struct dirent *e;
	int entries = 0;
	while ((e = readdir(d)) != NULL)
		entries++;
	closedir(d);
	assert_int_equal(entries, 2);
	/* The documented way to give it a name without CAP_DAC_READ_SEARCH. */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (access(proc, F_OK) != 0)
		skip_because("/proc/self/fd is not available");
	assert_ok(linkat(AT_FDCWD, proc, AT_FDCWD, "named", AT_SYMLINK_FOLLOW));
	close(fd);
	assert_file_contents("named", "tmp");
}

static void open_tmpfile_excl_cannot_be_linked(void **state)
{
	(void)state;
	char proc[64];
	int fd = open_tmpfile_or_skip(O_RDWR | O_EXCL);
	assert_true(fd >= 0);
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	if (access(proc, F_OK) != 0)
		skip_because("/proc/self/fd is not available");
	assert_errno(linkat(AT_FDCWD, proc, AT_FDCWD, "named", AT_SYMLINK_FOLLOW),
		     ENOENT);
	close(fd);
}

static void open_tmpfile_readonly_fails_einval(void **state)
{
	(void)state;
	assert_errno(open(".", O_TMPFILE | O_RDONLY, 0600), EINVAL);
}

static void open_tmpfile_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(open("f", O_TMPFILE | O_RDWR, 0600), ENOTDIR);
}

static void open_cloexec_sets_fd_cloexec(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY | O_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)) & FD_CLOEXEC, FD_CLOEXEC);
	close(fd);
	fd = (int)assert_ok(open("f", O_RDONLY));
	assert_int_equal(assert_ok(fcntl(fd, F_GETFD)) & FD_CLOEXEC, 0);
	close(fd);
}

static void open_trailing_slash_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(open("f/", O_RDONLY), ENOTDIR);
}

static void open_creat_trailing_slash_fails_eisdir(void **state)
{
	(void)state;
	assert_errno(open("new/", O_CREAT | O_WRONLY, 0644), EISDIR);
	assert_false(conf_exists("new"));
}

static void open_empty_path_fails_enoent(void **state)
{
	(void)state;
	assert_errno(open("", O_RDONLY), ENOENT);
}

static void open_component_not_dir_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(open("f/x", O_RDONLY), ENOTDIR);
	assert_errno(open("f/x", O_CREAT | O_WRONLY, 0644), ENOTDIR);
}

static void open_name_too_long_fails_enametoolong(void **state)
{
	(void)state;
	char name[NAME_MAX + 2];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = 0;
	assert_errno(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(open_creat_new_file_mode_masked_by_umask),
		conf_case(open_missing_without_creat_fails_enoent),
		conf_case(open_excl_existing_fails_eexist),
		conf_case(open_excl_dangling_symlink_fails_eexist),
		conf_case(open_creat_dangling_symlink_creates_target),
		conf_case(open_trunc_existing_truncates_to_zero),
		conf_case(open_append_writes_at_end),
		conf_case(open_directory_on_file_fails_enotdir),
		conf_case(open_directory_on_dir_succeeds),
		conf_case(open_dir_for_writing_fails_eisdir),
		conf_case(open_nofollow_symlink_fails_eloop),
		conf_case(open_nofollow_only_checks_last_component),
		conf_case(open_path_nofollow_returns_symlink_fd),
		conf_case(open_path_read_fails_ebadf),
		conf_case(open_path_fstat_and_getfl_work),
		conf_case(open_tmpfile_is_unnamed_and_linkable),
		conf_case(open_tmpfile_excl_cannot_be_linked),
		conf_case(open_tmpfile_readonly_fails_einval),
		conf_case(open_tmpfile_on_file_fails_enotdir),
		conf_case(open_cloexec_sets_fd_cloexec),
		conf_case(open_trailing_slash_on_file_fails_enotdir),
		conf_case(open_creat_trailing_slash_fails_eisdir),
		conf_case(open_empty_path_fails_enoent),
		conf_case(open_component_not_dir_fails_enotdir),
		conf_case(open_name_too_long_fails_enametoolong),
	};
	return conf_run(tests);
}
