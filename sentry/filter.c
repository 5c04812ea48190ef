/* The guest filter: syscalls/table.def turned into a seccomp program.
 *
 * PASS, EMULATE and DENY rows become one unconditional rule each.  PASSARG
 * rows take their argument rule from `sys_rules` below.
 *
 * How argument rules become libseccomp rules.  libseccomp promises no order
 * between two rules of one syscall whose conditions overlap (its tree tests
 * siblings in an order of its own: seccomp/libseccomp#118, #148), and an
 * unconditional rule for a syscall discards that syscall's conditional
 * ones.  So "refuse these values, pass the rest" cannot be written as a
 * refusal plus a catch-all.  Instead the values an argument can take are
 * cut into aligned blocks (value & ~(2^k - 1) == base, one MASKED_EQ each);
 * each block lies wholly inside the allowed or the refused set, and the
 * blocks together cover every value.  The outcome then cannot depend on
 * libseccomp's order, and no value falls through to the default ENOSYS. */
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <linux/vt.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sentry/filter.h"
#include "syscalls/table.h"

/* Newer than the 6.1 headers. */
#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#define PR_GET_MDWE 66
#endif
/* In asm-generic/fcntl.h, which clashes with glibc's <fcntl.h>. */
#ifndef F_GETOWNER_UIDS
#define F_GETOWNER_UIDS 17
#endif

/* A number without a row, and a DENY row with ENOSYS. */
#define DEFAULT_ACTION SCMP_ACT_ERRNO(ENOSYS)

/* ---- argument rules ---------------------------------------------------- */

struct arg_rule;

/* Values lo..hi (inclusive), named for `moat policy --dump`. */
struct span {
	uint64_t lo, hi;
	const char *name;
	const struct arg_rule *then; /* allowed only if this rule passes too */
};

enum rule_kind {
	ALLOW_LISTED,  /* the listed values pass, all others are refused */
	REFUSE_LISTED, /* the listed values are refused, all others pass */
	REFUSE_BITS,   /* a value with any listed bit set is refused */
};

enum width {
	/* The kernel reads an int: only the low 32 bits are compared, and the
	 * upper half is ignored as the kernel ignores it.  Needed where
	 * callers sign-extend (ioctl numbers with bit 31 set; personality(-1)). */
	LOW32,
	/* All 64 bits are compared.  For an int argument this also refuses
	 * junk in the upper half, which no caller puts there for a
	 * non-negative constant, and it lets "above the last listed value" be
	 * a single GT comparison instead of a block per bit. */
	FULL64,
};

struct arg_rule {
	unsigned int arg;     /* 0..5 */
	const char *arg_name;
	enum width width;
	enum rule_kind kind;
	const struct span *spans; /* ascending, disjoint; single bits for REFUSE_BITS */
	size_t nspans;
};

struct sys_rule {
	long nr;
	const struct arg_rule *rule;
	const char *why;
};

#define ONE(v)          { (uint64_t)(v), (uint64_t)(v), #v, NULL }
#define ONE_THEN(v, r)  { (uint64_t)(v), (uint64_t)(v), #v, &(r) }
#define SPAN(lo, hi, n) { (uint64_t)(lo), (uint64_t)(hi), n, NULL }
#define NSPANS(a)       (sizeof(a) / sizeof((a)[0]))

/* clone(2) flags: the kernel reads only the low 32 bits (lower_32_bits()
 * in kernel/fork.c).  CLONE_NEWTIME is 0x80, inside CSIGNAL for clone(),
 * so only unshare and clone3 can ask for it. */
static const struct span clone_refused[] = {
	ONE(CLONE_NEWNS), ONE(CLONE_UNTRACED), ONE(CLONE_NEWCGROUP),
	ONE(CLONE_NEWUTS), ONE(CLONE_NEWIPC), ONE(CLONE_NEWUSER),
	ONE(CLONE_NEWPID), ONE(CLONE_NEWNET),
};
static const struct arg_rule clone_rule = {
	0, "flags", LOW32, REFUSE_BITS, clone_refused, NSPANS(clone_refused)
};

