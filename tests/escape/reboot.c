/* reboot: reach the reboot syscall past its capability check.
 *
 * The kernel checks CAP_SYS_BOOT first and the magic numbers second, so a
 * call with a wrong magic returns EINVAL only for a caller that could have
 * rebooted the machine.  Nothing reboots: magic1 is wrong.  Under moat the
 * answer must be EPERM (no capability, or the filter's refusal).
 *
 * @class kernel
 */
#include "common.h"

static long
call(void *arg)
{
	(void)arg;
	/* magic1 is not LINUX_REBOOT_MAGIC1 (0xfee1dead): always rejected. */
	return syscall(SYS_reboot, 0x12345678UL, 0x12345678UL, 0x1234567UL,
		       NULL);
}

int
main(void)
{
	surface_verdict("reboot(bad magic)", probe(call, NULL));
}
