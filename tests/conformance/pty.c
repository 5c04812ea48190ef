/* Conformance: pseudo-terminals: posix_openpt(3)/grantpt/unlockpt/ptsname,
 * opening the slave, termios (tcgetattr/tcsetattr, canonical versus raw,
 * echo, output processing), TIOCGWINSZ/TIOCSWINSZ and the signals a
 * terminal sends to its foreground process group. */
#include "proc_common.h"

#include <sys/ioctl.h>
#include <termios.h>

struct pty {
	int master;
	int slave;
};

static void pty_open(struct pty *p)
{
	p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (p->master == -1 && (errno == ENOENT || errno == ENODEV))
		skip_because("no /dev/ptmx here");
	assert_true(p->master >= 0);
	assert_ok(grantpt(p->master));
	assert_ok(unlockpt(p->master));
	const char *name = ptsname(p->master);
	assert_non_null(name);
	p->slave = (int)assert_ok(open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
}

static void pty_close(struct pty *p)
{
	close(p->slave);
	close(p->master);
}

/* Read exactly N bytes from FD, waiting up to the child timeout. */
static void read_exact(int fd, char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		assert_true(conf_readable(fd, CONF_CHILD_TIMEOUT_MS));
		ssize_t r = read(fd, buf + got, n - got);
		assert_true(r > 0);
		got += (size_t)r;
	}
}

static void posix_openpt_returns_terminal_master(void **state)
{
	(void)state;
	struct pty p;
	pty_open(&p);
	assert_true(isatty(p.master));
	assert_true(isatty(p.slave));
	pty_close(&p);
}

static void ptsname_matches_tiocgptn(void **state)
{
	(void)state;
	struct pty p;
	unsigned int n = 0;
	char want[64];
	pty_open(&p);
	assert_ok(ioctl(p.master, TIOCGPTN, &n));
	snprintf(want, sizeof want, "/dev/pts/%u", n);
	assert_string_equal(ptsname(p.master), want);
	pty_close(&p);
}

static void open_slave_before_unlockpt_fails_eio(void **state)
{
	(void)state;
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m == -1 && (errno == ENOENT || errno == ENODEV))
		skip_because("no /dev/ptmx here");
	assert_true(m >= 0);
	assert_ok(grantpt(m));
	assert_errno(open(ptsname(m), O_RDWR | O_NOCTTY), EIO);
	close(m);
}

static void tcgetattr_on_non_terminal_fails_enotty(void **state)
{
	(void)state;
	struct termios t;
	int p[2];
	assert_ok(pipe(p));
	assert_errno(tcgetattr(p[0], &t), ENOTTY);
	close(p[0]);
	close(p[1]);
}

static void tcsetattr_invalid_action_fails_einval(void **state)
{
	(void)state;
	struct pty p;
	struct termios t;
	pty_open(&p);
	assert_ok(tcgetattr(p.slave, &t));
	assert_errno(tcsetattr(p.slave, 42, &t), EINVAL);
	pty_close(&p);
}

static void tcsetattr_settings_read_back(void **state)
{
	(void)state;
	struct pty p;
	struct termios t, back;
	pty_open(&p);
	assert_ok(tcgetattr(p.slave, &t));
	t.c_lflag &= ~(tcflag_t)ECHO;
	t.c_cc[VMIN] = 3;
	assert_ok(tcsetattr(p.slave, TCSANOW, &t));
	assert_ok(tcgetattr(p.slave, &back));
	assert_int_equal(back.c_lflag & ECHO, 0);
	assert_int_equal(back.c_cc[VMIN], 3);
	pty_close(&p);
}

static void set_mode(int fd, bool raw)
{
	struct termios t;
	assert_ok(tcgetattr(fd, &t));
	if (raw) {
		cfmakeraw(&t);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
	} else {
		t.c_lflag |= ICANON;
		t.c_lflag &= ~(tcflag_t)ECHO;
	}
	assert_ok(tcsetattr(fd, TCSANOW, &t));
}

