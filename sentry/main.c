/* moat: the command line.  A thin layer over sandbox_run() and the policy
 * dump; everything it calls can be called by a test too. */
#include <stdio.h>
#include <string.h>

#include "gofer/confine.h"
#include "sentry/confine.h"
#include "sentry/filter.h"
#include "sentry/options.h"
#include "sentry/sandbox.h"

#define MOAT_VERSION "0.1.0"

static void usage(FILE *f)
{
	fputs("usage: moat run [OPTIONS] -- COMMAND [ARG...]   run COMMAND in a sandbox\n"
	      "       moat policy --dump [guest|sentry|gofer]  print the syscall policies:\n"
	      "                                               the guest's, moat's own, the gofer's\n"
	      "       moat --version | --help\n\n", f);
	options_usage(f);
}

static void dump_sentry(FILE *f)
{
	sentry_policy_dump(f);
}

static void dump_gofer(FILE *f)
{
	gofer_filter_dump(f);
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

/* The three policies of a sandbox, each closed by its count line. */
static const struct {
	const char *name, *title;
	void (*dump)(FILE *f);
} policies[] = {
	{ "guest", "the command's filter (syscalls/table.def)", guest_filter_dump },
	{ "sentry", "moat's own allowlist, once the sandbox runs", dump_sentry },
	{ "gofer", "moat-gofer's allowlist", dump_gofer },
};

static int cmd_policy(int argc, char **argv)
{
	const size_t n = sizeof policies / sizeof policies[0];
	if ((argc != 2 && argc != 3) || strcmp(argv[1], "--dump") != 0) {
		fprintf(stderr, "moat: policy: expected --dump [guest|sentry|gofer]\n");
		return EXIT_MOAT_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		if (argc == 3 && strcmp(argv[2], policies[i].name) != 0)
			continue;
		printf("%s## %s: %s\n", i && argc == 2 ? "\n" : "", policies[i].name,
		       policies[i].title);
		policies[i].dump(stdout);
		if (argc == 3)
			return 0;
	}
	if (argc == 3) {
		fprintf(stderr, "moat: policy: unknown policy '%s' (guest, sentry or gofer)\n",
			argv[2]);
		return EXIT_MOAT_ERROR;
	}
	return 0;
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
