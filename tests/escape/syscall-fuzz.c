/* syscall-fuzz: 100000 random syscalls with hostile arguments, from 8 threads.
 *
 * Not one way out but many at random: syscalls drawn from the PASS and
 * EMULATE rows of syscalls/table.def (the numbers and argument kinds come
 * from the table itself, syscalls/table.c), with arguments chosen by kind
 * and made hostile: NULL, unmapped, read-only, kernel-half and
 * non-canonical pointers, buffers that end at a guard page, huge and
 * negative lengths, garbage flags, random and closed fds, paths such as
 * "../../../../etc/shadow", the host secret's path, paths of PATH_MAX bytes
 * and paths without a NUL.  Eight threads call at once, and forked children
 * (killed after 250 ms) add more.  A sentry that dies, hangs, or leaves a
 * trapped call unanswered shows: a call never returns, or the sentry's and
 * the gofer's answers stop.
 *
 * Structure: a supervisor (the program's main process) runs one fuzzing
 * process per 10000 calls, each from a fresh fd table, working directory
 * and memory, and replaces one that dies (counted and reported).  It keeps
 * the verdict line to itself: a fuzzing process sends its own 0, 1 and 2 to
 * /dev/null, since random writes and dup2() calls may hit any of its fds.
 * A fuzzing process runs eight workers and a watchdog thread.  At the end
 * the supervisor restores the modes of "/", /dev and /tmp (chmod is one of
 * the calls) and checks that the sentry still answers (stat), the gofer
 * too (mkdir, create, write, read back, rename, unlink, rmdir), the host
 * secret stays out of reach, and the host's device nodes in /dev are
 * unchanged and cannot be changed (check_nodes()).  The harness then
 * checks the rest of the host.
 *
 * CONTAINED: all calls made and answered, and all of the above.  ESCAPED:
 * the secret was read, or a host device node changed or could be changed
 * (an early version of this program changed the host's /dev/null and
 * /dev/full through moat; see check_nodes()).  ERROR: the sentry or the
 * gofer stopped answering, a call never returned, or the calls did not
 * fit in the time.
 *
 * What the fuzzer must not do to itself, and how it avoids it (the
 * `rules` table below, one row per syscall that needs one):
 *  - end itself or hang forever: exit, exit_group, pause, vfork and
 *    rt_sigreturn are never called; signals that stop or kill go only to
 *    its own forked children (everyone else gets SIGURG, SIGWINCH,
 *    SIGCHLD, SIGCONT or the watchdog's SIGUSR1); the watchdog sends
 *    SIGUSR1 (a handler without SA_RESTART) to a worker whose call runs for
 *    more than 4 ms (40 ms for a trapped call), so every blocking call
 *    returns EINTR; sigmasks handed to the kernel (sigprocmask, ppoll,
 *    pselect6, epoll_pwait, io_pgetevents, sigsuspend) never block
 *    SIGUSR1, and a handler may be installed only for signals nothing
 *    sends; PI futex operations, which restart after a signal, get a
 *    timeout in the past;
 *  - damage its own memory: memory calls (munmap, mprotect, madvise,
 *    mremap, MAP_FIXED, shmat, brk, ...) only get addresses in a 64 MiB
 *    arena at 32 TiB, far from everything else, with lengths that stay
 *    near the arena or that the kernel refuses outright; every buffer the
 *    kernel may write is a per-thread buffer between guard pages, and no
 *    pointer the fuzzer makes up points anywhere else that is writable;
 *    arch_prctl only reads; rlimits that could kill (CPU) or shrink the
 *    stack are never set, and the watchdog's stack is grown beforehand;
 *  - run something: execve and execveat only get paths that cannot be
 *    executed (missing, directories, devices, bad pointers), never
 *    AT_EMPTY_PATH;
 *  - change the host through moat's /dev: mode, times and xattr changes
 *    of a device node get values that change nothing, and owners are only
 *    ever changed to the guest's own ids;
 *  - fill the machine: RLIMIT_FSIZE 1 MiB, RLIMIT_NOFILE 256, RLIMIT_AS
 *    2 GiB, at most 8 children at a time.
 *
 * Safety: this program makes random calls as whatever it runs as, so it
 * runs only inside a throwaway sandbox: SYSCALL_FUZZ_SANDBOX must be set
 * (the @moat line below sets it, the native baseline does not), and even
 * then it refuses to run in the host's pid namespace or the initial user
 * namespace.  Natively it makes no random call at all: it shows instead
 * that one of the paths it would use (the secret behind a '..' chain)
 * reaches the host, which is the escape the native baseline expects.
 *
 * By hand: SYSCALL_FUZZ_SEED seeds the choices (the threads' interleaving
 * is not repeatable), SYSCALL_FUZZ_CALLS runs longer, SYSCALL_FUZZ_STATS=1
 * prints calls and successes per syscall on stderr.
 *
 * @class kernel
 * @moat --rootfs {rootfs} --net none --env SYSCALL_FUZZ_SANDBOX=moat
 */
#include "common.h"

#include <mqueue.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/xattr.h>
#include <netinet/in.h>
#include <sys/un.h>
#include <linux/aio_abi.h>
#include <linux/futex.h>

#include "syscalls/table.h"

#define CALLS          100000   /* at least this many */
#define NWORKERS       8
#define DEADLINE_S     12.0     /* the harness gives a program 20 s */
#define STUCK_S        5.0      /* a call this old is a call never answered */
#define KICK_PASS_NS   4000000L /* watchdog: a call the kernel runs */
#define KICK_TRAP_NS   40000000L /* a call trapped to the sentry */
#define MAX_KIDS       8
#define KID_LIFE_NS    250000000L
#define KID_CALLS      20
#define GEN_CALLS      10000    /* then a fresh fuzzing process */
#define MAX_DEATHS     20       /* fuzzing processes that may die */

#define ARENA     ((uint64_t)0x200000000000)   /* 32 TiB */
#define ARENA_LEN ((uint64_t)64 << 20)
#define PAGE      4096UL
#define REGION    (16UL << 10)   /* one per pointer argument */
#define NREGIONS  8              /* 6 arguments, 2 for strings */
#define PRIV_LEN  (REGION * NREGIONS)
#define SIGWD     SIGUSR1

/* ------------------------------------------------------------------ */
/* State shared between the supervisor and the fuzzing process.        */

struct slot {
	atomic_int busy;
	atomic_int tid;
	atomic_long nr;
	_Atomic uint64_t start_ns, last_kick_ns;
	_Atomic uint64_t args[6];
};

struct shared {
	_Atomic uint64_t calls, trapped, succeeded, interrupted, forks;
	_Atomic uint64_t gen_target;    /* this process stops at that count */
	_Atomic uint64_t per_nr[SYS_TABLE_SIZE], per_nr_ok[SYS_TABLE_SIZE];
	atomic_int stop;
	atomic_int stuck;               /* a call that never returned */
	char why[200];                  /* why a fuzzing process failed */
	long stuck_nr;
	uint64_t stuck_args[6];
	double stuck_s;
	struct slot slots[NWORKERS];
};

static struct shared *S;

/* ------------------------------------------------------------------ */
/* What the fuzzing process sets up once and never changes again: made  */
/* read-only before the first random call.                              */

struct wctx;
typedef bool fix_fn(struct wctx *w, uint64_t a[6]);

#define MAX_FDS   48
#define MAX_PATHS 64
#define MAX_IDS   8

struct pools {
	long cand[SYS_TABLE_SIZE];
	int ncand;
	fix_fn *fix[SYS_TABLE_SIZE];
	long nr_fork;
	int fds[MAX_FDS];
	int nfds;
	const char *paths[MAX_PATHS];
	int npaths;
	const char *exec_paths[MAX_PATHS];
	int nexec;
	const char *strs[MAX_PATHS];
	int nstrs;
	int ipc_ids[MAX_IDS];
	int nipc;
	uint64_t aio_ctx[MAX_IDS];
	int naio;
	int timers[MAX_IDS];
	int ntimers;
	pid_t pid, ppid;
	uint64_t brk0;
	char *ro;                       /* a read-only page of strings */
	char text[3 * PAGE];            /* the strings themselves */
};

static struct pools *P;

/* One per worker (and one in a forked child). */
struct wctx {
	uint64_t rng;
	int idx;
	pid_t tid;
	bool in_child;
	unsigned char *buf;             /* PRIV_LEN bytes between guard pages */
	struct slot *slot;
};

static struct {
	atomic_int pid;
	_Atomic uint64_t t0;
} kids[MAX_KIDS];

static atomic_int go;           /* setup done: the workers may start */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t
rnd(struct wctx *w)
{
	/* xorshift64* */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 0x2545f4914f6cdd1dULL;
}

#define PICK(w, arr) ((arr)[rnd(w) % (sizeof(arr) / sizeof((arr)[0]))])

/* ------------------------------------------------------------------ */
/* Argument values.                                                    */

static const uint64_t bad_ptrs[] = {
	0, 1, 0xfff, 0xffff888000000000ULL, 0xffffffff81000000ULL,
	0xffffffffff600000ULL, 0x0000800000000000ULL, 0x8000000000000000ULL,
	0xdead000000000000ULL, ARENA - PAGE,
};

/* Pointers every access through which faults: the kernel half and
 * non-canonical addresses (not the vsyscall page, which may be readable). */
static const uint64_t fault_ptrs[] = {
	0xffff888000000000ULL, 0xffffffff81000000ULL, 0x0000800000000000ULL,
	0x8000000000000000ULL, 0xdead000000000000ULL,
};

static uint64_t
pick_int(struct wctx *w)
{
	static const uint64_t special[] = {
		0, 1, 2, 3, 4, 7, 8, 16, 64, 255, 256, 4095, 4096, 65535,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, (uint64_t)-1,
		(uint64_t)-2, (uint64_t)-4095, (uint64_t)-4096,
		(uint64_t)(int64_t)INT_MIN,
	};

	switch (rnd(w) % 6) {
	case 0:
	case 1:
		return PICK(w, special);
	case 2:
		return rnd(w) % 64;
	case 3:
		return (uint64_t)(int64_t)(int32_t)rnd(w);
	case 4:
		return rnd(w);
	default:
		return -(rnd(w) % 64);
	}
}

static uint64_t
pick_flags(struct wctx *w)
{
	switch (rnd(w) % 6) {
	case 0:
		return 0;
	case 1:
		return 1ULL << (rnd(w) % 32);
	case 2:
		return (1ULL << (rnd(w) % 32)) | (1ULL << (rnd(w) % 32));
	case 3:
		return rnd(w) & rnd(w) & 0xffffffff;
	case 4:
		return (uint64_t)-1;
	default:
		return rnd(w) % 16;
	}
}

