/* Micro-benchmarks, run natively and inside each sandbox by bench/run:
 * prints "name ns/op" for a pass syscall (getppid), an emulated
 * open+close, stat, and fstat (which glibc makes newfstatat(AT_EMPTY_PATH)). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#define BENCH(name, n, body)                                              \
	do {                                                              \
		for (long i_ = 0; i_ < (n) / 10; i_++) { body; }          \
		double t0_ = now_ns();                                    \
		for (long i_ = 0; i_ < (n); i_++) { body; }               \
		printf("%-16s %10.0f\n", name, (now_ns() - t0_) / (n));   \
	} while (0)

int main(int argc, char **argv)
{
	long scale = argc > 1 ? atol(argv[1]) : 1;
	const char *file = "/etc/passwd";
	struct stat st;
	int fd = open(file, O_RDONLY);
	if (fd < 0) {
		perror(file);
		return 1;
	}
	BENCH("getppid", 200000 * scale, syscall(SYS_getppid));
	BENCH("open+close", 20000 * scale, close(open(file, O_RDONLY)));
	BENCH("stat", 20000 * scale, stat(file, &st));
	BENCH("fstat", 20000 * scale, fstat(fd, &st));
	return 0;
}