static const struct span unshare_refused[] = {
	ONE(CLONE_NEWTIME), ONE(CLONE_NEWNS), ONE(CLONE_NEWCGROUP),
	ONE(CLONE_NEWUTS), ONE(CLONE_NEWIPC), ONE(CLONE_NEWUSER),
	ONE(CLONE_NEWPID), ONE(CLONE_NEWNET),
};
static const struct arg_rule unshare_rule = {
	0, "flags", LOW32, REFUSE_BITS, unshare_refused, NSPANS(unshare_refused)
};

/* ioctl's cmd is an unsigned int: callers that keep it in an int
 * sign-extend _IOR() numbers, so compare the low half only. */
static const struct span ioctl_refused[] = {
	SPAN(0x4b00, 0x4bff, "KD*/GIO_*/PIO_* console"),
	ONE(TIOCSTI),
	ONE(TIOCLINUX),
	ONE(TIOCCONS),
	ONE(TIOCSETD),
	SPAN(VT_OPENQRY, VT_OPENQRY | 0xff, "VT_* console"),
};
static const struct arg_rule ioctl_rule = {
	1, "cmd", LOW32, REFUSE_LISTED, ioctl_refused, NSPANS(ioctl_refused)
};

/* F_GETLK64 and friends (12-14) are 32-bit only; on x86-64 F_GETLK is 5. */
static const struct span fcntl_allowed[] = {
	ONE(F_DUPFD), ONE(F_GETFD), ONE(F_SETFD), ONE(F_GETFL), ONE(F_SETFL),
	ONE(F_GETLK), ONE(F_SETLK), ONE(F_SETLKW),
	ONE(F_SETOWN), ONE(F_GETOWN), ONE(F_SETSIG), ONE(F_GETSIG),
	ONE(F_SETOWN_EX), ONE(F_GETOWN_EX), ONE(F_GETOWNER_UIDS),
	ONE(F_OFD_GETLK), ONE(F_OFD_SETLK), ONE(F_OFD_SETLKW),
	ONE(F_GETLEASE), ONE(F_NOTIFY),
	ONE(F_DUPFD_CLOEXEC), ONE(F_SETPIPE_SZ), ONE(F_GETPIPE_SZ),
	ONE(F_ADD_SEALS), ONE(F_GET_SEALS), ONE(F_GET_RW_HINT), ONE(F_SET_RW_HINT),
};
static const struct arg_rule fcntl_rule = {
	1, "cmd", FULL64, ALLOW_LISTED, fcntl_allowed, NSPANS(fcntl_allowed)
};

static const struct span netlink_allowed[] = {
	ONE(NETLINK_ROUTE),
};
static const struct arg_rule netlink_rule = {
	2, "protocol", FULL64, ALLOW_LISTED, netlink_allowed, NSPANS(netlink_allowed)
};
static const struct span socket_allowed[] = {
	ONE(AF_UNIX), ONE(AF_INET), ONE(AF_INET6), ONE_THEN(AF_NETLINK, netlink_rule),
};
static const struct arg_rule socket_rule = {
	0, "domain", FULL64, ALLOW_LISTED, socket_allowed, NSPANS(socket_allowed)
};

