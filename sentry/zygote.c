/* The zygote: the first process inside the sandbox's user namespace.  It
 * owns the namespaces the gofer and the guest share (user, mount, ipc, uts,
 * cgroup, net), assembles the tree, starts the gofer and the guest's init
 * as children of the sentry (CLONE_PARENT, so that both die with it and the
 * sentry reaps them), reports their pids and exits. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sentry/sandbox.h"

int ctl_send(int sock, const struct ctl_msg *m, int fd)
{
	struct iovec iov = { (void *)m, sizeof *m };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (fd >= 0) {
		msg.msg_control = u.buf;
		msg.msg_controllen = sizeof u.buf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof fd);
	}
	ssize_t n;
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)sizeof *m ? 0 : -1;
}

_Noreturn void ctl_die(int sock, const char *fmt, ...)
{
	struct ctl_msg m = { .type = CTL_ERROR };
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m.text, sizeof m.text, fmt, ap);
	va_end(ap);
	if (sock < 0 || ctl_send(sock, &m, -1) < 0)
		dprintf(2, "moat: %s\n", m.text);
	_exit(EXIT_MOAT_ERROR);
}

static pid_t clone_parent(void)
{
	return (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
}

/* A new network namespace has only a loopback device, and it is down. */
static void loopback_up(int ctl)
{
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { 0 };
	strcpy(ifr.ifr_name, "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		ctl_die(ctl, "loopback: %s", strerror(errno));
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		ctl_die(ctl, "bringing loopback up: %s", strerror(errno));
	close(s);
}

static _Noreturn void exec_gofer(const struct options *o, int ctl,
				 int gofer_sock, int gofer_exe)
{
	/* The gofer's socket is the only fd it inherits (the rest are
	 * close-on-exec). */
	int fd = fcntl(gofer_sock, F_DUPFD, 3);
	if (fd < 0)
		ctl_die(ctl, "gofer socket: %s", strerror(errno));
	char fdstr[16];
	snprintf(fdstr, sizeof fdstr, "%d", fd);
	char *argv[] = { "moat-gofer", "--sock", fdstr, "--root", TREE,
			 o->debug ? "--debug" : NULL, NULL };
	char *envp[] = { NULL };
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	syscall(SYS_execveat, gofer_exe, "", argv, envp, AT_EMPTY_PATH);
	ctl_die(ctl, "starting moat-gofer: %s", strerror(errno));
}

_Noreturn void zygote_main(const struct options *o, int ctl, int gofer_sock,
			   int gofer_exe)
{
	char go;
	/* The sentry writes our uid/gid maps, then says go. */
	if (read(ctl, &go, 1) != 1)
		_exit(EXIT_MOAT_ERROR);
	prctl(PR_SET_PDEATHSIG, SIGKILL);

	mounts_build(o, ctl);
	if (sethostname(o->hostname, strlen(o->hostname)) < 0)
		ctl_die(ctl, "sethostname: %s", strerror(errno));
	if (o->net == NET_NONE)
		loopback_up(ctl);

	struct ctl_msg m = { .type = CTL_PIDS };
	m.pid[0] = clone_parent();
	if (m.pid[0] < 0)
		ctl_die(ctl, "starting the gofer: %s", strerror(errno));
	if (m.pid[0] == 0)
		exec_gofer(o, ctl, gofer_sock, gofer_exe);
	close(gofer_sock);

	if (unshare(CLONE_NEWPID) < 0)
		ctl_die(ctl, "unshare(pid namespace): %s", strerror(errno));
	m.pid[1] = clone_parent();
	if (m.pid[1] < 0)
		ctl_die(ctl, "starting the guest's init: %s", strerror(errno));
	if (m.pid[1] == 0)
		guest_init_main(o, ctl);
	ctl_send(ctl, &m, -1);
	_exit(0);
}
