/* Helpers for the process, signal, memory and IPC conformance programs.
 *
 * cmocka's asserts longjmp back into the runner.  In a forked child that
 * would resume the whole test list inside the child, so children check with
 * child_check()/child_check_errno(), which print the failed line and _exit;
 * the parent then asserts the exit status with assert_child_ok().  Threads
 * other than the main one follow the same rule: they return a result and the
 * main thread asserts it.
 *
 * Every wait is bounded: a child that does not finish in CONF_CHILD_TIMEOUT_MS
 * is killed and reaped, and the case fails, so no process outlives its case. */
#ifndef MOAT_CONFORMANCE_PROC_COMMON_H
#define MOAT_CONFORMANCE_PROC_COMMON_H

#include "common.h"

#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

/* Generous: the suite must pass on a loaded 2-core VM and under a sandbox
 * that traps many syscalls; yet short enough that a few hung children fit
 * in the runner's per-program time limit and the other cases still run. */
#define CONF_CHILD_TIMEOUT_MS 10000

/* An address that is never mapped in user space (below mmap_min_addr): the
 * kernel answers EFAULT.  Read through a volatile so that the compiler cannot
 * see it and warn about the deliberate bad access.  Cases pass it to raw
 * syscall() where the libc wrapper would touch the memory itself. */
static void *volatile conf_bad_ptr_ = (void *)16;
#define CONF_BAD_PTR (conf_bad_ptr_)

static inline const char *conf_errname(int err)
{
	const char *n = err ? strerrorname_np(err) : "0";
	return n ? n : "?";
}

