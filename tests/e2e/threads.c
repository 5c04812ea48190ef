/* A multi-threaded guest: threads open, stat and close files at once while
 * the main thread forks children that do the same. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 8
#define ROUNDS 200

static void *worker(void *arg)
{
	long ok = 0;
	char path[64];
	snprintf(path, sizeof path, "/tmp/thr-%ld", (long)arg);
	for (int i = 0; i < ROUNDS; i++) {
		int fd = open(path, O_CREAT | O_RDWR, 0644);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0 && stat("/etc/passwd", &st) == 0)
			ok++;
		if (fd >= 0)
			close(fd);
	}
	return (void *)ok;
}

int main(void)
{
	pthread_t th[THREADS];
	long total = 0;
	for (long i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	int children_ok = 0;
	for (int i = 0; i < 4; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(worker((void *)(100L + i)) == (void *)ROUNDS ? 0 : 1);
		int st;
		if (p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && !WEXITSTATUS(st))
			children_ok++;
	}
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(th[i], &r);
		total += (long)r;
	}
	printf("threads %ld/%d children %d/4\n", total, THREADS * ROUNDS, children_ok);
	return total == THREADS * ROUNDS && children_ok == 4 ? 0 : 1;
}
