/* The gofer server against a temporary directory, driven through the
 * sentry's client (sentry/gofer_client.c).  Each case forks a fresh gofer
 * that serves the directory with gofer_serve() under the gofer's seccomp
 * allowlist (gofer/filter.c), without the rest of its confinement (no
 * pivot_root, capabilities kept: that is tested by hand on moat-gofer). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/statfs.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>

#include "gofer/confine.h"
#include "gofer/proto.h"
#include "gofer/server.h"
#include "sentry/gofer_client.h"

struct fx {
	char dir[PATH_MAX];
	int dirfd;              /* the test's own view of the tree */
	pid_t pid;              /* the gofer, or the fake one */
	struct gofer_conn *c;
};

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)ftw;
	return flag == FTW_DP ? rmdir(p) : unlink(p);
}

static int start(void **state, unsigned int flags)
{
	struct fx *f = calloc(1, sizeof(*f));
	int sv[2];

	if (!f)
		return -1;
	strcpy(f->dir, "/tmp/moat-gofer-test.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	f->dirfd = open(f->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	f->c = calloc(1, sizeof(*f->c));
	if (f->dirfd < 0 || !f->c ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -1;
	f->pid = fork();
	if (f->pid < 0)
		return -1;
	if (f->pid == 0) {
		close(sv[0]);
		umask(0);       /* as moat-gofer: the sentry applies the umask */
		/* Serve under moat-gofer's own seccomp allowlist: a call it
		 * lacks kills the gofer, and the case fails. */
		if (gofer_filter_install(sv[1], false))
			_exit(2);
		_exit(gofer_serve(sv[1], f->dirfd, flags) ? 1 : 0);
	}
	close(sv[1]);
	f->c->fd = sv[0];
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return start(state, 0);
}

static int setup_compat(void **state)
{
	return start(state, GOFER_SERVE_COMPAT);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	int status = -1;

	close(f->c->fd);
	waitpid(f->pid, &status, 0);
	close(f->dirfd);
	nftw(f->dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(f->c);
	free(f);
	/* The gofer ends cleanly when its socket closes. */
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* --- helpers -------------------------------------------------------------- */

static int call(struct fx *f, struct gofer_call *c)
{
	return gofer_call(f->c, c);
}

static int g_open(struct fx *f, const char *path, uint32_t flags, uint32_t mode,
		  int *fd, int64_t *ret)
{
	struct gofer_call c = { .op = GOP_OPEN, .path = path, .flags = flags,
				.mode = mode };
	int err = call(f, &c);

	*fd = c.recv_fd;
	if (ret)
		*ret = c.ret;
	return err;
}

static int g_path(struct fx *f, uint16_t op, const char *path, uint32_t flags,
		  uint32_t mode)
{
	struct gofer_call c = { .op = op, .path = path, .flags = flags, .mode = mode };

	return call(f, &c);
}

static int g_stat(struct fx *f, const char *path, uint32_t flags, struct stat *st)
{
	struct gofer_call c = { .op = GOP_STAT, .path = path, .flags = flags,
				.out = st, .out_cap = sizeof(*st) };
	int err = call(f, &c);

	if (!err)
		assert_int_equal(c.out_len, sizeof(*st));
	return err;
}

static void put_file(struct fx *f, const char *path, const char *content)
{
	int fd = openat(f->dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
}

/* fstatat through the test's own handle: what is really there. */
static struct stat host_stat(struct fx *f, const char *path)
{
	struct stat st;

	assert_int_equal(fstatat(f->dirfd, path, &st, AT_SYMLINK_NOFOLLOW), 0);
	return st;
}

/* --- cases ---------------------------------------------------------------- */

static void hello_reports_version(void **state)
{
	struct fx *f = *state;

	assert_int_equal(gofer_hello(f->c), 0);
	assert_int_equal(f->c->requests, 1);
}

static void open_creat_creates_file_with_mode(void **state)
{
	struct fx *f = *state;
	struct stat st;
	int fd, fl;

	assert_int_equal(g_open(f, "new", O_WRONLY | O_CREAT, 0640, &fd, NULL), 0);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello", 5), 5);
	fl = fcntl(fd, F_GETFL);
	assert_int_equal(fl & O_ACCMODE, O_WRONLY);
	assert_false(fl & O_NONBLOCK);          /* added for the open, cleared */
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	st = host_stat(f, "new");
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(st.st_size, 5);
}

static void open_existing_reads_content(void **state)
{
	struct fx *f = *state;
	char buf[16] = "";
	int fd;

	assert_int_equal(mkdirat(f->dirfd, "d", 0755), 0);
	put_file(f, "d/file", "content");
	assert_int_equal(g_open(f, "d/file", O_RDONLY, 0, &fd, NULL), 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 7);
	assert_string_equal(buf, "content");
	close(fd);
	/* the guest asked for O_NONBLOCK: it stays */
	assert_int_equal(g_open(f, "d/file", O_RDONLY | O_NONBLOCK, 0, &fd, NULL), 0);
	assert_true(fcntl(fd, F_GETFL) & O_NONBLOCK);
	close(fd);
	/* the root itself */
	assert_int_equal(g_open(f, "", O_RDONLY | O_DIRECTORY, 0, &fd, NULL), 0);
	assert_int_equal(fstatat(fd, "d", &(struct stat){ 0 }, 0), 0);
	close(fd);
}

static void open_excl_existing_fails_eexist(void **state)
{
	struct fx *f = *state;
	int fd;

	put_file(f, "f", "x");
	assert_int_equal(g_open(f, "f", O_WRONLY | O_CREAT | O_EXCL, 0600, &fd, NULL),
			 -EEXIST);
	assert_int_equal(fd, -1);
	assert_int_equal(g_open(f, "missing", O_RDONLY, 0, &fd, NULL), -ENOENT);
	assert_int_equal(g_open(f, "f/x", O_RDONLY, 0, &fd, NULL), -ENOTDIR);
}

static void open_symlink_in_middle_fails_eloop(void **state)
{
	struct fx *f = *state;
	int fd;

	assert_int_equal(mkdirat(f->dirfd, "d", 0755), 0);
	put_file(f, "d/f", "x");
	assert_int_equal(symlinkat("d", f->dirfd, "l"), 0);
	assert_int_equal(symlinkat("/etc", f->dirfd, "abs"), 0);
	assert_int_equal(symlinkat("../../../../..", f->dirfd, "up"), 0);
	assert_int_equal(g_open(f, "l/f", O_RDONLY, 0, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "abs/passwd", O_RDONLY, 0, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "up/etc/passwd", O_RDONLY, 0, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "l/new", O_WRONLY | O_CREAT, 0600, &fd, NULL), -ELOOP);
	assert_int_equal(fstatat(f->dirfd, "d/new", &(struct stat){ 0 }, 0), -1);
}

static void open_symlink_last_fails_eloop(void **state)
{
	struct fx *f = *state;
	struct stat st;
	int fd;

	put_file(f, "f", "x");
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	assert_int_equal(symlinkat("/etc/passwd", f->dirfd, "abs"), 0);
	assert_int_equal(g_open(f, "l", O_RDONLY, 0, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "abs", O_RDONLY, 0, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "l", O_RDONLY | O_NOFOLLOW, 0, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "abs", O_WRONLY | O_CREAT, 0600, &fd, NULL), -ELOOP);
	assert_int_equal(g_open(f, "abs", O_WRONLY | O_CREAT | O_EXCL, 0600, &fd, NULL),
			 -EEXIST);
	/* O_PATH|O_NOFOLLOW opens the link itself, as open(2) does */
	assert_int_equal(g_open(f, "l", O_PATH | O_NOFOLLOW, 0, &fd, NULL), 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	close(fd);
	assert_int_equal(g_open(f, "l", O_PATH, 0, &fd, NULL), -ELOOP);
}

static void open_fifo_returns_opath_handle(void **state)
{
	struct fx *f = *state;
	struct stat st;
	int64_t ret;
	int fd;

	assert_int_equal(mkfifoat(f->dirfd, "p", 0644), 0);
	/* would wait for a writer: an O_PATH handle comes back instead */
	assert_int_equal(g_open(f, "p", O_RDONLY, 0, &fd, &ret), 0);
	assert_int_equal(ret, GOFER_OPEN_FIFO);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFL) & O_PATH);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	close(fd);
	assert_int_equal(g_open(f, "p", O_WRONLY, 0, &fd, &ret), 0);
	assert_int_equal(ret, GOFER_OPEN_FIFO);
	close(fd);
	assert_int_equal(g_open(f, "p", O_WRONLY | O_CREAT | O_EXCL, 0600, &fd, &ret),
			 -EEXIST);
	assert_int_equal(g_open(f, "p", O_RDONLY | O_DIRECTORY, 0, &fd, &ret), -ENOTDIR);
	/* non-blocking opens never wait: they are served as they are */
	assert_int_equal(g_open(f, "p", O_RDONLY | O_NONBLOCK, 0, &fd, &ret), 0);
	assert_int_equal(ret, 0);
	assert_false(fcntl(fd, F_GETFL) & O_PATH);
	close(fd);
	assert_int_equal(g_open(f, "p", O_WRONLY | O_NONBLOCK, 0, &fd, &ret), -ENXIO);
}

static void walk_reports_types_and_symlink_target(void **state)
{
	struct fx *f = *state;
	unsigned char out[1024];
	struct gofer_walk_ent e[3];
	struct gofer_call c = { .op = GOP_WALK, .path = "a/b/l/c", .out = out,
				.out_cap = sizeof(out) };
	struct stat a, b;

	assert_int_equal(mkdirat(f->dirfd, "a", 0755), 0);
	assert_int_equal(mkdirat(f->dirfd, "a/b", 0755), 0);
	assert_int_equal(symlinkat("../../x/y", f->dirfd, "a/b/l"), 0);
	put_file(f, "a/file", "x");
	a = host_stat(f, "a");
	b = host_stat(f, "a/b");

	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 3);
	assert_int_equal(c.out_len, 3 * sizeof(e[0]) + strlen("../../x/y"));
	memcpy(e, out, sizeof(e));
	assert_int_equal(e[0].type, DT_DIR);
	assert_true(e[0].ino == a.st_ino && e[0].dev == a.st_dev);
	assert_int_equal(e[1].type, DT_DIR);
	assert_true(e[1].ino == b.st_ino);
	assert_int_equal(e[2].type, DT_LNK);
	assert_int_equal(e[2].target_len, strlen("../../x/y"));
	assert_memory_equal(out + sizeof(e), "../../x/y", e[2].target_len);

	c = (struct gofer_call){ .op = GOP_WALK, .path = "a/missing/c", .out = out,
				 .out_cap = sizeof(out) };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 2);
	memcpy(e, out, 2 * sizeof(e[0]));
	assert_int_equal(e[1].type, DT_UNKNOWN);

	c = (struct gofer_call){ .op = GOP_WALK, .path = "a/file/c", .out = out,
				 .out_cap = sizeof(out) };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 2);
	memcpy(e, out, 2 * sizeof(e[0]));
	assert_int_equal(e[1].type, DT_REG);

	c = (struct gofer_call){ .op = GOP_WALK, .path = "", .out = out,
				 .out_cap = sizeof(out) };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 0);
	assert_int_equal(c.out_len, 0);

	/* a short buffer gets what fits; ret still says how many */
	c = (struct gofer_call){ .op = GOP_WALK, .path = "a/b", .out = out,
				 .out_cap = sizeof(e[0]) };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 2);
	assert_int_equal(c.out_len, sizeof(e[0]));
}

