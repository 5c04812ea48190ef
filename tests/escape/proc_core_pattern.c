/* proc_core_pattern: write /proc/sys/kernel/core_pattern.
 *
 * core_pattern is global, not namespaced; "|/path" there makes the host's
 * kernel run /path as root on the next crash: the classic container escape.
 * To stay harmless the attack writes back the value it read; a write the
 * real procfs accepted is the escape.  The harness compares the host's
 * value before and after too.
 *
 * @class procsys
 */
#include "common.h"
#include <sys/vfs.h>
#include <linux/magic.h>

int
main(void)
{
	static const char path[] = "/proc/sys/kernel/core_pattern";
	char value[256];
	struct statfs sfs;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		contained("open %s: %s", path, errname(errno));
	n = read(fd, value, sizeof value - 1);
	close(fd);
	if (n <= 0)
		contained("read %s: %s", path, n ? errname(errno) : "empty");
	value[n] = '\0';

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		contained("open %s for writing: %s", path, errname(errno));
	if (write(fd, value, (size_t)n) != n)
		contained("write %s: %s", path, errname(errno));
	if (fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC)
		escaped("the host's core_pattern accepted a write "
			"(same value written back)");
	contained("the write went to an emulated core_pattern (f_type %#lx)",
		  (unsigned long)sfs.f_type);
}
