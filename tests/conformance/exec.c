/* Conformance: execve(2) and execveat(2): argv/envp passing, what survives
 * an exec (pid, mask, ignored signals, non-CLOEXEC fds), shebang scripts,
 * and the errors ENOEXEC, EACCES, ENOENT, ENOTDIR, E2BIG, ELOOP, EFAULT.
 *
 * The program re-executes a copy of itself ("self" in the scratch
 * directory) with a "--conf-exec-*" mode argument; helper_main() answers
 * with an exit code: 0 when what it checked holds. */
#include "proc_common.h"

#include <sys/statvfs.h>

extern char **environ;

static void h_ignore(int sig)
{
	(void)sig;
}

static int helper_main(int argc, char **argv)
{
	const char *mode = argv[1];
	if (strcmp(mode, "--conf-exec-exit") == 0)
		return argc > 2 ? atoi(argv[2]) : 1;
	if (strcmp(mode, "--conf-exec-args") == 0) {
		if (argc != 5 || strcmp(argv[2], "a b") || strcmp(argv[3], "") ||
		    strcmp(argv[4], "c"))
			return 2;
		if (!environ[0] || strcmp(environ[0], "FOO=bar") || !environ[1] ||
		    strcmp(environ[1], "EMPTY=") || environ[2])
			return 3;
		return 0;
	}
	if (strcmp(mode, "--conf-exec-pid") == 0)
		return argc > 2 && atoi(argv[2]) == getpid() ? 0 : 2;
	if (strcmp(mode, "--conf-exec-fd") == 0) {
		/* argv[2] must be closed, argv[3] open. */
		if (argc != 4)
			return 2;
		if (fcntl(atoi(argv[2]), F_GETFD) != -1 || errno != EBADF)
			return 3;
		return fcntl(atoi(argv[3]), F_GETFD) == 0 ? 0 : 4;
	}
	if (strcmp(mode, "--conf-exec-signals") == 0) {
		sigset_t now;
		struct sigaction sa;
		if (sigprocmask(SIG_BLOCK, NULL, &now) || !sigismember(&now, SIGUSR1))
			return 2;
		if (sigaction(SIGUSR2, NULL, &sa) || sa.sa_handler != SIG_DFL)
			return 3;
		if (sigaction(SIGTERM, NULL, &sa) || sa.sa_handler != SIG_IGN)
			return 4;
		return 0;
	}
	if (strcmp(mode, "--conf-exec-shebang") == 0) {
		/* #!interp optarg: argv = interp, optarg, script, args... */
		if (argc != 4 || strcmp(argv[2], "./script") || strcmp(argv[3], "x1"))
			return 2;
		return 0;
	}
	return 100;
}

static void need_self(void)
{
	struct statvfs vfs;
	if (statvfs(".", &vfs) == 0 && (vfs.f_flag & ST_NOEXEC))
		skip_because("the scratch directory is on a noexec mount");
	if (access("self", X_OK) == 0)
		return;
	if (!conf_copy_self("self"))
		skip_because("cannot copy /proc/self/exe into the scratch directory");
}

/* Fork, run EXEC_FN in the child (which execs), and return the status. */
static int run_exec(void (*exec_fn)(void *), void *arg)
{
	pid_t pid = conf_fork();
	if (pid == 0) {
		exec_fn(arg);
		dprintf(2, "exec failed: %s\n", conf_errname(errno));
		_exit(120);
	}
	return conf_wait(pid);
}

static void exec_argv(void *arg)
{
	char **argv = arg;
	execv("./self", argv);
}

static void exec_args_envp(void *arg)
{
	(void)arg;
	char *argv[] = { "self", "--conf-exec-args", "a b", "", "c", NULL };
	char *envp[] = { "FOO=bar", "EMPTY=", NULL };
	execve("./self", argv, envp);
}

static void execve_passes_argv_and_envp(void **state)
{
	(void)state;
	need_self();
	assert_status_exited(run_exec(exec_args_envp, NULL), 0);
}

static void execve_child_exit_code_comes_from_new_image(void **state)
{
	(void)state;
	need_self();
	char *argv[] = { "self", "--conf-exec-exit", "37", NULL };
	assert_status_exited(run_exec(exec_argv, argv), 37);
}

static void exec_pid(void *arg)
{
	(void)arg;
	char pid[32];
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	char *argv[] = { "self", "--conf-exec-pid", pid, NULL };
	execv("./self", argv);
}

