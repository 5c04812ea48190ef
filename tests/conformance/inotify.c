/* Conformance: inotify(7) — inotify_init1, inotify_add_watch on files and
 * directories, and the events for create, modify, delete, rename, close. */
#include "fs_common.h"

#include <poll.h>
#include <sys/inotify.h>

#define EVBUF 8192

struct events {
	size_t n;
	struct {
		int wd;
		uint32_t mask;
		uint32_t cookie;
		char name[NAME_MAX + 1];
	} ev[64];
};

static int inotify_or_skip(void)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd == -1 && (errno == ENOSYS || errno == EMFILE))
		skip_because("inotify is not available (%s)", conf_errname(errno));
	assert_true(fd >= 0);
	return fd;
}

/* Read what is queued on FD (waiting up to a second for the first event). */
static void read_events(int fd, struct events *out)
{
	static char buf[EVBUF] __attribute__((aligned(__alignof__(struct inotify_event))));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	out->n = 0;
	if (poll(&p, 1, 1000) != 1)
		return;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n == -1 && errno == EAGAIN)
			return;
		assert_true(n > 0);
		for (ssize_t off = 0; off < n;) {
			struct inotify_event *e = (void *)(buf + off);
			if (out->n < sizeof out->ev / sizeof out->ev[0]) {
				out->ev[out->n].wd = e->wd;
				out->ev[out->n].mask = e->mask;
				out->ev[out->n].cookie = e->cookie;
				snprintf(out->ev[out->n].name, sizeof out->ev[0].name, "%s",
					 e->len ? e->name : "");
				out->n++;
			}
			off += (ssize_t)(sizeof *e + e->len);
		}
	}
}

/* Index of the first event with all of MASK's bits and NAME, or -1. */
static int find_event(const struct events *ev, uint32_t mask, const char *name)
{
	for (size_t i = 0; i < ev->n; i++)
		if ((ev->ev[i].mask & mask) == mask && strcmp(ev->ev[i].name, name) == 0)
			return (int)i;
	return -1;
}

static struct events E;

static void inotify_init1_nonblock_empty_read_fails_eagain(void **state)
{
	(void)state;
	char buf[EVBUF];
	int fd = inotify_or_skip();
	assert_errno(read(fd, buf, sizeof buf), EAGAIN);
	close(fd);
}

static void inotify_init1_invalid_flags_fail_einval(void **state)
{
	(void)state;
	assert_errno(inotify_init1(O_RDWR | 0x4000000), EINVAL);
}

static void inotify_add_watch_missing_path_fails_enoent(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_errno(inotify_add_watch(fd, "missing", IN_ALL_EVENTS), ENOENT);
	close(fd);
}

static void inotify_add_watch_zero_mask_fails_einval(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	assert_errno(inotify_add_watch(fd, "f", 0), EINVAL);
	close(fd);
}

static void inotify_add_watch_same_inode_returns_same_wd(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	assert_ok(link("f", "g"));
	int w1 = (int)assert_ok(inotify_add_watch(fd, "f", IN_MODIFY));
	int w2 = (int)assert_ok(inotify_add_watch(fd, "g", IN_ATTRIB));
	assert_int_equal(w1, w2);
	close(fd);
}

static void inotify_onlydir_on_file_fails_enotdir(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	assert_errno(inotify_add_watch(fd, "f", IN_CREATE | IN_ONLYDIR), ENOTDIR);
	close(fd);
}

static void inotify_create_in_dir_reports_name(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_ok(mkdir("d", 0755));
	int wd = (int)assert_ok(inotify_add_watch(fd, "d", IN_CREATE));
	conf_touch("d/new");
	read_events(fd, &E);
	int i = find_event(&E, IN_CREATE, "new");
	assert_true(i >= 0);
	assert_int_equal(E.ev[i].wd, wd);
	assert_int_equal(E.ev[i].mask & IN_ISDIR, 0);
	close(fd);
}

static void inotify_mkdir_sets_isdir(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_ok(mkdir("d", 0755));
	assert_ok(inotify_add_watch(fd, "d", IN_CREATE));
	assert_ok(mkdir("d/sub", 0755));
	read_events(fd, &E);
	assert_true(find_event(&E, IN_CREATE | IN_ISDIR, "sub") >= 0);
	close(fd);
}

static void inotify_modify_file_reports_in_modify(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	int wd = (int)assert_ok(inotify_add_watch(fd, "f", IN_MODIFY));
	int f = (int)assert_ok(open("f", O_WRONLY));
	assert_int_equal(assert_ok(write(f, "x", 1)), 1);
	close(f);
	read_events(fd, &E);
	int i = find_event(&E, IN_MODIFY, "");
	assert_true(i >= 0);
	assert_int_equal(E.ev[i].wd, wd);
	close(fd);
}

