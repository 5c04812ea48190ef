/* Resource limits of a sandbox: a cgroup where the hierarchy allows one,
 * rlimits otherwise (see limits.h for who calls what, and when).
 *
 * The cgroup.  moat looks up, for each controller it needs (pids, memory),
 * the hierarchy that carries it (/proc/self/mountinfo) and its own cgroup
 * there (/proc/self/cgroup), and creates moat-<pid>-<random> there:
 *   - cgroup v1: in its own cgroup of that hierarchy (no rule forbids a
 *     cgroup with processes from having children);
 *   - cgroup v2: in the nearest cgroup, its own or an ancestor, whose
 *     cgroup.subtree_control already hands the controllers down and whose
 *     cgroup.procs it may write (cgroup-v2.rst, "Delegation Containment":
 *     a migration needs write access to the common ancestor's
 *     cgroup.procs).  Its own cgroup holds processes, so the "no internal
 *     processes" rule usually keeps controllers off there; moat does not
 *     enable controllers anywhere, it only uses what was delegated.
 * The sentry opens the new cgroup's cgroup.procs, and the guest's init
 * writes "0" (itself) to that fd before it forks the command.  Since Linux
 * 5.16 the kernel checks a migration against the credentials and cgroup
 * namespace of the file's opener, not the writer's, so the init can do it
 * from inside the sandbox's user and cgroup namespaces.  The init closes
 * the fd before the fork: the guest never holds it.
 *
 * Removing the cgroup.  The sentry confines itself with a seccomp
 * allowlist once the sandbox runs (sentry/confine.c); rmdir is not on it,
 * nor should it be.  So limits_setup() leaves a *keeper* behind: a process
 * outside the sandbox and its cgroup, in a session of its own, holding
 * nothing but a pidfd of the sentry (Linux 5.3+).  When the sentry exits,
 * or is killed, it removes the cgroup directories, waiting while the
 * kernel empties them.  The sentry itself only reads the event counters, by name
 * (openat read-only, which its allowlist has).
 *
 * The rlimits, when there is no cgroup:
 *   - RLIMIT_NPROC is counted per user *and user namespace* (ucounts,
 *     Linux 5.14+): the sandbox's own user namespace makes it count only
 *     the sandbox's tasks (the gofer, the init, the guest), not the
 *     caller's other processes.  The kernel never applies it to uid 0 of
 *     the host (copy_process() skips INIT_USER), so it cannot stand in for
 *     pids.max when moat runs as root.
 *   - RLIMIT_AS bounds each process's address space, not their sum.
 *   - RLIMIT_NOFILE is always how --nofile is enforced. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sentry/limits.h"
#include "sentry/sandbox.h"

enum { CG_PIDS, CG_MEMORY, CG_NCTRL };
_Static_assert(CG_NCTRL <= LIMITS_MAX_CGROUPS, "limits_cgroup_dirs() callers size for this");
static const char *const ctrl_name[CG_NCTRL] = { "pids", "memory" };

/* Tasks of the sandbox that are not the guest's and count against the
 * limit: the init in the cgroup; the init and the gofer for RLIMIT_NPROC
 * (the zygote is reaped before the guest's exec completes). */
#define CG_OWN_TASKS     1
#define NPROC_OWN_TASKS  2

/* One directory of the sandbox's cgroup: one in v2 for every controller,
 * one per v1 hierarchy. */
struct cgdir {
	char path[PATH_MAX];
	char parent[PATH_MAX];
	bool v2;
	unsigned ctrls;         /* 1 << CG_* */
	int procs;              /* its cgroup.procs, opened by the sentry */
};

struct rlim_set {
	int resource;
	const char *name;
	rlim_t value;
};

static struct {
	const struct options *o;
	struct cgdir dir[CG_NCTRL];
	size_t ndirs;
	struct rlim_set rl[3];
	size_t nrl;
	bool keeper;            /* a keeper removes dir[] once moat exits */
} lim;

/* How long the keeper waits for the kernel to empty the cgroup after the
 * sentry is gone (the guest's pid namespace dies with its init). */
#define KEEPER_WAIT_MS 10000

int limits_parse_size(const char *s, unsigned long long *bytes)
{
	char *end;
	unsigned shift = 0;

	if (!isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end || v == 0)
		return -EINVAL;
	if (v > (ULLONG_MAX >> shift))
		return -ERANGE;
	*bytes = v << shift;
	return 0;
}

