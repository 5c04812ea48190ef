/* kexec_load: load a kernel to boot into.
 *
 * kexec replaces the running kernel.  DESIGN.md denies it.  The flags are
 * invalid, which the kernel checks after CAP_SYS_BOOT: EINVAL proves the
 * call reached kexec, EPERM/ENOSYS is a refusal.  Nothing is loaded and,
 * with invalid flags, nothing is unloaded either.
 *
 * @class kernel
 * @requires CONFIG_KEXEC|CONFIG_KEXEC_FILE
 * @weakened a kernel built with CONFIG_KEXEC or CONFIG_KEXEC_FILE
 */
#include "common.h"

#define BAD_FLAGS 0xdead0000UL

static long
call_load(void *arg)
{
	(void)arg;
	return syscall(SYS_kexec_load, 0UL, 0UL, NULL, BAD_FLAGS);
}

static long
call_file(void *arg)
{
	(void)arg;
	return syscall(SYS_kexec_file_load, -1, -1, 0UL, "", BAD_FLAGS);
}

int
main(void)
{
	struct probe r = probe(call_load, NULL);

	if (!r.sig && (r.ret >= 0 || !refused(r.err)))
		surface_verdict("kexec_load(bad flags)", r);
	surface_verdict("kexec_file_load(bad flags)", probe(call_file, NULL));
}