static void walk_long_path_fits_the_reply(void **state)
{
	struct fx *f = *state;
	static unsigned char out[GOFER_MAX_DATA];
	char path[PATH_MAX] = "";
	size_t n = 0;
	struct gofer_call c = { .op = GOP_WALK, .path = path, .out = out,
				.out_cap = sizeof(out) };

	/* 1000 nested directories "d/d/.../d" */
	for (int i = 0; i < 1000; i++) {
		if (i)
			path[n++] = '/';
		path[n++] = 'd';
		path[n] = '\0';
		assert_int_equal(mkdirat(f->dirfd, path, 0755), 0);
	}
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 1000);
	assert_int_equal(c.out_len, 1000 * sizeof(struct gofer_walk_ent));
}

static void stat_follows_only_when_told(void **state)
{
	struct fx *f = *state;
	struct stat st, host;

	put_file(f, "f", "12345");
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	assert_int_equal(g_stat(f, "f", 0, &st), 0);
	host = host_stat(f, "f");
	assert_int_equal(st.st_size, 5);
	assert_true(st.st_ino == host.st_ino);
	/* the sentry followed every link: a link here means a stale walk */
	assert_int_equal(g_stat(f, "l", 0, &st), -ELOOP);
	assert_int_equal(g_stat(f, "l", AT_SYMLINK_NOFOLLOW, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(g_stat(f, "", 0, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(g_stat(f, "nope", 0, &st), -ENOENT);
	assert_int_equal(g_stat(f, "f", AT_REMOVEDIR, &st), -EINVAL);
}

static void statx_reports_size(void **state)
{
	struct fx *f = *state;
	struct statx stx;
	struct gofer_call c = { .op = GOP_STATX, .path = "f", .arg = STATX_BASIC_STATS,
				.out = &stx, .out_cap = sizeof(stx) };

	put_file(f, "f", "123");
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.out_len, sizeof(stx));
	assert_true(stx.stx_mask & STATX_SIZE);
	assert_int_equal(stx.stx_size, 3);
	c.arg = 1ull << 40;
	assert_int_equal(call(f, &c), -EINVAL);
}

static void access_checks_mode(void **state)
{
	struct fx *f = *state;

	put_file(f, "f", "x");
	assert_int_equal(fchmodat(f->dirfd, "f", 0644, 0), 0);
	assert_int_equal(g_path(f, GOP_ACCESS, "f", 0, R_OK), 0);
	assert_int_equal(g_path(f, GOP_ACCESS, "f", AT_EACCESS, F_OK), 0);
	assert_int_equal(g_path(f, GOP_ACCESS, "f", 0, X_OK), -EACCES);
	assert_int_equal(g_path(f, GOP_ACCESS, "nope", 0, F_OK), -ENOENT);
	assert_int_equal(g_path(f, GOP_ACCESS, "f", 0, 8), -EINVAL);
}

static void mkdir_creates_directory(void **state)
{
	struct fx *f = *state;

	assert_int_equal(g_path(f, GOP_MKDIR, "d", 0, 0750), 0);
	assert_true(S_ISDIR(host_stat(f, "d").st_mode));
	assert_int_equal(host_stat(f, "d").st_mode & 07777, 0750);
	assert_int_equal(g_path(f, GOP_MKDIR, "d/e", 0, 0700), 0);
	assert_int_equal(g_path(f, GOP_MKDIR, "d", 0, 0750), -EEXIST);
	assert_int_equal(g_path(f, GOP_MKDIR, "", 0, 0750), -EEXIST);
	assert_int_equal(g_path(f, GOP_MKDIR, "x/y", 0, 0750), -ENOENT);
}

static void mknod_makes_fifo_and_file_not_device(void **state)
{
	struct fx *f = *state;

	assert_int_equal(g_path(f, GOP_MKNOD, "p", 0, S_IFIFO | 0600), 0);
	assert_true(S_ISFIFO(host_stat(f, "p").st_mode));
	assert_int_equal(g_path(f, GOP_MKNOD, "r", 0, 0600), 0);
	assert_true(S_ISREG(host_stat(f, "r").st_mode));
	assert_int_equal(g_path(f, GOP_MKNOD, "s", 0, S_IFSOCK | 0600), 0);
	assert_true(S_ISSOCK(host_stat(f, "s").st_mode));
	assert_int_equal(g_path(f, GOP_MKNOD, "c", 0, S_IFCHR | 0600), -EPERM);
	assert_int_equal(g_path(f, GOP_MKNOD, "b", 0, S_IFBLK | 0600), -EPERM);
}

static void unlink_removes_file_and_directory(void **state)
{
	struct fx *f = *state;

	put_file(f, "f", "x");
	assert_int_equal(mkdirat(f->dirfd, "d", 0755), 0);
	assert_int_equal(g_path(f, GOP_UNLINK, "d", 0, 0), -EISDIR);
	assert_int_equal(g_path(f, GOP_UNLINK, "f", AT_REMOVEDIR, 0), -ENOTDIR);
	assert_int_equal(g_path(f, GOP_UNLINK, "f", 0, 0), 0);
	assert_int_equal(g_path(f, GOP_UNLINK, "d", AT_REMOVEDIR, 0), 0);
	assert_int_equal(g_path(f, GOP_UNLINK, "f", 0, 0), -ENOENT);
	assert_int_equal(g_path(f, GOP_UNLINK, "", AT_REMOVEDIR, 0), -EINVAL);
	assert_int_equal(g_path(f, GOP_UNLINK, "f", 0x1, 0), -EINVAL);
}

static void rename_moves_and_noreplace_fails_eexist(void **state)
{
	struct fx *f = *state;
	struct gofer_call c = { .op = GOP_RENAME, .path = "a", .path2 = "d/b" };

	put_file(f, "a", "1");
	put_file(f, "c", "2");
	assert_int_equal(mkdirat(f->dirfd, "d", 0755), 0);
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(host_stat(f, "d/b").st_size, 1);
	c = (struct gofer_call){ .op = GOP_RENAME, .path = "c", .path2 = "d/b",
				 .flags = RENAME_NOREPLACE };
	assert_int_equal(call(f, &c), -EEXIST);
	c.flags = 0;
	assert_int_equal(call(f, &c), 0);
	c = (struct gofer_call){ .op = GOP_RENAME, .path = "", .path2 = "x" };
	assert_int_equal(call(f, &c), -EBUSY);
	c = (struct gofer_call){ .op = GOP_RENAME, .path = "d/b", .path2 = "x", .flags = 64 };
	assert_int_equal(call(f, &c), -EINVAL);
}

static void link_adds_a_name(void **state)
{
	struct fx *f = *state;
	struct gofer_call c = { .op = GOP_LINK, .path = "a", .path2 = "b" };

	put_file(f, "a", "1");
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(host_stat(f, "a").st_nlink, 2);
	assert_true(host_stat(f, "a").st_ino == host_stat(f, "b").st_ino);
	assert_int_equal(call(f, &c), -EEXIST);
}

static void symlink_then_readlink(void **state)
{
	struct fx *f = *state;
	const char *target = "../../etc/passwd";
	char out[PATH_MAX];
	struct gofer_call c = { .op = GOP_SYMLINK, .path = "l", .data = target,
				.data_len = strlen(target) };

	assert_int_equal(call(f, &c), 0);
	assert_true(S_ISLNK(host_stat(f, "l").st_mode));
	c = (struct gofer_call){ .op = GOP_READLINK, .path = "l", .out = out,
				 .out_cap = sizeof(out) };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, strlen(target));
	assert_int_equal(c.out_len, strlen(target));
	assert_memory_equal(out, target, c.out_len);
	/* a short buffer is filled; ret has the full length */
	c.out_cap = 4;
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.out_len, 4);
	assert_int_equal(c.ret, strlen(target));
	put_file(f, "f", "x");
	c.path = "f";
	assert_int_equal(call(f, &c), -EINVAL);
	c.path = "";
	assert_int_equal(call(f, &c), -EINVAL);
	c = (struct gofer_call){ .op = GOP_SYMLINK, .path = "l", .data = "x", .data_len = 1 };
	assert_int_equal(call(f, &c), -EEXIST);
}

static void chmod_changes_mode_not_through_links(void **state)
{
	struct fx *f = *state;

	put_file(f, "f", "x");
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	assert_int_equal(g_path(f, GOP_CHMOD, "f", 0, 0604), 0);
	assert_int_equal(host_stat(f, "f").st_mode & 07777, 0604);
	assert_int_equal(g_path(f, GOP_CHMOD, "l", 0, 0600), -ELOOP);
	assert_int_equal(g_path(f, GOP_CHMOD, "l", AT_SYMLINK_NOFOLLOW, 0600), -EOPNOTSUPP);
	assert_int_equal(host_stat(f, "f").st_mode & 07777, 0604);
	assert_int_equal(g_path(f, GOP_CHMOD, "", 0, 0751), 0);
	assert_int_equal(fchmodat(f->dirfd, ".", 0700, 0), 0);
}

static void chown_to_self(void **state)
{
	struct fx *f = *state;
	struct gofer_call c = { .op = GOP_CHOWN, .path = "f", .uid = getuid(),
				.gid = (uint32_t)-1 };

	put_file(f, "f", "x");
	assert_int_equal(call(f, &c), 0);
	c.path = "nope";
	assert_int_equal(call(f, &c), -ENOENT);
}

static void truncate_regular_only(void **state)
{
	struct fx *f = *state;
	struct gofer_call c = { .op = GOP_TRUNCATE, .path = "f", .arg = 3 };

	put_file(f, "f", "123456");
	assert_int_equal(mkdirat(f->dirfd, "d", 0755), 0);
	assert_int_equal(mkfifoat(f->dirfd, "p", 0644), 0);
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(host_stat(f, "f").st_size, 3);
	c.arg = 1 << 20;
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(host_stat(f, "f").st_size, 1 << 20);
	c.arg = (uint64_t)INT64_MAX + 1;
	assert_int_equal(call(f, &c), -EINVAL);
	c.arg = 0;
	c.path = "d";
	assert_int_equal(call(f, &c), -EISDIR);
	c.path = "p";       /* never opened: a reader could be waiting */
	assert_int_equal(call(f, &c), -EINVAL);
	c.path = "l";
	assert_int_equal(call(f, &c), -ELOOP);
}

static void utimens_sets_times(void **state)
{
	struct fx *f = *state;
	struct gofer_call c = { .op = GOP_UTIMENS, .path = "f",
				.times = { { 1000, 5 }, { 2000, 7 } } };
	struct stat st;

	put_file(f, "f", "x");
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	assert_int_equal(call(f, &c), 0);
	st = host_stat(f, "f");
	assert_int_equal(st.st_atim.tv_sec, 1000);
	assert_int_equal(st.st_atim.tv_nsec, 5);
	assert_int_equal(st.st_mtim.tv_sec, 2000);
	c.times[0][1] = UTIME_OMIT;
	c.times[1][1] = UTIME_NOW;
	assert_int_equal(call(f, &c), 0);
	st = host_stat(f, "f");
	assert_int_equal(st.st_atim.tv_sec, 1000);
	assert_true(st.st_mtim.tv_sec > 2000);
	c.path = "l";
	assert_int_equal(call(f, &c), -ELOOP);
	c.flags = AT_SYMLINK_NOFOLLOW;
	c.times[0][0] = 3000;
	c.times[0][1] = 0;
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(host_stat(f, "l").st_atim.tv_sec, 3000);
	c.times[0][1] = 2000000000;
	assert_int_equal(call(f, &c), -EINVAL);
}

static void statfs_of_root(void **state)
{
	struct fx *f = *state;
	struct statfs sf, host;
	struct gofer_call c = { .op = GOP_STATFS, .path = "", .out = &sf,
				.out_cap = sizeof(sf) };

	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.out_len, sizeof(sf));
	assert_int_equal(fstatfs(f->dirfd, &host), 0);
	assert_true(sf.f_type == host.f_type);
	assert_int_equal(symlinkat(".", f->dirfd, "l"), 0);
	c.path = "l";
	assert_int_equal(call(f, &c), -ELOOP);
}