/* prctl's arg2 is an unsigned long, compared whole by the kernel. */
static const struct span ambient_allowed[] = {
	ONE(PR_CAP_AMBIENT_IS_SET), ONE(PR_CAP_AMBIENT_LOWER), ONE(PR_CAP_AMBIENT_CLEAR_ALL),
};
static const struct arg_rule ambient_rule = {
	1, "arg2", FULL64, ALLOW_LISTED, ambient_allowed, NSPANS(ambient_allowed)
};
static const struct span prctl_allowed[] = {
	ONE(PR_SET_PDEATHSIG), ONE(PR_GET_PDEATHSIG),
	ONE(PR_GET_DUMPABLE), ONE(PR_SET_DUMPABLE),
	ONE(PR_GET_KEEPCAPS), ONE(PR_SET_KEEPCAPS),
	ONE(PR_SET_NAME), ONE(PR_GET_NAME),
	ONE(PR_GET_SECCOMP), ONE(PR_SET_SECCOMP),
	ONE(PR_CAPBSET_READ), ONE(PR_CAPBSET_DROP),
	ONE(PR_GET_TSC), ONE(PR_SET_TSC),
	ONE(PR_GET_SECUREBITS), ONE(PR_SET_SECUREBITS),
	ONE(PR_SET_TIMERSLACK), ONE(PR_GET_TIMERSLACK),
	ONE(PR_MCE_KILL), ONE(PR_MCE_KILL_GET),
	ONE(PR_SET_CHILD_SUBREAPER), ONE(PR_GET_CHILD_SUBREAPER),
	ONE(PR_SET_NO_NEW_PRIVS), ONE(PR_GET_NO_NEW_PRIVS),
	ONE(PR_GET_TID_ADDRESS),
	ONE(PR_SET_THP_DISABLE), ONE(PR_GET_THP_DISABLE),
	ONE_THEN(PR_CAP_AMBIENT, ambient_rule),
	ONE(PR_GET_SPECULATION_CTRL), ONE(PR_SET_SPECULATION_CTRL),
	ONE(PR_SET_MDWE), ONE(PR_GET_MDWE),
	ONE(PR_SET_VMA),
};
static const struct arg_rule prctl_rule = {
	0, "option", FULL64, ALLOW_LISTED, prctl_allowed, NSPANS(prctl_allowed)
};

/* personality's argument is an unsigned int: personality(-1) queries too. */
static const struct span personality_allowed[] = {
	ONE(PER_LINUX),
	ONE(PER_LINUX32),
	ONE(ADDR_NO_RANDOMIZE),
	ONE(PER_LINUX32 | ADDR_NO_RANDOMIZE),
	SPAN(0xffffffff, 0xffffffff, "query"),
};
static const struct arg_rule personality_rule = {
	0, "persona", LOW32, ALLOW_LISTED, personality_allowed, NSPANS(personality_allowed)
};

static const struct span self_only[] = {
	SPAN(0, 0, "the caller"),
};
static const struct arg_rule pid_self_rule = {
	0, "pid", FULL64, ALLOW_LISTED, self_only, NSPANS(self_only)
};

static const struct span seccomp_refused[] = {
	ONE(SECCOMP_FILTER_FLAG_NEW_LISTENER),
};
static const struct arg_rule seccomp_rule = {
	1, "flags", LOW32, REFUSE_BITS, seccomp_refused, NSPANS(seccomp_refused)
};

static const struct sys_rule sys_rules[] = {
	{ __NR_ioctl, &ioctl_rule,
	  "TIOCSTI and TIOCLINUX push input into a terminal the guest may share "
	  "with the host; TIOCCONS takes the console; TIOCSETD loads line "
	  "disciplines (modules with a history of bugs); KD*/VT_* drive the Linux "
	  "console (keymaps, fonts)" },
	{ __NR_socket, &socket_rule,
	  "packet, vsock, bluetooth, ... sockets are host surface no workload "
	  "here needs; netlink for NETLINK_ROUTE only (getifaddrs), whose writes "
	  "need CAP_NET_ADMIN" },
	{ __NR_socketpair, &socket_rule, "the socket rule" },
	{ __NR_clone, &clone_rule,
	  "namespaces are moat's to make; CLONE_UNTRACED would let a child slip "
	  "past the ptrace platform's auto-attach" },
	{ __NR_fcntl, &fcntl_rule,
	  "F_SETLEASE: a lease on a host file stalls host openers for "
	  "lease-break-time; commands not listed are refused as an older kernel "
	  "refuses them" },
	{ __NR_personality, &personality_rule,
	  "READ_IMPLIES_EXEC, MMAP_PAGE_ZERO, ADDR_LIMIT_*, ... change how exec "
	  "lays out memory" },
	{ __NR_prctl, &prctl_rule,
	  "not listed: PR_SET_MM (rewrites the memory map and exe link), "
	  "PR_SET_PTRACER (ptrace is denied), PR_SET_SYSCALL_USER_DISPATCH "
	  "(diverts syscalls the ptrace platform injects), ...; PR_CAP_AMBIENT "
	  "may only read or drop" },
	{ __NR_migrate_pages, &pid_self_rule, "another task's pages: refused" },
	{ __NR_unshare, &unshare_rule,
	  "namespaces are moat's to make; CLONE_FILES, CLONE_FS, CLONE_SYSVSEM pass" },
	{ __NR_move_pages, &pid_self_rule, "another task's pages: refused" },
	{ __NR_seccomp, &seccomp_rule,
	  "a guest filter can only restrict, but a guest listener wins ties "
	  "with moat's NOTIFY and beats its TRACE, and could CONTINUE an "
	  "emulated call into the kernel" },
};

