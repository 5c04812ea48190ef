/* libFuzzer target: the trace decoder (sentry/trace_decode.c) on any call
 * number, any arguments and a hostile guest memory.
 *
 * Input, little-endian: the number (8 bytes), six arguments (8 bytes
 * each), a cap byte, then the guest memory image, mapped at GUEST_BASE
 * (16 bytes before a page boundary, so that strings cross one); a read
 * that is not wholly inside the image fails with EFAULT, as
 * process_vm_readv fails on an unmapped page.  Short inputs are padded
 * with zeros.
 *
 * trace_format_call() runs with a buffer of TRACE_CALL_MAX and of caps 0,
 * 1, 2, 4, 5 and the cap byte; trace_format_result() with the number and
 * the first argument as results.  Checked:
 *  - the NUL is at the returned length, inside the cap, and nothing is
 *    written past the cap (each buffer is allocated at its exact size);
 *  - a line that fits is never cut (TRACE_CALL_MAX, TRACE_RESULT_MAX are
 *    enough), a call line ends with ')', a result starts with "= ";
 *  - lines are printable ASCII: guest bytes are escaped;
 *  - a cut line is the whole line's start, then the dots;
 *  - the reader is asked for at most TRACE_STR_MAX + 1 bytes at a time, a
 *    bounded number of times, and not at all when nothing of the line
 *    past the call's name fits. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sentry/trace_decode.h"

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz_trace: %s:%d: %s\n", __FILE__, \
				__LINE__, #cond);                            \
			abort();                                             \
		}                                                            \
	} while (0)

#define GUEST_BASE 0x100ff0u
#define HDR (8 + 6 * 8 + 1)

/* Six strings, each read a page or two at a time with a bisection where
 * the readable memory ends: about 2 * log2(257) + 2 reads a page. */
#define MAX_READS (6 * 2 * 20)

struct guest {
	const uint8_t *image;
	size_t size;
	unsigned reads;
};

static int guest_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct guest *g = ctx;

	g->reads++;
	CHECK(len > 0 && len <= TRACE_STR_MAX + 1);
	if (addr < GUEST_BASE || addr - GUEST_BASE > g->size ||
	    len > g->size - (addr - GUEST_BASE))
		return -EFAULT;
	memcpy(buf, g->image + (addr - GUEST_BASE), len);
	return 0;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void check_printable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		CHECK(s[i] >= 0x20 && s[i] < 0x7f);
}

/* OUT (from a buffer of CAP) against WHOLE, the line uncut. */
static void check_cut(const char *out, size_t got, size_t cap,
		      const char *whole, size_t len)
{
	if (cap == 0) {
		CHECK(got == 0);
		return;
	}
	CHECK(got < cap);
	CHECK(out[got] == '\0');
	CHECK(strlen(out) == got);
	if (len < cap) {
		CHECK(got == len && memcmp(out, whole, len) == 0);
		return;
	}
	size_t dots = cap - 1 < 3 ? cap - 1 : 3;
	CHECK(got >= dots);
	CHECK(memcmp(out + got - dots, "...", dots) == 0);
	CHECK(memcmp(out, whole, got - dots) == 0);
}

static void fuzz_call(long nr, const uint64_t args[6], size_t cap_byte,
		      struct guest *g)
{
	static char whole[TRACE_CALL_MAX];
	const size_t caps[] = { 0, 1, 2, 4, 5, cap_byte };

	g->reads = 0;
	size_t len = trace_format_call(whole, sizeof whole, nr, args,
				       guest_read, g);
	CHECK(g->reads <= MAX_READS);
	CHECK(len > 0 && len < sizeof whole - 1);
	CHECK(strlen(whole) == len);
	CHECK(whole[len - 1] == ')');
	check_printable(whole, len);

	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		size_t cap = caps[i];
		char *out = cap ? malloc(cap) : NULL;
		CHECK(cap == 0 || out);
		g->reads = 0;
		size_t got = trace_format_call(out, cap, nr, args, guest_read,
					       g);
		/* The shortest name and its '(' take four characters. */
		if (cap <= 4)
			CHECK(g->reads == 0);
		check_cut(out, got, cap, whole, len);
		free(out);
	}
	/* Without a reader, nothing is read and the line still holds. */
	char *out = malloc(cap_byte ? cap_byte : 1);
	CHECK(out);
	size_t got = trace_format_call(out, cap_byte, nr, args, NULL, NULL);
	CHECK(cap_byte == 0 ? got == 0 : got < cap_byte && strlen(out) == got);
	free(out);
}

static void fuzz_result(long ret, size_t cap_byte)
{
	char whole[TRACE_RESULT_MAX];
	const size_t caps[] = { 0, 1, 2, 5, cap_byte };

	size_t len = trace_format_result(whole, sizeof whole, ret);
	CHECK(len > 2 && len < sizeof whole - 1);
	CHECK(strlen(whole) == len);
	CHECK(memcmp(whole, "= ", 2) == 0);
	CHECK(memcmp(whole + len - 3, "...", 3) != 0);
	check_printable(whole, len);
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		size_t cap = caps[i];
		char *out = cap ? malloc(cap) : NULL;
		CHECK(cap == 0 || out);
		check_cut(out, trace_format_result(out, cap, ret), cap, whole,
			  len);
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t hdr[HDR] = { 0 };
	uint64_t args[6];

	memcpy(hdr, data, size < HDR ? size : HDR);
	long nr = (long)le64(hdr);
	for (int i = 0; i < 6; i++)
		args[i] = le64(hdr + 8 + 8 * i);
	size_t cap = hdr[HDR - 1];
	struct guest g = {
		.image = size > HDR ? data + HDR : NULL,
		.size = size > HDR ? size - HDR : 0,
	};

	fuzz_call(nr, args, cap, &g);
	fuzz_result(nr, cap);
	fuzz_result((long)args[0], cap);
	return 0;
}
