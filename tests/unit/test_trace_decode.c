/* trace_format_call() and trace_format_result() (sentry/trace_decode.c)
 * over a fake guest memory: a buffer mapped at a base address, every read
 * outside it refused as process_vm_readv refuses an unmapped page.  Each
 * case names the argument kind or the property it checks. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sentry/trace_decode.h"
#include "syscalls/table.h"

#define BASE 0x10000u           /* where the fake memory is mapped */
#define MEM_SIZE 8192u          /* two pages */
#define PAGE 4096u

struct mem {
	char data[MEM_SIZE];
	size_t size;            /* readable bytes from BASE */
	int err;                /* what a refused read returns */
	unsigned calls;
};

static int mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct mem *m = ctx;

	m->calls++;
	/* The decoder reads a page at most, never across a boundary. */
	assert_true(len > 0 && len <= PAGE);
	assert_true(addr / PAGE == (addr + len - 1) / PAGE);
	if (addr < BASE || addr - BASE > m->size ||
	    len > m->size - (addr - BASE))
		return m->err;
	memcpy(buf, m->data + (addr - BASE), len);
	return 0;
}

static void mem_init(struct mem *m)
{
	memset(m->data, 0, sizeof m->data);
	m->size = MEM_SIZE;
	m->err = -EFAULT;
	m->calls = 0;
}

/* STR (with its NUL) at BASE + OFF. */
static uint64_t mem_put(struct mem *m, size_t off, const char *str)
{
	size_t n = strlen(str) + 1;

	assert_true(off + n <= sizeof m->data);
	memcpy(m->data + off, str, n);
	return BASE + off;
}

static long nr(const char *name)
{
	long n = sys_number(name);

	assert_true(n >= 0);
	return n;
}

static char line[TRACE_CALL_MAX];

static const char *call(struct mem *m, long n, uint64_t a0, uint64_t a1,
			uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	const uint64_t args[6] = { a0, a1, a2, a3, a4, a5 };
	size_t len = trace_format_call(line, sizeof line, n, args, mem_read, m);

	assert_int_equal(len, strlen(line));
	assert_true(len < sizeof line - 1);
	return line;
}

static const char *result(long ret)
{
	size_t len = trace_format_result(line, sizeof line, ret);

	assert_int_equal(len, strlen(line));
	assert_true(len < TRACE_RESULT_MAX);
	return line;
}

static void openat_at_fdcwd_path_and_oflags(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "/etc/passwd");

	assert_string_equal(call(&m, nr("openat"), (uint64_t)-100, p, 02000000,
				 0, 0, 0),
			    "openat(AT_FDCWD, \"/etc/passwd\", "
			    "O_RDONLY|O_CLOEXEC)");
	/* The kernel takes an int: the upper half does not matter. */
	assert_string_equal(call(&m, nr("openat"), 0xffffff9cu, p, 1, 0, 0, 0),
			    "openat(AT_FDCWD, \"/etc/passwd\", O_WRONLY)");
}

static void mkdirat_dirfd_number_escape_and_mode(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 100, "a\nb");

	assert_string_equal(call(&m, nr("mkdirat"), 3, p, 0755, 0, 0, 0),
			    "mkdirat(3, \"a\\nb\", 0755)");
}

static void string_escapes_quotes_backslashes_and_nonprintables(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "q\"b\\t\tr\re\x1b[0m\x7f\x80\xff~ ");

	assert_string_equal(call(&m, nr("unlink"), p, 0, 0, 0, 0, 0),
			    "unlink(\"q\\\"b\\\\t\\tr\\x0de\\x1b[0m\\x7f\\x80"
			    "\\xff~ \")");
}

static void empty_string_is_two_quotes(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("chdir"), BASE, 0, 0, 0, 0, 0),
			    "chdir(\"\")");
}