/* Lengths for calls that do not act on memory mappings.  Every value in
 * the user address range is one where nothing of ours is mapped. */
static uint64_t
pick_size(struct wctx *w)
{
	static const uint64_t sizes[] = {
		0, 1, 2, 4, 8, 16, 24, 64, 128, 1024, 4096, REGION,
		PRIV_LEN, 65536, 1 << 20, 0x7fffffff, 0x80000000,
		0x100000000ULL, (uint64_t)-1, 0x7fffffffffffffffULL,
		(uint64_t)-4096,
	};

	switch (rnd(w) % 4) {
	case 0:
		return rnd(w) % 256;
	case 1:
		return rnd(w) % REGION;
	default:
		return PICK(w, sizes);
	}
}

static bool
in_buf(const struct wctx *w, uint64_t p, size_t n)
{
	uint64_t b = (uint64_t)(uintptr_t)w->buf;

	return p >= b && p <= b + PRIV_LEN && n <= b + PRIV_LEN - p;
}

/* A pointer without filling anything: for values inside structures. */
static uint64_t
pick_ptr_raw(struct wctx *w)
{
	uint64_t b = (uint64_t)(uintptr_t)w->buf;

	switch (rnd(w) % 8) {
	case 0:
		return PICK(w, bad_ptrs);
	case 1:
		return (uint64_t)(uintptr_t)P->ro + rnd(w) % PAGE;
	case 2:
		return ARENA + (rnd(w) % ARENA_LEN & ~7ULL);
	case 3:
		return b + PRIV_LEN - rnd(w) % 64;     /* runs into the guard */
	default:
		return b + (rnd(w) % PRIV_LEN & ~7ULL);
	}
}

/* Fill N bytes at P with one of a few kinds of content: zeros, random
 * bytes, small integers, pointer/length pairs (iovec-like), all ones,
 * small valid timespecs, an argv-like array of strings. */
static void
fill(struct wctx *w, unsigned char *p, size_t n)
{
	uint64_t *q = (uint64_t *)(void *)p;
	size_t words = n / 8;

	switch (rnd(w) % 8) {
	case 0:
		memset(p, 0, n);
		break;
	case 1:
		for (size_t i = 0; i < words; i++)
			q[i] = rnd(w);
		break;
	case 2:
		for (size_t i = 0; i < words; i++)
			q[i] = (rnd(w) % 64) | (rnd(w) % 64) << 32;
		break;
	case 3:
		for (size_t i = 0; i + 1 < words; i += 2) {
			q[i] = pick_ptr_raw(w);
			q[i + 1] = pick_size(w);
		}
		break;
	case 4:
		memset(p, 0xff, n);
		break;
	case 5:
		for (size_t i = 0; i + 1 < words; i += 2) {
			q[i] = rnd(w) % 3;
			q[i + 1] = rnd(w) % 1000000;
		}
		break;
	case 6:
		for (size_t i = 0; i < words; i++)
			q[i] = P->npaths ? (uint64_t)(uintptr_t)
				P->paths[rnd(w) % P->npaths] : 0;
		if (words)
			q[rnd(w) % words] = 0;
		break;
	default:
		for (size_t i = 0; i < words; i++)
			q[i] = pick_int(w) & 0xffffffff;
		break;
	}
}

/* A pointer argument: mostly region R of the thread's buffer, filled. */
static uint64_t
pick_ptr(struct wctx *w, int r)
{
	unsigned char *p;

	if (rnd(w) % 4 == 0)
		return pick_ptr_raw(w);
	p = w->buf + (size_t)r * REGION;
	fill(w, p, rnd(w) % 8 ? 256 : 4096);
	return (uint64_t)(uintptr_t)p;
}

static uint64_t
pick_fd(struct wctx *w)
{
	static const int64_t odd[] = {
		-1, AT_FDCWD, 0, 1, 2, 255, 256, 1023, 1024, INT_MAX, INT_MIN,
	};

	switch (rnd(w) % 8) {
	case 0:
		return (uint64_t)PICK(w, odd);
	case 1:
		return rnd(w) % 300;
	case 2:
		/* High bits the kernel drops when it takes an int. */
		return (rnd(w) << 32) | (uint32_t)P->fds[rnd(w) % P->nfds];
	default:
		return (uint64_t)(int64_t)P->fds[rnd(w) % P->nfds];
	}
}

/* Pids for calls that only look or send a harmless signal. */
static uint64_t
pick_pid(struct wctx *w)
{
	switch (rnd(w) % 10) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)-1;
	case 2:
		return (uint64_t)P->pid;
	case 3:
		return (uint64_t)w->tid;
	case 4:
		return (uint64_t)atomic_load(&S->slots[rnd(w) % NWORKERS].tid);
	case 5:
		return (uint64_t)P->ppid;
	case 6:
		return 1;
	case 7:
		return (uint64_t)(int64_t)-(int64_t)P->pid;
	case 8:
		return PICK(w, ((const uint64_t[]){ 999999, INT_MAX, 
			(uint64_t)(int64_t)INT_MIN, 1ULL << 32 }));
	default:
		return (uint64_t)atomic_load(&kids[rnd(w) % MAX_KIDS].pid);
	}
}

/* Pids for calls that change a task (priority, policy, affinity,
 * limits): the caller itself or one of its children only. */
static uint64_t
pick_own_pid(struct wctx *w)
{
	switch (rnd(w) % 5) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)w->tid;
	case 2:
		return (uint64_t)atomic_load(&kids[rnd(w) % MAX_KIDS].pid);
	case 3:
		return 999999;
	default:
		return (uint64_t)-1;
	}
}

static bool
is_kid(uint64_t pid)
{
	if ((int64_t)pid <= 0 || pid > INT_MAX)
		return false;
	for (int i = 0; i < MAX_KIDS; i++)
		if (atomic_load(&kids[i].pid) == (int)pid)
			return true;
	return false;
}

/* Signals that may go anywhere: ignored by default, or the watchdog's. */
static uint64_t
safe_sig(struct wctx *w)
{
	static const int sigs[] = { 0, SIGURG, SIGWINCH, SIGCHLD, SIGCONT, SIGWD };

	return (uint64_t)PICK(w, sigs);
}

static uint64_t
any_sig(struct wctx *w)
{
	return rnd(w) % 8 ? rnd(w) % 66 : pick_int(w);
}

/* A path: from the pool (fixed hostile paths, the scratch tree's names,
 * the host's secret and directory), composed of hostile components, of
 * PATH_MAX bytes or more, without a NUL before a guard page, or a bad
 * pointer.  Composed ones are written into region R. */
static uint64_t
gen_path(struct wctx *w, int r)
{
	static const char *const comps[] = {
		".", "..", "f", "d", "g", "l", "loop", "up", "x", "fifo", "sock",
		"new", "etc", "shadow", "tmp", "proc", "self", "root", "",
		"\xff\xfe", "a b", "*", "\n",
	};
	char *p = (char *)w->buf + (size_t)r * REGION;
	size_t n = 0;

	switch (rnd(w) % 20) {
	case 0:
		return PICK(w, bad_ptrs);
	case 1:
		/* PATH_MAX - 1 bytes: the longest the kernel takes. */
		for (n = 0; n < PATH_MAX - 1; n++)
			p[n] = n % 2 ? '/' : 'd';
		p[n] = '\0';
		return (uint64_t)(uintptr_t)p;
	case 2:
		/* Longer than PATH_MAX, NUL-terminated. */
		memset(p, 'a', PATH_MAX + 100);
		p[PATH_MAX + 100] = '\0';
		return (uint64_t)(uintptr_t)p;
	case 3:
		/* No NUL before the guard page. */
		p = (char *)w->buf + PRIV_LEN - 300;
		memset(p, 'a', 300);
		return (uint64_t)(uintptr_t)p;
	case 4:
		/* A component over NAME_MAX. */
		memset(p, 'n', 300);
		p[300] = '\0';
		return (uint64_t)(uintptr_t)p;
	case 5:
	case 6:
	case 7:
	case 8: {
		int k = 1 + (int)(rnd(w) % 6);

		if (rnd(w) % 3 == 0)
			p[n++] = '/';
		for (int i = 0; i < k; i++) {
			const char *c = PICK(w, comps);
			size_t cl = strlen(c);

			memcpy(p + n, c, cl);
			n += cl;
			if (i + 1 < k) {
				p[n++] = '/';
				if (rnd(w) % 8 == 0)
					p[n++] = '/';
			}
		}
		p[n] = '\0';
		return (uint64_t)(uintptr_t)p;
	}
	default:
		return (uint64_t)(uintptr_t)P->paths[rnd(w) % P->npaths];
	}
}

static uint64_t
gen_str(struct wctx *w, int r)
{
	if (rnd(w) % 2)
		return (uint64_t)(uintptr_t)P->strs[rnd(w) % P->nstrs];
	return gen_path(w, r);
}

static uint64_t
gen_arg(struct wctx *w, enum arg_kind k, int i)
{
	switch (k) {
	case ARG_FD:
		return pick_fd(w);
	case ARG_DIRFD:
		return rnd(w) % 3 ? pick_fd(w) : (uint64_t)(int64_t)AT_FDCWD;
	case ARG_PATH:
		return gen_path(w, i);
	case ARG_STR:
		return gen_str(w, i);
	case ARG_PTR:
	case ARG_BUF:
	case ARG_OUTBUF:
	case ARG_ADDR:
		return pick_ptr(w, i);
	case ARG_SIZE:
		return pick_size(w);
	case ARG_OFLAGS: {
		static const uint64_t bits[] = {
			O_CREAT, O_EXCL, O_NOCTTY, O_TRUNC, O_APPEND, O_DSYNC,
			O_DIRECT, O_DIRECTORY, O_NOFOLLOW, O_NOATIME, O_CLOEXEC,
			O_SYNC, O_PATH, O_TMPFILE, 1ULL << 31, 1ULL << 40,
		};
		uint64_t f = rnd(w) % 4;

		for (int j = (int)(rnd(w) % 4); j > 0; j--)
			f |= PICK(w, bits);
		if (rnd(w) % 2)
			f |= O_NONBLOCK;
		return rnd(w) % 16 ? f : pick_flags(w);
	}
	case ARG_MODE: {
		static const uint64_t types[] = {
			0, 0, 0, S_IFREG, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK,
			S_IFDIR, S_IFLNK, 0xf000,
		};

		return (rnd(w) % 010000) | PICK(w, types);
	}
	case ARG_ATFLAGS: {
		static const uint64_t bits[] = {
			AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR, AT_SYMLINK_FOLLOW,
			AT_NO_AUTOMOUNT, AT_EMPTY_PATH, AT_EACCESS, 0x8000,
			AT_STATX_FORCE_SYNC, AT_STATX_DONT_SYNC, 1ULL << 31,
		};
		uint64_t f = 0;

		for (int j = (int)(rnd(w) % 3); j > 0; j--)
			f |= PICK(w, bits);
		return rnd(w) % 16 ? f : pick_flags(w);
	}
	case ARG_SIGNUM:
		return any_sig(w);
	case ARG_PID:
		return pick_pid(w);
	case ARG_UID:
		return PICK(w, ((const uint64_t[]){ 0, 1, 1000, 65534,
			(uint64_t)-1, 0xffffffff, 0x100000000ULL }));
	case ARG_HEX:
		return pick_flags(w);
	case ARG_INT:
	case ARG_UINT:
		return pick_int(w);
	case ARG_NA:
	default:
		return rnd(w);
	}
}

