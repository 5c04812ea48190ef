/* race_chdir_buffer: rewrite the path buffer of chdir(), the kernel door.
 *
 * DESIGN.md lets chdir "continue in the kernel" after the sentry checked
 * the path, on the ground that the kernel then resolves it in the guest's
 * own mount namespace.  A thread flips the buffer between a decoy
 * directory and the secret's directory; the main thread chdir()s and opens
 * the secret's name relative to the new cwd.  If the guest's mount
 * namespace held any host directory, this would read from it.
 * Bounded: 3 s or 100000 rounds.
 *
 * @class race
 * @moat --rootfs {rootfs}
 */
#include "common.h"
#include <pthread.h>

static char buf[PATH_MAX];
static char ok_dir[PATH_MAX + 8];
static char secret_dir[PATH_MAX];
static volatile bool stop;

static void *
flipper(void *arg)
{
	size_t ok_len = strlen(ok_dir) + 1, secret_len = strlen(secret_dir) + 1;

	(void)arg;
	while (!stop) {
		memcpy(buf, ok_dir, ok_len);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		memcpy(buf, secret_dir, secret_len);
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
	}
	return NULL;
}

int
main(void)
{
	const char *secret = env_need("ESCAPE_SECRET");
	const char *name = strrchr(secret, '/');
	char dir[PATH_MAX], decoy[PATH_MAX * 2];
	long rounds = 0, decoys = 0, errors = 0;
	int last_err = 0, fd;
	pthread_t t;

	if (!name)
		setup_error("ESCAPE_SECRET is not an absolute path");
	name++;
	snprintf(secret_dir, sizeof secret_dir, "%s", secret);
	*strrchr(secret_dir, '/') = '\0';
	scratch_dir(dir, sizeof dir);
	snprintf(ok_dir, sizeof ok_dir, "%s/ok", dir);
	if (mkdir(ok_dir, 0755) < 0)
		setup_error("mkdir %s: %s", ok_dir, errname(errno));
	snprintf(decoy, sizeof decoy, "%s/%s", ok_dir, name);
	fd = open(decoy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "decoy", 5) != 5)
		setup_error("%s: %s", decoy, errname(errno));
	close(fd);
	memcpy(buf, ok_dir, strlen(ok_dir) + 1);

	if (pthread_create(&t, NULL, flipper, NULL) != 0)
		setup_error("pthread_create failed");
	double end = now_s() + 3.0;
	for (; rounds < 100000 && now_s() < end; rounds++) {
		char data[256];
		ssize_t n;

		if (chdir(buf) < 0) {
			errors++;
			last_err = errno;
			continue;
		}
		fd = open(name, O_RDONLY | O_CLOEXEC);
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
		if (strcmp(data, "decoy") != 0)
			escaped("round %ld: chdir landed where the rewritten "
				"buffer pointed: secret=%s", rounds + 1, data);
		decoys++;
	}
	stop = true;
	pthread_join(t, NULL);
	contained("%ld rounds: %ld decoys, %ld errors (last %s)", rounds,
		  decoys, errors, last_err ? errname(last_err) : "none");
}