static void oflags_symbolic_with_unknown_bits_in_hex(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "f");

	assert_string_equal(call(&m, nr("open"), p,
				 02 | 0100 | 0200 | 01000 | 0x40000000, 0644,
				 0, 0, 0),
			    "open(\"f\", O_RDWR|O_CREAT|O_EXCL|O_TRUNC|"
			    "0x40000000, 0644)");
	/* glibc's O_LARGEFILE is 0 on x86-64; the kernel's bit is 0100000. */
	assert_string_equal(call(&m, nr("open"), p, 0100000 | 04000 | 02000,
				 0, 0, 0, 0),
			    "open(\"f\", O_RDONLY|O_APPEND|O_NONBLOCK|"
			    "O_LARGEFILE)");
	assert_string_equal(call(&m, nr("open"), p,
				 0x100000000ull | 0400 | 040000 | 0400000 |
				 01000000 | 010000000,
				 0, 0, 0, 0),
			    "open(\"f\", O_RDONLY|O_NOCTTY|O_DIRECT|O_NOFOLLOW|"
			    "O_NOATIME|O_PATH|0x100000000)");
}

static void oflags_composite_flags_and_accmode_3(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "f");

	/* O_SYNC and O_TMPFILE include O_DSYNC and O_DIRECTORY. */
	assert_string_equal(call(&m, nr("open"), p, 04010000 | 020200000 | 1,
				 0600, 0, 0, 0),
			    "open(\"f\", O_WRONLY|O_SYNC|O_TMPFILE, 0600)");
	assert_string_equal(call(&m, nr("open"), p, 010000 | 0200000 | 3,
				 0, 0, 0, 0),
			    "open(\"f\", O_ACCMODE|O_DSYNC|O_DIRECTORY)");
	/* __O_SYNC without O_DSYNC is no flag the kernel's headers name. */
	assert_string_equal(call(&m, nr("open"), p, 04000000, 0, 0, 0, 0),
			    "open(\"f\", O_RDONLY|0x100000)");
}

static void mode_shown_only_with_o_creat_or_o_tmpfile(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "f");

	assert_string_equal(call(&m, nr("openat"), 3, p, 0101, 0640, 0, 0),
			    "openat(3, \"f\", O_WRONLY|O_CREAT, 0640)");
	assert_string_equal(call(&m, nr("openat"), 3, p, 020200002, 0, 0, 0),
			    "openat(3, \"f\", O_RDWR|O_TMPFILE, 000)");
	assert_string_equal(call(&m, nr("openat"), 3, p, 2, 0640, 0, 0),
			    "openat(3, \"f\", O_RDWR)");
	/* mq_open's attributes go with the mode. */
	assert_string_equal(call(&m, nr("mq_open"), p, 0, 0600, 0x5000, 0, 0),
			    "mq_open(\"f\", O_RDONLY)");
	assert_string_equal(call(&m, nr("mq_open"), p, 0300, 0600, 0x5000, 0,
				 0),
			    "mq_open(\"f\", O_RDONLY|O_CREAT|O_EXCL, 0600, "
			    "0x5000)");
	/* A row without OFLAGS always shows its mode. */
	assert_string_equal(call(&m, nr("creat"), p, 0644, 0, 0, 0, 0),
			    "creat(\"f\", 0644)");
}

static void atflags_symbolic_zero_and_unknown_bits(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "d");

	assert_string_equal(call(&m, nr("unlinkat"), 4, p, 0, 0, 0, 0),
			    "unlinkat(4, \"d\", 0)");
	assert_string_equal(call(&m, nr("unlinkat"), 4, p, 0x200, 0, 0, 0),
			    "unlinkat(4, \"d\", AT_REMOVEDIR)");
	assert_string_equal(call(&m, nr("newfstatat"), (uint64_t)-100, p,
				 0x7ffc0000, 0x1100 | 0x10000, 0, 0),
			    "newfstatat(AT_FDCWD, \"d\", 0x7ffc0000, "
			    "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH|0x10000)");
	assert_string_equal(call(&m, nr("statx"), 5, p, 0x4000 | 0x800,
				 0xfff, 0x1000, 0),
			    "statx(5, \"d\", "
			    "AT_NO_AUTOMOUNT|AT_STATX_DONT_SYNC, 0xfff, 0x1000)");
	assert_string_equal(call(&m, nr("linkat"), 1, p, 2, p, 0x400 | 0x2000,
				 0),
			    "linkat(1, \"d\", 2, \"d\", "
			    "AT_SYMLINK_FOLLOW|AT_STATX_FORCE_SYNC)");
	assert_string_equal(call(&m, nr("unlinkat"), 4, p, 0x80000000, 0, 0,
				 0),
			    "unlinkat(4, \"d\", 0x80000000)");
}

