/* Resource limits of a sandbox: --pids-max, --memory-max, --nofile.
 *
 * Where the cgroup hierarchy lets moat create a cgroup (root, or a cgroup
 * v2 subtree delegated to the caller), the guest's init and so every guest
 * task runs in a cgroup of its own with pids.max and memory.max; otherwise
 * the limits fall back to rlimits set in the command before exec.
 * --nofile is always RLIMIT_NOFILE.
 *
 * The calls come from three processes, in this order:
 *   sentry   limits_setup()           before the sandbox's processes exist
 *   sentry   limits_close_setup_fds() once the zygote is cloned
 *   init     limits_enter_cgroup()    before it forks the command
 *   command  limits_apply_rlimits()   just before exec
 *   sentry   limits_finish()          once every sandbox task is reaped
 * The state lives in this file's statics, which the setup processes
 * inherit through clone(). */
#ifndef MOAT_SENTRY_LIMITS_H
#define MOAT_SENTRY_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sentry/options.h"

/* "128M", "1g", "65536": bytes, with binary K/M/G/T suffixes.  Returns 0
 * or -EINVAL (not a size, or zero) or -ERANGE. */
int limits_parse_size(const char *s, unsigned long long *bytes);

/* The caller's cgroup of controller CTRL ("pids", "memory") as a
 * directory, from the text of /proc/self/cgroup and /proc/self/mountinfo:
 * in the v1 hierarchy carrying CTRL if there is one, else in the v2 one
 * (*v2 says which).  *mnt_len is the length of the mount point's path, a
 * prefix of out.  Returns 0 or -ENOENT, -ENAMETOOLONG. */
int limits_cgroup_of(const char *ctrl, FILE *cgroups, FILE *mountinfo,
		     char *out, size_t cap, bool *v2, size_t *mnt_len);

/* Decide how each limit of o is enforced, create and configure the
 * sandbox's cgroup when one is available, and say on stderr (once per
 * option) when a limit falls back to an rlimit.  Returns 0, or -1 with a
 * one-line message in err. */
int limits_setup(const struct options *o, char *err, size_t errlen);

/* In the sentry, once the zygote is cloned: close the sentry's copies of
 * the fds the init needs (the sentry closes every other fd when it
 * confines itself, and must not close a reused number later). */
void limits_close_setup_fds(void);

/* In the guest's init: move itself into the sandbox's cgroup, so that the
 * command and everything it starts are created inside.  Reports a failure
 * over ctl and exits. */
void limits_enter_cgroup(int ctl);

/* In the command, after the seccomp filter is installed and before exec:
 * the rlimits (hard and soft; the guest cannot raise a hard limit without
 * CAP_SYS_RESOURCE in the host's user namespace). */
void limits_apply_rlimits(int ctl);

/* In the sentry, after every sandbox task is reaped: one line per limit
 * the sandbox hit (memory.events, memory.oom_control, pids.events).  The
 * cgroup is removed by a keeper process once moat exits (rmdir is not on
 * the confined sentry's allowlist).  Safe to call more than once. */
void limits_finish(void);

/* The most cgroup directories a sandbox has (one per v1 controller moat
 * uses, or one v2 directory). */
#define LIMITS_MAX_CGROUPS 2

/* The sandbox's cgroup directories, which limits_finish() reads after the
 * sentry has left the host's root (the sentry binds them into its own).
 * Returns how many were stored in out (at most max). */
size_t limits_cgroup_dirs(const char **out, size_t max);

#endif