static void debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void debug(const char *fmt, ...)
{
	if (!lim.o || !lim.o->debug)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("moat: debug: limits: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Is NAME an element of the comma-separated LIST? */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; ) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
		    r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/* The path in /proc/self/cgroup is relative to the hierarchy's root; the
 * mount's root (mountinfo field 4) is where the mount starts. */
int limits_cgroup_of(const char *ctrl, FILE *cgroups, FILE *mountinfo,
		     char *out, size_t cap, bool *v2, size_t *mnt_len)
{
	char line[4096], v1path[PATH_MAX] = "", v2path[PATH_MAX] = "";
	bool have_v1 = false, have_v2 = false;
	FILE *f = cgroups;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		if (strcmp(line, "0") == 0 && c1 + 1 == c2) {
			snprintf(v2path, sizeof v2path, "%s", c2 + 1);
			have_v2 = true;
		} else if (in_list(c1 + 1, ctrl)) {
			snprintf(v1path, sizeof v1path, "%s", c2 + 1);
			have_v1 = true;
		}
	}
	if (!have_v1 && !have_v2)
		return -ENOENT;

	f = mountinfo;
	int r = -ENOENT;
	while (r == -ENOENT && fgets(line, sizeof line, f)) {
		/* id parent dev ROOT MOUNTPOINT opts [optional...] - TYPE src SUPEROPTS */
		char *fld[5], *save = NULL, *p = line;
		size_t n = 0;
		for (char *t; n < 5 && (t = strtok_r(p, " ", &save)); p = NULL)
			fld[n++] = t;
		char *dash = strstr(save ? save : "", " - ");
		if (n < 5 || !dash)
			continue;
		char *type = strtok_r(dash + 3, " ", &save);
		strtok_r(NULL, " ", &save);             /* source */
		char *sopts = strtok_r(NULL, " \n", &save);
		if (!type || !sopts)
			continue;
		const char *path;
		if (have_v1 && strcmp(type, "cgroup") == 0 && in_list(sopts, ctrl)) {
			path = v1path;
			*v2 = false;
		} else if (!have_v1 && have_v2 && strcmp(type, "cgroup2") == 0) {
			path = v2path;
			*v2 = true;
		} else {
			continue;
		}
		char *root = fld[3], *mnt = fld[4];
		unescape(root);
		unescape(mnt);
		size_t rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
		if (strncmp(path, root, rl) != 0 || (path[rl] != '/' && path[rl] != '\0'))
			continue;       /* a mount of another part of the hierarchy */
		const char *rel = path + rl;
		if (strcmp(rel, "/") == 0)
			rel = "";
		if (snprintf(out, cap, "%s%s", mnt, rel) >= (int)cap)
			r = -ENAMETOOLONG;
		else
			r = 0;
		*mnt_len = strlen(mnt);
	}
	return r;
}

static int own_cgroup(const char *ctrl, char *out, size_t cap, bool *v2,
		      size_t *mnt_len)
{
	FILE *c = fopen("/proc/self/cgroup", "re");
	FILE *m = fopen("/proc/self/mountinfo", "re");
	int r = c && m ? limits_cgroup_of(ctrl, c, m, out, cap, v2, mnt_len) : -errno;
	if (c)
		fclose(c);
	if (m)
		fclose(m);
	return r;
}

static int cg_write(const char *dir, const char *file, const char *val)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, val, strlen(val));
	int r = n == (ssize_t)strlen(val) ? 0 : n < 0 ? -errno : -EIO;
	close(fd);
	if (r == 0)
		debug("%s %s in %s", file, val, dir);
	return r;
}

/* A cgroup file's text, read without stdio: after the sentry confines
 * itself this runs under its allowlist (openat read-only, read, close). */
static bool cg_read(const char *dir, const char *file, char *buf, size_t cap)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n;
	do
		n = read(fd, buf, cap - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0;
}

/* The value of KEY in a "key value" file such as memory.events. */
static unsigned long long cg_read_key(const char *dir, const char *file,
				      const char *key)
{
	char buf[1024];
	size_t kl = strlen(key);
	if (!cg_read(dir, file, buf, sizeof buf))
		return 0;
	for (char *line = buf; line; ) {
		if (strncmp(line, key, kl) == 0 && line[kl] == ' ')
			return strtoull(line + kl + 1, NULL, 10);
		if ((line = strchr(line, '\n')))
			line++;
	}
	return 0;
}

/* A file holding one number, such as memory.failcnt. */
static unsigned long long cg_read_num(const char *dir, const char *file)
{
	char buf[64];
	return cg_read(dir, file, buf, sizeof buf) ? strtoull(buf, NULL, 10) : 0;
}

