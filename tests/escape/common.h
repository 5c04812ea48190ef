/* Shared helpers for the escape programs.
 *
 * Each program in tests/escape/ makes one escape attempt and prints exactly
 * one line, "CONTAINED name: detail" or "ESCAPED name: detail", then exits
 * 0.  "ERROR name: detail" with exit status 2 means the attack could not be
 * set up at all.  The program judges by the effect it can observe from
 * where it stands; the harness (tests/escape/run) then checks the host side
 * and overrides the verdict to ESCAPED if the host changed.  README.md
 * describes the protocol: the ESCAPE_* environment, the host ids, the
 * secret file.
 *
 * Everything here is static inline so that each program stays one file
 * plus this header, and an unused helper costs nothing. */
#ifndef MOAT_ESCAPE_COMMON_H
#define MOAT_ESCAPE_COMMON_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

/* The makefile passes the file's base name; by hand, argv[0] will do. */
#ifndef ATTACK_NAME
#define ATTACK_NAME program_invocation_short_name
#endif

/* ------------------------------------------------------------------ */
/* The verdict line.                                                   */

static inline void
emit(const char *word, const char *fmt, va_list ap)
{
	char detail[1024];

	vsnprintf(detail, sizeof detail, fmt, ap);
	/* One line, always: a detail may quote a file the attack read. */
	for (char *p = detail; *p; p++)
		if (*p == '\n' || *p == '\r' || !isprint((unsigned char)*p))
			*p = ' ';
	printf("%s %s: %s\n", word, ATTACK_NAME, detail);
	fflush(stdout);
}

/* _exit, not exit: racing threads may still run, and at-exit handlers
 * must not print a second line. */
static inline void __attribute__((noreturn, format(printf, 1, 2)))
escaped(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("ESCAPED", fmt, ap);
	va_end(ap);
	_exit(0);
}

static inline void __attribute__((noreturn, format(printf, 1, 2)))
contained(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("CONTAINED", fmt, ap);
	va_end(ap);
	_exit(0);
}

static inline void __attribute__((noreturn, format(printf, 1, 2)))
setup_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("ERROR", fmt, ap);
	va_end(ap);
	_exit(2);
}

static inline const char *
errname(int err)
{
	const char *s = strerrorname_np(err);

	return s ? s : "E?";
}

/* ------------------------------------------------------------------ */
/* The harness's environment.                                          */

static inline const char *
env_need(const char *key)
{
	const char *v = getenv(key);

	if (!v || !*v)
		setup_error("environment variable %s is not set (run through "
			    "tests/escape/run)", key);
	return v;
}

static inline const char *
env_or(const char *key, const char *fallback)
{
	const char *v = getenv(key);

	return v && *v ? v : fallback;
}

/* ESCAPE_HOST_IDS is "key=dev:ino key=dev:ino ...", the st_dev and st_ino
 * of host objects as the harness saw them outside the sandbox.  An attack
 * compares what it reached against them: the same (dev, ino) is the host's
 * own object, not a copy in an overlay or an emulated file. */
struct host_id {
	unsigned long long dev, ino;
};

static inline bool
host_id(const char *key, struct host_id *out)
{
	const char *ids = getenv("ESCAPE_HOST_IDS");
	size_t klen = strlen(key);

	for (const char *p = ids; p && *p;) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return sscanf(p + klen + 1, "%llu:%llu", &out->dev,
				      &out->ino) == 2;
		p = strchr(p, ' ');
	}
	return false;
}

/* Is ST the host object KEY itself? */
static inline bool
is_host_object(const struct stat *st, const char *key)
{
	struct host_id id;

	return host_id(key, &id) && st->st_dev == id.dev &&
	       st->st_ino == id.ino;
}

/* Is ST on the same host filesystem as the host object KEY? */
static inline bool
on_host_fs(const struct stat *st, const char *key)
{
	struct host_id id;

	return host_id(key, &id) && st->st_dev == id.dev;
}

/* Is the namespace link PATH (e.g. "/proc/self/ns/uts") the host's
 * namespace KEY ("utsns", "pidns", "netns")?  False if it cannot be told. */
static inline bool
ns_is_host(const char *path, const char *key)
{
	struct stat st;

	return stat(path, &st) == 0 && is_host_object(&st, key);
}

static inline bool
pid_in_host_pidns(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)pid);
	return ns_is_host(path, "pidns");
}

/* ------------------------------------------------------------------ */
/* The host secret.  Its content is never in the guest's environment:    */
/* the attack prints what it read, the harness compares with the token.  */

