/* `moat run` options, parsed by options_parse() so a test can call it. */
#ifndef MOAT_SENTRY_OPTIONS_H
#define MOAT_SENTRY_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MAX_MOUNTS 64
#define MAX_ENV    256

struct bind_opt {
	const char *src;
	const char *dst;
	bool ro;
};

enum net_mode { NET_NONE, NET_HOST };

struct options {
	const char *rootfs;             /* NULL: the host's / */
	struct bind_opt binds[MAX_MOUNTS];
	size_t nbinds;
	const char *tmpfs[MAX_MOUNTS];
	size_t ntmpfs;
	bool read_only;                 /* no writable layer over the rootfs */
	enum net_mode net;
	const char *hostname;
	bool clearenv;
	const char *env[MAX_ENV];       /* K=V */
	size_t nenv;
	const char *platform;           /* "seccomp" */
	bool debug;
	const char *trace;              /* --trace FILE ("-": stderr), or NULL */
	unsigned long tmpfs_size_mb;    /* size of the writable layer */
	unsigned long pids_max;         /* guest tasks; 0: no limit */
	unsigned long long memory_max;  /* bytes; 0: no limit */
	const char *memory_max_arg;     /* as given, for messages */
	unsigned long nofile;           /* RLIMIT_NOFILE; 0: inherited */
	char *const *argv;              /* the command */
};

/* Parse `moat run` arguments (argv[0] is "run").  Returns 0, 1 when --help
 * was printed, or -1 with a one-line message in err. */
int options_parse(int argc, char **argv, struct options *o, char *err,
		  size_t errlen);

void options_usage(FILE *f);

#endif