static void execve_keeps_pid(void **state)
{
	(void)state;
	need_self();
	assert_status_exited(run_exec(exec_pid, NULL), 0);
}

static void exec_fds(void *arg)
{
	(void)arg;
	int a = open("self", O_RDONLY | O_CLOEXEC);
	int b = open("self", O_RDONLY);
	char sa[16], sb[16];
	snprintf(sa, sizeof sa, "%d", a);
	snprintf(sb, sizeof sb, "%d", b);
	char *argv[] = { "self", "--conf-exec-fd", sa, sb, NULL };
	if (a >= 0 && b >= 0)
		execv("./self", argv);
}

static void execve_closes_only_cloexec_fds(void **state)
{
	(void)state;
	need_self();
	assert_status_exited(run_exec(exec_fds, NULL), 0);
}

static void exec_signals(void *arg)
{
	(void)arg;
	sigset_t s;
	struct sigaction sa = { .sa_handler = h_ignore };
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	signal(SIGTERM, SIG_IGN);
	char *argv[] = { "self", "--conf-exec-signals", NULL };
	execv("./self", argv);
}

static void execve_resets_handlers_keeps_mask_and_ignored(void **state)
{
	(void)state;
	need_self();
	assert_status_exited(run_exec(exec_signals, NULL), 0);
}

static void write_file(const char *name, const char *text, mode_t mode)
{
	int fd = assert_ok(open(name, O_WRONLY | O_CREAT | O_TRUNC, mode));
	assert_int_equal(assert_ok(write(fd, text, strlen(text))), strlen(text));
	assert_ok(fchmod(fd, mode));
	close(fd);
}

static void exec_script(void *arg)
{
	(void)arg;
	char *argv[] = { "./script", "x1", NULL };
	execv("./script", argv);
}

static void execve_shebang_script_runs_interpreter(void **state)
{
	(void)state;
	char cwd[PATH_MAX], line[PATH_MAX + 64];
	need_self();
	assert_non_null(getcwd(cwd, sizeof cwd));
	/* binfmt_script reads at most 256 bytes of the first line. */
	if (strlen(cwd) > 180)
		skip_because("scratch path too long for a #! line");
	snprintf(line, sizeof line, "#!%s/self --conf-exec-shebang\nignored\n", cwd);
	write_file("script", line, 0755);
	assert_status_exited(run_exec(exec_script, NULL), 0);
}

static void execve_shebang_missing_interpreter_fails_enoent(void **state)
{
	(void)state;
	char cwd[PATH_MAX], line[PATH_MAX + 64];
	char *argv[] = { "script2", NULL }, *envp[] = { NULL };
	assert_non_null(getcwd(cwd, sizeof cwd));
	if (strlen(cwd) > 180)
		skip_because("scratch path too long for a #! line");
	snprintf(line, sizeof line, "#!%s/no-such-interpreter\n", cwd);
	write_file("script2", line, 0755);
	assert_errno(execve("./script2", argv, envp), ENOENT);
}

static void execve_non_elf_without_shebang_fails_enoexec(void **state)
{
	(void)state;
	char *argv[] = { "junk", NULL }, *envp[] = { NULL };
	write_file("junk", "this is not a program\n", 0755);
	assert_errno(execve("./junk", argv, envp), ENOEXEC);
}

static void execve_file_without_exec_bit_fails_eacces(void **state)
{
	(void)state;
	char *argv[] = { "noexec", NULL }, *envp[] = { NULL };
	need_self();
	assert_true(conf_copy_self("noexec"));
	assert_ok(chmod("noexec", 0644));
	/* Even root needs at least one execute bit (execve(2), EACCES). */
	assert_errno(execve("./noexec", argv, envp), EACCES);
}

static void execve_directory_fails_eacces(void **state)
{
	(void)state;
	char *argv[] = { "dir", NULL }, *envp[] = { NULL };
	assert_ok(mkdir("dir", 0755));
	assert_errno(execve("./dir", argv, envp), EACCES);
	assert_ok(rmdir("dir"));
}

static void execve_missing_file_fails_enoent(void **state)
{
	(void)state;
	char *argv[] = { "missing", NULL }, *envp[] = { NULL };
	assert_errno(execve("./missing", argv, envp), ENOENT);
}