/* ---- turning rules into libseccomp rules --------------------------------- */

struct emitter {
	scmp_filter_ctx ctx;
	int nr;
	uint32_t refuse;              /* ERRNO(row errno) */
	struct scmp_arg_cmp cmp[6];   /* conditions of the enclosing spans */
	unsigned int ncmp;
};

static int emit_rule(struct emitter *e, const struct arg_rule *r);

static int add(struct emitter *e, uint32_t action)
{
	/* libseccomp refuses a rule that repeats the default (-EACCES);
	 * leaving it out has the same effect. */
	if (action == DEFAULT_ACTION)
		return 0;
	return seccomp_rule_add_array(e->ctx, action, e->nr, e->ncmp, e->cmp);
}

static int add_with(struct emitter *e, struct scmp_arg_cmp c, uint32_t action,
		    const struct arg_rule *then)
{
	int r;

	if (e->ncmp >= 6)
		return -EINVAL;
	e->cmp[e->ncmp++] = c;
	r = then ? emit_rule(e, then) : add(e, action);
	e->ncmp--;
	return r;
}

/* Cover lo..hi (hi < UINT64_MAX) with aligned blocks, each one MASKED_EQ. */
static int emit_blocks(struct emitter *e, const struct arg_rule *r,
		       uint64_t lo, uint64_t hi, uint32_t action,
		       const struct arg_rule *then)
{
	uint64_t width_mask = r->width == LOW32 ? 0xffffffffULL : UINT64_MAX;
	int rc;

	for (;;) {
		uint64_t left = hi - lo + 1;
		uint64_t size = lo ? (lo & -lo) : (UINT64_C(1) << 63);
		while (size > left)
			size >>= 1;
		uint64_t mask = ~(size - 1) & width_mask;
		/* A mask of 0 matches everything; libseccomp would make it an
		 * unconditional rule and drop the others.  Never built here. */
		if (mask == 0)
			return -EINVAL;
		struct scmp_arg_cmp c = SCMP_CMP(r->arg, SCMP_CMP_MASKED_EQ, mask, lo);
		if ((rc = add_with(e, c, action, then)) < 0)
			return rc;
		if (lo + size - 1 == hi)
			return 0;
		lo += size;
	}
}

static int check_rule(const struct arg_rule *r)
{
	uint64_t limit = r->width == LOW32 ? 0xffffffffULL : UINT64_MAX - 1;

	if (r->arg > 5 || r->nspans == 0)
		return -EINVAL;
	for (size_t i = 0; i < r->nspans; i++) {
		const struct span *s = &r->spans[i];
		if (s->lo > s->hi || s->hi > limit)
			return -EINVAL;
		if (i > 0 && s->lo <= r->spans[i - 1].hi)
			return -EINVAL;
		if (r->kind == REFUSE_BITS &&
		    (s->lo != s->hi || (s->lo & (s->lo - 1)) != 0 || s->then))
			return -EINVAL;
		if (s->then && (r->kind != ALLOW_LISTED || s->then->arg == r->arg))
			return -EINVAL;
	}
	return 0;
}

