/* Conformance: /proc/self — the exe, cwd and fd links, fd/ and fdinfo/,
 * maps, status, stat, cmdline and comm, as a program sees its own
 * process. */
#include "fs_common.h"

#include <sys/mman.h>

static const char *argv0;

static void need_proc(void)
{
	if (access("/proc/self/status", R_OK) != 0)
		skip_because("/proc is not mounted");
}

/* Read a whole /proc file into a static buffer. */
static const char *slurp(const char *path)
{
	static char buf[1 << 17];
	int fd = (int)assert_ok(open(path, O_RDONLY | O_CLOEXEC));
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + len, sizeof buf - 1 - len);
		assert_true(n >= 0);
		if (n == 0)
			break;
		len += (size_t)n;
		assert_true(len < sizeof buf - 1);
	}
	close(fd);
	buf[len] = 0;
	return buf;
}

/* The value of "Key:" in /proc/self/status, without leading blanks. */
static void status_field(const char *key, char *out, size_t size)
{
	const char *s = slurp("/proc/self/status");
	size_t klen = strlen(key);
	for (const char *line = s; *line;) {
		const char *end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *v = line + klen + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			snprintf(out, size, "%.*s", (int)(end - v), v);
			return;
		}
		line = *end ? end + 1 : end;
	}
	fail_msg("no %s: line in /proc/self/status", key);
}

static void readlink_str(const char *path, char *out, size_t size)
{
	ssize_t n = readlink(path, out, size - 1);
	if (n < 0)
		fail_msg("readlink %s: %s", path, conf_errname(errno));
	out[n] = 0;
}

static void proc_self_links_to_own_pid(void **state)
{
	(void)state;
	char link[32], want[32];
	need_proc();
	readlink_str("/proc/self", link, sizeof link);
	snprintf(want, sizeof want, "%d", (int)getpid());
	assert_string_equal(link, want);
}

static void proc_self_exe_is_this_program(void **state)
{
	(void)state;
	char link[PATH_MAX];
	struct stat a, b;
	need_proc();
	readlink_str("/proc/self/exe", link, sizeof link);
	assert_int_equal(link[0], '/');
	assert_ok(stat("/proc/self/exe", &a));
	assert_ok(stat(argv0, &b));
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_dev, b.st_dev);
}

static void proc_self_cwd_is_working_directory(void **state)
{
	(void)state;
	char link[PATH_MAX], cwd[PATH_MAX];
	need_proc();
	assert_ok(mkdir("d", 0755));
	assert_ok(chdir("d"));
	readlink_str("/proc/self/cwd", link, sizeof link);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_string_equal(link, cwd);
}

static void proc_self_fd_lists_open_fd(void **state)
{
	(void)state;
	char name[16];
	need_proc();
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	snprintf(name, sizeof name, "%d", fd);
	DIR *d = opendir("/proc/self/fd");
	assert_non_null(d);
	int found = 0, zero = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		found += strcmp(e->d_name, name) == 0;
		zero += strcmp(e->d_name, "0") == 0;
	}
	closedir(d);
	close(fd);
	assert_int_equal(found, 1);
	assert_int_equal(zero, 1);
}

static void proc_self_fd_link_names_the_file(void **state)
{
	(void)state;
	char path[64], link[PATH_MAX], abs[PATH_MAX], want[PATH_MAX];
	need_proc();
	conf_touch("f");
	assert_non_null(realpath(conf_abs("f", abs, sizeof abs), want));
	int fd = (int)assert_ok(open("f", O_RDONLY));
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink_str(path, link, sizeof link);
	assert_string_equal(link, want);
	close(fd);
}

static void proc_self_fd_of_unlinked_file_says_deleted(void **state)
{
	(void)state;
	char path[64], link[PATH_MAX];
	need_proc();
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_ok(unlink("f"));
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink_str(path, link, sizeof link);
	size_t n = strlen(link);
	assert_true(n > 10);
	assert_string_equal(link + n - 10, " (deleted)");
	close(fd);
}

static void proc_self_fd_link_of_memfd_names_it(void **state)
{
	(void)state;
	char path[64], link[PATH_MAX];
	need_proc();
	int fd = (int)assert_ok(memfd_create("conf-name", 0));
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	readlink_str(path, link, sizeof link);
	assert_string_equal(link, "/memfd:conf-name (deleted)");
	close(fd);
}

static void proc_self_fd_closed_fd_fails_enoent(void **state)
{
	(void)state;
	char path[64], link[64];
	need_proc();
	conf_touch("f");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	close(fd);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	assert_errno(readlink(path, link, sizeof link), ENOENT);
}

static void proc_self_fd_reopen_gets_own_offset(void **state)
{
	(void)state;
	char path[64], c;
	need_proc();
	conf_write_file("f", "abc");
	int fd = (int)assert_ok(open("f", O_RDONLY));
	assert_int_equal(assert_ok(lseek(fd, 2, SEEK_SET)), 2);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int again = (int)assert_ok(open(path, O_RDONLY));
	assert_int_equal(assert_ok(read(again, &c, 1)), 1);
	assert_int_equal(c, 'a');
	close(again);
	close(fd);
}

