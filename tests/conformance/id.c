/* Conformance: getuid(2) and friends, setuid(2)/setgid(2)/setres*id(2),
 * setfsuid(2), getgroups(2)/setgroups(2).
 *
 * The ids may be those of a user namespace (uid 0 without capabilities in a
 * sandbox), so cases compare ids with each other, obtain the unprivileged
 * answer by clearing the capability in a child, and pick "another id" only
 * among the ids mapped in /proc/self/uid_map.  Cases that need a capability
 * skip without it. */
#include "proc_common.h"

#include <grp.h>
#include <sys/fsuid.h>

/* Whether ID is mapped in the user namespace (MAP is "uid_map" or
 * "gid_map"): -1 when the map cannot be read. */
static int id_mapped(const char *map, unsigned long id)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/%s", map);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	unsigned long inner, outer, count;
	int found = 0;
	while (fscanf(f, "%lu %lu %lu", &inner, &outer, &count) == 3)
		if (id >= inner && id - inner < count)
			found = 1;
	fclose(f);
	return found;
}

/* A mapped id other than the three in IDS, or -1 (none, or no map). */
static long other_mapped_id(const char *map, const unsigned int ids[3])
{
	static const unsigned long candidates[] = { 1, 2, 65534, 1000, 0 };
	for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
		unsigned long c = candidates[i];
		if (c == ids[0] || c == ids[1] || c == ids[2])
			continue;
		if (id_mapped(map, c) == 1)
			return (long)c;
	}
	return -1;
}

static void getresuid_agrees_with_getuid_and_geteuid(void **state)
{
	(void)state;
	uid_t r, e, s;
	assert_ok(getresuid(&r, &e, &s));
	assert_int_equal(r, getuid());
	assert_int_equal(e, geteuid());
}

static void getresgid_agrees_with_getgid_and_getegid(void **state)
{
	(void)state;
	gid_t r, e, s;
	assert_ok(getresgid(&r, &e, &s));
	assert_int_equal(r, getgid());
	assert_int_equal(e, getegid());
}

static void getresuid_bad_pointer_fails_efault(void **state)
{
	(void)state;
	uid_t r, e;
	assert_errno(syscall(SYS_getresuid, &r, &e, CONF_BAD_PTR), EFAULT);
}

