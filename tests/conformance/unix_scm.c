/* Conformance: ancillary data on AF_UNIX sockets: SCM_RIGHTS (passing
 * descriptors, MSG_CMSG_CLOEXEC, MSG_CTRUNC, EBADF) and SCM_CREDENTIALS
 * with SO_PASSCRED (kernel-filled and explicit, EPERM for forged ids). */
#include "proc_common.h"

#include <sys/socket.h>
#include <sys/un.h>

enum { MAX_FDS = 4 };

static ssize_t send_fds(int sock, const int *fds, int n)
{
	char data = 'F';
	struct iovec iov = { &data, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
	return sendmsg(sock, &mh, 0);
}

/* Receive one message; store up to MAX_FDS passed descriptors in FDS and
 * return their count, or -1.  *FLAGS gets msg_flags. */
static int recv_fds(int sock, int *fds, int recv_flags, size_t ctl_space, int *flags)
{
	char data;
	struct iovec iov = { &data, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int) * MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = ctl_space,
	};
	if (recvmsg(sock, &mh, recv_flags) != 1)
		return -1;
	*flags = mh.msg_flags;
	int n = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (int i = 0; i < k && n < MAX_FDS; i++)
			memcpy(&fds[n++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
	}
	return n;
}

static size_t full_space(void)
{
	return CMSG_SPACE(sizeof(int) * MAX_FDS);
}

static void scm_rights_passes_pipe_write_end(void **state)
{
	(void)state;
	int sv[2], p[2], got[MAX_FDS], flags;
	char buf[8] = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(send_fds(sv[0], &p[1], 1)), 1);
	assert_int_equal(recv_fds(sv[1], got, 0, full_space(), &flags), 1);
	assert_int_not_equal(got[0], p[1]);
	assert_int_equal(assert_ok(write(got[0], "via", 3)), 3);
	assert_int_equal(assert_ok(read(p[0], buf, sizeof buf)), 3);
	assert_memory_equal(buf, "via", 3);
	close(got[0]);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void scm_rights_passes_several_fds(void **state)
{
	(void)state;
	int sv[2], a[2], b[2], got[MAX_FDS], flags;
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_ok(pipe(a));
	assert_ok(pipe(b));
	int send[3] = { a[0], b[1], a[1] };
	assert_int_equal(assert_ok(send_fds(sv[0], send, 3)), 1);
	assert_int_equal(recv_fds(sv[1], got, 0, full_space(), &flags), 3);
	struct stat s1, s2;
	for (int i = 0; i < 3; i++) {
		assert_ok(fstat(send[i], &s1));
		assert_ok(fstat(got[i], &s2));
		assert_int_equal(s1.st_ino, s2.st_ino);
		close(got[i]);
	}
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	close(sv[0]);
	close(sv[1]);
}

static void scm_rights_fd_survives_sender_close(void **state)
{
	(void)state;
	int sv[2], p[2], got[MAX_FDS], flags;
	char c;
	assert_ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(send_fds(sv[0], &p[1], 1)), 1);
	/* In flight, the descriptor is held by the message itself. */
	close(p[1]);
	assert_int_equal(recv_fds(sv[1], got, 0, full_space(), &flags), 1);
	assert_int_equal(assert_ok(write(got[0], "k", 1)), 1);
	close(got[0]);
	assert_int_equal(assert_ok(read(p[0], &c, 1)), 1);
	assert_int_equal(assert_ok(read(p[0], &c, 1)), 0);
	close(p[0]);
	close(sv[0]);
	close(sv[1]);
}