/* ------------------------------------------------------------------ */
/* Per-call rules: what keeps a call from hurting the fuzzer itself.    */

/* An address for a call that changes mappings: in the arena (where
 * nothing else is), unaligned, or one the kernel refuses. */
static uint64_t
mem_addr(struct wctx *w)
{
	switch (rnd(w) % 10) {
	case 0:
		return 0;
	case 1:
		return PICK(w, fault_ptrs);
	case 2:
		return ARENA + rnd(w) % ARENA_LEN;     /* unaligned */
	default:
		return ARENA + (rnd(w) % ARENA_LEN & ~(PAGE - 1));
	}
}

/* A length for such a call: within reach of the arena's end, or one the
 * kernel rejects before it walks anything (WALK: one that walks mappings
 * only until the first hole, which the arena is surrounded by). */
static uint64_t
mem_len(struct wctx *w, bool walk)
{
	static const uint64_t lens[] = {
		0, 1, 4095, PAGE, 2 * PAGE, 65536, 1 << 20, ARENA_LEN / 2,
		ARENA_LEN, ARENA_LEN + PAGE, (uint64_t)-1, (uint64_t)-PAGE,
	};

	if (walk && rnd(w) % 8 == 0)
		return rnd(w) % 2 ? 1ULL << 47 : 1ULL << 63;
	return PICK(w, lens);
}

static void
mem_range(struct wctx *w, uint64_t *addr, uint64_t *len, bool walk)
{
	*addr = mem_addr(w);
	*len = mem_len(w, walk);
	/* From page 0, no length ends in an overflow the kernel refuses:
	 * madvise(0, -4096) walks every mapping there is.  The binary
	 * starts at 4 MiB. */
	if (*addr < ARENA && *len > 65536)
		*len = PAGE;
}

static bool
fix_mem_walk(struct wctx *w, uint64_t a[6])
{
	mem_range(w, &a[0], &a[1], true);
	return true;
}

/* madvise() applies to every mapping in the range, holes or not. */
static bool
fix_madvise(struct wctx *w, uint64_t a[6])
{
	static const uint64_t advice[] = {
		MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED,
		MADV_DONTNEED, MADV_FREE, MADV_REMOVE, MADV_DONTFORK,
		MADV_DOFORK, MADV_MERGEABLE, MADV_HUGEPAGE, MADV_NOHUGEPAGE,
		MADV_DONTDUMP, MADV_WIPEONFORK, MADV_COLD, MADV_PAGEOUT,
		22 /* POPULATE_READ */, 23 /* POPULATE_WRITE */, 25 /* COLLAPSE */,
		102 /* GUARD_INSTALL */, 103 /* GUARD_REMOVE */, 100, 12345,
	};

	mem_range(w, &a[0], &a[1], false);
	a[2] = rnd(w) % 8 ? PICK(w, advice) : pick_int(w);
	return true;
}

static bool
fix_mmap(struct wctx *w, uint64_t a[6])
{
	static const uint64_t bits[] = {
		MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_NORESERVE,
		MAP_POPULATE, MAP_GROWSDOWN, MAP_32BIT, MAP_LOCKED, MAP_HUGETLB,
		MAP_STACK, MAP_SYNC, MAP_NONBLOCK, 0x4000000 /* UNINITIALIZED */,
	};
	uint64_t f = PICK(w, ((const uint64_t[]){ MAP_PRIVATE, MAP_SHARED,
		MAP_SHARED_VALIDATE, 0 }));

	mem_range(w, &a[0], &a[1], true);
	for (int j = (int)(rnd(w) % 4); j > 0; j--)
		f |= PICK(w, bits);
	a[2] = rnd(w) % 4 ? rnd(w) % 8 : pick_flags(w);
	a[3] = rnd(w) % 16 ? f : pick_flags(w);
	a[5] = rnd(w) % 4 ? (rnd(w) % 4) * PAGE : pick_int(w);
	return true;
}

static bool
fix_mremap(struct wctx *w, uint64_t a[6])
{
	mem_range(w, &a[0], &a[1], true);
	a[2] = mem_len(w, true);
	a[3] = rnd(w) % 8 ? rnd(w) % 8 : pick_flags(w);  /* MAYMOVE|FIXED|DONTUNMAP */
	a[4] = mem_addr(w);
	/* MREMAP_FIXED unmaps the whole target first, even at 0 where the
	 * move then fails: the binary is at 4 MiB. */
	if (a[4] < ARENA && a[2] > 65536)
		a[2] = PAGE;
	return true;
}

static bool
fix_shmat(struct wctx *w, uint64_t a[6])
{
	if (P->nipc && rnd(w) % 2)
		a[0] = (uint64_t)P->ipc_ids[rnd(w) % P->nipc];
	a[1] = mem_addr(w);
	return true;
}

static bool
fix_shmdt(struct wctx *w, uint64_t a[6])
{
	a[0] = mem_addr(w);
	return true;
}

static bool
fix_shmget(struct wctx *w, uint64_t a[6])
{
	a[1] = mem_len(w, false);
	return true;
}

/* Never below the break the fuzzer started with: that is its heap. */
static bool
fix_brk(struct wctx *w, uint64_t a[6])
{
	switch (rnd(w) % 4) {
	case 0:
		a[0] = rnd(w) % 2;
		break;
	case 1:
		a[0] = PICK(w, fault_ptrs);
		break;
	default:
		a[0] = P->brk0 + rnd(w) % (16 << 20);
		break;
	}
	return true;
}

/* Reads only: setting FS or GS, CPUID faulting, the vDSO or a shadow
 * stack would pull the floor from under the fuzzer itself. */
static bool
fix_arch_prctl(struct wctx *w, uint64_t a[6])
{
	static const uint64_t codes[] = {
		0x1003 /* GET_FS */, 0x1004 /* GET_GS */, 0x1011 /* GET_CPUID */,
		0x1021 /* GET_XCOMP_SUPP */, 0x1022 /* GET_XCOMP_PERM */,
		0x1023 /* REQ_XCOMP_PERM */, 0x1024, 0x1025,
		0x4001 /* GET_UNTAG_MASK */, 0x4003 /* GET_MAX_TAG_BITS */,
		0x5005 /* SHSTK_STATUS */, 0, 0x1000, 0x1fff, 0xffffffff,
	};

	a[0] = PICK(w, codes);
	return true;
}

/* Key 0 is every page's key: freed and reallocated without access, it
 * would make all of the fuzzer's memory inaccessible (with PKU). */
static bool
fix_pkey_free(struct wctx *w, uint64_t a[6])
{
	if ((int)a[0] == 0)
		a[0] = 1 + rnd(w) % 15;
	return true;
}

static bool
fix_pkey_alloc(struct wctx *w, uint64_t a[6])
{
	(void)w;
	a[1] = 0;       /* no access restriction on the new key */
	return true;
}

/* Handlers only for signals that nothing ever sends. */
static bool
fix_sigaction(struct wctx *w, uint64_t a[6])
{
	int sig = (int)a[0];
	bool free_sig = sig == SIGUSR2 || sig == SIGSTKFLT || sig == SIGPWR ||
			(sig >= SIGRTMIN + 4 && sig <= SIGRTMAX);

	/* Others: only ask (NULL), or hand a struct the kernel cannot read. */
	if (!free_sig)
		a[1] = rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	return true;
}

/* A sigset the kernel will use as a mask: never with the watchdog's.
 * Only one in the thread's own buffer can be checked; anything else (the
 * arena holds whatever calls read into it) becomes NULL or a fault. */
static uint64_t
unblock_wd(struct wctx *w, uint64_t p)
{
	uint64_t set;

	if (!in_buf(w, p, sizeof set))
		return rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	memcpy(&set, (void *)(uintptr_t)p, sizeof set);
	set &= ~(1ULL << (SIGWD - 1));
	memcpy((void *)(uintptr_t)p, &set, sizeof set);
	return p;
}

/* struct { const sigset_t *ss; size_t len; } of pselect6/io_pgetevents */
static uint64_t
unblock_wd_indirect(struct wctx *w, uint64_t p)
{
	uint64_t pair[2];

	if (!in_buf(w, p, sizeof pair))
		return rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	memcpy(pair, (void *)(uintptr_t)p, sizeof pair);
	if (in_buf(w, pair[0], 8) && (pair[0] + 8 <= p || pair[0] >= p + 16))
		pair[0] = unblock_wd(w, pair[0]);
	else
		pair[0] = rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	memcpy((void *)(uintptr_t)p, pair, sizeof pair);
	return p;
}

static bool
fix_mask0(struct wctx *w, uint64_t a[6])
{
	a[0] = unblock_wd(w, a[0]);
	return true;
}

static bool
fix_mask1(struct wctx *w, uint64_t a[6])
{
	a[1] = unblock_wd(w, a[1]);
	return true;
}

static bool
fix_mask3(struct wctx *w, uint64_t a[6])
{
	a[3] = unblock_wd(w, a[3]);
	return true;
}

static bool
fix_mask4(struct wctx *w, uint64_t a[6])
{
	a[4] = unblock_wd(w, a[4]);
	return true;
}

static bool
fix_mask5_indirect(struct wctx *w, uint64_t a[6])
{
	a[5] = unblock_wd_indirect(w, a[5]);
	return true;
}

static bool
fix_io_pgetevents(struct wctx *w, uint64_t a[6])
{
	if (P->naio && rnd(w) % 2)
		a[0] = P->aio_ctx[rnd(w) % P->naio];
	a[5] = unblock_wd_indirect(w, a[5]);
	return true;
}

