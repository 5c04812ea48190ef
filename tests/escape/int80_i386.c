/* int80_i386: an i386 syscall through `int $0x80` from a 64-bit task.
 *
 * The i386 table numbers differ: i386 mkdir is 39, which is x86-64
 * getpid, a harmless "pass" row.  A filter that does not check the
 * architecture lets i386 mkdir through as getpid.  DESIGN.md: a foreign
 * architecture kills the task.  The path is ESCAPE_HOST_DIR/pwned-int80_i386
 * in memory below 4 GiB (the i386 ABI passes 32-bit pointers); the harness
 * sees a directory appear on the host if the call got through.
 *
 * @class kernel
 * @requires CONFIG_IA32_EMULATION
 */
#include "common.h"
#include <sys/mman.h>

#define I386_MKDIR 39

static char *path;

static long
call(void *arg)
{
	long ret;

	(void)arg;
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"((long)I386_MKDIR), "b"((long)(uintptr_t)path),
		       "c"(0755L)
		     : "r8", "r9", "r10", "r11", "memory", "cc");
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

int
main(void)
{
	path = mmap(NULL, PATH_MAX, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (path == MAP_FAILED)
		setup_error("mmap(MAP_32BIT): %s", errname(errno));
	snprintf(path, PATH_MAX, "%s/pwned-int80_i386",
		 env_need("ESCAPE_HOST_DIR"));
	surface_verdict("int $0x80 mkdir (i386 #39 = x86-64 getpid)",
			probe(call, NULL));
}
