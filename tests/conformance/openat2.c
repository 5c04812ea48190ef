/* Conformance: openat2(2) — struct open_how validation and the RESOLVE_*
 * flags that confine path resolution. */
#include "fs_common.h"

#include <linux/openat2.h>

/* The first published size of struct open_how (the kernel-internal
 * OPEN_HOW_SIZE_VER0; uapi headers do not export it). */
#define OPEN_HOW_SIZE_VER0 24

static long sys_openat2(int dirfd, const char *path, struct open_how *how,
			size_t size)
{
	return syscall(SYS_openat2, dirfd, path, how, size);
}

/* openat2 with a plain open_how; skips the case on kernels without it.
 * Under RESOLVE_BENEATH or RESOLVE_IN_ROOT, a ".." step fails EAGAIN when
 * a rename or mount anywhere on the system raced with the walk, and
 * openat2(2) leaves the retry to the caller: with other programs renaming
 * files alongside, that happens now and then, so retry (bounded). */
static long openat2_or_skip(int dirfd, const char *path, uint64_t flags,
			    uint64_t resolve)
{
	struct open_how how = { .flags = flags, .resolve = resolve };
	bool scoped = (resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) &&
		      !(resolve & RESOLVE_CACHED);
	long r;
	for (int tries = 0;; tries++) {
		r = sys_openat2(dirfd, path, &how, sizeof how);
		if (r != -1 || errno != EAGAIN || !scoped || tries == 1000)
			break;
	}
	if (r == -1 && errno == ENOSYS)
		skip_because("openat2 is not available (ENOSYS)");
	return r;
}

static void openat2_plain_open_succeeds(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	conf_write_file("f", "two");
	int fd = (int)assert_ok(openat2_or_skip(AT_FDCWD, "f", O_RDONLY, 0));
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf)), 3);
	assert_string_equal(buf, "two");
	close(fd);
}

static void openat2_unknown_flag_bits_fail_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(openat2_or_skip(AT_FDCWD, "f", 1ULL << 40, 0), EINVAL);
}

static void openat2_mode_without_creat_fails_einval(void **state)
{
	(void)state;
	struct open_how how = { .flags = O_RDONLY, .mode = 0644 };
	conf_touch("f");
	openat2_or_skip(AT_FDCWD, "f", O_RDONLY, 0);
	assert_errno(sys_openat2(AT_FDCWD, "f", &how, sizeof how), EINVAL);
}

static void openat2_size_below_ver0_fails_einval(void **state)
{
	(void)state;
	struct open_how how = { .flags = O_RDONLY };
	conf_touch("f");
	openat2_or_skip(AT_FDCWD, "f", O_RDONLY, 0);
	assert_errno(sys_openat2(AT_FDCWD, "f", &how, OPEN_HOW_SIZE_VER0 - 8), EINVAL);
}

static void openat2_larger_size_nonzero_tail_fails_e2big(void **state)
{
	(void)state;
	struct { struct open_how how; uint64_t extra; } big = {
		.how = { .flags = O_RDONLY }, .extra = 1,
	};
	conf_touch("f");
	openat2_or_skip(AT_FDCWD, "f", O_RDONLY, 0);
	assert_errno(sys_openat2(AT_FDCWD, "f", &big.how, sizeof big), E2BIG);
}

static void openat2_larger_size_zero_tail_succeeds(void **state)
{
	(void)state;
	struct { struct open_how how; uint64_t extra; } big = {
		.how = { .flags = O_RDONLY }, .extra = 0,
	};
	conf_touch("f");
	openat2_or_skip(AT_FDCWD, "f", O_RDONLY, 0);
	int fd = (int)assert_ok(sys_openat2(AT_FDCWD, "f", &big.how, sizeof big));
	close(fd);
}

static void openat2_unknown_resolve_bits_fail_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(openat2_or_skip(AT_FDCWD, "f", O_RDONLY, 1ULL << 50), EINVAL);
}

static void openat2_resolve_beneath_inside_succeeds(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(mkdir("d/sub", 0755));
	conf_touch("d/sub/f");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	int fd = (int)assert_ok(openat2_or_skip(dfd, "sub/../sub/f", O_RDONLY,
						RESOLVE_BENEATH));
	close(fd);
	close(dfd);
}

static void openat2_resolve_beneath_dotdot_fails_exdev(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("f");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_errno(openat2_or_skip(dfd, "../f", O_RDONLY, RESOLVE_BENEATH), EXDEV);
	close(dfd);
}

static void openat2_resolve_beneath_absolute_fails_exdev(void **state)
{
	(void)state;
	char abs[PATH_MAX];
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_errno(openat2_or_skip(dfd, conf_abs("d/f", abs, sizeof abs), O_RDONLY,
				     RESOLVE_BENEATH), EXDEV);
	close(dfd);
}

static void openat2_resolve_beneath_escaping_symlink_fails_exdev(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("f");
	assert_ok(symlink("../f", "d/up"));
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_errno(openat2_or_skip(dfd, "up", O_RDONLY, RESOLVE_BENEATH), EXDEV);
	close(dfd);
}

