/* Builds the lookup array from syscalls/table.def. */
#include <errno.h>
#include <string.h>

#include "syscalls/table.h"

#define NARGS_(a, b, c, d, e, f) \
	((ARG_##a != ARG_NA) + (ARG_##b != ARG_NA) + (ARG_##c != ARG_NA) + \
	 (ARG_##d != ARG_NA) + (ARG_##e != ARG_NA) + (ARG_##f != ARG_NA))

static const struct sys_info table[SYS_TABLE_SIZE] = {
#define SYSCALL(nr, nm, cls, err, reason, a, b, c, d, e, f)          \
	[nr] = { #nm, CLASS_##cls, err, reason, NARGS_(a, b, c, d, e, f), \
		 { ARG_##a, ARG_##b, ARG_##c, ARG_##d, ARG_##e, ARG_##f } },
#include "syscalls/table.def"
#undef SYSCALL
};

static const struct sys_info no_row = { NULL, CLASS_NONE, 0, NULL, 0, { 0 } };

const struct sys_info *sys_lookup(long nr)
{
	if (nr < 0 || nr >= SYS_TABLE_SIZE || !table[nr].name)
		return &no_row;
	return &table[nr];
}

long sys_number(const char *name)
{
	for (long i = 0; i < SYS_TABLE_SIZE; i++)
		if (table[i].name && strcmp(table[i].name, name) == 0)
			return i;
	return -1;
}

size_t sys_count(enum sys_class cls)
{
	size_t n = 0;
	for (long i = 0; i < SYS_TABLE_SIZE; i++)
		if (table[i].name && table[i].cls == cls)
			n++;
	return n;
}
