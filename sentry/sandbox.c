/* sandbox_run: the sentry's side of building a sandbox.
 *
 *   sentry ──clone(NEWUSER|NEWNS|...)──> zygote ──CLONE_PARENT──> gofer
 *                                          └─unshare(NEWPID), CLONE_PARENT─> init ──> command
 *
 * The sentry stays in the host's namespaces: it writes the zygote's uid and
 * gid maps, collects the gofer's and init's pids, the guest's /proc and the
 * seccomp listener over the control socket, then serves the guest. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sentry/confine.h"
#include "sentry/filter.h"
#include "sentry/limits.h"
#include "sentry/sandbox.h"
#include "sentry/sentry.h"

struct sock_fprog *sandbox_guest_filter;

static int err_out(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "moat: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return EXIT_MOAT_ERROR;
}

static int write_file(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, data, strlen(data));
	int e = errno;
	close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -e;
}

/* Map the caller's ids to 0 inside: the guest is "root" of its own
 * namespace, with no capabilities left once the init drops them. */
static int write_id_maps(pid_t pid)
{
	char path[64], map[64];
	int r;
	snprintf(path, sizeof path, "/proc/%d/setgroups", pid);
	if ((r = write_file(path, "deny")) < 0 && r != -ENOENT)
		return r;
	snprintf(path, sizeof path, "/proc/%d/uid_map", pid);
	snprintf(map, sizeof map, "0 %u 1\n", geteuid());
	if ((r = write_file(path, map)) < 0)
		return r;
	snprintf(path, sizeof path, "/proc/%d/gid_map", pid);
	snprintf(map, sizeof map, "0 %u 1\n", getegid());
	return write_file(path, map);
}

/* moat-gofer lives beside moat (build/), or in ../libexec/moat/ when
 * installed. */
static int open_gofer_exe(char *where, size_t cap)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n < 0)
		return -errno;
	self[n] = '\0';
	char *dir = dirname(self);
	const char *cands[] = { "%s/moat-gofer", "%s/../libexec/moat/moat-gofer" };
	for (size_t i = 0; i < 2; i++) {
		snprintf(where, cap, cands[i], dir);
		int fd = open(where, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
	}
	snprintf(where, cap, "%s/moat-gofer", dir);
	return -ENOENT;
}

static int recv_ctl(int sock, struct ctl_msg *m, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { m, sizeof *m };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	*fd = -1;
	ssize_t n;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return -EPIPE;
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(fd, CMSG_DATA(c), sizeof *fd);
	if (n != (ssize_t)sizeof *m || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return -EPROTO;
	m->text[sizeof m->text - 1] = '\0';
	return 0;
}

static int check_options(const struct options *o)
{
	struct stat st;
	if (o->rootfs) {
		if (stat(o->rootfs, &st) < 0)
			return err_out("--rootfs %s: %s", o->rootfs, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return err_out("--rootfs %s: %s", o->rootfs, "not a directory");
	}
	for (size_t i = 0; i < o->nbinds; i++)
		if (stat(o->binds[i].src, &st) < 0)
			return err_out("--bind %s: %s", o->binds[i].src, strerror(errno));
	return 0;
}

/* A setup that failed half-way may leave children whose pids never
 * reached us (the gofer, the init: CLONE_PARENT made them ours).  The
 * kernel lists them; they all go before the final reap. */
static void kill_children(void)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/self/task/%d/children", getpid());
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *p = buf, *end; *p; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 0)
			kill((pid_t)pid, SIGKILL);
	}
}

/* Kill what is left of the sandbox and reap it. */
static void teardown(struct sentry *s)
{
	if (s->init_pid > 0)
		kill(s->init_pid, SIGKILL);
	if (s->gofer.fd >= 0) {
		close(s->gofer.fd);
		s->gofer.fd = -1;
	}
	if (s->gofer_pid > 0)
		kill(s->gofer_pid, SIGKILL);
	kill_children();
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	/* Every task is reaped: the cgroup can tell what stopped the guest. */
	limits_finish();
}

