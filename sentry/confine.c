/* The sentry confines itself once the sandbox is set up.
 *
 * Until the gofer has answered HELLO the sentry needs much: clone with
 * namespace flags, the uid and gid maps, socketpairs, the gofer's
 * executable.  From then on it only serves the guest, and a bug in that
 * service must not hand a guest more than the list below.  In order:
 *
 *   1. NO_NEW_PRIVS;
 *   2. into the guest's user namespace and a mount namespace of its own
 *      whose root holds /proc and the sandbox's cgroups only
 *      (enter_own_root);
 *   3. no capabilities: the event loop needs none (see drop_caps);
 *   4. no fds but stdio, the listener, the gofer socket, the guest's /proc
 *      and the signalfd: moat's caller may have passed anything else;
 *   5. a seccomp allowlist: the calls of the event loop, the platform, the
 *      handlers (syscalls/sys_*.c, sentry/call.c, sentry/procfs.c), the
 *      FIFO and connect worker threads, malloc, and the exit path.  Found
 *      with strace -f on the sentry while tests/e2e/run and the conformance
 *      suite ran under moat, and checked against every host call in those
 *      files.  Anything else kills moat (SIGSYS): a sentry that tries
 *      something new is either a bug or compromised.
 *
 * The rules are one table, `rules` below; the loader and
 * `moat policy --dump sentry` both read it. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cap-ng.h>

#include "sentry/confine.h"
#include "sentry/limits.h"
#include "sentry/sentry.h"

/* An ASan/UBSan build (make sanitize): the runtime's own calls at thread
 * start and at exit are allowed too (see `sanitizer_rules`). */
#if defined(__SANITIZE_ADDRESS__)
#define SENTRY_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SENTRY_SANITIZED 1
#endif
#endif
#ifndef SENTRY_SANITIZED
#define SENTRY_SANITIZED 0
#endif

/* The flags glibc's pthread_create passes to clone (nptl/pthread_create.c,
 * create_thread); the same check as gVisor's sentry filter. */
#define THREAD_CLONE_FLAGS                                                   \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |  \
	 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |                \
	 CLONE_CHILD_CLEARTID)
/* glibc's signal for set*id in every thread (__SIGRTMIN + 1), whose
 * handler the first pthread_create installs (nptl late_init). */
#define SIGSETXID 33
/* Where the sentry's own root is built (see enter_own_root). */
#define SENTRY_ROOT "/tmp"
/* glibc's __O_TMPFILE includes O_DIRECTORY; this is the bit of its own. */
#define O_TMPFILE_BIT 020000000

/* ---- the rules ----------------------------------------------------------- */

/* Numbers known only once the sandbox runs. */
enum val {
	V_CONST,        /* the comparison's own constant */
	V_LISTENER,
	V_GOFER_SOCK,
	V_PROCFD,
	V_INIT_PID,
	V_GOFER_PID,
	V_SELF_PID,
	V_TRACE_FD,     /* --trace FILE's fd; -1 (no rule) without it */
	V_COUNT
};

static const char *const val_names[V_COUNT] = {
	[V_LISTENER] = "listener",
	[V_GOFER_SOCK] = "gofer socket",
	[V_PROCFD] = "guest /proc",
	[V_INIT_PID] = "init pid",
	[V_GOFER_PID] = "gofer pid",
	[V_SELF_PID] = "own pid",
	[V_TRACE_FD] = "the --trace file",
};

/* One comparison; op 0 marks an unused slot.  MASKED_EQ: (arg & a) == b. */
struct cmp {
	unsigned int arg;
	enum scmp_compare op;
	enum val v;
	uint64_t a, b;
	const char *text;       /* for the dump; NULL: "argN == <v>" */
};

struct rule {
	int nr;
	const char *name;
	int err;                /* 0: allowed; else refused with this errno */
	struct cmp cmp[2];      /* all must hold */
	const char *why;
};

