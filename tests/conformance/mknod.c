/* Conformance: mknod(2), mknodat(2), mkfifo(3) — regular files, FIFOs and
 * sockets for anyone; device nodes only with CAP_MKNOD. */
#include "fs_common.h"

#include <sys/sysmacros.h>

static void mknod_regular_file(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mknod("f", S_IFREG | 0640, 0));
	assert_ok(stat("f", &st));
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 0);
}

static void mknod_zero_type_creates_regular_file(void **state)
{
	(void)state;
	assert_ok(mknod("f", 0600, 0));
	assert_true(S_ISREG(conf_mode("f")));
}

static void mknod_fifo(void **state)
{
	(void)state;
	assert_ok(mknod("p", S_IFIFO | 0600, 0));
	assert_true(S_ISFIFO(conf_mode("p")));
}

static void mknod_socket_inode(void **state)
{
	(void)state;
	assert_ok(mknod("s", S_IFSOCK | 0600, 0));
	assert_true(S_ISSOCK(conf_mode("s")));
}

static void mknodat_fifo_relative_to_dirfd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	int dfd = (int)assert_ok(open("d", O_PATH | O_DIRECTORY));
	assert_ok(mknodat(dfd, "p", S_IFIFO | 0644, 0));
	close(dfd);
	assert_true(S_ISFIFO(conf_mode("d/p")));
}

static void mkfifo_existing_fails_eexist(void **state)
{
	(void)state;
	assert_ok(mkfifo("p", 0600));
	assert_errno(mkfifo("p", 0600), EEXIST);
	conf_touch("f");
	assert_errno(mknod("f", S_IFIFO | 0600, 0), EEXIST);
}

static void mknod_mode_masked_by_umask(void **state)
{
	(void)state;
	umask(0077);
	assert_ok(mknod("p", S_IFIFO | 0666, 0));
	assert_int_equal(conf_mode("p") & 07777, 0600);
}

static void mknod_missing_parent_fails_enoent(void **state)
{
	(void)state;
	assert_errno(mknod("missing/p", S_IFIFO | 0600, 0), ENOENT);
}

static void mknod_directory_type_fails_eperm(void **state)
{
	(void)state;
	/* may_mknod(): S_IFDIR is EPERM (use mkdir), unknown types EINVAL. */
	assert_errno(mknod("d", S_IFDIR | 0755, 0), EPERM);
}

static void mknod_invalid_type_fails_einval(void **state)
{
	(void)state;
	assert_errno(mknod("x", 0030000 | 0644, 0), EINVAL);
	assert_errno(mknod("y", S_IFLNK | 0644, 0), EINVAL);
}

static void mknod_char_device_needs_cap_mknod(void **state)
{
	(void)state;
	struct stat st;
	if (!conf_has_cap(CAP_MKNOD)) {
		assert_errno(mknod("null", S_IFCHR | 0600, makedev(1, 3)), EPERM);
		return;
	}
	if (mknod("null", S_IFCHR | 0600, makedev(1, 3)) == -1 && errno == EPERM)
		skip_because("device nodes are refused despite CAP_MKNOD "
			     "(user namespace or nodev policy)");
	assert_ok(stat("null", &st));
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(major(st.st_rdev), 1);
	assert_int_equal(minor(st.st_rdev), 3);
}

static void mknod_block_device_needs_cap_mknod(void **state)
{
	(void)state;
	struct stat st;
	if (!conf_has_cap(CAP_MKNOD)) {
		assert_errno(mknod("blk", S_IFBLK | 0600, makedev(7, 0)), EPERM);
		return;
	}
	if (mknod("blk", S_IFBLK | 0600, makedev(7, 0)) == -1 && errno == EPERM)
		skip_because("device nodes are refused despite CAP_MKNOD "
			     "(user namespace or nodev policy)");
	assert_ok(stat("blk", &st));
	assert_true(S_ISBLK(st.st_mode));
}

static void mknod_device_without_cap_mknod_fails_eperm(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID to drop to an unprivileged user "
			     "(covered by mknod_char_device_needs_cap_mknod)");
	int dfd = (int)assert_ok(open(".", O_PATH | O_DIRECTORY));
	assert_ok(chmod(".", 0777));
	pid_t pid = conf_fork();
	if (pid == 0) {
		if (!conf_become_nobody())
			_exit(CONF_CHILD_SKIP);
		child_check_errno(mknodat(dfd, "null", S_IFCHR | 0600, makedev(1, 3)),
				  EPERM);
		_exit(0);
	}
	assert_child_ok_or_skip(pid, "cannot change ids here");
	close(dfd);
}

static void mkfifo_node_opens_as_pipe(void **state)
{
	(void)state;
	char buf[4] = { 0 };
	assert_ok(mkfifo("p", 0600));
	/* fifo(7): a non-blocking writer needs a reader first. */
	assert_errno(open("p", O_WRONLY | O_NONBLOCK), ENXIO);
	int r = (int)assert_ok(open("p", O_RDONLY | O_NONBLOCK));
	int w = (int)assert_ok(open("p", O_WRONLY | O_NONBLOCK));
	assert_int_equal(assert_ok(write(w, "ff", 2)), 2);
	assert_int_equal(assert_ok(read(r, buf, sizeof buf)), 2);
	assert_string_equal(buf, "ff");
	close(w);
	close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(mknod_regular_file),
		conf_case(mknod_zero_type_creates_regular_file),
		conf_case(mknod_fifo),
		conf_case(mknod_socket_inode),
		conf_case(mknodat_fifo_relative_to_dirfd),
		conf_case(mkfifo_existing_fails_eexist),
		conf_case(mknod_mode_masked_by_umask),
		conf_case(mknod_missing_parent_fails_enoent),
		conf_case(mknod_directory_type_fails_eperm),
		conf_case(mknod_invalid_type_fails_einval),
		conf_case(mknod_char_device_needs_cap_mknod),
		conf_case(mknod_block_device_needs_cap_mknod),
		conf_case(mknod_device_without_cap_mknod_fails_eperm),
		conf_case(mkfifo_node_opens_as_pipe),
	};
	return conf_run(tests);
}
