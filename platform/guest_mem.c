/* Guest memory access.  process_vm_readv fails as a whole only when the
 * first byte is unreadable; a partial count means a later page was not
 * mapped, which is -EFAULT for the guest just the same. */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "platform/platform.h"

int guest_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (addr == 0 || addr + len < addr)
		return -EFAULT;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (n < 0)
		return errno == ESRCH ? -ESRCH : -EFAULT;
	return (size_t)n == len ? 0 : -EFAULT;
}

int guest_write(pid_t pid, uint64_t addr, const void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (addr == 0 || addr + len < addr)
		return -EFAULT;
	struct iovec local = { (void *)buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_writev(pid, &local, 1, &remote, 1, 0);
	if (n < 0)
		return errno == ESRCH ? -ESRCH : -EFAULT;
	return (size_t)n == len ? 0 : -EFAULT;
}

long guest_read_str(pid_t pid, uint64_t addr, char *buf, size_t cap)
{
	size_t got = 0;
	const size_t page = 4096;

	if (cap == 0)
		return -ENAMETOOLONG;
	/* Read up to each page boundary so that a string ending just before
	 * an unmapped page is still read whole. */
	while (got < cap) {
		uint64_t at = addr + got;
		if (at < addr)
			return -EFAULT;
		size_t chunk = page - (at & (page - 1));
		if (chunk > cap - got)
			chunk = cap - got;
		int r = guest_read(pid, at, buf + got, chunk);
		if (r < 0)
			return r;
		char *nul = memchr(buf + got, '\0', chunk);
		if (nul)
			return nul - buf;
		got += chunk;
	}
	return -ENAMETOOLONG;
}
