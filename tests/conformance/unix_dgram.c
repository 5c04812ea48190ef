/* Conformance: AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET: message boundaries,
 * truncation (MSG_TRUNC), empty messages, addressing by path and abstract
 * name, connection errors and a full queue. */
#include "proc_common.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

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

static void close_pair(int sv[2])
{
	close(sv[0]);
	close(sv[1]);
}

static void dgram_socketpair_keeps_message_boundaries(void **state)
{
	(void)state;
	int sv[2];
	char buf[16] = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_int_equal(assert_ok(send(sv[0], "one", 3, 0)), 3);
	assert_int_equal(assert_ok(send(sv[0], "three", 5, 0)), 5);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 3);
	assert_memory_equal(buf, "one", 3);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 5);
	assert_memory_equal(buf, "three", 5);
	close_pair(sv);
}

static void dgram_short_buffer_truncates_with_msg_trunc(void **state)
{
	(void)state;
	int sv[2];
	char buf[4] = { 0 };
	struct iovec iov = { buf, sizeof buf };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_int_equal(assert_ok(send(sv[0], "truncated", 9, 0)), 9);
	assert_int_equal(assert_ok(recvmsg(sv[1], &mh, 0)), 4);
	assert_true(mh.msg_flags & MSG_TRUNC);
	assert_memory_equal(buf, "trun", 4);
	/* The rest of the datagram is gone. */
	assert_errno(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	close_pair(sv);
}

static void dgram_recv_flag_msg_trunc_returns_full_length(void **state)
{
	(void)state;
	int sv[2];
	char buf[2];
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_int_equal(assert_ok(send(sv[0], "123456", 6, 0)), 6);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, MSG_TRUNC)), 6);
	close_pair(sv);
}

static void dgram_empty_message_is_delivered(void **state)
{
	(void)state;
	int sv[2];
	char buf[4];
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_int_equal(assert_ok(send(sv[0], "", 0, 0)), 0);
	assert_true(conf_readable(sv[1], 0));
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT)), 0);
	assert_errno(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT), EAGAIN);
	close_pair(sv);
}

static void dgram_msg_peek_keeps_whole_message(void **state)
{
	(void)state;
	int sv[2];
	char buf[8] = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	assert_int_equal(assert_ok(send(sv[0], "peeked", 6, 0)), 6);
	assert_int_equal(assert_ok(recv(sv[1], buf, 2, MSG_PEEK)), 2);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 6);
	assert_memory_equal(buf, "peeked", 6);
	close_pair(sv);
}

static void dgram_send_to_closed_peer_fails_econnrefused(void **state)
{
	(void)state;
	int sv[2];
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	close(sv[1]);
	assert_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), ECONNREFUSED);
	close(sv[0]);
}