/* kill(pid, sig), tkill(tid, sig), rt_sigqueueinfo(pid, sig, info) */
static bool
fix_kill(struct wctx *w, uint64_t a[6])
{
	a[1] = is_kid(a[0]) ? any_sig(w) : safe_sig(w);
	return true;
}

/* tgkill(tgid, tid, sig), rt_tgsigqueueinfo(tgid, tid, sig, info) */
static bool
fix_tgkill(struct wctx *w, uint64_t a[6])
{
	if (rnd(w) % 4 == 0)
		a[1] = a[0];
	a[2] = is_kid(a[0]) ? any_sig(w) : safe_sig(w);
	return true;
}

static bool
fix_pidfd_send_signal(struct wctx *w, uint64_t a[6])
{
	a[1] = safe_sig(w);
	return true;
}

/* struct sigevent: value, signo, notify, tid.  The signal of a timer or
 * a message queue is one of the harmless ones; a sigevent outside the
 * thread's buffer (whatever the arena holds) becomes NULL or a fault. */
static uint64_t
safe_sigevent(struct wctx *w, uint64_t p)
{
	unsigned char *e = (unsigned char *)(uintptr_t)p;
	int signo = (int)safe_sig(w), notify, tid = w->tid;

	if (!in_buf(w, p, 64))
		return rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	if (rnd(w) % 8 == 0)
		signo = 65 + (int)(rnd(w) % 100);       /* invalid */
	notify = PICK(w, ((const int[]){ SIGEV_SIGNAL, SIGEV_NONE,
		SIGEV_THREAD, SIGEV_THREAD_ID, 7 }));
	if (rnd(w) % 4 == 0)
		tid = (int)pick_pid(w);
	memcpy(e + 8, &signo, 4);
	memcpy(e + 12, &notify, 4);
	memcpy(e + 16, &tid, 4);
	return p;
}

static bool
fix_timer_create(struct wctx *w, uint64_t a[6])
{
	a[1] = safe_sigevent(w, a[1]);
	return true;
}

static bool
fix_mq_notify(struct wctx *w, uint64_t a[6])
{
	a[1] = safe_sigevent(w, a[1]);
	return true;
}

static bool
protected_rlimit(int res)
{
	return res == RLIMIT_CPU || res == RLIMIT_STACK || res == RLIMIT_RTTIME;
}

static bool
fix_setrlimit(struct wctx *w, uint64_t a[6])
{
	a[0] = rnd(w) % 8 ? rnd(w) % RLIM_NLIMITS : pick_int(w);
	if (protected_rlimit((int)a[0]))
		a[1] = PICK(w, fault_ptrs);
	return true;
}

static bool
fix_prlimit64(struct wctx *w, uint64_t a[6])
{
	a[0] = pick_own_pid(w);
	if (rnd(w) % 3 == 0)
		a[0] = (uint64_t)P->pid;
	a[1] = rnd(w) % 8 ? rnd(w) % RLIM_NLIMITS : pick_int(w);
	if (protected_rlimit((int)a[1]) && !is_kid(a[0]))
		a[2] = rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	return true;
}

static bool
fix_own_pid0(struct wctx *w, uint64_t a[6])
{
	a[0] = pick_own_pid(w);
	return true;
}

/* setpriority(which, who, prio), ioprio_set(which, who, prio) */
static bool
fix_own_pid1(struct wctx *w, uint64_t a[6])
{
	a[0] = rnd(w) % 4;
	a[1] = pick_own_pid(w);
	return true;
}

/* The PI operations restart after a signal: they get a timeout that has
 * passed, or one the kernel cannot read. */
static bool
fix_futex(struct wctx *w, uint64_t a[6])
{
	unsigned cmd;

	if (rnd(w) % 4)
		a[1] = (rnd(w) % 14) | (rnd(w) % 2 ? FUTEX_PRIVATE_FLAG : 0) |
		       (rnd(w) % 4 ? 0 : FUTEX_CLOCK_REALTIME);
	cmd = (unsigned)a[1] & 0x7f;
	if (cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
	    cmd == FUTEX_WAIT_REQUEUE_PI) {
		unsigned char *t = w->buf + 3 * REGION;

		memset(t, 0, 16);
		a[3] = rnd(w) % 4 ? (uint64_t)(uintptr_t)t : PICK(w, fault_ptrs);
	}
	return true;
}

/* semctl's fourth argument is a pointer for IPC_STAT, GETALL, ... */
static bool
fix_semctl(struct wctx *w, uint64_t a[6])
{
	if (P->nipc && rnd(w) % 2)
		a[0] = (uint64_t)P->ipc_ids[rnd(w) % P->nipc];
	a[3] = pick_ptr(w, 3);
	return true;
}

static bool
fix_ipc_id(struct wctx *w, uint64_t a[6])
{
	if (P->nipc && rnd(w) % 2)
		a[0] = (uint64_t)P->ipc_ids[rnd(w) % P->nipc];
	return true;
}

static bool
fix_aio_ctx(struct wctx *w, uint64_t a[6])
{
	if (P->naio && rnd(w) % 2)
		a[0] = P->aio_ctx[rnd(w) % P->naio];
	return true;
}

static bool
fix_timer_id(struct wctx *w, uint64_t a[6])
{
	if (P->ntimers && rnd(w) % 2)
		a[0] = (uint64_t)P->timers[rnd(w) % P->ntimers];
	return true;
}

/* Paths that can never be executed: a successful exec would replace the
 * fuzzer (and a failure after the point of no return would kill it). */
static bool
fix_execve(struct wctx *w, uint64_t a[6])
{
	a[0] = (uint64_t)(uintptr_t)P->exec_paths[rnd(w) % P->nexec];
	return true;
}

static bool
fix_execveat(struct wctx *w, uint64_t a[6])
{
	a[1] = (uint64_t)(uintptr_t)P->exec_paths[rnd(w) % P->nexec];
	a[4] &= ~(uint64_t)AT_EMPTY_PATH;
	return true;
}

/* Attribute changes (mode, times, xattrs) of a device node: the
 * sandbox's /dev nodes are the host's own, and a sentry that lets the
 * guest change them changes the host (it did: see the end checks).  The
 * fuzzer never does that itself: for a target that is a device node its
 * values change nothing (the same mode, UTIME_OMIT, an xattr name devices
 * refuse), and the end checks probe the same door without harm.  The
 * target is looked at just before the call: a racing dup2() or rename
 * could still slip through, which the end checks would see and undo. */
static bool
device_at(uint64_t dirfd, uint64_t path, int flags, struct stat *st)
{
	long r;

	if (path == 0)
		r = syscall(SYS_fstat, (int)dirfd, st);
	else
		r = syscall(SYS_newfstatat, (int)dirfd, path, st,
			    AT_EMPTY_PATH | flags);
	return r == 0 && (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode));
}

/* Followed or not: whichever way the call takes the path. */
static bool
device_target(uint64_t dirfd, uint64_t path, struct stat *st)
{
	return device_at(dirfd, path, 0, st) ||
	       (path && device_at(dirfd, path, AT_SYMLINK_NOFOLLOW, st));
}

static const char harmless_xattr[] = "user.syscall-fuzz";

/* chmod(path, mode), fchmodat(dirfd, path, mode[, flags]), fchmod(fd, mode) */
static bool
fix_chmod(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	(void)w;
	if (device_target((uint64_t)(int64_t)AT_FDCWD, a[0], &st))
		a[1] = st.st_mode & 07777;
	return true;
}

static bool
fix_fchmodat(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	(void)w;
	if (device_target(a[0], a[1], &st))
		a[2] = st.st_mode & 07777;
	return true;
}

static bool
fix_fchmod(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	(void)w;
	if (device_target(a[0], 0, &st))
		a[1] = st.st_mode & 07777;
	return true;
}

/* Owners: only the guest's own ids (0) or -1, for every target.  Looking
 * first is not enough here: another thread may dup2() a device onto the
 * fd, or a symlink onto the path, in between, and a sentry that chowns
 * with its own privileges (as one did) would give the host's node away.
 * Changing to one's own ids needs no capability, so nothing is lost that
 * the conformance suite does not ask about. */
static uint64_t
own_id(struct wctx *w)
{
	return rnd(w) % 2 ? 0 : (uint32_t)-1;
}

/* chown/lchown(path, uid, gid), fchown(fd, uid, gid) */
static bool
fix_chown(struct wctx *w, uint64_t a[6])
{
	a[1] = own_id(w);
	a[2] = own_id(w);
	return true;
}

/* fchownat(dirfd, path, uid, gid, flags) */
static bool
fix_fchownat(struct wctx *w, uint64_t a[6])
{
	a[2] = own_id(w);
	a[3] = own_id(w);
	return true;
}

/* utime(path, times), utimes(path, times): no "omit" there */
static bool
fix_utime(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	if (device_target((uint64_t)(int64_t)AT_FDCWD, a[0], &st))
		a[1] = PICK(w, fault_ptrs);
	return true;
}

/* futimesat(dirfd, path, times): a NULL path is the fd itself */
static bool
fix_futimesat(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	if (device_target(a[0], a[1], &st))
		a[2] = PICK(w, fault_ptrs);
	return true;
}

/* utimensat(dirfd, path, times, flags) */
static bool
fix_utimensat(struct wctx *w, uint64_t a[6])
{
	struct stat st;
	struct timespec *ts = (struct timespec *)(void *)(w->buf + 2 * REGION);

	if (device_target(a[0], a[1], &st)) {
		ts[0] = ts[1] = (struct timespec){ 0, UTIME_OMIT };
		a[2] = (uint64_t)(uintptr_t)ts;
	}
	return true;
}

/* setxattr/lsetxattr/removexattr/lremovexattr(path, name, ...) */
static bool
fix_xattr(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	(void)w;
	if (device_target((uint64_t)(int64_t)AT_FDCWD, a[0], &st))
		a[1] = (uint64_t)(uintptr_t)harmless_xattr;
	return true;
}

/* fsetxattr/fremovexattr(fd, name, ...) */
static bool
fix_fxattr(struct wctx *w, uint64_t a[6])
{
	struct stat st;

	(void)w;
	if (device_target(a[0], 0, &st))
		a[1] = (uint64_t)(uintptr_t)harmless_xattr;
	return true;
}

/* A range up to INT_MAX closes every fd the pool holds at once: mostly a
 * few fds, sometimes all. */
static bool
fix_close_range(struct wctx *w, uint64_t a[6])
{
	if (rnd(w) % 8)
		a[1] = (uint32_t)a[0] + rnd(w) % 4;
	return true;
}

