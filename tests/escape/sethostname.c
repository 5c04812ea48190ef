/* sethostname: rename the machine with sethostname(2).
 *
 * As proc_sys_hostname, through the syscall: the guest may rename its own
 * UTS namespace, never the host's.  The harness compares the host's uname
 * before and after and restores it.
 *
 * @class procsys
 */
#include "common.h"

int
main(void)
{
	char name[64];
	int len;

	len = snprintf(name, sizeof name, "moat-esc-%.16s",
		       env_or("ESCAPE_NONCE", "x"));
	if (sethostname(name, (size_t)len) < 0)
		contained("sethostname: %s", errname(errno));
	if (ns_is_host("/proc/self/ns/uts", "utsns"))
		escaped("renamed the host to %s", name);
	contained("sethostname changed only the sandbox's UTS namespace");
}
