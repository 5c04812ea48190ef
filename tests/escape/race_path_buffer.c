/* race_path_buffer: rewrite the path buffer while open() is checked.
 *
 * A thread flips a shared buffer between "<scratch>/ok" and the host
 * secret's path; the main thread passes that buffer to open() in a loop.
 * A sentry that reads the path twice (once to check, once to act, or lets
 * the kernel read it again) opens the secret.  DESIGN.md: copy guest
 * memory once.  Bounded: 3 s or 200000 opens.
 *
 * @class race
 * @moat --rootfs {rootfs}
 */
#include "common.h"
#include <pthread.h>

static char buf[PATH_MAX];
static char ok_path[PATH_MAX + 8];
static const char *secret;
static volatile bool stop;

static void *
flipper(void *arg)
{
	size_t ok_len = strlen(ok_path) + 1, secret_len = strlen(secret) + 1;

	(void)arg;
	while (!stop) {
		memcpy(buf, ok_path, ok_len);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		memcpy(buf, secret, secret_len);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	}
	return NULL;
}

int
main(void)
{
	char dir[PATH_MAX];
	long opens = 0, oks = 0, errors = 0;
	int last_err = 0, fd;
	pthread_t t;

	secret = env_need("ESCAPE_SECRET");
	scratch_dir(dir, sizeof dir);
	snprintf(ok_path, sizeof ok_path, "%s/ok", dir);
	fd = open(ok_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "ok", 2) != 2)
		setup_error("%s: %s", ok_path, errname(errno));
	close(fd);
	memcpy(buf, ok_path, strlen(ok_path) + 1);

	if (pthread_create(&t, NULL, flipper, NULL) != 0)
		setup_error("pthread_create failed");
	double end = now_s() + 3.0;
	for (; opens < 200000 && now_s() < end; opens++) {
		char data[256];
		ssize_t n;

		fd = open(buf, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			errors++;
			last_err = errno;
			continue;
		}
		n = read(fd, data, sizeof data - 1);
		close(fd);
		if (n <= 0)
			continue;
		data[n] = '\0';
		if (strcmp(data, "ok") != 0)
			escaped("open %ld read the host file the buffer "
				"named after the check: secret=%s", opens + 1,
				data);
		oks++;
	}
	stop = true;
	pthread_join(t, NULL);
	contained("%ld opens: %ld of the decoy, %ld errors (last %s)", opens,
		  oks, errors, last_err ? errname(last_err) : "none");
}