/* Each thread's alternate signal stack carries the crash report: the
 * fuzzer only asks what it is. */
static bool
fix_sigaltstack(struct wctx *w, uint64_t a[6])
{
	a[0] = rnd(w) % 2 ? 0 : PICK(w, fault_ptrs);
	return true;
}

static const struct rule {
	const char *name;
	fix_fn *fix;    /* NULL: never called */
} rules[] = {
	{ "exit", NULL },               /* ends the calling thread */
	{ "exit_group", NULL },         /* ends the fuzzer */
	{ "pause", NULL },              /* waits for a signal, forever */
	{ "vfork", NULL },              /* suspends the caller until exec */
	{ "rt_sigreturn", NULL },       /* loads registers from a garbage frame */
	{ "execve", fix_execve },
	{ "execveat", fix_execveat },
	{ "mmap", fix_mmap },
	{ "mprotect", fix_mem_walk },
	{ "munmap", fix_mem_walk },
	{ "mremap", fix_mremap },
	{ "madvise", fix_madvise },
	{ "msync", fix_mem_walk },
	{ "mincore", fix_mem_walk },
	{ "mlock", fix_mem_walk },
	{ "munlock", fix_mem_walk },
	{ "mlock2", fix_mem_walk },
	{ "remap_file_pages", fix_mem_walk },
	{ "mbind", fix_mem_walk },
	{ "pkey_mprotect", fix_mem_walk },
	{ "set_mempolicy_home_node", fix_mem_walk },
	{ "mseal", fix_mem_walk },
	{ "map_shadow_stack", fix_mem_walk },
	{ "shmat", fix_shmat },
	{ "shmdt", fix_shmdt },
	{ "shmget", fix_shmget },
	{ "brk", fix_brk },
	{ "arch_prctl", fix_arch_prctl },
	{ "pkey_free", fix_pkey_free },
	{ "pkey_alloc", fix_pkey_alloc },
	{ "rt_sigaction", fix_sigaction },
	{ "rt_sigprocmask", fix_mask1 },
	{ "rt_sigsuspend", fix_mask0 },
	{ "ppoll", fix_mask3 },
	{ "epoll_pwait", fix_mask4 },
	{ "epoll_pwait2", fix_mask4 },
	{ "pselect6", fix_mask5_indirect },
	{ "io_pgetevents", fix_io_pgetevents },
	{ "kill", fix_kill },
	{ "tkill", fix_kill },
	{ "rt_sigqueueinfo", fix_kill },
	{ "tgkill", fix_tgkill },
	{ "rt_tgsigqueueinfo", fix_tgkill },
	{ "pidfd_send_signal", fix_pidfd_send_signal },
	{ "timer_create", fix_timer_create },
	{ "mq_notify", fix_mq_notify },
	{ "setrlimit", fix_setrlimit },
	{ "prlimit64", fix_prlimit64 },
	{ "sched_setscheduler", fix_own_pid0 },
	{ "sched_setparam", fix_own_pid0 },
	{ "sched_setattr", fix_own_pid0 },
	{ "sched_setaffinity", fix_own_pid0 },
	{ "setpriority", fix_own_pid1 },
	{ "ioprio_set", fix_own_pid1 },
	{ "futex", fix_futex },
	{ "semctl", fix_semctl },
	{ "shmctl", fix_ipc_id },
	{ "semop", fix_ipc_id },
	{ "semtimedop", fix_ipc_id },
	{ "msgsnd", fix_ipc_id },
	{ "msgrcv", fix_ipc_id },
	{ "msgctl", fix_ipc_id },
	{ "io_destroy", fix_aio_ctx },
	{ "io_getevents", fix_aio_ctx },
	{ "io_submit", fix_aio_ctx },
	{ "io_cancel", fix_aio_ctx },
	{ "timer_settime", fix_timer_id },
	{ "timer_gettime", fix_timer_id },
	{ "timer_getoverrun", fix_timer_id },
	{ "timer_delete", fix_timer_id },
	{ "close_range", fix_close_range },
	{ "sigaltstack", fix_sigaltstack },
	{ "chmod", fix_chmod },
	{ "fchmod", fix_fchmod },
	{ "fchmodat", fix_fchmodat },
	{ "fchmodat2", fix_fchmodat },
	{ "chown", fix_chown },
	{ "lchown", fix_chown },
	{ "fchown", fix_chown },
	{ "fchownat", fix_fchownat },
	{ "utime", fix_utime },
	{ "utimes", fix_utime },
	{ "futimesat", fix_futimesat },
	{ "utimensat", fix_utimensat },
	{ "setxattr", fix_xattr },
	{ "lsetxattr", fix_xattr },
	{ "removexattr", fix_xattr },
	{ "lremovexattr", fix_xattr },
	{ "fsetxattr", fix_fxattr },
	{ "fremovexattr", fix_fxattr },
};

/* ------------------------------------------------------------------ */
/* The workers.                                                        */

static void
on_wd(int sig)
{
	(void)sig;
}

/* A fatal signal: say which, from where, and during which call, for the
 * supervisor's report; then die of it. */
static void
on_crash(int sig, siginfo_t *si, void *uc)
{
	int tid = (int)syscall(SYS_gettid);
	char call[160] = "";

	if (getpid() != P->pid)
		goto die;       /* a forked child: disposable */
	for (int i = 0; i < NWORKERS; i++) {
		uint64_t a[6];

		if (atomic_load(&S->slots[i].tid) != tid)
			continue;
		for (int j = 0; j < 6; j++)
			a[j] = atomic_load(&S->slots[i].args[j]);
		snprintf(call, sizeof call, " after %s(%#llx, %#llx, %#llx, ...)",
			 sys_lookup(atomic_load(&S->slots[i].nr))->name ?: "?",
			 (unsigned long long)a[0], (unsigned long long)a[1],
			 (unsigned long long)a[2]);
	}
	ucontext_t *u = uc;

	snprintf(S->why, sizeof S->why, "SIG%s code %d addr %p from pid %d "
		 "in %s at %#llx%s", sigabbrev_np(sig) ?: "?", si->si_code,
		 si->si_addr, (int)si->si_pid,
		 tid == P->pid ? "the watchdog" : "a worker",
		 (unsigned long long)u->uc_mcontext.gregs[REG_RIP], call);
die:
	signal(sig, SIG_DFL);
	syscall(SYS_tgkill, getpid(), tid, sig);
}

static void
issue(struct wctx *w, long nr, uint64_t a[6])
{
	const struct sys_info *si = sys_lookup(nr);
	struct slot *s = w->slot;
	long r;

	atomic_store(&s->nr, nr);
	for (int i = 0; i < 6; i++)
		atomic_store(&s->args[i], a[i]);
	atomic_store(&s->start_ns, now_ns());
	atomic_store(&s->last_kick_ns, 0);
	atomic_store(&s->busy, 1);
	r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	atomic_store(&s->busy, 0);

	atomic_fetch_add(&S->calls, 1);
	atomic_fetch_add(&S->per_nr[nr], 1);
	if (si->cls == CLASS_EMULATE)
		atomic_fetch_add(&S->trapped, 1);
	if (r >= 0) {
		atomic_fetch_add(&S->succeeded, 1);
		atomic_fetch_add(&S->per_nr_ok[nr], 1);
	} else if (errno == EINTR && atomic_load(&s->last_kick_ns)) {
		atomic_fetch_add(&S->interrupted, 1);
	}
}

static void one_call(struct wctx *w);

/* A child that makes a few random calls of its own, then ends; the
 * watchdog kills it after KID_LIFE_NS if a call blocks. */
static void
do_fork(struct wctx *w)
{
	int slot = -1;
	long pid;

	for (int i = 0; i < MAX_KIDS && slot < 0; i++) {
		int zero = 0;

		if (atomic_compare_exchange_strong(&kids[i].pid, &zero, -1))
			slot = i;
	}
	if (slot < 0)
		return;                 /* enough children: not a call */
	atomic_store(&kids[slot].t0, now_ns());
	pid = syscall(SYS_fork);
	if (pid == 0) {
		static struct slot own;

		w->in_child = true;
		w->slot = &own;
		w->rng ^= (uint64_t)syscall(SYS_getpid) * 0x9e3779b97f4a7c15ULL;
		for (int i = 0; i < KID_CALLS; i++)
			one_call(w);
		syscall(SYS_exit_group, 0);
	}
	atomic_store(&kids[slot].pid, pid > 0 ? (int)pid : 0);
	atomic_fetch_add(&S->calls, 1);
	atomic_fetch_add(&S->per_nr[P->nr_fork], 1);
	if (pid > 0) {
		atomic_fetch_add(&S->forks, 1);
		atomic_fetch_add(&S->per_nr_ok[P->nr_fork], 1);
		atomic_fetch_add(&S->succeeded, 1);
	}
}

static void
one_call(struct wctx *w)
{
	long nr = P->cand[rnd(w) % P->ncand];
	const struct sys_info *si = sys_lookup(nr);
	uint64_t a[6];

	if (nr == P->nr_fork) {
		if (!w->in_child)
			do_fork(w);
		return;
	}
	for (int i = 0; i < 6; i++)
		a[i] = gen_arg(w, si->args[i], i);
	if (P->fix[nr] && !P->fix[nr](w, a))
		return;
	issue(w, nr, a);
}

/* An alternate stack for the crash handler, out of the fuzzer's reach. */
static void
own_altstack(void)
{
	stack_t ss = { .ss_size = 1 << 16 };

	ss.ss_sp = mmap(NULL, ss.ss_size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ss.ss_sp != MAP_FAILED)
		sigaltstack(&ss, NULL);
}

static void *
worker(void *arg)
{
	struct wctx *w = arg;

	own_altstack();
	w->tid = gettid();
	atomic_store(&w->slot->tid, w->tid);
	while (!atomic_load(&go))
		sched_yield();
	while (!atomic_load(&S->stop))
		one_call(w);
	for (;;)
		pause();
	return NULL;
}

/* ------------------------------------------------------------------ */
/* The fuzzing process: setup, then the watchdog.                      */

/* A setup failure of the fuzzing process: its stdout is /dev/null by
 * then, so the reason goes to the supervisor through shared memory. */
static void __attribute__((noreturn, format(printf, 1, 2)))
gen_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(S->why, sizeof S->why, fmt, ap);
	va_end(ap);
	_exit(2);
}

static char *
ro_add(size_t *used, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (*used + n > sizeof P->text)
		gen_error("string pool full");
	p = P->text + *used;
	memcpy(p, s, n);
	*used += n;
	return p;
}

