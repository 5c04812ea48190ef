/* dev_mem: read physical memory or I/O ports through /dev/mem, /dev/port.
 *
 * The sandbox's /dev holds null, zero, full, random, urandom, tty and its
 * pts (DESIGN.md); the memory devices must not be there, nor openable.
 *
 * @class device
 * @requires CONFIG_DEVMEM
 * @weakened a kernel built with CONFIG_DEVMEM=y (this one has no /dev/mem)
 */
#include "common.h"

int
main(void)
{
	static const char *const devs[] = {
		"/dev/mem", "/dev/port", "/dev/kmem",
	};
	int last_err = ENOENT;

	for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		unsigned char b;
		int fd = open(devs[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			last_err = errno;
			continue;
		}
		/* Offset 0x80 of /dev/port is the POST port, a harmless read;
		 * offset 0 of /dev/mem is the real-mode IVT. */
		if (pread(fd, &b, 1, i == 1 ? 0x80 : 0) == 1)
			escaped("read %s", devs[i]);
		last_err = errno;
		close(fd);
	}
	contained("no memory device readable: %s", errname(last_err));
}
