/* Conformance: mprotect(2) and the faults it causes: PROT_NONE and
 * read-only pages raise SIGSEGV with SEGV_ACCERR and the faulting address,
 * unmapped ones SEGV_MAPERR; a handler can recover with siglongjmp.  The
 * faulting cases run in a child (cmocka catches SIGSEGV in the parent). */
#include "proc_common.h"

#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf fault_env;
static volatile void *fault_addr;
static volatile int fault_code;
static volatile int fault_count;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	fault_count++;
	siglongjmp(fault_env, 1);
}

static void catch_segv(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	child_check(sigaction(SIGSEGV, &sa, NULL) == 0);
}

static long page(void)
{
	return sysconf(_SC_PAGESIZE);
}

static char *anon(int prot)
{
	char *p = mmap(NULL, (size_t)page(), prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* Touch ADDR (a read, or a write when WRITE) and report whether it
 * faulted. */
static bool faults(volatile char *addr, bool write)
{
	if (sigsetjmp(fault_env, 1) == 0) {
		if (write)
			*addr = 1;
		else
			(void)*addr;
		return false;
	}
	return true;
}

static void prot_none_child(void)
{
	catch_segv();
	char *p = anon(PROT_READ | PROT_WRITE);
	child_check(p != NULL);
	child_check(mprotect(p, (size_t)page(), PROT_NONE) == 0);
	child_check(faults(p + 5, false));
	child_check(fault_addr == p + 5);
	child_check(fault_code == SEGV_ACCERR);
}

static void mprotect_prot_none_read_raises_sigsegv_accerr(void **state)
{
	(void)state;
	conf_in_child(prot_none_child);
}

static void readonly_child(void)
{
	catch_segv();
	char *p = anon(PROT_READ | PROT_WRITE);
	child_check(p != NULL);
	p[0] = 7;
	child_check(mprotect(p, (size_t)page(), PROT_READ) == 0);
	child_check(!faults(p, false));
	child_check(faults(p + 9, true));
	child_check(fault_addr == p + 9 && fault_code == SEGV_ACCERR);
	child_check(p[0] == 7);
}

static void mprotect_readonly_write_raises_sigsegv(void **state)
{
	(void)state;
	conf_in_child(readonly_child);
}

static void restore_child(void)
{
	catch_segv();
	char *p = anon(PROT_NONE);
	child_check(p != NULL);
	child_check(faults(p, true));
	child_check(mprotect(p, (size_t)page(), PROT_READ | PROT_WRITE) == 0);
	child_check(!faults(p, true));
	child_check(p[0] == 1 && fault_count == 1);
}

static void mprotect_restoring_write_allows_store(void **state)
{
	(void)state;
	conf_in_child(restore_child);
}

static void maperr_child(void)
{
	catch_segv();
	char *p = anon(PROT_READ);
	child_check(p != NULL);
	child_check(munmap(p, (size_t)page()) == 0);
	child_check(faults(p, false));
	child_check(fault_addr == p && fault_code == SEGV_MAPERR);
}

static void unmapped_access_raises_sigsegv_maperr(void **state)
{
	(void)state;
	conf_in_child(maperr_child);
}

static void partial_child(void)
{
	catch_segv();
	char *p = mmap(NULL, 2 * (size_t)page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	child_check(p != MAP_FAILED);
	child_check(mprotect(p + page(), (size_t)page(), PROT_NONE) == 0);
	child_check(!faults(p + page() - 1, true));
	child_check(faults(p + page(), false));
}

static void mprotect_part_of_mapping_affects_only_that_page(void **state)
{
	(void)state;
	conf_in_child(partial_child);
}

static void mprotect_unaligned_address_fails_einval(void **state)
{
	(void)state;
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_errno(mprotect(p + 1, 10, PROT_READ), EINVAL);
	assert_ok(munmap(p, (size_t)page()));
}

static void mprotect_unmapped_range_fails_enomem(void **state)
{
	(void)state;
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_ok(munmap(p, (size_t)page()));
	assert_errno(mprotect(p, (size_t)page(), PROT_READ), ENOMEM);
}

static void mprotect_invalid_prot_fails_einval(void **state)
{
	(void)state;
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_errno(mprotect(p, (size_t)page(), 0x40), EINVAL);
	assert_ok(munmap(p, (size_t)page()));
}

static void mprotect_write_on_readonly_shared_file_fails_eacces(void **state)
{
	(void)state;
	int fd = (int)assert_ok(open("f", O_RDWR | O_CREAT | O_TRUNC, 0600));
	assert_ok(ftruncate(fd, page()));
	close(fd);
	fd = (int)assert_ok(open("f", O_RDONLY));
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	assert_errno(mprotect(p, (size_t)page(), PROT_READ | PROT_WRITE), EACCES);
	assert_ok(munmap(p, (size_t)page()));
	close(fd);
	assert_ok(unlink("f"));
}

static void mprotect_zero_length_succeeds(void **state)
{
	(void)state;
	char *p = mmap(NULL, (size_t)page(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(assert_ok(mprotect(p, 0, PROT_NONE)), 0);
	assert_int_equal(p[0], 0);
	assert_ok(munmap(p, (size_t)page()));
}

static void prot_none_uncaught_kills_with_sigsegv(void **state)
{
	(void)state;
	pid_t pid = conf_fork();
	if (pid == 0) {
		volatile char *p = anon(PROT_NONE);
		child_check(p != NULL);
		(void)p[0];
		_exit(0);
	}
	int status = conf_wait(pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSEGV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mprotect_prot_none_read_raises_sigsegv_accerr),
		cmocka_unit_test(mprotect_readonly_write_raises_sigsegv),
		cmocka_unit_test(mprotect_restoring_write_allows_store),
		cmocka_unit_test(unmapped_access_raises_sigsegv_maperr),
		cmocka_unit_test(mprotect_part_of_mapping_affects_only_that_page),
		cmocka_unit_test(mprotect_unaligned_address_fails_einval),
		cmocka_unit_test(mprotect_unmapped_range_fails_enomem),
		cmocka_unit_test(mprotect_invalid_prot_fails_einval),
		cmocka_unit_test(mprotect_write_on_readonly_shared_file_fails_eacces),
		cmocka_unit_test(mprotect_zero_length_succeeds),
		cmocka_unit_test(prot_none_uncaught_kills_with_sigsegv),
	};
	return conf_run(tests);
}