static void proc_self_fdinfo_reports_pos_and_flags(void **state)
{
	(void)state;
	char path[64];
	unsigned long pos = 99, flags = 0;
	need_proc();
	conf_write_file("f", "0123456789");
	int fd = (int)assert_ok(open("f", O_WRONLY | O_APPEND));
	assert_int_equal(assert_ok(lseek(fd, 7, SEEK_SET)), 7);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	const char *s = slurp(path);
	assert_int_equal(sscanf(s, "pos: %lu flags: %lo", &pos, &flags), 2);
	assert_int_equal(pos, 7);
	assert_int_equal(flags & O_ACCMODE, O_WRONLY);
	assert_true(flags & O_APPEND);
	close(fd);
}

static void proc_self_maps_lists_new_mapping(void **state)
{
	(void)state;
	char want[64];
	need_proc();
	char *p = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	snprintf(want, sizeof want, "%lx-%lx r--p ", (unsigned long)p,
		 (unsigned long)(p + 3 * 4096));
	const char *maps = slurp("/proc/self/maps");
	munmap(p, 3 * 4096);
	assert_non_null(strstr(maps, want));
}

static void proc_self_maps_lists_executable_and_stack(void **state)
{
	(void)state;
	char exe[PATH_MAX], line_exe[PATH_MAX + 2];
	need_proc();
	readlink_str("/proc/self/exe", exe, sizeof exe);
	snprintf(line_exe, sizeof line_exe, " %s\n", exe);
	const char *maps = slurp("/proc/self/maps");
	assert_non_null(strstr(maps, line_exe));
	assert_non_null(strstr(maps, "[stack]"));
}

static void proc_self_status_reports_pid_and_ppid(void **state)
{
	(void)state;
	char v[64], want[32];
	need_proc();
	status_field("Pid", v, sizeof v);
	snprintf(want, sizeof want, "%d", (int)getpid());
	assert_string_equal(v, want);
	status_field("PPid", v, sizeof v);
	snprintf(want, sizeof want, "%d", (int)getppid());
	assert_string_equal(v, want);
	status_field("State", v, sizeof v);
	assert_int_equal(v[0], 'R');
}

static void proc_self_status_reports_ids(void **state)
{
	(void)state;
	char v[128], want[128];
	need_proc();
	uid_t r, e, s;
	gid_t gr, ge, gs;
	assert_ok(getresuid(&r, &e, &s));
	assert_ok(getresgid(&gr, &ge, &gs));
	status_field("Uid", v, sizeof v);
	snprintf(want, sizeof want, "%u\t%u\t%u\t%u", r, e, s, e);
	assert_string_equal(v, want);
	status_field("Gid", v, sizeof v);
	snprintf(want, sizeof want, "%u\t%u\t%u\t%u", gr, ge, gs, ge);
	assert_string_equal(v, want);
}

static void proc_self_status_name_matches_comm(void **state)
{
	(void)state;
	char v[64], comm[64];
	need_proc();
	status_field("Name", v, sizeof v);
	snprintf(comm, sizeof comm, "%s", slurp("/proc/self/comm"));
	comm[strcspn(comm, "\n")] = 0;
	assert_string_equal(v, comm);
	/* The name is the basename of the program, cut to 15 bytes. */
	const char *base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	assert_int_equal(strncmp(v, base, 15), 0);
}

static void proc_self_stat_starts_with_pid_comm_state(void **state)
{
	(void)state;
	char comm[64], st = 0;
	int pid = 0;
	need_proc();
	const char *s = slurp("/proc/self/stat");
	assert_int_equal(sscanf(s, "%d (%63[^)]) %c", &pid, comm, &st), 3);
	assert_int_equal(pid, getpid());
	assert_int_equal(st, 'R');
}

static void proc_self_cmdline_starts_with_argv0(void **state)
{
	(void)state;
	need_proc();
	const char *s = slurp("/proc/self/cmdline");
	assert_string_equal(s, argv0);
}

int main(int argc, char **argv)
{
	(void)argc;
	argv0 = argv[0];
	const struct CMUnitTest tests[] = {
		conf_case(proc_self_links_to_own_pid),
		conf_case(proc_self_exe_is_this_program),
		conf_case(proc_self_cwd_is_working_directory),
		conf_case(proc_self_fd_lists_open_fd),
		conf_case(proc_self_fd_link_names_the_file),
		conf_case(proc_self_fd_of_unlinked_file_says_deleted),
		conf_case(proc_self_fd_link_of_memfd_names_it),
		conf_case(proc_self_fd_closed_fd_fails_enoent),
		conf_case(proc_self_fd_reopen_gets_own_offset),
		conf_case(proc_self_fdinfo_reports_pos_and_flags),
		conf_case(proc_self_maps_lists_new_mapping),
		conf_case(proc_self_maps_lists_executable_and_stack),
		conf_case(proc_self_status_reports_pid_and_ppid),
		conf_case(proc_self_status_reports_ids),
		conf_case(proc_self_status_name_matches_comm),
		conf_case(proc_self_stat_starts_with_pid_comm_state),
		conf_case(proc_self_cmdline_starts_with_argv0),
	};
	return conf_run(tests);
}
