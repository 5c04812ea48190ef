/* Helpers for the file-system conformance programs (open, stat, rename,
 * xattrs, locks, ...).
 *
 * On top of common.h (assertions, the per-program scratch directory) and
 * proc_common.h (bounded fork/wait, capability checks, CONF_BAD_PTR), each
 * case gets a fresh, empty subdirectory of the scratch directory as its
 * cwd: cases never see each other's files, a case may list or remove its
 * cwd, and the umask is back to 022 at the start of every case.  Register
 * cases with conf_case(fn) instead of cmocka_unit_test(fn). */
#ifndef MOAT_CONFORMANCE_FS_COMMON_H
#define MOAT_CONFORMANCE_FS_COMMON_H

#include "common.h"
#include "proc_common.h"

#include <dirent.h>
#include <grp.h>
#include <sys/uio.h>

static unsigned conf_case_no;
static char conf_case_dir[PATH_MAX];

/* Permission checks are bypassed with CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH (root).  A case that expects EACCES calls
 * conf_drop_dac_or_skip() first: it clears both from the effective set, so
 * that root is checked like any owner, and the case teardown raises them
 * again from the permitted set.  If they cannot be dropped, the case skips. */
static struct __user_cap_data_struct conf_caps_saved[2];
static bool conf_caps_dropped;

static inline void conf_drop_dac_or_skip(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	if (!conf_has_cap(CAP_DAC_OVERRIDE) && !conf_has_cap(CAP_DAC_READ_SEARCH))
		return;
	if (!conf_caps_dropped) {
		if (syscall(SYS_capget, &hdr, conf_caps_saved) != 0)
			skip_because("CAP_DAC_OVERRIDE bypasses the check, capget failed");
		conf_caps_dropped = true;
	}
	conf_drop_cap(CAP_DAC_OVERRIDE);
	conf_drop_cap(CAP_DAC_READ_SEARCH);
	if (conf_has_cap(CAP_DAC_OVERRIDE) || conf_has_cap(CAP_DAC_READ_SEARCH))
		skip_because("CAP_DAC_OVERRIDE bypasses the check and cannot be dropped");
}

static inline void conf_restore_caps(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	if (conf_caps_dropped)
		syscall(SYS_capset, &hdr, conf_caps_saved);
	conf_caps_dropped = false;
}

/* Remove NAME under DIRFD, whatever it is.  Directories are made
 * searchable and writable first: a case that failed half-way may have left
 * a mode-000 directory that an unprivileged teardown could not empty. */
static inline void conf_rmtree_at(int dirfd, const char *name)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlinkat(dirfd, name, 0);
		return;
	}
	fchmodat(dirfd, name, 0700, 0);
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		DIR *d = fdopendir(fd);
		if (d) {
			struct dirent *e;
			while ((e = readdir(d)) != NULL) {
				if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
					conf_rmtree_at(fd, e->d_name);
			}
			closedir(d);
		} else {
			close(fd);
		}
	}
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

static inline int conf_case_setup(void **state)
{
	(void)state;
	if (chdir(conf_scratch) != 0)
		return -1;
	int n = snprintf(conf_case_dir, sizeof conf_case_dir, "%s/case%u",
			 conf_scratch, ++conf_case_no);
	if (n < 0 || (size_t)n >= sizeof conf_case_dir)
		return -1;
	if (mkdir(conf_case_dir, 0755) != 0 || chdir(conf_case_dir) != 0)
		return -1;
	umask(022);
	return 0;
}

static inline int conf_case_teardown(void **state)
{
	(void)state;
	char name[32];
	conf_restore_caps();
	umask(022);
	if (chdir(conf_scratch) != 0)
		return -1;
	snprintf(name, sizeof name, "case%u", conf_case_no);
	conf_rmtree_at(AT_FDCWD, name);
	return 0;
}

#define conf_case(fn) \
	cmocka_unit_test_setup_teardown(fn, conf_case_setup, conf_case_teardown)

/* Create (or truncate) PATH with mode 0644 and contents DATA. */
static inline void conf_write_file(const char *path, const char *data)
{
	int fd = (int)assert_ok(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	size_t len = strlen(data);
	assert_int_equal(assert_ok(write(fd, data, len)), (long)len);
	assert_ok(close(fd));
}

static inline void conf_touch(const char *path)
{
	conf_write_file(path, "");
}

/* Read at most SIZE-1 bytes of PATH into BUF, NUL-terminated; returns the
 * length. */
static inline size_t conf_read_file(const char *path, char *buf, size_t size)
{
	int fd = (int)assert_ok(open(path, O_RDONLY | O_CLOEXEC));
	ssize_t n = read(fd, buf, size - 1);
	if (n < 0)
		fail_msg("read %s: %s", path, conf_errname(errno));
	buf[n] = 0;
	close(fd);
	return (size_t)n;
}

/* Assert that PATH holds exactly DATA. */
#define assert_file_contents(path, data)                                 \
	do {                                                             \
		char buf_[4096];                                         \
		conf_read_file((path), buf_, sizeof buf_);               \
		assert_string_equal(buf_, (data));                       \
	} while (0)

static inline mode_t conf_mode(const char *path)
{
	struct stat st;
	assert_ok(lstat(path, &st));
	return st.st_mode;
}

static inline int conf_exists(const char *path)
{
	struct stat st;
	return fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* Absolute path of NAME inside the case directory, for cases that need an
 * absolute path but must stay inside the scratch tree. */
static inline const char *conf_abs(const char *name, char *out, size_t size)
{
	int n = snprintf(out, size, "%s/%s", conf_case_dir, name);
	if (n < 0 || (size_t)n >= size)
		fail_msg("path too long: %s", name);
	return out;
}

/* Whether this process is in the initial user namespace (its uid_map is
 * the identity over all ids).  Some kernel checks use capable(), which
 * only counts capabilities there; a sandbox usually runs cases in a user
 * namespace of its own, where the same capability bits mean less. */
static inline bool conf_in_initial_userns(void)
{
	char buf[128];
	unsigned long a, b, n;
	int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return false;
	ssize_t len = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (len <= 0)
		return false;
	buf[len] = 0;
	return sscanf(buf, "%lu %lu %lu", &a, &b, &n) == 3 && a == 0 && b == 0 &&
	       n == 4294967295UL && strchr(buf, '\n') == buf + len - 1;
}

/* In a forked child: become uid/gid 65534 with no supplementary groups,
 * so that a case run as root can observe an unprivileged caller.  Returns
 * false if the ids cannot be changed (not root, or a sandbox forbids it).
 * The case directory stays unreachable for the new ids (the scratch
 * directory is mode 0700): the child works on fds opened before. */
static inline bool conf_become_nobody(void)
{
	if (setgroups(0, NULL) != 0)
		return false;
	if (setresgid(65534, 65534, 65534) != 0)
		return false;
	return setresuid(65534, 65534, 65534) == 0;
}

/* Exit status by which a child says "cannot test this here". */
#define CONF_CHILD_SKIP 77

/* Wait for PID; skip the case with WHY if it exited CONF_CHILD_SKIP,
 * otherwise require exit 0. */
#define assert_child_ok_or_skip(pid, why)                                \
	do {                                                             \
		int st_ = conf_wait(pid);                                \
		if (WIFEXITED(st_) && WEXITSTATUS(st_) == CONF_CHILD_SKIP) \
			skip_because(why);                               \
		assert_status_exited(st_, 0);                            \
	} while (0)

#endif