static void atflags_0x200_is_eaccess_for_faccessat2(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "x");

	assert_string_equal(call(&m, nr("faccessat2"), (uint64_t)-100, p, 4,
				 0x200 | 0x100, 0, 0),
			    "faccessat2(AT_FDCWD, \"x\", 4, "
			    "AT_SYMLINK_NOFOLLOW|AT_EACCESS)");
}

static void mode_octal_with_file_type_by_name(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "p");

	assert_string_equal(call(&m, nr("mknod"), p, 0010644, 0, 0, 0, 0),
			    "mknod(\"p\", S_IFIFO|0644, 0x0)");
	assert_string_equal(call(&m, nr("mknodat"), 3, p, 0020600, 0x801, 0, 0),
			    "mknodat(3, \"p\", S_IFCHR|0600, 0x801)");
	assert_string_equal(call(&m, nr("mknod"), p, 0140000, 0, 0, 0, 0),
			    "mknod(\"p\", S_IFSOCK|000, 0x0)");
	assert_string_equal(call(&m, nr("umask"), 022, 0, 0, 0, 0, 0),
			    "umask(022)");
	assert_string_equal(call(&m, nr("umask"), 0, 0, 0, 0, 0, 0),
			    "umask(000)");
	assert_string_equal(call(&m, nr("chmod"), p, 04755, 0, 0, 0, 0),
			    "chmod(\"p\", 04755)");
	/* 0030000 is no file type: all of it in octal. */
	assert_string_equal(call(&m, nr("chmod"), p, 0030777, 0, 0, 0, 0),
			    "chmod(\"p\", 030777)");
}

static void signum_by_name_realtime_and_decimal(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("kill"), 1234, 9, 0, 0, 0, 0),
			    "kill(1234, SIGKILL)");
	assert_string_equal(call(&m, nr("tgkill"), 7, 8, 15, 0, 0, 0),
			    "tgkill(7, 8, SIGTERM)");
	assert_string_equal(call(&m, nr("kill"), 1, 32, 0, 0, 0, 0),
			    "kill(1, SIGRTMIN)");
	assert_string_equal(call(&m, nr("kill"), 1, 34, 0, 0, 0, 0),
			    "kill(1, SIGRT_2)");
	assert_string_equal(call(&m, nr("kill"), 1, 64, 0, 0, 0, 0),
			    "kill(1, SIGRT_32)");
	assert_string_equal(call(&m, nr("kill"), 1, 0, 0, 0, 0, 0),
			    "kill(1, 0)");
	assert_string_equal(call(&m, nr("kill"), 1, 65, 0, 0, 0, 0),
			    "kill(1, 65)");
	assert_string_equal(call(&m, nr("kill"), 1, (uint64_t)-3, 0, 0, 0, 0),
			    "kill(1, -3)");
	assert_string_equal(call(&m, nr("rt_sigaction"), 0x100000011ull, 0,
				 0x7000, 8, 0, 0),
			    "rt_sigaction(SIGCHLD, NULL, 0x7000, 8)");
}

static void int_fd_pid_sign_extend_the_low_32_bits(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("exit_group"), 0xffffffffu, 0, 0, 0, 0,
				 0),
			    "exit_group(-1)");
	assert_string_equal(call(&m, nr("close"), 0xdeadbeef00000003ull, 0, 0,
				 0, 0, 0),
			    "close(3)");
	assert_string_equal(call(&m, nr("kill"), 0xffffffffu, 9, 0, 0, 0, 0),
			    "kill(-1, SIGKILL)");
	assert_string_equal(call(&m, nr("dup2"), (uint64_t)-1, 0x80000000u, 0,
				 0, 0, 0),
			    "dup2(-1, -2147483648)");
	assert_string_equal(call(&m, nr("mkdirat"), 0xffffff9bu, 0, 0777, 0, 0,
				 0),
			    "mkdirat(-101, NULL, 0777)");
}

static void uint_and_uid_unsigned_32_size_unsigned_64(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "f");

	assert_string_equal(call(&m, nr("chown"), p, (uint64_t)-1,
				 0x100000005ull, 0, 0, 0),
			    "chown(\"f\", 4294967295, 5)");
	assert_string_equal(call(&m, nr("alarm"), 0x1ffffffffull, 0, 0, 0, 0,
				 0),
			    "alarm(4294967295)");
	assert_string_equal(call(&m, nr("read"), 0, 0x7ffc1000, UINT64_MAX, 0,
				 0, 0),
			    "read(0, 0x7ffc1000, 18446744073709551615)");
}