static void
add_fd(int fd)
{
	if (fd >= 0 && P->nfds < MAX_FDS)
		P->fds[P->nfds++] = fd;
}

static void
make_pools(const char *scratch)
{
	static const char *const fixed[] = {
		"/", ".", "..", "", "f", "d", "d/g", "l", "loop", "up", "fifo",
		"x", "sock", "new", "d/new", "nonexistent", "f/", "d/", "l/",
		"d/../f", "./f", "d//g", "up/etc/passwd", "/etc/passwd",
		"/etc/shadow", "/etc", "/tmp", "/escape", "/proc/self/status",
		"/proc/self/exe", "/proc/self/root", "/proc/self/cwd/f",
		"/proc/self/fd/0", "/proc/self/fd/3", "/proc/self/ns/pid",
		"/proc/self/maps", "/proc/1/root", "/proc/1/cwd", "/dev/null",
		"/dev/full", "/dev/ptmx", "/dev/shm", "/sys", "//..//..//",
		"../../../../../../../../etc/shadow",
	};
	static const char *const no_exec[] = {
		"/", "/tmp", ".", "..", "d", "d/", "nonexistent", "/nonexistent",
		"l", "loop", "/dev/null", "", "/proc/self/fd",
		"../../../../../../../../nonexistent",
	};
	static const char *const strs[] = {
		"user.fuzz", "trusted.fuzz", "security.capability",
		"system.posix_acl_access", "user.", "", "/fuzz", "fuzz",
		"../../../../etc/shadow", "/", "x", "syscall-fuzz",
	};
	char path[PATH_MAX + 64];
	size_t used = 0;
	const char *secret = env_or("ESCAPE_SECRET", "/nonexistent-secret");
	const char *hostdir = env_or("ESCAPE_HOST_DIR", "/nonexistent-hostdir");
	const char *rel = secret;

	while (*rel == '/')
		rel++;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		P->paths[P->npaths++] = ro_add(&used, fixed[i]);
	P->paths[P->npaths++] = ro_add(&used, secret);
	snprintf(path, sizeof path, "../../../../../../../../../../../../%s", rel);
	P->paths[P->npaths++] = ro_add(&used, path);
	P->paths[P->npaths++] = ro_add(&used, hostdir);
	snprintf(path, sizeof path, "%s/new", hostdir);
	P->paths[P->npaths++] = ro_add(&used, path);
	snprintf(path, sizeof path, "%s/f", scratch);
	P->paths[P->npaths++] = ro_add(&used, path);

	for (size_t i = 0; i < sizeof no_exec / sizeof no_exec[0]; i++)
		P->exec_paths[P->nexec++] = ro_add(&used, no_exec[i]);
	for (size_t i = 0; i < 4; i++)
		P->exec_paths[P->nexec++] = (const char *)(uintptr_t)bad_ptrs[i * 2 + 1];
	P->exec_paths[P->nexec++] = NULL;

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		P->strs[P->nstrs++] = ro_add(&used, strs[i]);
	memset(path, 'x', 300);
	path[300] = '\0';
	P->strs[P->nstrs++] = ro_add(&used, path);
	P->ro = P->text;
}

static void
make_scratch(char *dir, size_t len)
{
	int fd;

	snprintf(dir, len, "%s/syscall-fuzz-XXXXXX",
		 env_or("ESCAPE_SCRATCH", "/tmp"));
	if (!mkdtemp(dir) || chdir(dir) < 0)
		gen_error("scratch %s: %s", dir, errname(errno));
	fd = open("f", O_CREAT | O_RDWR, 0644);
	if (fd < 0 || write(fd, "fuzz data\n", 10) != 10)
		gen_error("scratch file: %s", errname(errno));
	close(fd);
	fd = open("x", O_CREAT | O_WRONLY, 0644);
	if (fd >= 0) {
		if (write(fd, "#!/nonexistent\n", 15) < 0)
			gen_error("scratch file: %s", errname(errno));
		close(fd);
	}
	if (mkdir("d", 0755) < 0)
		gen_error("mkdir: %s", errname(errno));
	close(open("d/g", O_CREAT | O_WRONLY, 0644));
	if (symlink("../../../../../../../../etc/shadow", "l") < 0 ||
	    symlink("loop", "loop") < 0 ||
	    symlink("../../../../../../../..", "up") < 0)
		gen_error("symlink: %s", errname(errno));
	mkfifo("fifo", 0644);
}

/* One of everything the guest can hold an fd on, as far as the sandbox
 * allows it: each is optional. */
static void
make_fds(void)
{
	int p[2], fd;
	struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = "sock" };
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	sigset_t set;

	add_fd(open("/dev/null", O_RDWR));
	add_fd(open("f", O_RDWR));
	add_fd(open("d", O_RDONLY | O_DIRECTORY));
	add_fd(open("l", O_PATH | O_NOFOLLOW));
	add_fd(open("/", O_RDONLY | O_DIRECTORY));
	add_fd(open("/proc/self/status", O_RDONLY));
	add_fd(open("/proc/self/fd", O_RDONLY | O_DIRECTORY));
	add_fd(open("fifo", O_RDWR | O_NONBLOCK));
	add_fd(open(".", O_TMPFILE | O_RDWR, 0600));
	add_fd(open("/dev/ptmx", O_RDWR | O_NOCTTY));
	if (pipe2(p, O_NONBLOCK) == 0) {
		add_fd(p[0]);
		add_fd(p[1]);
	}
	if (pipe2(p, 0) == 0) {
		add_fd(p[0]);
		add_fd(p[1]);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, p) == 0) {
		add_fd(p[0]);
		add_fd(p[1]);
	}
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, p) == 0) {
		add_fd(p[0]);
		add_fd(p[1]);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd >= 0 && (bind(fd, (void *)&sun, sizeof sun) < 0 ||
			listen(fd, 4) < 0)) {
		close(fd);
		fd = -1;
	}
	add_fd(fd);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd >= 0 && (bind(fd, (void *)&sin, sizeof sin) < 0 ||
			listen(fd, 4) < 0)) {
		close(fd);
		fd = -1;
	}
	add_fd(fd);
	add_fd(socket(AF_INET, SOCK_DGRAM, 0));
	add_fd(socket(AF_INET6, SOCK_STREAM, 0));
	add_fd(eventfd(0, EFD_NONBLOCK));
	add_fd(eventfd(1, 0));
	fd = epoll_create1(0);
	if (fd >= 0 && P->nfds > 1) {
		struct epoll_event ev = { .events = EPOLLIN };

		epoll_ctl(fd, EPOLL_CTL_ADD, P->fds[0], &ev);
	}
	add_fd(fd);
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	if (fd >= 0) {
		struct itimerspec it = { { 0, 1000000 }, { 0, 1000000 } };

		timerfd_settime(fd, 0, &it, NULL);
	}
	add_fd(fd);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	add_fd(signalfd(-1, &set, SFD_NONBLOCK));
	fd = inotify_init1(IN_NONBLOCK);
	if (fd >= 0)
		inotify_add_watch(fd, ".", IN_ALL_EVENTS);
	add_fd(fd);
	add_fd(memfd_create("syscall-fuzz", MFD_ALLOW_SEALING));
	add_fd((int)syscall(SYS_pidfd_open, getpid(), 0));
	add_fd((int)mq_open("/syscall-fuzz", O_CREAT | O_RDWR | O_NONBLOCK,
			    0600, NULL));
	if (P->nfds == 0)
		gen_error("no fd could be opened");
}

static void
make_ids(void)
{
	aio_context_t ctx = 0;
	timer_t t;
	int id;

	if ((id = shmget(IPC_PRIVATE, 65536, IPC_CREAT | 0600)) >= 0)
		P->ipc_ids[P->nipc++] = id;
	if ((id = semget(IPC_PRIVATE, 4, IPC_CREAT | 0600)) >= 0)
		P->ipc_ids[P->nipc++] = id;
	if ((id = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) >= 0)
		P->ipc_ids[P->nipc++] = id;
	if (syscall(SYS_io_setup, 16, &ctx) == 0)
		P->aio_ctx[P->naio++] = ctx;
	if (timer_create(CLOCK_MONOTONIC, NULL, &t) == 0)
		P->timers[P->ntimers++] = (int)(intptr_t)t;
}

/* Every PASS and EMULATE row of the table, but the excluded ones.  A rule
 * naming a row the table no longer has is an error: the rules must follow
 * the table. */
static void
make_candidates(void)
{
	bool excluded[SYS_TABLE_SIZE] = { false };

	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		long nr = sys_number(rules[i].name);

		if (nr < 0)
			gen_error("syscalls/table.def has no row %s",
				    rules[i].name);
		if (rules[i].fix)
			P->fix[nr] = rules[i].fix;
		else
			excluded[nr] = true;
	}
	/* fork is made by do_fork(), which keeps the children in check. */
	P->nr_fork = sys_number("fork");
	for (long nr = 0; nr < SYS_TABLE_SIZE; nr++) {
		const struct sys_info *si = sys_lookup(nr);

		if ((si->cls == CLASS_PASS || si->cls == CLASS_EMULATE) &&
		    !excluded[nr])
			P->cand[P->ncand++] = nr;
	}
}