static bool file_has(const char *dir, const char *file, const char *word)
{
	char path[PATH_MAX + 64], buf[1024];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool found = false;
	if (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		for (char *save = NULL, *p = buf, *t; (t = strtok_r(p, " ", &save)); p = NULL)
			if (strcmp(t, word) == 0)
				found = true;
	}
	fclose(f);
	return found;
}

/* Create moat-<pid>-<random> below PARENT.  The random part keeps a
 * keeper that outlived its moat (it waits while the kernel empties the
 * cgroup) from ever removing the cgroup of a new moat with the same pid. */
static int cg_mkdir(const char *parent, char *out, size_t cap)
{
	static unsigned nonce;
	if (!nonce && getrandom(&nonce, sizeof nonce, 0) != sizeof nonce)
		nonce = (unsigned)time(NULL) ^ (unsigned)getpid() << 16;
	if (snprintf(out, cap, "%s/moat-%d-%08x", parent, (int)getpid(), nonce) >= (int)cap)
		return -ENAMETOOLONG;
	return mkdir(out, 0755) == 0 ? 0 : -errno;
}

/* Find or make the sandbox's cgroup directory for controller C.  Returns
 * its index in lim.dir, or -1 with the reason in why. */
static int cg_dir_for(int c, char *why, size_t cap)
{
	char own[PATH_MAX], parent[PATH_MAX];
	bool v2 = false;
	size_t mnt_len = 0;
	int r = own_cgroup(ctrl_name[c], own, sizeof own, &v2, &mnt_len);
	if (r < 0) {
		snprintf(why, cap, "no %s controller in /proc/self/cgroup and mountinfo",
			 ctrl_name[c]);
		return -1;
	}
	/* Co-mounted v1 controllers share a directory; in v2 a process is in
	 * one cgroup only, which must then carry both controllers. */
	for (size_t i = 0; i < lim.ndirs; i++) {
		struct cgdir *d = &lim.dir[i];
		if (v2 && d->v2 && !file_has(d->path, "cgroup.controllers", ctrl_name[c])) {
			snprintf(why, cap, "%s has no %s controller", d->path, ctrl_name[c]);
			return -1;
		}
		if (d->v2 == v2 && strcmp(d->parent, own) == 0) {
			d->ctrls |= 1u << c;
			return (int)i;
		}
	}

	struct cgdir *d = &lim.dir[lim.ndirs];
	snprintf(parent, sizeof parent, "%s", own);
	for (;;) {
		bool usable = true;
		if (v2) {
			char procs[PATH_MAX + 16];
			snprintf(procs, sizeof procs, "%s/cgroup.procs", parent);
			if (!file_has(parent, "cgroup.subtree_control", ctrl_name[c])) {
				usable = false;
				snprintf(why, cap, "%s: %s not in cgroup.subtree_control",
					 parent, ctrl_name[c]);
			} else if (access(procs, W_OK) < 0) {
				usable = false;
				snprintf(why, cap, "%s: %s", procs, strerror(errno));
			}
		}
		if (usable) {
			r = cg_mkdir(parent, d->path, sizeof d->path);
			if (r == 0)
				break;
			snprintf(why, cap, "creating %s: %s", d->path, strerror(-r));
		}
		/* v1 has no internal-process rule: an ancestor would not do
		 * better than our own cgroup.  v2: climb to the mount. */
		char *slash = strrchr(parent, '/');
		if (!v2 || !slash || (size_t)(slash - parent) < mnt_len)
			return -1;
		*slash = '\0';
	}
	snprintf(d->parent, sizeof d->parent, "%s", own);
	d->v2 = v2;
	d->ctrls = 1u << c;
	char procs[PATH_MAX + 16];
	snprintf(procs, sizeof procs, "%s/cgroup.procs", d->path);
	d->procs = open(procs, O_WRONLY | O_CLOEXEC);
	if (d->procs < 0) {
		snprintf(why, cap, "%s: %s", procs, strerror(errno));
		rmdir(d->path);
		return -1;
	}
	debug("created %s (cgroup v%d)", d->path, v2 ? 2 : 1);
	return (int)lim.ndirs++;
}

static int set_pids(struct cgdir *d, char *why, size_t cap)
{
	char v[32];
	snprintf(v, sizeof v, "%lu", lim.o->pids_max + CG_OWN_TASKS);
	int r = cg_write(d->path, "pids.max", v);
	if (r < 0)
		snprintf(why, cap, "%s/pids.max: %s", d->path, strerror(-r));
	return r;
}

/* Swap is off for the sandbox: memory.swap.max = 0 (v2), or v1's
 * memory+swap limit equal to the memory limit.  Either file is missing
 * when the kernel does not account swap, which is fine. */