static void offsets_are_signed_64_bit(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("ftruncate"), 3, 5000000000ull, 0, 0,
				 0, 0),
			    "ftruncate(3, 5000000000)");
	assert_string_equal(call(&m, nr("lseek"), 3, (uint64_t)-4096, 2, 0, 0,
				 0),
			    "lseek(3, -4096, 2)");
	assert_string_equal(call(&m, nr("pread64"), 3, 0x1000, 10,
				 0x100000000ull, 0, 0),
			    "pread64(3, 0x1000, 10, 4294967296)");
}

static void hex_pointers_and_null(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("mmap"), 0, 4096, 3, 0x22,
				 (uint64_t)-1, 0),
			    "mmap(NULL, 4096, 0x3, 0x22, -1, 0)");
	assert_string_equal(call(&m, nr("ioctl"), 1, 0, 0xffffffffffffffffull,
				 0, 0, 0),
			    "ioctl(1, 0x0, 0xffffffffffffffff)");
	assert_string_equal(call(&m, nr("write"), 2, 0, 5, 0, 0, 0),
			    "write(2, NULL, 5)");
}

static void null_path_is_null(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("open"), 0, 0, 0, 0, 0, 0),
			    "open(NULL, O_RDONLY)");
	assert_int_equal(m.calls, 0);
}

static void unreadable_path_shows_address_and_errno(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("open"), 0x1000, 0, 0, 0, 0, 0),
			    "open(0x1000 /* EFAULT */, O_RDONLY)");
	/* A reader's own errno (the task is gone) is passed on. */
	m.err = -ESRCH;
	assert_string_equal(call(&m, nr("chdir"), 0x1000, 0, 0, 0, 0, 0),
			    "chdir(0x1000 /* ESRCH */)");
	/* A value that is no errno still reads as a failure. */
	m.err = INT_MIN;
	assert_string_equal(call(&m, nr("chdir"), 0x1000, 0, 0, 0, 0, 0),
			    "chdir(0x1000 /* unreadable */)");
	m.err = 7;
	assert_string_equal(call(&m, nr("chdir"), 0x1000, 0, 0, 0, 0, 0),
			    "chdir(0x1000 /* unreadable */)");
}

static void string_running_into_unreadable_memory_shows_its_start(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	/* Readable up to BASE + 6, in the middle of a page. */
	memcpy(m.data, "abcdef", 6);
	m.size = 6;

	assert_string_equal(call(&m, nr("chdir"), BASE, 0, 0, 0, 0, 0),
			    "chdir(\"abcdef\"... /* EFAULT at 0x10006 */)");
	/* The bisection costs a handful of reads, not one per byte. */
	assert_true(m.calls <= 20);
	/* From the last readable byte. */
	assert_string_equal(call(&m, nr("chdir"), BASE + 5, 0, 0, 0, 0, 0),
			    "chdir(\"f\"... /* EFAULT at 0x10006 */)");
}

static void string_ending_just_before_unreadable_memory_is_whole(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	/* The NUL is the last readable byte, mid-page and at a page end. */
	m.size = 100;
	uint64_t p = mem_put(&m, 96, "xyz");
	assert_string_equal(call(&m, nr("chdir"), p, 0, 0, 0, 0, 0),
			    "chdir(\"xyz\")");
	m.size = PAGE;
	p = mem_put(&m, PAGE - 4, "end");
	assert_string_equal(call(&m, nr("chdir"), p, 0, 0, 0, 0, 0),
			    "chdir(\"end\")");
}

static void string_across_a_page_boundary(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, PAGE - 3, "abcdef");

	assert_string_equal(call(&m, nr("chdir"), p, 0, 0, 0, 0, 0),
			    "chdir(\"abcdef\")");
	/* The second page unmapped. */
	m.size = PAGE;
	assert_string_equal(call(&m, nr("chdir"), p, 0, 0, 0, 0, 0),
			    "chdir(\"abc\"... /* EFAULT at 0x11000 */)");
}

