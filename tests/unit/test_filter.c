/* The guest filter, two ways.
 *
 * Loaded: a forked child sets NO_NEW_PRIVS, loads the FILTER_ERRNO_TEST build
 * and makes real calls; each case names the call and the errno (or signal)
 * it expects.  The child reports through its exit status and never uses
 * cmocka itself.
 *
 * Evaluated: a small classic-BPF interpreter runs the exported program on
 * chosen seccomp_data, so that every row and whole ranges of argument
 * values can be checked without making those calls. */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <linux/vt.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "sentry/filter.h"
#include "syscalls/table.h"

#define X32_SYSCALL_BIT 0x40000000
#define KDSKBENT 0x4b47 /* linux/kd.h: set a keymap entry */

static struct sock_fprog prog; /* FILTER_ERRNO_TEST */
static pid_t test_pid;

/* ---- loaded in a child ------------------------------------------------- */

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: %s (errno %d)\n", __FILE__,  \
				__LINE__, #cond, errno);                     \
			return 1;                                            \
		}                                                            \
	} while (0)

/* The call fails with exactly errno e. */
#define CHECK_ERRNO(call, e)                                                 \
	do {                                                                 \
		errno = 0;                                                   \
		long r_ = (long)(call);                                      \
		CHECK(r_ == -1 && errno == (e));                             \
	} while (0)

static int wait_child(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return st;
}

/* Run fn in a child; with_filter: under the filter.  The wait status. */
static int run_child(int (*fn)(void), int with_filter)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (with_filter &&
		    (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		     syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)) {
			perror("loading the filter");
			_exit(100);
		}
		_exit(fn());
	}
	return wait_child(pid);
}

static void expect_ok(int (*fn)(void))
{
	int st = run_child(fn, 1);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("child: status %#x", st);
}

static void expect_sigsys(int (*fn)(void))
{
	int st = run_child(fn, 1);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSYS)
		fail_msg("child: status %#x, expected death by SIGSYS", st);
}

static int child_getppid(void)
{
	CHECK(syscall(SYS_getppid) == test_pid);
	CHECK(getpid() > 0);
	return 0;
}

static void getppid_passes(void **state)
{
	(void)state;
	expect_ok(child_getppid);
}

static int child_openat(void)
{
	CHECK_ERRNO(syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY), FILTER_TEST_ERRNO);
	CHECK_ERRNO(open("/etc/passwd", O_RDONLY), FILTER_TEST_ERRNO);
	CHECK_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, "/", NULL, 0), FILTER_TEST_ERRNO);
	CHECK_ERRNO(syscall(SYS_execve, "/bin/true", NULL, NULL), FILTER_TEST_ERRNO);
	return 0;
}

static void openat_is_trapped(void **state)
{
	(void)state;
	expect_ok(child_openat);
}

/* Safe to call with zeros: a trapped or refused call never runs. */
static int child_every_emulate_and_deny_row(void)
{
	for (long nr = 0; nr < SYS_TABLE_SIZE; nr++) {
		const struct sys_info *row = sys_lookup(nr);
		int want;
		if (row->cls == CLASS_EMULATE)
			want = FILTER_TEST_ERRNO;
		else if (row->cls == CLASS_DENY)
			want = row->err;
		else
			continue;
		errno = 0;
		long r = syscall(nr, 0, 0, 0, 0, 0, 0);
		if (r != -1 || errno != want) {
			fprintf(stderr, "%s: %ld, errno %d; expected errno %d\n",
				row->name, r, errno, want);
			return 1;
		}
	}
	return 0;
}

static void every_emulate_and_deny_row_returns_its_errno(void **state)
{
	(void)state;
	expect_ok(child_every_emulate_and_deny_row);
}

static int child_denied(void)
{
	CHECK_ERRNO(syscall(SYS_bpf, 0, NULL, 0), EPERM);
	CHECK_ERRNO(syscall(SYS_io_uring_setup, 8, NULL), ENOSYS);
	CHECK_ERRNO(syscall(SYS_mount, "none", "/", "tmpfs", 0, NULL), EPERM);
	CHECK_ERRNO(syscall(SYS_ptrace, 0, 0, 0, 0), EPERM);
	CHECK_ERRNO(syscall(SYS_keyctl, 0, 0, 0, 0, 0), ENOSYS);
	return 0;
}

