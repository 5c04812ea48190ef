/* Confinement of moat-gofer: what it gives up before it serves a request
 * (DESIGN.md, "Processes and trust"). */
#ifndef MOAT_GOFER_CONFINE_H
#define MOAT_GOFER_CONFINE_H

#include <stdbool.h>
#include <stdio.h>

/* An ASan build (make sanitize) runs its runtime in the gofer too: it maps
 * terabytes of shadow memory (no RLIMIT_AS then), tears down its signal
 * stack at exit and writes its reports to stderr (both allowed then). */
#if defined(__SANITIZE_ADDRESS__)
#define GOFER_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GOFER_SANITIZED 1
#endif
#endif
#ifndef GOFER_SANITIZED
#define GOFER_SANITIZED 0
#endif

/* Die with the sentry; pivot into ROOT in a mount namespace of our own with
 * the old root detached; umask 0 and rlimits; drop every capability;
 * NO_NEW_PRIVS, not dumpable.  The seccomp filter comes last, separately.
 * Returns an O_PATH fd of the new root, or a negative errno with *what
 * naming the step that failed. */
int gofer_confine(const char *root, int sock, const char **what);

/* Install the gofer's seccomp allowlist: only what gofer_serve() needs, the
 * socket calls only on sock.  debug logs a refused call instead of killing
 * (and allows writes to stderr).  0 or a negative errno. */
int gofer_filter_install(int sock, bool debug);

/* The same allowlist, one rule per line, closed by its count line, without
 * installing it (`moat policy --dump gofer`).  Returns the number of
 * syscalls allowed outside --debug. */
unsigned gofer_filter_dump(FILE *f);

#endif
