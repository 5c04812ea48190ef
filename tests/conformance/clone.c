/* Conformance: clone(2) and clone3(2): CLONE_VM|CLONE_VFORK, CLONE_FILES,
 * the tid flags, exit signals, flag validation, CLONE_PIDFD and the
 * extensible-struct size rules of clone3. */
#include "proc_common.h"

#include <sched.h>
#include <linux/sched.h>

#ifndef CLONE_ARGS_SIZE_VER0
#define CLONE_ARGS_SIZE_VER0 64
#endif

enum { STACK_SIZE = 256 * 1024 };

static char *child_stack_top(void)
{
	static char stack[STACK_SIZE] __attribute__((aligned(16)));
	return stack + sizeof stack;
}

static volatile int vm_marker;

static int set_marker(void *arg)
{
	vm_marker = (int)(intptr_t)arg;
	return 17;
}

static void clone_vm_vfork_child_writes_parent_memory(void **state)
{
	(void)state;
	vm_marker = 0;
	fflush(stdout);
	int pid = assert_ok(clone(set_marker, child_stack_top(),
				  CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)5));
	/* CLONE_VFORK: we resume only after the child exited. */
	assert_int_equal(vm_marker, 5);
	assert_child_exited(pid, 17);
}

static void clone_without_vm_gets_private_memory(void **state)
{
	(void)state;
	vm_marker = 0;
	fflush(stdout);
	int pid = assert_ok(clone(set_marker, child_stack_top(), SIGCHLD, (void *)6));
	assert_child_exited(pid, 17);
	assert_int_equal(vm_marker, 0);
}

static int open_file(void *arg)
{
	(void)arg;
	int fd = open("cloned", O_RDWR | O_CREAT, 0600);
	return fd < 0 ? 255 : fd;
}

static void clone_files_shares_fd_table(void **state)
{
	(void)state;
	fflush(stdout);
	int pid = assert_ok(clone(open_file, child_stack_top(), CLONE_FILES | SIGCHLD, NULL));
	int status = conf_wait(pid);
	assert_true(WIFEXITED(status));
	int fd = WEXITSTATUS(status);
	assert_true(fd != 255);
	/* The descriptor the child opened exists in our table too. */
	assert_int_equal(assert_ok(write(fd, "f", 1)), 1);
	close(fd);
	assert_ok(unlink("cloned"));
}

static int just_exit(void *arg)
{
	(void)arg;
	return 3;
}

static void clone_non_sigchld_exit_signal_needs_wall(void **state)
{
	(void)state;
	int status;
	fflush(stdout);
	/* Ignored before the clone: the child may exit, and its SIGUSR2
	 * arrive, before the parent runs again. */
	signal(SIGUSR2, SIG_IGN);
	int pid = assert_ok(clone(just_exit, child_stack_top(), SIGUSR2, NULL));
	/* wait(2): a child whose exit signal is not SIGCHLD is a "clone"
	 * child, seen only with __WCLONE or __WALL.  WNOHANG: never block. */
	assert_errno(waitpid(pid, &status, WNOHANG), ECHILD);
	status = conf_wait_opts(pid, __WALL);
	signal(SIGUSR2, SIG_DFL);
	assert_status_exited(status, 3);
}

static void clone_parent_and_child_settid_store_tid(void **state)
{
	(void)state;
	pid_t ptid = 0, ctid = 0;
	fflush(stdout);
	long pid = syscall(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD,
			   NULL, &ptid, &ctid, NULL);
	if (pid == 0)
		_exit(ctid == gettid() ? 0 : 1);
	assert_true(pid > 0);
	assert_int_equal(ptid, pid);
	assert_child_ok((pid_t)pid);
}

static volatile pid_t clear_tid;

static void clone_child_cleartid_zeroes_on_exit(void **state)
{
	(void)state;
	clear_tid = -1;
	fflush(stdout);
	int pid = assert_ok(clone(just_exit, child_stack_top(),
				  CLONE_VM | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
				  NULL, NULL, NULL, &clear_tid));
	assert_child_exited(pid, 3);
	assert_int_equal(clear_tid, 0);
}

static void clone_thread_without_sighand_fails_einval(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_clone, CLONE_THREAD | CLONE_VM, NULL, NULL, NULL, NULL), EINVAL);
}

static void clone_sighand_without_vm_fails_einval(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, NULL, NULL, NULL, NULL), EINVAL);
}