int sandbox_run(const struct options *o)
{
	struct sentry s = { .opt = o, .procfd = -1, .gofer_cpu = -1, .trace_fd = -1,
			    .gofer = { .fd = -1 } };
	int ctl[2] = { -1, -1 }, gsv[2] = { -1, -1 };
	char where[PATH_MAX];
	int r = check_options(o);
	if (r)
		return r;

	int gofer_exe = open_gofer_exe(where, sizeof where);
	if (gofer_exe < 0)
		return err_out("%s: %s (moat-gofer must be installed beside moat)",
			       where, strerror(-gofer_exe));
	static struct sock_fprog prog;
	if ((r = guest_filter_build(FILTER_NOTIFY, &prog)) < 0)
		return err_out("building the guest filter: %s%s", strerror(-r), "");
	sandbox_guest_filter = &prog;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, gsv) < 0)
		return err_out("socketpair: %s%s", strerror(errno), "");
	/* The sandbox's cgroup exists before its first process does; its
	 * keeper must not inherit the signal mask or the subreaper below. */
	if (limits_setup(o, where, sizeof where) < 0)
		return err_out("%s%s", where, "");

	/* Signals to moat go to the guest (through its init); SIGCHLD tells
	 * of the init's and the gofer's end.  Children unblock them. */
	sigset_t mask;
	sigemptyset(&mask);
	int fwd[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1,
		      SIGUSR2, SIGWINCH, SIGCONT, SIGTSTP };
	for (size_t i = 0; i < sizeof fwd / sizeof fwd[0]; i++)
		sigaddset(&mask, fwd[i]);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	s.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	/* Orphans of the setup (the gofer, the init) come to us. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	unsigned long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC |
			      CLONE_NEWUTS | CLONE_NEWCGROUP | SIGCHLD;
	if (o->net == NET_NONE)
		flags |= CLONE_NEWNET;
	pid_t zygote = (pid_t)syscall(SYS_clone, flags, 0, 0, 0, 0);
	if (zygote < 0) {
		int e = errno;
		limits_finish();
		return err_out("creating the sandbox's namespaces: %s%s",
			       strerror(e),
			       e == EPERM || e == ENOSPC
				       ? " (are unprivileged user namespaces enabled?)" : "");
	}
	if (zygote == 0) {
		close(ctl[0]);
		close(gsv[0]);
		zygote_main(o, ctl[1], gsv[1], gofer_exe);
	}
	close(ctl[1]);
	close(gsv[1]);
	close(gofer_exe);
	limits_close_setup_fds();
	s.gofer.fd = gsv[0];

	if ((r = write_id_maps(zygote)) < 0) {
		kill(zygote, SIGKILL);
		teardown(&s);
		return err_out("writing the sandbox's id maps: %s%s", strerror(-r), "");
	}
	if (write(ctl[0], "g", 1) != 1) {
		teardown(&s);
		return err_out("starting the sandbox: %s%s", strerror(errno), "");
	}

	/* Collect pids, /proc and the listener; any CTL_ERROR ends setup. */
	int listener = -1, status = EXIT_MOAT_ERROR;
	/* The three reports come from three processes, in any order. */
	while (listener < 0 || s.procfd < 0 || s.init_pid <= 0) {
		struct ctl_msg m;
		int fd;
		r = recv_ctl(ctl[0], &m, &fd);
		if (r < 0) {
			fprintf(stderr, "moat: sandbox setup failed: %s\n",
				r == -EPIPE ? "a setup process died" : strerror(-r));
			goto out;
		}
		switch (m.type) {
		case CTL_ERROR:
			fprintf(stderr, "moat: %s\n", m.text);
			goto out;
		case CTL_PIDS:
			s.gofer_pid = m.pid[0];
			s.init_pid = m.pid[1];
			break;
		case CTL_PROCFD:
			s.procfd = fd;
			fd = -1;
			break;
		case CTL_LISTENER:
			listener = fd;
			fd = -1;
			break;
		}
		if (fd >= 0)
			close(fd);
	}
	if (s.procfd < 0 || s.init_pid <= 0) {
		fprintf(stderr, "moat: sandbox setup failed: incomplete report\n");
		goto out;
	}
	s.plat = platform_seccomp_new(listener);
	s.dc = dcache_new(4096, dcache_gofer_fetch, &s.gofer);
	if (!s.plat || !s.dc) {
		fprintf(stderr, "moat: out of memory\n");
		goto out;
	}
	if ((r = gofer_hello(&s.gofer)) < 0) {
		fprintf(stderr, "moat: the gofer did not answer: %s\n", strerror(-r));
		goto out;
	}
	/* Setup is over: from here on the sentry only serves the guest. */
	close(ctl[0]);
	ctl[0] = -1;
	/* Opened now, by the caller's name and in the caller's cwd, so that
	 * no process of the sandbox ever holds it. */
	if (o->trace && strcmp(o->trace, "-") == 0) {
		s.trace_fd = STDERR_FILENO;
	} else if (o->trace) {
		s.trace_fd = open(o->trace, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (s.trace_fd < 0) {
			err_out("--trace %s: %s", o->trace, strerror(errno));
			goto out;
		}
	}
	if ((r = sentry_confine(&s, where, sizeof where)) < 0) {
		fprintf(stderr, "moat: %s\n", where);
		goto out;
	}
	status = sentry_loop(&s);
	if (o->debug) {
		struct dcache_stats st;
		dcache_stats(s.dc, &st);
		fprintf(stderr, "moat: debug: %lu traps, %lu gofer requests, "
			"dcache %lu hits %lu misses\n",
			(unsigned long)s.traps, s.gofer.requests,
			(unsigned long)st.hits, (unsigned long)st.misses);
		for (int nr = 0; nr < SYS_TABLE_SIZE; nr++)
			if (s.per_nr[nr])
				fprintf(stderr, "moat: debug:   %-18s %lu\n",
					sys_lookup(nr)->name, (unsigned long)s.per_nr[nr]);
	}
out:
	teardown(&s);
	if (ctl[0] >= 0)
		close(ctl[0]);
	if (s.plat)
		s.plat->ops->destroy(s.plat);
	if (s.dc)
		dcache_free(s.dc);
	if (s.procfd >= 0)
		close(s.procfd);
	if (s.trace_fd > STDERR_FILENO)
		close(s.trace_fd);
	guest_filter_free(&prog);
	return status;
}
