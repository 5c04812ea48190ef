/* Guest-side checks that need exact errnos: a path longer than PATH_MAX,
 * a bad pointer, a component longer than NAME_MAX.  Prints one line per
 * check, "name errno-name", for tests/e2e/run to compare. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *name, int r)
{
	printf("%s %s\n", name, r < 0 ? strerrorname_np(errno) : "OK");
}

int main(void)
{
	static char longpath[PATH_MAX + 16];
	struct stat st;

	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	report("open_path_too_long", open(longpath, O_RDONLY));
	report("stat_path_too_long", stat(longpath, &st));
	char name[NAME_MAX + 8];
	memset(name, 'b', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	report("open_name_too_long", open(name, O_RDONLY | O_CREAT, 0644));
	report("open_bad_pointer", open((const char *)1, O_RDONLY));
	report("open_missing", open("/nonexistent/file", O_RDONLY));
	report("mkdir_existing", mkdir("/", 0755));
	return 0;
}
