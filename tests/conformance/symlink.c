/* Conformance: symlink(2), symlinkat(2), readlink(2), readlinkat(2) —
 * dangling and relative targets, loops, length limits, truncation. */
#include "fs_common.h"

static void symlink_creates_link_with_target(void **state)
{
	(void)state;
	char buf[64];
	assert_ok(symlink("some/target", "l"));
	assert_true(S_ISLNK(conf_mode("l")));
	long n = assert_ok(readlink("l", buf, sizeof buf));
	assert_int_equal(n, strlen("some/target"));
	assert_memory_equal(buf, "some/target", (size_t)n);
}

static void symlink_existing_name_fails_eexist(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(symlink("x", "f"), EEXIST);
}

static void symlink_empty_target_fails_enoent(void **state)
{
	(void)state;
	assert_errno(symlink("", "l"), ENOENT);
}

static void symlink_dangling_target_is_allowed(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(symlink("missing", "l"));
	assert_errno(stat("l", &st), ENOENT);
}

static void readlink_does_not_append_nul(void **state)
{
	(void)state;
	char buf[16];
	memset(buf, 'X', sizeof buf);
	assert_ok(symlink("abc", "l"));
	assert_int_equal(assert_ok(readlink("l", buf, sizeof buf)), 3);
	assert_int_equal(buf[3], 'X');
}

static void readlink_truncates_to_buffer_size(void **state)
{
	(void)state;
	char buf[8];
	memset(buf, 'X', sizeof buf);
	assert_ok(symlink("abcdefgh", "l"));
	assert_int_equal(assert_ok(readlink("l", buf, 3)), 3);
	assert_memory_equal(buf, "abcX", 4);
}

static void readlink_zero_size_fails_einval(void **state)
{
	(void)state;
	char buf[4];
	assert_ok(symlink("abc", "l"));
	assert_errno(syscall(SYS_readlink, "l", buf, 0), EINVAL);
}

static void readlink_regular_file_fails_einval(void **state)
{
	(void)state;
	char buf[16];
	conf_touch("f");
	assert_errno(readlink("f", buf, sizeof buf), EINVAL);
}

static void readlink_missing_fails_enoent(void **state)
{
	(void)state;
	char buf[16];
	assert_errno(readlink("missing", buf, sizeof buf), ENOENT);
}

static void readlinkat_relative_to_dirfd(void **state)
{
	(void)state;
	char buf[16];
	assert_ok(mkdir("d", 0755));
	assert_ok(symlink("tgt", "d/l"));
	int dfd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_int_equal(assert_ok(readlinkat(dfd, "l", buf, sizeof buf)), 3);
	assert_memory_equal(buf, "tgt", 3);
	close(dfd);
}

static void readlinkat_empty_path_reads_o_path_link(void **state)
{
	(void)state;
	char buf[16];
	assert_ok(symlink("via-fd", "l"));
	int fd = (int)assert_ok(open("l", O_PATH | O_NOFOLLOW));
	assert_int_equal(assert_ok(readlinkat(fd, "", buf, sizeof buf)), 6);
	assert_memory_equal(buf, "via-fd", 6);
	close(fd);
}

static void symlinkat_relative_to_dirfd(void **state)
{
	(void)state;
	char buf[16];
	assert_ok(mkdir("d", 0755));
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_ok(symlinkat("t", dfd, "l"));
	close(dfd);
	assert_int_equal(assert_ok(readlink("d/l", buf, sizeof buf)), 1);
}

static void symlink_relative_target_resolves_from_link_dir(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_write_file("f", "top");
	assert_ok(symlink("../f", "d/up"));
	assert_file_contents("d/up", "top");
}

static void symlink_loop_fails_eloop(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(symlink("b", "a"));
	assert_ok(symlink("a", "b"));
	assert_errno(stat("a", &st), ELOOP);
	assert_errno(open("a", O_RDONLY), ELOOP);
}

static void symlink_to_itself_fails_eloop(void **state)
{
	(void)state;
	assert_ok(symlink("self", "self"));
	assert_errno(open("self", O_RDONLY), ELOOP);
	assert_errno(open("self/x", O_RDONLY), ELOOP);
}

static void symlink_chain_of_40_resolves_41_fails_eloop(void **state)
{
	(void)state;
	char from[16], to[16];
	struct stat st;
	conf_touch("f");
	/* l1 -> f, l2 -> l1, ... path_resolution(7): at most 40 links. */
	for (int i = 1; i <= 41; i++) {
		snprintf(from, sizeof from, "l%d", i);
		if (i == 1)
			snprintf(to, sizeof to, "f");
		else
			snprintf(to, sizeof to, "l%d", i - 1);
		assert_ok(symlink(to, from));
	}
	assert_ok(stat("l40", &st));
	assert_errno(stat("l41", &st), ELOOP);
}

static void symlink_target_too_long_fails_enametoolong(void **state)
{
	(void)state;
	static char target[PATH_MAX + 1];
	memset(target, 't', PATH_MAX);
	target[PATH_MAX] = 0;
	assert_errno(symlink(target, "l"), ENAMETOOLONG);
}

static void symlink_long_name_component_fails_enametoolong(void **state)
{
	(void)state;
	char name[NAME_MAX + 2];
	memset(name, 's', sizeof name - 1);
	name[sizeof name - 1] = 0;
	assert_errno(symlink("t", name), ENAMETOOLONG);
}

static void symlink_long_target_roundtrips(void **state)
{
	(void)state;
	static char target[1001], buf[1100];
	memset(target, 'x', 1000);
	target[1000] = 0;
	assert_ok(symlink(target, "l"));
	assert_int_equal(assert_ok(readlink("l", buf, sizeof buf)), 1000);
	assert_memory_equal(buf, target, 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(symlink_creates_link_with_target),
		conf_case(symlink_existing_name_fails_eexist),
		conf_case(symlink_empty_target_fails_enoent),
		conf_case(symlink_dangling_target_is_allowed),
		conf_case(readlink_does_not_append_nul),
		conf_case(readlink_truncates_to_buffer_size),
		conf_case(readlink_zero_size_fails_einval),
		conf_case(readlink_regular_file_fails_einval),
		conf_case(readlink_missing_fails_enoent),
		conf_case(readlinkat_relative_to_dirfd),
		conf_case(readlinkat_empty_path_reads_o_path_link),
		conf_case(symlinkat_relative_to_dirfd),
		conf_case(symlink_relative_target_resolves_from_link_dir),
		conf_case(symlink_loop_fails_eloop),
		conf_case(symlink_to_itself_fails_eloop),
		conf_case(symlink_chain_of_40_resolves_41_fails_eloop),
		conf_case(symlink_target_too_long_fails_enametoolong),
		conf_case(symlink_long_name_component_fails_enametoolong),
		conf_case(symlink_long_target_roundtrips),
	};
	return conf_run(tests);
}
