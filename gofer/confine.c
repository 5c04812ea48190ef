/* Confinement of moat-gofer, in order: die with the sentry, own mount
 * namespace pivoted into the sandbox tree, limits, no capabilities.
 *
 * The gofer starts as root of the sandbox's user namespace with every
 * capability there, in the sandbox's mount namespace.  Everything it needs
 * those for (unshare, mount, pivot_root) is done here, first; from then on
 * it holds nothing a compromised gofer could use beyond the tree itself. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <cap-ng.h>
#include <linux/capability.h>
#include <linux/magic.h>

#include "gofer/confine.h"

#define FAIL(step) do { *what = (step); return -errno; } while (0)

/* Fds inherited by mistake could reach the host's tree from outside the
 * new root: keep only stdio and the socket. */
static int close_stray_fds(int sock)
{
	if (sock > 3 && close_range(3, (unsigned)sock - 1, 0))
		return -errno;
	if (close_range((unsigned)(sock < 3 ? 3 : sock + 1), ~0u, 0))
		return -errno;
	return 0;
}

/* PR_SET_PDEATHSIG fires when the thread that forked us exits: the sentry
 * must fork the gofer from a thread that lives as long as the sandbox.  A
 * sentry that died before the prctl shows as a changed parent or a socket
 * whose peer has hung up (and later as end of stream). */
static int die_with_parent(int sock)
{
	pid_t ppid = getppid();
	struct pollfd p = { .fd = sock, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		return -errno;
	if (getppid() != ppid)
		return -ESRCH;
	if (poll(&p, 1, 0) < 0)
		return -errno;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return -ESRCH;
	return 0;
}

/* The gofer must survive the terminal's signals (Ctrl-C goes to the whole
 * foreground process group), a sentry that closes its end (SIGPIPE), and a
 * guest's large truncate under an inherited RLIMIT_FSIZE (SIGXFSZ: the call
 * fails with EFBIG instead). */
static int ignore_signals(void)
{
	static const int sigs[] = {
		SIGPIPE, SIGXFSZ, SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP,
	};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (signal(sigs[i], SIG_IGN) == SIG_ERR)
			return -errno;
	setpgid(0, 0);  /* out of the foreground group; EPERM as a leader is fine */
	return 0;
}

/* pivot_root(".", ".") stacks the old root on top of the new one; the lazy
 * unmount then detaches it, and nothing outside ROOT stays reachable. */
static int pivot_into(const char *root, const char **what)
{
	struct statfs sf;

	/* An empty network namespace too: the gofer binds and connects only
	 * the guest's own unix sockets, which keep the guest's namespace; it
	 * must reach no network of its own, even under --net host. */
	if (unshare(CLONE_NEWNS | CLONE_NEWNET))
		FAIL("unshare(CLONE_NEWNS | CLONE_NEWNET)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		FAIL("making the mounts private");
	/* pivot_root wants a mount point: bind ROOT onto itself. */
	if (mount(root, root, NULL, MS_BIND | MS_REC, NULL))
		FAIL("bind-mounting the root");
	if (chdir(root))
		FAIL("chdir to the root");
	if (syscall(SYS_pivot_root, ".", "."))
		FAIL("pivot_root");
	if (umount2(".", MNT_DETACH))
		FAIL("detaching the old root");
	if (chdir("/"))
		FAIL("chdir(\"/\")");
	/* No /proc: its magic links lead anywhere.  RESOLVE_NO_MAGICLINKS
	 * refuses them too; a procfs left mounted in the tree goes anyway. */
	while (statfs("/proc", &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC)
		if (umount2("/proc", MNT_DETACH))
			FAIL("detaching /proc");
	return 0;
}

static int lower_limit(int res, rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(res, &rl))
		return -errno;
	if (rl.rlim_max < want)
		want = rl.rlim_max;
	rl.rlim_cur = rl.rlim_max = want;
	return setrlimit(res, &rl) ? -errno : 0;
}

/* Every set empty: effective, permitted, inheritable, bounding, ambient.
 * Checked afterwards with the kernel's own answers, without /proc. */
static int drop_caps(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];

	capng_clear(CAPNG_SELECT_ALL);
	if (capng_apply(CAPNG_SELECT_ALL))
		return -EPERM;
	if (syscall(SYS_capget, &h, d))
		return -errno;
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return -EPERM;
	for (int c = 0; c < 64; c++) {
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1 ||
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) == 1)
			return -EPERM;
	}
	return 0;
}

int gofer_confine(const char *root, int sock, const char **what)
{
	int err, rootfd;

	if ((err = close_stray_fds(sock))) {
		*what = "closing inherited fds";
		return err;
	}
	if ((err = die_with_parent(sock))) {
		*what = "the sentry is gone";
		return err;
	}
	if ((err = ignore_signals())) {
		*what = "setting signal dispositions";
		return err;
	}
	if ((err = pivot_into(root, what)))
		return err;
	rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		FAIL("opening the root");

	/* The sentry applies the guest's umask to every mode it sends. */
	umask(0);
	/* 1 GiB is ample: the gofer's buffers are ~150 KiB, the rest is libc. */
	if ((err = lower_limit(RLIMIT_NOFILE, 4096)) ||
	    (!GOFER_SANITIZED && (err = lower_limit(RLIMIT_AS, 1ul << 30))) ||
	    (err = lower_limit(RLIMIT_CORE, 0))) {
		*what = "setting rlimits";
		return err;
	}

	if ((err = drop_caps())) {
		*what = "dropping capabilities";
		return err;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		FAIL("PR_SET_NO_NEW_PRIVS");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		FAIL("PR_SET_DUMPABLE");
	return rootfd;
}
