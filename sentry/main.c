/* moat: the command line.  A thin layer over sandbox_run() and the policy
 * dump; everything it calls can be called by a test too. */
#include <stdio.h>
#include <string.h>

#include "sentry/filter.h"
#include "sentry/options.h"
#include "sentry/sandbox.h"

#define MOAT_VERSION "0.1.0"

static void usage(FILE *f)
{
	fputs("usage: moat run [OPTIONS] -- COMMAND [ARG...]   run COMMAND in a sandbox\n"
	      "       moat policy --dump                      print the guest's syscall policy\n"
	      "       moat --version | --help\n\n", f);
	options_usage(f);
}

static int cmd_run(int argc, char **argv)
{
	struct options o;
	char err[512];
	int r = options_parse(argc, argv, &o, err, sizeof err);
	if (r == 1)
		return 0;
	if (r < 0) {
		fprintf(stderr, "moat: %s\n", err);
		return EXIT_MOAT_ERROR;
	}
	return sandbox_run(&o);
}

static int cmd_policy(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--dump") == 0) {
		guest_filter_dump(stdout);
		return 0;
	}
	fprintf(stderr, "moat: policy: expected --dump\n");
	return EXIT_MOAT_ERROR;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_MOAT_ERROR;
	}
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "policy") == 0)
		return cmd_policy(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("moat %s\n", MOAT_VERSION);
		return 0;
	}
	fprintf(stderr, "moat: unknown command '%s' (see moat --help)\n", argv[1]);
	return EXIT_MOAT_ERROR;
}
