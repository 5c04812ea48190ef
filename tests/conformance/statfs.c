/* Conformance: statfs(2), fstatfs(2), statvfs(3). */
#include "fs_common.h"

#include <sys/statfs.h>
#include <sys/statvfs.h>

#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

static void statfs_reports_consistent_counts(void **state)
{
	(void)state;
	struct statfs sf;
	assert_ok(statfs(".", &sf));
	assert_true(sf.f_bsize > 0);
	assert_true(sf.f_blocks >= sf.f_bfree);
	assert_true(sf.f_bfree >= sf.f_bavail);
	assert_true(sf.f_namelen > 0);
}

static void fstatfs_matches_statfs(void **state)
{
	(void)state;
	struct statfs a, b;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(fstatfs(fd, &a));
	assert_ok(statfs(".", &b));
	assert_int_equal(a.f_type, b.f_type);
	assert_memory_equal(&a.f_fsid, &b.f_fsid, sizeof a.f_fsid);
	assert_int_equal(a.f_bsize, b.f_bsize);
	assert_int_equal(a.f_blocks, b.f_blocks);
	close(fd);
}

static void statfs_on_file_equals_its_dir(void **state)
{
	(void)state;
	struct statfs a, b;
	conf_touch("f");
	assert_ok(statfs("f", &a));
	assert_ok(statfs(".", &b));
	assert_int_equal(a.f_type, b.f_type);
	assert_memory_equal(&a.f_fsid, &b.f_fsid, sizeof a.f_fsid);
}

static void statfs_missing_fails_enoent(void **state)
{
	(void)state;
	struct statfs sf;
	assert_errno(statfs("missing", &sf), ENOENT);
}

static void statfs_component_not_dir_fails_enotdir(void **state)
{
	(void)state;
	struct statfs sf;
	conf_touch("f");
	assert_errno(statfs("f/x", &sf), ENOTDIR);
}

static void fstatfs_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	struct statfs sf;
	assert_errno(fstatfs(-1, &sf), EBADF);
}

static void fstatfs_on_o_path_fd_succeeds(void **state)
{
	(void)state;
	struct statfs a, b;
	int fd = (int)assert_ok(open(".", O_PATH));
	assert_ok(fstatfs(fd, &a));
	assert_ok(statfs(".", &b));
	assert_int_equal(a.f_type, b.f_type);
	close(fd);
}

static void fstatfs_on_pipe_succeeds(void **state)
{
	(void)state;
	struct statfs sf;
	int p[2];
	assert_ok(pipe(p));
	assert_ok(fstatfs(p[0], &sf));
	/* pipefs */
	assert_int_equal(sf.f_type, 0x50495045);
	close(p[0]);
	close(p[1]);
}

static void statfs_follows_symlink(void **state)
{
	(void)state;
	struct statfs a, b;
	assert_ok(mkdir("d", 0755));
	assert_ok(symlink("d", "l"));
	assert_ok(statfs("l", &a));
	assert_ok(statfs("d", &b));
	assert_int_equal(a.f_type, b.f_type);
}

static void statvfs_agrees_with_statfs(void **state)
{
	(void)state;
	struct statfs sf;
	struct statvfs sv;
	assert_ok(statfs(".", &sf));
	assert_ok(statvfs(".", &sv));
	assert_int_equal(sv.f_blocks, sf.f_blocks);
	assert_int_equal(sv.f_namemax, sf.f_namelen);
	assert_int_equal(sv.f_frsize, sf.f_frsize ? sf.f_frsize : sf.f_bsize);
}

static void statfs_proc_reports_proc_magic(void **state)
{
	(void)state;
	struct statfs sf;
	if (statfs("/proc/self", &sf) != 0)
		skip_because("/proc is not mounted");
	assert_int_equal(sf.f_type, PROC_SUPER_MAGIC);
}

static void statfs_dotdot_of_scratch_dir_works(void **state)
{
	(void)state;
	struct statfs sf;
	assert_ok(mkdir("d", 0755));
	assert_ok(statfs("d/..", &sf));
	assert_true(sf.f_bsize > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(statfs_reports_consistent_counts),
		conf_case(fstatfs_matches_statfs),
		conf_case(statfs_on_file_equals_its_dir),
		conf_case(statfs_missing_fails_enoent),
		conf_case(statfs_component_not_dir_fails_enotdir),
		conf_case(fstatfs_bad_fd_fails_ebadf),
		conf_case(fstatfs_on_o_path_fd_succeeds),
		conf_case(fstatfs_on_pipe_succeeds),
		conf_case(statfs_follows_symlink),
		conf_case(statvfs_agrees_with_statfs),
		conf_case(statfs_proc_reports_proc_magic),
		conf_case(statfs_dotdot_of_scratch_dir_works),
	};
	return conf_run(tests);
}
