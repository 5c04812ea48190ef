/* Conformance: AF_UNIX stream sockets: socketpair(2), send/recv flags
 * (MSG_PEEK, MSG_DONTWAIT, MSG_NOSIGNAL), shutdown(2), EPIPE/SIGPIPE,
 * bind/listen/connect/accept on path and abstract names, SO_PEERCRED. */
#include "proc_common.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static void pair(int type, int sv[2])
{
	assert_ok(socketpair(AF_UNIX, type, 0, sv));
}

static void close_pair(int sv[2])
{
	close(sv[0]);
	close(sv[1]);
}

/* A sockaddr_un for NAME; a leading '@' makes it abstract.  Returns the
 * address length to pass to bind/connect. */
static socklen_t addr_of(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = strlen(name);
	memcpy(a->sun_path, name, n);
	if (name[0] == '@')
		a->sun_path[0] = 0;
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] != '@'));
}

/* An abstract name private to this process and case. */
static const char *abstract_name(const char *tag)
{
	static char buf[64];
	snprintf(buf, sizeof buf, "@moat-conf-%d-%s", (int)getpid(), tag);
	return buf;
}

static void socketpair_stream_transfers_both_ways(void **state)
{
	(void)state;
	int sv[2];
	char buf[8] = { 0 };
	pair(SOCK_STREAM, sv);
	assert_int_equal(assert_ok(send(sv[0], "ping", 4, 0)), 4);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 4);
	assert_memory_equal(buf, "ping", 4);
	assert_int_equal(assert_ok(write(sv[1], "pong", 4)), 4);
	assert_int_equal(assert_ok(read(sv[0], buf, sizeof buf)), 4);
	assert_memory_equal(buf, "pong", 4);
	close_pair(sv);
}

static void socketpair_inet_fails_eopnotsupp(void **state)
{
	(void)state;
	int sv[2];
	assert_errno(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
}

static void socketpair_flags_set_cloexec_and_nonblock(void **state)
{
	(void)state;
	int sv[2];
	pair(SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, sv);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(assert_ok(fcntl(sv[i], F_GETFD)), FD_CLOEXEC);
		assert_true(assert_ok(fcntl(sv[i], F_GETFL)) & O_NONBLOCK);
	}
	close_pair(sv);
}

static void stream_recv_dontwait_empty_fails_eagain(void **state)
{
	(void)state;
	int sv[2];
	char c;
	pair(SOCK_STREAM, sv);
	assert_errno(recv(sv[0], &c, 1, MSG_DONTWAIT), EAGAIN);
	close_pair(sv);
}

static void stream_msg_peek_leaves_data_queued(void **state)
{
	(void)state;
	int sv[2];
	char buf[8] = { 0 };
	pair(SOCK_STREAM, sv);
	assert_int_equal(assert_ok(send(sv[0], "peek", 4, 0)), 4);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, MSG_PEEK)), 4);
	memset(buf, 0, sizeof buf);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 4);
	assert_memory_equal(buf, "peek", 4);
	assert_errno(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	close_pair(sv);
}

static void stream_has_no_message_boundaries(void **state)
{
	(void)state;
	int sv[2];
	char buf[16] = { 0 };
	pair(SOCK_STREAM, sv);
	assert_int_equal(assert_ok(send(sv[0], "abc", 3, 0)), 3);
	assert_int_equal(assert_ok(send(sv[0], "def", 3, 0)), 3);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 6);
	assert_string_equal(buf, "abcdef");
	close_pair(sv);
}

static void stream_shutdown_write_gives_peer_eof(void **state)
{
	(void)state;
	int sv[2];
	char buf[4];
	pair(SOCK_STREAM, sv);
	assert_int_equal(assert_ok(send(sv[0], "x", 1, 0)), 1);
	assert_ok(shutdown(sv[0], SHUT_WR));
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 1);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 0);
	/* The other direction still works. */
	assert_int_equal(assert_ok(send(sv[1], "y", 1, 0)), 1);
	assert_int_equal(assert_ok(recv(sv[0], buf, sizeof buf, 0)), 1);
	close_pair(sv);
}

