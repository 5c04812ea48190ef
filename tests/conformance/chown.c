/* Conformance: chown(2), lchown(2), fchown(2), fchownat(2) — changes to
 * one's own ids always work; others need CAP_CHOWN. */
#include "fs_common.h"

/* A gid that the caller is not a member of, for the EPERM cases. */
static gid_t foreign_gid(void)
{
	gid_t groups[256];
	int n = getgroups(256, groups);
	for (gid_t g = 65534; g > 1000; g--) {
		int member = g == getegid();
		for (int i = 0; i < n && !member; i++)
			member = groups[i] == g;
		if (!member)
			return g;
	}
	fail_msg("no foreign gid found");
	return 0;
}

/* chown PATH (following symlinks unless NOFOLLOW); skip the case if an id
 * is not mapped in this user namespace (EINVAL), which says nothing about
 * chown itself. */
static long chown_mapped(const char *path, uid_t uid, gid_t gid, int nofollow)
{
	errno = 0;
	long r = nofollow ? lchown(path, uid, gid) : chown(path, uid, gid);
	if (r == -1 && errno == EINVAL)
		skip_because("uid %d or gid %d is not mapped in this user namespace",
			     (int)uid, (int)gid);
	return r;
}

/* The fd-based cases change to the caller's own ids: they are
 * meaningful only if those ids are mapped. */
static void own_ids_mapped_or_skip(void)
{
	conf_touch("probe");
	chown_mapped("probe", geteuid(), getegid(), 0);
}

static struct stat st_of(const char *path)
{
	struct stat st;
	assert_ok(lstat(path, &st));
	return st;
}

static void chown_to_own_ids_succeeds(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chown_mapped("f", geteuid(), getegid(), 0));
	assert_int_equal(st_of("f").st_uid, geteuid());
	assert_int_equal(st_of("f").st_gid, getegid());
}

static void chown_minus_one_keeps_ids(void **state)
{
	(void)state;
	conf_touch("f");
	struct stat before = st_of("f");
	assert_ok(chown("f", (uid_t)-1, (gid_t)-1));
	assert_int_equal(st_of("f").st_uid, before.st_uid);
	assert_int_equal(st_of("f").st_gid, before.st_gid);
}

static void chown_missing_fails_enoent(void **state)
{
	(void)state;
	assert_errno(chown("missing", geteuid(), getegid()), ENOENT);
}

static void chown_to_other_uid_needs_cap_chown(void **state)
{
	(void)state;
	conf_touch("f");
	if (conf_has_cap(CAP_CHOWN)) {
		assert_ok(chown_mapped("f", 65534, (gid_t)-1, 0));
		assert_int_equal(st_of("f").st_uid, 65534);
	} else {
		uid_t other = geteuid() == 65534 ? 65533 : 65534;
		assert_errno(chown_mapped("f", other, (gid_t)-1, 0), EPERM);
	}
}

static void chown_to_foreign_group_needs_cap_chown(void **state)
{
	(void)state;
	conf_touch("f");
	gid_t g = foreign_gid();
	if (conf_has_cap(CAP_CHOWN)) {
		assert_ok(chown_mapped("f", (uid_t)-1, g, 0));
		assert_int_equal(st_of("f").st_gid, g);
	} else {
		assert_errno(chown_mapped("f", (uid_t)-1, g, 0), EPERM);
	}
}

static void chown_clears_setuid_bit(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(chmod("f", 04755));
	assert_ok(chown_mapped("f", geteuid(), (gid_t)-1, 0));
	/* chown_common() kills S_ISUID on any non-directory, caps or not. */
	assert_int_equal(st_of("f").st_mode & 07777, 0755);
}

static void lchown_changes_link_not_target(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	if (!conf_has_cap(CAP_CHOWN)) {
		assert_ok(chown_mapped("l", geteuid(), getegid(), 1));
		skip_because("without CAP_CHOWN only the own ids can be set");
	}
	assert_ok(chown_mapped("l", 65534, 65534, 1));
	assert_int_equal(st_of("l").st_uid, 65534);
	assert_int_equal(st_of("f").st_uid, geteuid());
}

static void chown_follows_symlink(void **state)
{
	(void)state;
	conf_touch("f");
	assert_ok(symlink("f", "l"));
	if (!conf_has_cap(CAP_CHOWN)) {
		assert_ok(chown_mapped("l", geteuid(), getegid(), 0));
		skip_because("without CAP_CHOWN only the own ids can be set");
	}
	assert_ok(chown_mapped("l", 65534, (gid_t)-1, 0));
	assert_int_equal(st_of("f").st_uid, 65534);
	assert_int_equal(st_of("l").st_uid, geteuid());
}

static void fchown_changes_file_of_fd(void **state)
{
	(void)state;
	own_ids_mapped_or_skip();
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(fchown(fd, geteuid(), getegid()));
	close(fd);
	assert_int_equal(st_of("f").st_uid, geteuid());
}

static void fchown_o_path_fd_fails_ebadf(void **state)
{
	(void)state;
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_errno(fchown(fd, geteuid(), getegid()), EBADF);
	close(fd);
}

static void fchownat_empty_path_changes_o_path_fd(void **state)
{
	(void)state;
	own_ids_mapped_or_skip();
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_PATH));
	assert_ok(fchownat(fd, "", geteuid(), getegid(), AT_EMPTY_PATH));
	close(fd);
}

static void fchownat_symlink_nofollow_on_link(void **state)
{
	(void)state;
	own_ids_mapped_or_skip();
	assert_ok(symlink("missing", "l"));
	/* Does not need the (missing) target. */
	assert_ok(fchownat(AT_FDCWD, "l", geteuid(), getegid(), AT_SYMLINK_NOFOLLOW));
	assert_errno(fchownat(AT_FDCWD, "l", geteuid(), getegid(), 0), ENOENT);
}

static void fchownat_invalid_flag_fails_einval(void **state)
{
	(void)state;
	conf_touch("f");
	assert_errno(fchownat(AT_FDCWD, "f", geteuid(), getegid(), 0x1), EINVAL);
}

static void fchown_by_non_owner_fails_eperm(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID to act as another user");
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (!conf_become_nobody())
			_exit(CONF_CHILD_SKIP);
		child_check_errno(fchown(fd, 65534, 65534), EPERM);
		_exit(0);
	}
	assert_child_ok_or_skip(pid, "cannot change ids here");
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(chown_to_own_ids_succeeds),
		conf_case(chown_minus_one_keeps_ids),
		conf_case(chown_missing_fails_enoent),
		conf_case(chown_to_other_uid_needs_cap_chown),
		conf_case(chown_to_foreign_group_needs_cap_chown),
		conf_case(chown_clears_setuid_bit),
		conf_case(lchown_changes_link_not_target),
		conf_case(chown_follows_symlink),
		conf_case(fchown_changes_file_of_fd),
		conf_case(fchown_o_path_fd_fails_ebadf),
		conf_case(fchownat_empty_path_changes_o_path_fd),
		conf_case(fchownat_symlink_nofollow_on_link),
		conf_case(fchownat_invalid_flag_fails_einval),
		conf_case(fchown_by_non_owner_fails_eperm),
	};
	return conf_run(tests);
}
