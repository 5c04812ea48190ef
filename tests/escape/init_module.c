/* init_module: load a kernel module.
 *
 * Module loading is kernel code execution.  DESIGN.md denies it.  The
 * "module" is four zero bytes and /dev/null, which the kernel rejects
 * (ENOEXEC, EINVAL, EBADF) after its capability check: such an answer
 * proves the call reached the loader; EPERM/ENOSYS is a refusal.
 *
 * @class kernel
 * @requires CONFIG_MODULES
 * @weakened a kernel built with CONFIG_MODULES=y (this one has none)
 */
#include "common.h"

static long
call_init(void *arg)
{
	static const char image[4];

	(void)arg;
	return syscall(SYS_init_module, image, sizeof image, "");
}

static long
call_finit(void *arg)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	(void)arg;
	return syscall(SYS_finit_module, fd, "", 0);
}

int
main(void)
{
	struct probe r = probe(call_init, NULL);

	if (!r.sig && (r.ret >= 0 || !refused(r.err)))
		surface_verdict("init_module(invalid image)", r);
	surface_verdict("finit_module(/dev/null)", probe(call_finit, NULL));
}
