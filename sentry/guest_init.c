/* pid 1 of the guest's pid namespace, and the guest command's last steps
 * before exec.
 *
 * The init makes its own mount namespace from the zygote's: the tree gets
 * a fresh /proc of the guest's pid namespace (with runc's masks), becomes
 * read-only as a whole, and is pivoted to.  This is the guest's *kernel*
 * view, used only by the kernel door (execve, chdir); file access goes
 * through the sentry and the gofer.  The init then forks the command,
 * forwards signals to it, reaps every orphan, and exits with its status.
 * It runs under a tiny seccomp allowlist of its own. */
#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/securebits.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sentry/limits.h"
#include "sentry/sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define MOAT_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define MOAT_SANITIZED 1
#endif
#endif

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* Files and directories of /proc hidden from the guest, as runc does. */
static const char *const proc_masked[] = {
	"acpi", "kcore", "keys", "latency_stats", "timer_list", "timer_stats",
	"sched_debug", "scsi", "sysrq-trigger",
};

static void mount_proc(int ctl)
{
	if (mount("proc", TREE "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		ctl_die(ctl, "mounting the guest's /proc: %s", strerror(errno));
	for (size_t i = 0; i < sizeof proc_masked / sizeof proc_masked[0]; i++) {
		char path[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, TREE "/proc/%s", proc_masked[i]);
		if (lstat(path, &st) < 0)
			continue;
		int r = S_ISDIR(st.st_mode)
			? mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0")
			: mount("/dev/null", path, NULL, MS_BIND, NULL);
		if (r < 0)
			ctl_die(ctl, "masking /proc/%s: %s", proc_masked[i], strerror(errno));
	}
}

static void make_kernel_view(int ctl)
{
	if (unshare(CLONE_NEWNS) < 0)
		ctl_die(ctl, "unshare(mount namespace): %s", strerror(errno));
	mount_proc(ctl);
	struct mount_attr attr = {
		.attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID,
	};
	if (mount_setattr(AT_FDCWD, TREE, AT_RECURSIVE, &attr, sizeof attr) < 0)
		ctl_die(ctl, "making the guest's view read-only: %s", strerror(errno));
	if (chdir(TREE) < 0 || syscall(SYS_pivot_root, ".", ".") < 0 ||
	    umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		ctl_die(ctl, "pivot_root into the sandbox: %s", strerror(errno));
}

static void drop_caps(int ctl)
{
	/* uid 0 regains the bounding set on execve unless NOROOT is set;
	 * the bounding set is emptied below too, and the bits are locked. */
	if (prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
		  SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED |
		  SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |
		  SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED) < 0)
		ctl_die(ctl, "PR_SET_SECUREBITS: %s", strerror(errno));
	capng_clear(CAPNG_SELECT_ALL);
	if (capng_apply(CAPNG_SELECT_ALL) < 0)
		ctl_die(ctl, "dropping capabilities failed");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		ctl_die(ctl, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
}

static char **build_env(const struct options *o)
{
	extern char **environ;
	size_t n = 0, cap;
	char **base = o->clearenv ? NULL : environ;

	for (char **e = base; e && *e; e++)
		n++;
	cap = n + o->nenv + 2;
	char **env = calloc(cap, sizeof *env);
	if (!env)
		return NULL;
	n = 0;
	for (char **e = base; e && *e; e++)
		env[n++] = *e;
	if (o->clearenv) {
		const char *path = getenv("PATH");
		static char buf[4096];
		snprintf(buf, sizeof buf, "PATH=%s",
			 path ? path : "/usr/local/bin:/usr/bin:/bin");
		env[n++] = buf;
	}
	/* --env overrides an inherited variable of the same name. */
	for (size_t i = 0; i < o->nenv; i++) {
		size_t klen = strchr(o->env[i], '=') - o->env[i] + 1;
		size_t j;
		for (j = 0; j < n; j++)
			if (strncmp(env[j], o->env[i], klen) == 0)
				break;
		env[j] = (char *)o->env[i];
		if (j == n)
			n++;
	}
	env[n] = NULL;
	return env;
}

/* The command: new session (no keystrokes pushed into the caller's
 * terminal), no capabilities, NO_NEW_PRIVS, the guest filter, exec. */
static _Noreturn void command_main(const struct options *o, int ctl)
{
	if (setsid() < 0)
		ctl_die(ctl, "setsid: %s", strerror(errno));
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	drop_caps(ctl);
	char **env = build_env(o);
	if (!env)
		ctl_die(ctl, "out of memory");
	int listener = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			       SECCOMP_FILTER_FLAG_NEW_LISTENER |
			       SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
			       sandbox_guest_filter);
	if (listener < 0)
		ctl_die(ctl, "installing the guest's seccomp filter: %s", strerror(errno));
	struct ctl_msg m = { .type = CTL_LISTENER };
	if (ctl_send(ctl, &m, listener) < 0)
		_exit(EXIT_MOAT_ERROR);
	close(listener);
	limits_apply_rlimits(ctl);
	close(ctl);
	/* The guest starts as a new process would: nothing blocked, every
	 * disposition default (moat's own blocked set must not leak in). */
	sigset_t none;
	sigemptyset(&none);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, NULL);

	/* From here on every syscall is the guest's, sorted by the filter. */
	execvpe(o->argv[0], o->argv, env);
	int err = errno;
	fprintf(stderr, "moat: %s: %s\n", o->argv[0],
		err == ENOENT ? "command not found" : strerror(err));
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXEC);
}

