/* Resource limits: size parsing, the limit options, and finding the
 * caller's cgroup from /proc/self/cgroup and mountinfo text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sentry/limits.h"
#include "sentry/options.h"

static void size_suffixes(void **state)
{
	(void)state;
	unsigned long long b;
	assert_int_equal(limits_parse_size("65536", &b), 0);
	assert_true(b == 65536);
	assert_int_equal(limits_parse_size("64k", &b), 0);
	assert_true(b == 64ULL << 10);
	assert_int_equal(limits_parse_size("256M", &b), 0);
	assert_true(b == 256ULL << 20);
	assert_int_equal(limits_parse_size("2G", &b), 0);
	assert_true(b == 2ULL << 30);
	assert_int_equal(limits_parse_size("1t", &b), 0);
	assert_true(b == 1ULL << 40);
}

static void size_rejects_junk_zero_and_overflow(void **state)
{
	(void)state;
	unsigned long long b;
	assert_int_equal(limits_parse_size("", &b), -EINVAL);
	assert_int_equal(limits_parse_size("M", &b), -EINVAL);
	assert_int_equal(limits_parse_size("-1M", &b), -EINVAL);
	assert_int_equal(limits_parse_size(" 1M", &b), -EINVAL);
	assert_int_equal(limits_parse_size("12X", &b), -EINVAL);
	assert_int_equal(limits_parse_size("1MB", &b), -EINVAL);
	assert_int_equal(limits_parse_size("0", &b), -EINVAL);
	assert_int_equal(limits_parse_size("0G", &b), -EINVAL);
	assert_int_equal(limits_parse_size("99999999999999999999", &b), -ERANGE);
	assert_int_equal(limits_parse_size("17179869184G", &b), -ERANGE);
}

static int parse(struct options *o, char *err, size_t cap, char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	return options_parse(argc, argv, o, err, cap);
}

#define ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })

static void limit_options(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--", "true")), 0);
	assert_true(o.pids_max == 0 && o.memory_max == 0 && o.nofile == 0);
	assert_int_equal(parse(&o, err, sizeof err,
			       ARGV("--pids-max", "64", "--memory-max", "128M",
				    "--nofile", "256", "--", "true")), 0);
	assert_true(o.pids_max == 64);
	assert_true(o.memory_max == 128ULL << 20);
	assert_string_equal(o.memory_max_arg, "128M");
	assert_true(o.nofile == 256);
}

static void limit_options_reject_bad_values(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--pids-max", "0", "--", "true")), -1);
	assert_non_null(strstr(err, "--pids-max 0"));
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--pids-max", "-5", "--", "true")), -1);
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--pids-max", "9999999", "--", "true")), -1);
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--memory-max", "12X", "--", "true")), -1);
	assert_non_null(strstr(err, "--memory-max 12X"));
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--nofile", "abc", "--", "true")), -1);
	assert_non_null(strstr(err, "--nofile abc"));
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--nofile", "", "--", "true")), -1);
}

/* Run limits_cgroup_of over two texts. */
static int find(const char *ctrl, const char *cg, const char *mi, char *out,
		bool *v2, size_t *mnt_len)
{
	FILE *c = fmemopen((void *)cg, strlen(cg), "r");
	FILE *m = fmemopen((void *)mi, strlen(mi), "r");
	assert_non_null(c);
	assert_non_null(m);
	int r = limits_cgroup_of(ctrl, c, m, out, PATH_MAX, v2, mnt_len);
	fclose(c);
	fclose(m);
	return r;
}

/* This project's test VM: v1 controllers, an empty v2 "unified" mount. */
static const char hybrid_cg[] =
	"9:name=systemd:/\n8:pids:/\n4:memory:/process_api/abc\n"
	"2:cpu,cpuacct:/\n0::/\n";
static const char hybrid_mi[] =
	"25 1 0:22 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
	"30 25 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"33 30 0:29 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"38 30 0:34 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"40 30 0:36 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static void cgroup_v1_per_controller(void **state)
{
	(void)state;
	char out[PATH_MAX];
	bool v2 = true;
	size_t ml = 0;
	assert_int_equal(find("pids", hybrid_cg, hybrid_mi, out, &v2, &ml), 0);
	assert_string_equal(out, "/sys/fs/cgroup/pids");
	assert_false(v2);
	assert_int_equal(ml, strlen("/sys/fs/cgroup/pids"));
	assert_int_equal(find("memory", hybrid_cg, hybrid_mi, out, &v2, &ml), 0);
	assert_string_equal(out, "/sys/fs/cgroup/memory/process_api/abc");
	assert_false(v2);
	/* "cpuac" is no element of "cpu,cpuacct": not on v1, so the v2
	 * hierarchy is the candidate (whether it carries the controller is
	 * read from its cgroup.subtree_control later). */
	assert_int_equal(find("cpuac", hybrid_cg, hybrid_mi, out, &v2, &ml), 0);
	assert_string_equal(out, "/sys/fs/cgroup/unified");
	assert_true(v2);
	/* Without a v2 line, a controller nowhere in v1 has no cgroup. */
	assert_int_equal(find("cpuac", "8:pids:/\n", hybrid_mi, out, &v2, &ml), -ENOENT);
}

static void cgroup_v2_unified(void **state)
{
	(void)state;
	char out[PATH_MAX];
	bool v2 = false;
	size_t ml = 0;
	static const char cg[] = "0::/user.slice/user-1000.slice/session-2.scope\n";
	static const char mi[] =
		"25 1 0:22 / / rw - ext4 /dev/vda rw\n"
		"31 25 0:27 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 "
		"rw,nsdelegate,memory_recursiveprot\n";
	assert_int_equal(find("memory", cg, mi, out, &v2, &ml), 0);
	assert_string_equal(out, "/sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope");
	assert_true(v2);
	assert_int_equal(ml, strlen("/sys/fs/cgroup"));
}

/* A container's cgroupfs is a mount of its own part of the hierarchy: the
 * mount's root is stripped from the path; a mount of another part does
 * not count; mountinfo's octal escapes are undone. */
static void cgroup_mount_roots_and_escapes(void **state)
{
	(void)state;
	char out[PATH_MAX];
	bool v2;
	size_t ml;
	static const char cg[] = "5:pids:/docker/abc/inner\n";
	static const char mi[] =
		"40 30 0:34 /other /sys/fs/cgroup/pids ro - cgroup cgroup rw,pids\n"
		"41 30 0:34 /docker/abc /mnt/c\\040g rw - cgroup cgroup rw,pids\n";
	assert_int_equal(find("pids", cg, mi, out, &v2, &ml), 0);
	assert_string_equal(out, "/mnt/c g/inner");
	static const char mi_other[] =
		"40 30 0:34 /docker/abcd /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n";
	assert_int_equal(find("pids", cg, mi_other, out, &v2, &ml), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_suffixes),
		cmocka_unit_test(size_rejects_junk_zero_and_overflow),
		cmocka_unit_test(limit_options),
		cmocka_unit_test(limit_options_reject_bad_values),
		cmocka_unit_test(cgroup_v1_per_controller),
		cmocka_unit_test(cgroup_v2_unified),
		cmocka_unit_test(cgroup_mount_roots_and_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