/* Read from FD; if anything came back, that is the escape. */
static inline void
secret_from_fd(int fd, const char *how)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof buf - 1);

	if (n > 0) {
		buf[n] = '\0';
		escaped("read a host-only file via %s: secret=%s", how, buf);
	}
}

/* Try to open PATH (relative to DIRFD) and read it.  Returns only if the
 * attempt failed, with the errno. */
static inline int
secret_at(int dirfd, const char *path, const char *how)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return errno;
	secret_from_fd(fd, how);
	err = errno;
	close(fd);
	return err ? err : EIO;
}

/* The secret's path with the leading '/' removed, for "../../../" + it. */
static inline const char *
secret_path_rel(void)
{
	const char *p = env_need("ESCAPE_SECRET");

	while (*p == '/')
		p++;
	return p;
}

/* ------------------------------------------------------------------ */
/* Scratch space: natively a directory the harness owns, under moat /tmp
 * of the sandbox.  Never the host's /tmp directly. */

static inline void
scratch_dir(char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s-XXXXXX", env_or("ESCAPE_SCRATCH", "/tmp"),
		 ATTACK_NAME);
	if (!mkdtemp(buf))
		setup_error("mkdtemp %s: %s", buf, errname(errno));
}

/* ------------------------------------------------------------------ */
/* Probes of the denied kernel surface.  Each runs in a child, so that a
 * sandbox that kills the caller (SIGSYS) is seen as a refusal rather than
 * as a missing verdict. */

struct probe {
	int sig;  /* killing signal, or 0 */
	long ret; /* the call's return value */
	int err;  /* errno, if ret == -1 */
};

static inline struct probe
probe(long (*fn)(void *), void *arg)
{
	struct probe r = { 0, -1, 0 };
	int pfd[2], status;
	long msg[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		setup_error("pipe2: %s", errname(errno));
	pid = fork();
	if (pid < 0)
		setup_error("fork: %s", errname(errno));
	if (pid == 0) {
		alarm(10);
		errno = 0;
		msg[0] = fn(arg);
		msg[1] = errno;
		if (write(pfd[1], msg, sizeof msg) != sizeof msg)
			_exit(3);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], msg, sizeof msg) == sizeof msg) {
		r.ret = msg[0];
		r.err = (int)msg[1];
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			setup_error("waitpid: %s", errname(errno));
	/* A call that never returns is no refusal: say so instead. */
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		setup_error("the probed call did not return in 10 s");
	if (WIFSIGNALED(status))
		r.sig = WTERMSIG(status);
	return r;
}

/* Refused before the kernel: the sandbox's answer for a denied row. */
static inline bool
refused(int err)
{
	return err == EPERM || err == ENOSYS;
}

/* The verdict for a call that must never reach the host kernel: success
 * or any kernel errno other than EPERM/ENOSYS means it got there. */
static inline void __attribute__((noreturn))
surface_verdict(const char *call, struct probe r)
{
	if (r.sig)
		contained("%s: caller killed by %s", call, sigabbrev_np(r.sig));
	if (r.ret >= 0)
		escaped("%s reached the kernel and succeeded (returned %ld)",
			call, r.ret);
	if (refused(r.err))
		contained("%s refused: %s", call, errname(r.err));
	escaped("%s reached the kernel: %s", call, errname(r.err));
}

/* ------------------------------------------------------------------ */
/* Other tasks.                                                         */

/* The parent of PID from /proc/PID/stat, or -1. */
static inline pid_t
parent_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd, ppid;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: skip to the last ')'. */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

/* Does /proc/PID/cmdline contain NEEDLE (arguments joined by spaces)? */
static inline bool
cmdline_has(pid_t pid, const char *needle)
{
	char path[64], buf[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* What the sentinel's command line holds: ESCAPE_SENTINEL_TAG plus a
 * suffix.  The tag alone also shows in the command line of whatever passed
 * the environment into the sandbox (a wrapper's "--env K=V"), which may be
 * a task of the sandbox; the suffix is only ever in the sentinel's. */
static inline const char *
sentinel_needle(void)
{
	static char needle[160];

	snprintf(needle, sizeof needle, "%s/sentinel",
		 env_need("ESCAPE_SENTINEL_TAG"));
	return needle;
}

/* Call FN(pid, arg) for each numeric entry of /proc other than ourselves,
 * stopping when it returns true.  Bounded by the directory itself. */
static inline pid_t
for_each_pid(bool (*fn)(pid_t, void *), void *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	pid_t self = getpid(), found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0 || pid == self)
			continue;
		if (fn((pid_t)pid, arg)) {
			found = (pid_t)pid;
			break;
		}
	}
	closedir(d);
	return found;
}

/* Monotonic seconds, for the time budget of the racing attacks. */
static inline double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
