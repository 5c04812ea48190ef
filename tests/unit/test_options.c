/* `moat run` option parsing: every bad input is one message and -1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sentry/options.h"

static int parse(struct options *o, char *err, size_t cap, char **argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	return options_parse(argc, argv, o, err, cap);
}

#define ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })

static void defaults_and_command(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--", "sh", "-c", "x")), 0);
	assert_null(o.rootfs);
	assert_int_equal(o.net, NET_NONE);
	assert_string_equal(o.hostname, "moat");
	assert_string_equal(o.argv[0], "sh");
	assert_string_equal(o.argv[2], "x");
	assert_null(o.trace);
}

static void trace_file_or_stderr(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	assert_int_equal(parse(&o, err, sizeof err,
			       ARGV("--trace", "out.trace", "--", "true")), 0);
	assert_string_equal(o.trace, "out.trace");
	assert_int_equal(parse(&o, err, sizeof err, ARGV("--trace", "-", "--", "true")), 0);
	assert_string_equal(o.trace, "-");
}

static void command_options_are_not_moats(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	/* Without "--", the first non-option ends moat's options. */
	assert_int_equal(parse(&o, err, sizeof err, ARGV("ls", "--rootfs", "/x")), 0);
	assert_null(o.rootfs);
	assert_string_equal(o.argv[1], "--rootfs");
}

static void bind_forms(void **state)
{
	(void)state;
	struct options o;
	char err[256];
	char a[] = "/src:/dst", b[] = "/s2:/d2:ro";
	assert_int_equal(parse(&o, err, sizeof err,
			       ARGV("--bind", a, "--bind", b, "--", "true")), 0);
	assert_int_equal(o.nbinds, 2);
	assert_string_equal(o.binds[0].src, "/src");
	assert_string_equal(o.binds[0].dst, "/dst");
	assert_false(o.binds[0].ro);
	assert_true(o.binds[1].ro);
}

static void expect_error(char **argv, const char *needle)
{
	struct options o;
	char err[256] = "";
	assert_int_equal(parse(&o, err, sizeof err, argv), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' lacks '%s'", err, needle);
	assert_null(strchr(err, '\n'));
}

static void bad_inputs_are_refused(void **state)
{
	(void)state;
	char b1[] = "nocolon", b2[] = "rel:/dst", b3[] = "/s:/d:rx", b4[] = "/s:/";
	expect_error(ARGV("--bogus", "--", "true"), "unknown");
	expect_error((char *[]){ "run", NULL }, "no command");
	expect_error(ARGV("--"), "no command");
	expect_error(ARGV("--bind", b1, "--", "true"), "SRC:DST");
	expect_error(ARGV("--bind", b2, "--", "true"), "absolute");
	expect_error(ARGV("--bind", b3, "--", "true"), "unknown mode");
	expect_error(ARGV("--bind", b4, "--", "true"), "cannot be /");
	expect_error(ARGV("--rootfs", "relative", "--", "true"), "absolute");
	expect_error(ARGV("--net", "bridge", "--", "true"), "none or host");
	expect_error(ARGV("--env", "NOEQUALS", "--", "true"), "KEY=VALUE");
	expect_error(ARGV("--tmpfs", "/", "--", "true"), "other than /");
	expect_error(ARGV("--tmpfs-size", "lots", "--", "true"), "MiB");
	expect_error(ARGV("--platform", "kvm", "--", "true"), "unknown platform");
	expect_error(ARGV("--rootfs"), "");
	expect_error(ARGV("--trace", "", "--", "true"), "--trace");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_and_command),
		cmocka_unit_test(command_options_are_not_moats),
		cmocka_unit_test(bind_forms),
		cmocka_unit_test(trace_file_or_stderr),
		cmocka_unit_test(bad_inputs_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
