/* Conformance: rename(2), renameat(2), renameat2(2) — replacing files and
 * directories, the type-mismatch errors, RENAME_NOREPLACE and
 * RENAME_EXCHANGE. */
#include "fs_common.h"

#include <linux/fs.h>

static ino_t ino_of(const char *path)
{
	struct stat st;
	assert_ok(lstat(path, &st));
	return st.st_ino;
}

static long renameat2_or_skip(const char *from, const char *to, unsigned flags)
{
	long r = syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
	if (r == -1 && errno == ENOSYS)
		skip_because("renameat2 is not available (ENOSYS)");
	return r;
}

static void rename_file_to_new_name(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	assert_ok(rename("a", "b"));
	assert_false(conf_exists("a"));
	assert_file_contents("b", "A");
}

static void rename_over_existing_file_replaces_it(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	conf_write_file("b", "B");
	ino_t ia = ino_of("a");
	assert_ok(rename("a", "b"));
	assert_false(conf_exists("a"));
	assert_int_equal(ino_of("b"), ia);
	assert_file_contents("b", "A");
}

static void rename_missing_source_fails_enoent(void **state)
{
	(void)state;
	assert_errno(rename("missing", "b"), ENOENT);
}

static void rename_to_itself_is_noop(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	assert_ok(rename("a", "a"));
	assert_file_contents("a", "A");
}

static void rename_between_hard_links_is_noop(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	assert_ok(link("a", "b"));
	/* rename(2): if both names are links to the same file, do nothing. */
	assert_ok(rename("a", "b"));
	assert_true(conf_exists("a"));
	assert_true(conf_exists("b"));
}

static void rename_dir_over_empty_dir_replaces_it(void **state)
{
	(void)state;
	assert_ok(mkdir("d1", 0755));
	conf_touch("d1/f");
	assert_ok(mkdir("d2", 0755));
	assert_ok(rename("d1", "d2"));
	assert_false(conf_exists("d1"));
	assert_true(conf_exists("d2/f"));
}

static void rename_dir_over_nonempty_dir_fails_enotempty(void **state)
{
	(void)state;
	assert_ok(mkdir("d1", 0755));
	assert_ok(mkdir("d2", 0755));
	conf_touch("d2/f");
	errno = 0;
	assert_int_equal(rename("d1", "d2"), -1);
	/* POSIX allows either; Linux file systems answer ENOTEMPTY. */
	if (errno != ENOTEMPTY && errno != EEXIST)
		fail_msg("expected ENOTEMPTY or EEXIST, got %s", conf_errname(errno));
	assert_true(conf_exists("d2/f"));
}

static void rename_dir_over_file_fails_enotdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("f");
	assert_errno(rename("d", "f"), ENOTDIR);
}

static void rename_file_over_dir_fails_eisdir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("f");
	assert_errno(rename("f", "d"), EISDIR);
}

static void rename_dir_into_own_subdir_fails_einval(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(mkdir("d/sub", 0755));
	assert_errno(rename("d", "d/sub/moved"), EINVAL);
	assert_errno(rename("d", "d/moved"), EINVAL);
}

static void rename_dot_source_fails_ebusy(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_errno(rename("d/.", "e"), EBUSY);
}

static void rename_trailing_slash_on_file_fails_enotdir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(rename("f/", "g"), ENOTDIR);
	assert_errno(rename("f", "g/"), ENOTDIR);
	assert_true(conf_exists("f"));
}

static void rename_symlink_moves_link_not_target(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l1"));
	assert_ok(rename("l1", "l2"));
	assert_true(S_ISLNK(conf_mode("l2")));
	assert_true(S_ISREG(conf_mode("f")));
}

