/* ro_bind_write: write into a read-only bind of a host directory.
 *
 * The harness binds ESCAPE_RO_DIR (a host directory holding "victim") at
 * the same path with ":ro".  The guest must not change it: no write to
 * victim, no new file, no rename or chmod.  The harness compares the
 * directory on the host; the attack counts a write only if the file it
 * changed is on the host's filesystem (ESCAPE_HOST_IDS robind).
 *
 * @class files
 * @moat --bind {robind}:{robind}:ro
 */
#include "common.h"

int
main(void)
{
	const char *dir = env_need("ESCAPE_RO_DIR");
	char victim[PATH_MAX], fresh[PATH_MAX];
	const char *done[3];
	struct stat st;
	int n = 0, last_err = 0, fd;

	snprintf(victim, sizeof victim, "%s/victim", dir);
	snprintf(fresh, sizeof fresh, "%s/pwned-ro_bind_write", dir);

	fd = open(victim, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd >= 0 && write(fd, "pwned\n", 6) == 6 && fstat(fd, &st) == 0 &&
	    on_host_fs(&st, "robind"))
		done[n++] = "appended to victim";
	else
		last_err = errno;
	fd = open(fresh, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd >= 0 && fstat(fd, &st) == 0 && on_host_fs(&st, "robind"))
		done[n++] = "created pwned-ro_bind_write";
	else if (fd < 0)
		last_err = errno;
	if (chmod(victim, 0666) == 0 && stat(victim, &st) == 0 &&
	    on_host_fs(&st, "robind"))
		done[n++] = "chmod victim";
	else
		last_err = errno;

	if (n)
		escaped("in the read-only bind: %s%s%s%s%s", done[0],
			n > 1 ? ", " : "", n > 1 ? done[1] : "",
			n > 2 ? ", " : "", n > 2 ? done[2] : "");
	contained("the read-only bind refused: %s", errname(last_err));
}
