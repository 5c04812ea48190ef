/* Building and running one sandbox: namespaces, the tree, the gofer, the
 * guest's init, then the event loop until the guest is gone. */
#ifndef MOAT_SENTRY_SANDBOX_H
#define MOAT_SENTRY_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

#include "sentry/options.h"

/* Exit codes of the podman/docker convention. */
#define EXIT_MOAT_ERROR 125
#define EXIT_NOT_EXEC   126
#define EXIT_NOT_FOUND  127

/* Where the zygote assembles the tree, in its own mount namespace: a tmpfs
 * goes on STAGING first, so nothing shows on the host.  STAGING covers the
 * host's /sys in that namespace only.  It must be a place the tree never
 * shows from the rootfs: the per-entry build of the root (mounts.c) reads
 * the rootfs's entries through paths that cross mounts, so a staging tmpfs
 * on /tmp hid the host's /tmp from the sandbox.  /sys is a separate mount
 * on every Linux host, which the tree shows as an empty directory anyway. */
#define STAGING "/sys"
#define TREE    STAGING "/root"

/* Messages from the setup processes to the sentry, over the control
 * socket (SOCK_SEQPACKET: one message each). */
enum ctl_type { CTL_PIDS = 1, CTL_PROCFD, CTL_LISTENER, CTL_ERROR };
struct ctl_msg {
	int type;
	pid_t pid[2];            /* CTL_PIDS: gofer, init */
	char text[512];          /* CTL_ERROR */
};
int ctl_send(int sock, const struct ctl_msg *m, int fd);
/* Report a setup error ("what: why") to the sentry and exit. */
_Noreturn void ctl_die(int sock, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The zygote: mounts, hostname, network; starts the gofer and the init. */
_Noreturn void zygote_main(const struct options *o, int ctl, int gofer_sock,
			   int gofer_exe);
/* Mount the tree at TREE (in the caller's mount namespace). */
void mounts_build(const struct options *o, int ctl);
/* pid 1 of the guest's pid namespace. */
_Noreturn void guest_init_main(const struct options *o, int ctl);

/* Run the command of o in a new sandbox; returns the exit status. */
int sandbox_run(const struct options *o);

/* The guest filter, built before the fork (setup children use it). */
struct sock_fprog;
extern struct sock_fprog *sandbox_guest_filter;

#endif