static int set_memory(struct cgdir *d, char *why, size_t cap)
{
	char v[32];
	int r;
	snprintf(v, sizeof v, "%llu", lim.o->memory_max);
	const char *file = d->v2 ? "memory.max" : "memory.limit_in_bytes";
	if ((r = cg_write(d->path, file, v)) < 0) {
		snprintf(why, cap, "%s/%s: %s", d->path, file, strerror(-r));
		return r;
	}
	file = d->v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
	r = cg_write(d->path, file, d->v2 ? "0" : v);
	if (r < 0 && r != -ENOENT) {
		snprintf(why, cap, "%s/%s: %s", d->path, file, strerror(-r));
		return r;
	}
	return 0;
}

/* Before the sandbox starts (nothing is in the cgroup yet). */
static void cg_remove(struct cgdir *d)
{
	if (d->procs >= 0)
		close(d->procs);
	d->procs = -1;
	rmdir(d->path);
}

/* Use the cgroup for controller C, or say why not (and undo). */
static bool try_cgroup(int c, char *why, size_t cap)
{
	size_t before = lim.ndirs;
	int i = cg_dir_for(c, why, cap);
	if (i < 0)
		return false;
	struct cgdir *d = &lim.dir[i];
	if ((c == CG_PIDS ? set_pids : set_memory)(d, why, cap) == 0)
		return true;
	d->ctrls &= ~(1u << c);
	if (lim.ndirs > before) {
		cg_remove(d);
		lim.ndirs--;
	}
	return false;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	limits_finish();
	return -1;
}

/* An rlimit for the command: VALUE as given for OPT, plus OWN for what
 * the sandbox itself takes.  It must not exceed the hard limit moat
 * inherited: the guest cannot raise it (that takes CAP_SYS_RESOURCE in the
 * host's user namespace). */
static int add_rlimit(int resource, const char *name, rlim_t value, rlim_t own,
		      const char *opt, char *err, size_t errlen)
{
	struct rlimit cur;
	if (getrlimit(resource, &cur) < 0)
		return fail(err, errlen, "%s: getrlimit(%s): %s", opt, name, strerror(errno));
	if (cur.rlim_max != RLIM_INFINITY && value + own > cur.rlim_max)
		return fail(err, errlen, "%s %llu: above the hard %s moat runs under "
			    "(at most %llu here)", opt, (unsigned long long)value, name,
			    (unsigned long long)(cur.rlim_max > own ? cur.rlim_max - own : 0));
	lim.rl[lim.nrl++] = (struct rlim_set){ resource, name, value + own };
	debug("%s %llu in the command, before exec", name,
	      (unsigned long long)(value + own));
	return 0;
}

/* The keeper (see the top of this file): wait for the sentry's end, then
 * remove the cgroup directories once the kernel has emptied them. */
static _Noreturn void keeper_main(int pidfd)
{
	prctl(PR_SET_NAME, "moat-cgroup");
	if (dup2(pidfd, 3) < 0)
		_exit(1);
	close_range(4, ~0u, 0);
	if (chdir("/") < 0)
		_exit(1);
	struct pollfd p = { .fd = 3, .events = POLLIN };
	while (poll(&p, 1, -1) < 0 && errno == EINTR)
		;
	for (size_t i = 0; i < lim.ndirs; i++) {
		long waited = 0, step = 1;
		while (rmdir(lim.dir[i].path) < 0 && errno == EBUSY &&
		       waited < KEEPER_WAIT_MS) {
			nanosleep(&(struct timespec){ .tv_nsec = step * 1000000 }, NULL);
			waited += step;
			step = step < 64 ? step * 2 : step;
		}
	}
	_exit(0);
}

/* Fork the keeper twice removed, so that it is nobody's child in moat: not
 * reaped by the sentry's teardown (which waits for every child), not
 * killed with moat's process group or session. */
static int start_keeper(char *why, size_t cap)
{
	int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd < 0) {
		snprintf(why, cap, "pidfd_open: %s", strerror(errno));
		return -1;
	}
	pid_t mid = fork();
	if (mid == 0) {
		if (setsid() < 0)
			_exit(1);
		pid_t k = fork();
		if (k == 0) {
			int null = open("/dev/null", O_RDWR | O_CLOEXEC);
			if (null >= 0) {
				dup2(null, 0);
				dup2(null, 1);
				dup2(null, 2);
			}
			keeper_main(pidfd);
		}
		_exit(k < 0);
	}
	int st = 1, e = errno;
	close(pidfd);
	if (mid < 0 || waitpid(mid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		snprintf(why, cap, "starting the cgroup's keeper: %s",
			 mid < 0 ? strerror(e) : "it failed");
		return -1;
	}
	lim.keeper = true;
	return 0;
}

