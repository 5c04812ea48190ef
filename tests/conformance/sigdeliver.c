/* Conformance: signal delivery: tgkill(2) to one thread, choice of thread
 * for a process-directed signal, EINTR versus SA_RESTART on a blocking
 * read(2), stop and continue, process groups and sigqueue(3) across
 * processes. */
#include "proc_common.h"

#include <pthread.h>

static volatile sig_atomic_t hits;
static volatile pid_t handler_tid;
static int note_fd = -1; /* if set, the handler writes a byte to it */

static void on_signal(int sig)
{
	int saved = errno;
	(void)sig;
	handler_tid = gettid();
	hits++;
	if (note_fd >= 0)
		(void)!write(note_fd, "h", 1);
	errno = saved;
}

static void install(int sig, int flags)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = flags };
	child_check(sigaction(sig, &sa, NULL) == 0);
}

struct waiter {
	pid_t tid;
	int ready[2];
	int release[2];
};

/* A thread that reports its tid, then waits for a byte on release.  The
 * thread leaves signals unblocked; the caller sets the main thread's mask. */
static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	char c;
	w->tid = gettid();
	if (write(w->ready[1], "r", 1) != 1)
		return (void *)1;
	while (read(w->release[0], &c, 1) == -1 && errno == EINTR)
		;
	return NULL;
}

static void start_waiter(struct waiter *w, pthread_t *t)
{
	char c;
	child_check(pipe(w->ready) == 0 && pipe(w->release) == 0);
	child_check(pthread_create(t, NULL, waiter_main, w) == 0);
	child_check(conf_read_full(w->ready[0], &c, 1));
}

static void stop_waiter(struct waiter *w, pthread_t t)
{
	void *ret;
	child_check(write(w->release[1], "x", 1) == 1);
	child_check(pthread_join(t, &ret) == 0 && ret == NULL);
}

static void tgkill_child(void)
{
	struct waiter w;
	pthread_t t;
	install(SIGUSR1, SA_RESTART);
	start_waiter(&w, &t);
	child_check(syscall(SYS_tgkill, getpid(), w.tid, SIGUSR1) == 0);
	for (int i = 0; i < 5000 && hits == 0; i++)
		conf_sleep_ms(2);
	child_check(hits == 1);
	child_check(handler_tid == w.tid);
	stop_waiter(&w, t);
}

static void tgkill_delivers_to_named_thread(void **state)
{
	(void)state;
	conf_in_child(tgkill_child);
}

static void process_signal_child(void)
{
	struct waiter w;
	pthread_t t;
	sigset_t s;
	install(SIGUSR1, SA_RESTART);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	start_waiter(&w, &t);
	child_check(pthread_sigmask(SIG_BLOCK, &s, NULL) == 0);
	/* Only the waiter leaves SIGUSR1 unblocked, so it must take it. */
	child_check(kill(getpid(), SIGUSR1) == 0);
	for (int i = 0; i < 5000 && hits == 0; i++)
		conf_sleep_ms(2);
	child_check(hits == 1);
	child_check(handler_tid == w.tid);
	stop_waiter(&w, t);
}

static void kill_process_goes_to_thread_not_blocking(void **state)
{
	(void)state;
	conf_in_child(process_signal_child);
}

static void tgkill_exited_thread_fails_esrch(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(syscall(SYS_tgkill, getpid(), pid, 0), ESRCH);
}

static void tgkill_invalid_tid_fails_einval(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_tgkill, getpid(), 0, 0), EINVAL);
	assert_errno(syscall(SYS_tgkill, getpid(), -5, 0), EINVAL);
}

static void tgkill_wrong_tgid_fails_esrch(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* The child's tid exists, but not in our thread group. */
	assert_errno(syscall(SYS_tgkill, getpid(), pid, 0), ESRCH);
	assert_ok(kill(pid, SIGKILL));
	conf_wait(pid);
}

/* The child blocks in read() on a pipe; the parent signals it while it
 * sleeps there, then sends data.  With SA_RESTART the read resumes and gets
 * the data; without it, read fails EINTR.  The child exits with 0 for a
 * restarted read, 4 for EINTR.  Its handler writes a byte to NOTE.  The
 * child also says when its handler is in place, for when /proc cannot show
 * which call it sleeps in: under a sandbox a task also sleeps while a
 * trapped call is handled, so "sleeping" alone does not mean "in read". */
static pid_t blocked_reader(int flags, int p[2], int note[2])
{
	int ready[2];
	char c;
	assert_ok(pipe(ready));
	pid_t pid = conf_fork();
	if (pid == 0) {
		note_fd = note[1];
		install(SIGUSR1, flags);
		close(p[1]);
		child_check(write(ready[1], "r", 1) == 1);
		ssize_t n = read(p[0], &c, 1);
		child_check(hits == 1);
		if (n == 1 && c == 'd')
			_exit(0);
		if (n == -1 && errno == EINTR)
			_exit(4);
		_exit(5);
	}
	close(ready[1]);
	assert_true(conf_read_full(ready[0], &c, 1));
	close(ready[0]);
	return pid;
}

/* Wait until the reader is blocked in read(), not about to call it: a
 * signal that came before would run the handler and leave the read to
 * block for good.  If it never blocks there, its status tells why. */
