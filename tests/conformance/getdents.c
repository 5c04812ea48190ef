/* Conformance: getdents64(2) — every entry exactly once, in any order;
 * d_type, d_ino, record lengths; buffer and fd errors; rewinding. */
#include "fs_common.h"

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define MAX_SEEN 512

struct listing {
	size_t n;
	char names[MAX_SEEN][NAME_MAX + 1];
	unsigned char types[MAX_SEEN];
	uint64_t inos[MAX_SEEN];
};

static long sys_getdents64(int fd, void *buf, size_t size)
{
	return syscall(SYS_getdents64, fd, buf, size);
}

/* Read the whole directory FD with a buffer of BUFSIZE bytes. */
static void list_fd(int fd, size_t bufsize, struct listing *out)
{
	static char buf[65536] __attribute__((aligned(8)));
	assert_true(bufsize <= sizeof buf);
	out->n = 0;
	for (;;) {
		long n = sys_getdents64(fd, buf, bufsize);
		assert_true(n >= 0);
		if (n == 0)
			break;
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			assert_true(out->n < MAX_SEEN);
			assert_int_equal(d->d_reclen % 8, 0);
			snprintf(out->names[out->n], sizeof out->names[0], "%s", d->d_name);
			out->types[out->n] = d->d_type;
			out->inos[out->n] = d->d_ino;
			out->n++;
			off += d->d_reclen;
		}
	}
}

static void list_dir(const char *path, struct listing *out)
{
	int fd = (int)assert_ok(open(path, O_RDONLY | O_DIRECTORY));
	list_fd(fd, 65536, out);
	close(fd);
}

static int count_name(const struct listing *l, const char *name)
{
	int c = 0;
	for (size_t i = 0; i < l->n; i++)
		c += strcmp(l->names[i], name) == 0;
	return c;
}

static int find_name(const struct listing *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->names[i], name) == 0)
			return (int)i;
	fail_msg("entry %s not listed", name);
	return -1;
}

static struct listing L;

static void getdents64_lists_every_entry_once(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/a");
	conf_touch("d/b");
	assert_ok(mkdir("d/c", 0755));
	list_dir("d", &L);
	assert_int_equal(L.n, 5);
	assert_int_equal(count_name(&L, "."), 1);
	assert_int_equal(count_name(&L, ".."), 1);
	assert_int_equal(count_name(&L, "a"), 1);
	assert_int_equal(count_name(&L, "b"), 1);
	assert_int_equal(count_name(&L, "c"), 1);
}

static void getdents64_empty_dir_has_dot_and_dotdot(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	list_dir("d", &L);
	assert_int_equal(L.n, 2);
	assert_int_equal(count_name(&L, "."), 1);
	assert_int_equal(count_name(&L, ".."), 1);
}

static void getdents64_reports_d_type(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/reg");
	assert_ok(mkdir("d/dir", 0755));
	assert_ok(symlink("reg", "d/lnk"));
	assert_ok(mkfifo("d/fifo", 0600));
	list_dir("d", &L);
	if (L.types[find_name(&L, "reg")] == DT_UNKNOWN)
		skip_because("the file system does not fill in d_type");
	assert_int_equal(L.types[find_name(&L, "reg")], DT_REG);
	assert_int_equal(L.types[find_name(&L, "dir")], DT_DIR);
	assert_int_equal(L.types[find_name(&L, "lnk")], DT_LNK);
	assert_int_equal(L.types[find_name(&L, "fifo")], DT_FIFO);
	assert_int_equal(L.types[find_name(&L, ".")], DT_DIR);
}

static void getdents64_d_ino_matches_lstat(void **state)
{
	(void)state;
	struct stat st;
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(symlink("f", "d/l"));
	list_dir("d", &L);
	assert_ok(lstat("d/f", &st));
	assert_int_equal(L.inos[find_name(&L, "f")], st.st_ino);
	assert_ok(lstat("d/l", &st));
	assert_int_equal(L.inos[find_name(&L, "l")], st.st_ino);
	assert_ok(stat("d", &st));
	assert_int_equal(L.inos[find_name(&L, ".")], st.st_ino);
}