static void setuid_to_own_uid_succeeds(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		uid_t u = getuid();
		child_check(setuid(u) == 0);
		child_check(getuid() == u && geteuid() == u);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setgid_to_own_gid_succeeds(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		gid_t g = getgid();
		child_check(setgid(g) == 0);
		child_check(getgid() == g && getegid() == g);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setresuid_all_minus_one_changes_nothing(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		uid_t r0, e0, s0, r, e, s;
		child_check(getresuid(&r0, &e0, &s0) == 0);
		child_check(setresuid(-1, -1, -1) == 0);
		child_check(getresuid(&r, &e, &s) == 0);
		child_check(r == r0 && e == e0 && s == s0);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setuid_minus_one_fails_einval(void **state)
{
	(void)state;
	/* (uid_t)-1 maps to no kernel uid. */
	assert_errno(syscall(SYS_setuid, -1), EINVAL);
}

static void setuid_other_id_without_cap_fails_eperm(void **state)
{
	(void)state;
	uid_t ids[3];
	assert_ok(getresuid(&ids[0], &ids[1], &ids[2]));
	if (id_mapped("uid_map", ids[0]) == -1)
		skip_because("/proc/self/uid_map is not readable");
	long other = other_mapped_id("uid_map", ids);
	if (other < 0)
		skip_because("no other uid is mapped in this user namespace");
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(conf_drop_cap(CAP_SETUID));
		child_check_errno(setuid((uid_t)other), EPERM);
		child_check(getuid() == ids[0]);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setgid_other_id_without_cap_fails_eperm(void **state)
{
	(void)state;
	gid_t ids[3];
	assert_ok(getresgid(&ids[0], &ids[1], &ids[2]));
	if (id_mapped("gid_map", ids[0]) == -1)
		skip_because("/proc/self/gid_map is not readable");
	long other = other_mapped_id("gid_map", ids);
	if (other < 0)
		skip_because("no other gid is mapped in this user namespace");
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(conf_drop_cap(CAP_SETGID));
		child_check_errno(setgid((gid_t)other), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setgroups_without_cap_fails_eperm(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		child_check(conf_drop_cap(CAP_SETGID));
		child_check_errno(setgroups(0, NULL), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setuid_with_cap_drops_all_three_ids(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID");
	if (id_mapped("uid_map", 65534) != 1)
		skip_because("uid 65534 is not mapped");
	pid_t pid = conf_fork();
	if (pid == 0) {
		uid_t r, e, s;
		child_check(setuid(65534) == 0);
		child_check(getresuid(&r, &e, &s) == 0);
		child_check(r == 65534 && e == 65534 && s == 65534);
		/* No way back: the saved id went too. */
		child_check_errno(setuid(0), EPERM);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void seteuid_keeps_saved_id_for_return(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETUID))
		skip_because("needs CAP_SETUID");
	if (id_mapped("uid_map", 65534) != 1)
		skip_because("uid 65534 is not mapped");
	pid_t pid = conf_fork();
	if (pid == 0) {
		uid_t r, e, s, orig = geteuid();
		child_check(seteuid(65534) == 0);
		child_check(getresuid(&r, &e, &s) == 0);
		child_check(e == 65534 && s == orig);
		child_check(seteuid(orig) == 0);
		child_check(geteuid() == orig);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void setfsuid_returns_previous_fsuid(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		uid_t e = geteuid();
		/* setfsuid(2) always returns the previous value. */
		child_check((uid_t)setfsuid(e) == e);
		child_check((uid_t)setfsuid((uid_t)-1) == e);
		_exit(0);
	}
	assert_child_ok(pid);
}

static void getgroups_size_query_matches_list(void **state)
{
	(void)state;
	gid_t list[NGROUPS_MAX];
	int n = (int)assert_ok(getgroups(0, NULL));
	assert_in_range(n, 0, NGROUPS_MAX);
	assert_int_equal(assert_ok(getgroups(NGROUPS_MAX, list)), n);
}

static void getgroups_small_buffer_fails_einval(void **state)
{
	(void)state;
	static gid_t list[NGROUPS_MAX];
	int n = (int)assert_ok(getgroups(0, NULL));
	if (n > 0) {
		assert_errno(getgroups(n - 1, list), EINVAL);
		return;
	}
	if (!conf_has_cap(CAP_SETGID))
		skip_because("no supplementary groups, and no CAP_SETGID to add some");
	pid_t pid = conf_fork();
	if (pid == 0) {
		gid_t two[2] = { getgid(), getgid() };
		if (setgroups(2, two) != 0)
			_exit(errno == EPERM ? 3 : 1);
		child_check_errno(getgroups(1, list), EINVAL);
		_exit(0);
	}
	int status = conf_wait(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		skip_because("setgroups is denied in this user namespace");
	assert_status_exited(status, 0);
}

static void getgroups_negative_size_fails_einval(void **state)
{
	(void)state;
	gid_t list[4];
	assert_errno(syscall(SYS_getgroups, -1, list), EINVAL);
}

static void setgroups_with_cap_replaces_list(void **state)
{
	(void)state;
	if (!conf_has_cap(CAP_SETGID))
		skip_because("needs CAP_SETGID");
	pid_t pid = conf_fork();
	if (pid == 0) {
		gid_t one = getgid(), out[4];
		/* In a user namespace, setgroups may be denied by policy. */
		if (setgroups(1, &one) != 0)
			_exit(errno == EPERM ? 3 : 1);
		child_check(getgroups(4, out) == 1 && out[0] == one);
		_exit(0);
	}
	int status = conf_wait(pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		skip_because("setgroups is denied in this user namespace");
	assert_status_exited(status, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getresuid_agrees_with_getuid_and_geteuid),
		cmocka_unit_test(getresgid_agrees_with_getgid_and_getegid),
		cmocka_unit_test(getresuid_bad_pointer_fails_efault),
		cmocka_unit_test(setuid_to_own_uid_succeeds),
		cmocka_unit_test(setgid_to_own_gid_succeeds),
		cmocka_unit_test(setresuid_all_minus_one_changes_nothing),
		cmocka_unit_test(setuid_minus_one_fails_einval),
		cmocka_unit_test(setuid_other_id_without_cap_fails_eperm),
		cmocka_unit_test(setgid_other_id_without_cap_fails_eperm),
		cmocka_unit_test(setgroups_without_cap_fails_eperm),
		cmocka_unit_test(setuid_with_cap_drops_all_three_ids),
		cmocka_unit_test(seteuid_keeps_saved_id_for_return),
		cmocka_unit_test(setfsuid_returns_previous_fsuid),
		cmocka_unit_test(getgroups_size_query_matches_list),
		cmocka_unit_test(getgroups_small_buffer_fails_einval),
		cmocka_unit_test(getgroups_negative_size_fails_einval),
		cmocka_unit_test(setgroups_with_cap_replaces_list),
	};
	return conf_run(tests);
}