static void scm_rights_cloexec_follows_msg_cmsg_cloexec(void **state)
{
	(void)state;
	int sv[2], p[2], got[MAX_FDS], flags;
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_ok(pipe2(p, O_CLOEXEC));
	assert_int_equal(assert_ok(send_fds(sv[0], &p[0], 1)), 1);
	assert_int_equal(assert_ok(send_fds(sv[0], &p[0], 1)), 1);
	/* The sender's FD_CLOEXEC does not travel. */
	assert_int_equal(recv_fds(sv[1], got, 0, full_space(), &flags), 1);
	assert_int_equal(assert_ok(fcntl(got[0], F_GETFD)), 0);
	close(got[0]);
	assert_int_equal(recv_fds(sv[1], got, MSG_CMSG_CLOEXEC, full_space(), &flags), 1);
	assert_int_equal(assert_ok(fcntl(got[0], F_GETFD)), FD_CLOEXEC);
	close(got[0]);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void scm_rights_small_control_buffer_sets_msg_ctrunc(void **state)
{
	(void)state;
	int sv[2], p[2], got[MAX_FDS], flags = 0;
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_ok(pipe(p));
	assert_int_equal(assert_ok(send_fds(sv[0], p, 2)), 1);
	/* Room for one descriptor only; the second is closed by the kernel. */
	int n = recv_fds(sv[1], got, 0, CMSG_LEN(sizeof(int)), &flags);
	assert_int_equal(n, 1);
	assert_true(flags & MSG_CTRUNC);
	close(got[0]);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

static void scm_rights_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	int sv[2], p[2];
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_ok(pipe(p));
	close(p[0]);
	close(p[1]);
	assert_errno(send_fds(sv[0], &p[0], 1), EBADF);
	close(sv[0]);
	close(sv[1]);
}

static void scm_rights_file_fd_from_child_process(void **state)
{
	(void)state;
	int sv[2], got[MAX_FDS], flags;
	char buf[8] = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid_t pid = conf_fork();
	if (pid == 0) {
		int fd = open("passed", O_RDWR | O_CREAT | O_TRUNC, 0600);
		child_check(fd >= 0);
		child_check(write(fd, "content", 7) == 7);
		child_check(lseek(fd, 0, SEEK_SET) == 0);
		child_check(send_fds(sv[0], &fd, 1) == 1);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(recv_fds(sv[1], got, 0, full_space(), &flags), 1);
	/* Same open file description: the child's offset came along. */
	assert_int_equal(assert_ok(read(got[0], buf, sizeof buf)), 7);
	assert_memory_equal(buf, "content", 7);
	close(got[0]);
	close(sv[0]);
	close(sv[1]);
	assert_ok(unlink("passed"));
}

/* Receive one message and its SCM_CREDENTIALS, if any. */
static bool recv_creds(int sock, struct ucred *out)
{
	char data;
	struct iovec iov = { &data, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	if (recvmsg(sock, &mh, 0) != 1)
		return false;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			memcpy(out, CMSG_DATA(c), sizeof *out);
			return true;
		}
	return false;
}

static ssize_t send_creds(int sock, const struct ucred *cred)
{
	char data = 'C';
	struct iovec iov = { &data, 1 };
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf, .msg_controllen = sizeof u.buf };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_CREDENTIALS;
	c->cmsg_len = CMSG_LEN(sizeof *cred);
	memcpy(CMSG_DATA(c), cred, sizeof *cred);
	return sendmsg(sock, &mh, 0);
}

static void so_passcred_receiver_gets_sender_credentials(void **state)
{
	(void)state;
	int sv[2], on = 1;
	struct ucred cred = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_ok(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(send(sv[0], "x", 1, 0) == 1);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_true(recv_creds(sv[1], &cred));
	assert_int_equal(cred.pid, pid);
	assert_int_equal(cred.uid, geteuid());
	assert_int_equal(cred.gid, getegid());
	close(sv[0]);
	close(sv[1]);
}

static void so_passcred_option_reads_back(void **state)
{
	(void)state;
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	int on = 1, val = -1;
	socklen_t len = sizeof val;
	assert_ok(getsockopt(s, SOL_SOCKET, SO_PASSCRED, &val, &len));
	assert_int_equal(val, 0);
	assert_ok(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
	assert_ok(getsockopt(s, SOL_SOCKET, SO_PASSCRED, &val, &len));
	assert_int_equal(val, 1);
	close(s);
}

static void scm_credentials_explicit_own_ids_accepted(void **state)
{
	(void)state;
	int sv[2], on = 1;
	struct ucred mine = { getpid(), geteuid(), getegid() }, got = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_ok(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
	assert_int_equal(assert_ok(send_creds(sv[0], &mine)), 1);
	assert_true(recv_creds(sv[1], &got));
	assert_int_equal(got.pid, mine.pid);
	assert_int_equal(got.uid, mine.uid);
	assert_int_equal(got.gid, mine.gid);
	close(sv[0]);
	close(sv[1]);
}

static void scm_credentials_forged_pid_without_cap_fails_eperm(void **state)
{
	(void)state;
	int sv[2];
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	pid_t parent = getpid();
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct ucred forged = { parent, geteuid(), getegid() };
		child_check(conf_drop_cap(CAP_SYS_ADMIN));
		child_check_errno(send_creds(sv[0], &forged), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scm_rights_passes_pipe_write_end),
		cmocka_unit_test(scm_rights_passes_several_fds),
		cmocka_unit_test(scm_rights_fd_survives_sender_close),
		cmocka_unit_test(scm_rights_cloexec_follows_msg_cmsg_cloexec),
		cmocka_unit_test(scm_rights_small_control_buffer_sets_msg_ctrunc),
		cmocka_unit_test(scm_rights_closed_fd_fails_ebadf),
		cmocka_unit_test(scm_rights_file_fd_from_child_process),
		cmocka_unit_test(so_passcred_receiver_gets_sender_credentials),
		cmocka_unit_test(so_passcred_option_reads_back),
		cmocka_unit_test(scm_credentials_explicit_own_ids_accepted),
		cmocka_unit_test(scm_credentials_forged_pid_without_cap_fails_eperm),
	};
	return conf_run(tests);
}
