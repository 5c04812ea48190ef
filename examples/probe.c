/* probe: tries what an untrusted program might try and reports each
 * outcome.  `make demo` runs it natively-described and inside moat. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	if (r < 0)
		printf("  %-46s refused: %s (%s)\n", what, strerrorname_np(errno),
		       strerror(errno));
	else
		printf("  %-46s allowed\n", what);
}

int main(int argc, char **argv)
{
	const char *secret = argc > 1 ? argv[1] : NULL;
	char buf[128];
	int fd;

	printf("probe: pid %d, uid %d\n", getpid(), getuid());
	fd = open("/etc/passwd", O_WRONLY | O_APPEND);
	long r = fd < 0 ? -1 : write(fd, "probe:x:0:0::/:/bin/sh\n", 23);
	show("append a user to /etc/passwd", r);
	if (fd >= 0)
		close(fd);
	show("mount a tmpfs on /mnt", mount("tmpfs", "/mnt", "tmpfs", 0, NULL));
	show("unshare a new user namespace", unshare(CLONE_NEWUSER));
	show("ptrace the parent", ptrace(PTRACE_ATTACH, getppid(), 0, 0));
	show("load a BPF program (bpf)", syscall(SYS_bpf, 0, NULL, 0));
	show("set up io_uring", syscall(SYS_io_uring_setup, 1, NULL));
	show("open a raw packet socket", socket(AF_PACKET, SOCK_RAW, 0));
	show("reboot the machine (bad magic)", syscall(SYS_reboot, 0, 0, 0, NULL));
	show("write /proc/sys/kernel/hostname",
	     (fd = open("/proc/sys/kernel/hostname", O_WRONLY)) < 0 ? -1 : 0);
	if (secret) {
		fd = open(secret, O_RDONLY);
		r = fd < 0 ? -1 : read(fd, buf, sizeof buf);
		char what[96];
		snprintf(what, sizeof what, "read the host file %.40s", secret);
		show(what, r);
	}
	fd = open("/tmp/probe-note", O_CREAT | O_WRONLY, 0644);
	show("create /tmp/probe-note", fd);
	return 0;
}