static int emit_bits(struct emitter *e, const struct arg_rule *r)
{
	uint64_t all = 0;
	int rc;

	for (size_t i = 0; i < r->nspans; i++)
		all |= r->spans[i].lo;
	/* Allowed: no listed bit.  Refused: one rule per bit; those overlap
	 * each other, but all share one action. */
	rc = add_with(e, SCMP_CMP(r->arg, SCMP_CMP_MASKED_EQ, all, 0),
		      SCMP_ACT_ALLOW, NULL);
	for (size_t i = 0; rc == 0 && i < r->nspans; i++) {
		uint64_t bit = r->spans[i].lo;
		rc = add_with(e, SCMP_CMP(r->arg, SCMP_CMP_MASKED_EQ, bit, bit),
			      e->refuse, NULL);
	}
	return rc;
}

static int emit_rule(struct emitter *e, const struct arg_rule *r)
{
	uint32_t listed = r->kind == ALLOW_LISTED ? SCMP_ACT_ALLOW : e->refuse;
	uint32_t other = r->kind == ALLOW_LISTED ? e->refuse : SCMP_ACT_ALLOW;
	uint64_t next = 0; /* lowest value not yet covered */
	int rc = check_rule(r);

	if (rc < 0)
		return rc;
	if (r->kind == REFUSE_BITS)
		return emit_bits(e, r);

	for (size_t i = 0; i < r->nspans; i++) {
		const struct span *s = &r->spans[i];
		uint64_t hi = s->hi;

		if (s->lo > next &&
		    (rc = emit_blocks(e, r, next, s->lo - 1, other, NULL)) < 0)
			return rc;
		/* Adjacent plain spans make one range, and fewer blocks. */
		while (!s->then && i + 1 < r->nspans && !r->spans[i + 1].then &&
		       r->spans[i + 1].lo == hi + 1)
			hi = r->spans[++i].hi;
		if ((rc = emit_blocks(e, r, s->lo, hi, listed, s->then)) < 0)
			return rc;
		next = hi + 1;
	}
	if (r->width == LOW32)
		return next <= 0xffffffffULL ?
			emit_blocks(e, r, next, 0xffffffffULL, other, NULL) : 0;
	/* FULL64: everything above the last span, upper half included. */
	return add_with(e, SCMP_CMP(r->arg, SCMP_CMP_GT, next - 1, 0), other, NULL);
}

static const struct sys_rule *rule_for(long nr)
{
	for (size_t i = 0; i < NSPANS(sys_rules); i++)
		if (sys_rules[i].nr == nr)
			return &sys_rules[i];
	return NULL;
}

/* Every PASSARG row has a rule, and every rule a PASSARG row. */
static int check_pairing(void)
{
	for (size_t i = 0; i < NSPANS(sys_rules); i++)
		if (sys_lookup(sys_rules[i].nr)->cls != CLASS_PASSARG)
			return -EINVAL;
	for (long nr = 0; nr < SYS_TABLE_SIZE; nr++)
		if (sys_lookup(nr)->cls == CLASS_PASSARG && !rule_for(nr))
			return -EINVAL;
	return 0;
}

/* EMULATE rows that pass to the kernel when one flag bit is set.
 *
 * glibc 2.33+ implements fstat(fd) as newfstatat(fd, "", AT_EMPTY_PATH),
 * and statx users do the same: trapping them would put a notify round trip
 * on the hottest metadata call there is.  With AT_EMPTY_PATH the kernel
 * answers from the fd, or resolves a non-empty path in the guest's own
 * read-only view of the tree — the view the kernel door (execve, chdir)
 * already exposes — and the call only reads metadata.  Without the flag
 * the call is emulated as usual. */
struct fast_pass {
	int nr;
	int arg;
	uint64_t bit;
	const char *why;
};

static const struct fast_pass fast_passes[] = {
	{ __NR_newfstatat, 3, AT_EMPTY_PATH, "fstat(): AT_EMPTY_PATH passes" },
	{ __NR_statx, 2, AT_EMPTY_PATH, "statx(fd, \"\", AT_EMPTY_PATH) passes" },
};

static const struct fast_pass *fast_pass_for(long nr)
{
	for (size_t i = 0; i < sizeof fast_passes / sizeof fast_passes[0]; i++)
		if (fast_passes[i].nr == nr)
			return &fast_passes[i];
	return NULL;
}

