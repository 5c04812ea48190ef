/* setuid_exec: gain privilege by executing a setuid-root binary.
 *
 * The harness installs helpers/suid_helper (prints its euid and effective
 * capabilities) as a root-owned mode 4755 file, ESCAPE_SUID_HELPER.  Under
 * NO_NEW_PRIVS exec does not honour set-user-ID bits nor file
 * capabilities, so the helper must come back with our own euid and no
 * capabilities we lacked.  Natively root already has everything, so the
 * harness runs the native baseline as an unprivileged uid (setpriv), where
 * the helper does gain euid 0.
 *
 * @class privilege
 * @native user
 */
#include "common.h"

static unsigned long long
own_capeff(void)
{
	char line[256];
	unsigned long long v = 0;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

int
main(void)
{
	const char *helper = env_need("ESCAPE_SUID_HELPER");
	unsigned long long mine = own_capeff(), theirs;
	char out[256];
	int pfd[2], status, euid;
	ssize_t n;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		setup_error("pipe2: %s", errname(errno));
	pid = fork();
	if (pid < 0)
		setup_error("fork: %s", errname(errno));
	if (pid == 0) {
		dup2(pfd[1], 1);
		execl(helper, helper, (char *)NULL);
		printf("exec-failed %d\n", errno);
		fflush(stdout);
		_exit(127);
	}
	close(pfd[1]);
	n = read(pfd[0], out, sizeof out - 1);
	waitpid(pid, &status, 0);
	if (n <= 0)
		contained("the helper printed nothing (status %#x)", status);
	out[n] = '\0';
	if (sscanf(out, "exec-failed %d", &euid) == 1) {
		/* Not there at all: the attack never ran, which proves
		 * nothing either way. */
		if (euid == ENOENT)
			setup_error("%s is not visible here", helper);
		contained("exec %s: %s", helper, errname(euid));
	}
	if (sscanf(out, "euid=%d capeff=%llx", &euid, &theirs) != 2)
		setup_error("unexpected helper output: %s", out);
	if (euid == 0 && geteuid() != 0)
		escaped("euid %d became 0 through the setuid bit",
			(int)geteuid());
	if (theirs & ~mine)
		escaped("exec gained capabilities %#llx (had %#llx)",
			theirs & ~mine, mine);
	contained("no privilege gained: euid %d -> %d, CapEff %#llx -> %#llx",
		  (int)geteuid(), euid, mine, theirs);
}