static void long_unterminated_string_is_bounded(void **state)
{
	(void)state;
	struct mem m;
	char want[TRACE_STR_MAX + 32];
	mem_init(&m);
	memset(m.data, 'a', MEM_SIZE);          /* no NUL anywhere */

	snprintf(want, sizeof want, "chdir(\"%.*s\"...)", TRACE_STR_MAX,
		 m.data);
	assert_string_equal(call(&m, nr("chdir"), BASE, 0, 0, 0, 0, 0), want);
	/* Exactly TRACE_STR_MAX bytes and the NUL: whole. */
	m.data[TRACE_STR_MAX] = '\0';
	snprintf(want, sizeof want, "chdir(\"%.*s\")", TRACE_STR_MAX,
		 m.data);
	assert_string_equal(call(&m, nr("chdir"), BASE, 0, 0, 0, 0, 0), want);
	/* One more byte: cut. */
	m.data[TRACE_STR_MAX] = 'a';
	m.data[TRACE_STR_MAX + 1] = '\0';
	snprintf(want, sizeof want, "chdir(\"%.*s\"...)", TRACE_STR_MAX,
		 m.data);
	assert_string_equal(call(&m, nr("chdir"), BASE, 0, 0, 0, 0, 0), want);
}

static void no_reader_shows_string_addresses(void **state)
{
	(void)state;
	const uint64_t args[6] = { BASE, 0, BASE };
	char out[64];

	trace_format_call(out, sizeof out, nr("mount"), args, NULL, NULL);
	assert_string_equal(out, "mount(0x10000, NULL, 0x10000, 0x0, NULL)");
}

static int all_ones_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	(void)addr;
	memset(buf, 'z', len);
	return 0;
}

static void string_wrapping_past_the_top_is_cut_there(void **state)
{
	(void)state;
	const uint64_t args[6] = { UINT64_MAX - 1 };
	char out[64];

	trace_format_call(out, sizeof out, nr("chdir"), args, all_ones_read,
			  NULL);
	assert_string_equal(out, "chdir(\"zz\"... /* EFAULT at 0x0 */)");
}

static void unknown_numbers_show_six_hex_args(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	const long unknown[] = { 400, 335, SYS_TABLE_SIZE, 100000, LONG_MAX,
				 0x40000000 + 2 };
	char want[256];

	for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		snprintf(want, sizeof want,
			 "syscall_%ld(0x1, 0x0, 0xffffffffffffffff, 0x10000, "
			 "0x0, 0x7)", unknown[i]);
		assert_string_equal(call(&m, unknown[i], 1, 0, UINT64_MAX,
					 BASE, 0, 7),
				    want);
	}
	/* A path-shaped argument is not read: the number has no row. */
	assert_int_equal(m.calls, 0);
}

static void negative_numbers_are_unknown(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, -1, 0, 0, 0, 0, 0, 0),
			    "syscall_-1(0x0, 0x0, 0x0, 0x0, 0x0, 0x0)");
	assert_string_equal(call(&m, LONG_MIN, 1, 2, 3, 4, 5, 6),
			    "syscall_-9223372036854775808(0x1, 0x2, 0x3, 0x4, "
			    "0x5, 0x6)");
}

static void only_the_rows_arguments_are_shown(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);

	assert_string_equal(call(&m, nr("getpid"), 1, 2, 3, 4, 5, 6),
			    "getpid()");
	assert_string_equal(call(&m, nr("close"), 3, BASE, 3, 4, 5, 6),
			    "close(3)");
	assert_int_equal(m.calls, 0);
}