#define child_check(cond)                                                  \
	do {                                                               \
		if (!(cond)) {                                             \
			int e_ = errno;                                    \
			dprintf(2, "child check failed: %s:%d: %s (errno %s)\n", \
				__FILE__, __LINE__, #cond, conf_errname(e_)); \
			_exit(99);                                         \
		}                                                          \
	} while (0)

#define child_check_errno(expr, err)                                       \
	do {                                                               \
		errno = 0;                                                 \
		long r_ = (long)(expr);                                    \
		int e_ = errno;                                            \
		if (r_ != -1 || e_ != (err)) {                             \
			dprintf(2, "child check failed: %s:%d: %s: expected -1/%s, got %ld/%s\n", \
				__FILE__, __LINE__, #expr, conf_errname(err), \
				r_, conf_errname(e_));                     \
			_exit(99);                                         \
		}                                                          \
	} while (0)

static inline void conf_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static inline long long conf_now_ms(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline long long conf_ts_ns(const struct timespec *ts)
{
	return (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/* In nanoseconds, for lower bounds on waits: the kernel never ends a
 * timed wait before its expiry on the monotonic clock, so a bound taken
 * around the call holds exactly, with no rounding to allow for. */
static inline long long conf_now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return conf_ts_ns(&ts);
}

/* fork() for a case.  The child gets default handlers for the signals cmocka
 * catches (so a crash kills the child instead of resuming the runner in it),
 * dies with its parent, and is killed by SIGALRM if it hangs past the
 * timeout; a case that uses alarm() itself simply replaces that alarm.
 * Call it from the main thread: the death signal fires when the forking
 * thread exits, not the process (prctl(2), PR_SET_PDEATHSIG). */
static inline pid_t conf_fork(void)
{
	static const int caught[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGSYS };
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid == -1)
		fail_msg("fork: %s", conf_errname(errno));
	if (pid == 0) {
		for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
			signal(caught[i], SIG_DFL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(CONF_CHILD_TIMEOUT_MS / 1000 + 5);
	}
	return pid;
}

/* waitpid() with a bound.  Returns the status, or fails the case after
 * killing and reaping the child.  PID may also name a group (0 or -pgid). */
static inline int conf_wait_opts(pid_t pid, int opts)
{
	int status = 0;
	for (long waited = 0;; waited += 2) {
		pid_t r = waitpid(pid, &status, opts | WNOHANG);
		if (r > 0 && (r == pid || pid <= 0))
			return status;
		if (r == -1 && errno != EINTR)
			fail_msg("waitpid(%d): %s", (int)pid, conf_errname(errno));
		if (waited >= CONF_CHILD_TIMEOUT_MS) {
			if (pid > 0 || pid < -1) /* never our own group */
				kill(pid, SIGKILL);
			waitpid(pid, &status, opts);
			fail_msg("child %d did not finish in %d ms", (int)pid,
				 CONF_CHILD_TIMEOUT_MS);
		}
		conf_sleep_ms(2);
	}
}

static inline int conf_wait(pid_t pid)
{
	return conf_wait_opts(pid, 0);
}

static inline void assert_status_exited(int status, int code)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
		if (WIFSIGNALED(status))
			fail_msg("child killed by signal %d, expected exit %d",
				 WTERMSIG(status), code);
		fail_msg("child status 0x%x, expected exit %d", status, code);
	}
}

static inline void assert_child_exited(pid_t pid, int code)
{
	assert_status_exited(conf_wait(pid), code);
}

static inline void assert_child_ok(pid_t pid)
{
	assert_child_exited(pid, 0);
}

/* Run FN in a forked child, for cases that change process-wide state
 * (signal dispositions, masks, limits, ids, prctl bits); the child must
 * exit 0. */
static inline void conf_in_child(void (*fn)(void))
{
	pid_t pid = conf_fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	assert_child_ok(pid);
}

/* The state letter of /proc/PID/stat ('R', 'S', 'T', 'Z', ...), or 0. */
static inline char conf_proc_state(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* The number of the system call task PID is blocked in, from
 * /proc/PID/syscall; -1 when the task is running or blocked outside a call;
 * -2 when the file cannot be read (it needs ptrace access to the task,
 * which a child may lack towards its parent). */
static inline long conf_proc_syscall(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -2;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -2;
	buf[n] = 0;
	char *end;
	long nr = strtol(buf, &end, 10);
	return end == buf ? -1 : nr; /* "running" has no number */
}

/* Wait until task PID (a process or a thread) sleeps in system call NR, or
 * in any call when NR is -1, so that a case can act on it knowing that it
 * is blocked there, not about to be: on a loaded machine "about to" can
 * last any time, so no fixed pause is enough.  The state alone does not
 * say which call, and under a sandbox a task also sleeps while one of its
 * trapped calls is handled; hence NR, checked when /proc shows it.  Pass
 * NR only for a call made by number: libc may implement a function with
 * another call than its name says (select with pselect6).
 *
 * Returns false when the task is seen to have exited, or is still not
 * blocked there after the child timeout.  Without a readable /proc it
 * returns true after a fixed pause: the cases that use it must then be
 * correct either way, only weaker. */
static inline bool conf_wait_blocked(pid_t pid, long nr)
{
	long long deadline = conf_now_ms(CLOCK_MONOTONIC) + CONF_CHILD_TIMEOUT_MS;
	for (;;) {
		char s = conf_proc_state(pid);
		if (s == 0) {
			conf_sleep_ms(200);
			return true;
		}
		if (s == 'Z' || s == 'X')
			return false;
		if (s == 'S') {
			long cur = nr < 0 ? nr : conf_proc_syscall(pid);
			/* -2: the call cannot be seen; the state must do. */
			if (cur == nr || cur == -2)
				return true;
		}
		if (conf_now_ms(CLOCK_MONOTONIC) >= deadline)
			return false;
		conf_sleep_ms(1);
	}
}

/* Wait until task PID sleeps in some system call; see conf_wait_blocked. */
static inline bool conf_wait_sleeping(pid_t pid)
{
	return conf_wait_blocked(pid, -1);
}

/* Arm ITIMER_REAL (SIGALRM) to expire after MS milliseconds and then every
 * MS milliseconds, for a case whose next call must be interrupted by a
 * signal.  A single expiry may come before that call is even entered when
 * the machine is loaded; the handler then runs early and the call blocks
 * for good.  A repeating timer interrupts it whenever it starts, so such
 * cases expect at least one handler run, not exactly one.  Disarm it with
 * conf_stop_alarm() once the call has returned. */
static inline bool conf_repeat_alarm(long ms)
{
	struct itimerval it = {
		.it_value = { ms / 1000, (ms % 1000) * 1000 },
		.it_interval = { ms / 1000, (ms % 1000) * 1000 },
	};
	return setitimer(ITIMER_REAL, &it, NULL) == 0;
}

static inline bool conf_stop_alarm(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	return setitimer(ITIMER_REAL, &it, NULL) == 0;
}

/* Whether the calling process has capability CAP in its effective set. */
static inline bool conf_has_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (syscall(SYS_capget, &hdr, data) != 0)
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

/* Clear CAP from the effective set of the calling process, so that a case
 * run as root can observe the unprivileged answer.  Call it in a child. */
static inline bool conf_drop_cap(int cap)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (syscall(SYS_capget, &hdr, data) != 0)
		return false;
	data[cap / 32].effective &= ~(1u << (cap % 32));
	return syscall(SYS_capset, &hdr, data) == 0;
}

/* Read exactly N bytes for a small pipe handshake.  False on EOF, error,
 * or when nothing arrives within the child timeout, so that a peer that
 * died (while we still hold the write end) fails the case, not hangs it. */
static inline bool conf_read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int pr = poll(&pfd, 1, CONF_CHILD_TIMEOUT_MS);
		if (pr == -1 && errno == EINTR)
			continue;
		if (pr != 1)
			return false;
		ssize_t r = read(fd, p, n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

/* Wait for FD to become readable within MS milliseconds. */
static inline bool conf_readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;
	do
		r = poll(&p, 1, ms);
	while (r == -1 && errno == EINTR);
	return r == 1;
}

/* Copy /proc/self/exe to NAME in the scratch directory, mode 0755, so that
 * exec cases have a binary of known location that they may re-exec with a
 * mode argument.  Returns false when the copy cannot be made. */
static inline bool conf_copy_self(const char *name)
{
	char buf[65536];
	bool ok = false;
	int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int out = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (in == -1 || out == -1)
		goto out;
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n == 0)
			break;
		if (n < 0 || write(out, buf, (size_t)n) != n)
			goto out;
	}
	ok = true;
out:
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	return ok;
}

#endif