static void bpf_io_uring_mount_refused(void **state)
{
	(void)state;
	expect_ok(child_denied);
}

static int child_clone(void)
{
	/* Were it allowed, the new task must not run on in the test. */
	long r = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	CHECK(r == -1 && errno == EPERM);
	CHECK_ERRNO(syscall(SYS_clone, CLONE_NEWNET | CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0), EPERM);
	/* The kernel reads only the low 32 bits of clone's flags. */
	r = syscall(SYS_clone, 0xffffffff00000000UL | CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	CHECK(r == -1 && errno == EPERM);
	CHECK_ERRNO(syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0), EPERM);

	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
	CHECK(pid > 0);
	int st = wait_child(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);
	return 0;
}

static void clone_newuser_refused_fork_works(void **state)
{
	(void)state;
	expect_ok(child_clone);
}

static void *thread_main(void *arg)
{
	return arg;
}

/* clone3's flags live in memory: refused with ENOSYS, and glibc 2.36's
 * __clone_internal then falls back to clone (pthread_create, posix_spawn;
 * fork() calls clone directly). */
static int child_clone3(void)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal,
		 stack, stack_size, tls; } args = { .exit_signal = SIGCHLD };
	pthread_t t;
	void *out = NULL;
	pid_t pid;
	char *argv[] = { "true", NULL };

	CHECK_ERRNO(syscall(SYS_clone3, &args, sizeof args), ENOSYS);
	CHECK(pthread_create(&t, NULL, thread_main, &args) == 0);
	CHECK(pthread_join(t, &out) == 0 && out == &args);
	/* The clone works; the exec in the new task is trapped, and
	 * posix_spawn reports the trap's errno. */
	CHECK(posix_spawn(&pid, "/bin/true", NULL, NULL, argv, NULL) == FILTER_TEST_ERRNO);
	return 0;
}

static void clone3_refused_enosys_glibc_falls_back(void **state)
{
	(void)state;
	expect_ok(child_clone3);
}

static int child_unshare(void)
{
	CHECK_ERRNO(unshare(CLONE_NEWUSER), EPERM);
	CHECK_ERRNO(unshare(CLONE_NEWNS), EPERM);
	CHECK_ERRNO(unshare(CLONE_NEWTIME), EPERM);
	CHECK(unshare(CLONE_FILES) == 0);
	CHECK(unshare(CLONE_FS) == 0);
	return 0;
}

static void unshare_namespaces_refused(void **state)
{
	(void)state;
	expect_ok(child_unshare);
}

static int child_ioctl(void)
{
	int p[2], n = -1;
	char c = 'x';

	CHECK(pipe(p) == 0);
	CHECK_ERRNO(ioctl(p[0], TIOCSTI, &c), EPERM);
	/* The kernel ignores the upper half of cmd: so must the filter. */
	CHECK_ERRNO(syscall(SYS_ioctl, p[0], 0xffffffff00000000UL | TIOCSTI, &c), EPERM);
	CHECK_ERRNO(syscall(SYS_ioctl, p[0], 0x100000000UL | TIOCSTI, &c), EPERM);
	CHECK_ERRNO(ioctl(p[0], TIOCLINUX, &c), EPERM);
	CHECK_ERRNO(ioctl(p[0], TIOCSETD, &n), EPERM);
	CHECK_ERRNO(ioctl(p[0], KDSKBENT, &n), EPERM);
	CHECK_ERRNO(ioctl(p[0], VT_ACTIVATE, 1), EPERM);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 0);
	CHECK(syscall(SYS_ioctl, p[0], 0xffffffff00000000UL | FIONREAD, &n) == 0);
	CHECK_ERRNO(ioctl(p[0], TCGETS, &n), ENOTTY); /* reached the kernel */
	return 0;
}

static void ioctl_tiocsti_refused(void **state)
{
	(void)state;
	expect_ok(child_ioctl);
}