static void tiny_caps_write_within_cap(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "/etc/passwd");
	const uint64_t args[6] = { (uint64_t)-100, p, 0, 0, 0, 0 };
	char out[16];

	/* cap 0: nothing written, not even a NUL; OUT may be NULL. */
	memset(out, '#', sizeof out);
	assert_int_equal(trace_format_call(out, 0, nr("openat"), args,
					   mem_read, &m), 0);
	assert_int_equal(out[0], '#');
	assert_int_equal(trace_format_call(NULL, 0, nr("openat"), args,
					   mem_read, &m), 0);
	assert_int_equal(trace_format_result(NULL, 0, -2), 0);

	memset(out, '#', sizeof out);
	assert_int_equal(trace_format_call(out, 1, nr("openat"), args,
					   mem_read, &m), 0);
	assert_string_equal(out, "");
	assert_int_equal(out[1], '#');

	memset(out, '#', sizeof out);
	assert_int_equal(trace_format_call(out, 3, nr("openat"), args,
					   mem_read, &m), 2);
	assert_string_equal(out, "..");
	assert_int_equal(out[3], '#');

	/* "openat(" does not fit in 4: the guest is not read at all. */
	memset(out, '#', sizeof out);
	m.calls = 0;
	assert_int_equal(trace_format_call(out, 5, nr("openat"), args,
					   mem_read, &m), 3);
	assert_string_equal(out, "...");
	assert_int_equal(out[5], '#');
	assert_int_equal(m.calls, 0);

	memset(out, '#', sizeof out);
	assert_int_equal(trace_format_call(out, 12, nr("openat"), args,
					   mem_read, &m), 10);
	assert_string_equal(out, "openat(...");
	assert_int_equal(out[12], '#');
}

/* Every cap from 0 to one past the whole line: the NUL within the cap,
 * nothing written past it, and the line is a prefix of the whole one cut
 * at a token boundary, then the dots. */
static void check_every_cap(long n, const uint64_t args[6], struct mem *m)
{
	char whole[TRACE_CALL_MAX];
	char out[TRACE_CALL_MAX + 1];
	size_t len = trace_format_call(whole, sizeof whole, n, args, mem_read,
				       m);

	for (size_t cap = 0; cap <= len + 1; cap++) {
		memset(out, '#', sizeof out);
		size_t got = trace_format_call(out, cap, n, args, mem_read, m);
		assert_int_equal(out[cap], '#');
		if (cap == 0) {
			assert_int_equal(got, 0);
			continue;
		}
		assert_true(got < cap);
		assert_int_equal(strlen(out), got);
		if (cap == len + 1) {
			assert_string_equal(out, whole);
			continue;
		}
		size_t dots = cap - 1 < 3 ? cap - 1 : 3;
		assert_true(got >= dots);
		assert_memory_equal(out + got - dots, "...", dots);
		assert_memory_equal(out, whole, got - dots);
	}
}

static void truncation_at_every_cap_is_clean(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	uint64_t p = mem_put(&m, 0, "a\nb\x01z");
	const uint64_t args[6] = { 3, p, 0755 };
	const uint64_t args2[6] = { (uint64_t)-100, p, 0x80000 | 0101, 0600 };

	check_every_cap(nr("mkdirat"), args, &m);
	check_every_cap(nr("openat"), args2, &m);
	check_every_cap(-5, args, &m);
}

static void truncation_never_splits_an_escape(void **state)
{
	(void)state;
	struct mem m;
	char out[64];
	mem_init(&m);
	memset(m.data, 0x01, 40);       /* \x01 forty times, then a NUL */
	const uint64_t args[6] = { BASE };

	/* From the first cap with room for the quote and the dots. */
	for (size_t cap = 11; cap < sizeof out; cap++) {
		size_t got = trace_format_call(out, cap, nr("chdir"), args,
					       mem_read, &m);
		/* chdir(" then whole \x01s, then the dots. */
		assert_true(got >= 10);
		assert_int_equal((got - 3 - strlen("chdir(\"")) % 4, 0);
		assert_string_equal(out + got - 3, "...");
	}
}

static void worst_case_line_fits_trace_call_max(void **state)
{
	(void)state;
	struct mem m;
	mem_init(&m);
	/* mount's three strings, every byte shown as \xNN, no NUL. */
	memset(m.data, 0xff, MEM_SIZE);
	char out[TRACE_CALL_MAX];
	const uint64_t args[6] = { BASE, BASE + 1000, BASE + 2000, UINT64_MAX,
				   UINT64_MAX };

	size_t len = trace_format_call(out, sizeof out, nr("mount"), args,
				       mem_read, &m);
	assert_true(len > 3 * 4 * TRACE_STR_MAX);
	assert_true(len < sizeof out - 1);
	const char *tail = "\"..., 0xffffffffffffffff, 0xffffffffffffffff)";
	assert_string_equal(out + len - strlen(tail), tail);
}

static void result_success_in_decimal(void **state)
{
	(void)state;
	assert_string_equal(result(3), "= 3");
	assert_string_equal(result(0), "= 0");
	assert_string_equal(result(0xffffffffL), "= 4294967295");
}