static void openat2_resolve_in_root_absolute_is_relative_to_dirfd(void **state)
{
	(void)state;
	char buf[16] = { 0 };
	assert_ok(mkdir("root", 0755));
	conf_write_file("root/f", "inside");
	int dfd = (int)assert_ok(open("root", O_PATH | O_DIRECTORY));
	int fd = (int)assert_ok(openat2_or_skip(dfd, "/f", O_RDONLY, RESOLVE_IN_ROOT));
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf - 1)), 6);
	assert_string_equal(buf, "inside");
	close(fd);
	close(dfd);
}

static void openat2_resolve_in_root_dotdot_stays_at_root(void **state)
{
	(void)state;
	char buf[16] = { 0 };
	conf_write_file("f", "outside");
	assert_ok(mkdir("root", 0755));
	conf_write_file("root/f", "inside");
	assert_ok(symlink("/../../f", "root/abs"));
	int dfd = (int)assert_ok(open("root", O_PATH | O_DIRECTORY));
	int fd = (int)assert_ok(openat2_or_skip(dfd, "../../f", O_RDONLY, RESOLVE_IN_ROOT));
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf - 1)), 6);
	assert_string_equal(buf, "inside");
	close(fd);
	/* An absolute symlink target is resolved against the root too. */
	fd = (int)assert_ok(openat2_or_skip(dfd, "abs", O_RDONLY, RESOLVE_IN_ROOT));
	memset(buf, 0, sizeof buf);
	assert_int_equal(assert_ok(read(fd, buf, sizeof buf - 1)), 6);
	assert_string_equal(buf, "inside");
	close(fd);
	close(dfd);
}

static void openat2_resolve_no_symlinks_fails_eloop(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(symlink("d", "dl"));
	assert_ok(symlink("d/f", "fl"));
	assert_errno(openat2_or_skip(AT_FDCWD, "dl/f", O_RDONLY, RESOLVE_NO_SYMLINKS),
		     ELOOP);
	assert_errno(openat2_or_skip(AT_FDCWD, "fl", O_RDONLY, RESOLVE_NO_SYMLINKS),
		     ELOOP);
}

static void openat2_resolve_no_symlinks_path_nofollow_opens_link(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(symlink("nowhere", "link"));
	int fd = (int)assert_ok(openat2_or_skip(AT_FDCWD, "link", O_PATH | O_NOFOLLOW,
						RESOLVE_NO_SYMLINKS));
	assert_ok(fstat(fd, &st));
	assert_true(S_ISLNK(st.st_mode));
	close(fd);
}

static void openat2_resolve_no_magiclinks_proc_fd_fails_eloop(void **state)
{
	(void)state;
	char path[64];
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (access(path, F_OK) != 0)
		skip_because("/proc/self/fd is not available");
	int fd2 = (int)assert_ok(openat2_or_skip(AT_FDCWD, path, O_RDONLY, 0));
	close(fd2);
	assert_errno(openat2_or_skip(AT_FDCWD, path, O_RDONLY, RESOLVE_NO_MAGICLINKS),
		     ELOOP);
	close(fd);
}

static void openat2_resolve_cached_with_creat_fails_eagain(void **state)
{
	(void)state;
	struct open_how how = { .flags = O_CREAT | O_WRONLY, .mode = 0644,
				.resolve = RESOLVE_CACHED };
	openat2_or_skip(AT_FDCWD, ".", O_PATH, 0);
	assert_errno(sys_openat2(AT_FDCWD, "new", &how, sizeof how), EAGAIN);
	assert_false(conf_exists("new"));
}

static void openat2_creat_with_mode_applies_umask(void **state)
{
	(void)state;
	struct open_how how = { .flags = O_CREAT | O_EXCL | O_WRONLY, .mode = 0666 };
	openat2_or_skip(AT_FDCWD, ".", O_PATH, 0);
	umask(022);
	int fd = (int)assert_ok(sys_openat2(AT_FDCWD, "new", &how, sizeof how));
	close(fd);
	assert_int_equal(conf_mode("new") & 07777, 0644);
	assert_errno(sys_openat2(AT_FDCWD, "new", &how, sizeof how), EEXIST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(openat2_plain_open_succeeds),
		conf_case(openat2_unknown_flag_bits_fail_einval),
		conf_case(openat2_mode_without_creat_fails_einval),
		conf_case(openat2_size_below_ver0_fails_einval),
		conf_case(openat2_larger_size_nonzero_tail_fails_e2big),
		conf_case(openat2_larger_size_zero_tail_succeeds),
		conf_case(openat2_unknown_resolve_bits_fail_einval),
		conf_case(openat2_resolve_beneath_inside_succeeds),
		conf_case(openat2_resolve_beneath_dotdot_fails_exdev),
		conf_case(openat2_resolve_beneath_absolute_fails_exdev),
		conf_case(openat2_resolve_beneath_escaping_symlink_fails_exdev),
		conf_case(openat2_resolve_in_root_absolute_is_relative_to_dirfd),
		conf_case(openat2_resolve_in_root_dotdot_stays_at_root),
		conf_case(openat2_resolve_no_symlinks_fails_eloop),
		conf_case(openat2_resolve_no_symlinks_path_nofollow_opens_link),
		conf_case(openat2_resolve_no_magiclinks_proc_fd_fails_eloop),
		conf_case(openat2_resolve_cached_with_creat_fails_eagain),
		conf_case(openat2_creat_with_mode_applies_umask),
	};
	return conf_run(tests);
}