static void xattrs_round_trip(void **state)
{
	struct fx *f = *state;
	char out[256];
	struct gofer_call c = { .op = GOP_SETXATTR, .path = "f", .path2 = "user.moat",
				.data = "v1", .data_len = 2 };
	int err;

	put_file(f, "f", "x");
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	err = call(f, &c);
	if (err == -EOPNOTSUPP)
		skip();         /* no user xattrs on this filesystem */
	assert_int_equal(err, 0);
	c.mode = XATTR_CREATE;
	assert_int_equal(call(f, &c), -EEXIST);

	c = (struct gofer_call){ .op = GOP_GETXATTR, .path = "f", .path2 = "user.moat" };
	assert_int_equal(call(f, &c), 0);       /* size query */
	assert_int_equal(c.ret, 2);
	assert_int_equal(c.out_len, 0);
	c.arg = sizeof(out);
	c.out = out;
	c.out_cap = sizeof(out);
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(c.ret, 2);
	assert_memory_equal(out, "v1", 2);
	c.arg = 1;
	assert_int_equal(call(f, &c), -ERANGE);
	c.arg = sizeof(out);
	c.path = "l";           /* follows: the link is a stale walk */
	assert_int_equal(call(f, &c), -ELOOP);
	c.flags = AT_SYMLINK_NOFOLLOW;
	assert_int_equal(call(f, &c), -ENODATA);

	c = (struct gofer_call){ .op = GOP_LISTXATTR, .path = "f", .arg = sizeof(out),
				 .out = out, .out_cap = sizeof(out) };
	assert_int_equal(call(f, &c), 0);
	assert_true(c.ret >= 10);
	assert_non_null(memmem(out, (size_t)c.ret, "user.moat", 10));

	c = (struct gofer_call){ .op = GOP_REMOVEXATTR, .path = "f", .path2 = "user.moat" };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(call(f, &c), -ENODATA);
	assert_int_equal(fgetxattr(f->dirfd, "user.moat", out, 0), -1);
}