static void canonical_mode_delivers_only_complete_lines(void **state)
{
	(void)state;
	struct pty p;
	char buf[16] = { 0 };
	pty_open(&p);
	set_mode(p.slave, false);
	assert_int_equal(assert_ok(write(p.master, "abc", 3)), 3);
	assert_false(conf_readable(p.slave, 100));
	assert_int_equal(assert_ok(write(p.master, "\n", 1)), 1);
	assert_true(conf_readable(p.slave, CONF_CHILD_TIMEOUT_MS));
	assert_int_equal(assert_ok(read(p.slave, buf, sizeof buf)), 4);
	assert_string_equal(buf, "abc\n");
	pty_close(&p);
}

static void canonical_mode_erase_removes_character(void **state)
{
	(void)state;
	struct pty p;
	struct termios t;
	char buf[16] = { 0 }, line[8];
	pty_open(&p);
	set_mode(p.slave, false);
	assert_ok(tcgetattr(p.slave, &t));
	snprintf(line, sizeof line, "ab%cc\n", t.c_cc[VERASE]);
	assert_int_equal(assert_ok(write(p.master, line, 5)), 5);
	assert_true(conf_readable(p.slave, CONF_CHILD_TIMEOUT_MS));
	assert_int_equal(assert_ok(read(p.slave, buf, sizeof buf)), 3);
	assert_string_equal(buf, "ac\n");
	pty_close(&p);
}

static void raw_mode_delivers_bytes_at_once(void **state)
{
	(void)state;
	struct pty p;
	char buf[4] = { 0 };
	pty_open(&p);
	set_mode(p.slave, true);
	assert_int_equal(assert_ok(write(p.master, "x", 1)), 1);
	read_exact(p.slave, buf, 1);
	assert_int_equal(buf[0], 'x');
	pty_close(&p);
}

static void echo_mode_echoes_input_to_master(void **state)
{
	(void)state;
	struct pty p;
	struct termios t;
	char buf[8] = { 0 };
	pty_open(&p);
	assert_ok(tcgetattr(p.slave, &t));
	t.c_lflag |= ECHO | ICANON;
	t.c_oflag |= OPOST | ONLCR;
	assert_ok(tcsetattr(p.slave, TCSANOW, &t));
	assert_int_equal(assert_ok(write(p.master, "hi\n", 3)), 3);
	/* The newline is echoed through output processing as CR LF. */
	read_exact(p.master, buf, 4);
	assert_string_equal(buf, "hi\r\n");
	pty_close(&p);
}

static void output_onlcr_maps_newline_to_crlf(void **state)
{
	(void)state;
	struct pty p;
	struct termios t;
	char buf[8] = { 0 };
	pty_open(&p);
	assert_ok(tcgetattr(p.slave, &t));
	t.c_oflag |= OPOST | ONLCR;
	assert_ok(tcsetattr(p.slave, TCSANOW, &t));
	assert_int_equal(assert_ok(write(p.slave, "a\n", 2)), 2);
	read_exact(p.master, buf, 3);
	assert_string_equal(buf, "a\r\n");
	pty_close(&p);
}

static void tiocswinsz_then_tiocgwinsz_round_trips(void **state)
{
	(void)state;
	struct pty p;
	struct winsize ws = { .ws_row = 33, .ws_col = 101 }, got = { 0 };
	pty_open(&p);
	assert_ok(ioctl(p.master, TIOCSWINSZ, &ws));
	assert_ok(ioctl(p.slave, TIOCGWINSZ, &got));
	assert_int_equal(got.ws_row, 33);
	assert_int_equal(got.ws_col, 101);
	pty_close(&p);
}

static void tiocgwinsz_on_pipe_fails_enotty(void **state)
{
	(void)state;
	struct winsize ws;
	int p[2];
	assert_ok(pipe(p));
	assert_errno(ioctl(p[0], TIOCGWINSZ, &ws), ENOTTY);
	close(p[0]);
	close(p[1]);
}

