/* iopl_ioperm: ask for I/O port access.
 *
 * Port I/O reaches the hardware (or the hypervisor's device model)
 * directly.  iopl(0) asks for nothing new and ioperm(0, 0, 0) names an
 * empty range: both harmless, both answered by the kernel when they reach
 * it (0 and EINVAL), ENOSYS/EPERM when refused.
 *
 * @class kernel
 * @requires CONFIG_X86_IOPL_IOPERM
 * @weakened a kernel built with CONFIG_X86_IOPL_IOPERM=y
 */
#include "common.h"

static long
call_iopl(void *arg)
{
	(void)arg;
	return syscall(SYS_iopl, 0);
}

static long
call_ioperm(void *arg)
{
	(void)arg;
	return syscall(SYS_ioperm, 0UL, 0UL, 0);
}

int
main(void)
{
	struct probe r = probe(call_iopl, NULL);

	if (!r.sig && (r.ret >= 0 || !refused(r.err)))
		surface_verdict("iopl(0)", r);
	surface_verdict("ioperm(0, 0, 0)", probe(call_ioperm, NULL));
}
