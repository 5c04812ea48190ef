/* dev_kmsg_write: write a line into the host's kernel log.
 *
 * /dev/kmsg is global: a line written there lands in the host's dmesg and
 * its journal (log forging, or flooding).  The line carries
 * "moat-escape dev_kmsg_write <nonce>"; the harness looks for it in the
 * host's /dev/kmsg afterwards.  The attack checks that the fd it wrote is
 * the real char 1:11, not a stand-in.
 *
 * @class device
 */
#include "common.h"
#include <sys/sysmacros.h>

int
main(void)
{
	char line[160];
	struct stat st;
	int fd, len;

	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		contained("open /dev/kmsg: %s", errname(errno));
	len = snprintf(line, sizeof line, "<5>moat-escape dev_kmsg_write %s\n",
		       env_or("ESCAPE_NONCE", "-"));
	if (write(fd, line, (size_t)len) != len)
		contained("write /dev/kmsg: %s", errname(errno));
	if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	    st.st_rdev == makedev(1, 11))
		escaped("wrote a line into the kernel log via /dev/kmsg");
	contained("/dev/kmsg took the write but is not char 1:11");
}