/* The fallback for kernels before 6.6 / 6.13 (GOFER_SERVE_COMPAT). */
static void compat_xattrs_and_chmod(void **state)
{
	struct fx *f = *state;
	char out[16];
	struct gofer_call c = { .op = GOP_SETXATTR, .path = "f", .path2 = "user.moat",
				.data = "v2", .data_len = 2 };
	int err;

	put_file(f, "f", "x");
	assert_int_equal(symlinkat("f", f->dirfd, "l"), 0);
	assert_int_equal(mkfifoat(f->dirfd, "p", 0644), 0);
	assert_int_equal(g_path(f, GOP_CHMOD, "f", 0, 0606), 0);
	assert_int_equal(host_stat(f, "f").st_mode & 07777, 0606);
	assert_int_equal(g_path(f, GOP_CHMOD, "l", 0, 0600), -ELOOP);
	assert_int_equal(g_path(f, GOP_CHMOD, "l", AT_SYMLINK_NOFOLLOW, 0600), -EOPNOTSUPP);
	assert_int_equal(g_path(f, GOP_CHMOD, "p", 0, 0600), -EOPNOTSUPP);

	err = call(f, &c);
	if (err == -EOPNOTSUPP)
		skip();
	assert_int_equal(err, 0);
	c = (struct gofer_call){ .op = GOP_GETXATTR, .path = "f", .path2 = "user.moat",
				 .arg = sizeof(out), .out = out, .out_cap = sizeof(out) };
	assert_int_equal(call(f, &c), 0);
	assert_memory_equal(out, "v2", 2);
	c.path = "l";
	assert_int_equal(call(f, &c), -ELOOP);
	c.flags = AT_SYMLINK_NOFOLLOW;  /* a documented limitation */
	assert_int_equal(call(f, &c), -EOPNOTSUPP);
	c = (struct gofer_call){ .op = GOP_REMOVEXATTR, .path = "f", .path2 = "user.moat" };
	assert_int_equal(call(f, &c), 0);
	c = (struct gofer_call){ .op = GOP_LISTXATTR, .path = "", .arg = 0 };
	assert_int_equal(call(f, &c), 0);
}

