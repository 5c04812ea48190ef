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
 *   init     limits_enter_cgroup()    before it forks the command
 *   command  limits_apply_rlimits()   just before exec
 *   sentry   limits_finish()          once every sandbox task is reaped
 * The state lives in this file's statics, which the setup processes
 * inherit through clone(). */
#ifndef MOAT_SENTRY_LIMITS_H
#define MOAT_SENTRY_LIMITS_H

#include <stddef.h>

#include "sentry/options.h"

/* "128M", "1g", "65536": bytes, with binary K/M/G/T suffixes.  Returns 0
 * or -EINVAL (not a size, or zero) or -ERANGE. */
int limits_parse_size(const char *s, unsigned long long *bytes);

/* Decide how each limit of o is enforced, create and configure the
 * sandbox's cgroup when one is available, and say on stderr (once per
 * option) when a limit falls back to an rlimit.  Returns 0, or -1 with a
 * one-line message in err. */
int limits_setup(const struct options *o, char *err, size_t errlen);

/* In the guest's init: move itself into the sandbox's cgroup, so that the
 * command and everything it starts are created inside.  Reports a failure
 * over ctl and exits. */
void limits_enter_cgroup(int ctl);

/* In the command, after the seccomp filter is installed and before exec:
 * the rlimits (hard and soft; the guest cannot raise a hard limit without
 * CAP_SYS_RESOURCE in the host's user namespace). */
void limits_apply_rlimits(int ctl);

/* In the sentry, after every sandbox task is reaped: one line per limit
 * the sandbox hit (memory.events, memory.oom_control, pids.events), then
 * the cgroup is removed.  Safe to call more than once. */
void limits_finish(void);

#endif
