/* perf_event_open: open a software perf counter on ourselves.
 *
 * perf_event_open is a large kernel surface and a side channel on the
 * host.  DESIGN.md denies it.  The counter (task clock, disabled) measures
 * only this task and is closed on exit.
 *
 * @class kernel
 * @requires CONFIG_PERF_EVENTS
 */
#include "common.h"
#include <linux/perf_event.h>

static long
call(void *arg)
{
	struct perf_event_attr attr;

	(void)arg;
	memset(&attr, 0, sizeof attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.size = sizeof attr;
	attr.config = PERF_COUNT_SW_TASK_CLOCK;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	return syscall(SYS_perf_event_open, &attr, 0, -1, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

int
main(void)
{
	surface_verdict("perf_event_open", probe(call, NULL));
}