static void wait_in_read(pid_t pid)
{
	if (conf_wait_blocked(pid, SYS_read))
		return;
	kill(pid, SIGKILL);
	int status = conf_wait(pid);
	fail_msg("reader %d never blocked in read (status 0x%x)", (int)pid, status);
}

static void read_without_sa_restart_fails_eintr(void **state)
{
	(void)state;
	int p[2], note[2];
	assert_ok(pipe(p));
	assert_ok(pipe(note));
	pid_t pid = blocked_reader(0, p, note);
	wait_in_read(pid);
	assert_ok(kill(pid, SIGUSR1));
	assert_child_exited(pid, 4);
	close(p[0]);
	close(p[1]);
	close(note[0]);
	close(note[1]);
}

static void read_with_sa_restart_is_restarted(void **state)
{
	(void)state;
	int p[2], note[2];
	char c;
	assert_ok(pipe(p));
	assert_ok(pipe(note));
	pid_t pid = blocked_reader(SA_RESTART, p, note);
	wait_in_read(pid);
	assert_ok(kill(pid, SIGUSR1));
	/* Send the data only once the handler has run and the restarted
	 * read blocks again: data sent earlier could satisfy the first read
	 * before the signal interrupts it, and nothing would be restarted. */
	assert_true(conf_read_full(note[0], &c, 1));
	wait_in_read(pid);
	assert_int_equal(assert_ok(write(p[1], "d", 1)), 1);
	assert_child_ok(pid);
	close(p[0]);
	close(p[1]);
	close(note[0]);
	close(note[1]);
}

static void kill_sigstop_and_sigcont_report_to_waitpid(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	assert_ok(kill(pid, SIGSTOP));
	int status = conf_wait_opts(pid, WUNTRACED);
	assert_true(WIFSTOPPED(status));
	assert_int_equal(WSTOPSIG(status), SIGSTOP);
	assert_ok(kill(pid, SIGCONT));
	status = conf_wait_opts(pid, WCONTINUED);
	assert_true(WIFCONTINUED(status));
	assert_ok(kill(pid, SIGKILL));
	status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
}

static void kill_negative_pid_signals_process_group(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(setpgid(0, 0) == 0);
		pid_t g = fork();
		child_check(g >= 0);
		if (g == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			for (;;)
				pause();
		}
		child_check(signal(SIGTERM, SIG_IGN) != SIG_ERR);
		child_check(kill(-getpgrp(), SIGTERM) == 0);
		int status;
		child_check(waitpid(g, &status, 0) == g);
		child_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void kill_nonexistent_pid_fails_esrch(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0)
		_exit(0);
	assert_child_ok(pid);
	assert_errno(kill(pid, SIGTERM), ESRCH);
}

static void kill_sigkill_terminates_despite_ignore_attempt(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		signal(SIGKILL, SIG_IGN);
		raise(SIGKILL);
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
}

static void sigqueue_to_other_process_carries_value(void **state)
{
	(void)state;
	int ready[2];
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	assert_ok(pipe(ready));
	pid_t parent = getpid();
	pid_t pid = conf_fork();
	if (pid == 0) {
		siginfo_t si;
		struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
		child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
		child_check(write(ready[1], "r", 1) == 1);
		child_check(sigtimedwait(&s, &si, &ts) == SIGRTMIN);
		child_check(si.si_code == SI_QUEUE);
		child_check(si.si_value.sival_int == 1234);
		child_check(si.si_pid == parent);
		_exit(0);
	}
	char c;
	assert_true(conf_read_full(ready[0], &c, 1));
	assert_ok(sigqueue(pid, SIGRTMIN, (union sigval){ .sival_int = 1234 }));
	assert_child_ok(pid);
	close(ready[0]);
	close(ready[1]);
}

static void sigchld_reports_child_pid_to_parent(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		sigset_t s;
		siginfo_t si;
		struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
		sigemptyset(&s);
		sigaddset(&s, SIGCHLD);
		child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
		pid_t g = fork();
		child_check(g >= 0);
		if (g == 0)
			_exit(7);
		child_check(sigtimedwait(&s, &si, &ts) == SIGCHLD);
		child_check(si.si_pid == g);
		child_check(si.si_code == CLD_EXITED);
		child_check(si.si_status == 7);
		child_check(waitpid(g, NULL, 0) == g);
		_exit(0);
	}
	assert_child_ok(pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tgkill_delivers_to_named_thread),
		cmocka_unit_test(kill_process_goes_to_thread_not_blocking),
		cmocka_unit_test(tgkill_exited_thread_fails_esrch),
		cmocka_unit_test(tgkill_invalid_tid_fails_einval),
		cmocka_unit_test(tgkill_wrong_tgid_fails_esrch),
		cmocka_unit_test(read_without_sa_restart_fails_eintr),
		cmocka_unit_test(read_with_sa_restart_is_restarted),
		cmocka_unit_test(kill_sigstop_and_sigcont_report_to_waitpid),
		cmocka_unit_test(kill_negative_pid_signals_process_group),
		cmocka_unit_test(kill_nonexistent_pid_fails_esrch),
		cmocka_unit_test(kill_sigkill_terminates_despite_ignore_attempt),
		cmocka_unit_test(sigqueue_to_other_process_carries_value),
		cmocka_unit_test(sigchld_reports_child_pid_to_parent),
	};
	return conf_run(tests);
}