static void *
map_or_die(size_t len, int prot, int flags, uint64_t at)
{
	void *p = mmap((void *)(uintptr_t)at, len, prot,
		       flags | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		gen_error("mmap %zu: %s", len, errname(errno));
	return p;
}

static void
set_limit(int res, rlim_t v)
{
	struct rlimit rl = { v, v };
	struct rlimit cur;

	if (getrlimit(res, &cur) == 0 && cur.rlim_max != RLIM_INFINITY &&
	    cur.rlim_max < v)
		rl.rlim_cur = rl.rlim_max = cur.rlim_max;
	setrlimit(res, &rl);
}

/* The watchdog runs on the main thread's stack, which the kernel grows on
 * demand: grow it now, below this frame, since a fuzzed RLIMIT_AS may
 * forbid growing it later, and a signal frame that cannot be pushed is a
 * SIGSEGV. */
static void __attribute__((noinline))
grow_stack(void)
{
	volatile char grow[256 << 10];

	memset((char *)grow, 0, sizeof grow);
}

static void __attribute__((noreturn))
fuzz_process(uint64_t seed, unsigned gen)
{
	static struct wctx ctx[NWORKERS];
	char scratch[PATH_MAX];
	struct sigaction sa = { .sa_handler = on_wd };
	static const int ignored[] = {
		SIGPIPE, SIGXFSZ, SIGXCPU, SIGALRM, SIGVTALRM, SIGPROF, SIGIO,
		SIGHUP, SIGTTIN, SIGTTOU, SIGTSTP, SIGURG, SIGWINCH,
	};
	int null = open("/dev/null", O_RDWR);

	/* Random writes and dup2()s may hit any fd: none of ours matters. */
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(null, 2) < 0)
		gen_error("/dev/null: %s", errname(errno));
	if (syscall(SYS_close_range, 3, ~0U, 0) < 0)
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWD, &sa, NULL);
	{
		static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE,
					     SIGABRT, SIGTRAP, SIGSYS };
		struct sigaction crash = {
			.sa_sigaction = on_crash,
			.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK,
		};

		sigemptyset(&crash.sa_mask);
		for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
			sigaction(fatal[i], &crash, NULL);
	}
	sa.sa_handler = SIG_IGN;
	for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
		sigaction(ignored[i], &sa, NULL);

	own_altstack();
	grow_stack();
	P = map_or_die(sizeof *P, PROT_READ | PROT_WRITE, 0, 0);
	P->pid = getpid();
	P->ppid = getppid();
	make_candidates();
	make_scratch(scratch, sizeof scratch);
	make_pools(scratch);
	make_fds();
	make_ids();

	/* The arena: half read-write, half inaccessible; nothing of ours is
	 * within reach of it. */
	map_or_die(ARENA_LEN, PROT_READ | PROT_WRITE,
		   MAP_FIXED_NOREPLACE | MAP_NORESERVE, ARENA);
	mprotect((void *)(uintptr_t)(ARENA + ARENA_LEN / 2), ARENA_LEN / 2,
		 PROT_NONE);

	for (int i = 0; i < NWORKERS; i++) {
		unsigned char *m = map_or_die(PRIV_LEN + 2 * PAGE, PROT_NONE, 0, 0);

		if (mprotect(m + PAGE, PRIV_LEN, PROT_READ | PROT_WRITE) < 0)
			gen_error("mprotect: %s", errname(errno));
		ctx[i] = (struct wctx){
			.rng = (seed ^ (0x9e3779b97f4a7c15ULL * (i + 1)) ^
				((uint64_t)gen << 32)) | 1,
			.idx = i,
			.buf = m + PAGE,
			.slot = &S->slots[i],
		};
	}
	/* The workers wait for `go`, after the rest of the setup. */
	for (int i = 0; i < NWORKERS; i++) {
		pthread_t t;
		pthread_attr_t at;

		pthread_attr_init(&at);
		pthread_attr_setstacksize(&at, 1 << 20);
		if (pthread_create(&t, &at, worker, &ctx[i]) != 0)
			gen_error("pthread_create: %s", errname(errno));
	}
	/* Limits last: setup itself needs more fds than the fuzz run. */
	set_limit(RLIMIT_FSIZE, 1 << 20);
	set_limit(RLIMIT_NOFILE, 256);
	set_limit(RLIMIT_AS, (rlim_t)2 << 30);
	set_limit(RLIMIT_CORE, 0);
	/* The heap ends here: brk never goes below it (pthread_create()
	 * is the last thing that allocates). */
	P->brk0 = (uint64_t)(uintptr_t)sbrk(0);
	if (mprotect(P, sizeof *P, PROT_READ) < 0)
		gen_error("mprotect: %s", errname(errno));
	atomic_store(&go, 1);

	/* The watchdog: interrupt long calls, reap children, notice a call
	 * that never returns, and end the process when told. */
	while (!atomic_load(&S->stop) &&
	       atomic_load(&S->calls) < atomic_load(&S->gen_target)) {
		uint64_t t = now_ns();
		struct timespec tick = { 0, 1000000 };

		for (int i = 0; i < NWORKERS; i++) {
			struct slot *s = &S->slots[i];

			/* busy first: start and nr are written before it. */
			if (!atomic_load(&s->busy))
				continue;

			long nr = atomic_load(&s->nr);
			uint64_t start = atomic_load(&s->start_ns);
			uint64_t kick = sys_lookup(nr)->cls == CLASS_EMULATE ?
					KICK_TRAP_NS : KICK_PASS_NS;

			if (start > t || t - start < kick ||
			    t - atomic_load(&s->last_kick_ns) < KICK_PASS_NS)
				continue;
			atomic_store(&s->last_kick_ns, t);
			syscall(SYS_tgkill, P->pid, atomic_load(&s->tid), SIGWD);
			if ((double)(t - start) / 1e9 > STUCK_S &&
			    !atomic_exchange(&S->stuck, 1)) {
				S->stuck_nr = nr;
				for (int j = 0; j < 6; j++)
					S->stuck_args[j] = atomic_load(&s->args[j]);
				S->stuck_s = (double)(t - start) / 1e9;
			}
		}
		for (int i = 0; i < MAX_KIDS; i++) {
			int pid = atomic_load(&kids[i].pid);

			if (pid <= 0)
				continue;
			if (t - atomic_load(&kids[i].t0) > KID_LIFE_NS)
				kill(pid, SIGKILL);
			if (waitpid(pid, NULL, WNOHANG | __WALL) != 0)
				atomic_store(&kids[i].pid, 0);
		}
		nanosleep(&tick, NULL);
	}
	atomic_store(&S->stop, 1);
	for (int i = 0; i < MAX_KIDS; i++) {
		int pid = atomic_load(&kids[i].pid);

		if (pid > 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, __WALL);
		}
	}
	syscall(SYS_exit_group, 0);
	__builtin_unreachable();
}

/* ------------------------------------------------------------------ */
/* The supervisor.                                                     */

/* Natively: no random call at all.  Show that the path pool's secret
 * behind a '..' chain reaches the host, which is the escape that the
 * baseline expects, and stop there. */
static void __attribute__((noreturn))
refuse(void)
{
	char path[PATH_MAX + 64];
	int err;

	if (!getenv("ESCAPE_SECRET"))
		setup_error("refusing to run: SYSCALL_FUZZ_SANDBOX is not set; "
			    "this program makes %d random syscalls and runs only "
			    "inside a throwaway sandbox", CALLS);
	snprintf(path, sizeof path, "../../../../../../../../../../../../%s",
		 secret_path_rel());
	err = secret_at(AT_FDCWD, path, "the '..' path of its pool "
			"(SYSCALL_FUZZ_SANDBOX unset: no random call was made)");
	setup_error("not in a sandbox (SYSCALL_FUZZ_SANDBOX unset): refused "
		    "to run, and the secret was not readable either: %s",
		    errname(err));
}

/* Even with the variable set: never in the host's namespaces. */
static void
check_sandboxed(void)
{
	char map[256] = "";
	int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, map, sizeof map - 1) : -1;
	unsigned long inside, outside, count;

	if (fd >= 0)
		close(fd);
	if (n > 0) {
		map[n] = '\0';
		if (sscanf(map, "%lu %lu %lu", &inside, &outside, &count) == 3 &&
		    inside == 0 && outside == 0 && count == 4294967295UL)
			setup_error("refusing to run: SYSCALL_FUZZ_SANDBOX is set "
				    "but this is the initial user namespace");
	}
	if (ns_is_host("/proc/self/ns/pid", "pidns"))
		setup_error("refusing to run: SYSCALL_FUZZ_SANDBOX is set but "
			    "this is the host's pid namespace");
}

static void
describe_call(char *out, size_t len, long nr, const uint64_t *a)
{
	const char *name = sys_lookup(nr)->name;

	snprintf(out, len, "%s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)",
		 name ? name : "?", (unsigned long long)a[0],
		 (unsigned long long)a[1], (unsigned long long)a[2],
		 (unsigned long long)a[3], (unsigned long long)a[4],
		 (unsigned long long)a[5]);
}

/* What the fuzzing process was doing when it died. */
static void
describe_death(char *out, size_t len, int status)
{
	char call[200] = "";

	for (int i = 0; i < NWORKERS; i++) {
		uint64_t a[6];

		if (!atomic_load(&S->slots[i].busy))
			continue;
		for (int j = 0; j < 6; j++)
			a[j] = atomic_load(&S->slots[i].args[j]);
		describe_call(call, sizeof call, atomic_load(&S->slots[i].nr), a);
		break;
	}
	snprintf(out, len, "%s %d%s%s%s%s",
		 WIFSIGNALED(status) ? "signal" : "exit",
		 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
		 S->why[0] ? ": " : "", S->why,
		 call[0] ? " during " : "", call);
}

/* Directories every fuzzing process and the end checks need, and their
 * modes before the run: chmod is one of the calls. */
static const char *keep_dirs[3];
static mode_t keep_modes[3];

static void
restore_dirs(void)
{
	for (size_t i = 0; i < 3; i++)
		if (keep_dirs[i])
			chmod(keep_dirs[i], keep_modes[i]);
}

/* Run one fuzzing process until it has made its share of the calls, and
 * return its wait status; stop it at the deadline or on a stuck call. */
static int
run_generation(uint64_t seed, unsigned gen, double t0, double deadline)
{
	struct timespec tick = { 0, 10000000 };
	double stop_t = 0;
	int status;
	pid_t pid;

	restore_dirs();
	S->why[0] = '\0';
	atomic_store(&S->gen_target, atomic_load(&S->calls) + GEN_CALLS);
	atomic_store(&S->stop, 0);
	for (int i = 0; i < NWORKERS; i++)
		atomic_store(&S->slots[i].busy, 0);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		setup_error("fork: %s", errname(errno));
	if (pid == 0)
		fuzz_process(seed, gen);
	while (waitpid(pid, &status, WNOHANG) != pid) {
		if (!stop_t && (now_s() - t0 > deadline ||
				atomic_load(&S->stuck))) {
			atomic_store(&S->stop, 1);
			stop_t = now_s();
		}
		if (stop_t && now_s() - stop_t > 2) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		nanosleep(&tick, NULL);
	}
	return status;
}

/* The host's device nodes that moat binds into the sandbox's /dev.  The
 * fuzzer's own calls leave their attributes alone (fix_chmod() and the
 * rest); after the run these checks make sure none changed, undo what
 * did, and probe without harm whether the guest could have changed them. */
static const char *const dev_nodes[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
	"/dev/tty",
};
#define NNODES (sizeof dev_nodes / sizeof dev_nodes[0])

struct node_state {
	bool host;              /* not a node of the sandbox's own /dev */
	struct stat st;
};

static void
snapshot_nodes(struct node_state *ns)
{
	struct stat dev;
	bool have_dev = stat("/dev", &dev) == 0;

	for (size_t i = 0; i < NNODES; i++)
		ns[i].host = lstat(dev_nodes[i], &ns[i].st) == 0 &&
			     S_ISCHR(ns[i].st.st_mode) &&
			     (!have_dev || ns[i].st.st_dev != dev.st_dev);
}

