/* Conformance: extended attributes in the user.* namespace — setxattr,
 * getxattr, listxattr, removexattr and their l- and f- forms. */
#include "fs_common.h"

#include <sys/xattr.h>

/* Make file F and give it user.probe; skip if the file system has no user
 * xattrs. */
static void file_with_xattrs_or_skip(const char *f)
{
	conf_touch(f);
	if (setxattr(f, "user.probe", "1", 1, 0) == -1) {
		if (errno == ENOTSUP)
			skip_because("the file system has no user.* xattrs (ENOTSUP)");
		fail_msg("setxattr: %s", conf_errname(errno));
	}
	assert_ok(removexattr(f, "user.probe"));
}

static void setxattr_then_getxattr_roundtrips(void **state)
{
	(void)state;
	char buf[16] = { 0 };
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.k", "value", 5, 0));
	assert_int_equal(assert_ok(getxattr("f", "user.k", buf, sizeof buf)), 5);
	assert_string_equal(buf, "value");
}

static void getxattr_missing_name_fails_enodata(void **state)
{
	(void)state;
	char buf[16];
	file_with_xattrs_or_skip("f");
	assert_errno(getxattr("f", "user.none", buf, sizeof buf), ENODATA);
}

static void getxattr_small_buffer_fails_erange(void **state)
{
	(void)state;
	char buf[2];
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.k", "value", 5, 0));
	assert_errno(getxattr("f", "user.k", buf, sizeof buf), ERANGE);
}

static void getxattr_zero_size_returns_length(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.k", "value", 5, 0));
	assert_int_equal(assert_ok(getxattr("f", "user.k", NULL, 0)), 5);
}

static void setxattr_create_existing_fails_eexist(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.k", "a", 1, XATTR_CREATE));
	assert_errno(setxattr("f", "user.k", "b", 1, XATTR_CREATE), EEXIST);
	assert_int_equal(assert_ok(getxattr("f", "user.k", buf, sizeof buf)), 1);
	assert_string_equal(buf, "a");
}

static void setxattr_replace_missing_fails_enodata(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_errno(setxattr("f", "user.k", "b", 1, XATTR_REPLACE), ENODATA);
}

static void setxattr_replace_existing_succeeds(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.k", "a", 1, 0));
	assert_ok(setxattr("f", "user.k", "bb", 2, XATTR_REPLACE));
	assert_int_equal(assert_ok(getxattr("f", "user.k", buf, sizeof buf)), 2);
	assert_string_equal(buf, "bb");
}

static void setxattr_invalid_flags_fail_einval(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_errno(setxattr("f", "user.k", "a", 1, 4), EINVAL);
}

static void setxattr_empty_value_is_allowed(void **state)
{
	(void)state;
	char buf[4];
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.empty", "", 0, 0));
	assert_int_equal(assert_ok(getxattr("f", "user.empty", buf, sizeof buf)), 0);
}

static void listxattr_lists_names_nul_separated(void **state)
{
	(void)state;
	char buf[256];
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.one", "1", 1, 0));
	assert_ok(setxattr("f", "user.two", "2", 1, 0));
	long n = assert_ok(listxattr("f", buf, sizeof buf));
	int one = 0, two = 0;
	for (long off = 0; off < n; off += (long)strlen(buf + off) + 1) {
		one += strcmp(buf + off, "user.one") == 0;
		two += strcmp(buf + off, "user.two") == 0;
	}
	assert_int_equal(one, 1);
	assert_int_equal(two, 1);
	assert_int_equal(assert_ok(listxattr("f", NULL, 0)), n);
}

static void listxattr_small_buffer_fails_erange(void **state)
{
	(void)state;
	char buf[4];
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.longer-name", "1", 1, 0));
	assert_errno(listxattr("f", buf, sizeof buf), ERANGE);
}

static void removexattr_removes_attribute(void **state)
{
	(void)state;
	char buf[8];
	file_with_xattrs_or_skip("f");
	assert_ok(setxattr("f", "user.k", "v", 1, 0));
	assert_ok(removexattr("f", "user.k"));
	assert_errno(getxattr("f", "user.k", buf, sizeof buf), ENODATA);
}

static void removexattr_missing_fails_enodata(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_errno(removexattr("f", "user.none"), ENODATA);
}

static void setxattr_unknown_namespace_fails_eopnotsupp(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_errno(setxattr("f", "bogus.k", "v", 1, 0), EOPNOTSUPP);
}

static void lsetxattr_user_on_symlink_fails_eperm(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_ok(symlink("f", "l"));
	/* xattr(7): user attributes are allowed only on files and dirs. */
	assert_errno(lsetxattr("l", "user.k", "v", 1, 0), EPERM);
	/* Without the l, the call follows the link to the file. */
	assert_ok(setxattr("l", "user.k", "v", 1, 0));
}

static void fsetxattr_fgetxattr_through_fd(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	file_with_xattrs_or_skip("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(fsetxattr(fd, "user.fd", "via", 3, 0));
	assert_int_equal(assert_ok(fgetxattr(fd, "user.fd", buf, sizeof buf)), 3);
	assert_string_equal(buf, "via");
	assert_ok(fremovexattr(fd, "user.fd"));
	close(fd);
}

static void getxattr_missing_file_fails_enoent(void **state)
{
	(void)state;
	char buf[8];
	assert_errno(getxattr("missing", "user.k", buf, sizeof buf), ENOENT);
}

static void setxattr_empty_name_fails_erange(void **state)
{
	(void)state;
	file_with_xattrs_or_skip("f");
	assert_errno(setxattr("f", "", "v", 1, 0), ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(setxattr_then_getxattr_roundtrips),
		conf_case(getxattr_missing_name_fails_enodata),
		conf_case(getxattr_small_buffer_fails_erange),
		conf_case(getxattr_zero_size_returns_length),
		conf_case(setxattr_create_existing_fails_eexist),
		conf_case(setxattr_replace_missing_fails_enodata),
		conf_case(setxattr_replace_existing_succeeds),
		conf_case(setxattr_invalid_flags_fail_einval),
		conf_case(setxattr_empty_value_is_allowed),
		conf_case(listxattr_lists_names_nul_separated),
		conf_case(listxattr_small_buffer_fails_erange),
		conf_case(removexattr_removes_attribute),
		conf_case(removexattr_missing_fails_enodata),
		conf_case(setxattr_unknown_namespace_fails_eopnotsupp),
		conf_case(lsetxattr_user_on_symlink_fails_eperm),
		conf_case(fsetxattr_fgetxattr_through_fd),
		conf_case(getxattr_missing_file_fails_enoent),
		conf_case(setxattr_empty_name_fails_erange),
	};
	return conf_run(tests);
}
