/* The seccomp user-notification platform.
 *
 * The guest's filter returns SECCOMP_RET_USER_NOTIF for emulated syscalls;
 * the kernel parks the task and queues a notification on the listener fd,
 * which the sentry reads, answers with a value, an installed fd (ADDFD, then
 * the answer: see install_fd in platform.h) or CONTINUE. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "platform/platform.h"

/* Linux 6.6: wake the handler and the guest on the same CPU (a notify
 * round trip falls from ~50 us to ~6 us here).  Older headers lack it. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

static int ioctl_retry(int fd, unsigned long req, void *arg)
{
	int r;
	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static int sc_receive(struct platform *p, struct trap *t)
{
	struct seccomp_notif n;
	memset(&n, 0, sizeof n); /* the kernel refuses a dirty buffer */
	int r = ioctl(p->fd, SECCOMP_IOCTL_NOTIF_RECV, &n);
	if (r < 0)
		return errno == EINTR ? -EAGAIN : -errno;
	t->id = n.id;
	t->pid = (pid_t)n.pid;
	t->nr = n.data.nr;
	t->arch = n.data.arch;
	t->ip = n.data.instruction_pointer;
	memcpy(t->args, n.data.args, sizeof t->args);
	return 0;
}

static int sc_reply(struct platform *p, const struct trap *t, long val)
{
	struct seccomp_notif_resp resp = { .id = t->id };
	if (val < 0)
		resp.error = (int32_t)val;
	else
		resp.val = val;
	int r = ioctl_retry(p->fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	/* ENOENT: the task died or was interrupted meanwhile: nothing to do. */
	return r == -ENOENT ? 0 : r;
}

static int sc_reply_continue(struct platform *p, const struct trap *t)
{
	struct seccomp_notif_resp resp = {
		.id = t->id,
		.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE,
	};
	int r = ioctl_retry(p->fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	return r == -ENOENT ? 0 : r;
}

static int sc_install_fd(struct platform *p, const struct trap *t, int fd,
			 bool cloexec)
{
	struct seccomp_notif_addfd add = {
		.id = t->id,
		.srcfd = (uint32_t)fd,
		.newfd_flags = cloexec ? O_CLOEXEC : 0,
	};
	return ioctl_retry(p->fd, SECCOMP_IOCTL_NOTIF_ADDFD, &add);
}

static bool sc_valid(struct platform *p, const struct trap *t)
{
	uint64_t id = t->id;
	return ioctl_retry(p->fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

static void sc_destroy(struct platform *p)
{
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}

static const struct platform_ops seccomp_ops = {
	.name = "seccomp",
	.receive = sc_receive,
	.reply = sc_reply,
	.reply_continue = sc_reply_continue,
	.install_fd = sc_install_fd,
	.valid = sc_valid,
	.destroy = sc_destroy,
};

struct platform *platform_seccomp_new(int listener)
{
	struct platform *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->ops = &seccomp_ops;
	p->fd = listener;
	/* Best effort: older kernels answer EINVAL and work, only slower. */
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	return p;
}