static void master_read_after_slave_closed_fails_eio(void **state)
{
	(void)state;
	struct pty p;
	char c;
	pty_open(&p);
	close(p.slave);
	assert_errno(read(p.master, &c, 1), EIO);
	close(p.master);
}

/* A child that makes the slave its controlling terminal (setsid, then
 * open without O_NOCTTY) and waits for SIG, reporting it with exit 0. */
static pid_t controlling_child(const char *slave, int sig, int ready)
{
	pid_t pid = conf_fork();
	if (pid == 0) {
		sigset_t s;
		siginfo_t si;
		struct timespec ts = { CONF_CHILD_TIMEOUT_MS / 1000, 0 };
		sigemptyset(&s);
		sigaddset(&s, sig);
		child_check(sigprocmask(SIG_BLOCK, &s, NULL) == 0);
		child_check(setsid() == getpid());
		int fd = open(slave, O_RDWR);
		child_check(fd >= 0);
		child_check(tcgetpgrp(fd) == getpid());
		child_check(write(ready, "r", 1) == 1);
		child_check(sigtimedwait(&s, &si, &ts) == sig);
		_exit(0);
	}
	return pid;
}

static void tiocswinsz_sends_sigwinch_to_foreground(void **state)
{
	(void)state;
	struct pty p;
	int r[2];
	char c;
	struct winsize ws = { .ws_row = 10, .ws_col = 20 };
	pty_open(&p);
	assert_ok(pipe(r));
	pid_t pid = controlling_child(ptsname(p.master), SIGWINCH, r[1]);
	close(r[1]);
	assert_true(conf_read_full(r[0], &c, 1));
	assert_ok(ioctl(p.master, TIOCSWINSZ, &ws));
	assert_child_ok(pid);
	close(r[0]);
	pty_close(&p);
}

static void intr_character_sends_sigint_to_foreground(void **state)
{
	(void)state;
	struct pty p;
	struct termios t;
	int r[2];
	char c;
	pty_open(&p);
	assert_ok(tcgetattr(p.slave, &t));
	t.c_lflag |= ISIG;
	assert_ok(tcsetattr(p.slave, TCSANOW, &t));
	assert_ok(pipe(r));
	pid_t pid = controlling_child(ptsname(p.master), SIGINT, r[1]);
	close(r[1]);
	assert_true(conf_read_full(r[0], &c, 1));
	assert_int_equal(assert_ok(write(p.master, &t.c_cc[VINTR], 1)), 1);
	assert_child_ok(pid);
	close(r[0]);
	pty_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(posix_openpt_returns_terminal_master),
		cmocka_unit_test(ptsname_matches_tiocgptn),
		cmocka_unit_test(open_slave_before_unlockpt_fails_eio),
		cmocka_unit_test(tcgetattr_on_non_terminal_fails_enotty),
		cmocka_unit_test(tcsetattr_invalid_action_fails_einval),
		cmocka_unit_test(tcsetattr_settings_read_back),
		cmocka_unit_test(canonical_mode_delivers_only_complete_lines),
		cmocka_unit_test(canonical_mode_erase_removes_character),
		cmocka_unit_test(raw_mode_delivers_bytes_at_once),
		cmocka_unit_test(echo_mode_echoes_input_to_master),
		cmocka_unit_test(output_onlcr_maps_newline_to_crlf),
		cmocka_unit_test(tiocswinsz_then_tiocgwinsz_round_trips),
		cmocka_unit_test(tiocgwinsz_on_pipe_fails_enotty),
		cmocka_unit_test(master_read_after_slave_closed_fails_eio),
		cmocka_unit_test(tiocswinsz_sends_sigwinch_to_foreground),
		cmocka_unit_test(intr_character_sends_sigint_to_foreground),
	};
	return conf_run(tests);
}
