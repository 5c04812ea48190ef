/* Platforms turn a trapped guest syscall into a struct trap and carry out
 * the outcome the sentry chooses.  One interface; the seccomp user
 * notification backend is seccomp.c. */
#ifndef MOAT_PLATFORM_PLATFORM_H
#define MOAT_PLATFORM_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct trap {
	uint64_t id;       /* the platform's handle for this stop */
	pid_t pid;         /* host thread id of the trapping task */
	int nr;            /* syscall number */
	uint32_t arch;     /* AUDIT_ARCH_* */
	uint64_t ip;       /* instruction pointer after the syscall insn */
	uint64_t args[6];
};

struct platform;

struct platform_ops {
	const char *name;
	/* Wait-free receive of one trap; -EAGAIN when none is pending, other
	 * negative errnos for a trap that vanished (the caller skips it). */
	int (*receive)(struct platform *p, struct trap *t);
	/* Answer with a value: val >= 0 is the result, val < 0 an errno. */
	int (*reply)(struct platform *p, const struct trap *t, long val);
	/* Let the host kernel run the syscall as the guest asked. */
	int (*reply_continue)(struct platform *p, const struct trap *t);
	/* Install fd in the guest without answering; returns its number or
	 * a negative errno.  The caller then drops its own copy and answers
	 * with reply(): the guest's close(2) must be the last one (a FIFO
	 * reader's EOF, inotify's IN_CLOSE_WRITE).  With
	 * SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV only a fatal signal can
	 * come between the install and the answer, so the fd cannot leak
	 * into a task that goes on. */
	int (*install_fd)(struct platform *p, const struct trap *t, int fd,
			  bool cloexec);
	/* Is the trap still alive (the task still waiting in it)?  Checked
	 * after reading guest memory: the pid may have been reused. */
	bool (*valid)(struct platform *p, const struct trap *t);
	void (*destroy)(struct platform *p);
};

struct platform {
	const struct platform_ops *ops;
	int fd;            /* pollable: readable when a trap is pending */
};

/* The seccomp user-notification platform over a listener fd. */
struct platform *platform_seccomp_new(int listener);

/* Guest memory, read and written with process_vm_readv/writev: bounded,
 * copied once into the sentry's own buffers. */
int guest_read(pid_t pid, uint64_t addr, void *buf, size_t len);
int guest_write(pid_t pid, uint64_t addr, const void *buf, size_t len);
/* Copy a NUL-terminated string of at most cap-1 bytes.  Returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL comes within cap bytes. */
long guest_read_str(pid_t pid, uint64_t addr, char *buf, size_t cap);

#endif