static void dgram_full_queue_dontwait_fails_eagain(void **state)
{
	(void)state;
	int sv[2];
	char msg[256];
	memset(msg, 'q', sizeof msg);
	assert_ok(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	int sent = 0;
	for (; sent < 100000; sent++)
		if (send(sv[0], msg, sizeof msg, MSG_DONTWAIT) == -1)
			break;
	assert_int_equal(errno, EAGAIN);
	assert_true(sent > 0 && sent < 100000);
	close_pair(sv);
}

static void dgram_sendto_path_reports_sender_address(void **state)
{
	(void)state;
	struct sockaddr_un ra, sa, from;
	socklen_t rlen = addr_of(&ra, "rx"), slen = addr_of(&sa, "tx"), flen = sizeof from;
	char buf[8] = { 0 };
	int rx = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	int tx = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	assert_ok(bind(rx, (struct sockaddr *)&ra, rlen));
	assert_ok(bind(tx, (struct sockaddr *)&sa, slen));
	assert_int_equal(assert_ok(sendto(tx, "to", 2, 0, (struct sockaddr *)&ra, rlen)), 2);
	assert_int_equal(assert_ok(recvfrom(rx, buf, sizeof buf, 0,
					    (struct sockaddr *)&from, &flen)), 2);
	assert_int_equal(flen, slen);
	assert_string_equal(from.sun_path, "tx");
	close(rx);
	close(tx);
	assert_ok(unlink("rx"));
	assert_ok(unlink("tx"));
}

static void dgram_sendto_abstract_name_delivers(void **state)
{
	(void)state;
	struct sockaddr_un a;
	char name[64], buf[8] = { 0 };
	snprintf(name, sizeof name, "@moat-conf-%d-dgram", (int)getpid());
	socklen_t len = addr_of(&a, name);
	int rx = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	int tx = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	assert_ok(bind(rx, (struct sockaddr *)&a, len));
	assert_int_equal(assert_ok(sendto(tx, "abs", 3, 0, (struct sockaddr *)&a, len)), 3);
	assert_int_equal(assert_ok(recv(rx, buf, sizeof buf, 0)), 3);
	assert_memory_equal(buf, "abs", 3);
	close(rx);
	close(tx);
}

static void dgram_send_unconnected_fails_enotconn(void **state)
{
	(void)state;
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	assert_errno(send(s, "x", 1, 0), ENOTCONN);
	close(s);
}

static void dgram_sendto_missing_path_fails_enoent(void **state)
{
	(void)state;
	struct sockaddr_un a;
	socklen_t len = addr_of(&a, "nobody");
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	assert_errno(sendto(s, "x", 1, 0, (struct sockaddr *)&a, len), ENOENT);
	close(s);
}

static void dgram_connect_then_send_reaches_target(void **state)
{
	(void)state;
	struct sockaddr_un a;
	char buf[4];
	socklen_t len = addr_of(&a, "target");
	int rx = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	int tx = (int)assert_ok(socket(AF_UNIX, SOCK_DGRAM, 0));
	assert_ok(bind(rx, (struct sockaddr *)&a, len));
	assert_ok(connect(tx, (struct sockaddr *)&a, len));
	assert_int_equal(assert_ok(send(tx, "c", 1, 0)), 1);
	assert_int_equal(assert_ok(recv(rx, buf, sizeof buf, 0)), 1);
	close(rx);
	close(tx);
	assert_ok(unlink("target"));
}

static void seqpacket_socketpair_keeps_boundaries(void **state)
{
	(void)state;
	int sv[2];
	char buf[16] = { 0 };
	assert_ok(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	assert_int_equal(assert_ok(send(sv[0], "ab", 2, 0)), 2);
	assert_int_equal(assert_ok(send(sv[0], "cde", 3, 0)), 3);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 2);
	assert_int_equal(assert_ok(recv(sv[1], buf, sizeof buf, 0)), 3);
	assert_memory_equal(buf, "cde", 3);
	close_pair(sv);
}

static void seqpacket_peer_close_gives_eof(void **state)
{
	(void)state;
	int sv[2];
	char buf[4];
	assert_ok(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	close(sv[1]);
	assert_int_equal(assert_ok(recv(sv[0], buf, sizeof buf, 0)), 0);
	assert_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE);
	close(sv[0]);
}

static void seqpacket_listen_accept_keeps_boundaries(void **state)
{
	(void)state;
	struct sockaddr_un a;
	char buf[8] = { 0 };
	socklen_t len = addr_of(&a, "seq");
	int srv = (int)assert_ok(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	assert_ok(bind(srv, (struct sockaddr *)&a, len));
	assert_ok(listen(srv, 1));
	int cli = (int)assert_ok(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	assert_ok(connect(cli, (struct sockaddr *)&a, len));
	int acc = (int)assert_ok(accept4(srv, NULL, NULL, SOCK_CLOEXEC));
	assert_int_equal(assert_ok(fcntl(acc, F_GETFD)), FD_CLOEXEC);
	assert_int_equal(assert_ok(send(cli, "m1", 2, 0)), 2);
	assert_int_equal(assert_ok(send(cli, "m22", 3, 0)), 3);
	assert_int_equal(assert_ok(recv(acc, buf, sizeof buf, 0)), 2);
	assert_int_equal(assert_ok(recv(acc, buf, sizeof buf, 0)), 3);
	close(acc);
	close(cli);
	close(srv);
	assert_ok(unlink("seq"));
}

static void socket_unknown_type_fails_einval(void **state)
{
	(void)state;
	assert_errno(socket(AF_UNIX, 42, 0), EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dgram_socketpair_keeps_message_boundaries),
		cmocka_unit_test(dgram_short_buffer_truncates_with_msg_trunc),
		cmocka_unit_test(dgram_recv_flag_msg_trunc_returns_full_length),
		cmocka_unit_test(dgram_empty_message_is_delivered),
		cmocka_unit_test(dgram_msg_peek_keeps_whole_message),
		cmocka_unit_test(dgram_send_to_closed_peer_fails_econnrefused),
		cmocka_unit_test(dgram_full_queue_dontwait_fails_eagain),
		cmocka_unit_test(dgram_sendto_path_reports_sender_address),
		cmocka_unit_test(dgram_sendto_abstract_name_delivers),
		cmocka_unit_test(dgram_send_unconnected_fails_enotconn),
		cmocka_unit_test(dgram_sendto_missing_path_fails_enoent),
		cmocka_unit_test(dgram_connect_then_send_reaches_target),
		cmocka_unit_test(seqpacket_socketpair_keeps_boundaries),
		cmocka_unit_test(seqpacket_peer_close_gives_eof),
		cmocka_unit_test(seqpacket_listen_accept_keeps_boundaries),
		cmocka_unit_test(socket_unknown_type_fails_einval),
	};
	return conf_run(tests);
}
