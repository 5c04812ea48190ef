/* Signals in the middle of trapped syscalls.  A thread keeps making
 * emulated calls (creating, stating, unlinking through the gofer) while
 * the main thread showers it with a caught signal, and child processes
 * doing the same are SIGKILLed at random moments.  Afterwards the sandbox
 * must still serve every task, and no call may have failed with anything
 * but EINTR.  Prints "interrupt ok" and exits 0 on success. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static atomic_int stop, bad, calls, signals;

static void on_usr1(int sig)
{
	(void)sig;
	atomic_fetch_add(&signals, 1);
}

static void churn(const char *name)
{
	struct stat st;
	int fd = open(name, O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
	else if (errno != EINTR)
		atomic_fetch_add(&bad, 1);
	if (stat(name, &st) < 0 && errno != EINTR && errno != ENOENT)
		atomic_fetch_add(&bad, 1);
	if (unlink(name) < 0 && errno != EINTR && errno != ENOENT)
		atomic_fetch_add(&bad, 1);
	atomic_fetch_add(&calls, 3);
}

static void *worker(void *arg)
{
	(void)arg;
	while (!atomic_load(&stop))
		churn("/tmp/interrupt-thread");
	return NULL;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 }; /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	pthread_t th;
	pthread_create(&th, NULL, worker, NULL);

	struct timespec pause = { 0, 200000 };
	for (int round = 0; round < 20; round++) {
		pid_t child = fork();
		if (child == 0) {
			for (;;)
				churn("/tmp/interrupt-child");
		}
		for (int i = 0; i < 50; i++) {
			pthread_kill(th, SIGUSR1);
			nanosleep(&pause, NULL);
		}
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	atomic_store(&stop, 1);
	pthread_join(th, NULL);

	/* The sandbox still answers. */
	int fd = open("/tmp/interrupt-after", O_CREAT | O_WRONLY, 0644);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || stat("/tmp/interrupt-after", &st) < 0) {
		printf("interrupt: the sandbox stopped serving: %m\n");
		return 1;
	}
	close(fd);
	if (atomic_load(&bad)) {
		printf("interrupt: %d calls failed with an unexpected errno\n", atomic_load(&bad));
		return 1;
	}
	fprintf(stderr, "interrupt: %d calls, %d signals\n", atomic_load(&calls),
		atomic_load(&signals));
	printf("interrupt ok\n");
	return 0;
}