/* The init's allowlist: reap, forward signals, exit. */
static void init_confine(int ctl)
{
	static const int allowed[] = {
		SCMP_SYS(wait4), SCMP_SYS(waitid), SCMP_SYS(kill),
		SCMP_SYS(rt_sigtimedwait), SCMP_SYS(rt_sigprocmask),
		SCMP_SYS(rt_sigreturn), SCMP_SYS(exit), SCMP_SYS(exit_group),
		SCMP_SYS(close), SCMP_SYS(sigaltstack),
#ifdef MOAT_SANITIZED
		/* ASan and UBSan map, report and unwind on their own. */
		SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(write),
		SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(madvise),
		SCMP_SYS(prctl), SCMP_SYS(sched_yield), SCMP_SYS(futex),
#endif
	};
	scmp_filter_ctx f = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!f)
		ctl_die(ctl, "seccomp_init failed");
	for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
		if (seccomp_rule_add(f, SCMP_ACT_ALLOW, allowed[i], 0) < 0)
			ctl_die(ctl, "building the init's filter failed");
	if (seccomp_load(f) < 0)
		ctl_die(ctl, "loading the init's filter failed");
	seccomp_release(f);
}

_Noreturn void guest_init_main(const struct options *o, int ctl)
{
	sigset_t all;
	char cwd[PATH_MAX];

	/* Signals stay blocked: the init takes them with sigtimedwait. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (!getcwd(cwd, sizeof cwd))
		strcpy(cwd, "/");

	make_kernel_view(ctl);
	int procfd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		ctl_die(ctl, "opening the guest's /proc: %s", strerror(errno));
	struct ctl_msg m = { .type = CTL_PROCFD };
	if (ctl_send(ctl, &m, procfd) < 0)
		_exit(EXIT_MOAT_ERROR);
	close(procfd);
	/* The caller's cwd, when the tree has it. */
	if (chdir(cwd) < 0 && chdir("/") < 0)
		ctl_die(ctl, "chdir /: %s", strerror(errno));

	/* Into the sandbox's cgroup, if any: the command is born there. */
	limits_enter_cgroup(ctl);
	pid_t cmd = fork();
	if (cmd < 0)
		ctl_die(ctl, "fork: %s", strerror(errno));
	if (cmd == 0)
		command_main(o, ctl);
	close(ctl);
	drop_caps(-1);
	init_confine(-1);

	int status = 0;
	for (;;) {
		siginfo_t si;
		int sig = sigtimedwait(&all, &si, NULL);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(cmd, sig);
			continue;
		}
		/* Reap everything: orphans are ours too. */
		for (;;) {
			int st;
			pid_t p = wait4(-1, &st, WNOHANG, NULL);
			if (p <= 0)
				break;
			if (p == cmd) {
				status = WIFEXITED(st) ? WEXITSTATUS(st)
						       : 128 + WTERMSIG(st);
				/* The rest of the sandbox dies with us. */
				_exit(status);
			}
		}
	}
}