static int unix_socket(int type)
{
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	return fd;
}

static void bind_then_connect_unix_socket(void **state)
{
	struct fx *f = *state;
	int srv = unix_socket(SOCK_STREAM), cli = unix_socket(SOCK_STREAM), conn;
	struct gofer_call c = { .op = GOP_BIND, .path = "d/sock", .mode = 027,
				.send_fd = srv };
	char buf[4] = "";
	struct stat st;

	assert_int_equal(mkdirat(f->dirfd, "d", 0755), 0);
	assert_int_equal(call(f, &c), 0);
	st = host_stat(f, "d/sock");
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0750);      /* the guest's umask */
	assert_int_equal(call(f, &c), -EADDRINUSE);     /* the name exists */
	c.path = "d/sock2";
	assert_int_equal(call(f, &c), -EINVAL);         /* already bound */
	c.path = "d/sock";
	assert_int_equal(listen(srv, 4), 0);

	c = (struct gofer_call){ .op = GOP_CONNECT, .path = "d/sock", .send_fd = cli };
	assert_int_equal(call(f, &c), 0);
	conn = accept(srv, NULL, NULL);
	assert_true(conn >= 0);
	assert_int_equal(write(cli, "hey", 3), 3);
	assert_int_equal(read(conn, buf, 3), 3);
	assert_string_equal(buf, "hey");
	close(conn);
	close(cli);

	cli = unix_socket(SOCK_STREAM);
	c.send_fd = cli;
	c.path = "d/none";
	assert_int_equal(call(f, &c), -ENOENT);
	assert_int_equal(symlinkat("sock", f->dirfd, "d/link"), 0);
	c.path = "d/link";      /* connect(2) would follow it: refused */
	assert_int_equal(call(f, &c), -ELOOP);
	c.op = GOP_BIND;
	c.path = "d/link";
	assert_int_equal(call(f, &c), -EADDRINUSE);
	c.send_fd = -1;
	assert_int_equal(call(f, &c), -EBADF);          /* nothing to send */
	close(cli);
	close(srv);
}