static int child_socket(void)
{
	int fd, sv[2];

	CHECK_ERRNO(socket(AF_PACKET, SOCK_RAW, 0), EAFNOSUPPORT);
	CHECK_ERRNO(socket(AF_VSOCK, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK_ERRNO(socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT), EAFNOSUPPORT);
	CHECK_ERRNO(socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER), EAFNOSUPPORT);
	CHECK_ERRNO(syscall(SYS_socket, 0x100000000UL | AF_UNIX, SOCK_STREAM, 0), EAFNOSUPPORT);
	CHECK((fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	close(fd);
	CHECK((fd = socket(AF_INET, SOCK_DGRAM, 0)) >= 0);
	close(fd);
	CHECK((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)) >= 0);
	close(fd);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK_ERRNO(socketpair(AF_PACKET, SOCK_DGRAM, 0, sv), EAFNOSUPPORT);
	return 0;
}

static void socket_packet_refused_unix_allowed(void **state)
{
	(void)state;
	expect_ok(child_socket);
}

static int lease_fd = -1; /* a file of ours, open read-only: leasable */

static int child_fcntl(void)
{
	int fd = memfd_create("t", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFL) >= 0);
	CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL) == 0);
	CHECK_ERRNO(syscall(SYS_fcntl, fd, 0x100000000UL | F_GETFL), EINVAL);
	CHECK_ERRNO(fcntl(lease_fd, F_SETLEASE, F_RDLCK), EINVAL);
	CHECK(fcntl(lease_fd, F_GETLEASE) == F_UNLCK);
	return 0;
}

static void fcntl_lease_refused(void **state)
{
	char path[] = "/tmp/moat-test-lease-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	lease_fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	assert_true(lease_fd >= 0);
	/* Natively the lease is granted, so EINVAL in the child is the
	 * filter's. */
	if (fcntl(lease_fd, F_SETLEASE, F_RDLCK) != 0) {
		close(lease_fd);
		skip();
	}
	assert_int_equal(fcntl(lease_fd, F_SETLEASE, F_UNLCK), 0);
	expect_ok(child_fcntl);
	close(lease_fd);
}

static int child_prctl(void)
{
	char name[16];

	CHECK(prctl(PR_SET_NAME, "moat-test", 0, 0, 0) == 0);
	CHECK(prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && strcmp(name, "moat-test") == 0);
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0) >= 0);
	CHECK_ERRNO(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 0, 0, 0), EINVAL);
	CHECK_ERRNO(prctl(PR_GET_TIMING, 0, 0, 0, 0), EINVAL);
	CHECK_ERRNO(prctl(PR_SET_MM, PR_SET_MM_START_BRK, 0, 0, 0), EINVAL);
	return 0;
}

static void prctl_unlisted_options_refused(void **state)
{
	(void)state;
	/* Natively PR_GET_TIMING answers 0: EINVAL below is the filter's. */
	assert_int_equal(prctl(PR_GET_TIMING, 0, 0, 0, 0), PR_TIMING_STATISTICAL);
	expect_ok(child_prctl);
}

static int child_personality(void)
{
	CHECK(personality(0xffffffff) >= 0);
	CHECK(syscall(SYS_personality, -1L) >= 0); /* the kernel reads an int */
	CHECK_ERRNO(syscall(SYS_personality, PER_LINUX | READ_IMPLIES_EXEC), EPERM);
	CHECK_ERRNO(syscall(SYS_personality, PER_LINUX | MMAP_PAGE_ZERO), EPERM);
	return 0;
}

static void personality_query_allowed_others_refused(void **state)
{
	(void)state;
	expect_ok(child_personality);
}

static int child_seccomp(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog p = { 1, &allow };
	uint32_t action = SECCOMP_RET_KILL_PROCESS;

	CHECK_ERRNO(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			    SECCOMP_FILTER_FLAG_NEW_LISTENER, &p), EPERM);
	CHECK(syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0);
	/* A filter that only adds restrictions is fine. */
	CHECK(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p) == 0);
	CHECK(syscall(SYS_getppid) == test_pid);
	return 0;
}

static void seccomp_listener_refused(void **state)
{
	(void)state;
	expect_ok(child_seccomp);
}

static int child_move_pages(void)
{
	int status;

	CHECK(syscall(SYS_move_pages, 0, 0, NULL, NULL, &status, 0) == 0);
	CHECK_ERRNO(syscall(SYS_move_pages, 1, 0, NULL, NULL, &status, 0), EPERM);
	CHECK_ERRNO(syscall(SYS_migrate_pages, 1, 0, NULL, NULL), EPERM);
	return 0;
}

static void move_pages_of_others_refused(void **state)
{
	(void)state;
	expect_ok(child_move_pages);
}

static int child_unknown(void)
{
	CHECK_ERRNO(syscall(1000), ENOSYS);
	CHECK_ERRNO(syscall(400), ENOSYS);  /* a 32-bit-only number */
	CHECK_ERRNO(syscall(470), ENOSYS);  /* newer than the table */
	return 0;
}

