/* Conformance: permission bits — which class of the mode applies, the
 * special bits (setuid, setgid, sticky) and when the kernel clears them,
 * and creation modes.  umask(2) itself is in umask.c. */
#include "fs_common.h"

/* Whether the kernel lets this caller keep S_ISUID/S_ISGID across a write
 * or truncate: it asks capable(CAP_FSETID), which only counts in the
 * initial user namespace. */
static bool keeps_suid_on_write(void)
{
	return conf_has_cap(CAP_FSETID) && conf_in_initial_userns();
}

static void open_read_without_read_bit_fails_eacces(void **state)
{
	(void)state;
	conf_write_file("f", "secret");
	assert_ok(chmod("f", 0200));
	conf_drop_dac_or_skip();
	assert_errno(open("f", O_RDONLY), EACCES);
	close((int)assert_ok(open("f", O_WRONLY)));
}

static void open_write_without_write_bit_fails_eacces(void **state)
{
	(void)state;
	conf_write_file("f", "x");
	assert_ok(chmod("f", 0400));
	conf_drop_dac_or_skip();
	assert_errno(open("f", O_WRONLY), EACCES);
	assert_errno(open("f", O_RDWR), EACCES);
	close((int)assert_ok(open("f", O_RDONLY)));
}

static void owner_class_applies_even_if_others_may(void **state)
{
	(void)state;
	conf_write_file("f", "x");
	/* The owner gets the owner bits only, not the more generous
	 * group/other bits (path_resolution(7), "Permissions"). */
	assert_ok(chmod("f", 0077));
	conf_drop_dac_or_skip();
	assert_errno(open("f", O_RDONLY), EACCES);
}

static void dir_without_write_bit_refuses_create_eacces(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(chmod("d", 0555));
	conf_drop_dac_or_skip();
	assert_errno(open("d/f", O_CREAT | O_WRONLY, 0644), EACCES);
	assert_errno(mkdir("d/sub", 0755), EACCES);
	assert_errno(symlink("x", "d/l"), EACCES);
}

static void chmod_setuid_on_own_file_is_kept(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 04755));
	assert_int_equal(conf_mode("f") & 07777, 04755);
}

static void write_clears_setuid_unless_cap_fsetid(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 04755));
	int fd = (int)assert_ok(open("f", O_WRONLY));
	assert_int_equal(assert_ok(write(fd, "x", 1)), 1);
	close(fd);
	/* file_remove_privs(): a write kills S_ISUID unless the writer has
	 * CAP_FSETID. */
	if (keeps_suid_on_write())
		assert_int_equal(conf_mode("f") & 07777, 04755);
	else
		assert_int_equal(conf_mode("f") & 07777, 0755);
}

static void truncate_clears_setgid_unless_cap_fsetid(void **state)
{
	(void)state;
	conf_write_file("f", "data");
	assert_ok(chmod("f", 02775));
	if ((conf_mode("f") & 02000) == 0)
		skip_because("the setgid bit was not kept by chmod");
	assert_ok(truncate("f", 1));
	if (keeps_suid_on_write())
		assert_int_equal(conf_mode("f") & 07777, 02775);
	else
		assert_int_equal(conf_mode("f") & 07777, 0775);
}

static void mkdir_in_setgid_dir_inherits_group_and_bit(void **state)
{
	(void)state;
	struct stat parent, child;
	assert_ok(mkdir("d", 0775));
	assert_ok(chmod("d", 02775));
	assert_ok(stat("d", &parent));
	if (!(parent.st_mode & S_ISGID))
		skip_because("the setgid bit was not kept on the directory");
	assert_ok(mkdir("d/sub", 0755));
	conf_touch("d/f");
	assert_ok(stat("d/sub", &child));
	assert_true(child.st_mode & S_ISGID);
	assert_int_equal(child.st_gid, parent.st_gid);
	assert_ok(stat("d/f", &child));
	assert_int_equal(child.st_gid, parent.st_gid);
}

static void chmod_sticky_bit_on_dir_is_kept(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	assert_ok(chmod("d", 01777));
	assert_int_equal(conf_mode("d") & 07777, 01777);
}

static void open_creat_mode_ignores_type_bits(void **state)
{
	(void)state;
	umask(0);
	close((int)assert_ok(open("f", O_CREAT | O_WRONLY, S_IFDIR | 0640)));
	assert_true(S_ISREG(conf_mode("f")));
	assert_int_equal(conf_mode("f") & 07777, 0640);
}

static void open_creat_keeps_special_bits_of_mode(void **state)
{
	(void)state;
	umask(0);
	close((int)assert_ok(open("f", O_CREAT | O_WRONLY, 01755)));
	assert_int_equal(conf_mode("f") & 07777, 01755);
}

static void sticky_dir_refuses_unlink_by_other_user_eperm(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID to act as another user");
	assert_ok(mkdir("t", 0755));
	assert_ok(chmod("t", 01777));
	conf_touch("t/mine");
	int dfd = (int)assert_ok(open("t", O_PATH | O_DIRECTORY));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (!conf_become_nobody())
			_exit(CONF_CHILD_SKIP);
		/* The directory is writable for all, but sticky. */
		child_check_errno(unlinkat(dfd, "mine", 0), EPERM);
		child_check_errno(renameat(dfd, "mine", dfd, "stolen"), EPERM);
		int fd = openat(dfd, "theirs", O_CREAT | O_WRONLY, 0644);
		child_check(fd >= 0);
		close(fd);
		child_check(unlinkat(dfd, "theirs", 0) == 0);
		_exit(0);
	}
	assert_child_ok_or_skip(pid, "cannot change ids here");
	close(dfd);
	assert_true(conf_exists("t/mine"));
}

static void chmod_setgid_for_foreign_group_is_dropped(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID) || !conf_has_cap(CAP_CHOWN))
		skip_because("needs CAP_SETUID and CAP_CHOWN to set up a foreign group");
	conf_touch("f");
	/* Owned by the child-to-be, group 0, which it will not be in. */
	if (chown("f", 65534, 0) == -1 && errno == EINVAL)
		skip_because("uid 65534 is not mapped in this user namespace");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (!conf_become_nobody())
			_exit(CONF_CHILD_SKIP);
		/* chmod(2): S_ISGID is silently cleared if the file's group is
		 * not one of the caller's, without CAP_FSETID. */
		child_check(fchmod(fd, 02755) == 0);
		_exit(0);
	}
	assert_child_ok_or_skip(pid, "cannot change ids here");
	close(fd);
	assert_int_equal(conf_mode("f") & 07777, 0755);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(open_read_without_read_bit_fails_eacces),
		conf_case(open_write_without_write_bit_fails_eacces),
		conf_case(owner_class_applies_even_if_others_may),
		conf_case(dir_without_write_bit_refuses_create_eacces),
		conf_case(chmod_setuid_on_own_file_is_kept),
		conf_case(write_clears_setuid_unless_cap_fsetid),
		conf_case(truncate_clears_setgid_unless_cap_fsetid),
		conf_case(mkdir_in_setgid_dir_inherits_group_and_bit),
		conf_case(chmod_sticky_bit_on_dir_is_kept),
		conf_case(open_creat_mode_ignores_type_bits),
		conf_case(open_creat_keeps_special_bits_of_mode),
		conf_case(sticky_dir_refuses_unlink_by_other_user_eperm),
		conf_case(chmod_setgid_for_foreign_group_is_dropped),
	};
	return conf_run(tests);
}