#define ALLOW(sys, why_) { .nr = SCMP_SYS(sys), .name = #sys, .why = why_ }
#define ALLOW_IF(sys, why_, ...) \
	{ .nr = SCMP_SYS(sys), .name = #sys, .why = why_, .cmp = { __VA_ARGS__ } }
#define REFUSE(sys, e, why_) { .nr = SCMP_SYS(sys), .name = #sys, .err = e, .why = why_ }
#define IS(i, what)     { i, SCMP_CMP_EQ, what, 0, 0, NULL }
#define EQ(i, v)        { i, SCMP_CMP_EQ, V_CONST, (uint64_t)(v), 0, "arg" #i " == " #v }
/* The kernel reads an int or an unsigned int: compare the low 32 bits. */
#define LOW32_EQ(i, v)  { i, SCMP_CMP_MASKED_EQ, V_CONST, 0xffffffffu, (uint64_t)(v), \
			  "arg" #i " == " #v }
#define NONE_OF(i, m)   { i, SCMP_CMP_MASKED_EQ, V_CONST, (uint64_t)(m), 0, \
			  "arg" #i " has none of " #m }

static const struct rule rules[] = {
	/* the event loop and the platform (sentry/loop.c, platform/) */
	ALLOW(poll, "the loop waits on the listener and the signalfd"),
	ALLOW(read, "the signalfd; /proc/<tid>/status (umask, NSpid)"),
	ALLOW_IF(ioctl, "receive a trapped call", IS(0, V_LISTENER),
		 LOW32_EQ(1, SECCOMP_IOCTL_NOTIF_RECV)),
	ALLOW_IF(ioctl, "answer it", IS(0, V_LISTENER),
		 LOW32_EQ(1, SECCOMP_IOCTL_NOTIF_SEND)),
	ALLOW_IF(ioctl, "is the trapped task still there", IS(0, V_LISTENER),
		 LOW32_EQ(1, SECCOMP_IOCTL_NOTIF_ID_VALID)),
	ALLOW_IF(ioctl, "install an fd in the guest", IS(0, V_LISTENER),
		 LOW32_EQ(1, SECCOMP_IOCTL_NOTIF_ADDFD)),
	ALLOW(process_vm_readv, "copy a trapped call's arguments out of the guest"),
	ALLOW(process_vm_writev, "copy its results in"),
	ALLOW_IF(kill, "forward moat's signals; SIGKILL at teardown", IS(0, V_INIT_PID)),
	ALLOW_IF(kill, "SIGKILL at teardown", IS(0, V_GOFER_PID)),
	ALLOW(wait4, "reap the init, the gofer and the setup's orphans"),

	/* handlers and their services (syscalls/sys_*.c, sentry/call.c,
	 * sentry/procfs.c) */
	ALLOW_IF(sendmsg, "gofer requests (fds with BIND, CONNECT)", IS(0, V_GOFER_SOCK)),
	ALLOW_IF(recvmsg, "gofer replies (an fd with OPEN)", IS(0, V_GOFER_SOCK)),
	ALLOW_IF(openat, "/proc/<tid>/status; a FIFO reopened through "
		 "/proc/self/fd/N on a worker; O_PATH of the guest's /proc",
		 NONE_OF(2, O_CREAT | O_TRUNC | O_TMPFILE_BIT)),
	ALLOW_IF(openat2, "opens below the guest's /proc, RESOLVE_BENEATH",
		 IS(0, V_PROCFD)),
	ALLOW(readlink, "the kernel's name of a guest's cwd or fd "
	      "(/proc/<tid>/cwd, fd/N)"),
	ALLOW_IF(readlinkat, "links below the guest's /proc", IS(0, V_PROCFD)),
	ALLOW(newfstatat, "fstat of a guest's fd copy; stat below the guest's /proc"),
	ALLOW(statx, "the same for statx"),
	ALLOW(fstatfs, "statfs of the guest's /proc"),
	ALLOW(faccessat2, "access on a guest's fd copy or below its /proc"),
	ALLOW(fchmod, "fchmod of a guest's pipe or socket (a copy of its fd)"),
	ALLOW(fchown, "the same for fchown"),
	ALLOW_IF(utimensat, "futimens of a guest's pipe or socket: no path",
		 EQ(1, NULL)),
	ALLOW(inotify_add_watch, "a watch on the guest's inotify fd, through the "
	      "gofer's O_PATH handle"),
	ALLOW(fsetxattr, "fsetxattr through a guest's fd copy (sys_fdattr.c)"),
	ALLOW(fremovexattr, "the same for fremovexattr"),
	ALLOW(pidfd_open, "copies of a guest's fds (call_getfd)"),
	ALLOW(pidfd_getfd, "the same"),
	ALLOW(bind, "a guest's socket (its fd copy) to an address that is not a "
	      "path"),
	ALLOW(connect, "the same; TCP on a worker thread"),
	ALLOW(close, "fds"),
	ALLOW_IF(sched_setaffinity, "the gofer follows the sentry's CPU "
		 "(call_gofer)", IS(0, V_GOFER_PID)),
	ALLOW(getcpu, "sched_getcpu when neither rseq nor the vDSO answers"),

	/* worker threads: a FIFO open and a TCP connect wait off the loop
	 * (pthread_create, thread start and exit) */
	ALLOW_IF(clone, "pthread_create, and nothing else", LOW32_EQ(0, THREAD_CLONE_FLAGS)),
	/* clone3's flags lie in memory, out of the filter's reach: glibc
	 * falls back to clone on ENOSYS. */
	REFUSE(clone3, ENOSYS, "glibc falls back to clone, whose flags are checked"),
	ALLOW(set_robust_list, "thread start"),
	ALLOW(rseq, "thread start"),
	ALLOW(rt_sigprocmask, "signals blocked around clone; abort()"),
	ALLOW(sched_getaffinity, "malloc: the arena limit, once a 9th arena is made"),
	ALLOW_IF(rt_sigaction, "the first pthread_create installs glibc's "
		 "set*id handler", EQ(0, SIGSETXID)),
	ALLOW(futex, "thread joins and malloc's locks"),
	ALLOW_IF(madvise, "thread stacks released at thread exit; malloc trims "
		 "a thread's heap", EQ(2, MADV_DONTNEED)),
	ALLOW(exit, "thread exit"),

	/* malloc; never executable memory */
	ALLOW(brk, "malloc"),
	ALLOW_IF(mmap, "malloc, thread stacks", NONE_OF(2, PROT_EXEC)),
	ALLOW_IF(mprotect, "malloc arenas, stack guards", NONE_OF(2, PROT_EXEC)),
	ALLOW(munmap, "free, thread stacks"),

	/* messages, exit, abort */
	ALLOW_IF(write, "one-line messages on stderr", EQ(0, STDERR_FILENO)),
	ALLOW_IF(write, "trace lines (--trace FILE)", IS(0, V_TRACE_FD)),
	ALLOW_IF(writev, "glibc's fatal messages (malloc corruption)", EQ(0, STDERR_FILENO)),
	ALLOW(restart_syscall, "a wait interrupted by a stop signal"),
	ALLOW(exit_group, "exit"),
	ALLOW(getpid, "abort()"),
	ALLOW_IF(tgkill, "abort(): SIGABRT to moat itself, so that a crash "
		 "never reads as SIGSYS", IS(0, V_SELF_PID), EQ(2, SIGABRT)),
};

#if SENTRY_SANITIZED
/* ASan's runtime: its alternate signal stack at thread start and exit, and
 * LeakSanitizer's check at exit, which stops the world with a ptrace
 * helper and reads /proc/self/maps and /proc/self/task. */
static const struct rule sanitizer_rules[] = {
	ALLOW(sigaltstack, "ASan: signal stack of each thread"),
	ALLOW_IF(open, "LeakSanitizer: /proc/self/task",
		 NONE_OF(1, O_CREAT | O_TRUNC | O_TMPFILE_BIT)),
	ALLOW(getdents, "LeakSanitizer: /proc/self/task"),
	ALLOW_IF(clone, "LeakSanitizer's tracer task",
		 LOW32_EQ(0, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_UNTRACED)),
	ALLOW(ptrace, "LeakSanitizer stops moat's threads"),
	ALLOW(prctl, "LeakSanitizer: PR_SET_PDEATHSIG, PR_SET_PTRACER"),
	ALLOW(getppid, "LeakSanitizer"),
	ALLOW(gettid, "LeakSanitizer"),
	ALLOW(sched_yield, "LeakSanitizer"),
	ALLOW(rt_sigaction, "LeakSanitizer's tracer catches fatal signals"),
	ALLOW(lseek, "LeakSanitizer"),
};
#endif

/* ---- confinement ----------------------------------------------------------- */

static int fail(char *err, size_t errlen, int e, const char *what)
{
	snprintf(err, errlen, "confining the sentry: %s: %s", what, strerror(e));
	return -e;
}

/* Which capabilities does the event loop need?  None, found by running the
 * e2e and conformance suites with all of them dropped (as root), and by
 * the kernel's rules for each call:
 *  - process_vm_readv/writev, pidfd_getfd and /proc/<tid>/fd, cwd need
 *    ptrace access to the guest.  The guest's tasks run with the sentry's
 *    own uid (mapped to 0 inside), and their user namespace is a child of
 *    the sentry's, created by its euid: the kernel grants the creator every
 *    capability in it (cap_capable()'s owner rule), so no capability of the
 *    sentry's own is consulted.  Yama's ptrace_scope 1 is met the same way
 *    (and the guest is a descendant of the sentry).
 *  - kill of the init and the gofer: the same uid.
 *  - a FIFO reopened through /proc/self/fd/N, inotify watches, fchmod,
 *    fchown, futimens and access on fd copies: the sentry's plain file
 *    permissions.  Root's CAP_DAC_OVERRIDE or CAP_CHOWN would let it do
 *    more than the guest could; without them it can do less than root but
 *    never more than the guest.
 *  - A guest that runs an unreadable (execute-only) binary owned by a user
 *    outside its namespace gets an mm the kernel ties to the initial user
 *    namespace; only CAP_SYS_PTRACE there would read it.  Such a guest's
 *    trapped calls fail (EFAULT) as they do in a rootless moat.
 * So every set is emptied: effective, permitted, inheritable, ambient, and
 * (if moat runs as root, which can) the bounding set, with the securebits
 * locked so that uid 0 cannot regain capabilities by execve. */
static int drop_caps(char *err, size_t errlen)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3];
	capng_select_t set = CAPNG_SELECT_CAPS;
	bool setpcap;

	if (capng_get_caps_process())
		return fail(err, errlen, EPERM, "reading its capabilities");
	setpcap = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP) == 1;
	if (setpcap) {
		set |= CAPNG_SELECT_BOUNDS;
		if (capng_lock())
			return fail(err, errlen, errno ? errno : EPERM,
				    "locking the securebits");
	}
	capng_clear(set);
	if (capng_apply(set))
		return fail(err, errlen, errno ? errno : EPERM,
			    "dropping its capabilities");
	/* Trust the kernel's answer, not the library's. */
	if (syscall(SYS_capget, &h, d))
		return fail(err, errlen, errno, "capget");
	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (d[i].effective || d[i].permitted || d[i].inheritable)
			return fail(err, errlen, EPERM, "a capability survived");
	/* Ambient capabilities go with permitted and inheritable. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return fail(err, errlen, errno, "clearing ambient capabilities");
	if (setpcap)
		for (int c = 0; c < 64; c++)
			if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
				return fail(err, errlen, EPERM,
					    "the bounding set survived");
	return 0;
}

/* The sentry's own view of the file system: a read-only tmpfs holding the
 * host's /proc and the sandbox's cgroup directories, nothing else.  Its
 * allowlist must keep openat (it reads /proc/<tid>/status and reopens
 * FIFOs through /proc/self/fd), so without this a compromised sentry could
 * read every host file its uid can.
 *
 * Making mounts needs CAP_SYS_ADMIN over a mount namespace, which a
 * rootless sentry has only in a user namespace of its own, and ptrace
 * access to the guest (process_vm_readv, pidfd_getfd, /proc/<tid>/fd)
 * needs the sentry and the guest in the same one, or the sentry above.  So
 * it joins the guest's user namespace (as that namespace's owner it may),
 * where it is as privileged as the guest once its capabilities are gone:
 * same uid, an empty capability set, ptrace access by cap_issubset().
 * Host processes with capabilities stay out of its reach for the same
 * reason: /proc/<pid>/root of a privileged host process is refused to a
 * task without CAP_SYS_PTRACE.  /tmp is only where the new root is built,
 * in the sentry's private mount namespace. */