static void getdents64_at_end_returns_zero(void **state)
{
	(void)state;
	char buf[4096] __attribute__((aligned(8)));
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	while (assert_ok(sys_getdents64(fd, buf, sizeof buf)) > 0)
		;
	assert_int_equal(assert_ok(sys_getdents64(fd, buf, sizeof buf)), 0);
	close(fd);
}

static void getdents64_small_buffer_fails_einval(void **state)
{
	(void)state;
	char buf[8] __attribute__((aligned(8)));
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	assert_errno(sys_getdents64(fd, buf, 1), EINVAL);
	close(fd);
}

static void getdents64_on_file_fails_enotdir(void **state)
{
	(void)state;
	char buf[4096] __attribute__((aligned(8)));
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_errno(sys_getdents64(fd, buf, sizeof buf), ENOTDIR);
	close(fd);
}

static void getdents64_bad_fd_fails_ebadf(void **state)
{
	(void)state;
	char buf[4096] __attribute__((aligned(8)));
	assert_errno(sys_getdents64(-1, buf, sizeof buf), EBADF);
}

static void getdents64_o_path_fd_fails_ebadf(void **state)
{
	(void)state;
	char buf[4096] __attribute__((aligned(8)));
	int fd = (int)assert_ok(open(".", O_PATH | O_DIRECTORY));
	assert_errno(sys_getdents64(fd, buf, sizeof buf), EBADF);
	close(fd);
}

static void getdents64_small_buffers_see_each_entry_once(void **state)
{
	(void)state;
	char name[32];
	assert_ok(mkdir("d", 0755));
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "d/entry-%03d", i);
		conf_touch(name);
	}
	int fd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	list_fd(fd, 256, &L);
	close(fd);
	assert_int_equal(L.n, 302);
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "entry-%03d", i);
		assert_int_equal(count_name(&L, name), 1);
	}
}

static void getdents64_rewind_lists_again(void **state)
{
	(void)state;
	struct listing *again = malloc(sizeof *again);
	assert_non_null(again);
	conf_touch("a");
	conf_touch("b");
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	list_fd(fd, 4096, &L);
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_SET)), 0);
	list_fd(fd, 4096, again);
	close(fd);
	assert_int_equal(L.n, 4);
	assert_int_equal(again->n, 4);
	assert_int_equal(count_name(again, "a"), 1);
	free(again);
}

static void getdents64_removed_entry_gone_after_rewind(void **state)
{
	(void)state;
	conf_touch("a");
	conf_touch("b");
	int fd = (int)assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	list_fd(fd, 4096, &L);
	assert_int_equal(count_name(&L, "a"), 1);
	assert_ok(unlink("a"));
	assert_int_equal(assert_ok(lseek(fd, 0, SEEK_SET)), 0);
	list_fd(fd, 4096, &L);
	close(fd);
	assert_int_equal(count_name(&L, "a"), 0);
	assert_int_equal(count_name(&L, "b"), 1);
}

static void getdents64_removed_dir_fails_enoent(void **state)
{
	(void)state;
	char buf[4096] __attribute__((aligned(8)));
	assert_ok(mkdir("d", 0755));
	int fd = (int)assert_ok(open("d", O_RDONLY | O_DIRECTORY));
	assert_ok(rmdir("d"));
	/* iterate_dir() refuses a directory that has been removed. */
	assert_errno(sys_getdents64(fd, buf, sizeof buf), ENOENT);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(getdents64_lists_every_entry_once),
		conf_case(getdents64_empty_dir_has_dot_and_dotdot),
		conf_case(getdents64_reports_d_type),
		conf_case(getdents64_d_ino_matches_lstat),
		conf_case(getdents64_at_end_returns_zero),
		conf_case(getdents64_small_buffer_fails_einval),
		conf_case(getdents64_on_file_fails_enotdir),
		conf_case(getdents64_bad_fd_fails_ebadf),
		conf_case(getdents64_o_path_fd_fails_ebadf),
		conf_case(getdents64_small_buffers_see_each_entry_once),
		conf_case(getdents64_rewind_lists_again),
		conf_case(getdents64_removed_entry_gone_after_rewind),
		conf_case(getdents64_removed_dir_fails_enoent),
	};
	return conf_run(tests);
}
