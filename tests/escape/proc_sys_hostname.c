/* proc_sys_hostname: change the hostname through /proc/sys/kernel/hostname.
 *
 * The hostname belongs to the UTS namespace.  A sandbox with its own UTS
 * namespace may let the guest rename itself; a write that lands in the
 * host's namespace renames the machine.  The new name is
 * "moat-esc-<nonce>"; the harness compares the host's uname before and
 * after (and puts the old name back).  The attack itself counts a write
 * only if /proc/self/ns/uts is the host's (ESCAPE_HOST_IDS utsns).
 *
 * @class procsys
 */
#include "common.h"

int
main(void)
{
	char name[64];
	int fd, len;

	len = snprintf(name, sizeof name, "moat-esc-%.16s",
		       env_or("ESCAPE_NONCE", "x"));
	fd = open("/proc/sys/kernel/hostname", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		contained("open /proc/sys/kernel/hostname: %s", errname(errno));
	if (write(fd, name, (size_t)len) != len)
		contained("write /proc/sys/kernel/hostname: %s",
			  errname(errno));
	if (ns_is_host("/proc/self/ns/uts", "utsns"))
		escaped("renamed the host to %s via /proc/sys", name);
	contained("hostname written in the sandbox's own UTS namespace");
}