static void inotify_modify_in_dir_reports_name(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_ok(mkdir("d", 0755));
	conf_touch("d/f");
	assert_ok(inotify_add_watch(fd, "d", IN_MODIFY));
	conf_write_file("d/f", "changed");
	read_events(fd, &E);
	assert_true(find_event(&E, IN_MODIFY, "f") >= 0);
	close(fd);
}

static void inotify_close_write_reported(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	assert_ok(inotify_add_watch(fd, "f", IN_CLOSE_WRITE | IN_CLOSE_NOWRITE));
	close((int)assert_ok(open("f", O_WRONLY)));
	close((int)assert_ok(open("f", O_RDONLY)));
	read_events(fd, &E);
	int w = find_event(&E, IN_CLOSE_WRITE, ""), r = find_event(&E, IN_CLOSE_NOWRITE, "");
	assert_true(w >= 0);
	assert_true(r > w);
	close(fd);
}

static void inotify_delete_in_dir_reports_name(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_ok(mkdir("d", 0755));
	conf_touch("d/gone");
	assert_ok(inotify_add_watch(fd, "d", IN_DELETE));
	assert_ok(unlink("d/gone"));
	read_events(fd, &E);
	assert_true(find_event(&E, IN_DELETE, "gone") >= 0);
	close(fd);
}

static void inotify_delete_self_then_ignored(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	int wd = (int)assert_ok(inotify_add_watch(fd, "f", IN_DELETE_SELF));
	assert_ok(unlink("f"));
	read_events(fd, &E);
	int d = find_event(&E, IN_DELETE_SELF, ""), ig = find_event(&E, IN_IGNORED, "");
	assert_true(d >= 0);
	assert_true(ig > d);
	assert_int_equal(E.ev[ig].wd, wd);
	close(fd);
}

static void inotify_rename_pairs_share_cookie(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_ok(mkdir("d", 0755));
	conf_touch("d/a");
	assert_ok(inotify_add_watch(fd, "d", IN_MOVED_FROM | IN_MOVED_TO));
	assert_ok(rename("d/a", "d/b"));
	read_events(fd, &E);
	int from = find_event(&E, IN_MOVED_FROM, "a"), to = find_event(&E, IN_MOVED_TO, "b");
	assert_true(from >= 0);
	assert_true(to >= 0);
	assert_true(E.ev[from].cookie != 0);
	assert_int_equal(E.ev[from].cookie, E.ev[to].cookie);
	close(fd);
}

static void inotify_rm_watch_generates_in_ignored(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	conf_touch("f");
	int wd = (int)assert_ok(inotify_add_watch(fd, "f", IN_MODIFY));
	assert_ok(inotify_rm_watch(fd, wd));
	read_events(fd, &E);
	int i = find_event(&E, IN_IGNORED, "");
	assert_true(i >= 0);
	assert_int_equal(E.ev[i].wd, wd);
	close(fd);
}

static void inotify_rm_watch_bad_wd_fails_einval(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_errno(inotify_rm_watch(fd, 12345), EINVAL);
	close(fd);
}

static void inotify_events_outside_mask_not_reported(void **state)
{
	(void)state;
	int fd = inotify_or_skip();
	assert_ok(mkdir("d", 0755));
	assert_ok(inotify_add_watch(fd, "d", IN_DELETE));
	conf_touch("d/f");
	read_events(fd, &E);
	assert_int_equal(E.n, 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(inotify_init1_nonblock_empty_read_fails_eagain),
		conf_case(inotify_init1_invalid_flags_fail_einval),
		conf_case(inotify_add_watch_missing_path_fails_enoent),
		conf_case(inotify_add_watch_zero_mask_fails_einval),
		conf_case(inotify_add_watch_same_inode_returns_same_wd),
		conf_case(inotify_onlydir_on_file_fails_enotdir),
		conf_case(inotify_create_in_dir_reports_name),
		conf_case(inotify_mkdir_sets_isdir),
		conf_case(inotify_modify_file_reports_in_modify),
		conf_case(inotify_modify_in_dir_reports_name),
		conf_case(inotify_close_write_reported),
		conf_case(inotify_delete_in_dir_reports_name),
		conf_case(inotify_delete_self_then_ignored),
		conf_case(inotify_rename_pairs_share_cookie),
		conf_case(inotify_rm_watch_generates_in_ignored),
		conf_case(inotify_rm_watch_bad_wd_fails_einval),
		conf_case(inotify_events_outside_mask_not_reported),
	};
	return conf_run(tests);
}