static uint32_t emulate_action(enum trap_mode mode)
{
	switch (mode) {
	case FILTER_NOTIFY:
		return SCMP_ACT_NOTIFY;
	case FILTER_TRACE:
		return SCMP_ACT_TRACE(0);
	case FILTER_ERRNO_TEST:
		break;
	}
	return SCMP_ACT_ERRNO(FILTER_TEST_ERRNO);
}

static int add_row(scmp_filter_ctx ctx, enum trap_mode mode, long nr,
		   const struct sys_info *row)
{
	struct emitter e = { .ctx = ctx, .nr = (int)nr };

	switch (row->cls) {
	case CLASS_PASS:
		return add(&e, SCMP_ACT_ALLOW);
	case CLASS_EMULATE: {
		const struct fast_pass *fp = fast_pass_for(nr);
		if (!fp)
			return add(&e, emulate_action(mode));
		/* Two disjoint masked tests of one argument: the order of
		 * libseccomp's rules cannot matter. */
		struct scmp_arg_cmp on = SCMP_CMP((unsigned)fp->arg, SCMP_CMP_MASKED_EQ,
						  fp->bit, fp->bit);
		struct scmp_arg_cmp off = SCMP_CMP((unsigned)fp->arg, SCMP_CMP_MASKED_EQ,
						   fp->bit, 0);
		int r = add_with(&e, on, SCMP_ACT_ALLOW, NULL);
		return r < 0 ? r : add_with(&e, off, emulate_action(mode), NULL);
	}
	case CLASS_DENY:
		if (row->err <= 0)
			return -EINVAL;
		return add(&e, SCMP_ACT_ERRNO((uint32_t)row->err));
	case CLASS_PASSARG:
		if (row->err <= 0)
			return -EINVAL;
		e.refuse = SCMP_ACT_ERRNO((uint32_t)row->err);
		return emit_rule(&e, rule_for(nr)->rule);
	case CLASS_NONE:
		break;
	}
	return 0;
}

/* libseccomp 2.5 has no seccomp_export_bpf_mem: export to a memfd and read
 * the program back. */