/* A blocking connect to a full backlog would put the gofer to sleep until
 * the listener accepts: it must answer -EAGAIN at once instead, and leave
 * the socket blocking as it was. */
static void connect_full_backlog_does_not_block(void **state)
{
	struct fx *f = *state;
	int srv = unix_socket(SOCK_STREAM);
	int a = unix_socket(SOCK_STREAM), b = unix_socket(SOCK_STREAM);
	struct gofer_call c = { .op = GOP_BIND, .path = "s", .send_fd = srv };

	assert_int_equal(call(f, &c), 0);
	assert_int_equal(listen(srv, 0), 0);
	c = (struct gofer_call){ .op = GOP_CONNECT, .path = "s", .send_fd = a };
	assert_int_equal(call(f, &c), 0);
	alarm(10);              /* a hung gofer fails the run, not hangs it */
	c.send_fd = b;
	assert_int_equal(call(f, &c), -EAGAIN);
	alarm(0);
	assert_false(fcntl(b, F_GETFL) & O_NONBLOCK);
	/* once the listener accepts, the retry goes through */
	close(accept(srv, NULL, NULL));
	assert_int_equal(call(f, &c), 0);
	close(a);
	close(b);
	close(srv);
}

static void datagram_connect(void **state)
{
	struct fx *f = *state;
	int srv = unix_socket(SOCK_DGRAM), cli = unix_socket(SOCK_DGRAM);
	struct gofer_call c = { .op = GOP_BIND, .path = "dg", .send_fd = srv };
	char buf[4] = "";

	assert_int_equal(call(f, &c), 0);
	c = (struct gofer_call){ .op = GOP_CONNECT, .path = "dg", .send_fd = cli };
	assert_int_equal(call(f, &c), 0);
	assert_int_equal(send(cli, "dg", 2, 0), 2);
	assert_int_equal(recv(srv, buf, sizeof(buf), 0), 2);
	close(cli);
	close(srv);
}

/* --- the allowlist itself --------------------------------------------------- */

/* Run fn in a child under the gofer's filter; return how the child ended. */
static int filtered_child(int sock, void (*fn)(int sock))
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		if (gofer_filter_install(sock, false))
			_exit(2);
		fn(sock);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void call_getpid(int sock)
{
	(void)sock;
	syscall(SYS_getpid);
}