static int enter_own_root(const struct sentry *s, char *err, size_t errlen)
{
	char path[PATH_MAX + 8];
	const char *cg[LIMITS_MAX_CGROUPS];
	size_t ncg = limits_cgroup_dirs(cg, LIMITS_MAX_CGROUPS);

	snprintf(path, sizeof path, "/proc/%d/ns/user", (int)s->init_pid);
	int ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return fail(err, errlen, errno, "opening the guest's user namespace");
	int r = setns(ns, CLONE_NEWUSER);
	int e = errno;
	close(ns);
	if (r)
		return fail(err, errlen, e, "joining the guest's user namespace");
	if (unshare(CLONE_NEWNS))
		return fail(err, errlen, errno, "unshare(CLONE_NEWNS)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return fail(err, errlen, errno, "making its mounts private");
	if (mount("moat-sentry", SENTRY_ROOT, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "size=64k,nr_inodes=64,mode=0755"))
		return fail(err, errlen, errno, "mounting its root");
	if (mkdir(SENTRY_ROOT "/proc", 0755) ||
	    mount("/proc", SENTRY_ROOT "/proc", NULL, MS_BIND | MS_REC, NULL))
		return fail(err, errlen, errno, "binding /proc");
	for (size_t i = 0; i < ncg; i++) {
		/* The same path inside, so limits_finish() finds it. */
		snprintf(path, sizeof path, "%s%s", SENTRY_ROOT, cg[i]);
		for (char *p = path + sizeof SENTRY_ROOT; (p = strchr(p, '/')); p++) {
			*p = '\0';
			if (mkdir(path, 0755) && errno != EEXIST)
				return fail(err, errlen, errno, "making a cgroup's path");
			*p = '/';
		}
		if ((mkdir(path, 0755) && errno != EEXIST) ||
		    mount(cg[i], path, NULL, MS_BIND, NULL))
			return fail(err, errlen, errno, "binding a cgroup directory");
	}
	if (chdir(SENTRY_ROOT) || syscall(SYS_pivot_root, ".", "."))
		return fail(err, errlen, errno, "pivot_root");
	if (umount2(".", MNT_DETACH) || chdir("/"))
		return fail(err, errlen, errno, "detaching the host's root");
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID |
		  MS_NODEV | MS_NOEXEC, NULL))
		return fail(err, errlen, errno, "making its root read-only");
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Keep stdio, the listener, the gofer socket, the guest's /proc (an O_PATH
 * handle on the guest's procfs, not the host's) and the signalfd; close
 * the gaps between them.  What goes: the control socket (closed by the
 * caller, setup is over) and whatever moat's caller passed beyond stdio.
 * The guest holds its own copies of what it inherited. */
