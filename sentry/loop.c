/* The event loop: traps from the platform, signals for moat, and the end
 * of the guest's init.  One thread: a handler that would wait for another
 * guest task (a FIFO open) hands its wait to a worker thread instead. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>

#include "sentry/sandbox.h"
#include "sentry/sentry.h"
#include "syscalls/handlers.h"

static void dispatch(struct sentry *s, const struct trap *t)
{
	struct call c = { .s = s, .t = *t, .install_fd = -1 };
	const struct platform_ops *ops = s->plat->ops;
	long v;

	s->traps++;
	if (t->nr >= 0 && t->nr < SYS_TABLE_SIZE)
		s->per_nr[t->nr]++;
	char line[TRACE_LINE_MAX];
	size_t tlen = s->trace_fd >= 0 ? trace_begin(t, line) : 0;
	sys_handler h = t->arch == AUDIT_ARCH_X86_64 ? handler_for(t->nr) : NULL;
	v = h ? h(&c) : -ENOSYS;
	if (c.deferred) {
		if (tlen)
			trace_end(s->trace_fd, line, tlen, TRACE_DEFERRED, 0);
		return;
	}
	if (v == -ESRCH && !ops->valid(s->plat, t))
		v = -ESRCH; /* the task is gone; the reply below is a no-op */
	if (c.install_fd >= 0) {
		/* Install, drop the sentry's copy, then answer: the guest's
		 * close(2) must be the last one, or a FIFO reader misses EOF,
		 * inotify reports IN_CLOSE_WRITE late, a lease or lock lingers.
		 * A failed install is answered too, or the task would wait
		 * forever. */
		v = ops->install_fd(s->plat, t, c.install_fd, c.install_cloexec);
		close(c.install_fd);
		ops->reply(s->plat, t, v);
	} else if (c.cont) {
		ops->reply_continue(s->plat, t);
	} else {
		ops->reply(s->plat, t, v);
	}
	if (tlen)
		trace_end(s->trace_fd, line, tlen, c.cont ? TRACE_TO_KERNEL : TRACE_RETURNED, v);
}

/* SIGCHLD: reap; the init's end is the guest's end. */
static void reap(struct sentry *s)
{
	int st;
	pid_t p;
	while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
		if (p == s->init_pid) {
			s->exit_status = WIFEXITED(st) ? WEXITSTATUS(st)
						       : 128 + WTERMSIG(st);
			s->init_pid = 0;
			s->guest_done = true;
		} else if (p == s->gofer_pid) {
			s->gofer_pid = 0;
			if (!s->guest_done) {
				fprintf(stderr, "moat: the gofer died (%s %d); "
					"stopping the sandbox\n",
					WIFEXITED(st) ? "status" : "signal",
					WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
				s->exit_status = EXIT_MOAT_ERROR;
				s->guest_done = true;
			}
		}
	}
}

static void on_signal(struct sentry *s)
{
	struct signalfd_siginfo si;
	while (read(s->sigfd, &si, sizeof si) == sizeof si) {
		if (si.ssi_signo == SIGCHLD)
			reap(s);
		else if (s->init_pid > 0)
			kill(s->init_pid, (int)si.ssi_signo);
	}
}

int sentry_loop(struct sentry *s)
{
	struct pollfd pfd[2] = {
		{ .fd = s->plat->fd, .events = POLLIN },
		{ .fd = s->sigfd, .events = POLLIN },
	};

	reap(s);
	while (!s->guest_done) {
		int n = poll(pfd, 2, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "moat: poll: %s\n", strerror(errno));
			return EXIT_MOAT_ERROR;
		}
		if (pfd[0].revents & POLLIN) {
			struct trap t;
			if (s->plat->ops->receive(s->plat, &t) == 0)
				dispatch(s, &t);
		} else if (pfd[0].revents & (POLLHUP | POLLERR)) {
			/* No task is left under the filter; wait for the
			 * init's SIGCHLD only. */
			pfd[0].fd = -1;
		}
		if (pfd[1].revents & POLLIN)
			on_signal(s);
	}
	return s->exit_status;
}
