/* Conformance: AF_UNIX sockets bound to a path in the file system — bind
 * creates the socket inode, connect finds it by path, and the errors for
 * used, missing and wrong-type paths. */
#include "fs_common.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t addr_of(const char *path, struct sockaddr_un *sa)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	assert_true(strlen(path) < sizeof sa->sun_path);
	strcpy(sa->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static int sock(int type)
{
	return (int)assert_ok(socket(AF_UNIX, type | SOCK_CLOEXEC, 0));
}

static long bind_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	socklen_t len = addr_of(path, &sa);
	return bind(fd, (struct sockaddr *)&sa, len);
}

static long connect_path(int fd, const char *path)
{
	struct sockaddr_un sa;
	socklen_t len = addr_of(path, &sa);
	return connect(fd, (struct sockaddr *)&sa, len);
}

static int listener(const char *path)
{
	int fd = sock(SOCK_STREAM);
	assert_ok(bind_path(fd, path));
	assert_ok(listen(fd, 4));
	return fd;
}

static void unix_bind_creates_socket_file(void **state)
{
	(void)state;
	int fd = sock(SOCK_STREAM);
	assert_ok(bind_path(fd, "s"));
	assert_true(S_ISSOCK(conf_mode("s")));
	close(fd);
	/* Closing the socket leaves the file behind. */
	assert_true(S_ISSOCK(conf_mode("s")));
}

static void unix_bind_mode_follows_umask(void **state)
{
	(void)state;
	umask(0077);
	int fd = sock(SOCK_STREAM);
	assert_ok(bind_path(fd, "s"));
	assert_int_equal(conf_mode("s") & 0777, 0700);
	close(fd);
}

static void unix_bind_existing_socket_path_fails_eaddrinuse(void **state)
{
	(void)state;
	int a = sock(SOCK_STREAM), b = sock(SOCK_STREAM);
	assert_ok(bind_path(a, "s"));
	assert_errno(bind_path(b, "s"), EADDRINUSE);
	close(a);
	/* Even when the first socket is gone, the file still blocks bind. */
	assert_errno(bind_path(b, "s"), EADDRINUSE);
	close(b);
}

static void unix_bind_over_regular_file_fails_eaddrinuse(void **state)
{
	(void)state;
	int fd = sock(SOCK_STREAM);
	conf_touch("f");
	assert_errno(bind_path(fd, "f"), EADDRINUSE);
	close(fd);
}

static void unix_bind_missing_dir_fails_enoent(void **state)
{
	(void)state;
	int fd = sock(SOCK_STREAM);
	assert_errno(bind_path(fd, "missing/s"), ENOENT);
	close(fd);
}

static void unix_bind_twice_on_one_socket_fails_einval(void **state)
{
	(void)state;
	int fd = sock(SOCK_STREAM);
	assert_ok(bind_path(fd, "s1"));
	assert_errno(bind_path(fd, "s2"), EINVAL);
	assert_false(conf_exists("s2"));
	close(fd);
}

static void unix_bind_oversized_address_fails_einval(void **state)
{
	(void)state;
	struct { struct sockaddr_un sa; char extra[16]; } big;
	memset(&big, 'a', sizeof big);
	big.sa.sun_family = AF_UNIX;
	int fd = sock(SOCK_STREAM);
	assert_errno(bind(fd, (struct sockaddr *)&big, sizeof big), EINVAL);
	close(fd);
}

static void unix_connect_by_path_transfers_data(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	int l = listener("s");
	int c = sock(SOCK_STREAM);
	assert_ok(connect_path(c, "s"));
	int a = (int)assert_ok(accept4(l, NULL, NULL, SOCK_CLOEXEC));
	assert_int_equal(assert_ok(write(c, "ping", 4)), 4);
	assert_int_equal(assert_ok(read(a, buf, sizeof buf)), 4);
	assert_string_equal(buf, "ping");
	close(a);
	close(c);
	close(l);
}

static void unix_connect_missing_path_fails_enoent(void **state)
{
	(void)state;
	int c = sock(SOCK_STREAM);
	assert_errno(connect_path(c, "missing"), ENOENT);
	close(c);
}

static void unix_connect_bound_not_listening_fails_econnrefused(void **state)
{
	(void)state;
	int s = sock(SOCK_STREAM), c = sock(SOCK_STREAM);
	assert_ok(bind_path(s, "s"));
	assert_errno(connect_path(c, "s"), ECONNREFUSED);
	close(s);
	close(c);
}

static void unix_connect_after_listener_closed_fails_econnrefused(void **state)
{
	(void)state;
	int l = listener("s");
	close(l);
	int c = sock(SOCK_STREAM);
	assert_errno(connect_path(c, "s"), ECONNREFUSED);
	close(c);
}

static void unix_connect_to_regular_file_fails_econnrefused(void **state)
{
	(void)state;
	int c = sock(SOCK_STREAM);
	conf_touch("f");
	assert_errno(connect_path(c, "f"), ECONNREFUSED);
	close(c);
}