/* Sandboxes often answer clone3 with ENOSYS so that libc falls back to
 * clone; the kernel itself answers a NULL, zero-sized request EINVAL. */
static void need_clone3(void)
{
	errno = 0;
	if (syscall(SYS_clone3, NULL, 0) == -1 && errno == ENOSYS)
		skip_because("clone3 is not available (ENOSYS)");
}

static long clone3(struct clone_args *args, size_t size)
{
	fflush(stdout);
	fflush(stderr);
	return syscall(SYS_clone3, args, size);
}

static void clone3_basic_child_exit_reaches_parent(void **state)
{
	(void)state;
	need_clone3();
	struct clone_args args = { .exit_signal = SIGCHLD };
	long pid = clone3(&args, sizeof args);
	if (pid == 0)
		_exit(getppid() > 0 ? 23 : 1);
	assert_true(pid > 0);
	assert_child_exited((pid_t)pid, 23);
}

static void clone3_pidfd_becomes_readable_on_exit(void **state)
{
	(void)state;
	need_clone3();
	int pidfd = -1;
	struct clone_args args = {
		.flags = CLONE_PIDFD,
		.pidfd = (uintptr_t)&pidfd,
		.exit_signal = SIGCHLD,
	};
	long pid = clone3(&args, sizeof args);
	if (pid == 0) {
		conf_sleep_ms(20);
		_exit(4);
	}
	assert_true(pid > 0);
	assert_true(pidfd >= 0);
	assert_int_equal(assert_ok(fcntl(pidfd, F_GETFD)), FD_CLOEXEC);
	assert_true(conf_readable(pidfd, CONF_CHILD_TIMEOUT_MS));
	assert_child_exited((pid_t)pid, 4);
	close(pidfd);
}

static void clone3_unknown_flag_fails_einval(void **state)
{
	(void)state;
	need_clone3();
	struct clone_args args = { .flags = 1ULL << 62, .exit_signal = SIGCHLD };
	assert_errno(clone3(&args, sizeof args), EINVAL);
}

static void clone3_size_below_ver0_fails_einval(void **state)
{
	(void)state;
	need_clone3();
	struct clone_args args = { .exit_signal = SIGCHLD };
	assert_errno(clone3(&args, CLONE_ARGS_SIZE_VER0 - 8), EINVAL);
}

static void clone3_nonzero_unknown_tail_fails_e2big(void **state)
{
	(void)state;
	need_clone3();
	struct {
		struct clone_args args;
		char tail[4096 - sizeof(struct clone_args)];
	} big;
	memset(&big, 0, sizeof big);
	big.args.exit_signal = SIGCHLD;
	big.tail[sizeof big.tail - 1] = 1;
	/* An extensible struct larger than the kernel knows is accepted only
	 * if the unknown tail is zero. */
	assert_errno(clone3(&big.args, sizeof big), E2BIG);
}

static void clone3_bad_args_pointer_fails_efault(void **state)
{
	(void)state;
	need_clone3();
	assert_errno(syscall(SYS_clone3, CONF_BAD_PTR, sizeof(struct clone_args)), EFAULT);
}

static void clone3_invalid_exit_signal_fails_einval(void **state)
{
	(void)state;
	need_clone3();
	struct clone_args args = { .exit_signal = 200 };
	assert_errno(clone3(&args, sizeof args), EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clone_vm_vfork_child_writes_parent_memory),
		cmocka_unit_test(clone_without_vm_gets_private_memory),
		cmocka_unit_test(clone_files_shares_fd_table),
		cmocka_unit_test(clone_non_sigchld_exit_signal_needs_wall),
		cmocka_unit_test(clone_parent_and_child_settid_store_tid),
		cmocka_unit_test(clone_child_cleartid_zeroes_on_exit),
		cmocka_unit_test(clone_thread_without_sighand_fails_einval),
		cmocka_unit_test(clone_sighand_without_vm_fails_einval),
		cmocka_unit_test(clone3_basic_child_exit_reaches_parent),
		cmocka_unit_test(clone3_pidfd_becomes_readable_on_exit),
		cmocka_unit_test(clone3_unknown_flag_fails_einval),
		cmocka_unit_test(clone3_size_below_ver0_fails_einval),
		cmocka_unit_test(clone3_nonzero_unknown_tail_fails_e2big),
		cmocka_unit_test(clone3_bad_args_pointer_fails_efault),
		cmocka_unit_test(clone3_invalid_exit_signal_fails_einval),
	};
	return conf_run(tests);
}