static void unknown_number_enosys(void **state)
{
	(void)state;
	expect_ok(child_unknown);
}

static int child_x32(void)
{
	syscall(X32_SYSCALL_BIT | SYS_getppid);
	return 1;
}

static void x32_number_kills(void **state)
{
	(void)state;
	expect_sigsys(child_x32);
}

static long int80(long nr)
{
	long ret;
	/* i386 entry from 64-bit code; the kernel clears r8-r11 on the way. */
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static int child_int80(void)
{
	return int80(20) == getpid() ? 0 : 1; /* 20: getpid on i386 */
}

static void int80_kills(void **state)
{
	(void)state;
	/* Without IA32 emulation int $0x80 faults before seccomp sees it. */
	int st = run_child(child_int80, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		skip();
	expect_sigsys(child_int80);
}

/* ---- evaluated: a classic-BPF interpreter --------------------------------- */

static uint32_t bpf_run(const struct sock_fprog *p, const struct seccomp_data *d)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (unsigned int pc = 0; pc < p->len; pc++) {
		const struct sock_filter *in = &p->filter[pc];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k % 4 || in->k + 4 > sizeof *d)
				fail_msg("pc %u: load at %u", pc, in->k);
			memcpy(&a, (const char *)d + in->k, 4);
			break;
		case BPF_LD | BPF_IMM:
			a = in->k;
			break;
		case BPF_LD | BPF_MEM:
			a = mem[in->k % BPF_MEMWORDS];
			break;
		case BPF_LDX | BPF_MEM:
			x = mem[in->k % BPF_MEMWORDS];
			break;
		case BPF_ST:
			mem[in->k % BPF_MEMWORDS] = a;
			break;
		case BPF_STX:
			mem[in->k % BPF_MEMWORDS] = x;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= in->k;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
			a |= in->k;
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_JMP | BPF_JA:
			pc += in->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= in->k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & in->k) ? in->jt : in->jf;
			break;
		case BPF_RET | BPF_K:
			return in->k;
		default:
			fail_msg("pc %u: opcode %#x not in this interpreter", pc, in->code);
		}
	}
	fail_msg("the program ran off its end");
	return 0;
}

static uint32_t eval(const struct sock_fprog *p, long nr, uint64_t a0, uint64_t a1,
		     uint64_t a2)
{
	struct seccomp_data d = {
		.nr = (int)nr, .arch = AUDIT_ARCH_X86_64, .args = { a0, a1, a2 },
	};
	return bpf_run(p, &d);
}

#define ALLOW SECCOMP_RET_ALLOW
#define ERR(e) (SECCOMP_RET_ERRNO | (uint32_t)(e))

static void every_row_gets_its_action(void **state)
{
	static const struct { enum trap_mode mode; uint32_t emulate; } modes[] = {
		{ FILTER_NOTIFY, SECCOMP_RET_USER_NOTIF },
		{ FILTER_TRACE, SECCOMP_RET_TRACE },
		{ FILTER_ERRNO_TEST, ERR(FILTER_TEST_ERRNO) },
	};

	(void)state;
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct sock_fprog p;
		assert_int_equal(guest_filter_build(modes[m].mode, &p), 0);
		for (long nr = 0; nr < 1024; nr++) {
			const struct sys_info *row = sys_lookup(nr);
			uint32_t got = eval(&p, nr, 0, 0, 0), want;
			switch (row->cls) {
			case CLASS_PASS:
				want = ALLOW;
				break;
			case CLASS_EMULATE:
				want = modes[m].emulate;
				break;
			case CLASS_DENY:
				want = ERR(row->err);
				break;
			case CLASS_PASSARG:
				want = got == ALLOW ? ALLOW : ERR(row->err);
				break;
			default:
				want = ERR(ENOSYS);
			}
			if (got != want)
				fail_msg("mode %zu, %ld (%s): %#x, expected %#x", m, nr,
					 row->name ? row->name : "no row", got, want);
		}
		guest_filter_free(&p);
		assert_null(p.filter);
	}
}