static int close_fds(const struct sentry *s, char *err, size_t errlen)
{
	int keep[] = { 0, 1, 2, s->plat->fd, s->gofer.fd, s->procfd, s->sigfd,
		       s->trace_fd >= 0 ? s->trace_fd : STDERR_FILENO };
	size_t n = sizeof keep / sizeof keep[0];
	unsigned int from = 0;

	qsort(keep, n, sizeof keep[0], cmp_int);
	for (size_t i = 0; i < n; i++) {
		if (keep[i] < 0)
			return fail(err, errlen, EBADF, "an fd it needs is missing");
		if ((unsigned)keep[i] > from &&
		    close_range(from, (unsigned)keep[i] - 1, 0))
			return fail(err, errlen, errno, "closing fds");
		from = (unsigned)keep[i] + 1;
	}
	if (close_range(from, ~0u, 0))
		return fail(err, errlen, errno, "closing fds");
	return 0;
}

static int add_rules(scmp_filter_ctx ctx, const struct rule *r, size_t n,
		     const uint64_t vals[V_COUNT])
{
	for (size_t i = 0; i < n; i++) {
		struct scmp_arg_cmp c[2];
		unsigned int nc = 0;
		bool skip = false;

		for (unsigned int k = 0; k < 2 && r[i].cmp[k].op; k++) {
			const struct cmp *x = &r[i].cmp[k];
			uint64_t a = x->v == V_CONST ? x->a : vals[x->v];
			/* kill(0) would reach the process group: a pid not
			 * known is no rule at all (nor is a --trace file
			 * that was not asked for). */
			if ((x->v == V_INIT_PID || x->v == V_GOFER_PID ||
			     x->v == V_TRACE_FD) && (int64_t)a <= 0)
				skip = true;
			c[nc++] = (struct scmp_arg_cmp){ .arg = x->arg, .op = x->op,
							 .datum_a = a, .datum_b = x->b };
		}
		if (skip)
			continue;
		uint32_t act = r[i].err ? SCMP_ACT_ERRNO((uint32_t)r[i].err)
					: SCMP_ACT_ALLOW;
		int e = seccomp_rule_add_array(ctx, act, r[i].nr, nc, c);
		if (e)
			return e;
	}
	return 0;
}