int limits_setup(const struct options *o, char *err, size_t errlen)
{
	char why[PATH_MAX + 128];

	limits_finish();
	memset(&lim, 0, sizeof lim);
	lim.o = o;
	if (o->pids_max && !try_cgroup(CG_PIDS, why, sizeof why)) {
		debug("pids: no cgroup: %s", why);
		/* copy_process() exempts the host's uid 0 from RLIMIT_NPROC. */
		if (geteuid() == 0)
			return fail(err, errlen, "--pids-max: no cgroup available (%s), "
				    "and RLIMIT_NPROC does not apply to root", why);
		if (add_rlimit(RLIMIT_NPROC, "RLIMIT_NPROC", o->pids_max, NPROC_OWN_TASKS,
			       "--pids-max", err, errlen) < 0)
			return -1;
		fputs("moat: --pids-max: no cgroup available, enforced with "
		      "RLIMIT_NPROC in the sandbox's user namespace\n", stderr);
	}
	if (o->memory_max && !try_cgroup(CG_MEMORY, why, sizeof why)) {
		debug("memory: no cgroup: %s", why);
		if (add_rlimit(RLIMIT_AS, "RLIMIT_AS", o->memory_max, 0, "--memory-max",
			       err, errlen) < 0)
			return -1;
		fputs("moat: --memory-max: no cgroup available, enforced with "
		      "RLIMIT_AS per process\n", stderr);
	}
	if (o->nofile && add_rlimit(RLIMIT_NOFILE, "RLIMIT_NOFILE", o->nofile, 0,
				    "--nofile", err, errlen) < 0)
		return -1;
	if (lim.ndirs && start_keeper(why, sizeof why) < 0)
		return fail(err, errlen, "%s", why);
	return 0;
}

void limits_close_setup_fds(void)
{
	for (size_t i = 0; i < lim.ndirs; i++)
		if (lim.dir[i].procs >= 0) {
			close(lim.dir[i].procs);
			lim.dir[i].procs = -1;
		}
}

void limits_enter_cgroup(int ctl)
{
	for (size_t i = 0; i < lim.ndirs; i++) {
		struct cgdir *d = &lim.dir[i];
		if (d->procs < 0)
			continue;
		if (write(d->procs, "0", 1) != 1)
			ctl_die(ctl, "joining the sandbox's cgroup %s: %s", d->path,
				strerror(errno));
		close(d->procs);
		d->procs = -1;
	}
}

void limits_apply_rlimits(int ctl)
{
	for (size_t i = 0; i < lim.nrl; i++) {
		struct rlimit rl = { lim.rl[i].value, lim.rl[i].value };
		if (setrlimit(lim.rl[i].resource, &rl) < 0)
			ctl_die(ctl, "setting %s: %s", lim.rl[i].name, strerror(errno));
	}
}

/* Did the sandbox reach its memory limit?  v2's "oom" counts this
 * cgroup's own limit.  v1 only tells that a task of the cgroup was
 * OOM-killed and that usage reached the limit (failcnt stays 0 on some
 * kernels once memsw is limited; the high-water mark does not). */
static bool hit_memory_limit(const struct cgdir *d)
{
	if (d->v2)
		return cg_read_key(d->path, "memory.events", "oom") > 0;
	return cg_read_key(d->path, "memory.oom_control", "oom_kill") > 0 &&
	       (cg_read_num(d->path, "memory.failcnt") > 0 ||
		cg_read_num(d->path, "memory.max_usage_in_bytes") >=
		cg_read_num(d->path, "memory.limit_in_bytes"));
}

void limits_finish(void)
{
	for (size_t i = 0; i < lim.ndirs; i++) {
		struct cgdir *d = &lim.dir[i];
		if ((d->ctrls & (1u << CG_MEMORY)) && hit_memory_limit(d))
			fprintf(stderr, "moat: the sandbox hit its memory limit "
				"(--memory-max %s)\n", lim.o->memory_max_arg);
		if ((d->ctrls & (1u << CG_PIDS)) &&
		    cg_read_key(d->path, "pids.events", "max") > 0)
			fprintf(stderr, "moat: the sandbox hit its process limit "
				"(--pids-max %lu)\n", lim.o->pids_max);
		/* Without a keeper this is still setup time: unconfined, and
		 * the cgroup is empty. */
		if (!lim.keeper)
			cg_remove(d);
	}
	lim.ndirs = 0;
}

size_t limits_cgroup_dirs(const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < lim.ndirs && n < max; i++)
		out[n++] = lim.dir[i].path;
	return n;
}
