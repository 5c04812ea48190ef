/* x32_syscall: a syscall number with the x32 bit (nr | 0x40000000).
 *
 * x32 syscalls arrive with AUDIT_ARCH_X86_64, so a filter that compares
 * only the low bits of the number lets "x32 mkdir" pass as the reviewed
 * x86-64 row.  DESIGN.md: any other ABI is refused.  The call is mkdir of
 * ESCAPE_HOST_DIR/pwned-x32_syscall: the harness sees it on the host if it
 * got through.  A kernel answer other than ENOSYS/EPERM (0, EROFS, ...)
 * means it reached the kernel; SIGSYS means the filter killed the caller.
 *
 * @class kernel
 * @requires CONFIG_X86_X32_ABI
 * @weakened a kernel built with CONFIG_X86_X32_ABI=y (x32 is off here, so
 *  natively every x32 number returns ENOSYS)
 */
#include "common.h"

#define X32_BIT 0x40000000L

static char path[PATH_MAX];

static long
call(void *arg)
{
	(void)arg;
	return syscall(X32_BIT | SYS_mkdir, path, 0755);
}

int
main(void)
{
	snprintf(path, sizeof path, "%s/pwned-x32_syscall",
		 env_need("ESCAPE_HOST_DIR"));
	surface_verdict("x32 mkdir", probe(call, NULL));
}