static void stream_send_after_shutdown_fails_epipe(void **state)
{
	(void)state;
	int sv[2];
	pair(SOCK_STREAM, sv);
	assert_ok(shutdown(sv[0], SHUT_WR));
	assert_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	close_pair(sv);
}

static void stream_send_to_closed_peer_fails_epipe(void **state)
{
	(void)state;
	int sv[2];
	pair(SOCK_STREAM, sv);
	close(sv[1]);
	assert_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[0]);
}

static void stream_write_to_closed_peer_raises_sigpipe(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		int sv[2];
		signal(SIGPIPE, SIG_DFL);
		child_check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
		close(sv[1]);
		(void)!write(sv[0], "x", 1);
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGPIPE);
}

static void stream_shutdown_invalid_how_fails_einval(void **state)
{
	(void)state;
	int sv[2];
	pair(SOCK_STREAM, sv);
	assert_errno(shutdown(sv[0], 7), EINVAL);
	close_pair(sv);
}

static void send_on_non_socket_fails_enotsock(void **state)
{
	(void)state;
	int p[2];
	assert_ok(pipe(p));
	assert_errno(send(p[1], "x", 1, 0), ENOTSOCK);
	close(p[0]);
	close(p[1]);
}

static void send_on_closed_fd_fails_ebadf(void **state)
{
	(void)state;
	int sv[2];
	pair(SOCK_STREAM, sv);
	close_pair(sv);
	assert_errno(send(sv[0], "x", 1, 0), EBADF);
}

static void unix_bind_path_creates_socket_file(void **state)
{
	(void)state;
	struct sockaddr_un a;
	struct stat st;
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(bind(s, (struct sockaddr *)&a, addr_of(&a, "sock")));
	assert_ok(stat("sock", &st));
	assert_true(S_ISSOCK(st.st_mode));
	close(s);
	assert_ok(unlink("sock"));
}

static void unix_bind_existing_path_fails_eaddrinuse(void **state)
{
	(void)state;
	struct sockaddr_un a;
	int s1 = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	int s2 = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	socklen_t len = addr_of(&a, "sock2");
	assert_ok(bind(s1, (struct sockaddr *)&a, len));
	assert_errno(bind(s2, (struct sockaddr *)&a, len), EADDRINUSE);
	close(s1);
	close(s2);
	assert_ok(unlink("sock2"));
}

static void unix_connect_path_accepts_and_reports_names(void **state)
{
	(void)state;
	struct sockaddr_un a, got;
	socklen_t len = addr_of(&a, "srv"), glen = sizeof got;
	char buf[4];
	int srv = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(bind(srv, (struct sockaddr *)&a, len));
	assert_ok(listen(srv, 4));
	int cli = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(connect(cli, (struct sockaddr *)&a, len));
	int acc = (int)assert_ok(accept(srv, NULL, NULL));
	assert_ok(getpeername(cli, (struct sockaddr *)&got, &glen));
	assert_int_equal(glen, len);
	assert_string_equal(got.sun_path, "srv");
	assert_int_equal(assert_ok(send(cli, "hi", 2, 0)), 2);
	assert_int_equal(assert_ok(recv(acc, buf, sizeof buf, 0)), 2);
	close(acc);
	close(cli);
	close(srv);
	assert_ok(unlink("srv"));
}

static void unix_connect_missing_path_fails_enoent(void **state)
{
	(void)state;
	struct sockaddr_un a;
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_errno(connect(s, (struct sockaddr *)&a, addr_of(&a, "nobody")), ENOENT);
	close(s);
}

static void unix_connect_not_listening_fails_econnrefused(void **state)
{
	(void)state;
	struct sockaddr_un a;
	socklen_t len = addr_of(&a, "idle");
	int srv = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(bind(srv, (struct sockaddr *)&a, len));
	int cli = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_errno(connect(cli, (struct sockaddr *)&a, len), ECONNREFUSED);
	close(cli);
	close(srv);
	assert_ok(unlink("idle"));
}