static void foreign_architectures_kill(void **state)
{
	struct seccomp_data d = { .nr = SYS_getppid, .arch = AUDIT_ARCH_I386 };

	(void)state;
	assert_int_equal(bpf_run(&prog, &d), SECCOMP_RET_KILL_PROCESS);
	for (long nr = 0; nr < 600; nr++)
		assert_int_equal(eval(&prog, X32_SYSCALL_BIT | nr, 0, 0, 0),
				 SECCOMP_RET_KILL_PROCESS);
}

static bool ioctl_refused(uint32_t cmd)
{
	return (cmd >= 0x4b00 && cmd <= 0x4bff) || cmd == TIOCSTI ||
	       cmd == TIOCLINUX || cmd == TIOCCONS || cmd == TIOCSETD ||
	       (cmd >= 0x5600 && cmd <= 0x56ff);
}

/* Every low-half value up to 0x20000, a spread of the rest, and three
 * upper halves: refused exactly on the list. */
static void ioctl_cmd_space(void **state)
{
	static const uint64_t highs[] = { 0, 0xffffffff00000000UL, 0x1234567800000000UL };
	uint32_t seed = 1;

	(void)state;
	for (size_t h = 0; h < 3; h++) {
		for (uint32_t cmd = 0; cmd < 0x20000; cmd++) {
			uint32_t got = eval(&prog, SYS_ioctl, 3, highs[h] | cmd, 0);
			if (got != (ioctl_refused(cmd) ? ERR(EPERM) : ALLOW))
				fail_msg("ioctl %#lx: %#x", (unsigned long)(highs[h] | cmd), got);
		}
		for (int i = 0; i < 100000; i++) {
			seed = seed * 1103515245u + 12345u;
			uint32_t cmd = seed ^ (seed << 7);
			uint32_t got = eval(&prog, SYS_ioctl, 3, highs[h] | cmd, 0);
			assert_int_equal(got, ioctl_refused(cmd) ? ERR(EPERM) : ALLOW);
		}
	}
}

static bool fcntl_allowed(uint64_t cmd)
{
	return cmd <= F_GETSIG ||
	       (cmd >= F_SETOWN_EX && cmd <= 17 /* F_GETOWNER_UIDS */) ||
	       (cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW) ||
	       cmd == F_GETLEASE || cmd == F_NOTIFY ||
	       (cmd >= F_DUPFD_CLOEXEC && cmd <= F_SET_RW_HINT);
}

static void fcntl_cmd_space(void **state)
{
	(void)state;
	for (uint64_t cmd = 0; cmd < 0x2000; cmd++) {
		assert_int_equal(eval(&prog, SYS_fcntl, 3, cmd, 0),
				 fcntl_allowed(cmd) ? ALLOW : ERR(EINVAL));
		assert_int_equal(eval(&prog, SYS_fcntl, 3, (1UL << 32) | cmd, 0), ERR(EINVAL));
	}
	assert_int_equal(eval(&prog, SYS_fcntl, 3, UINT64_MAX, 0), ERR(EINVAL));
	assert_int_equal(eval(&prog, SYS_fcntl, 3, 0xffffffff, 0), ERR(EINVAL));
}

static void clone_flag_space(void **state)
{
	const uint64_t ns = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
			    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
			    CLONE_NEWNET | CLONE_UNTRACED;
	uint64_t seed = 7;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t flags = seed & (seed >> 17); /* sparse bits */
		assert_int_equal(eval(&prog, SYS_clone, flags, 0, 0),
				 (flags & ns) ? ERR(EPERM) : ALLOW);
		assert_int_equal(eval(&prog, SYS_unshare, flags, 0, 0),
				 (flags & ((ns & ~(uint64_t)CLONE_UNTRACED) | CLONE_NEWTIME)) ?
				 ERR(EPERM) : ALLOW);
	}
	/* what glibc's fork and pthread_create ask for */
	assert_int_equal(eval(&prog, SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, 0), ALLOW);
	assert_int_equal(eval(&prog, SYS_clone, CLONE_VM | CLONE_FS | CLONE_FILES |
			      CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
			      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, 0, 0), ALLOW);
}

