/* The sentry's state and the services handlers use.
 *
 * A handler (syscalls/sys_*.c) reads like the man page: copy arguments,
 * check, act, return.  What it needs of the kernel core — reading guest
 * memory, resolving a path, asking the gofer, installing an fd — is here,
 * never written again in a handler. */
#ifndef MOAT_SENTRY_SENTRY_H
#define MOAT_SENTRY_SENTRY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "platform/platform.h"
#include "sentry/dcache.h"
#include "sentry/gofer_client.h"
#include "sentry/options.h"
#include "sentry/pathwalk.h"
#include "syscalls/table.h"

struct sentry {
	const struct options *opt;
	struct platform *plat;
	struct gofer_conn gofer;
	struct dcache *dc;
	int procfd;             /* the guest's /proc (its pid namespace) */
	pid_t init_pid, gofer_pid;
	int gofer_cpu;          /* the CPU the gofer is pinned to, or -1 */
	int sigfd;
	int trace_fd;           /* --trace: where trace lines go, or -1 */
	bool guest_done;
	int exit_status;
	uint64_t traps;
	uint64_t per_nr[SYS_TABLE_SIZE];
};

/* One trapped syscall on its way through a handler. */
struct call {
	struct sentry *s;
	struct trap t;
	/* Outcome, besides the handler's return value: */
	int install_fd;         /* >= 0: install this fd as the result */
	bool install_cloexec;
	bool cont;              /* let the kernel run the syscall */
	bool deferred;          /* a worker answers later */
};

typedef long (*sys_handler)(struct call *c);

/* Run the event loop until the guest's init has exited. */
int sentry_loop(struct sentry *s);

/* --trace (sentry/trace.c): the call part of a trapped call's line, and the
 * whole line written out once its outcome is known.  LINE holds at least
 * TRACE_LINE_MAX bytes. */
#define TRACE_LINE_MAX 8448
size_t trace_begin(const struct trap *t, char *line);
enum trace_outcome { TRACE_RETURNED, TRACE_TO_KERNEL, TRACE_DEFERRED };
void trace_end(int fd, char *line, size_t len, enum trace_outcome how, long ret);

/* --- services for handlers (sentry/call.c) --- */

/* Copy the path in argument i (at most PATH_MAX bytes with its NUL). */
long call_path(struct call *c, int argi, char *buf);

/* Resolve a guest path relative to dirfd (AT_FDCWD: the task's cwd).
 * empty_ok: an empty path means dirfd itself (AT_EMPTY_PATH). */
int call_resolve(struct call *c, int dirfd, const char *path, int walk_flags,
		 struct walk_result *out);

/* The same, under openat2(2)'s RESOLVE_BENEATH, RESOLVE_IN_ROOT,
 * RESOLVE_NO_SYMLINKS and RESOLVE_NO_MAGICLINKS. */
int call_resolve_how(struct call *c, int dirfd, const char *path,
		     int walk_flags, uint64_t resolve, struct walk_result *out);

/* call_path + call_resolve for the common (dirfd arg, path arg) shape;
 * dirfd_argi < 0 means AT_FDCWD. */
int call_resolve_arg(struct call *c, int dirfd_argi, int path_argi,
		     int walk_flags, struct walk_result *out);

/* The resolved path of the guest's fd (a directory or any file), or
 * -EBADF / -ENOTDIR when it names no file of the tree. */
int call_fd_path(struct call *c, int fd, char *buf, size_t cap);

/* A copy of the guest's fd (pidfd_getfd); the caller closes it. */
int call_getfd(struct call *c, int fd);

/* The task's /proc/<tid>/status (as the host's procfs shows it) into buf,
 * NUL-terminated; 0 or -ESRCH. */
int call_status(struct call *c, char *buf, size_t cap);

/* KEY's value in a status text, in BASE: the last one on its line (for
 * NStgid and NSpid, the innermost pid namespace's); -1 if KEY is absent. */
long status_value(const char *status, const char *key, int base);

/* The task's umask, read from /proc/<tid>/status. */
mode_t call_umask(struct call *c);

/* A gofer call with no fd to send and none received yet. */
#define GOFER_CALL(o) ((struct gofer_call){ .op = (o), .send_fd = -1, .recv_fd = -1 })

/* Ask the gofer; invalidates the dentry cache after ops that change
 * names. */
int call_gofer(struct call *c, struct gofer_call *g);

int call_write(struct call *c, uint64_t addr, const void *buf, size_t len);
int call_read(struct call *c, uint64_t addr, void *buf, size_t len);

/* Does a resolved path lie in the guest's /proc? */
bool path_in_proc(const char *resolved);

/* /proc, served from the guest's own procfs (sentry/procfs.c). */
int procfs_lookup(struct call *c, const char *path, enum node_type *type,
		  char *target, size_t cap);
long procfs_open(struct call *c, const char *path, int flags);
long procfs_readlink(struct call *c, const char *path, char *buf, size_t cap);

#endif