static void result_errors_by_name_and_text(void **state)
{
	(void)state;
	assert_string_equal(result(-ENOENT),
			    "= -1 ENOENT (No such file or directory)");
	assert_string_equal(result(-EPERM),
			    "= -1 EPERM (Operation not permitted)");
	assert_string_equal(result(-512),
			    "= -1 ERESTARTSYS (To be restarted if SA_RESTART "
			    "is set)");
	assert_string_equal(result(-4095), "= -1 errno 4095");
	assert_string_equal(result(-1000), "= -1 errno 1000");
}

static void result_large_values_in_hex(void **state)
{
	(void)state;
	assert_string_equal(result(0x100000000L), "= 0x100000000");
	assert_string_equal(result(0x7f1234567000L), "= 0x7f1234567000");
	/* Below the errno range: an address, not an error. */
	assert_string_equal(result(-4096), "= 0xfffffffffffff000");
	assert_string_equal(result(LONG_MIN), "= 0x8000000000000000");
}

static void result_every_errno_fits_and_tiny_caps(void **state)
{
	(void)state;
	char out[8];

	for (long e = 1; e <= 4095; e++)
		result(-e);
	memset(out, '#', sizeof out);
	assert_int_equal(trace_format_result(out, 1, -2), 0);
	assert_string_equal(out, "");
	assert_int_equal(out[1], '#');
	assert_int_equal(trace_format_result(out, 5, -2), 3);
	assert_string_equal(out, "...");
	assert_int_equal(out[5], '#');
	assert_int_equal(trace_format_result(out, 5, 12345678), 3);
	assert_string_equal(out, "...");
	assert_int_equal(trace_format_result(out, 8, 12345), 7);
	assert_string_equal(out, "= 12345");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(openat_at_fdcwd_path_and_oflags),
		cmocka_unit_test(mkdirat_dirfd_number_escape_and_mode),
		cmocka_unit_test(string_escapes_quotes_backslashes_and_nonprintables),
		cmocka_unit_test(empty_string_is_two_quotes),
		cmocka_unit_test(oflags_symbolic_with_unknown_bits_in_hex),
		cmocka_unit_test(oflags_composite_flags_and_accmode_3),
		cmocka_unit_test(mode_shown_only_with_o_creat_or_o_tmpfile),
		cmocka_unit_test(atflags_symbolic_zero_and_unknown_bits),
		cmocka_unit_test(atflags_0x200_is_eaccess_for_faccessat2),
		cmocka_unit_test(mode_octal_with_file_type_by_name),
		cmocka_unit_test(signum_by_name_realtime_and_decimal),
		cmocka_unit_test(int_fd_pid_sign_extend_the_low_32_bits),
		cmocka_unit_test(uint_and_uid_unsigned_32_size_unsigned_64),
		cmocka_unit_test(offsets_are_signed_64_bit),
		cmocka_unit_test(hex_pointers_and_null),
		cmocka_unit_test(null_path_is_null),
		cmocka_unit_test(unreadable_path_shows_address_and_errno),
		cmocka_unit_test(string_running_into_unreadable_memory_shows_its_start),
		cmocka_unit_test(string_ending_just_before_unreadable_memory_is_whole),
		cmocka_unit_test(string_across_a_page_boundary),
		cmocka_unit_test(long_unterminated_string_is_bounded),
		cmocka_unit_test(no_reader_shows_string_addresses),
		cmocka_unit_test(string_wrapping_past_the_top_is_cut_there),
		cmocka_unit_test(unknown_numbers_show_six_hex_args),
		cmocka_unit_test(negative_numbers_are_unknown),
		cmocka_unit_test(only_the_rows_arguments_are_shown),
		cmocka_unit_test(tiny_caps_write_within_cap),
		cmocka_unit_test(truncation_at_every_cap_is_clean),
		cmocka_unit_test(truncation_never_splits_an_escape),
		cmocka_unit_test(worst_case_line_fits_trace_call_max),
		cmocka_unit_test(result_success_in_decimal),
		cmocka_unit_test(result_errors_by_name_and_text),
		cmocka_unit_test(result_large_values_in_hex),
		cmocka_unit_test(result_every_errno_fits_and_tiny_caps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