static void renameat_between_dirfds(void **state)
{
	(void)state;
	assert_ok(mkdir("src", 0755));
	assert_ok(mkdir("dst", 0755));
	conf_write_file("src/f", "moved");
	int s = (int)assert_ok(open("src", O_RDONLY | O_DIRECTORY));
	int d = (int)assert_ok(open("dst", O_PATH | O_DIRECTORY));
	assert_ok(renameat(s, "f", d, "g"));
	close(s);
	close(d);
	assert_file_contents("dst/g", "moved");
	assert_false(conf_exists("src/f"));
}

static void renameat2_noreplace_existing_fails_eexist(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	conf_write_file("b", "B");
	assert_errno(renameat2_or_skip("a", "b", RENAME_NOREPLACE), EEXIST);
	assert_file_contents("b", "B");
}

static void renameat2_noreplace_new_name_succeeds(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	assert_ok(renameat2_or_skip("a", "b", RENAME_NOREPLACE));
	assert_file_contents("b", "A");
}

static void renameat2_exchange_swaps_files(void **state)
{
	(void)state;
	conf_write_file("a", "A");
	conf_write_file("b", "B");
	assert_ok(renameat2_or_skip("a", "b", RENAME_EXCHANGE));
	assert_file_contents("a", "B");
	assert_file_contents("b", "A");
}

static void renameat2_exchange_file_and_dir(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(mkdir("d", 0755));
	conf_touch("d/inner");
	assert_ok(renameat2_or_skip("f", "d", RENAME_EXCHANGE));
	assert_true(S_ISDIR(conf_mode("f")));
	assert_true(conf_exists("f/inner"));
	assert_true(S_ISREG(conf_mode("d")));
}

static void renameat2_exchange_missing_target_fails_enoent(void **state)
{
	(void)state;
	conf_touch("a");
	assert_errno(renameat2_or_skip("a", "b", RENAME_EXCHANGE), ENOENT);
	assert_true(conf_exists("a"));
}

static void renameat2_exchange_with_noreplace_fails_einval(void **state)
{
	(void)state;
	conf_touch("a");
	conf_touch("b");
	assert_errno(renameat2_or_skip("a", "b", RENAME_EXCHANGE | RENAME_NOREPLACE),
		     EINVAL);
}

static void renameat2_unknown_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("a");
	assert_errno(renameat2_or_skip("a", "b", 1u << 20), EINVAL);
}

static void rename_updates_dotdot_of_moved_dir(void **state)
{
	(void)state;
	struct stat a, b;
	assert_ok(mkdir("d", 0755));
	assert_ok(mkdir("p", 0755));
	assert_ok(rename("d", "p/d"));
	assert_ok(stat("p/d/..", &a));
	assert_ok(stat("p", &b));
	assert_int_equal(a.st_ino, b.st_ino);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(rename_file_to_new_name),
		conf_case(rename_over_existing_file_replaces_it),
		conf_case(rename_missing_source_fails_enoent),
		conf_case(rename_to_itself_is_noop),
		conf_case(rename_between_hard_links_is_noop),
		conf_case(rename_dir_over_empty_dir_replaces_it),
		conf_case(rename_dir_over_nonempty_dir_fails_enotempty),
		conf_case(rename_dir_over_file_fails_enotdir),
		conf_case(rename_file_over_dir_fails_eisdir),
		conf_case(rename_dir_into_own_subdir_fails_einval),
		conf_case(rename_dot_source_fails_ebusy),
		conf_case(rename_trailing_slash_on_file_fails_enotdir),
		conf_case(rename_symlink_moves_link_not_target),
		conf_case(renameat_between_dirfds),
		conf_case(renameat2_noreplace_existing_fails_eexist),
		conf_case(renameat2_noreplace_new_name_succeeds),
		conf_case(renameat2_exchange_swaps_files),
		conf_case(renameat2_exchange_file_and_dir),
		conf_case(renameat2_exchange_missing_target_fails_enoent),
		conf_case(renameat2_exchange_with_noreplace_fails_einval),
		conf_case(renameat2_unknown_flag_fails_einval),
		conf_case(rename_updates_dotdot_of_moved_dir),
	};
	return conf_run(tests);
}
