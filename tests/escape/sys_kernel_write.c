/* sys_kernel_write: write a global kernel setting under /sys/kernel.
 *
 * sysfs attributes are global; a writable /sys is a host knob (the
 * uevent_helper escape of 2014 went through here).  The attack reads each
 * candidate and writes the current value back, so nothing changes; a write
 * the real sysfs accepted is the escape.  The harness compares the values
 * before and after.
 *
 * @class procsys
 */
#include "common.h"
#include <sys/vfs.h>
#include <linux/magic.h>

/* THP style "always [madvise] never": the bracketed word is the value. */
static void
selected(char *value)
{
	char *lb = strchr(value, '['), *rb;

	if (lb && (rb = strchr(lb, ']'))) {
		*rb = '\0';
		memmove(value, lb + 1, (size_t)(rb - lb));
	}
}

int
main(void)
{
	static const char *const knobs[] = {
		"/sys/kernel/mm/transparent_hugepage/enabled",
		"/sys/kernel/mm/transparent_hugepage/defrag",
		"/sys/kernel/rcu_expedited",
		"/sys/kernel/uevent_helper",
	};
	int last_err = ENOENT;

	for (size_t i = 0; i < sizeof knobs / sizeof knobs[0]; i++) {
		char value[256];
		struct statfs sfs;
		ssize_t n;
		int fd = open(knobs[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			last_err = errno;
			continue;
		}
		n = read(fd, value, sizeof value - 1);
		close(fd);
		if (n < 0) {
			last_err = errno;
			continue;
		}
		value[n] = '\0';
		selected(value);
		fd = open(knobs[i], O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			last_err = errno;
			continue;
		}
		n = (ssize_t)strlen(value);
		if (write(fd, value, (size_t)n) != n) {
			last_err = errno;
			close(fd);
			continue;
		}
		if (fstatfs(fd, &sfs) == 0 && sfs.f_type == SYSFS_MAGIC)
			escaped("%s accepted a write (same value)", knobs[i]);
		close(fd);
		last_err = EINVAL;
	}
	contained("no /sys/kernel knob writable: %s", errname(last_err));
}
