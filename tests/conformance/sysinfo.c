/* Conformance: uname(2), sysinfo(2) and personality(2): field shapes and
 * consistency with other calls, queries that change nothing, errors. */
#include "proc_common.h"

#include <sys/personality.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

static void uname_reports_linux_x86_64(void **state)
{
	(void)state;
	struct utsname u;
	assert_ok(uname(&u));
	assert_string_equal(u.sysname, "Linux");
	assert_string_equal(u.machine, "x86_64");
	assert_true(strlen(u.release) > 0);
	assert_true(strlen(u.version) > 0);
}

static void uname_release_starts_with_version_numbers(void **state)
{
	(void)state;
	struct utsname u;
	unsigned major = 0, minor = 0;
	assert_ok(uname(&u));
	assert_int_equal(sscanf(u.release, "%u.%u", &major, &minor), 2);
	assert_true(major >= 3);
}

static void uname_nodename_matches_gethostname(void **state)
{
	(void)state;
	struct utsname u;
	char host[HOST_NAME_MAX + 1] = { 0 };
	assert_ok(uname(&u));
	assert_ok(gethostname(host, sizeof host));
	assert_string_equal(u.nodename, host);
}

static void uname_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_uname, CONF_BAD_PTR), EFAULT);
}

static void sysinfo_reports_consistent_memory(void **state)
{
	(void)state;
	struct sysinfo si;
	memset(&si, 0, sizeof si);
	assert_ok(sysinfo(&si));
	assert_true(si.mem_unit >= 1);
	assert_true(si.totalram > 0);
	assert_true(si.freeram <= si.totalram);
	assert_true(si.freeswap <= si.totalswap);
	assert_true(si.procs >= 1);
}

static void sysinfo_uptime_tracks_boottime_clock(void **state)
{
	(void)state;
	struct sysinfo si;
	struct timespec a, b;
	assert_ok(clock_gettime(CLOCK_BOOTTIME, &a));
	assert_ok(sysinfo(&si));
	assert_ok(clock_gettime(CLOCK_BOOTTIME, &b));
	/* Uptime is whole seconds of the boot-time clock (which a time
	 * namespace may offset consistently). */
	assert_true(si.uptime >= a.tv_sec - 1);
	assert_true(si.uptime <= b.tv_sec + 1);
}

static void sysinfo_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_sysinfo, CONF_BAD_PTR), EFAULT);
}

static void personality_query_returns_linux(void **state)
{
	(void)state;
	long p = assert_ok(personality(0xffffffff));
	assert_int_equal(p & PER_MASK, PER_LINUX);
	/* A query changes nothing. */
	assert_int_equal(assert_ok(personality(0xffffffff)), p);
}

static void personality_set_returns_previous(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		long old = personality(0xffffffff);
		child_check(old != -1);
		child_check(personality((unsigned long)old | ADDR_NO_RANDOMIZE) == old);
		child_check(personality(0xffffffff) == (old | ADDR_NO_RANDOMIZE));
		_exit(0);
	}
	assert_child_ok(pid);
}

static void personality_is_inherited_by_fork_child(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		long old = personality(0xffffffff);
		child_check(personality((unsigned long)old | UNAME26) == old);
		pid_t g = fork();
		child_check(g >= 0);
		if (g == 0)
			_exit(personality(0xffffffff) & UNAME26 ? 0 : 1);
		int status;
		child_check(waitpid(g, &status, 0) == g);
		child_check(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void personality_uname26_reports_2_6_release(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		struct utsname u;
		long old = personality(0xffffffff);
		child_check(personality((unsigned long)old | UNAME26) == old);
		child_check(uname(&u) == 0);
		child_check(strncmp(u.release, "2.6.", 4) == 0);
		_exit(0);
	}
	assert_child_ok(pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uname_reports_linux_x86_64),
		cmocka_unit_test(uname_release_starts_with_version_numbers),
		cmocka_unit_test(uname_nodename_matches_gethostname),
		cmocka_unit_test(uname_bad_pointer_fails_efault),
		cmocka_unit_test(sysinfo_reports_consistent_memory),
		cmocka_unit_test(sysinfo_uptime_tracks_boottime_clock),
		cmocka_unit_test(sysinfo_bad_pointer_fails_efault),
		cmocka_unit_test(personality_query_returns_linux),
		cmocka_unit_test(personality_set_returns_previous),
		cmocka_unit_test(personality_is_inherited_by_fork_child),
		cmocka_unit_test(personality_uname26_reports_2_6_release),
	};
	return conf_run(tests);
}
