/* The harness's sentinel: a host process outside every sandbox.  Its
 * command line carries a tag (argv[1]) by which the attacks look for it in
 * /proc; it appends "signo sender-pid" to argv[2] for every catchable
 * signal it receives, and dies of SIGKILL like anything else.  It runs
 * until the harness kills it. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int log_fd = -1;

static void
record(int sig, siginfo_t *si, void *ctx)
{
	char line[64];
	int len;

	(void)ctx;
	len = snprintf(line, sizeof line, "%d %d\n", sig, (int)si->si_pid);
	if (len > 0 && write(log_fd, line, (size_t)len) < 0)
		_exit(3);
}

int
main(int argc, char **argv)
{
	static const int sigs[] = {
		SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
		SIGTERM, SIGCONT, SIGURG, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU,
	};
	struct sigaction sa;

	if (argc != 3) {
		fprintf(stderr, "usage: sentinel TAG LOGFILE\n");
		return 2;
	}
	log_fd = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		perror(argv[2]);
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = record;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	/* Tell the harness that the handlers are in place. */
	if (write(1, "ready\n", 6) != 6)
		return 2;
	close(1);
	for (;;)
		pause();
}