static int load_filter(const struct sentry *s, char *err, size_t errlen)
{
	const uint64_t vals[V_COUNT] = {
		[V_LISTENER] = (uint64_t)s->plat->fd,
		[V_GOFER_SOCK] = (uint64_t)s->gofer.fd,
		[V_PROCFD] = (uint64_t)s->procfd,
		[V_INIT_PID] = (uint64_t)s->init_pid,
		[V_GOFER_PID] = (uint64_t)s->gofer_pid,
		[V_SELF_PID] = (uint64_t)getpid(),
		[V_TRACE_FD] = (uint64_t)(int64_t)s->trace_fd,
	};
	/* --debug: a call outside the list is logged to the kernel log
	 * (audit type 1326) and allowed, so that one run names every
	 * missing call. */
	scmp_filter_ctx ctx = seccomp_init(s->opt->debug ? SCMP_ACT_LOG
							 : SCMP_ACT_KILL_PROCESS);
	int e;

	if (!ctx)
		return fail(err, errlen, ENOMEM, "seccomp_init");
	if ((e = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) ||
	    (e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1)) ||
	    (e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1)) ||
	    (e = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) ||
	    (e = add_rules(ctx, rules, sizeof rules / sizeof rules[0], vals)))
		goto out;
#if SENTRY_SANITIZED
	if ((e = add_rules(ctx, sanitizer_rules,
			   sizeof sanitizer_rules / sizeof sanitizer_rules[0], vals)))
		goto out;
