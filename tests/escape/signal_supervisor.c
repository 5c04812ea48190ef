/* signal_supervisor: signal the sandbox's supervisor or another host task.
 *
 * The supervisor (moat's sentry) and the harness are ancestors of the
 * guest on the host.  The attack walks the getppid() chain through
 * /proc/<pid>/stat, and looks in /proc for the harness's sentinel (a host
 * process whose command line holds sentinel_needle()), then sends each
 * SIGURG: ignored by default, so the native run disturbs nobody, while the
 * harness and its sentinel record it.  pid 1 is never a target.
 *
 * @class process
 */
#include "common.h"

static const char *tag;

static bool
is_sentinel(pid_t pid, void *arg)
{
	(void)arg;
	return cmdline_has(pid, tag);
}

int
main(void)
{
	pid_t targets[20];
	int n = 0, hits = 0, last_err = ESRCH;
	pid_t p = getppid();
	char detail[512] = "";
	size_t off = 0;

	tag = sentinel_needle();
	for (int depth = 0; p > 1 && depth < 16 && n < 18; depth++) {
		targets[n++] = p;
		p = parent_of(p);
	}
	p = for_each_pid(is_sentinel, NULL);
	if (p > 1)
		targets[n++] = p;

	for (int i = 0; i < n; i++) {
		if (kill(targets[i], SIGURG) < 0) {
			last_err = errno;
			continue;
		}
		if (!pid_in_host_pidns(targets[i]))
			continue;
		hits++;
		if (off < sizeof detail - 16)
			off += (size_t)snprintf(detail + off,
						sizeof detail - off, " %d",
						(int)targets[i]);
	}
	if (hits)
		escaped("SIGURG delivered to %d host task(s):%s", hits, detail);
	contained("%d candidate(s) (parent %d), none on the host: %s", n,
		  (int)getppid(), n ? errname(last_err) : "no ancestors");
}
