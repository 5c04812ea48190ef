/* Parsing of `moat run` options.  Every error is a one-line message; the
 * CLI prints it prefixed "moat: " and exits 125. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sentry/limits.h"
#include "sentry/options.h"

void options_usage(FILE *f)
{
	fputs(
"usage: moat run [OPTIONS] -- COMMAND [ARG...]\n"
"       moat policy --dump\n"
"\n"
"Run COMMAND as an untrusted guest: its system calls are sorted by moat's\n"
"reviewed table, its file access is carried out by a confined moat-gofer,\n"
"and its writes land in a memory-backed layer that vanishes at exit.\n"
"\n"
"options of run:\n"
"  --rootfs DIR          use DIR as the guest's / (default: the host's /)\n"
"  --bind SRC:DST[:ro]   make host SRC visible at DST (writes reach SRC\n"
"                        unless :ro)\n"
"  --tmpfs DST           an empty memory-backed directory at DST\n"
"  --tmpfs-size MB       size of the writable layer, /tmp, /dev/shm (default 1024)\n"
"  --pids-max N          at most N tasks (processes and threads) in the guest\n"
"  --memory-max SIZE     memory of the guest, e.g. 512M or 2G (swap: none)\n"
"  --nofile N            at most N open files per guest process\n"
"  --read-only           no writable layer: the rootfs is read-only\n"
"  --net none|host       none (default): loopback only; host: the host's network\n"
"  --hostname NAME       the guest's hostname (default: moat)\n"
"  --env K=V             set an environment variable (repeatable)\n"
"  --clearenv            start from an empty environment (PATH is kept)\n"
"  --platform seccomp    how syscalls are trapped (seccomp user notification)\n"
"  --debug               print the sentry's counters at exit\n"
"  --trace FILE          write each call the sentry handles, decoded, with\n"
"                        its result to FILE (- for stderr)\n"
"  -h, --help            this text\n"
"\n"
"exit status: COMMAND's, or 128+N if it died of signal N; 125 moat error,\n"
"126 command not executable, 127 command not found.\n", f);
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* SRC:DST[:ro] — both absolute. */
static int parse_bind(char *spec, struct bind_opt *b, char *err, size_t errlen)
{
	char *src = spec, *dst = strchr(spec, ':');
	if (!dst)
		return fail(err, errlen, "--bind %s: expected SRC:DST[:ro]", spec);
	*dst++ = '\0';
	char *mode = strchr(dst, ':');
	b->ro = false;
	if (mode) {
		*mode++ = '\0';
		if (strcmp(mode, "ro") == 0)
			b->ro = true;
		else if (strcmp(mode, "rw") != 0)
			return fail(err, errlen, "--bind %s:%s: unknown mode '%s' (ro or rw)",
				    src, dst, mode);
	}
	if (src[0] != '/' || dst[0] != '/')
		return fail(err, errlen, "--bind %s:%s: SRC and DST must be absolute paths",
			    src, dst);
	if (strcmp(dst, "/") == 0)
		return fail(err, errlen, "--bind %s:%s: DST cannot be / (use --rootfs)",
			    src, dst);
	b->src = src;
	b->dst = dst;
	return 0;
}