static void unix_connect_stream_to_dgram_fails_eprototype(void **state)
{
	(void)state;
	int d = sock(SOCK_DGRAM), c = sock(SOCK_STREAM);
	assert_ok(bind_path(d, "s"));
	assert_errno(connect_path(c, "s"), EPROTOTYPE);
	close(d);
	close(c);
}

static void unix_connect_needs_write_permission(void **state)
{
	(void)state;
	conf_drop_dac_or_skip();
	int l = listener("s");
	assert_ok(chmod("s", 0500));
	int c = sock(SOCK_STREAM);
	assert_errno(connect_path(c, "s"), EACCES);
	close(c);
	close(l);
}

static void unix_connect_relative_path_uses_cwd(void **state)
{
	(void)state;
	assert_ok(mkdir("d", 0755));
	int l = listener("d/s");
	assert_ok(chdir("d"));
	int c = sock(SOCK_STREAM);
	assert_ok(connect_path(c, "s"));
	close(c);
	close(l);
}

static void unix_getsockname_returns_bound_path(void **state)
{
	(void)state;
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	int fd = sock(SOCK_STREAM);
	assert_ok(bind_path(fd, "named"));
	assert_ok(getsockname(fd, (struct sockaddr *)&sa, &len));
	assert_int_equal(sa.sun_family, AF_UNIX);
	assert_string_equal(sa.sun_path, "named");
	close(fd);
}

static void unix_getpeername_returns_server_path(void **state)
{
	(void)state;
	struct sockaddr_un sa;
	socklen_t len = sizeof sa;
	int l = listener("srv");
	int c = sock(SOCK_STREAM);
	assert_ok(connect_path(c, "srv"));
	assert_ok(getpeername(c, (struct sockaddr *)&sa, &len));
	assert_string_equal(sa.sun_path, "srv");
	close(c);
	close(l);
}

static void unix_dgram_sendto_path_delivers(void **state)
{
	(void)state;
	char buf[8] = { 0 };
	struct sockaddr_un sa;
	socklen_t len = addr_of("d", &sa);
	int r = sock(SOCK_DGRAM), s = sock(SOCK_DGRAM);
	assert_ok(bind_path(r, "d"));
	assert_int_equal(assert_ok(sendto(s, "dg", 2, 0, (struct sockaddr *)&sa, len)), 2);
	assert_int_equal(assert_ok(recv(r, buf, sizeof buf, 0)), 2);
	assert_string_equal(buf, "dg");
	close(r);
	close(s);
}

static void unix_dgram_sendto_missing_path_fails_enoent(void **state)
{
	(void)state;
	struct sockaddr_un sa;
	socklen_t len = addr_of("missing", &sa);
	int s = sock(SOCK_DGRAM);
	assert_errno(sendto(s, "x", 1, 0, (struct sockaddr *)&sa, len), ENOENT);
	close(s);
}

static void unix_unlink_then_rebind_succeeds(void **state)
{
	(void)state;
	int a = sock(SOCK_STREAM);
	assert_ok(bind_path(a, "s"));
	close(a);
	assert_ok(unlink("s"));
	int b = sock(SOCK_STREAM);
	assert_ok(bind_path(b, "s"));
	close(b);
}

static void unix_connect_through_renamed_path(void **state)
{
	(void)state;
	int l = listener("old");
	assert_ok(rename("old", "new"));
	int c = sock(SOCK_STREAM);
	/* The socket is found by its inode, wherever the name now is. */
	assert_ok(connect_path(c, "new"));
	close(c);
	close(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		conf_case(unix_bind_creates_socket_file),
		conf_case(unix_bind_mode_follows_umask),
		conf_case(unix_bind_existing_socket_path_fails_eaddrinuse),
		conf_case(unix_bind_over_regular_file_fails_eaddrinuse),
		conf_case(unix_bind_missing_dir_fails_enoent),
		conf_case(unix_bind_twice_on_one_socket_fails_einval),
		conf_case(unix_bind_oversized_address_fails_einval),
		conf_case(unix_connect_by_path_transfers_data),
		conf_case(unix_connect_missing_path_fails_enoent),
		conf_case(unix_connect_bound_not_listening_fails_econnrefused),
		conf_case(unix_connect_after_listener_closed_fails_econnrefused),
		conf_case(unix_connect_to_regular_file_fails_econnrefused),
		conf_case(unix_connect_stream_to_dgram_fails_eprototype),
		conf_case(unix_connect_needs_write_permission),
		conf_case(unix_connect_relative_path_uses_cwd),
		conf_case(unix_getsockname_returns_bound_path),
		conf_case(unix_getpeername_returns_server_path),
		conf_case(unix_dgram_sendto_path_delivers),
		conf_case(unix_dgram_sendto_missing_path_fails_enoent),
		conf_case(unix_unlink_then_rebind_succeeds),
		conf_case(unix_connect_through_renamed_path),
	};
	return conf_run(tests);
}
