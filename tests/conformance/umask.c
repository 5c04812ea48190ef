/* Conformance: umask(2): its return value and its effect on every call
 * that creates a name (open, mkdir, mkfifo, mknod, bind), but not chmod.
 * Each case restores the mask it found. */
#include "proc_common.h"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static mode_t mode_of(const char *name)
{
	struct stat st;
	assert_ok(lstat(name, &st));
	return st.st_mode & 07777;
}

static void umask_returns_previous_mask(void **state)
{
	(void)state;
	mode_t orig = umask(022);
	assert_int_equal(umask(077), 022);
	assert_int_equal(umask(orig), 077);
}

static void umask_keeps_only_permission_bits(void **state)
{
	(void)state;
	mode_t orig = umask(07777);
	mode_t got = umask(orig);
	assert_int_equal(got, 0777);
}

static void umask_masks_open_create_mode(void **state)
{
	(void)state;
	mode_t orig = umask(027);
	int fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0666);
	umask(orig);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(mode_of("f"), 0640);
	assert_ok(unlink("f"));
}

static void umask_masks_mkdir_mode(void **state)
{
	(void)state;
	mode_t orig = umask(072);
	int r = mkdir("d", 0777);
	umask(orig);
	assert_int_equal(r, 0);
	assert_int_equal(mode_of("d"), 0705);
	assert_ok(rmdir("d"));
}

static void umask_masks_mkfifo_mode(void **state)
{
	(void)state;
	mode_t orig = umask(066);
	int r = mkfifo("p", 0666);
	umask(orig);
	assert_int_equal(r, 0);
	assert_int_equal(mode_of("p"), 0600);
	assert_ok(unlink("p"));
}

static void umask_masks_mknod_regular_file(void **state)
{
	(void)state;
	mode_t orig = umask(022);
	int r = mknod("n", S_IFREG | 0666, 0);
	umask(orig);
	assert_int_equal(r, 0);
	assert_int_equal(mode_of("n"), 0644);
	assert_ok(unlink("n"));
}

static void umask_masks_unix_socket_file(void **state)
{
	(void)state;
	struct sockaddr_un a = { .sun_family = AF_UNIX, .sun_path = "s" };
	int s = (int)assert_ok(socket(AF_UNIX, SOCK_STREAM, 0));
	mode_t orig = umask(077);
	int r = bind(s, (struct sockaddr *)&a, sizeof a);
	umask(orig);
	assert_int_equal(r, 0);
	/* unix(7): the socket file gets 0777 less the umask. */
	assert_int_equal(mode_of("s"), 0700);
	close(s);
	assert_ok(unlink("s"));
}

static void umask_does_not_affect_chmod(void **state)
{
	(void)state;
	mode_t orig = umask(077);
	int fd = open("c", O_WRONLY | O_CREAT | O_EXCL, 0600);
	int r = chmod("c", 0666);
	umask(orig);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(r, 0);
	assert_int_equal(mode_of("c"), 0666);
	assert_ok(unlink("c"));
}

static void umask_does_not_affect_existing_file_open(void **state)
{
	(void)state;
	int fd = (int)assert_ok(open("e", O_WRONLY | O_CREAT | O_EXCL, 0644));
	close(fd);
	mode_t orig = umask(0777);
	fd = open("e", O_WRONLY | O_CREAT, 0600);
	umask(orig);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(mode_of("e"), 0644);
	assert_ok(unlink("e"));
}

static void umask_is_per_process(void **state)
{
	(void)state;
	mode_t orig = umask(022);
	pid_t pid = conf_fork();
	if (pid == 0) {
		umask(0777);
		_exit(0);
	}
	assert_child_ok(pid);
	assert_int_equal(umask(orig), 022);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(umask_returns_previous_mask),
		cmocka_unit_test(umask_keeps_only_permission_bits),
		cmocka_unit_test(umask_masks_open_create_mode),
		cmocka_unit_test(umask_masks_mkdir_mode),
		cmocka_unit_test(umask_masks_mkfifo_mode),
		cmocka_unit_test(umask_masks_mknod_regular_file),
		cmocka_unit_test(umask_masks_unix_socket_file),
		cmocka_unit_test(umask_does_not_affect_chmod),
		cmocka_unit_test(umask_does_not_affect_existing_file_open),
		cmocka_unit_test(umask_is_per_process),
	};
	return conf_run(tests);
}
