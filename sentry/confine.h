/* The sentry confines itself once the sandbox is set up (DESIGN.md,
 * "Processes and trust"; docs/architecture.md, "Confining moat itself"). */
#ifndef MOAT_SENTRY_CONFINE_H
#define MOAT_SENTRY_CONFINE_H

#include <stddef.h>
#include <stdio.h>

struct sentry;

/* Called once, after the gofer's HELLO and before the event loop, while the
 * sentry has no other thread: NO_NEW_PRIVS; every capability dropped; every
 * fd closed but stdio, the listener, the gofer socket, the guest's /proc and
 * the signalfd; then the allowlist of sentry_policy_dump() is loaded
 * (default action: kill moat; s->opt->debug: log instead).  0, or a
 * negative errno with a one-line message in err. */
int sentry_confine(struct sentry *s, char *err, size_t errlen);

/* The allowlist, one rule per line, closed by its count line
 * (`moat policy --dump sentry`).  Returns the number of syscalls allowed. */
unsigned sentry_policy_dump(FILE *f);

#endif