static int export_prog(scmp_filter_ctx ctx, struct sock_fprog *out)
{
	const size_t insn = sizeof(struct sock_filter);
	unsigned char *buf = NULL;
	size_t len, done = 0;
	off_t end;
	int r, fd = memfd_create("moat-guest-filter", MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	if ((r = seccomp_export_bpf(ctx, fd)) < 0)
		goto out;
	if ((end = lseek(fd, 0, SEEK_END)) < 0) {
		r = -errno;
		goto out;
	}
	len = (size_t)end;
	if (len == 0 || len % insn != 0) {
		r = -EIO;
		goto out;
	}
	if (len / insn > BPF_MAXINSNS) {
		r = -E2BIG;
		goto out;
	}
	if (!(buf = malloc(len))) {
		r = -ENOMEM;
		goto out;
	}
	while (done < len) {
		ssize_t n = pread(fd, buf + done, len - done, (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			goto out;
		}
		done += (size_t)n;
	}
	out->len = (unsigned short)(len / insn);
	out->filter = (struct sock_filter *)buf;
	buf = NULL;
	r = 0;
out:
	free(buf);
	close(fd);
	return r;
}

int guest_filter_build(enum trap_mode mode, struct sock_fprog *out)
{
	scmp_filter_ctx ctx;
	int r = check_pairing();

	if (r < 0)
		return r;
	if (!(ctx = seccomp_init(DEFAULT_ACTION)))
		return -ENOMEM;
	/* Raw errnos from libseccomp, for the message the caller prints. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1)) < 0)
		goto out;
	/* A foreign architecture (i386 through int $0x80) kills the task;
	 * libseccomp sends x32 numbers (nr | __X32_SYSCALL_BIT) to the same
	 * action when the filter holds only x86_64. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) < 0)
		goto out;
	/* The caller sets NO_NEW_PRIVS itself, before it loads the program. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0)
		goto out;
	/* A binary tree of syscall numbers instead of a linear scan. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)) < 0)
		goto out;
	for (long nr = 0; nr < SYS_TABLE_SIZE; nr++) {
		const struct sys_info *row = sys_lookup(nr);
		if (row->name && (r = add_row(ctx, mode, nr, row)) < 0)
			goto out;
	}
	r = export_prog(ctx, out);
out:
	seccomp_release(ctx);
	return r;
}

void guest_filter_free(struct sock_fprog *prog)
{
	if (!prog)
		return;
	free(prog->filter);
	prog->filter = NULL;
	prog->len = 0;
}

/* ---- moat policy --dump ---------------------------------------------------- */

static const char *const class_names[] = {
	[CLASS_NONE] = "-", [CLASS_PASS] = "PASS", [CLASS_PASSARG] = "PASSARG",
	[CLASS_EMULATE] = "EMULATE", [CLASS_DENY] = "DENY",
};

static const char *errno_name(int err)
{
	const char *n = err ? strerrorname_np(err) : "";
	return n ? n : "?";
}

static void dump_value(FILE *f, uint64_t v)
{
	fprintf(f, v < 256 ? "%llu" : "%#llx", (unsigned long long)v);
}

static void dump_rule(FILE *f, const struct arg_rule *r, const char *lead)
{
	static const char *const verbs[] = {
		[ALLOW_LISTED] = "allowed", [REFUSE_LISTED] = "refused",
		[REFUSE_BITS] = "refused if any of",
	};

	fprintf(f, "%8s%sarg %u (%s, %s): %s ", "", lead, r->arg, r->arg_name,
		r->width == LOW32 ? "low 32 bits" : "64 bits", verbs[r->kind]);
	for (size_t i = 0; i < r->nspans; i++) {
		const struct span *s = &r->spans[i];
		fprintf(f, "%s%s (", i ? (r->kind == REFUSE_BITS ? " | " : ", ") : "",
			s->name);
		dump_value(f, s->lo);
		if (s->hi != s->lo) {
			fputs("..", f);
			dump_value(f, s->hi);
		}
		fputs(s->then ? ")*" : ")", f);
	}
	fprintf(f, "; %s\n", r->kind == ALLOW_LISTED ? "others refused" : "others allowed");
	for (size_t i = 0; i < r->nspans; i++) {
		char sub[64];
		if (!r->spans[i].then)
			continue;
		snprintf(sub, sizeof sub, "* %s: ", r->spans[i].name);
		dump_rule(f, r->spans[i].then, sub);
	}
}

void guest_filter_dump(FILE *f)
{
	fprintf(f, "# moat guest filter, x86-64: one row per syscall of syscalls/table.def\n"
		   "# PASS: host kernel.  PASSARG: host kernel if the argument rule\n"
		   "# passes, else the errno.  EMULATE: the sentry (NOTIFY, or TRACE on\n"
		   "# the ptrace platform).  DENY: the errno.\n");
	for (long nr = 0; nr < SYS_TABLE_SIZE; nr++) {
		const struct sys_info *row = sys_lookup(nr);
		if (!row->name)
			continue;
		fprintf(f, "%4ld  %-24s %-8s %-13s %s\n", nr, row->name,
			class_names[row->cls], errno_name(row->err), row->reason);
		const struct sys_rule *sr = row->cls == CLASS_PASSARG ? rule_for(nr) : NULL;
		if (sr) {
			dump_rule(f, sr->rule, "");
			fprintf(f, "%8swhy: %s\n", "", sr->why);
		}
		const struct fast_pass *fp = row->cls == CLASS_EMULATE ? fast_pass_for(nr) : NULL;
		if (fp)
			fprintf(f, "%8sarg%d & 0x%llx: ALLOW (%s)\n", "", fp->arg,
				(unsigned long long)fp->bit, fp->why);
	}
	fprintf(f, "# no row (335-423, and numbers above the table): ENOSYS\n"
		   "# another architecture (i386 via int $0x80) or an x32 number: the task is killed (SIGSYS)\n"
		   "# rows: PASS %zu, PASSARG %zu, EMULATE %zu, DENY %zu\n",
		sys_count(CLASS_PASS), sys_count(CLASS_PASSARG),
		sys_count(CLASS_EMULATE), sys_count(CLASS_DENY));
}