static void socket_and_prctl_values(void **state)
{
	(void)state;
	for (uint64_t dom = 0; dom < 64; dom++) {
		bool ok = dom == AF_UNIX || dom == AF_INET || dom == AF_INET6 ||
			  dom == AF_NETLINK; /* with protocol 0, NETLINK_ROUTE */
		assert_int_equal(eval(&prog, SYS_socket, dom, SOCK_STREAM, 0),
				 ok ? ALLOW : ERR(EAFNOSUPPORT));
		assert_int_equal(eval(&prog, SYS_socketpair, dom, SOCK_STREAM, 0),
				 ok ? ALLOW : ERR(EAFNOSUPPORT));
	}
	for (uint64_t proto = 0; proto < 64; proto++)
		assert_int_equal(eval(&prog, SYS_socket, AF_NETLINK, SOCK_RAW, proto),
				 proto == NETLINK_ROUTE ? ALLOW : ERR(EAFNOSUPPORT));
	assert_int_equal(eval(&prog, SYS_socket, AF_NETLINK, SOCK_RAW, 1UL << 32),
			 ERR(EAFNOSUPPORT));

	assert_int_equal(eval(&prog, SYS_prctl, PR_SET_VMA, 0, 0), ALLOW);
	assert_int_equal(eval(&prog, SYS_prctl, PR_SET_VMA + 1, 0, 0), ERR(EINVAL));
	assert_int_equal(eval(&prog, SYS_prctl, PR_SET_PTRACER, 0, 0), ERR(EINVAL));
	assert_int_equal(eval(&prog, SYS_prctl, 59 /* PR_SET_SYSCALL_USER_DISPATCH */, 0, 0),
			 ERR(EINVAL));
	for (uint64_t op = 0; op < 8; op++)
		assert_int_equal(eval(&prog, SYS_prctl, PR_CAP_AMBIENT, op, 0),
				 op == 1 || op == 3 || op == 4 ? ALLOW : ERR(EINVAL));

	assert_int_equal(eval(&prog, SYS_personality, 0xffffffff, 0, 0), ALLOW);
	assert_int_equal(eval(&prog, SYS_personality, UINT64_MAX, 0, 0), ALLOW);
	assert_int_equal(eval(&prog, SYS_personality, ADDR_NO_RANDOMIZE, 0, 0), ALLOW);
	assert_int_equal(eval(&prog, SYS_personality, 0xfffffffe, 0, 0), ERR(EPERM));
	assert_int_equal(eval(&prog, SYS_personality, READ_IMPLIES_EXEC, 0, 0), ERR(EPERM));
}

static void dump_lists_every_row(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	size_t lines = 0;

	(void)state;
	assert_non_null(f);
	guest_filter_dump(f);
	fclose(f);
	for (size_t i = 0; i < len; i++)
		lines += buf[i] == '\n';
	assert_true(lines > sys_count(CLASS_PASS) + sys_count(CLASS_DENY) +
			    sys_count(CLASS_EMULATE) + 2 * sys_count(CLASS_PASSARG));
	assert_non_null(strstr(buf, " ioctl "));
	assert_non_null(strstr(buf, "TIOCSTI (0x5412)"));
	assert_non_null(strstr(buf, "PASS 2"));
	free(buf);
}

static int setup(void **state)
{
	(void)state;
	test_pid = getpid();
	return guest_filter_build(FILTER_ERRNO_TEST, &prog) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	guest_filter_free(&prog);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getppid_passes),
		cmocka_unit_test(openat_is_trapped),
		cmocka_unit_test(every_emulate_and_deny_row_returns_its_errno),
		cmocka_unit_test(bpf_io_uring_mount_refused),
		cmocka_unit_test(clone_newuser_refused_fork_works),
		cmocka_unit_test(clone3_refused_enosys_glibc_falls_back),
		cmocka_unit_test(unshare_namespaces_refused),
		cmocka_unit_test(ioctl_tiocsti_refused),
		cmocka_unit_test(socket_packet_refused_unix_allowed),
		cmocka_unit_test(fcntl_lease_refused),
		cmocka_unit_test(prctl_unlisted_options_refused),
		cmocka_unit_test(personality_query_allowed_others_refused),
		cmocka_unit_test(seccomp_listener_refused),
		cmocka_unit_test(move_pages_of_others_refused),
		cmocka_unit_test(unknown_number_enosys),
		cmocka_unit_test(x32_number_kills),
		cmocka_unit_test(int80_kills),
		cmocka_unit_test(every_row_gets_its_action),
		cmocka_unit_test(foreign_architectures_kill),
		cmocka_unit_test(ioctl_cmd_space),
		cmocka_unit_test(fcntl_cmd_space),
		cmocka_unit_test(clone_flag_space),
		cmocka_unit_test(socket_and_prctl_values),
		cmocka_unit_test(dump_lists_every_row),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
