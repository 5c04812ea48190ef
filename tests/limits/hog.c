/* A misbehaving guest for tests/limits/run, one behaviour per mode; each
 * prints one line saying how the limit answered, and stops by itself.
 *
 *   hog fork SECONDS   fork bomb: every task forks as fast as it can until
 *                      the deadline; prints whether fork failed with EAGAIN
 *                      and the most processes seen at once in /proc
 *   hog mem MIB        allocate and touch MIB MiB, 1 MiB at a time
 *   hog fds            open /dev/null until it fails; prints the errno and
 *                      the highest fd it got (RLIMIT_NOFILE N: N - 1) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Processes in our pid namespace's /proc (the init included). */
static int count_procs(void)
{
	DIR *d = opendir("/proc");
	int n = 0;
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			n++;
	closedir(d);
	return n;
}

static int fork_bomb(double seconds)
{
	double end = now() + seconds;
	int eagain = 0, most = 0, other = 0;

	while (now() < end) {
		pid_t p = fork();
		if (p == 0) {
			/* A bomb task: fork on until the deadline, then go. */
			while (now() < end)
				if (fork() < 0)
					usleep(1000);
			_exit(0);
		}
		if (p < 0) {
			if (errno == EAGAIN)
				eagain = 1;
			else
				other = errno;
			int n = count_procs();
			if (n > most)
				most = n;
			usleep(10000);
		}
	}
	printf("fork: %s, at most %d processes\n",
	       eagain ? "EAGAIN" : other ? strerror(other) : "never failed", most);
	return 0;
}

/* Chunks hang off a global list, so that no compiler drops the malloc and
 * memset as dead. */
static void *volatile chunks;

static int mem_hog(long mib)
{
	long i;
	for (i = 0; i < mib; i++) {
		char *p = malloc(1 << 20);
		if (!p) {
			printf("mem: ENOMEM after %ld MiB\n", i);
			return 1;
		}
		memset(p, 0xa5, 1 << 20);
		*(void **)p = chunks;
		chunks = p;
	}
	printf("mem: %ld MiB touched\n", i);
	return 0;
}

static int fd_hog(void)
{
	int last = -1;
	for (;;) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			printf("fds: %s after fd %d\n",
			       errno == EMFILE ? "EMFILE" : strerror(errno), last);
			return 0;
		}
		if (fd > 1 << 20) {
			printf("fds: no limit\n");
			return 1;
		}
		last = fd > last ? fd : last;
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "fork") == 0)
		return fork_bomb(atof(argv[2]));
	if (argc == 3 && strcmp(argv[1], "mem") == 0)
		return mem_hog(atol(argv[2]));
	if (argc == 2 && strcmp(argv[1], "fds") == 0)
		return fd_hog();
	fprintf(stderr, "usage: hog fork SECONDS | mem MIB | fds\n");
	return 2;
}
