/* proc_host_pids: see a host process in /proc.
 *
 * /proc must show the guest's own pid namespace only (DESIGN.md).  The
 * harness runs a sentinel process on the host with ESCAPE_SENTINEL_TAG
 * "/sentinel" in its command line (sentinel_needle()); finding it in /proc
 * (and reading its command line) is the leak.  The count of visible tasks is reported either way.
 *
 * @class process
 */
#include "common.h"

static const char *tag;
static int seen;

static bool
look(pid_t pid, void *arg)
{
	(void)arg;
	seen++;
	return cmdline_has(pid, tag);
}

int
main(void)
{
	pid_t found;

	tag = sentinel_needle();
	found = for_each_pid(look, NULL);
	if (found)
		escaped("the host's sentinel is visible as /proc/%d "
			"(%d other tasks seen)", (int)found, seen);
	contained("%d other task(s) in /proc, no host sentinel among them",
		  seen);
}
