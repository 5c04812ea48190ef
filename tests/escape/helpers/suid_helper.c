/* The setuid-root helper of setuid_exec: the harness installs a copy owned
 * by root with mode 4755.  Prints what exec gave it, nothing else. */
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	char line[256];
	unsigned long long capeff = 0;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &capeff) == 1)
			break;
	printf("euid=%d capeff=%llx\n", (int)geteuid(), capeff);
	return 0;
}