static void call_mmap_exec(int sock)
{
	(void)sock;
	mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void recvmsg_on(int fd)
{
	char b;
	struct iovec iov = { .iov_base = &b, .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	recvmsg(fd, &m, MSG_DONTWAIT);
}

static void call_recv_other_fd(int sock)
{
	recvmsg_on(sock + 1);
}

static void call_write_stdout(int sock)
{
	(void)sock;
	syscall(SYS_write, 1, "", 0);
}

static void call_allowed(int sock)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	recvmsg_on(sock);
	munmap(p, 4096);
}

static void filter_kills_unlisted_calls(void **state)
{
	struct fx *f = *state;
	int st;

	(void)f;
	st = filtered_child(f->c->fd, call_allowed);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = filtered_child(f->c->fd, call_getpid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	st = filtered_child(f->c->fd, call_mmap_exec);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	st = filtered_child(f->c->fd, call_recv_other_fd);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
	st = filtered_child(f->c->fd, call_write_stdout);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS);
}

/* --- malformed requests, sent raw ----------------------------------------- */

static int32_t raw_exchange(struct fx *f, const void *msg, size_t len, int fd)
{
	static _Alignas(8) unsigned char rep[GOFER_MAX_REPLY];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl = { 0 };
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct gofer_reply_hdr h;
	ssize_t n;

	if (fd >= 0) {
		struct cmsghdr *cm;

		m.msg_control = ctl.buf;
		m.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	assert_int_equal(sendmsg(f->c->fd, &m, 0), (ssize_t)len);
	n = recv(f->c->fd, rep, sizeof(rep), 0);
	assert_true(n >= (ssize_t)sizeof(h));
	memcpy(&h, rep, sizeof(h));
	assert_int_equal(h.magic, GOFER_MAGIC);
	assert_int_equal(h.len, n);
	return h.err;
}

static void malformed_request_gets_protocol_error(void **state)
{
	struct fx *f = *state;
	static unsigned char big[GOFER_MAX_MSG + 100];
	unsigned char msg[256];
	struct gofer_req_hdr h = { .op = GOP_STAT };
	long len = gofer_req_encode(&h, "a", NULL, NULL, 0, msg, sizeof(msg));
	int sock = unix_socket(SOCK_STREAM);

	assert_true(len > 0);
	assert_int_equal(raw_exchange(f, "junk", 4, -1), -EPROTO);
	msg[0] ^= 1;            /* magic */
	assert_int_equal(raw_exchange(f, msg, (size_t)len, -1), -EPROTO);
	msg[0] ^= 1;
	assert_int_equal(raw_exchange(f, msg, (size_t)len - 1, -1), -EPROTO);
	assert_int_equal(raw_exchange(f, msg, (size_t)len, -1), -ENOENT);  /* fine */
	/* an fd where the op takes none; none where it needs one */
	assert_int_equal(raw_exchange(f, msg, (size_t)len, sock), -EPROTO);
	h = (struct gofer_req_hdr){ .op = GOP_BIND };
	len = gofer_req_encode(&h, "s", NULL, NULL, 0, msg, sizeof(msg));
	assert_int_equal(raw_exchange(f, msg, (size_t)len, -1), -EPROTO);
	/* a message longer than any request: truncated, refused */
	memcpy(big, msg, (size_t)len);
	assert_int_equal(raw_exchange(f, big, sizeof(big), -1), -EPROTO);
	/* a path that is not in resolved form, with a correct header */
	h = (struct gofer_req_hdr){ .magic = GOFER_MAGIC, .version = GOFER_VERSION,
				    .op = GOP_OPEN, .path_len = 6,
				    .len = sizeof(h) + 6 };
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), "../etc", 6);
	assert_int_equal(raw_exchange(f, msg, sizeof(h) + 6, -1), -EPROTO);
	close(sock);
	/* and the gofer still serves */
	assert_int_equal(gofer_hello(f->c), 0);
	assert_false(f->c->broken);
}

/* --- the client against a fake gofer --------------------------------------- */

/* The test plays the gofer: read one request, send back what a case says. */
static void fake_reply(struct fx *f, const void *rep, size_t len, int nfds)
{
	unsigned char req[GOFER_MAX_MSG];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} ctl = { 0 };
	struct iovec iov = { .iov_base = (void *)rep, .iov_len = len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fds[2];

	if (nfds) {
		struct cmsghdr *cm;

		fds[0] = open("/dev/null", O_RDONLY);
		fds[1] = open("/dev/null", O_RDONLY);
		m.msg_control = ctl.buf;
		m.msg_controllen = CMSG_SPACE((size_t)nfds * sizeof(int));
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN((size_t)nfds * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, (size_t)nfds * sizeof(int));
	}
	assert_true(recv(f->dirfd, req, sizeof(req), 0) > 0);
	assert_int_equal(sendmsg(f->dirfd, &m, 0), (ssize_t)len);
	if (nfds) {
		close(fds[0]);
		close(fds[1]);
	}
}

/* In this fixture f->dirfd is the fake gofer's end of the socket. */
static int setup_fake(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int sv[2];

	if (!f || !(f->c = calloc(1, sizeof(*f->c))) ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return -1;
	f->c->fd = sv[0];
	f->dirfd = sv[1];
	*state = f;
	return 0;
}

static int teardown_fake(void **state)
{
	struct fx *f = *state;

	close(f->c->fd);
	close(f->dirfd);
	free(f->c);
	free(f);
	return 0;
}

static size_t mkreply(void *buf, uint16_t op, uint16_t version, int32_t err,
		      int64_t ret, size_t plen)
{
	struct gofer_reply_hdr h = {
		.magic = GOFER_MAGIC, .version = version, .op = op,
		.len = (uint32_t)(sizeof(h) + plen), .err = err, .ret = ret,
	};

	memcpy(buf, &h, sizeof(h));
	memset((char *)buf + sizeof(h), 'x', plen);
	return sizeof(h) + plen;
}

/* Run one call in a child while the test answers it as the fake gofer. */
static int fake_call(struct fx *f, struct gofer_call *c, const void *rep,
		     size_t len, int nfds)
{
	struct pollfd p = { .fd = f->dirfd, .events = POLLIN };
	pid_t pid;
	int status, err;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(f->c->fd);
		alarm(10);
		assert_int_equal(poll(&p, 1, -1), 1);
		fake_reply(f, rep, len, nfds);
		/* After an fd crossed, the client waits for the gofer's next
		 * reply (a HELLO) before it returns: answer it as the gofer
		 * would once its copy is closed. */
		struct pollfd q = { .fd = f->dirfd, .events = POLLIN };
		if (nfds && poll(&q, 1, 200) == 1) {
			_Alignas(8) unsigned char hello[64];
			fake_reply(f, hello, mkreply(hello, GOP_HELLO, GOFER_VERSION,
						     0, GOFER_VERSION, 0), 0);
		}
		_exit(0);
	}
	err = gofer_call(f->c, c);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return err;
}

