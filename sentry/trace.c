/* --trace FILE: one line per call the sentry handles,
 *
 *   [12345] openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *
 * with the task's host tid, the call decoded by sentry/trace_decode.c and
 * its outcome: the value the guest got, `= ? (kernel)` when the kernel
 * carried the call out after the sentry's check (execve, chdir, read-only
 * opens, stat: the sentry never sees that result), `= ? (answered later)`
 * when a worker thread answers.  Calls the filter passes straight to the
 * kernel never reach the sentry and are not in the trace.
 *
 * The call is decoded before its handler runs, reading the guest's strings
 * a second time; what the handler acts on is its own copy, so a guest that
 * changes a path in between only makes its trace lie about itself. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sentry/sentry.h"
#include "sentry/trace_decode.h"

_Static_assert(TRACE_LINE_MAX >= 32 + TRACE_CALL_MAX + TRACE_RESULT_MAX,
	       "a trace line holds the tid, the call and the result");

static int read_guest(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return guest_read(*(const pid_t *)ctx, addr, buf, len);
}

size_t trace_begin(const struct trap *t, char *line)
{
	pid_t pid = t->pid;
	int n = snprintf(line, 32, "[%d] ", (int)pid);
	size_t len = n > 0 && n < 32 ? (size_t)n : 0;
	return len + trace_format_call(line + len, TRACE_CALL_MAX, t->nr, t->args,
				       read_guest, &pid);
}

void trace_end(int fd, char *line, size_t len, enum trace_outcome how, long ret)
{
	static const char *const fixed[] = {
		[TRACE_TO_KERNEL] = " = ? (kernel)",
		[TRACE_DEFERRED] = " = ? (answered later)",
	};
	if (how == TRACE_RETURNED) {
		line[len++] = ' ';
		len += trace_format_result(line + len, TRACE_RESULT_MAX, ret);
	} else {
		size_t k = strlen(fixed[how]);
		memcpy(line + len, fixed[how], k);
		len += k;
	}
	line[len++] = '\n';
	/* One write per line, so that lines from moat's messages on the
	 * same stderr never interleave inside one. */
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* a full disk or a closed pipe loses the trace only */
		off += (size_t)w;
	}
}