static void unix_abstract_name_connects_without_file(void **state)
{
	(void)state;
	struct sockaddr_un a, got;
	socklen_t len = addr_of(&a, abstract_name("stream")), glen = sizeof got;
	int srv = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(bind(srv, (struct sockaddr *)&a, len));
	assert_ok(listen(srv, 1));
	int cli = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(connect(cli, (struct sockaddr *)&a, len));
	int acc = (int)assert_ok(accept(srv, NULL, NULL));
	assert_ok(getsockname(srv, (struct sockaddr *)&got, &glen));
	assert_int_equal(glen, len);
	assert_int_equal(got.sun_path[0], 0);
	assert_memory_equal(got.sun_path, a.sun_path, len - offsetof(struct sockaddr_un, sun_path));
	/* Nothing appeared in the file system. */
	assert_errno(access(abstract_name("stream") + 1, F_OK), ENOENT);
	close(acc);
	close(cli);
	close(srv);
}

static void unix_abstract_name_in_use_fails_eaddrinuse(void **state)
{
	(void)state;
	struct sockaddr_un a;
	socklen_t len = addr_of(&a, abstract_name("dup"));
	int s1 = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	int s2 = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_ok(bind(s1, (struct sockaddr *)&a, len));
	assert_errno(bind(s2, (struct sockaddr *)&a, len), EADDRINUSE);
	close(s1);
	/* Abstract names vanish with their last socket. */
	assert_ok(bind(s2, (struct sockaddr *)&a, len));
	close(s2);
}

static void so_peercred_reports_peer_process(void **state)
{
	(void)state;
	int sv[2];
	struct ucred cred;
	socklen_t len = sizeof cred;
	pair(SOCK_STREAM, sv);
	assert_ok(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len));
	assert_int_equal(len, sizeof cred);
	assert_int_equal(cred.pid, getpid());
	assert_int_equal(cred.uid, geteuid());
	assert_int_equal(cred.gid, getegid());
	close_pair(sv);
}

static void accept_on_unbound_socket_fails_einval(void **state)
{
	(void)state;
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	assert_errno(accept(s, NULL, NULL), EINVAL);
	close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(socketpair_stream_transfers_both_ways),
		cmocka_unit_test(socketpair_inet_fails_eopnotsupp),
		cmocka_unit_test(socketpair_flags_set_cloexec_and_nonblock),
		cmocka_unit_test(stream_recv_dontwait_empty_fails_eagain),
		cmocka_unit_test(stream_msg_peek_leaves_data_queued),
		cmocka_unit_test(stream_has_no_message_boundaries),
		cmocka_unit_test(stream_shutdown_write_gives_peer_eof),
		cmocka_unit_test(stream_send_after_shutdown_fails_epipe),
		cmocka_unit_test(stream_send_to_closed_peer_fails_epipe),
		cmocka_unit_test(stream_write_to_closed_peer_raises_sigpipe),
		cmocka_unit_test(stream_shutdown_invalid_how_fails_einval),
		cmocka_unit_test(send_on_non_socket_fails_enotsock),
		cmocka_unit_test(send_on_closed_fd_fails_ebadf),
		cmocka_unit_test(unix_bind_path_creates_socket_file),
		cmocka_unit_test(unix_bind_existing_path_fails_eaddrinuse),
		cmocka_unit_test(unix_connect_path_accepts_and_reports_names),
		cmocka_unit_test(unix_connect_missing_path_fails_enoent),
		cmocka_unit_test(unix_connect_not_listening_fails_econnrefused),
		cmocka_unit_test(unix_abstract_name_connects_without_file),
		cmocka_unit_test(unix_abstract_name_in_use_fails_eaddrinuse),
		cmocka_unit_test(so_peercred_reports_peer_process),
		cmocka_unit_test(accept_on_unbound_socket_fails_einval),
	};
	return conf_run(tests);
}