static void client_copies_payload_truncated(void **state)
{
	struct fx *f = *state;
	_Alignas(8) unsigned char rep[256];
	char out[4];
	struct gofer_call c = { .op = GOP_READLINK, .path = "l", .out = out,
				.out_cap = sizeof(out) };

	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_READLINK, GOFER_VERSION,
						       0, 10, 10), 0), 0);
	assert_int_equal(c.ret, 10);
	assert_int_equal(c.out_len, 4);
	assert_memory_equal(out, "xxxx", 4);
	assert_int_equal(c.recv_fd, -1);
	/* the gofer's errno passes through */
	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_READLINK, GOFER_VERSION,
						       -ENOENT, 0, 0), 0), -ENOENT);
	assert_false(f->c->broken);
}

static void client_takes_open_fd(void **state)
{
	struct fx *f = *state;
	_Alignas(8) unsigned char rep[256];
	struct gofer_call c = { .op = GOP_OPEN, .path = "f" };

	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_OPEN, GOFER_VERSION, 0, 0, 0),
				   1), 0);
	assert_true(c.recv_fd >= 0);
	assert_true(fcntl(c.recv_fd, F_GETFD) & FD_CLOEXEC);
	close(c.recv_fd);
}

static void client_breach_cuts_off(void **state)
{
	struct fx *f = *state;
	_Alignas(8) unsigned char rep[256];
	struct gofer_call c = { .op = GOP_STAT, .path = "f" };
	int before = open("/dev/null", O_RDONLY), after;

	close(before);
	/* an fd with a STAT reply: refused, and the fds closed */
	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_STAT, GOFER_VERSION,
						       -ENOENT, 0, 0), 2), -EIO);
	assert_true(f->c->broken);
	after = open("/dev/null", O_RDONLY);
	assert_int_equal(after, before);        /* nothing leaked */
	close(after);
	/* from now on nothing is sent */
	assert_int_equal(gofer_call(f->c, &c), -EIO);
	assert_int_equal(recv(f->dirfd, rep, sizeof(rep), MSG_DONTWAIT), -1);
}

static void client_refuses_malformed_reply(void **state)
{
	struct fx *f = *state;
	_Alignas(8) unsigned char rep[256];
	struct gofer_call c = { .op = GOP_STAT, .path = "f" };

	/* a STAT reply without its struct stat */
	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_STAT, GOFER_VERSION,
						       0, 0, 3), 0), -EIO);
	assert_true(f->c->broken);
}

static void client_open_without_fd_is_breach(void **state)
{
	struct fx *f = *state;
	_Alignas(8) unsigned char rep[256];
	struct gofer_call c = { .op = GOP_OPEN, .path = "f" };

	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_OPEN, GOFER_VERSION,
						       0, 0, 0), 0), -EIO);
}

static void client_hello_version_mismatch_eproto(void **state)
{
	struct fx *f = *state;
	_Alignas(8) unsigned char rep[256];
	struct gofer_call c = { .op = GOP_HELLO };

	assert_int_equal(fake_call(f, &c, rep, mkreply(rep, GOP_HELLO, GOFER_VERSION + 1,
						       -EPROTO, 0, 0), 0), -EPROTO);
}

static void client_gofer_gone_eio(void **state)
{
	struct fx *f = *state;
	struct gofer_call c = { .op = GOP_STAT, .path = "f" };

	close(f->dirfd);
	f->dirfd = open("/dev/null", O_RDONLY);
	assert_int_equal(gofer_call(f->c, &c), -EIO);
	assert_true(f->c->broken);
}

static void client_bad_request_not_sent(void **state)
{
	struct fx *f = *state;
	unsigned char rep[16];
	struct gofer_call c = { .op = GOP_STAT, .path = "/etc" };

	assert_int_equal(gofer_call(f->c, &c), -EINVAL);
	c.path = "a/../b";
	assert_int_equal(gofer_call(f->c, &c), -EINVAL);
	assert_false(f->c->broken);
	assert_int_equal(recv(f->dirfd, rep, sizeof(rep), MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
#define TC(name) cmocka_unit_test_setup_teardown(name, setup_compat, teardown)
#define TF(name) cmocka_unit_test_setup_teardown(name, setup_fake, teardown_fake)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(hello_reports_version),
		T(open_creat_creates_file_with_mode),
		T(open_existing_reads_content),
		T(open_excl_existing_fails_eexist),
		T(open_symlink_in_middle_fails_eloop),
		T(open_symlink_last_fails_eloop),
		T(open_fifo_returns_opath_handle),
		T(walk_reports_types_and_symlink_target),
		T(walk_long_path_fits_the_reply),
		T(stat_follows_only_when_told),
		T(statx_reports_size),
		T(access_checks_mode),
		T(mkdir_creates_directory),
		T(mknod_makes_fifo_and_file_not_device),
		T(unlink_removes_file_and_directory),
		T(rename_moves_and_noreplace_fails_eexist),
		T(link_adds_a_name),
		T(symlink_then_readlink),
		T(chmod_changes_mode_not_through_links),
		T(chown_to_self),
		T(truncate_regular_only),
		T(utimens_sets_times),
		T(statfs_of_root),
		T(xattrs_round_trip),
		TC(compat_xattrs_and_chmod),
		T(bind_then_connect_unix_socket),
		T(connect_full_backlog_does_not_block),
		T(datagram_connect),
		T(malformed_request_gets_protocol_error),
		TF(filter_kills_unlisted_calls),
		TF(client_copies_payload_truncated),
		TF(client_takes_open_fd),
		TF(client_breach_cuts_off),
		TF(client_refuses_malformed_reply),
		TF(client_open_without_fd_is_breach),
		TF(client_hello_version_mismatch_eproto),
		TF(client_gofer_gone_eio),
		TF(client_bad_request_not_sent),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests_name("gofer server", tests, NULL, NULL);
}
