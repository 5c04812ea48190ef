/* Conformance: getrandom(2): lengths, flags (GRND_NONBLOCK, GRND_RANDOM,
 * GRND_INSECURE), EINVAL for unknown flags, EFAULT, and /dev/urandom-like
 * variety of the output. */
#include "proc_common.h"

#include <sys/random.h>

#ifndef GRND_INSECURE
#define GRND_INSECURE 0x0004
#endif

static void getrandom_fills_requested_length(void **state)
{
	(void)state;
	unsigned char buf[64];
	memset(buf, 0, sizeof buf);
	assert_int_equal(assert_ok(getrandom(buf, sizeof buf, 0)), sizeof buf);
	int zeros = 0;
	for (size_t i = 0; i < sizeof buf; i++)
		zeros += buf[i] == 0;
	/* 64 zero bytes from a working generator: p = 2^-512. */
	assert_true(zeros < (int)sizeof buf);
}

static void getrandom_two_calls_differ(void **state)
{
	(void)state;
	unsigned char a[32], b[32];
	assert_int_equal(assert_ok(getrandom(a, sizeof a, 0)), sizeof a);
	assert_int_equal(assert_ok(getrandom(b, sizeof b, 0)), sizeof b);
	assert_memory_not_equal(a, b, sizeof a);
}

static void getrandom_zero_length_returns_zero(void **state)
{
	(void)state;
	char c;
	assert_int_equal(assert_ok(getrandom(&c, 0, 0)), 0);
}

static void getrandom_nonblock_succeeds_once_seeded(void **state)
{
	(void)state;
	unsigned char buf[16];
	ssize_t n = getrandom(buf, sizeof buf, GRND_NONBLOCK);
	if (n == -1 && errno == EAGAIN)
		skip_because("the entropy pool is not initialised yet");
	assert_int_equal(n, sizeof buf);
}

static void getrandom_random_flag_returns_bytes(void **state)
{
	(void)state;
	unsigned char buf[16];
	ssize_t n = getrandom(buf, sizeof buf, GRND_RANDOM | GRND_NONBLOCK);
	if (n == -1 && errno == EAGAIN)
		skip_because("the entropy pool is not initialised yet");
	/* GRND_RANDOM may return fewer bytes, never more, never zero. */
	assert_in_range(n, 1, sizeof buf);
}

static void getrandom_insecure_flag_returns_bytes(void **state)
{
	(void)state;
	unsigned char buf[16];
	ssize_t n = getrandom(buf, sizeof buf, GRND_INSECURE);
	if (n == -1 && errno == EINVAL)
		skip_because("GRND_INSECURE is not supported (Linux < 5.6)");
	assert_int_equal(n, sizeof buf);
}

static void getrandom_unknown_flag_fails_einval(void **state)
{
	(void)state;
	char buf[8];
	assert_errno(getrandom(buf, sizeof buf, 0x80), EINVAL);
}

static void getrandom_insecure_with_random_fails_einval(void **state)
{
	(void)state;
	char buf[8];
	assert_errno(getrandom(buf, sizeof buf, GRND_INSECURE | GRND_RANDOM), EINVAL);
}

static void getrandom_bad_pointer_fails_efault(void **state)
{
	(void)state;
	assert_errno(syscall(SYS_getrandom, CONF_BAD_PTR, 16, 0), EFAULT);
}

static void getrandom_large_request_is_served(void **state)
{
	(void)state;
	size_t len = 1 << 20;
	unsigned char *buf = malloc(len);
	assert_non_null(buf);
	size_t got = 0;
	/* Requests over 256 bytes may be cut short by a signal; loop. */
	while (got < len) {
		ssize_t n = getrandom(buf + got, len - got, 0);
		if (n == -1 && errno == EINTR)
			continue;
		assert_true(n > 0);
		got += (size_t)n;
	}
	assert_int_equal(got, len);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getrandom_fills_requested_length),
		cmocka_unit_test(getrandom_two_calls_differ),
		cmocka_unit_test(getrandom_zero_length_returns_zero),
		cmocka_unit_test(getrandom_nonblock_succeeds_once_seeded),
		cmocka_unit_test(getrandom_random_flag_returns_bytes),
		cmocka_unit_test(getrandom_insecure_flag_returns_bytes),
		cmocka_unit_test(getrandom_unknown_flag_fails_einval),
		cmocka_unit_test(getrandom_insecure_with_random_fails_einval),
		cmocka_unit_test(getrandom_bad_pointer_fails_efault),
		cmocka_unit_test(getrandom_large_request_is_served),
	};
	return conf_run(tests);
}