int options_parse(int argc, char **argv, struct options *o, char *err,
		  size_t errlen)
{
	enum { O_ROOTFS = 256, O_BIND, O_TMPFS, O_TMPFS_SIZE, O_READ_ONLY,
	       O_NET, O_HOSTNAME, O_ENV, O_CLEARENV, O_PLATFORM, O_DEBUG,
	       O_PIDS_MAX, O_MEMORY_MAX, O_NOFILE, O_TRACE };
	static const struct option longopts[] = {
		{ "rootfs", required_argument, NULL, O_ROOTFS },
		{ "bind", required_argument, NULL, O_BIND },
		{ "tmpfs", required_argument, NULL, O_TMPFS },
		{ "tmpfs-size", required_argument, NULL, O_TMPFS_SIZE },
		{ "read-only", no_argument, NULL, O_READ_ONLY },
		{ "net", required_argument, NULL, O_NET },
		{ "hostname", required_argument, NULL, O_HOSTNAME },
		{ "env", required_argument, NULL, O_ENV },
		{ "clearenv", no_argument, NULL, O_CLEARENV },
		{ "platform", required_argument, NULL, O_PLATFORM },
		{ "debug", no_argument, NULL, O_DEBUG },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "pids-max", required_argument, NULL, O_PIDS_MAX },
		{ "memory-max", required_argument, NULL, O_MEMORY_MAX },
		{ "nofile", required_argument, NULL, O_NOFILE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	memset(o, 0, sizeof *o);
	o->net = NET_NONE;
	o->hostname = "moat";
	o->platform = "seccomp";
	o->tmpfs_size_mb = 1024;
	optind = 1;
	opterr = 0;
	for (;;) {
		/* '+': stop at the first non-option, the command. */
		int c = getopt_long(argc, argv, "+h", longopts, NULL);
		if (c == -1)
			break;
		char *end;
		switch (c) {
		case O_ROOTFS:
			if (optarg[0] != '/')
				return fail(err, errlen, "--rootfs %s: must be an absolute path", optarg);
			o->rootfs = optarg;
			break;
		case O_BIND:
			if (o->nbinds == MAX_MOUNTS)
				return fail(err, errlen, "too many --bind options (at most %d)", MAX_MOUNTS);
			if (parse_bind(optarg, &o->binds[o->nbinds], err, errlen) < 0)
				return -1;
			o->nbinds++;
			break;
		case O_TMPFS:
			if (o->ntmpfs == MAX_MOUNTS)
				return fail(err, errlen, "too many --tmpfs options (at most %d)", MAX_MOUNTS);
			if (optarg[0] != '/' || strcmp(optarg, "/") == 0)
				return fail(err, errlen, "--tmpfs %s: must be an absolute path other than /", optarg);
			o->tmpfs[o->ntmpfs++] = optarg;
			break;
		case O_TMPFS_SIZE:
			errno = 0;
			o->tmpfs_size_mb = strtoul(optarg, &end, 10);
			if (errno || *end || o->tmpfs_size_mb == 0 || o->tmpfs_size_mb > (1UL << 30))
				return fail(err, errlen, "--tmpfs-size %s: expected a size in MiB", optarg);
			break;
		case O_READ_ONLY:
			o->read_only = true;
			break;
		case O_NET:
			if (strcmp(optarg, "none") == 0)
				o->net = NET_NONE;
			else if (strcmp(optarg, "host") == 0)
				o->net = NET_HOST;
			else
				return fail(err, errlen, "--net %s: expected none or host", optarg);
			break;
		case O_HOSTNAME:
			if (!*optarg || strlen(optarg) > 64)
				return fail(err, errlen, "--hostname: 1 to 64 characters");
			o->hostname = optarg;
			break;
		case O_ENV:
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return fail(err, errlen, "--env %s: expected KEY=VALUE", optarg);
			if (o->nenv == MAX_ENV)
				return fail(err, errlen, "too many --env options (at most %d)", MAX_ENV);
			o->env[o->nenv++] = optarg;
			break;
		case O_CLEARENV:
			o->clearenv = true;
			break;
		case O_PLATFORM:
			if (strcmp(optarg, "seccomp") != 0)
				return fail(err, errlen, "--platform %s: unknown platform (this build has: seccomp)", optarg);
			o->platform = optarg;
			break;
		case O_DEBUG:
			o->debug = true;
			break;
		case O_TRACE:
			if (!*optarg)
				return fail(err, errlen, "--trace: expected a file name or -");
			o->trace = optarg;
			break;
		case O_PIDS_MAX:
			/* PID_MAX_LIMIT: no more tasks can exist. */
			errno = 0;
			o->pids_max = strtoul(optarg, &end, 10);
			if (errno || *end || optarg[0] == '-' || o->pids_max == 0 ||
			    o->pids_max > (1UL << 22))
				return fail(err, errlen, "--pids-max %s: expected a number of tasks (1 to 4194304)", optarg);
			break;
		case O_MEMORY_MAX:
			if (limits_parse_size(optarg, &o->memory_max) < 0)
				return fail(err, errlen, "--memory-max %s: expected a size such as 512M or 2G", optarg);
			o->memory_max_arg = optarg;
			break;
		case O_NOFILE:
			errno = 0;
			o->nofile = strtoul(optarg, &end, 10);
			if (errno || *end || optarg[0] == '-' || o->nofile == 0 ||
			    o->nofile > (1UL << 30))
				return fail(err, errlen, "--nofile %s: expected a number of files", optarg);
			break;
		case 'h':
			options_usage(stdout);
			return 1;
		default:
			if (optopt && optopt < 256)
				return fail(err, errlen, "unknown option '-%c' (see moat run --help)", optopt);
			return fail(err, errlen, "unknown or incomplete option '%s' (see moat run --help)",
				    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return fail(err, errlen, "no command given (moat run [OPTIONS] -- COMMAND [ARG...])");
	if (!argv[optind][0])
		return fail(err, errlen, "empty command name");
	o->argv = &argv[optind];
	return 0;
}
