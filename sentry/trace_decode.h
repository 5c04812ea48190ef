/* One line of `moat trace` per system call, strace-like:
 *
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *
 * The decoder is pure: the call's number and raw arguments come in, the
 * arguments are shown by their kind in syscalls/table.def, and the guest
 * memory behind a string is asked of a callback.  Nothing is trusted: any
 * number (negative, past the table, without a row), any argument value,
 * and guest memory that is unreadable, partly readable or unterminated
 * give a line; the output never grows past the caller's buffer. */
#ifndef MOAT_SENTRY_TRACE_DECODE_H
#define MOAT_SENTRY_TRACE_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of a string argument shown; a longer one ends in `"...`. */
#define TRACE_STR_MAX 256

/* Buffers this large never truncate a line (the worst case is three
 * strings of TRACE_STR_MAX bytes, each byte escaped to four characters). */
#define TRACE_CALL_MAX 8192
#define TRACE_RESULT_MAX 128

/* Copy LEN bytes of guest memory at ADDR into BUF.  Return 0, or a
 * negative errno with BUF's contents unspecified: the read is all or
 * nothing, and the decoder retries smaller pieces to find where the
 * readable part of a string ends. */
typedef int (*trace_read_fn)(void *ctx, uint64_t addr, void *buf, size_t len);

/* Write call NR with ARGS (six values, whatever the row's count) into OUT,
 * NUL-terminated when CAP > 0 (OUT may be NULL when CAP is 0), and return
 * the length written, without the NUL.  A line that does not fit is cut
 * between two tokens (never inside an escape or a number) and ends with
 * "..." (fewer dots when CAP < 4).
 *
 * Arguments, by kind (syscalls/table.h); only the row's nargs are shown,
 * and in a row with OFLAGS, the MODE and what follows it only when the
 * flags have O_CREAT or O_TMPFILE (the kernel ignores the mode otherwise):
 *   INT, FD, PID, SIGNUM  the low 32 bits, signed: the kernel takes an int
 *   UINT, UID             the low 32 bits, unsigned
 *   SIZE                  64-bit unsigned decimal
 *   OFF                   64-bit signed decimal (off_t, loff_t)
 *   HEX                   0x..., and 0x0
 *   DIRFD                 AT_FDCWD, else as FD
 *   PTR, BUF, OUTBUF, ADDR  NULL, or 0x...
 *   PATH, STR             "..." read through RD: at most TRACE_STR_MAX
 *                         bytes, \n \t \" \\ escaped and any other byte
 *                         outside 0x20-0x7e as \xNN; `"..."...` when there
 *                         is no NUL within the bound; NULL for 0.  Where
 *                         guest memory fails, a C comment says so: the
 *                         address and the reader's errno when nothing is
 *                         readable (0x1000, then EFAULT in a comment); the
 *                         readable part, "...", and a comment with the
 *                         errno and the first unreadable address when the
 *                         string runs into unreadable memory
 *   OFLAGS                O_RDONLY|O_CREAT|...|0x... (unknown bits)
 *   ATFLAGS               AT_SYMLINK_NOFOLLOW|...|0x..., 0 as 0; 0x200 is
 *                         AT_EACCESS for faccessat2, AT_REMOVEDIR elsewhere
 *   MODE                  octal (0644, 000), file type bits by name
 *                         (S_IFIFO|0644)
 *   SIGNUM                SIGKILL, SIGRTMIN, SIGRT_n, else decimal
 * A number without a row is `syscall_NNN(` and the six arguments in hex.
 * RD may be NULL: strings are shown as their address. */
size_t trace_format_call(char *out, size_t cap, long nr,
			 const uint64_t args[6], trace_read_fn rd, void *ctx);

/* Write the result RET the way trace_format_call() writes a call: "= 3";
 * "= -1 ENOENT (No such file or directory)" for -4095..-1 (the kernel's
 * error range; "= -1 errno 4000" for a number without a name); other
 * values as unsigned 64-bit, decimal up to 0xffffffff and hex above it
 * (addresses: mmap, brk; an lseek past 4 GiB shows in hex too). */
size_t trace_format_result(char *out, size_t cap, long ret);

#endif