#endif
	e = seccomp_load(ctx);
out:
	seccomp_release(ctx);
	return e ? fail(err, errlen, -e, "loading the seccomp allowlist") : 0;
}

int sentry_confine(struct sentry *s, char *err, size_t errlen)
{
	int r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return fail(err, errlen, errno, "PR_SET_NO_NEW_PRIVS");
	if ((r = enter_own_root(s, err, errlen)) ||
	    (r = drop_caps(err, errlen)) ||
	    (r = close_fds(s, err, errlen)) ||
	    (r = load_filter(s, err, errlen)))
		return r;
	return 0;
}

/* ---- moat policy --dump sentry ----------------------------------------------- */

static void dump_rules(FILE *f, const struct rule *r, size_t n, bool *seen)
{
	for (size_t i = 0; i < n; i++) {
		char cond[160] = "", one[96];

		for (unsigned int k = 0; k < 2 && r[i].cmp[k].op; k++) {
			const struct cmp *x = &r[i].cmp[k];
			uint64_t v = x->op == SCMP_CMP_MASKED_EQ && x->b ? x->b : x->a;
			if (x->text && v > 9)
				snprintf(one, sizeof one, v < 256 ? "%s (%llu)" : "%s (%#llx)",
					 x->text, (unsigned long long)v);
			else if (x->text)
				snprintf(one, sizeof one, "%s", x->text);
			else
				snprintf(one, sizeof one, "arg%u == %s", x->arg,
					 val_names[x->v]);
			size_t len = strlen(cond);
			snprintf(cond + len, sizeof cond - len, "%s%s",
				 len ? ", " : "", one);
		}
		if (r[i].err)
			snprintf(cond, sizeof cond, "refused: %s",
				 strerrorname_np(r[i].err));
		else if (!r[i].cmp[0].op)
			snprintf(cond, sizeof cond, "any arguments");
		fprintf(f, "  %-18s %-56s %s\n", r[i].name, cond, r[i].why);
		if (!r[i].err && r[i].nr >= 0 && r[i].nr < 1024)
			seen[r[i].nr] = true;
	}
}

unsigned sentry_policy_dump(FILE *f)
{
	bool seen[1024] = { false };
	const size_t n = sizeof rules / sizeof rules[0];
	unsigned nsys = 0, nrefused = 0;

	fprintf(f, "# moat sentry allowlist, x86-64 (sentry/confine.c): loaded once the\n"
		   "# sandbox is set up.  Any other call, or another architecture, kills\n"
		   "# moat with SIGSYS (--debug: logged to the kernel log and allowed).\n");
	dump_rules(f, rules, n, seen);
#if SENTRY_SANITIZED
	fprintf(f, "# this is a sanitizer build; its runtime also gets:\n");
	dump_rules(f, sanitizer_rules,
		   sizeof sanitizer_rules / sizeof sanitizer_rules[0], seen);
#endif
	for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++)
		nsys += seen[i];
	for (size_t i = 0; i < n; i++)
		nrefused += rules[i].err != 0;
	fprintf(f, "# sentry: %u syscalls allowed (%zu rules), %u refused with an errno, "
		   "anything else kills moat\n", nsys, n - nrefused, nrefused);
	return nsys;
}