static void execve_file_as_directory_fails_enotdir(void **state)
{
	(void)state;
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	write_file("plain", "x", 0644);
	assert_errno(execve("./plain/x", argv, envp), ENOTDIR);
}

static void execve_oversized_argument_fails_e2big(void **state)
{
	(void)state;
	need_self();
	/* A single string longer than MAX_ARG_STRLEN (32 pages). */
	size_t len = 33 * 4096;
	char *big = malloc(len + 1);
	assert_non_null(big);
	memset(big, 'a', len);
	big[len] = 0;
	char *argv[] = { "self", big, NULL }, *envp[] = { NULL };
	assert_errno(execve("./self", argv, envp), E2BIG);
	free(big);
}

static void execve_bad_path_pointer_fails_efault(void **state)
{
	(void)state;
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	assert_errno(syscall(SYS_execve, CONF_BAD_PTR, argv, envp), EFAULT);
}

static void exec_at_fd(void *arg)
{
	(void)arg;
	int fd = open("self", O_RDONLY);
	char *argv[] = { "self", "--conf-exec-exit", "41", NULL };
	if (fd >= 0)
		syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
}

static void execveat_empty_path_executes_fd(void **state)
{
	(void)state;
	need_self();
	assert_status_exited(run_exec(exec_at_fd, NULL), 41);
}

static void exec_at_dirfd(void *arg)
{
	(void)arg;
	int dfd = open("sub", O_RDONLY | O_DIRECTORY);
	char *argv[] = { "self", "--conf-exec-exit", "43", NULL };
	if (dfd >= 0)
		syscall(SYS_execveat, dfd, "self", argv, environ, 0);
}

static void execveat_relative_path_uses_dirfd(void **state)
{
	(void)state;
	need_self();
	assert_ok(mkdir("sub", 0755));
	assert_ok(link("self", "sub/self"));
	assert_status_exited(run_exec(exec_at_dirfd, NULL), 43);
	assert_ok(unlink("sub/self"));
	assert_ok(rmdir("sub"));
}

static void execveat_symlink_nofollow_fails_eloop(void **state)
{
	(void)state;
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	need_self();
	assert_ok(symlink("self", "link"));
	assert_errno(syscall(SYS_execveat, AT_FDCWD, "link", argv, envp,
			     AT_SYMLINK_NOFOLLOW), ELOOP);
	assert_ok(unlink("link"));
}

static void execveat_invalid_flags_fail_einval(void **state)
{
	(void)state;
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	need_self();
	assert_errno(syscall(SYS_execveat, AT_FDCWD, "self", argv, envp, 0x4), EINVAL);
}

static void execveat_closed_dirfd_fails_ebadf(void **state)
{
	(void)state;
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	int fd = assert_ok(open(".", O_RDONLY | O_DIRECTORY));
	close(fd);
	assert_errno(syscall(SYS_execveat, fd, "self", argv, envp, 0), EBADF);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strncmp(argv[1], "--conf-exec-", 12) == 0)
		return helper_main(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(execve_passes_argv_and_envp),
		cmocka_unit_test(execve_child_exit_code_comes_from_new_image),
		cmocka_unit_test(execve_keeps_pid),
		cmocka_unit_test(execve_closes_only_cloexec_fds),
		cmocka_unit_test(execve_resets_handlers_keeps_mask_and_ignored),
		cmocka_unit_test(execve_shebang_script_runs_interpreter),
		cmocka_unit_test(execve_shebang_missing_interpreter_fails_enoent),
		cmocka_unit_test(execve_non_elf_without_shebang_fails_enoexec),
		cmocka_unit_test(execve_file_without_exec_bit_fails_eacces),
		cmocka_unit_test(execve_directory_fails_eacces),
		cmocka_unit_test(execve_missing_file_fails_enoent),
		cmocka_unit_test(execve_file_as_directory_fails_enotdir),
		cmocka_unit_test(execve_oversized_argument_fails_e2big),
		cmocka_unit_test(execve_bad_path_pointer_fails_efault),
		cmocka_unit_test(execveat_empty_path_executes_fd),
		cmocka_unit_test(execveat_relative_path_uses_dirfd),
		cmocka_unit_test(execveat_symlink_nofollow_fails_eloop),
		cmocka_unit_test(execveat_invalid_flags_fail_einval),
		cmocka_unit_test(execveat_closed_dirfd_fails_ebadf),
	};
	return conf_run(tests);
}