static void
append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* Put a node back as it was: by name (the gofer), then through an fd (the
 * sentry), whichever door let the change through. */
static bool
restore_node(const char *path, const struct stat *was)
{
	struct timespec ts[2] = { was->st_atim, was->st_mtim };
	struct stat now;
	int fd;

	chmod(path, was->st_mode & 07777);
	chown(path, was->st_uid, was->st_gid);
	utimensat(AT_FDCWD, path, ts, 0);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0) {
		fchmod(fd, was->st_mode & 07777);
		fchown(fd, was->st_uid, was->st_gid);
		futimens(fd, ts);
		close(fd);
	}
	return lstat(path, &now) == 0 && now.st_mode == was->st_mode &&
	       now.st_uid == was->st_uid && now.st_gid == was->st_gid &&
	       now.st_mtim.tv_sec == was->st_mtim.tv_sec &&
	       now.st_mtim.tv_nsec == was->st_mtim.tv_nsec;
}

/* Evidence that the host's nodes changed or could have: appended to EV. */
static void
check_nodes(const struct node_state *before, char *ev, size_t len)
{
	const struct node_state *null = NULL;

	for (size_t i = 0; i < NNODES; i++) {
		const struct stat *b = &before[i].st;
		struct stat a;

		if (!before[i].host || lstat(dev_nodes[i], &a) < 0)
			continue;
		if (!strcmp(dev_nodes[i], "/dev/null"))
			null = &before[i];
		if (a.st_mode == b->st_mode && a.st_uid == b->st_uid &&
		    a.st_gid == b->st_gid &&
		    a.st_mtim.tv_sec == b->st_mtim.tv_sec &&
		    a.st_mtim.tv_nsec == b->st_mtim.tv_nsec)
			continue;
		append(ev, len, "the host's %s changed (mode %o -> %o, owner "
		       "%u:%u -> %u:%u, mtime %lld -> %lld; %s); ",
		       dev_nodes[i], (unsigned)b->st_mode, (unsigned)a.st_mode,
		       (unsigned)b->st_uid, (unsigned)b->st_gid,
		       (unsigned)a.st_uid, (unsigned)a.st_gid,
		       (long long)b->st_mtim.tv_sec, (long long)a.st_mtim.tv_sec,
		       restore_node(dev_nodes[i], b) ? "put back"
						     : "COULD NOT PUT IT BACK");
	}
	if (!null)
		return;

	/* By name: moat's gofer (or the kernel) with the guest's uid, which
	 * owns the host's nodes when moat runs as root.  The mode it had:
	 * a success changes nothing but ctime. */
	if (chmod("/dev/null", null->st.st_mode & 07777) == 0)
		append(ev, len, "chmod(\"/dev/null\") reached the host's node "
		       "(done with the mode it had); ");

	/* Through an fd: a trusted.* xattr needs CAP_SYS_ADMIN in the host's
	 * user namespace, which no guest task has; whoever sets it acts with
	 * more than the guest's privileges.  Removed at once. */
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return;
	if (fsetxattr(fd, "trusted.syscall-fuzz", "1", 1, XATTR_CREATE) == 0) {
		append(ev, len, "fsetxattr(\"trusted.*\") on an fd of the host's "
		       "/dev/null succeeded, which needs CAP_SYS_ADMIN on the "
		       "host (%s); ", fremovexattr(fd, "trusted.syscall-fuzz") == 0
		       ? "removed again" : "COULD NOT REMOVE IT");
	} else if (errno == EOPNOTSUPP &&
		   fchown(fd, (uid_t)-1, null->st.st_gid ^ 1) == 0) {
		/* Without xattrs: a group the guest is not in, which needs
		 * CAP_CHOWN; put back at once (the mode lets everyone in). */
		append(ev, len, "fchown() of an fd of the host's /dev/null to "
		       "another group succeeded, which needs CAP_CHOWN on the "
		       "host (%s); ", fchown(fd, (uid_t)-1, null->st.st_gid) == 0
		       ? "put back" : "COULD NOT PUT IT BACK");
	}
	close(fd);
}

/* After the run: the sentry and the gofer still answer. */
static void
check_alive(void)
{
	char dir[PATH_MAX], f[PATH_MAX + 8], g[PATH_MAX + 8], buf[16];
	struct stat st;
	int fd;

	if (stat("/", &st) < 0)
		setup_error("the sentry no longer answers: stat(\"/\"): %s",
			    errname(errno));
	snprintf(dir, sizeof dir, "%s/syscall-fuzz-check-XXXXXX",
		 env_or("ESCAPE_SCRATCH", "/tmp"));
	if (!mkdtemp(dir))
		setup_error("the gofer no longer answers: mkdir %s: %s", dir,
			    errname(errno));
	snprintf(f, sizeof f, "%s/a", dir);
	snprintf(g, sizeof g, "%s/b", dir);
	fd = open(f, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, "moat", 4) != 4 || close(fd) < 0)
		setup_error("the gofer no longer answers: create %s: %s", f,
			    errname(errno));
	if (rename(f, g) < 0 || stat(g, &st) < 0 || st.st_size != 4)
		setup_error("the gofer no longer answers: rename/stat %s: %s",
			    g, errname(errno));
	fd = open(g, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, buf, sizeof buf) != 4 || memcmp(buf, "moat", 4))
		setup_error("the gofer no longer answers: read %s: %s", g,
			    errname(errno));
	close(fd);
	if (unlink(g) < 0 || rmdir(dir) < 0)
		setup_error("the gofer no longer answers: unlink/rmdir: %s",
			    errname(errno));
}

int
main(void)
{
	const char *sb = getenv("SYSCALL_FUZZ_SANDBOX");
	struct sigaction sa = { .sa_handler = SIG_IGN };
	const char *scratch = env_or("ESCAPE_SCRATCH", "/tmp");
	char death[512] = "", path[PATH_MAX + 64], ev[1024] = "", stats[1280];
	struct node_state nodes[NNODES];
	unsigned gen = 0, deaths = 0;
	uint64_t seed, calls, distinct = 0, target = CALLS;
	double t0, elapsed, deadline;
	int err;

	if (!sb || !*sb)
		refuse();
	check_sandboxed();

	/* The fuzzer may send these to anyone in the sandbox. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGWD, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);

	if (getrandom(&seed, sizeof seed, 0) != sizeof seed)
		seed = (uint64_t)now_ns();
	if (getenv("SYSCALL_FUZZ_SEED"))
		seed = strtoull(getenv("SYSCALL_FUZZ_SEED"), NULL, 0);
	/* By hand, a longer run: SYSCALL_FUZZ_CALLS=2000000 (the time
	 * allowed grows with it; the harness's 20 s do not). */
	if (getenv("SYSCALL_FUZZ_CALLS"))
		target = strtoull(getenv("SYSCALL_FUZZ_CALLS"), NULL, 0);
	if (target < CALLS)
		target = CALLS;
	deadline = DEADLINE_S * (double)target / CALLS;
	keep_dirs[0] = "/";
	keep_dirs[1] = "/dev";
	keep_dirs[2] = scratch;
	for (size_t i = 0; i < 3; i++) {
		struct stat st;

		if (stat(keep_dirs[i], &st) < 0)
			setup_error("stat %s: %s", keep_dirs[i], errname(errno));
		keep_modes[i] = st.st_mode & 07777;
	}
	snapshot_nodes(nodes);
	S = mmap(NULL, sizeof *S, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (S == MAP_FAILED)
		setup_error("mmap: %s", errname(errno));

	/* One fuzzing process per GEN_CALLS calls: each starts from a fresh
	 * fd table, working directory and memory, which the calls before
	 * it wore down; one that dies is replaced too, and counted. */
	t0 = now_s();
	while (atomic_load(&S->calls) < target && now_s() - t0 < deadline &&
	       !atomic_load(&S->stuck) && deaths < MAX_DEATHS) {
		int status = run_generation(seed, gen++, t0, deadline);

		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (!deaths++)
				describe_death(death, sizeof death, status);
		}
	}
	elapsed = now_s() - t0;
	calls = atomic_load(&S->calls);
	for (int i = 0; i < SYS_TABLE_SIZE; i++) {
		uint64_t n = atomic_load(&S->per_nr[i]);

		distinct += n > 0;
		/* SYSCALL_FUZZ_STATS=1: calls and successes per syscall, on
		 * stderr (the harness shows it with -v). */
		if (n && getenv("SYSCALL_FUZZ_STATS"))
			fprintf(stderr, "%-24s %7llu calls %7llu ok\n",
				sys_lookup(i)->name, (unsigned long long)n,
				(unsigned long long)atomic_load(&S->per_nr_ok[i]));
	}

	restore_dirs();
	snprintf(stats, sizeof stats, "%llu calls of %llu syscalls (%llu "
		 "trapped to the sentry, %llu succeeded, %llu interrupted by "
		 "the watchdog, %llu forks) from %d threads in %.1f s, seed "
		 "%#llx, %u fuzzing processes (%u died%s%s)",
		 (unsigned long long)calls, (unsigned long long)distinct,
		 (unsigned long long)atomic_load(&S->trapped),
		 (unsigned long long)atomic_load(&S->succeeded),
		 (unsigned long long)atomic_load(&S->interrupted),
		 (unsigned long long)atomic_load(&S->forks), NWORKERS, elapsed,
		 (unsigned long long)seed, gen, deaths, deaths ? ", first: " : "",
		 death);
	check_nodes(nodes, ev, sizeof ev);
	if (ev[0])
		escaped("%safter %s", ev, stats);
	check_alive();

	err = ENOENT;
	if (getenv("ESCAPE_SECRET")) {
		snprintf(path, sizeof path,
			 "../../../../../../../../../../../../%s",
			 secret_path_rel());
		secret_at(AT_FDCWD, getenv("ESCAPE_SECRET"), "its own path");
		err = secret_at(AT_FDCWD, path, "a '..' chain");
	}

	if (atomic_load(&S->stuck)) {
		char call[200];

		describe_call(call, sizeof call, S->stuck_nr, S->stuck_args);
		setup_error("a call never returned (%.1f s, signals or not): %s; "
			    "seed %#llx", S->stuck_s, call,
			    (unsigned long long)seed);
	}
	if (calls < target)
		setup_error("only %llu of %llu calls: %s",
			    (unsigned long long)calls, (unsigned long long)target,
			    stats);
	contained("%s; the sentry and the gofer still answer, the secret stays "
		  "out of reach (%s)", stats, errname(err));
}
